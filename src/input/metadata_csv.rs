//! `metadata.csv` errors as one line `FILE:LINE: …`: the csv crate reads a quote that is
//! never closed as one field running to the end of the file (every later row lost, no
//! error), and its own errors name a record and byte rather than the line. This module finds
//! an unclosed quote before the rows are read and turns csv errors into that one-line form.

use anyhow::{Error, anyhow};

/// The line (1-based) of the quote that opens a field and is never closed, read by the csv
/// crate's default rules: a quote opens a field only at its start, `""` inside a quoted
/// field is one quote, and rows end at `\n` or `\r` outside quotes.
pub fn unclosed_quote_line(bytes: &[u8]) -> Option<u64> {
    let mut line = 1u64;
    let mut opened_at = 0u64;
    let mut field_start = true;
    let mut quoted = false;
    // A UTF-8 byte-order mark is not part of the first field.
    let mut i = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && field_start {
            quoted = true;
            opened_at = line;
        }
        field_start = !quoted && matches!(b, b',' | b'\n' | b'\r');
        line += u64::from(b == b'\n');
        i += 1;
    }
    quoted.then_some(opened_at)
}

/// A csv crate error as one line naming the file and the line of the row.
pub fn csv_error(shown: &str, e: &csv::Error) -> Error {
    let line = e.position().map(|p| p.line());
    let at = match line {
        Some(l) => format!("{shown}:{l}"),
        None => shown.to_owned(),
    };
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => anyhow!(
            "{at}: row has {len} fields, the header has {expected_len}; quote a value that holds a comma"
        ),
        csv::ErrorKind::Utf8 { err, .. } => anyhow!(
            "{at}: field {} is not valid UTF-8; save metadata.csv as UTF-8",
            err.field() + 1
        ),
        csv::ErrorKind::Io(io) => anyhow!("{shown}: cannot read: {io}"),
        _ => anyhow!("{at}: {}", one_line(&e.to_string())),
    }
}

/// `text` with its line breaks shown as `\n` / `\r`, so an error stays on one line.
pub fn one_line(text: &str) -> String {
    text.replace('\r', "\\r").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_quote_is_found_at_its_line() {
        let ok = "a,b\n\"x\ny\",z\n\"he said \"\"hi\"\"\",w\nab\"c,d\n";
        assert_eq!(unclosed_quote_line(ok.as_bytes()), None);
        let bad = "doc_id,title\nd1,\"标题 一\nd2,标题二\n";
        assert_eq!(unclosed_quote_line(bad.as_bytes()), Some(2));
        let late = "a,b\nc,d\r\ne,\"f\"\"\n";
        assert_eq!(unclosed_quote_line(late.as_bytes()), Some(3));
        let bom = "\u{feff}\"doc_id\",title\nd1,\"t\n";
        assert_eq!(unclosed_quote_line(bom.as_bytes()), Some(2));
        assert_eq!(unclosed_quote_line("\u{feff}\"a\nb\",c\n".as_bytes()), None);
    }
}
