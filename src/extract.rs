//! Translatable segments of a statement, with stable ids and context.

use crate::model::{key_hash, CodedText, Span};
use crate::segment::Segmenter;
use crate::source::{BlockKind, Statement};
use serde::Serialize;
use std::collections::HashMap;

/// One segment of a statement.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    /// Stable id: the hash of the normalised source text, plus `-N` for the
    /// N-th repetition of the same text in one statement (N ≥ 2).
    pub id: String,
    /// Hash of the normalised source text (same for repetitions).
    pub key: String,
    /// Index of the block in the statement.
    pub block: usize,
    pub kind: BlockKind,
    pub source: CodedText,
    /// Where the block holding this segment is in the file.
    pub span: Span,
    /// Keys of the previous and next segments in the statement (for
    /// in-context matches).
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Segment {
    /// Fluent message id of the segment.
    pub fn message_id(&self) -> String {
        format!("seg-{}", self.id)
    }
}

/// Whether a part holds images and nothing to translate.
fn only_images(part: &CodedText) -> bool {
    !part.codes.is_empty()
        && part.codes.iter().all(|c| c.ctype == "image")
        && part
            .text
            .chars()
            .all(|c| c.is_whitespace() || crate::model::placeholder_index(c).is_some())
}

/// A part that is only images (a picture between two sentences, or a
/// paragraph that is one image) is no segment of its own: it joins the
/// sentence before it (else the one after it), so a translator sees it where
/// it stands; a block that is only images has no segment (it is published
/// as it is; its alt texts are segments).
fn attach_images(parts: Vec<CodedText>) -> Vec<CodedText> {
    let mut out: Vec<CodedText> = Vec::with_capacity(parts.len());
    let mut pending: Option<CodedText> = None;
    for part in parts {
        if only_images(&part) {
            match out.last_mut() {
                Some(prev) => {
                    prev.push_str(" ");
                    prev.append(&part.trimmed());
                }
                None => match pending.as_mut() {
                    Some(p) => {
                        p.push_str(" ");
                        p.append(&part.trimmed());
                    }
                    None => pending = Some(part.trimmed()),
                },
            }
        } else if let Some(mut p) = pending.take() {
            p.push_str(" ");
            p.append(&part);
            out.push(p);
        } else {
            out.push(part);
        }
    }
    out
}

/// Split every block of a statement into segments. Titles, summaries, headings
/// and list items are split like paragraphs (most are one segment).
pub fn segments(statement: &Statement, segmenter: &Segmenter) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let lines = crate::model::LineIndex::new(&statement.text);
    for (bi, block) in statement.blocks.iter().enumerate() {
        let mut cursor = block.span.start;
        for part in attach_images(segmenter.split(&block.content)) {
            let span = locate(statement, &lines, block, &part, &mut cursor);
            let key = key_hash(&part);
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            let id = if *n == 1 {
                key.clone()
            } else {
                format!("{key}-{n}")
            };
            out.push(Segment {
                id,
                key,
                block: bi,
                kind: block.kind,
                source: part,
                span,
                prev: None,
                next: None,
            });
        }
    }
    for i in 0..out.len() {
        if i > 0 {
            out[i].prev = Some(out[i - 1].key.clone());
        }
        if i + 1 < out.len() {
            out[i].next = Some(out[i + 1].key.clone());
        }
    }
    out
}

/// The span of a segment in its file: found by searching the segment's first
/// word in the block's text after the previous segment (Markdown markup and
/// line breaks make exact offsets unknowable from the collapsed text).
fn locate(
    statement: &Statement,
    lines: &crate::model::LineIndex,
    block: &crate::source::Block,
    part: &CodedText,
    cursor: &mut usize,
) -> Span {
    let src = &statement.text;
    let end = block.span.end.min(src.len());
    let plain = part.plain_text();
    let first: String = plain
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .take(24)
        .collect();
    let mut span = block.span.clone();
    if !first.is_empty()
        && *cursor <= end
        && src.is_char_boundary(*cursor)
        && src.is_char_boundary(end)
    {
        if let Some(i) = src[*cursor..end].find(&first) {
            let start = *cursor + i;
            let (line, column) = lines.line_col(src, start);
            span.start = start;
            span.line = line;
            span.column = column;
            *cursor = start + first.len();
        }
    }
    span
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// An image standing after a sentence joins it; a paragraph that is
    /// only an image has no segment, its alt text has one.
    #[test]
    fn image_only_parts_join_a_sentence_or_vanish() {
        let seg = Segmenter::builtin("en");
        let st = crate::source::parse_statement(
            "+++\ntitle = \"T\"\ndate = \"2025-01-01\"\n+++\nOne rose. ![c](c.png)\n\n![Logo](l.png)\n",
            Path::new("a.md"),
        )
        .unwrap();
        let shown: Vec<(String, BlockKind)> = segments(&st, &seg)
            .iter()
            .map(|s| (s.source.display(), s.kind))
            .collect();
        assert_eq!(
            shown,
            [
                ("T".to_string(), BlockKind::Title),
                ("One rose. {1/}".to_string(), BlockKind::Paragraph),
                ("c".to_string(), BlockKind::ImageAlt(0)),
                ("Logo".to_string(), BlockKind::ImageAlt(1)),
            ]
        );
    }

    #[test]
    fn ids_are_stable_under_edits_elsewhere() {
        let seg = Segmenter::builtin("en");
        let a = crate::source::parse_statement(
            "+++\ntitle = \"T\"\ndate = \"2025-01-01\"\n+++\nOne. Two. One.\n\nThree.\n",
            Path::new("a.md"),
        )
        .unwrap();
        let b = crate::source::parse_statement(
            "+++\ntitle = \"T\"\ndate = \"2025-01-01\"\n+++\nOne. Two changed. One.\n\nThree.\n",
            Path::new("a.md"),
        )
        .unwrap();
        let sa = segments(&a, &seg);
        let sb = segments(&b, &seg);
        assert_eq!(sa.len(), 5);
        assert_eq!(sa[1].id, sa[3].id.trim_end_matches("-2"));
        assert!(sa[3].id.ends_with("-2"));
        assert_eq!(sa[4].id, sb[4].id);
        assert_ne!(sa[2].id, sb[2].id);
        assert_eq!(sa[2].prev.as_deref(), Some(sa[1].key.as_str()));
    }
}

/// One row of `diglot segment` output.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentRow {
    /// Stable id (statements) or position (plain text).
    pub id: String,
    /// The segment, inline codes shown as `{1}…{/1}`.
    pub text: String,
    /// Block kind (statements only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Byte offsets in the input (plain text only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    pub line: usize,
    pub column: usize,
}

/// Segment a statement (text starting with a `+++` front matter line) or
/// plain text (the segmenter's rules decide what line breaks mean).
pub fn segment_report(
    text: &str,
    path: &std::path::Path,
    segmenter: &Segmenter,
    options: crate::source::ReadOptions,
) -> Result<Vec<SegmentRow>, crate::source::SourceError> {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    if first.trim_end() == "+++" {
        let st = crate::source::parse_statement_all(text, path, options)
            .map_err(|mut v| v.swap_remove(0))?;
        return Ok(segments(&st, segmenter)
            .into_iter()
            .map(|s| SegmentRow {
                id: s.id,
                text: s.source.display(),
                kind: Some(s.kind.name()),
                start: None,
                end: None,
                line: s.span.line,
                column: s.span.column,
            })
            .collect());
    }
    let mut rows = Vec::new();
    let lines = crate::model::LineIndex::new(text);
    for r in segmenter.split_text(text) {
        let (line, column) = lines.line_col(text, r.start);
        rows.push(SegmentRow {
            id: format!("{}", rows.len() + 1),
            // One segment per output line: line breaks inside become spaces.
            text: text[r.clone()]
                .replace("\r\n", " ")
                .replace(['\n', '\r'], " "),
            kind: None,
            start: Some(r.start),
            end: Some(r.end),
            line,
            column,
        });
    }
    Ok(rows)
}
