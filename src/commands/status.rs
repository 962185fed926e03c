//! The release dashboard (`diglot status`): for each target language and
//! statement, how many segments and words are approved, awaiting review,
//! missing or stale, and whether it can be published.
//!
//! A segment is *approved* when the memory holds an approved translation of
//! it (exact or in context), *unreviewed* when it holds only an unreviewed
//! one, *stale* when it has none but the memory holds a translation made for
//! the same statement at the same place (same previous or next sentence) of
//! a source no statement uses any more — the sentence was edited after it was
//! translated (as `check`'s `stale-translation`), and *missing* otherwise.

use super::{json_line, CommandError, Console, Format, Outcome, Report};
use crate::extract::Segment;
use crate::l10n::Bundle;
use crate::project::{Project, ProjectError};
use crate::tm::normalize::word_count;
use crate::tm::{Approval, Memory, TmUnit};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::PathBuf;

/// Version of the JSON output (`status --format json`).
pub const SCHEMA_VERSION: u32 = 1;

/// Where a segment stands in a target language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentState {
    Approved,
    Unreviewed,
    Missing,
    Stale,
}

/// Segments or words in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub approved: usize,
    pub unreviewed: usize,
    pub missing: usize,
    pub stale: usize,
    pub total: usize,
}

impl Counts {
    fn add(&mut self, state: SegmentState, n: usize) {
        match state {
            SegmentState::Approved => self.approved += n,
            SegmentState::Unreviewed => self.unreviewed += n,
            SegmentState::Missing => self.missing += n,
            SegmentState::Stale => self.stale += n,
        }
        self.total += n;
    }

    fn merge(&mut self, o: &Counts) {
        self.approved += o.approved;
        self.unreviewed += o.unreviewed;
        self.missing += o.missing;
        self.stale += o.stale;
        self.total += o.total;
    }

    /// Segments (or words) not yet approved.
    pub fn left(&self) -> usize {
        self.total - self.approved
    }
}

/// One statement in one language.
#[derive(Debug, Clone, Serialize)]
pub struct StatementStatus {
    pub slug: String,
    /// Relative to the project root.
    pub path: PathBuf,
    pub title: String,
    pub draft: bool,
    pub segments: Counts,
    pub words: Counts,
    /// Every segment approved and not a draft: `build` publishes it.
    pub publishable: bool,
}

/// Site messages (Fluent) of a language.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct MessageCounts {
    /// Site messages of the source language.
    pub total: usize,
    /// Of those, the ones the language lacks.
    pub missing: usize,
}

/// Totals of a language (drafts excluded: they are never published).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub statements: usize,
    pub publishable_statements: usize,
    pub drafts: usize,
    pub segments: Counts,
    pub words: Counts,
}

/// One target language.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    pub lang: String,
    pub statements: Vec<StatementStatus>,
    pub messages: MessageCounts,
    pub totals: Totals,
    /// `diglot build` would succeed for this language: every published
    /// statement and every site message translated and approved.
    pub publishable: bool,
}

/// The whole dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub version: u32,
    pub source_language: String,
    pub languages: Vec<LanguageStatus>,
}

/// The state of each segment of each statement (same order as the
/// project's statements and segments).
pub fn segment_states(statements: &[(&str, &[Segment])], mem: &Memory) -> Vec<Vec<SegmentState>> {
    let keys_in_use: HashSet<&str> = statements
        .iter()
        .flat_map(|(_, segs)| segs.iter().map(|s| s.key.as_str()))
        .collect();
    let mut unused_by_statement: HashMap<&str, Vec<&TmUnit>> = HashMap::new();
    for u in mem.units() {
        if let Some(slug) = u.statement.as_deref() {
            if !keys_in_use.contains(u.key().as_str()) {
                unused_by_statement.entry(slug).or_default().push(u);
            }
        }
    }
    statements
        .iter()
        .map(|(slug, segs)| {
            segs.iter()
                .map(|s| {
                    let (prev, next) = (s.prev.as_deref(), s.next.as_deref());
                    let found = mem
                        .lookup_exact(&s.key, prev, next, true)
                        .or_else(|| mem.lookup_exact(&s.key, prev, next, false));
                    match found.map(|(u, _)| u.approval) {
                        Some(Approval::Approved) => SegmentState::Approved,
                        Some(Approval::Unreviewed) => SegmentState::Unreviewed,
                        None => {
                            let stale =
                                unused_by_statement
                                    .get(slug)
                                    .into_iter()
                                    .flatten()
                                    .any(|u| {
                                        (u.prev.is_some() && u.prev == s.prev)
                                            || (u.next.is_some() && u.next == s.next)
                                    });
                            if stale {
                                SegmentState::Stale
                            } else {
                                SegmentState::Missing
                            }
                        }
                    }
                })
                .collect()
        })
        .collect()
}

/// The dashboard of the given target languages (every target language when
/// empty).
pub fn status(project: &Project, langs: &[String]) -> Result<Status, ProjectError> {
    let corpus = project.corpus()?;
    let targets: Vec<String> = if langs.is_empty() {
        project.config.target_languages.clone()
    } else {
        for l in langs {
            project.target(l)?;
        }
        langs.to_vec()
    };
    let source_lang = &project.config.source_language;
    let l10n = |e: Vec<crate::l10n::L10nError>| ProjectError::L10n(e);
    let source_files = project
        .locale_files(source_lang)
        .map_err(|e| ProjectError::L10n(vec![e]))?;
    let source_bundle = Bundle::new(source_lang, &source_files).map_err(l10n)?;
    let site_ids: Vec<&String> = source_bundle.site_message_ids().collect();
    let pairs: Vec<(&str, &[Segment])> = corpus
        .statements
        .iter()
        .zip(&corpus.segments)
        .map(|(st, segs)| (st.slug.as_str(), segs.as_slice()))
        .collect();
    let mut languages = Vec::new();
    for lang in targets {
        let mem = project.memory(&lang)?;
        let states = segment_states(&pairs, &mem);
        let files = project
            .locale_files(&lang)
            .map_err(|e| ProjectError::L10n(vec![e]))?;
        let bundle = Bundle::new(&lang, &files).map_err(l10n)?;
        let messages = MessageCounts {
            total: site_ids.len(),
            missing: site_ids.iter().filter(|id| !bundle.has_message(id)).count(),
        };
        let mut totals = Totals::default();
        let mut statements = Vec::new();
        for ((st, segs), states) in corpus.statements.iter().zip(&corpus.segments).zip(&states) {
            let (mut segments, mut words) = (Counts::default(), Counts::default());
            for (s, state) in segs.iter().zip(states) {
                segments.add(*state, 1);
                words.add(*state, word_count(&s.source.text));
            }
            let publishable = !st.front.draft && segments.left() == 0;
            if st.front.draft {
                totals.drafts += 1;
            } else {
                totals.statements += 1;
                totals.publishable_statements += usize::from(publishable);
                totals.segments.merge(&segments);
                totals.words.merge(&words);
            }
            statements.push(StatementStatus {
                slug: st.slug.clone(),
                path: project.rel(&st.path).to_path_buf(),
                title: st.front.title.clone(),
                draft: st.front.draft,
                segments,
                words,
                publishable,
            });
        }
        let publishable =
            totals.publishable_statements == totals.statements && messages.missing == 0;
        languages.push(LanguageStatus {
            lang,
            statements,
            messages,
            totals,
            publishable,
        });
    }
    Ok(Status {
        version: SCHEMA_VERSION,
        source_language: source_lang.clone(),
        languages,
    })
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

impl Status {
    /// The dashboard as a table per language.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for l in &self.languages {
            let w = l
                .statements
                .iter()
                .map(|s| s.slug.chars().count() + if s.draft { 8 } else { 0 })
                .chain([9])
                .max()
                .unwrap_or(9);
            out.push_str(&format!(
                "{} → {}\n{:<w$}  {:>8} {:>10} {:>7} {:>5}  {:>8} {:>10} {:>7} {:>5}  publish\n",
                self.source_language,
                l.lang,
                "statement",
                "segments",
                "unreviewed",
                "missing",
                "stale",
                "words",
                "unreviewed",
                "missing",
                "stale",
            ));
            let row = |name: &str, s: &Counts, wd: &Counts, p: &str| {
                format!(
                    "{name:<w$}  {:>8} {:>10} {:>7} {:>5}  {:>8} {:>10} {:>7} {:>5}  {p}\n",
                    format!("{}/{}", s.approved, s.total),
                    s.unreviewed,
                    s.missing,
                    s.stale,
                    format!("{}/{}", wd.approved, wd.total),
                    wd.unreviewed,
                    wd.missing,
                    wd.stale,
                )
            };
            for s in &l.statements {
                let name = if s.draft {
                    format!("{} (draft)", s.slug)
                } else {
                    s.slug.clone()
                };
                let p = if s.draft {
                    "draft"
                } else {
                    yes_no(s.publishable)
                };
                out.push_str(&row(&name, &s.segments, &s.words, p));
            }
            out.push_str(&row(
                "total",
                &l.totals.segments,
                &l.totals.words,
                yes_no(l.totals.publishable_statements == l.totals.statements),
            ));
            out.push_str(&format!(
                "site messages: {} of {} missing\n{}: {} of {} statement(s) can be published{}; {} segment(s), {} word(s) left to translate or review\n\n",
                l.messages.missing,
                l.messages.total,
                l.lang,
                l.totals.publishable_statements,
                l.totals.statements,
                if l.totals.drafts > 0 {
                    format!(" ({} draft(s) not counted)", l.totals.drafts)
                } else {
                    String::new()
                },
                l.totals.segments.left(),
                l.totals.words.left(),
            ));
        }
        out
    }
}

/// Options of `status`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Target languages (every one when empty).
    pub langs: Vec<String>,
    pub format: Format,
}

/// The dashboard, with how to print it.
#[derive(Debug, Clone)]
pub struct StatusReport {
    pub status: Status,
    pub format: Format,
}

/// `diglot status`: the release dashboard (always exit 0).
pub fn run(project: &Project, opts: &Options) -> Result<StatusReport, CommandError> {
    Ok(StatusReport {
        status: status(project, &opts.langs)?,
        format: opts.format,
    })
}

impl Report for StatusReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        match self.format {
            Format::Json => json_line(c.out, &self.status)?,
            Format::Text => write!(c.out, "{}", self.status.to_text())?,
        }
        Ok(Outcome::Ok)
    }
}
