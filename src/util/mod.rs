//! Small helpers every stage may use: hashing, rounding, the interrupt flag.
pub mod hash;
pub mod interrupt;
pub mod numeric;
