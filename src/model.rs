//! The one internal text model: *coded text*.
//!
//! A [`CodedText`] is plain text in which every inline code (a Markdown link or
//! emphasis, an XLIFF `g`/`x`/`bpt`/`ph`/`pc`/`sc`/`ec`, an HTML tag) stands as a
//! single placeholder character, plus the list of those codes. This is the model
//! Okapi calls "coded text": matching, hashing, segmentation and QA work on the
//! text with its placeholders and never see raw markup; each codec (Markdown,
//! XLIFF, TMX, HTML) maps its own markup to and from [`Code`]s.
//!
//! Placeholder characters are taken from Unicode's Supplementary Private Use
//! Area-A (U+F0000 upwards): the character `U+F0000 + i` stands for `codes[i]`.
//! Text coming from outside that already contains such characters is rejected
//! by the readers (see [`contains_placeholder_chars`]).

use serde::{Deserialize, Serialize};
use std::fmt;

/// First placeholder code point.
pub const PLACEHOLDER_BASE: u32 = 0xF0000;
/// Number of placeholders a single text may hold.
pub const PLACEHOLDER_MAX: u32 = 0xFFFD;

/// The role of an inline code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum CodeKind {
    /// Opens a paired span (`<a>`, `*`, XLIFF `pc` start / `sc` / `bpt` / `bx`).
    Open,
    /// Closes a paired span (`</a>`, XLIFF `pc` end / `ec` / `ept` / `ex`).
    Close,
    /// A standalone code (`<br>`, inline code span, XLIFF `ph` / `x`).
    Standalone,
}

/// One inline code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Code {
    pub kind: CodeKind,
    /// Identifier; an opening and its closing code share the same id.
    pub id: String,
    /// What the code is: `link`, `emphasis`, `strong`, `code`, `image`,
    /// `linebreak`, or the `type`/`ctype` value of a foreign file.
    pub ctype: String,
    /// Native data needed to render the code again (a link's URL, the text of
    /// an inline code span, the original markup of a foreign code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Short human-readable display text for translators (`equiv-text`/`disp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disp: Option<String>,
}

impl Code {
    pub fn new(kind: CodeKind, id: impl Into<String>, ctype: impl Into<String>) -> Self {
        Code {
            kind,
            id: id.into(),
            ctype: ctype.into(),
            data: None,
            disp: None,
        }
    }

    pub fn with_data(mut self, data: impl Into<String>) -> Self {
        self.data = Some(data.into());
        self
    }

    /// Identity of the code for comparing source and target: kind and id.
    pub fn key(&self) -> (CodeKind, &str) {
        (self.kind, &self.id)
    }
}

/// Text with inline codes as placeholder characters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CodedText {
    /// Text; each placeholder character refers to `codes[index]`.
    pub text: String,
    pub codes: Vec<Code>,
}

/// A piece of coded text, as an iterator item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Code(&'a Code),
}

/// Encode a code index as its placeholder character.
pub fn placeholder(index: usize) -> char {
    assert!(
        (index as u32) < PLACEHOLDER_MAX,
        "too many inline codes in one text"
    );
    char::from_u32(PLACEHOLDER_BASE + index as u32).expect("valid private-use code point")
}

/// The code index a character stands for, if it is a placeholder.
pub fn placeholder_index(c: char) -> Option<usize> {
    let v = c as u32;
    if (PLACEHOLDER_BASE..PLACEHOLDER_BASE + PLACEHOLDER_MAX).contains(&v) {
        Some((v - PLACEHOLDER_BASE) as usize)
    } else {
        None
    }
}

/// Whether foreign text contains characters reserved for placeholders.
pub fn contains_placeholder_chars(s: &str) -> bool {
    first_placeholder_char(s).is_some()
}

/// Byte offset of the first character of `s` that diglot reserves as an
/// inline-code placeholder.
pub fn first_placeholder_char(s: &str) -> Option<usize> {
    s.char_indices()
        .find(|(_, c)| placeholder_index(*c).is_some())
        .map(|(i, _)| i)
}

impl CodedText {
    pub fn plain(text: impl Into<String>) -> Self {
        CodedText {
            text: text.into(),
            codes: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Append plain text.
    pub fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Append a code and its placeholder.
    pub fn push_code(&mut self, code: Code) {
        let i = self.codes.len();
        self.codes.push(code);
        self.text.push(placeholder(i));
    }

    /// The text and codes in order.
    pub fn pieces(&self) -> Vec<Piece<'_>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in self.text.char_indices() {
            if let Some(ix) = placeholder_index(c) {
                if start < i {
                    out.push(Piece::Text(&self.text[start..i]));
                }
                if let Some(code) = self.codes.get(ix) {
                    out.push(Piece::Code(code));
                }
                start = i + c.len_utf8();
            }
        }
        if start < self.text.len() {
            out.push(Piece::Text(&self.text[start..]));
        }
        out
    }

    /// The text without any code.
    pub fn plain_text(&self) -> String {
        self.text
            .chars()
            .filter(|c| placeholder_index(*c).is_none())
            .collect()
    }

    /// The codes in the order their placeholders appear in the text.
    pub fn codes_in_order(&self) -> Vec<&Code> {
        self.text
            .chars()
            .filter_map(placeholder_index)
            .filter_map(|i| self.codes.get(i))
            .collect()
    }

    /// A sub-range of the text (byte offsets on char boundaries) as a new coded
    /// text; its codes are renumbered from zero in order of appearance.
    pub fn slice(&self, range: std::ops::Range<usize>) -> CodedText {
        let mut out = CodedText::default();
        let sub = &self.text[range];
        let mut start = 0;
        for (i, c) in sub.char_indices() {
            if let Some(ix) = placeholder_index(c) {
                out.text.push_str(&sub[start..i]);
                if let Some(code) = self.codes.get(ix) {
                    out.push_code(code.clone());
                }
                start = i + c.len_utf8();
            }
        }
        out.text.push_str(&sub[start..]);
        out
    }

    /// Append another coded text, renumbering its placeholders.
    pub fn append(&mut self, other: &CodedText) {
        for p in other.pieces() {
            match p {
                Piece::Text(t) => self.text.push_str(t),
                Piece::Code(c) => self.push_code(c.clone()),
            }
        }
    }

    /// Remove leading and trailing whitespace (never codes).
    pub fn trimmed(&self) -> CodedText {
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len();
        if start >= end {
            return CodedText::default();
        }
        self.slice(start..end)
    }

    /// A human-readable rendering: codes as `{1}`/`{/1}`/`{1/}`.
    pub fn display(&self) -> String {
        let mut s = String::new();
        for p in self.pieces() {
            match p {
                Piece::Text(t) => s.push_str(t),
                Piece::Code(c) => match c.kind {
                    CodeKind::Open => s.push_str(&format!("{{{}}}", c.id)),
                    CodeKind::Close => s.push_str(&format!("{{/{}}}", c.id)),
                    CodeKind::Standalone => s.push_str(&format!("{{{}/}}", c.id)),
                },
            }
        }
        s
    }

    /// Check that every closing code follows an opening code with the same id
    /// and that every opening code is closed.
    pub fn is_balanced(&self) -> bool {
        let mut stack: Vec<&str> = Vec::new();
        for c in self.codes_in_order() {
            match c.kind {
                CodeKind::Open => stack.push(&c.id),
                CodeKind::Close => {
                    if stack.pop() != Some(c.id.as_str()) {
                        return false;
                    }
                }
                CodeKind::Standalone => {}
            }
        }
        stack.is_empty()
    }
}

impl fmt::Display for CodedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// How serious a finding is (QA rules, the Fluent linter, `check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// Where a piece of text came from: file and byte span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub path: std::path::PathBuf,
    pub start: usize,
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column (in characters) of `start`.
    pub column: usize,
}

/// 1-based line and column (in characters) of a byte offset.
/// Byte offsets where the lines of a text start, for many line/column
/// lookups in one text (counting from the start each time is quadratic).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// The last answer (byte offset, column): columns of increasing offsets
    /// on one long line are counted from there, not from the line start
    /// (a one-line paragraph of 20,000 sentences was quadratic).
    last: std::cell::Cell<(usize, usize)>,
}

impl LineIndex {
    pub fn new(src: &str) -> LineIndex {
        LineIndex {
            starts: std::iter::once(0)
                .chain(src.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// 1-based line and column (in characters) of byte `offset` of `src`,
    /// the text the index was built from; an offset inside a character
    /// counts from that character's start.
    pub fn line_col(&self, src: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let (last_off, last_col) = self.last.get();
        let column = if last_off >= start && last_off <= offset {
            last_col + src[last_off..offset].chars().count()
        } else {
            src[start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        (line, column)
    }
}

/// 1-based line and column (in characters) of one byte offset; for many
/// offsets in one text, build a [`LineIndex`].
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    // An offset inside a character counts from that character's start (an
    // error position inside a multi-byte character panicked here: found by
    // tests/fuzz.rs on a UTF-16 TMX file).
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = src[line_start..offset].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link_text() -> CodedText {
        let mut t = CodedText::plain("See ");
        t.push_code(Code::new(CodeKind::Open, "1", "link").with_data("https://example.org"));
        t.push_str("the site");
        t.push_code(Code::new(CodeKind::Close, "1", "link"));
        t.push_str(" now.");
        t
    }

    #[test]
    fn pieces_and_display() {
        let t = link_text();
        assert_eq!(t.display(), "See {1}the site{/1} now.");
        assert_eq!(t.plain_text(), "See the site now.");
        assert_eq!(t.pieces().len(), 5);
        assert!(t.is_balanced());
    }

    #[test]
    fn slice_renumbers() {
        let t = link_text();
        let start = t.text.find("the").unwrap();
        let s = t.slice(start..t.text.len());
        assert_eq!(s.display(), "the site{/1} now.");
        assert_eq!(s.codes.len(), 1);
        assert!(!s.is_balanced());
    }

    #[test]
    fn trimmed_keeps_codes() {
        let mut t = CodedText::plain("  ");
        t.push_code(Code::new(CodeKind::Standalone, "1", "code").with_data("x"));
        t.push_str(" a ");
        assert_eq!(t.trimmed().display(), "{1/} a");
    }

    #[test]
    fn offsets_inside_a_character_do_not_panic() {
        let s = "ab\n孞x";
        assert_eq!(line_col(s, 4), (2, 1));
        assert_eq!(line_col(s, 6), (2, 2));
        assert_eq!(LineIndex::new(s).line_col(s, 5), (2, 1));
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let s = "ab\nçd\r\n\n€ x\n";
        let ix = LineIndex::new(s);
        for i in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
            assert_eq!(ix.line_col(s, i), line_col(s, i), "offset {i}");
        }
        // Inside a character: that character's position; past the end: the end.
        assert_eq!(ix.line_col(s, 4), (2, 1));
        assert_eq!(ix.line_col(s, 99), line_col(s, s.len()));
    }

    #[test]
    fn line_col_counts_chars() {
        let s = "ab\nçd e";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 3), (2, 1));
        assert_eq!(line_col(s, s.find('e').unwrap()), (2, 4));
    }
}

/// The canonical form of coded text used for identity (segment ids, exact TM
/// matches): Unicode NFC, whitespace runs collapsed to one space, trimmed, and
/// each code written as its kind and type (never its native data, so a changed
/// link target does not change a sentence's identity).
pub fn canonical_key(t: &CodedText) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let mut out = String::with_capacity(t.text.len());
    let mut space = false;
    fn push(c: char, out: &mut String, space: &mut bool) {
        if c.is_whitespace() {
            *space = true;
        } else {
            if *space && !out.is_empty() {
                out.push(' ');
            }
            *space = false;
            out.push(c);
        }
    }
    for p in t.pieces() {
        match p {
            Piece::Text(s) => {
                // Text already in NFC (nearly always) is taken as it is:
                // composing it again would give the same characters.
                if is_nfc_quick(s.chars()) == IsNormalized::Yes {
                    s.chars().for_each(|c| push(c, &mut out, &mut space));
                } else {
                    s.nfc().for_each(|c| push(c, &mut out, &mut space));
                }
            }
            Piece::Code(c) => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                let k = match c.kind {
                    CodeKind::Open => 'o',
                    CodeKind::Close => 'c',
                    CodeKind::Standalone => 's',
                };
                out.push('\u{F0000}');
                out.push(k);
                out.push_str(&c.ctype);
                out.push('\u{F0000}');
            }
        }
    }
    out
}

/// The exact form of a translation: its text with each code as its kind,
/// id and type (not its native data, which XLIFF 1.2 does not carry).
/// Unlike [`canonical_key`], a changed space (a no-break space put in by
/// `check --fix`) is a change.
pub fn exact_key(t: &CodedText) -> String {
    let mut out = String::with_capacity(t.text.len() + 8);
    for p in t.pieces() {
        match p {
            Piece::Text(s) => out.push_str(s),
            Piece::Code(c) => {
                out.push('\u{F0000}');
                out.push_str(&format!("{:?}/{}/{}", c.kind, c.id, c.ctype));
                out.push('\u{F0000}');
            }
        }
    }
    out
}

/// A stable 64-bit hash of [`canonical_key`], as 16 lowercase hex digits.
pub fn key_hash(t: &CodedText) -> String {
    format!(
        "{:016x}",
        xxhash_rust::xxh3::xxh3_64(canonical_key(t).as_bytes())
    )
}

#[cfg(test)]
mod key_tests {
    use super::*;

    #[test]
    fn key_ignores_whitespace_and_data() {
        let mut a = CodedText::plain("A  ");
        a.push_code(Code::new(CodeKind::Open, "1", "link").with_data("https://a"));
        a.push_str("b");
        a.push_code(Code::new(CodeKind::Close, "1", "link"));
        let mut b = CodedText::plain("A ");
        b.push_code(Code::new(CodeKind::Open, "7", "link").with_data("https://b"));
        b.push_str("b");
        b.push_code(Code::new(CodeKind::Close, "7", "link"));
        assert_eq!(key_hash(&a), key_hash(&b));
        assert_ne!(key_hash(&a), key_hash(&CodedText::plain("A b")));
        // NFC: e + combining acute == é
        assert_eq!(
            key_hash(&CodedText::plain("caf\u{e9}")),
            key_hash(&CodedText::plain("cafe\u{301}"))
        );
        assert_eq!(key_hash(&CodedText::plain("x")).len(), 16);
    }
}
