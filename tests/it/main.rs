//! The integration tests, one binary (so the suite links against jieba once), with shared
//! helpers in `util`.

mod architecture;
mod bad_input;
mod cli;
mod gold;
mod hostile;
mod properties;
mod reproducible;
mod shards;
mod util;
