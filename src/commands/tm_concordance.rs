//! `diglot tm concordance`: every unit whose source (or target) holds the
//! words of a query, as translators search in Trados, memoQ or OmegaT —
//! phrases first, then shorter units first, the words marked. Served from
//! the memories' persistent index ([`crate::tm::cache`]); reads the
//! memories only, never the statements.

use super::{json_line, Console, Format, Outcome, Report};
use crate::model::{CodeKind, CodedText};
use crate::project::{Project, ProjectError};
use crate::tm::index::Side;
use crate::tm::Approval;
use serde::Serialize;
use std::io;
use std::ops::Range;

/// Options of `tm concordance`.
#[derive(Debug, Clone)]
pub struct Options {
    pub text: String,
    /// Target language (default: the first target language).
    pub lang: Option<String>,
    /// Which side is searched.
    pub side: Side,
    /// Most units shown.
    pub limit: usize,
    pub format: Format,
}

/// One unit found.
#[derive(Debug, Clone, Serialize)]
pub struct ConcordanceRow {
    pub unit: String,
    pub approved: bool,
    /// Whether the words occur as a phrase (else each word somewhere).
    pub phrase: bool,
    pub source: String,
    pub target: String,
    /// The searched side with each occurrence between `⟦` and `⟧`.
    pub marked: String,
    /// Character ranges `[start, end)` of the occurrences in the searched
    /// side as shown (`source` or `target`).
    pub spans: Vec<[usize; 2]>,
}

/// What `tm concordance` found.
#[derive(Debug, Clone, Serialize)]
pub struct ConcordanceReport {
    pub query: String,
    pub side: Side,
    /// Units holding every word of the query (more than shown when over
    /// the limit).
    pub total: usize,
    pub hits: Vec<ConcordanceRow>,
    #[serde(skip)]
    pub format: Format,
}

/// The display form of a coded text (as [`CodedText::display`]) with the
/// byte ranges `spans` of its text marked, and the character ranges of the
/// marks in the display form.
pub fn mark_display(text: &CodedText, spans: &[Range<usize>]) -> (String, Vec<[usize; 2]>) {
    let mut marked = String::new();
    let mut ranges = Vec::new();
    let mut chars = 0usize;
    let mut open: Option<usize> = None;
    for (i, c) in text.text.char_indices() {
        if spans.iter().any(|r| r.start == i) {
            marked.push('⟦');
            open = Some(chars);
        }
        let shown = match crate::model::placeholder_index(c).and_then(|k| text.codes.get(k)) {
            Some(code) => match code.kind {
                CodeKind::Open => format!("{{{}}}", code.id),
                CodeKind::Close => format!("{{/{}}}", code.id),
                CodeKind::Standalone => format!("{{{}/}}", code.id),
            },
            None => c.to_string(),
        };
        chars += shown.chars().count();
        marked.push_str(&shown);
        let end = i + c.len_utf8();
        if spans.iter().any(|r| r.end == end) {
            marked.push('⟧');
            if let Some(s) = open.take() {
                ranges.push([s, chars]);
            }
        }
    }
    (marked, ranges)
}

/// Search a language's memories.
pub fn run(project: &Project, opts: &Options) -> Result<ConcordanceReport, ProjectError> {
    let lang = opts
        .lang
        .clone()
        .unwrap_or_else(|| project.config.target_languages[0].clone());
    let index = project.index(&lang, &[])?;
    let (hits, total) = index.concordance(&opts.text, opts.side, opts.limit);
    let hits = hits
        .into_iter()
        .map(|h| {
            let u = index.unit(h.unit);
            let searched = match opts.side {
                Side::Source => &u.source,
                Side::Target => &u.target,
            };
            let (marked, spans) = mark_display(searched, &h.spans);
            ConcordanceRow {
                unit: u.id.clone(),
                approved: u.approval == Approval::Approved,
                phrase: h.phrase,
                source: u.source.display(),
                target: u.target.display(),
                marked,
                spans,
            }
        })
        .collect();
    Ok(ConcordanceReport {
        query: opts.text.clone(),
        side: opts.side,
        total,
        hits,
        format: opts.format,
    })
}

impl Report for ConcordanceReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        match self.format {
            Format::Json => json_line(c.out, self)?,
            Format::Text => {
                if !c.quiet {
                    let one = self.total == 1;
                    writeln!(
                        c.out,
                        "{} unit{} hold{} every word of \"{}\"{}",
                        self.total,
                        if one { "" } else { "s" },
                        if one { "s" } else { "" },
                        self.query,
                        if self.hits.len() < self.total {
                            format!(" ({} shown)", self.hits.len())
                        } else {
                            String::new()
                        }
                    )?;
                }
                for h in &self.hits {
                    let (src, tgt) = match self.side {
                        Side::Source => (h.marked.as_str(), h.target.as_str()),
                        Side::Target => (h.source.as_str(), h.marked.as_str()),
                    };
                    writeln!(
                        c.out,
                        "{}{}{}",
                        h.unit,
                        if h.approved { "" } else { " (unreviewed)" },
                        if h.phrase { "" } else { " (words apart)" }
                    )?;
                    writeln!(c.out, "      source: {src}")?;
                    writeln!(c.out, "      target: {tgt}")?;
                }
            }
        }
        Ok(Outcome::Ok)
    }
}
