//! Version keys: the comparisons migration tools sort their files by.
//!
//! Contract: pure, total orders on any input (never panic, never overflow): numbers of any length
//! compare by value (`010` = `10` < `9` is false), so a 20-digit pop version or a 14-digit
//! timestamp needs no integer type.

use std::cmp::Ordering;

/// The leading run of ASCII digits of `s` (empty when `s` does not start with one).
pub fn leading_digits(s: &str) -> &str {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    &s[..n]
}

/// Two runs of ASCII digits compared as non-negative integers of any size.
pub fn cmp_digits(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Dotted versions (`1.10`, `v1.9`, `2_1_3`, `0.17`): parts split at `.` or `_`, numeric parts
/// compared as numbers, other parts as text, a missing part counts as 0 (`1.0` = `1`), as Flyway
/// compares `V1.1__` with `V1.10__` and memos/Temporal compare their version folders. A leading
/// `v` / `V` is ignored.
pub fn cmp_dotted(a: &str, b: &str) -> Ordering {
    let strip = |s: &str| s.strip_prefix(['v', 'V']).filter(|r| r.starts_with(|c: char| c.is_ascii_digit())).unwrap_or(s).to_string();
    let (a, b) = (strip(a), strip(b));
    let pa: Vec<&str> = a.split(['.', '_']).collect();
    let pb: Vec<&str> = b.split(['.', '_']).collect();
    for i in 0..pa.len().max(pb.len()) {
        let x = pa.get(i).copied().unwrap_or("0");
        let y = pb.get(i).copied().unwrap_or("0");
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
        let o = match (numeric(x), numeric(y)) {
            (true, true) => cmp_digits(x, y),
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Whether `s` reads as a dotted version: digits with `.`/`_` between, an optional leading `v`.
pub fn is_dotted(s: &str) -> bool {
    let s = s.strip_prefix(['v', 'V']).unwrap_or(s);
    !s.is_empty() && s.split(['.', '_']).all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ordering::*;

    #[test]
    fn digits_compare_by_value_at_any_length() {
        assert_eq!(cmp_digits("9", "10"), Less);
        assert_eq!(cmp_digits("010", "10"), Equal);
        assert_eq!(cmp_digits("20240102", "202401011200"), Less, "numeric, as integer versions sort");
        assert_eq!(cmp_digits("20240119094628000000", "20240119094628000001"), Less);
        assert_eq!(cmp_digits("99999999999999999999999999", "100000000000000000000000000"), Less);
        assert_eq!(cmp_digits("", "0"), Equal);
        assert_eq!(leading_digits("0012_x.sql"), "0012");
        assert_eq!(leading_digits("V1__x"), "");
    }

    #[test]
    fn dotted_versions_compare_part_by_part() {
        assert_eq!(cmp_dotted("1.10", "1.9"), Greater);
        assert_eq!(cmp_dotted("1.9", "1.10"), Less);
        assert_eq!(cmp_dotted("1.0", "1"), Equal);
        assert_eq!(cmp_dotted("1_1", "1.1"), Equal);
        assert_eq!(cmp_dotted("v1.10", "v1.2"), Greater);
        assert_eq!(cmp_dotted("0.9", "0.10"), Less);
        assert_eq!(cmp_dotted("2", "10"), Less);
        assert_eq!(cmp_dotted("1.01", "1.1"), Equal);
        assert!(is_dotted("v1.10") && is_dotted("0.17") && is_dotted("73") && !is_dotted("x1") && !is_dotted("1..2") && !is_dotted(""));
    }
}
