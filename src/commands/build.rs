//! `diglot build`: render every statement in every language into the
//! output folder, written beside it and swapped in whole.

use super::{CommandError, Console, Outcome, Report};
use crate::diagnostic::{id, Diagnostic};
use crate::extract::Segment;
use crate::l10n::{self, Bundle, FluentArg, L10nError, TextMessage};
use crate::model::CodedText;
use crate::project::{Corpus, Project, ProjectError};
use crate::report;
use crate::site::{self, LanguageSite, LocalizedBlock, LocalizedStatement, RenderText};
use crate::source::{self, BlockKind, Statement};
use crate::tm::{adapt, provenance, Approval, MatchClass, Memory, TmError, TmUnit};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};

/// Image files a build copies into the site: path in the site → file.
type ImageFiles = BTreeMap<String, PathBuf>;

/// Options of `build`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Output folder (default: the configured one).
    pub out: Option<PathBuf>,
    /// Fall back to the source text for missing translations.
    pub allow_incomplete: bool,
    /// Also write a proof page beside each translated statement
    /// (`<lang>/<slug>/proof.html`): source and translation side by side
    /// with match class, state and QA findings.
    pub proof: bool,
    /// Also publish draft statements (`draft = true`), marked as drafts
    /// (the preview does; `build` never does).
    pub drafts: bool,
}

/// A site message missing in a target language (rule `fluent-missing`),
/// at its definition in the source-language file.
fn missing_message(
    lang: &str,
    path: &Path,
    line: usize,
    column: usize,
    id: &str,
    text: String,
) -> Diagnostic {
    let mut d = Diagnostic::of(
        id::FLUENT_MISSING,
        path,
        line,
        column,
        format!("message `{id}` is missing"),
    )
    .with_lang(lang)
    .with_id(id);
    d.snippet = Some(text);
    d
}

/// What `build` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildReport {
    pub out: PathBuf,
    pub files: usize,
    pub statements: usize,
    pub languages: Vec<String>,
    /// Missing translations (fatal unless `allow_incomplete`): segments
    /// (`missing-translation`) and site messages (`fluent-missing`), the
    /// source text as snippet.
    pub missing: Vec<Diagnostic>,
    /// Whether missing translations were published in the source language.
    pub allow_incomplete: bool,
    /// Rules of the configured SRX file that could not be compiled.
    #[serde(skip)]
    pub segmenter_issues: Vec<String>,
}

/// Messages of the theme that take variables, and which.
const MESSAGE_ARGS: &[(&str, &[&str])] = &[
    ("dateline", &["date"]),
    ("published-on", &["date"]),
    ("statement-count", &["count"]),
    ("proof-obtained-fuzzy-edited", &["score"]),
    ("proof-obtained-fuzzy-accepted", &["score"]),
    ("proof-obtained-substituted", &["score"]),
    ("proof-imported", &["file", "id", "date"]),
    ("proof-approved-on", &["by", "date"]),
];

/// Where a translation of a proof row came from, in the words of the
/// first of `bundles` that has the message: how the memory says it
/// was obtained (or `reused` when the translation found was approved for
/// another context), by which import and when it was approved. Only what
/// the memory records: no clock is read.
fn proof_origin(unit: &TmUnit, class: MatchClass, bundles: &[&Bundle]) -> site::ProofOrigin {
    let format =
        |id: &str, args: &[(&str, FluentArg)]| bundles.iter().find_map(|b| b.format(id, args).ok());
    let p = &unit.provenance;
    let kind = match (class, p.obtained) {
        (MatchClass::Exact, _) => "reused",
        (_, Some(o)) => o.as_str(),
        (_, None) => "unknown",
    };
    let score = FluentArg::Num(f64::from(p.score.unwrap_or(0)));
    let label = format(&format!("proof-obtained-{kind}"), &[("score", score)])
        .unwrap_or_else(|| kind.to_string());
    let imported = p
        .imported
        .as_deref()
        .and_then(provenance::parse_timestamp)
        .and_then(|date| {
            let id: String = p.import.as_deref().unwrap_or("").chars().take(8).collect();
            format(
                "proof-imported",
                &[
                    (
                        "file",
                        FluentArg::Str(unit.origin.clone().unwrap_or_default()),
                    ),
                    ("id", FluentArg::Str(id)),
                    ("date", FluentArg::Str(date.to_string())),
                ],
            )
        });
    let approved = match (
        p.approved.as_deref().and_then(provenance::parse_timestamp),
        p.approved_by,
    ) {
        (Some(date), Some(by)) if unit.approval == Approval::Approved => format(
            "proof-approved-on",
            &[
                ("by", FluentArg::Str(by.as_str().to_string())),
                ("date", FluentArg::Str(date.to_string())),
            ],
        ),
        _ => None,
    };
    let candidate = (kind == provenance::Obtained::FuzzyEdited.as_str())
        .then(|| p.candidate.clone())
        .flatten();
    site::ProofOrigin {
        kind: kind.to_string(),
        label,
        imported,
        approved,
        candidate,
    }
}

struct LangData {
    bundle: Bundle,
    /// seg message id → target coded text (codes resolved)
    targets: HashMap<String, CodedText>,
    /// The translation memory (target languages), kept for the proofs.
    memory: Option<Memory>,
}

struct Build<'a> {
    project: &'a Project,
    corpus: &'a Corpus,
    /// The memory of each target language, loaded while the corpus was.
    memories: std::sync::Mutex<HashMap<String, Result<Memory, TmError>>>,
}

/// Statements localised in parallel between two progress reports.
const LOCALISE_CHUNK: usize = 256;

impl Build<'_> {
    /// Line and column of a message definition in its Fluent file.
    fn message_position(files: &[l10n::FtlFile], id: &str) -> (PathBuf, usize, usize, String) {
        for f in files {
            let needle = format!("{id} =");
            for (i, line) in f.source.lines().enumerate() {
                if line.starts_with(&needle) || line.starts_with(&format!("{id}=")) {
                    let text = line
                        .split_once('=')
                        .map(|x| x.1.trim().to_string())
                        .unwrap_or_default();
                    return (f.path.clone(), i + 1, 1, text);
                }
            }
        }
        (
            files.first().map(|f| f.path.clone()).unwrap_or_default(),
            1,
            1,
            String::new(),
        )
    }

    /// The approved translations of every segment for a language, as Fluent
    /// messages; segments without one are not in the map.
    fn approved(&self, mem: &Memory) -> HashMap<String, CodedText> {
        self.corpus
            .segments
            .par_iter()
            .flat_map_iter(|segs| {
                segs.iter().filter_map(|s| {
                    mem.lookup_exact(&s.key, s.prev.as_deref(), s.next.as_deref(), true)
                        .map(|(u, _)| (s.message_id(), adapt::stored_target(u, &s.source)))
                })
            })
            .collect()
    }

    fn lang_data(&self, lang: &str) -> Result<LangData, ProjectError> {
        let files = self
            .project
            .locale_files(lang)
            .map_err(|e| ProjectError::L10n(vec![e]))?;
        let mut bundle = Bundle::new(lang, &files).map_err(ProjectError::L10n)?;
        let (targets, memory): (HashMap<String, CodedText>, _) =
            if lang == self.project.config.source_language {
                let t = self
                    .corpus
                    .segments
                    .iter()
                    .flatten()
                    .map(|s| (s.message_id(), s.source.clone()))
                    .collect();
                (t, None)
            } else {
                let loaded = self.memories.lock().expect("lock").remove(lang);
                let mem = match loaded {
                    Some(m) => m?,
                    None => self.project.memory(lang)?,
                };
                (self.approved(&mem), Some(mem))
            };
        let mut msgs: Vec<TextMessage> = targets
            .par_iter()
            .map(|(id, t)| TextMessage {
                id: id.clone(),
                text: t.text.clone(),
            })
            .collect();
        msgs.par_sort_unstable_by(|a, b| a.id.cmp(&b.id));
        bundle.add_texts(&msgs).map_err(ProjectError::L10n)?;
        Ok(LangData {
            bundle,
            targets,
            memory,
        })
    }

    /// Render every statement in every language into the output folder.
    fn build(
        &self,
        opts: &Options,
        progress: &dyn Fn(usize, usize),
    ) -> Result<BuildReport, ProjectError> {
        let source_lang = self.project.config.source_language.clone();
        let langs = self.project.config.languages();
        // Every language's messages and translations, on every core; the
        // first error in language order is the one reported.
        let mut datas: HashMap<&String, LangData> = HashMap::new();
        for (lang, data) in langs
            .par_iter()
            .map(|l| (l, self.lang_data(l)))
            .collect::<Vec<_>>()
        {
            datas.insert(lang, data?);
        }
        let source = datas
            .remove(&source_lang)
            .map_or_else(|| self.lang_data(&source_lang), Ok)?;
        let source_files = self
            .project
            .locale_files(&source_lang)
            .map_err(|e| ProjectError::L10n(vec![e]))?;
        // Drafts are segmented, exported and checked, never published
        // (unless a preview asks for them).
        let published: Vec<usize> = (0..self.corpus.statements.len())
            .filter(|&i| opts.drafts || !self.corpus.statements[i].front.draft)
            .collect();
        let mut report = BuildReport {
            allow_incomplete: opts.allow_incomplete,
            languages: langs.clone(),
            statements: published.len(),
            ..Default::default()
        };
        let mut sites = Vec::new();
        // Image files to copy into the site: site path → file.
        let mut image_files = ImageFiles::new();
        // Findings shown in the proofs: one check for every language.
        let checked = opts
            .proof
            .then(|| crate::check::run(self.project, self.corpus))
            .transpose()
            .map_err(|e| ProjectError::Usage(e.to_string()))?;
        // Progress: localising, rendering and writing each count one step
        // per statement page.
        let pages = langs.len() * published.len().max(1);
        let total = 3 * pages;
        let mut done = 0;
        for lang in &langs {
            let data = datas.get(lang).unwrap_or(&source);
            let mut missing = Vec::new();
            // Site messages.
            let mut messages = BTreeMap::new();
            let count = published.len();
            for id in source.bundle.site_message_ids() {
                let args: Vec<(&str, FluentArg)> = match MESSAGE_ARGS.iter().find(|(m, _)| m == id)
                {
                    Some((_, names)) if names.contains(&"count") => {
                        vec![("count", FluentArg::Num(count as f64))]
                    }
                    Some(_) => continue, // per-statement messages are formatted below
                    None => vec![],
                };
                let key = if id == "statement-count" {
                    "statement-count-label".to_string()
                } else {
                    id.clone()
                };
                match data.bundle.format(id, &args) {
                    Ok(s) => {
                        messages.insert(key, s);
                    }
                    Err(L10nError::Missing { .. }) => {
                        let (path, line, column, text) = Self::message_position(&source_files, id);
                        missing.push(missing_message(
                            lang,
                            self.project.rel(&path),
                            line,
                            column,
                            id,
                            text,
                        ));
                        if let Ok(s) = source.bundle.format(id, &args) {
                            messages.insert(key, s);
                        }
                    }
                    Err(e) => return Err(ProjectError::L10n(vec![e])),
                }
            }
            // Statements: localised on every core, a chunk between two
            // progress reports; results and findings are merged in
            // statement order, so the output does not depend on the threads.
            let mut statements = Vec::with_capacity(self.corpus.statements.len());
            let all: Vec<(&Statement, &Vec<Segment>)> = published
                .iter()
                .map(|&si| (&self.corpus.statements[si], &self.corpus.segments[si]))
                .collect();
            for chunk in all.chunks(LOCALISE_CHUNK) {
                let localised: Vec<Result<_, ProjectError>> = chunk
                    .par_iter()
                    .map(|(st, segs)| {
                        self.localise(st, segs, data, &source, lang, &source_lang, &source_files)
                    })
                    .collect();
                for r in localised {
                    let (statement, found, files) = r?;
                    image_files.extend(files);
                    for d in found {
                        // A site message missing is reported once per language.
                        let known = d.rule == id::FLUENT_MISSING
                            && missing
                                .iter()
                                .any(|m: &Diagnostic| m.rule == id::FLUENT_MISSING && m.id == d.id);
                        if !known {
                            missing.push(d);
                        }
                    }
                    statements.push(statement);
                    done += 1;
                }
                progress(done, total);
            }
            report.missing.extend(missing);
            let proofs = match (&checked, &data.memory) {
                (Some(report), Some(mem)) => {
                    self.proofs(mem, report, &published, &data.bundle, &source.bundle)
                }
                _ => Vec::new(),
            };
            sites.push(LanguageSite {
                lang: lang.clone(),
                messages,
                statements,
                proofs,
            });
        }
        if !report.missing.is_empty() && !opts.allow_incomplete {
            return Ok(report);
        }
        let site = site::Site::new(
            &self.project.config,
            &self.project.path(&self.project.config.theme_dir),
        )?;
        let mut files =
            site.render_all_with_progress(&sites, &|k| progress(pages + k.min(pages), total))?;
        // The images of the statements, beside their pages.
        for (path, file) in image_files {
            let bytes = std::fs::read(&file).map_err(|source| {
                ProjectError::Sources(vec![source::SourceError::Io {
                    path: file.clone(),
                    source,
                }])
            })?;
            files.push(site::OutputFile {
                path: PathBuf::from(path),
                bytes,
            });
        }
        let out = match &opts.out {
            Some(o) if o.is_absolute() => o.clone(),
            Some(o) => std::env::current_dir()
                .map(|d| d.join(o))
                .unwrap_or_else(|_| o.clone()),
            None => self.project.path(&self.project.config.output_dir),
        };
        write_site(&self.project.root, &out, &files, &|i, n| {
            progress(2 * pages + i * pages / n.max(1), total)
        })?;
        report.out = out;
        report.files = files.len();
        Ok(report)
    }

    /// One statement in language `lang`, with the missing translations
    /// found in it (segments, and site messages of its dateline).
    #[allow(clippy::too_many_arguments)]
    fn localise(
        &self,
        st: &Statement,
        segs: &[Segment],
        data: &LangData,
        source: &LangData,
        lang: &str,
        source_lang: &str,
        source_files: &[l10n::FtlFile],
    ) -> Result<(LocalizedStatement, Vec<Diagnostic>, ImageFiles), ProjectError> {
        let mut missing = Vec::new();
        let mut image_files = ImageFiles::new();
        let date_arg = [("date", FluentArg::Str(st.front.date.clone()))];
        let dateline = self.format_or_fallback(
            &data.bundle,
            &source.bundle,
            "dateline",
            &date_arg,
            lang,
            source_files,
            &mut missing,
        )?;
        let (y, m, d) = crate::locale::parse_iso_date(&st.front.date).unwrap_or((1970, 1, 1));
        let date_label = crate::locale::format_date(lang, y, m, d)
            .map_err(|e| ProjectError::Usage(e.to_string()))?;
        let mut blocks: Vec<LocalizedBlock> = Vec::new();
        let mut title = None;
        let mut summary = None;
        let mut rendered: Vec<Vec<RenderText>> = Vec::with_capacity(st.blocks.len());
        for bi in 0..st.blocks.len() {
            let mut parts = Vec::new();
            for s in segs.iter().filter(|s| s.block == bi) {
                let id = s.message_id();
                match data.bundle.format(&id, &[]) {
                    Ok(text) => {
                        let codes = data
                            .targets
                            .get(&id)
                            .map(|t| t.codes.clone())
                            .unwrap_or_default();
                        parts.push(RenderText {
                            text: CodedText { text, codes },
                            fallback_lang: None,
                        });
                    }
                    Err(L10nError::Missing { .. }) => {
                        let mut d = Diagnostic::of(
                            id::MISSING_TRANSLATION,
                            self.project.rel(&st.path),
                            s.span.line,
                            s.span.column,
                            format!(
                                "statement `{}`: segment {} has no approved translation",
                                st.slug, s.id
                            ),
                        )
                        .with_lang(lang)
                        .with_id(s.id.as_str());
                        d.snippet = Some(site::plain(&s.source));
                        missing.push(d);
                        parts.push(RenderText {
                            text: s.source.clone(),
                            fallback_lang: Some(source_lang.to_string()),
                        });
                    }
                    Err(e) => return Err(ProjectError::L10n(vec![e])),
                }
            }
            if parts.is_empty() {
                // A block with nothing to translate (only images):
                // published as it is, its images localised below.
                parts.push(RenderText {
                    text: st.blocks[bi].content.clone(),
                    fallback_lang: None,
                });
            }
            rendered.push(parts);
        }
        // Images: their alt text and title in this language, their source
        // for this language (copied beside the page).
        let target = (lang != source_lang).then_some(lang);
        let mut images: BTreeMap<usize, BTreeMap<String, site::SiteImage>> = BTreeMap::new();
        for im in &st.images {
            let text_of =
                |b: Option<usize>| b.map(|b| site::plain(&merge(rendered[b].clone()).text));
            let src = match source::resolve_image(st, im, &self.project.root, target)
                .map_err(|e| ProjectError::Sources(vec![e]))?
            {
                source::ImageSource::Remote(url) => url,
                source::ImageSource::Local { file, site_path } => {
                    image_files.insert(format!("{lang}/{}/{site_path}", st.slug), file);
                    site_path
                }
            };
            images.entry(im.block).or_default().insert(
                im.code.clone(),
                site::SiteImage {
                    src,
                    alt: text_of(im.alt).unwrap_or_default(),
                    title: text_of(im.title),
                },
            );
        }
        for (bi, (block, parts)) in st.blocks.iter().zip(rendered).enumerate() {
            match block.kind {
                BlockKind::Title => title = Some(merge(parts)),
                BlockKind::Summary => summary = Some(merge(parts)),
                kind => blocks.push(LocalizedBlock {
                    kind,
                    list: block.list,
                    segments: parts,
                    images: images.remove(&bi).unwrap_or_default(),
                }),
            }
        }
        let statement = LocalizedStatement {
            slug: st.slug.clone(),
            date: st.front.date.clone(),
            date_label,
            dateline,
            title: title.unwrap_or(RenderText {
                text: CodedText::default(),
                fallback_lang: None,
            }),
            summary,
            blocks,
            draft: st.front.draft,
        };
        Ok((statement, missing, image_files))
    }

    /// The proof of every statement in a target language: each segment with
    /// its stored translation, match class, where it came from, review
    /// state and the findings of `check` about it (by segment id, or by the id of the memory unit
    /// that translates it).
    fn proofs(
        &self,
        mem: &Memory,
        report: &crate::check::Report,
        published: &[usize],
        bundle: &Bundle,
        fallback: &Bundle,
    ) -> Vec<site::ProofStatement> {
        let lang = mem.target_lang.as_str();
        // The project's messages, then those diglot ships for the language
        // (a project made before a proof message existed), then the source
        // language's.
        let shipped = crate::scaffold::shipped_messages(lang).and_then(|text| {
            let file = l10n::FtlFile {
                path: PathBuf::from(format!("(diglot's {lang} site.ftl)")),
                source: text.to_string(),
            };
            Bundle::new(lang, &[file]).ok()
        });
        let bundles: Vec<&Bundle> = [Some(bundle), shipped.as_ref(), Some(fallback)]
            .into_iter()
            .flatten()
            .collect();
        let mut findings: HashMap<&str, Vec<site::ProofFinding>> = HashMap::new();
        for f in &report.findings {
            if let (Some(id), Some(l)) = (&f.id, &f.lang) {
                if l == lang {
                    findings.entry(id).or_default().push(site::ProofFinding {
                        severity: match f.severity {
                            crate::check::Severity::Error => "error".into(),
                            crate::check::Severity::Warning => "warning".into(),
                        },
                        rule: f.rule.clone(),
                        message: f.message.clone(),
                    });
                }
            }
        }
        published
            .iter()
            .map(|&i| (&self.corpus.statements[i], &self.corpus.segments[i]))
            .map(|(st, segs)| site::ProofStatement {
                slug: st.slug.clone(),
                segments: segs
                    .iter()
                    .map(|s| {
                        let (prev, next) = (s.prev.as_deref(), s.next.as_deref());
                        let found = mem
                            .lookup_exact(&s.key, prev, next, true)
                            .or_else(|| mem.lookup_exact(&s.key, prev, next, false));
                        let state = match found.map(|(u, _)| u.approval) {
                            Some(Approval::Approved) => site::ProofState::Approved,
                            Some(Approval::Unreviewed) => site::ProofState::Unreviewed,
                            None => site::ProofState::Missing,
                        };
                        let about = |id: &str| findings.get(id).cloned().unwrap_or_default();
                        let mut seg_findings = about(&s.id);
                        if let Some((u, _)) = found {
                            seg_findings.extend(about(&u.id));
                        }
                        site::ProofSegment {
                            id: s.id.clone(),
                            kind: s.kind,
                            source: s.source.clone(),
                            target: found.map(|(u, _)| adapt::stored_target(u, &s.source)),
                            match_class: found.map(|(_, c)| c),
                            state,
                            findings: seg_findings,
                            origin: found.map(|(u, c)| proof_origin(u, c, &bundles)),
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn format_or_fallback(
        &self,
        bundle: &Bundle,
        fallback: &Bundle,
        id: &str,
        args: &[(&str, FluentArg)],
        lang: &str,
        source_files: &[l10n::FtlFile],
        missing: &mut Vec<Diagnostic>,
    ) -> Result<String, ProjectError> {
        match bundle.format(id, args) {
            Ok(s) => Ok(s),
            Err(L10nError::Missing { .. }) => {
                let (path, line, column, text) = Self::message_position(source_files, id);
                let known = missing
                    .iter()
                    .any(|m| m.rule == id::FLUENT_MISSING && m.id.as_deref() == Some(id));
                if !known {
                    missing.push(missing_message(
                        lang,
                        self.project.rel(&path),
                        line,
                        column,
                        id,
                        text,
                    ));
                }
                fallback
                    .format(id, args)
                    .map_err(|e| ProjectError::L10n(vec![e]))
            }
            Err(e) => Err(ProjectError::L10n(vec![e])),
        }
    }
}

fn merge(parts: Vec<RenderText>) -> RenderText {
    let fallback = parts.iter().find_map(|p| p.fallback_lang.clone());
    let mut text = CodedText::default();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            text.push_str(" ");
        }
        text.append(&p.text);
    }
    RenderText {
        text,
        fallback_lang: fallback,
    }
}

/// Manifest of the files `diglot build` wrote into an output folder.
pub use crate::site::output::SITE_MARKER;

fn write_site(
    root: &Path,
    out: &Path,
    files: &[site::OutputFile],
    progress: &dyn Fn(usize, usize),
) -> Result<(), ProjectError> {
    site::output::write_site(root, out, files, progress).map_err(|e| ProjectError::Output {
        path: e.path,
        message: e.message,
    })
}

// --------------------------------------------------------------- export --

/// Build the site of `project`; `progress(done, total)` is called as the
/// work goes on.
pub fn run(
    project: &Project,
    opts: &Options,
    progress: &dyn Fn(usize, usize),
) -> Result<BuildReport, CommandError> {
    // The memories are read while the statements are parsed and segmented.
    let (corpus, memories) = rayon::join(
        || project.corpus(),
        || {
            project
                .config
                .target_languages
                .par_iter()
                .map(|l| (l.clone(), project.memory(l)))
                .collect::<HashMap<_, _>>()
        },
    );
    let corpus = corpus?;
    let mut report = Build {
        project,
        corpus: &corpus,
        memories: std::sync::Mutex::new(memories),
    }
    .build(opts, progress)?;
    report.segmenter_issues = corpus
        .segmenter_issues
        .iter()
        .map(|i| i.to_string())
        .collect();
    Ok(report)
}

impl Report for BuildReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        for i in &self.segmenter_issues {
            writeln!(c.err, "warning: {i}")?;
        }
        if !self.missing.is_empty() {
            let level = if self.allow_incomplete {
                "warning: "
            } else {
                "error: "
            };
            for m in &self.missing {
                writeln!(c.err, "{level}{}", report::missing(m))?;
            }
            if !self.allow_incomplete {
                writeln!(
                    c.err,
                    "error: {} translation(s) missing; nothing was written (use --allow-incomplete to publish the source text in their place)",
                    self.missing.len()
                )?;
                return Ok(Outcome::Failed);
            }
            writeln!(
                c.err,
                "warning: {} passage(s) published in the source language (--allow-incomplete)",
                self.missing.len()
            )?;
        }
        if !c.quiet {
            writeln!(
                c.out,
                "built {} statement(s) in {} language(s) ({}): {} files in {}",
                self.statements,
                self.languages.len(),
                self.languages.join(", "),
                self.files,
                self.out.display()
            )?;
        }
        Ok(Outcome::Ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::provenance::{ApprovedBy, Obtained};
    use crate::tm::Provenance;

    fn bundle(lang: &str) -> Bundle {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        Bundle::new(lang, &l10n::read_locale_dir(&dir, lang).unwrap()).unwrap()
    }

    fn unit(p: Provenance, approval: Approval) -> TmUnit {
        TmUnit {
            id: "u1".into(),
            source: CodedText::plain("Hello."),
            target: CodedText::plain("Bonjour."),
            approval,
            prev: None,
            next: None,
            statement: None,
            origin: Some("hello.fr.xlf".into()),
            provenance: p,
            line: 0,
        }
    }

    fn edited() -> Provenance {
        Provenance {
            obtained: Some(Obtained::FuzzyEdited),
            score: Some(86),
            candidate: Some("Salut.".into()),
            import: Some("2e7323842ec3f229".into()),
            imported: Some("2025-06-05T10:30:00Z".into()),
            approved: Some("2025-06-06T10:30:00Z".into()),
            approved_by: Some(ApprovedBy::Approve),
        }
    }

    #[test]
    fn proof_origins_in_english_and_french() {
        let (en, fr) = (bundle("en"), bundle("fr"));
        let u = unit(edited(), Approval::Approved);
        let o = proof_origin(&u, MatchClass::InContext, &[&en, &fr]);
        assert_eq!(o.kind, "fuzzy-edited");
        assert_eq!(o.label, "edited fuzzy match 86%");
        assert_eq!(
            o.imported.as_deref(),
            Some("imported from hello.fr.xlf (import 2e732384) on 5 June 2025")
        );
        assert_eq!(
            o.approved.as_deref(),
            Some("approved with diglot approve on 6 June 2025")
        );
        assert_eq!(o.candidate.as_deref(), Some("Salut."));
        let o = proof_origin(&u, MatchClass::InContext, &[&fr, &en]);
        assert_eq!(o.label, "correspondance floue modifiée, 86 %");
        assert_eq!(
            o.approved.as_deref(),
            Some("approuvée avec diglot approve le 6 juin 2025")
        );
        // A revision of a 101 % or 100 % candidate says so.
        for (score, en_label, fr_label) in [
            (
                101,
                "edited in-context match (101%)",
                "correspondance en contexte modifiée (101 %)",
            ),
            (
                100,
                "edited exact match (100%)",
                "correspondance exacte modifiée (100 %)",
            ),
        ] {
            let u = unit(
                Provenance {
                    score: Some(score),
                    ..edited()
                },
                Approval::Approved,
            );
            assert_eq!(
                proof_origin(&u, MatchClass::InContext, &[&en, &fr]).label,
                en_label
            );
            assert_eq!(
                proof_origin(&u, MatchClass::InContext, &[&fr, &en]).label,
                fr_label
            );
        }
        // Found for another context: a reuse, whatever it was first.
        let o = proof_origin(&u, MatchClass::Exact, &[&en, &fr]);
        assert_eq!(
            (o.kind.as_str(), o.label.as_str()),
            (
                "reused",
                "reuse of the translation approved for another context"
            )
        );
        assert_eq!(o.candidate, None);
        // Awaiting review: no approval shown.
        let o = proof_origin(
            &unit(edited(), Approval::Unreviewed),
            MatchClass::InContext,
            &[&en, &fr],
        );
        assert_eq!(o.approved, None);
        // Every way, in both languages.
        for (ob, en_label) in [
            (Obtained::New, "new translation"),
            (Obtained::FuzzyAccepted, "fuzzy match 86% kept as it was"),
            (Obtained::Exact, "exact match reused (100%)"),
            (Obtained::InContext, "in-context match reused (101%)"),
            (
                Obtained::Substituted,
                "86% match reused, numbers and dates substituted",
            ),
        ] {
            let p = Provenance {
                obtained: Some(ob),
                ..edited()
            };
            let u = unit(p, Approval::Approved);
            assert_eq!(
                proof_origin(&u, MatchClass::InContext, &[&en, &fr]).label,
                en_label
            );
            let fr_label = proof_origin(&u, MatchClass::InContext, &[&fr, &en]).label;
            assert!(
                !fr_label.is_empty() && fr_label != ob.as_str(),
                "{fr_label}"
            );
            assert_eq!(
                proof_origin(&u, MatchClass::InContext, &[&en, &fr]).candidate,
                None
            );
        }
        // Nothing recorded.
        let o = proof_origin(
            &unit(Provenance::default(), Approval::Approved),
            MatchClass::InContext,
            &[&en, &fr],
        );
        assert_eq!(
            (o.kind.as_str(), o.label.as_str(), &o.imported, &o.approved),
            ("unknown", "origin not recorded", &None, &None)
        );
        // No bundle has the message: the kind itself.
        let o = proof_origin(
            &unit(edited(), Approval::Approved),
            MatchClass::InContext,
            &[],
        );
        assert_eq!((o.label.as_str(), o.imported), ("fuzzy-edited", None));
    }
}
