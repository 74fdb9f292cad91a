//! Small helpers every stage may use: hashing, rounding, the interrupt flag, char sets.
pub mod charbits;
pub mod hash;
pub mod interrupt;
pub mod numeric;
pub mod usage;
