//! Records the resolved jieba-rs version (from Cargo.lock) for manifest.json.

fn main() {
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut version = "unknown".to_owned();
    let mut in_jieba = false;
    for line in lock.lines() {
        if line.starts_with("name = ") {
            in_jieba = line == "name = \"jieba-rs\"";
        } else if in_jieba && line.starts_with("version = ") {
            version = line
                .trim_start_matches("version = ")
                .trim_matches('"')
                .to_owned();
            break;
        }
    }
    println!("cargo:rustc-env=JIEBA_RS_VERSION={version}");
}
