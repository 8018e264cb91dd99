//! An indentation-aware text writer shared by the generators.

/// Accumulates lines at the current indentation level.
#[derive(Debug)]
pub struct Writer {
    out: String,
    level: usize,
    unit: &'static str,
}

impl Writer {
    /// `unit` is one indentation step (`"  "` for Prisma/TypeScript, `"    "` for SQL).
    pub fn new(unit: &'static str) -> Self {
        Writer { out: String::new(), level: 0, unit }
    }

    /// Writes one line at the current indentation (an empty `text` writes an empty line).
    pub fn line(&mut self, text: impl AsRef<str>) -> &mut Self {
        let text = text.as_ref();
        if !text.is_empty() {
            for _ in 0..self.level {
                self.out.push_str(self.unit);
            }
            self.out.push_str(text);
        }
        self.out.push('\n');
        self
    }

    /// Writes an empty line unless the output is empty or already ends with one.
    pub fn blank(&mut self) -> &mut Self {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        self
    }

    pub fn indent(&mut self) -> &mut Self {
        self.level += 1;
        self
    }

    pub fn dedent(&mut self) -> &mut Self {
        self.level = self.level.saturating_sub(1);
        self
    }

    /// Writes `open`, the body one level deeper, then `close`.
    pub fn block(&mut self, open: impl AsRef<str>, close: impl AsRef<str>, body: impl FnOnce(&mut Self)) -> &mut Self {
        self.line(open);
        self.indent();
        body(self);
        self.dedent();
        self.line(close)
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_blocks_and_collapses_blank_lines() {
        let mut w = Writer::new("  ");
        w.blank();
        w.block("model A {", "}", |w| {
            w.line("id Int @id");
        });
        w.blank().blank();
        w.line("x");
        assert_eq!(w.finish(), "model A {\n  id Int @id\n}\n\nx\n");
    }
}
