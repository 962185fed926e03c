//! Sentence alignment of bilingual documents (`diglot align`): an archive of
//! pages published in two languages becomes translation memory.
//!
//! Both documents are read as blocks (plain text paragraphs, Markdown blocks
//! read as statements are, the main content of HTML pages), segmented with
//! diglot's rules (or one segment per line), and aligned into beads by
//! [`search`]: a banded dynamic programme whose costs combine Gale–Church
//! lengths, a lexicon learned from the project's memories ([`model`]),
//! cognates, placeable agreement ([`crate::placeables`]), exact memory pairs
//! and paragraph breaks. Each bead gets a confidence in [0, 1].

pub mod batch;
mod html;
pub mod model;
pub mod output;
pub mod run;
pub mod search;
pub mod soft;

use crate::model::CodedText;
use crate::segment::Segmenter;
pub use model::{Model, Side};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum AlignError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(transparent)]
    Source(#[from] crate::source::SourceError),
    #[error(transparent)]
    Write(#[from] crate::fsutil::WriteError),
    #[error(transparent)]
    Tm(#[from] crate::tm::TmError),
    #[error("{0}")]
    Usage(String),
}

/// How a document is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Plain text: paragraphs separated by blank lines.
    Text,
    /// Markdown, read as statements are (front matter optional).
    Markdown,
    /// An HTML page: its main content.
    Html,
}

impl InputKind {
    /// By file extension: `.md`/`.markdown`, `.html`/`.htm`/`.xhtml`, else
    /// plain text.
    pub fn of(path: &Path) -> InputKind {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown") => InputKind::Markdown,
            Some("html" | "htm" | "xhtml") => InputKind::Html,
            _ => InputKind::Text,
        }
    }
}

/// One segment of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub text: CodedText,
    /// Index of the paragraph (block) holding it; headings are blocks.
    pub paragraph: usize,
    pub heading: bool,
    /// The place before this segment is a soft boundary ([`soft`]): the
    /// aligner may join the segment to the one before, and keeps the split
    /// only for this much evidence (nats). `None`: a hard boundary.
    pub soft: Option<f64>,
}

/// A block of a document before segmentation.
#[derive(Debug, Clone)]
struct Block {
    text: CodedText,
    heading: bool,
}

/// Read a document's blocks.
fn read_blocks(path: &Path, src: &str, kind: InputKind) -> Result<Vec<Block>, AlignError> {
    Ok(match kind {
        InputKind::Text => text_blocks(src),
        InputKind::Markdown => crate::source::parse_markdown_blocks(src, path)?
            .into_iter()
            .map(|b| Block {
                heading: matches!(
                    b.kind,
                    crate::source::BlockKind::Heading(_) | crate::source::BlockKind::Title
                ),
                text: b.content,
            })
            .collect(),
        InputKind::Html => html::main_blocks(src)
            .into_iter()
            .map(|b| Block {
                text: CodedText::plain(b.text),
                heading: b.heading,
            })
            .collect(),
    })
}

/// Paragraphs of plain text: runs of non-blank lines, whitespace collapsed.
fn text_blocks(src: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in src.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                let text = cur
                    .iter()
                    .flat_map(|l| l.split_whitespace())
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push(Block {
                    text: CodedText::plain(text),
                    heading: false,
                });
                cur.clear();
            }
        } else {
            cur.push(line);
        }
    }
    out
}

/// Read and segment a document. With `presplit`, plain text gives one
/// segment per non-empty line (blank lines separate paragraphs) and Markdown
/// and HTML one segment per block; otherwise blocks are split by
/// `segmenter`.
///
/// With `soft` rules (not with `presplit`), each sentence is also cut at
/// the soft places the rules find inside it, and a sentence break the rules
/// may undo is marked soft: the aligner decides ([`Aligner::align`]).
pub fn read_document(
    path: &Path,
    src: &str,
    kind: InputKind,
    presplit: bool,
    segmenter: &Segmenter,
    soft: Option<&soft::SoftRules>,
) -> Result<Vec<Segment>, AlignError> {
    if let Some(off) = src.find('\0') {
        let (line, column) = crate::model::line_col(src, off);
        return Err(AlignError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message: "a NUL character: this is not a text file".into(),
        });
    }
    let mut out = Vec::new();
    if presplit && kind == InputKind::Text {
        let mut para = 0;
        let mut blank = false;
        for line in src.lines() {
            let t = line.split_whitespace().collect::<Vec<_>>().join(" ");
            if t.is_empty() {
                blank = true;
                continue;
            }
            if blank && !out.is_empty() {
                para += 1;
            }
            blank = false;
            out.push(Segment {
                text: CodedText::plain(t),
                paragraph: para,
                heading: false,
                soft: None,
            });
        }
        return Ok(out);
    }
    for (p, b) in read_blocks(path, src, kind)?.into_iter().enumerate() {
        let parts = if presplit {
            vec![b.text.trimmed()]
        } else {
            segmenter.split(&b.text)
        };
        let mut prev: Option<String> = None;
        for s in parts {
            if s.text.trim().is_empty() && s.codes.is_empty() {
                continue;
            }
            let rules = soft.filter(|_| !presplit);
            let Some(rules) = rules else {
                out.push(Segment {
                    text: s,
                    paragraph: p,
                    heading: b.heading,
                    soft: None,
                });
                continue;
            };
            // A sentence break the rules may undo.
            let plain = s.plain_text();
            let first = prev
                .as_deref()
                .and_then(|before| rules.at(before, &plain, true));
            prev = Some(plain);
            for (k, (piece, cost, _)) in rules.split(&s).into_iter().enumerate() {
                out.push(Segment {
                    text: piece,
                    paragraph: p,
                    heading: b.heading,
                    soft: if k == 0 { first } else { cost },
                });
            }
        }
    }
    // Paragraph numbers without gaps (empty blocks dropped).
    let mut last = usize::MAX;
    let mut n = 0;
    for s in &mut out {
        if s.paragraph != last {
            last = s.paragraph;
            n += 1;
        }
        s.paragraph = n - 1;
    }
    Ok(out)
}

/// Read a file as text (UTF-8, a BOM or UTF-16 with BOM).
pub fn read_text(path: &Path) -> Result<String, AlignError> {
    let bytes = std::fs::read(path).map_err(|source| AlignError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    crate::xliff::decode_text(&bytes, path).map_err(|e| AlignError::Usage(e.to_string()))
}

/// A bead: 0-based segment indices on each side and a confidence.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Bead {
    pub source: Vec<usize>,
    pub target: Vec<usize>,
    pub confidence: f64,
}

impl Bead {
    /// Both sides are non-empty.
    pub fn is_pair(&self) -> bool {
        !self.source.is_empty() && !self.target.is_empty()
    }
}

/// The alignment of two documents.
#[derive(Debug, Clone)]
pub struct Alignment {
    pub source_lang: String,
    pub target_lang: String,
    pub source: Vec<Segment>,
    pub target: Vec<Segment>,
    pub beads: Vec<Bead>,
}

impl Alignment {
    /// The text of one side of a bead: its segments joined by a space.
    pub fn text(&self, side: Side, ids: &[usize]) -> CodedText {
        let segs = match side {
            Side::Source => &self.source,
            Side::Target => &self.target,
        };
        let parts: Vec<CodedText> = ids.iter().map(|&i| segs[i].text.clone()).collect();
        crate::segment::join_segments(&parts, " ")
    }

    /// (source, target, confidence) of every bead with both sides.
    pub fn pairs(&self) -> Vec<(CodedText, CodedText, f64)> {
        self.beads
            .iter()
            .filter(|b| b.is_pair())
            .map(|b| {
                (
                    self.text(Side::Source, &b.source),
                    self.text(Side::Target, &b.target),
                    b.confidence,
                )
            })
            .collect()
    }
}

/// The aligner: what was learned from the memory, and the languages.
#[derive(Debug)]
pub struct Aligner {
    pub source_lang: String,
    pub target_lang: String,
    pub model: Model,
}

impl Aligner {
    pub fn new(source_lang: &str, target_lang: &str, model: Model) -> Aligner {
        Aligner {
            source_lang: source_lang.to_string(),
            target_lang: target_lang.to_string(),
            model,
        }
    }

    /// Features of one side's segments.
    fn side_data(&self, segs: &[Segment], side: Side) -> search::SideData {
        let lang = match side {
            Side::Source => &self.source_lang,
            Side::Target => &self.target_lang,
        };
        let (tag_own, tag_other) = match side {
            Side::Source => (1u64 << 40, 2u64 << 40),
            Side::Target => (2u64 << 40, 1u64 << 40),
        };
        let mut d = search::SideData::default();
        for s in segs {
            let text = s.text.plain_text();
            d.len.push(text.chars().count() as f64);
            d.para.push(s.paragraph);
            d.soft.push(s.soft);
            d.hash.push(model::exact_hash(&text));
            let mut words = Vec::new();
            let mut keys = Vec::new();
            for w in model::words(&text) {
                let id = self.model.word_id(side, &w);
                if id.is_some_and(|id| self.model.is_stop(side, id)) {
                    continue;
                }
                let cog = model::cognate_key(&w).map(|k| k | (3u64 << 62));
                let own = id
                    .filter(|&id| !self.model.links(side, id).is_empty())
                    .map(|id| tag_own | id as u64);
                if let Some(id) = id {
                    keys.extend(
                        self.model
                            .links(side, id)
                            .iter()
                            .map(|&t| tag_other | t as u64),
                    );
                }
                if let Some(c) = cog {
                    keys.push(c);
                }
                if own.is_some() || cog.is_some() {
                    words.push([own.unwrap_or(0), cog.unwrap_or(0)]);
                }
            }
            keys.sort_unstable();
            keys.dedup();
            d.words.push(words);
            d.keys.push(keys);
            let mut places: Vec<u64> = crate::placeables::find(lang, &text)
                .iter()
                .map(|p| xxhash_rust::xxh3::xxh3_64(p.value.key().as_bytes()))
                .collect();
            places.sort_unstable();
            d.places.push(places);
        }
        d
    }

    /// Align two segmented documents. Segments that follow a soft
    /// boundary ([`Segment::soft`]) are joined to the one before when the
    /// best alignment puts both in the same bead: the alignment's segments
    /// are those both texts agree on.
    pub fn align(&self, source: Vec<Segment>, target: Vec<Segment>) -> Alignment {
        let src = self.side_data(&source, Side::Source);
        let tgt = self.side_data(&target, Side::Target);
        let (ratio, variance) = self.model.length.unwrap_or_else(|| {
            let s: f64 = src.len.iter().sum();
            let t: f64 = tgt.len.iter().sum();
            let r = if s > 0.0 && t > 0.0 { t / s } else { 1.0 };
            (r.clamp(0.5, 2.0), model::DEFAULT_VARIANCE)
        });
        let params = search::Params { ratio, variance };
        let exact = |a: u64, b: u64| self.model.is_exact(a, b);
        let found = search::align(&src, &tgt, params, &exact);
        let ranges: Vec<_> = found
            .iter()
            .map(|f| (f.source.clone(), f.target.clone()))
            .collect();
        let (source, smap) = join_soft(source, ranges.iter().map(|r| r.0.clone()));
        let (target, tmap) = join_soft(target, ranges.iter().map(|r| r.1.clone()));
        let ids = |r: std::ops::Range<usize>, map: &[usize]| {
            let mut v: Vec<usize> = r.map(|k| map[k]).collect();
            v.dedup();
            v
        };
        let beads = found
            .iter()
            .map(|f| Bead {
                confidence: confidence(f),
                source: ids(f.source.clone(), &smap),
                target: ids(f.target.clone(), &tmap),
            })
            .collect();
        Alignment {
            source_lang: self.source_lang.clone(),
            target_lang: self.target_lang.clone(),
            source,
            target,
            beads,
        }
    }
}

/// Join each segment after a soft boundary to the one before when both are
/// in the same bead (`beads`: each bead's range on this side, in order).
/// Returns the segments and, for each input segment, its new index.
fn join_soft(
    segs: Vec<Segment>,
    beads: impl Iterator<Item = std::ops::Range<usize>>,
) -> (Vec<Segment>, Vec<usize>) {
    let mut bead_of = vec![usize::MAX; segs.len()];
    for (b, r) in beads.enumerate() {
        for k in r {
            bead_of[k] = b;
        }
    }
    let mut out: Vec<Segment> = Vec::with_capacity(segs.len());
    let mut map = Vec::with_capacity(segs.len());
    for (k, s) in segs.into_iter().enumerate() {
        let join = k > 0 && s.soft.is_some() && bead_of[k] == bead_of[k - 1];
        match out.last_mut() {
            Some(last) if join => {
                last.text = crate::segment::join_segments(&[last.text.clone(), s.text], " ");
            }
            _ => out.push(Segment { soft: None, ..s }),
        }
        map.push(out.len() - 1);
    }
    (out, map)
}

/// A bead's confidence: its posterior probability, lowered when its words
/// or lengths give little support (a sure path through a poor translation
/// is not a sure pair). Rounded to 4 decimals.
fn confidence(f: &search::Found) -> f64 {
    let mut c = f.posterior;
    if !f.exact {
        if let Some(m) = f.matched {
            c *= (m / 0.3).min(1.0);
        }
        c *= (-0.15 * (f.length_cost - 2.0).max(0.0)).exp();
    }
    (c.clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_paragraphs_are_segmented() {
        let sg = Segmenter::builtin("en");
        let segs = read_document(
            Path::new("a.txt"),
            "First one. Second\none.\n\nThird.\n",
            InputKind::Text,
            false,
            &sg,
            None,
        )
        .unwrap();
        let t: Vec<(String, usize)> = segs
            .iter()
            .map(|s| (s.text.plain_text(), s.paragraph))
            .collect();
        assert_eq!(
            t,
            [
                ("First one.".to_string(), 0),
                ("Second one.".to_string(), 0),
                ("Third.".to_string(), 1)
            ]
        );
    }

    #[test]
    fn presplit_takes_lines() {
        let sg = Segmenter::builtin("en");
        let segs = read_document(
            Path::new("a.txt"),
            "One. Two.\n\n  Three  \n",
            InputKind::Text,
            true,
            &sg,
            None,
        )
        .unwrap();
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[1].text.plain_text(), "Three");
        assert_eq!(segs[1].paragraph, 1);
    }

    #[test]
    fn markdown_keeps_inline_codes_and_headings() {
        let sg = Segmenter::builtin("en");
        let segs = read_document(
            Path::new("a.md"),
            "# Title\n\nSome *strong* words. More.\n",
            InputKind::Markdown,
            false,
            &sg,
            None,
        )
        .unwrap();
        assert_eq!(segs.len(), 3);
        assert!(segs[0].heading);
        assert_eq!(segs[1].text.codes.len(), 2);
        assert_eq!(segs[2].paragraph, 1);
    }

    #[test]
    fn aligns_with_placeables_and_cognates_without_memory() {
        let sg_en = Segmenter::builtin("en");
        let sg_fr = Segmenter::builtin("fr");
        let en = "The committee met on 5 June 2025 in Ottawa. It adopted the budget of the organisation. \
                  Members discussed the situation in the region.";
        let fr = "Le comité s’est réuni le 5 juin 2025 à Ottawa. Il a adopté le budget de l’organisation. Nous remercions chaleureusement nos partenaires pour leur générosité. \
                  Les membres ont discuté de la situation dans la région.";
        let a = Aligner::new("en", "fr", Model::default());
        let al = a.align(
            read_document(Path::new("e.txt"), en, InputKind::Text, false, &sg_en, None).unwrap(),
            read_document(Path::new("f.txt"), fr, InputKind::Text, false, &sg_fr, None).unwrap(),
        );
        let beads: Vec<(Vec<usize>, Vec<usize>)> = al
            .beads
            .iter()
            .map(|b| (b.source.clone(), b.target.clone()))
            .collect();
        assert_eq!(
            beads,
            [
                (vec![0], vec![0]),
                (vec![1], vec![1]),
                (vec![], vec![2]),
                (vec![2], vec![3])
            ]
        );
        assert!(al.beads.iter().all(|b| (0.0..=1.0).contains(&b.confidence)));
    }
}
