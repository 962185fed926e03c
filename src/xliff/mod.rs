//! XLIFF codec over the internal model. The only module that reads or writes
//! XLIFF; quick-xml types never leave it.
//!
//! [`Document`] is the exchange model: files of units, each unit one segment
//! with a coded-text source and an optional coded-text target, its state,
//! notes and diglot metadata. Inline codes map to XLIFF 2 `pc`/`ph`/`sc`/`ec`
//! (with native data in `originalData`).

mod read;
mod write;

pub use read::read_document;
pub use write::write_v2;

use crate::model::CodedText;
use std::path::PathBuf;

/// XLIFF 2 core namespace.
pub const NS_XLIFF2: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// XLIFF 2 metadata module namespace.
pub const NS_MDA: &str = "urn:oasis:names:tc:xliff:metadata:2.0";
/// XLIFF 1.2 namespace.
pub const NS_XLIFF12: &str = "urn:oasis:names:tc:xliff:document:1.2";

#[derive(Debug, thiserror::Error)]
pub enum XliffError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

/// Where a translation stands, in diglot's terms.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// No usable target.
    Initial,
    /// Translated, not reviewed.
    Translated,
    /// Reviewed (XLIFF 2 `reviewed`).
    Reviewed,
    /// Final: approved for publication.
    Final,
}

impl State {
    pub fn as_xliff2(self) -> &'static str {
        match self {
            State::Initial => "initial",
            State::Translated => "translated",
            State::Reviewed => "reviewed",
            State::Final => "final",
        }
    }

    /// Map an XLIFF 2 `state` or XLIFF 1.2 `state` value.
    pub fn from_attr(s: &str) -> Option<State> {
        Some(match s {
            "initial" | "new" | "needs-translation" => State::Initial,
            "translated"
            | "needs-review-translation"
            | "needs-adaptation"
            | "needs-l10n"
            | "needs-review-adaptation"
            | "needs-review-l10n" => State::Translated,
            "reviewed" => State::Reviewed,
            "final" | "signed-off" | "approved" => State::Final,
            _ => return None,
        })
    }
}

/// A note on a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub category: Option<String>,
    pub text: String,
}

/// One unit with one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub source: CodedText,
    pub target: Option<CodedText>,
    pub state: Option<State>,
    /// The raw state value as found in the file (for reports).
    pub state_raw: Option<String>,
    pub sub_state: Option<String>,
    pub notes: Vec<Note>,
    /// diglot metadata (`mda:meta` in category `diglot`): type → value.
    pub meta: Vec<(String, String)>,
    /// Line of the unit in the file it was read from (0 when built in memory).
    pub line: usize,
}

impl Unit {
    pub fn new(id: impl Into<String>, source: CodedText) -> Unit {
        Unit {
            id: id.into(),
            source,
            target: None,
            state: None,
            state_raw: None,
            sub_state: None,
            notes: Vec::new(),
            meta: Vec::new(),
            line: 0,
        }
    }

    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A `<file>` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub id: String,
    pub original: Option<String>,
    pub units: Vec<Unit>,
}

/// An XLIFF document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// `2.0`, `2.1`, `1.2`, ... as declared.
    pub version: String,
    pub source_lang: String,
    pub target_lang: Option<String>,
    pub files: Vec<File>,
}

impl Document {
    pub fn units(&self) -> impl Iterator<Item = &Unit> {
        self.files.iter().flat_map(|f| f.units.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Code, CodeKind};

    fn sample() -> Document {
        let mut src = CodedText::plain("See ");
        src.push_code(
            Code::new(CodeKind::Open, "1", "link").with_data("https://example.org/?a=1&b=2"),
        );
        src.push_str("the <site>");
        src.push_code(Code::new(CodeKind::Close, "1", "link"));
        src.push_str(" & ");
        let mut ph = Code::new(CodeKind::Standalone, "2", "code").with_data("x < y");
        ph.disp = Some("x < y".into());
        src.push_code(ph);
        src.push_str(" ");
        src.push_code(Code::new(CodeKind::Open, "3", "emphasis"));
        src.push_str("now.");
        let mut tgt = CodedText::plain("Voir ");
        tgt.push_code(Code::new(CodeKind::Open, "1", "link"));
        tgt.push_str("le site");
        tgt.push_code(Code::new(CodeKind::Close, "1", "link"));
        tgt.push_str(".");
        let mut u = Unit::new("s1", src);
        u.target = Some(tgt);
        u.state = Some(State::Final);
        u.notes.push(Note {
            category: Some("context".into()),
            text: "Title: \"A\" <b>".into(),
        });
        u.meta.push(("prev".into(), "abc".into()));
        Document {
            version: "2.1".into(),
            source_lang: "en".into(),
            target_lang: Some("fr".into()),
            files: vec![File {
                id: "f1".into(),
                original: Some("corpus/statements/a.md".into()),
                units: vec![u],
            }],
        }
    }

    #[test]
    fn v2_round_trip() {
        let doc = sample();
        let xml = write_v2(&doc);
        assert!(xml.contains("<pc id=\"1\""), "{xml}");
        assert!(xml.contains("<sc id=\"3\""), "{xml}");
        let back = read_document(xml.as_bytes(), std::path::Path::new("x.xlf")).unwrap();
        let u = &back.files[0].units[0];
        let orig = &doc.files[0].units[0];
        assert_eq!(u.source, orig.source);
        assert_eq!(u.target.as_ref().unwrap().display(), "Voir {1}le site{/1}.");
        assert_eq!(u.state, Some(State::Final));
        assert_eq!(u.notes, orig.notes);
        assert_eq!(u.meta, orig.meta);
        assert_eq!(back.files[0].original, doc.files[0].original);
        // Writing again gives the same bytes.
        assert_eq!(write_v2(&back), xml);
    }

    #[test]
    fn syntax_error_has_position() {
        let e = read_document(b"<xliff version=\"2.1\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"en\">\n<file id=\"f\"><unit id=\"u\"><segment><source>a</target>", std::path::Path::new("bad.xlf")).unwrap_err();
        assert!(e.to_string().starts_with("bad.xlf:2:"), "{e}");
    }
}
