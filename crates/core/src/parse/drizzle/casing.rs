//! Drizzle's column-name casing (`casing: 'snake_case' | 'camelCase'` in the config).

use super::eval::Reader;

/// Drizzle's `casing` setting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Casing {
    Snake,
    Camel,
}

impl Reader<'_> {
    /// The database name of a column written without one: its key, cased as the config says.
    pub fn cased(&self, key: &str) -> String {
        match self.casing {
            None => key.to_string(),
            Some(c) => recase(key, c),
        }
    }
}

/// Drizzle's own `toSnakeCase` / `toCamelCase` (drizzle-orm `casing.ts`): the words of
/// `/[\da-z]+|[A-Z]+(?![a-z])|[A-Z][\da-z]+/g` after removing apostrophes.
pub(crate) fn recase(input: &str, casing: Casing) -> String {
    let s: Vec<char> = input.chars().filter(|c| *c != '\'' && *c != '\u{2019}').collect();
    let lower = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let mut words: Vec<String> = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if lower(c) {
            let j = (i..s.len()).find(|&k| !lower(s[k])).unwrap_or(s.len());
            words.push(s[i..j].iter().collect());
            i = j;
        } else if c.is_ascii_uppercase() {
            let j = (i..s.len()).find(|&k| !s[k].is_ascii_uppercase()).unwrap_or(s.len());
            let next_lower = s.get(j).is_some_and(|c| c.is_ascii_lowercase());
            if !next_lower {
                words.push(s[i..j].iter().collect());
                i = j;
            } else if j - i >= 2 {
                words.push(s[i..j - 1].iter().collect());
                i = j - 1;
            } else {
                let k = (j..s.len()).find(|&k| !lower(s[k])).unwrap_or(s.len());
                words.push(s[i..k].iter().collect());
                i = k;
            }
        } else {
            i += 1;
        }
    }
    match casing {
        Casing::Snake => words.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join("_"),
        Casing::Camel => words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { w.to_lowercase() } else { w.chars().take(1).flat_map(char::to_uppercase).chain(w.chars().skip(1)).collect() })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    /// The expected words are what drizzle-orm 0.45's toSnakeCase / toCamelCase return.
    fn drizzle_casing() {
        for (k, snake, camel) in [("fullName", "full_name", "fullName"), ("HTTPServer", "http_server", "httpServer"), ("userID", "user_id", "userID"), ("ab_cd", "ab_cd", "abCd"), ("a1B2", "a1_b_2", "a1B2"), ("X", "x", "x")] {
            assert_eq!(recase(k, Casing::Snake), snake, "{k}");
            assert_eq!(recase(k, Casing::Camel), camel, "{k}");
        }
    }
}
