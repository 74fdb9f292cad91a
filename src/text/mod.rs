//! Text: normalization and sentence splitting; offsets into the normalized text never change.
pub mod normalize;
pub mod sentences;
