//! Sentence segmentation, with rules kept as data.
//!
//! Two engines sit behind one [`Segmenter`]:
//!
//! - the **built-in rules** (`src/languages/<tag>/segmentation.toml`, read
//!   by [`builtin`]): abbreviation lists, titles, sentence starters, applied by
//!   a single byte scan that stops only at candidate characters;
//! - **SRX 2.0** files ([`srx`]), e.g. those of LanguageTool, OmegaT or
//!   OpenXLIFF, whose Java-style regular expressions are translated and
//!   compiled with `fancy-regex`.
//!
//! Segmentation works on coded text: inline codes are single placeholder
//! characters, so a code is never split. A closing code right after a full
//! stop stays with the sentence it closes. A paired code that spans a
//! boundary is closed at the end of the first segment and re-opened (a copy
//! with the same id) at the start of the next, so every segment is balanced;
//! [`join_segments`] undoes this.
//!
//! Rules never leak into segment text: the text of a segment is a slice of
//! the input (plus re-opened codes), so ids computed from segment text stay
//! the same when rules change but a segment does not.

pub mod builtin;
pub mod clean;
pub mod srx;

use crate::languages;
use crate::model::{Code, CodeKind, CodedText, Piece};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use builtin::{LowercaseFragment, RuleData};
pub use srx::SrxIssue;

/// An SRX file or rule file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SegmentError {
    /// The file could not be read.
    #[error("{file}: cannot read: {message}")]
    Io { file: String, message: String },
    /// A problem at a place in the file: not XML, wrong version, a bad
    /// regular expression where it cannot be skipped, a missing element.
    #[error("{file}:{line}: {message}")]
    Srx {
        file: String,
        line: usize,
        message: String,
    },
    /// Built-in or user rule data (TOML) that does not parse.
    #[error("{file}: {message}")]
    Rules { file: String, message: String },
}

impl From<SrxIssue> for SegmentError {
    fn from(i: SrxIssue) -> Self {
        SegmentError::Srx {
            file: i.file,
            line: i.line,
            message: format!(
                "rule in languagerule \"{}\" cannot be compiled: {}",
                i.languagerule, i.reason
            ),
        }
    }
}

#[derive(Debug, Clone)]
enum Engine {
    Builtin(Arc<builtin::Rules>),
    Srx(Arc<srx::CompiledRules>),
}

/// A compiled segmenter. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Segmenter {
    engine: Engine,
}

impl Segmenter {
    /// The built-in rules for a language: its folder's `segmentation.toml`
    /// (region → language: `fr-CA` uses `fr`'s); a language without one gets
    /// generic rules without abbreviation lists.
    pub fn builtin(lang: &str) -> Segmenter {
        // One cell per folder, plus the generic rules; each compiled once
        // per process, on first use, and shared by later calls.
        type Cells = BTreeMap<&'static str, OnceLock<Arc<builtin::Rules>>>;
        static CELLS: OnceLock<Cells> = OnceLock::new();
        static GENERIC: OnceLock<Arc<builtin::Rules>> = OnceLock::new();
        let cells = CELLS.get_or_init(|| {
            languages::all_files("segmentation.toml")
                .iter()
                .map(|f| (f.tag, OnceLock::new()))
                .collect()
        });
        let rules = match languages::file(lang, "segmentation.toml") {
            Some(f) => cells[f.tag].get_or_init(|| {
                let data: RuleData = f.parse_builtin();
                Arc::new(builtin::Rules::compile(&data))
            }),
            None => GENERIC.get_or_init(|| Arc::new(builtin::Rules::compile(&RuleData::default()))),
        };
        Segmenter {
            engine: Engine::Builtin(Arc::clone(rules)),
        }
    }

    /// A segmenter from rule data (the TOML format of the built-in rules).
    pub fn from_data(rules: &RuleData) -> Segmenter {
        Segmenter {
            engine: Engine::Builtin(Arc::new(builtin::Rules::compile(rules))),
        }
    }

    /// A segmenter from rule data in TOML; `file` names it in errors.
    pub fn from_toml_str(toml_text: &str, file: &str) -> Result<Segmenter, SegmentError> {
        let rules: RuleData = toml::from_str(toml_text).map_err(|e| SegmentError::Rules {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        Ok(Segmenter::from_data(&rules))
    }

    /// The segmenter a project uses: the rules file named by
    /// `segmentation = "…"` in `diglot.toml` (`.srx` for SRX, otherwise rule
    /// data in the TOML format of the built-in rules), or the built-in rules
    /// when there is none. Uncompilable SRX rules come back as issues.
    pub fn for_language(
        lang: &str,
        rules_file: Option<&Path>,
    ) -> Result<(Segmenter, Vec<SrxIssue>), SegmentError> {
        let Some(path) = rules_file else {
            return Ok((Segmenter::builtin(lang), Vec::new()));
        };
        let is_srx = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("srx"));
        if is_srx {
            return Segmenter::from_srx_file(path, lang);
        }
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| SegmentError::Io {
            file: name.clone(),
            message: e.to_string(),
        })?;
        Ok((Segmenter::from_toml_str(&text, &name)?, Vec::new()))
    }

    /// A segmenter from an SRX 1.0/2.0 file, for language `lang` (matched
    /// against the file's `languagemap` patterns). Rules whose regular
    /// expression cannot be compiled are returned as [`SrxIssue`]s (and
    /// left out); everything else that is wrong is an error.
    pub fn from_srx_file(
        path: &Path,
        lang: &str,
    ) -> Result<(Segmenter, Vec<SrxIssue>), SegmentError> {
        let name = path.display().to_string();
        let xml = std::fs::read_to_string(path).map_err(|e| SegmentError::Io {
            file: name.clone(),
            message: e.to_string(),
        })?;
        Segmenter::from_srx_str(&xml, &name, lang)
    }

    /// As [`Segmenter::from_srx_file`], from text; `file` names it in errors.
    pub fn from_srx_str(
        xml: &str,
        file: &str,
        lang: &str,
    ) -> Result<(Segmenter, Vec<SrxIssue>), SegmentError> {
        let doc = srx::SrxDocument::parse(xml, file)?;
        let (rules, issues) = doc.compile(lang);
        Ok((
            Segmenter {
                engine: Engine::Srx(Arc::new(rules)),
            },
            issues,
        ))
    }

    /// As [`Segmenter::from_srx_str`], but a rule that cannot be compiled is
    /// an error (naming file, line and reason) instead of an issue.
    pub fn from_srx_str_strict(
        xml: &str,
        file: &str,
        lang: &str,
    ) -> Result<Segmenter, SegmentError> {
        let (sg, issues) = Segmenter::from_srx_str(xml, file, lang)?;
        match issues.into_iter().next() {
            Some(i) => Err(i.into()),
            None => Ok(sg),
        }
    }

    /// As [`Segmenter::from_srx_file`], but strict (see
    /// [`Segmenter::from_srx_str_strict`]).
    pub fn from_srx_file_strict(path: &Path, lang: &str) -> Result<Segmenter, SegmentError> {
        let (sg, issues) = Segmenter::from_srx_file(path, lang)?;
        match issues.into_iter().next() {
            Some(i) => Err(i.into()),
            None => Ok(sg),
        }
    }

    /// Byte ranges of the sentences of `text`, trimmed of surrounding
    /// whitespace. Every non-space character belongs to exactly one range.
    pub fn split_text(&self, text: &str) -> Vec<Range<usize>> {
        let cuts = match &self.engine {
            Engine::Builtin(r) => r.boundaries(text),
            Engine::Srx(r) => r.boundaries(text),
        };
        let mut out = Vec::with_capacity(cuts.len() + 1);
        let mut start = 0;
        for c in cuts.into_iter().chain(std::iter::once(text.len())) {
            if c > start {
                push_trimmed(&mut out, text, start..c);
                start = c;
            }
        }
        out
    }

    /// The sentences of `text` as string slices.
    pub fn split_str<'t>(&self, text: &'t str) -> Vec<&'t str> {
        self.split_text(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    /// Split coded text into segments. Each segment's codes are renumbered
    /// from zero. A paired code open across a boundary is closed at the end
    /// of the first segment and a copy re-opened at the start of the next
    /// (same id, kind, type and data), so every segment is balanced when the
    /// input is; [`join_segments`] removes these added pairs again.
    pub fn split(&self, text: &CodedText) -> Vec<CodedText> {
        let ranges = self.split_text(&text.text);
        if text.codes.is_empty() || ranges.len() < 2 {
            return ranges.into_iter().map(|r| text.slice(r)).collect();
        }
        let mut open: Vec<Code> = Vec::new();
        let mut out = Vec::with_capacity(ranges.len());
        for r in ranges {
            let piece = text.slice(r);
            let mut seg = CodedText::default();
            for c in &open {
                seg.push_code(c.clone());
            }
            for p in piece.pieces() {
                match p {
                    Piece::Text(t) => seg.push_str(t),
                    Piece::Code(c) => {
                        match c.kind {
                            CodeKind::Open => open.push(c.clone()),
                            CodeKind::Close => {
                                if let Some(pos) = open.iter().rposition(|o| o.id == c.id) {
                                    open.remove(pos);
                                }
                            }
                            CodeKind::Standalone => {}
                        }
                        seg.push_code(c.clone());
                    }
                }
            }
            for c in open.iter().rev() {
                let mut close = Code::new(CodeKind::Close, c.id.clone(), c.ctype.clone());
                close.disp = c.disp.clone();
                seg.push_code(close);
            }
            out.push(seg);
        }
        out
    }
}

/// Join segments made by [`Segmenter::split`] back into one coded text,
/// separated by `sep`: a closing code at the end of a segment followed by the
/// re-opened copy at the start of the next is removed.
pub fn join_segments(segments: &[CodedText], sep: &str) -> CodedText {
    let mut out = CodedText::default();
    // Codes at the end of the text so far that close spans (pending).
    let mut pending: Vec<Code> = Vec::new();
    for (n, s) in segments.iter().enumerate() {
        let pieces = s.pieces();
        // Trailing closes of this segment.
        let mut tail = pieces.len();
        while tail > 0 && matches!(pieces[tail - 1], Piece::Code(c) if c.kind == CodeKind::Close) {
            tail -= 1;
        }
        let mut k = 0;
        // Leading opens that re-open a pending close.
        while k < tail {
            match pieces[k] {
                Piece::Code(c)
                    if c.kind == CodeKind::Open && pending.last().is_some_and(|p| p.id == c.id) =>
                {
                    pending.pop();
                    k += 1;
                }
                _ => break,
            }
        }
        for c in pending.drain(..) {
            out.push_code(c);
        }
        if n > 0 {
            out.push_str(sep);
        }
        for p in &pieces[k..tail] {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Code(c) => out.push_code((*c).clone()),
            }
        }
        for p in &pieces[tail..] {
            if let Piece::Code(c) = p {
                pending.push((*c).clone());
            }
        }
    }
    for c in pending.drain(..) {
        out.push_code(c);
    }
    out
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, r: Range<usize>) {
    let s = &text[r.clone()];
    let t = s.trim_start();
    let lead = s.len() - t.len();
    let t = t.trim_end();
    if !t.is_empty() {
        out.push(r.start + lead..r.start + lead + t.len());
    }
}

/// Whether any code in the text is a paired code left open or closed without
/// opening (used to report segments whose markup crosses a boundary).
pub fn has_unbalanced_codes(t: &CodedText) -> bool {
    t.codes.iter().any(|c| c.kind != CodeKind::Standalone) && !t.is_balanced()
}

#[cfg(test)]
mod tests;
