//! The integration tests, one binary (so the suite links against jieba once), with shared
//! helpers in `util`.

mod architecture;
mod bad_input;
mod cli;
mod dicts;
mod formats;
mod gold;
mod hostile;
mod input_contract;
mod panel;
mod properties;
mod readme;
mod reproducible;
mod shards;
mod usability;
mod util;
mod validate;
