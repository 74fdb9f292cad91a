//! Rounding shared by every table, so equal counts always print as equal numbers.

/// Round to `digits` significant digits (p-values span many orders of magnitude; unit
/// factors like 1/15 should print cleanly).
pub fn round_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(digits - 1 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

/// Round for stable, readable CSV values; computed from integer counts only.
pub fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// `part / whole`, rounded; `None` (an empty cell, not a zero) when `whole` is 0.
pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole != 0).then(|| round4(part as f64 / whole as f64))
}
