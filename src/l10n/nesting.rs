//! A nesting limit checked before any Fluent parsing.
//!
//! `fluent-syntax` parses placeables, call arguments and select variants by
//! recursion: a value of ~10,000 nested `{` overflowed the stack (SIGABRT)
//! in `validate`, `check` and `build`. [`deep_entries`] scans the text once,
//! without recursion, following just enough of the grammar (placeables,
//! string literals inside expressions, call arguments, select variants) to
//! know how deep each entry nests; entries deeper than [`MAX_NESTING`] are
//! reported and blanked by [`blank`] (offsets and line numbers unchanged)
//! before the text reaches the parser.

use std::ops::Range;

/// Deepest nesting of placeables, call arguments and select variants an
/// entry may have. Real messages nest two or three levels.
pub const MAX_NESTING: usize = 100;

/// Why an entry cannot be given to the parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Nested deeper than [`MAX_NESTING`].
    TooDeep,
    /// A `\u`/`\U` escape in a string literal with too few hex digits,
    /// followed by a non-ASCII character: `fluent-syntax` 0.12 panics on it
    /// (it slices the text inside that character).
    BadEscape,
}

/// One entry left out of parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeepEntry {
    /// Byte offset of the `{`, `(` or variant where the limit is passed, or
    /// of the escape's `\`.
    pub at: usize,
    /// The entry's bytes (whole lines), to leave out of parsing.
    pub range: Range<usize>,
    pub problem: Problem,
}

impl DeepEntry {
    pub fn message(&self) -> String {
        match self.problem {
            Problem::TooDeep => format!(
                "placeables nested more than {MAX_NESTING} levels deep; the entry is left out (Fluent messages nest a few levels)"
            ),
            Problem::BadEscape => "invalid unicode escape sequence in a string literal (\\u takes 4 hex digits, \\U 6); the entry is left out".to_string(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// Inside `{ … }`: an expression.
    Placeable,
    /// Inside `( … )` of a call: arguments (expressions).
    Call,
    /// The pattern of a select variant (text), after `[key]`.
    Variant,
}

/// The entries of `src` nested deeper than [`MAX_NESTING`], in order.
/// Linear in the length of `src`; never recurses.
pub fn deep_entries(src: &str) -> Vec<DeepEntry> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut stack: Vec<Ctx> = Vec::new();
    let mut in_string = false;
    let mut in_key = false;
    let mut entry_start = 0;
    let mut flagged: Option<(usize, Problem)> = None;
    let mut line_start = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if line_start {
            line_start = false;
            // An entry starts at column 0 with an identifier, a term's `-`
            // or a comment: the parser starts afresh there too.
            if c.is_ascii_alphabetic() || c == b'-' || c == b'#' {
                if let Some((at, problem)) = flagged.take() {
                    out.push(DeepEntry {
                        at,
                        range: entry_start..i,
                        problem,
                    });
                }
                stack.clear();
                in_string = false;
                in_key = false;
                entry_start = i;
            } else if stack.last() == Some(&Ctx::Variant) {
                // A line starting (after blanks) with `[`, `*[` or `}` ends
                // the variant's pattern.
                let first = b[i..].iter().position(|x| *x != b' ').map(|k| b[i + k]);
                if matches!(first, Some(b'[' | b'*' | b'}')) {
                    stack.pop();
                }
            }
        }
        if c == b'\n' {
            line_start = true;
            in_string = false;
            in_key = false;
            i += 1;
            continue;
        }
        if in_string {
            match c {
                b'\\' => {
                    let len = match b.get(i + 1) {
                        Some(b'u') => 4,
                        Some(b'U') => 6,
                        _ => 0,
                    };
                    if len > 0 {
                        let digits = b[i + 2..]
                            .iter()
                            .take(len)
                            .take_while(|x| x.is_ascii_hexdigit())
                            .count();
                        if digits < len
                            && b.get(i + 2 + digits).is_some_and(|x| !x.is_ascii())
                            && flagged.is_none()
                        {
                            flagged = Some((i, Problem::BadEscape));
                        }
                    }
                    i += 1;
                }
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if in_key {
            if c == b']' {
                in_key = false;
                stack.push(Ctx::Variant);
                if stack.len() > MAX_NESTING && flagged.is_none() {
                    flagged = Some((i, Problem::TooDeep));
                }
            }
            i += 1;
            continue;
        }
        let expr = matches!(stack.last(), Some(Ctx::Placeable | Ctx::Call));
        match c {
            b'{' => {
                stack.push(Ctx::Placeable);
                if stack.len() > MAX_NESTING && flagged.is_none() {
                    flagged = Some((i, Problem::TooDeep));
                }
            }
            b'"' if expr => in_string = true,
            b'(' if expr => {
                stack.push(Ctx::Call);
                if stack.len() > MAX_NESTING && flagged.is_none() {
                    flagged = Some((i, Problem::TooDeep));
                }
            }
            b')' if stack.last() == Some(&Ctx::Call) => {
                stack.pop();
            }
            b'[' if expr => in_key = true,
            b'}' => {
                // Closes the innermost placeable (and what is open in it).
                while let Some(top) = stack.pop() {
                    if top == Ctx::Placeable {
                        break;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    if let Some((at, problem)) = flagged {
        out.push(DeepEntry {
            at,
            range: entry_start..b.len(),
            problem,
        });
    }
    out
}

/// `src` with the bytes of `entries` turned into spaces (line breaks kept,
/// so offsets, lines and the other entries are unchanged).
pub fn blank(src: &str, entries: &[DeepEntry]) -> String {
    let mut bytes = src.as_bytes().to_vec();
    for e in entries {
        for x in &mut bytes[e.range.clone()] {
            if *x != b'\n' && *x != b'\r' {
                *x = b' ';
            }
        }
    }
    // Whole UTF-8 sequences were replaced (an entry starts and ends on line
    // boundaries), so the bytes are still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_messages_are_shallow() {
        let src = "a = { $n ->\n    [one] { $n } fichier { \"{\" }\n   *[other] { NUMBER($n, minimumFractionDigits: 2) } fichiers\n}\nb = {{ \"(\" }}\n";
        assert!(deep_entries(src).is_empty());
        // String literals and escaped braces do not nest.
        let escaped = format!("c = {}\n", "{\"{\"}".repeat(10_000));
        assert!(deep_entries(&escaped).is_empty());
    }

    #[test]
    fn deep_entries_are_found_and_blanked() {
        let deep = format!("ok = fine\nx = {}\nlast = also fine\n", "{".repeat(20_000));
        let found = deep_entries(&deep);
        assert_eq!(found.len(), 1);
        let start = deep.find("x =").unwrap();
        assert_eq!(found[0].at, start + 4 + MAX_NESTING);
        assert_eq!(found[0].range, start..deep.find("last").unwrap());
        let clean = blank(&deep, &found);
        assert_eq!(clean.len(), deep.len());
        assert!(clean.starts_with("ok = fine\n"));
        assert!(clean.ends_with("\nlast = also fine\n"));
        // Calls and variants count too; a run across lines as well.
        let calls = format!("y = {{ {}\n", "F(".repeat(500));
        assert_eq!(deep_entries(&calls).len(), 1);
        let lines = format!("z =\n{}", "    {\n".repeat(500));
        assert_eq!(deep_entries(&lines).len(), 1);
        let variants = format!("v = {}", "{ $a ->\n *[o] ".repeat(200) + &"\n}".repeat(200));
        assert_eq!(deep_entries(&variants).len(), 1);
    }

    #[test]
    fn escapes_the_parser_would_panic_on() {
        let bad = "a = ok\nb = { \"\\u00é\" }\nc = { \"\\u00e9\" } \\u00é in text\n";
        let found = deep_entries(bad);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].problem, Problem::BadEscape);
        assert_eq!(found[0].range, 7..bad.find("c =").unwrap());
        // Blanked, the text parses.
        let _ = fluent_syntax::parser::parse(blank(bad, &found).as_str());
    }
}
