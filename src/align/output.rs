//! Writing alignments: JSON (both sides' segments and the beads), TSV, TMX
//! (through [`crate::tmx`]) and XLIFF 2.1 (through [`crate::xliff`]); the
//! review XLIFF of `--import`.

use super::{Alignment, Side};
use crate::model::CodedText;
use crate::xliff::{Document, File, Note, State, Unit};
use serde::Serialize;

/// Output formats of `diglot align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Tsv,
    Tmx,
    Xliff,
}

impl Format {
    /// File extension for batch output.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Tsv => "tsv",
            Format::Tmx => "tmx",
            Format::Xliff => "xlf",
        }
    }
}

#[derive(Serialize)]
struct JsonSegment {
    text: String,
    paragraph: usize,
    heading: bool,
}

#[derive(Serialize)]
struct JsonAlignment<'a> {
    source_language: &'a str,
    target_language: &'a str,
    source_file: &'a str,
    target_file: &'a str,
    source: Vec<JsonSegment>,
    target: Vec<JsonSegment>,
    beads: &'a [super::Bead],
}

fn json_segments(segs: &[super::Segment]) -> Vec<JsonSegment> {
    segs.iter()
        .map(|s| JsonSegment {
            text: s.text.display(),
            paragraph: s.paragraph,
            heading: s.heading,
        })
        .collect()
}

/// Write an alignment in a format. `source_file`/`target_file` name the
/// inputs (JSON, and the XLIFF file's `original`).
pub fn write(a: &Alignment, format: Format, source_file: &str, target_file: &str) -> String {
    match format {
        Format::Json => {
            let j = JsonAlignment {
                source_language: &a.source_lang,
                target_language: &a.target_lang,
                source_file,
                target_file,
                source: json_segments(&a.source),
                target: json_segments(&a.target),
                beads: &a.beads,
            };
            let mut s = serde_json::to_string_pretty(&j).expect("serialisable");
            s.push('\n');
            s
        }
        Format::Tsv => {
            let mut s = String::new();
            for (src, tgt, c) in a.pairs() {
                s.push_str(&tsv_field(&src.display()));
                s.push('\t');
                s.push_str(&tsv_field(&tgt.display()));
                s.push('\t');
                s.push_str(&format!("{c}\n"));
            }
            s
        }
        Format::Tmx => {
            let pairs = a.pairs();
            let mut doc = crate::tmx::TmxDocument::from_pairs(
                &a.source_lang,
                &a.target_lang,
                pairs
                    .iter()
                    .enumerate()
                    .map(|(i, (s, t, _))| (Some(format!("{}", i + 1)), s, t)),
            );
            for (u, (_, _, c)) in doc.units.iter_mut().zip(&pairs) {
                u.props.push(("x-confidence".into(), format!("{c}")));
            }
            crate::tmx::write_tmx(&doc)
        }
        Format::Xliff => {
            let units = a
                .beads
                .iter()
                .enumerate()
                .filter(|(_, b)| b.is_pair())
                .map(|(k, b)| {
                    unit(
                        format!("b{}", k + 1),
                        a.text(Side::Source, &b.source),
                        a.text(Side::Target, &b.target),
                        b.confidence,
                        State::Translated,
                    )
                })
                .collect();
            crate::xliff::write_v2(&document(a, source_file, units))
        }
    }
}

/// Text for a TSV field: tabs and line breaks become spaces.
fn tsv_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn unit(id: String, source: CodedText, target: CodedText, c: f64, state: State) -> Unit {
    let mut u = Unit::new(id, source);
    u.target = Some(target);
    u.state = Some(state);
    u.notes.push(Note {
        category: Some("alignment".into()),
        text: format!("confidence {c}"),
    });
    u
}

fn document(a: &Alignment, original: &str, units: Vec<Unit>) -> Document {
    Document {
        version: "2.1".into(),
        source_lang: a.source_lang.clone(),
        target_lang: Some(a.target_lang.clone()),
        files: vec![File {
            id: "f1".into(),
            original: Some(original.to_string()),
            units,
        }],
    }
}

/// One reviewable bead: the document it came from, both sides and the
/// confidence.
pub struct ReviewItem {
    pub document: String,
    pub source: CodedText,
    pub target: CodedText,
    pub confidence: f64,
}

/// The review XLIFF of `--import`: one `<file>` per document, each bead
/// below the threshold as a unit in state `initial` (the target is the
/// aligner's proposal, not yet confirmed) with its confidence in a note.
/// A translator confirms a pair by setting its state to `translated` (or
/// `reviewed`/`final`), corrects or empties the target otherwise; `diglot tm
/// import` then adds only the confirmed pairs.
pub fn review_xliff(source_lang: &str, target_lang: &str, items: &[ReviewItem]) -> String {
    let mut files: Vec<File> = Vec::new();
    for it in items {
        if files.last().map(|f| f.original.as_deref()) != Some(Some(it.document.as_str())) {
            files.push(File {
                id: format!("f{}", files.len() + 1),
                original: Some(it.document.clone()),
                units: Vec::new(),
            });
        }
        let f = files.last_mut().expect("pushed");
        let id = format!("b{}", f.units.len() + 1);
        f.units.push(unit(
            id,
            it.source.clone(),
            it.target.clone(),
            it.confidence,
            State::Initial,
        ));
    }
    crate::xliff::write_v2(&Document {
        version: "2.1".into(),
        source_lang: source_lang.to_string(),
        target_lang: Some(target_lang.to_string()),
        files,
    })
}
