//! XLIFF codec over the internal model. The only module that reads or writes
//! XLIFF; quick-xml types never leave it.
//!
//! [`Document`] is the exchange model: files of units, each unit one segment
//! with a coded-text source and an optional coded-text target, its state,
//! notes and diglot metadata. Inline codes map to XLIFF 2 `pc`/`ph`/`sc`/`ec`
//! (with native data in `originalData`) and to XLIFF 1.2 `g`/`x`/`bx`/`ex`
//! (`bpt`/`ept`/`ph`/`it` are read with their native code as data).
//!
//! Reading is tolerant: XLIFF 1.0/1.1/1.2/2.0/2.1/2.2 is recognised from the
//! namespace and the `version` attribute, in UTF-8, UTF-16 or a declared
//! encoding, with any prefixes. Segments: an XLIFF 2 unit with several
//! segments (or ignorables) is read as one [`Unit`] whose source and target
//! join them in order. An XLIFF 1.2 `trans-unit` with a `seg-source` (SDL
//! Trados Studio, memoQ) is read as one [`Unit`] per `mrk mtype="seg"`: the
//! unit `id` is the `trans-unit` id and [`Unit::segment`] the `mid`; target
//! segments are matched by `mid`. TM candidates (`alt-trans`, `mtc:matches`)
//! become [`Match`]es.
//!
//! Writing: [`write_v2`] (XLIFF 2.x) and [`write_v12`] (XLIFF 1.2 strict).
//! [`pretranslate`] adds candidates to any file without re-serialising it;
//! [`update_targets`] writes new targets into one the same way;
//! [`rewrite_store`] rewrites a translation memory the same way.
//! [`validate`] checks XLIFF 2.x processing requirements, basic XLIFF 1.2
//! rules and TMX.
//!
//! XLIFF 2 operations, spliced the same way (module `ops`): [`rewrite`],
//! [`remove_markup`] (annotations, extensions and modules),
//! [`join_segments`] and [`segment_units`].

mod ops;
mod pretranslate;
mod read;
mod store;
mod update;
mod validate;
mod validate_modules;
mod write;
mod write12;

pub use crate::xml::Violation;
pub use crate::xml::{MAX_DEPTH, MAX_INPUT_BYTES, MAX_MEMORY_BYTES};
pub use ops::{
    code_placeholder, join_segments, join_units, remove_markup, rewrite, segment_units,
    AnnotationScope, RemoveOptions, Side, SplitFn,
};
pub use pretranslate::{pretranslate, Parsed};
pub use read::{read_document, read_memory_document};
pub use store::rewrite_store;
pub use update::{update_targets, TargetUpdate};
pub use validate::validate;
pub use write::{store_head, write_store_unit, write_v2, StoreUnit, STORE_TAIL};
pub use write12::write_v12;

use crate::xml;

use crate::model::CodedText;
use std::path::PathBuf;

/// XLIFF 2 core namespace.
pub const NS_XLIFF2: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// XLIFF 2.2 core namespace.
pub const NS_XLIFF22: &str = "urn:oasis:names:tc:xliff:document:2.2";
/// XLIFF 2 metadata module namespace.
pub const NS_MDA: &str = "urn:oasis:names:tc:xliff:metadata:2.0";
/// XLIFF 1.2 namespace.
pub const NS_XLIFF12: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// XLIFF 2 translation candidates module namespace.
pub const NS_MTC: &str = "urn:oasis:names:tc:xliff:matches:2.0";

#[derive(Debug, thiserror::Error)]
pub enum XliffError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Unsupported {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

/// An XML file that cannot be read is an XLIFF syntax error, at the same
/// place, with the same message.
impl From<xml::XmlError> for XliffError {
    fn from(e: xml::XmlError) -> Self {
        XliffError::Syntax {
            path: e.path,
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
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
            "reviewed" | "x-reviewed" => State::Reviewed,
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

/// A translation candidate: XLIFF 1.2 `alt-trans`, XLIFF 2 `mtc:match`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Match quality in percent (0–100): 1.2 `match-quality`, 2.x
    /// `matchQuality` (rounded).
    pub quality: Option<u8>,
    /// The candidate's source (the unit's source when the file omits it).
    pub source: CodedText,
    pub target: CodedText,
    /// Where it comes from (`origin`): a TM name, `diglot`, a tool.
    pub origin: Option<String>,
    /// 1.2 `alttranstype` / 2.x `type` (`tm`, `mt`, `proposal`...).
    pub kind: Option<String>,
    /// The segment it applies to: 1.2 `mid`, 2.x `ref` without `#`.
    pub segment: Option<String>,
}

impl Match {
    pub fn new(quality: u8, source: CodedText, target: CodedText) -> Match {
        Match {
            quality: Some(quality.min(100)),
            source,
            target,
            origin: None,
            kind: None,
            segment: None,
        }
    }
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
    /// The segment within the file's unit, when one `trans-unit` holds
    /// several (`seg-source` `mrk` `mid`); `None` otherwise.
    pub segment: Option<String>,
    /// XLIFF 1.2 `state-qualifier` (`exact-match`, `fuzzy-match`,
    /// `leveraged-tm`...).
    pub state_qualifier: Option<String>,
    /// `resname` (1.2) / `name` (2.x).
    pub name: Option<String>,
    /// `translate="no"` makes this false.
    pub translate: bool,
    /// Translation candidates, best first as found in the file.
    pub matches: Vec<Match>,
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
            segment: None,
            state_qualifier: None,
            name: None,
            translate: true,
            matches: Vec::new(),
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

/// Escape text for XML content or attribute values (`&`, `<`, `>`, `"`,
/// `'`); characters XML 1.0 cannot carry are dropped. Used for the XML the
/// crate writes outside XLIFF (feeds, sitemaps, JUnit reports).
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if xml::is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Decode the text of an XML (or plain text) file: UTF-8 or UTF-16 with or
/// without a byte order mark, or the encoding its XML declaration names.
pub fn decode_text(bytes: &[u8], path: &std::path::Path) -> Result<String, XliffError> {
    Ok(xml::decode(bytes, path, MAX_INPUT_BYTES)?.text)
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
