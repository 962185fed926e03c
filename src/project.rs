//! A diglot project folder: configuration, statements, memories, locales and
//! theme, and the operations the commands run on it (build, export, import).

use crate::config::{self, Config, ConfigError};
use crate::extract::{self, Segment};
use crate::l10n::{self, Bundle, FluentArg, L10nError, TextMessage};
use crate::model::{key_hash, Code, CodeKind, CodedText};
use crate::segment::Segmenter;
use crate::site::{self, LanguageSite, LocalizedBlock, LocalizedStatement, RenderText, SiteError};
use crate::source::{self, BlockKind, SourceError, Statement};
use crate::tm::{self, Approval, Memory, TmError, TmUnit};
use crate::xliff::{self, Document, File, State, Unit, XliffError};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{}", join_errors(.0))]
    Sources(Vec<SourceError>),
    #[error(transparent)]
    Tm(#[from] TmError),
    #[error("{}", join_errors(.0))]
    L10n(Vec<L10nError>),
    #[error(transparent)]
    Site(#[from] SiteError),
    #[error(transparent)]
    Xliff(#[from] XliffError),
    #[error("{path}: {message}")]
    Output { path: PathBuf, message: String },
    #[error(transparent)]
    Write(#[from] crate::fsutil::WriteError),
    #[error(transparent)]
    Segment(#[from] crate::segment::SegmentError),
    #[error("{0}")]
    Usage(String),
}

fn join_errors<E: std::fmt::Display>(v: &[E]) -> String {
    v.iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

impl ProjectError {
    /// Whether the error is about the content of the project (exit 1) rather
    /// than usage or I/O (exit 2).
    pub fn is_validation(&self) -> bool {
        match self {
            ProjectError::Sources(v) => v.iter().all(|e| matches!(e, SourceError::Invalid { .. })),
            ProjectError::L10n(v) => v.iter().all(|e| !matches!(e, L10nError::Io { .. })),
            ProjectError::Xliff(XliffError::Syntax { .. }) => true,
            ProjectError::Tm(TmError::Xliff(XliffError::Syntax { .. }))
            | ProjectError::Tm(TmError::Unit { .. }) => true,
            _ => false,
        }
    }
}

/// An opened project.
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    pub statements: Vec<Statement>,
    pub segmenter: Segmenter,
    /// Rules of the configured SRX file that could not be compiled.
    pub segmenter_issues: Vec<crate::segment::SrxIssue>,
    /// Segments of each statement (same order as `statements`).
    pub segments: Vec<Vec<Segment>>,
}

impl Project {
    /// Open the project at `root` (the folder holding `diglot.toml`).
    pub fn open(root: &Path) -> Result<Project, ProjectError> {
        let config = Config::load(&root.join(config::CONFIG_FILE))?;
        let (statements, errors) = source::load_statements(&root.join(&config.statements_dir));
        if !errors.is_empty() {
            return Err(ProjectError::Sources(errors));
        }
        let rules = config.segmentation.as_ref().map(|p| root.join(p));
        let (segmenter, segmenter_issues) =
            Segmenter::for_language(&config.source_language, rules.as_deref())?;
        let segments = statements
            .iter()
            .map(|s| extract::segments(s, &segmenter))
            .collect();
        Ok(Project {
            root: root.to_path_buf(),
            config,
            statements,
            segmenter,
            segmenter_issues,
            segments,
        })
    }

    /// Find the project from a folder inside it.
    pub fn discover(start: &Path) -> Result<Project, ProjectError> {
        let root = config::find_root(start)?;
        Project::open(&root)
    }

    pub fn path(&self, rel: &Path) -> PathBuf {
        self.root.join(rel)
    }

    /// A path relative to the project root, for messages.
    pub fn rel<'a>(&self, p: &'a Path) -> &'a Path {
        p.strip_prefix(&self.root).unwrap_or(p)
    }

    pub fn memory_dir(&self) -> PathBuf {
        self.path(&self.config.memory_dir)
    }

    pub fn memory(&self, lang: &str) -> Result<Memory, TmError> {
        Memory::load(&self.memory_dir(), &self.config.source_language, lang)
    }

    /// The memory of a language, locked for a read–merge–write (see
    /// [`tm::MemoryWriter`]): every command that changes it uses this.
    pub fn memory_writer(&self, lang: &str) -> Result<tm::MemoryWriter, TmError> {
        tm::MemoryWriter::open(
            tm::memory_path(&self.memory_dir(), lang),
            &self.config.source_language,
            lang,
        )
    }

    pub fn locale_files(&self, lang: &str) -> Result<Vec<l10n::FtlFile>, L10nError> {
        l10n::read_locale_dir(&self.path(&self.config.locales_dir), lang)
    }

    /// Check that `lang` is a target language of the project.
    pub fn target(&self, lang: &str) -> Result<(), ProjectError> {
        if self.config.target_languages.iter().any(|l| l == lang) {
            Ok(())
        } else {
            Err(ProjectError::Usage(format!(
                "`{lang}` is not a target language of this project (diglot.toml lists: {})",
                self.config.target_languages.join(", ")
            )))
        }
    }
}

/// Give target codes the native data of the source codes with the same kind
/// and id (links keep the source's URL whatever the translator's file said).
pub fn resolve_codes(target: &CodedText, source: &CodedText) -> CodedText {
    let mut t = target.clone();
    for c in &mut t.codes {
        if let Some(s) = source
            .codes
            .iter()
            .find(|s| s.kind == c.kind && s.id == c.id)
        {
            c.ctype = s.ctype.clone();
            c.data = s.data.clone();
            c.disp = s.disp.clone();
        }
    }
    t
}

/// A memory unit's target adapted to a new source: the unit's code ids are
/// renamed to the new source's (codes correspond by position) and take the
/// new source's native data. `None` when the two sources do not have the
/// same sequence of code kinds and types.
pub fn adapt_target(
    unit_source: &CodedText,
    unit_target: &CodedText,
    source: &CodedText,
) -> Option<CodedText> {
    let from = unit_source.codes_in_order();
    let to = source.codes_in_order();
    if from.len() != to.len()
        || from
            .iter()
            .zip(&to)
            .any(|(a, b)| a.kind != b.kind || a.ctype != b.ctype)
    {
        return None;
    }
    let map: HashMap<(CodeKind, &str), &str> = from
        .iter()
        .zip(&to)
        .map(|(a, b)| ((a.kind, a.id.as_str()), b.id.as_str()))
        .collect();
    let mut t = unit_target.clone();
    for c in &mut t.codes {
        if let Some(new) = map.get(&(c.kind, c.id.as_str())) {
            c.id = new.to_string();
        }
    }
    Some(resolve_codes(&t, source))
}

/// The stored translation of a memory unit for a segment whose source has
/// the same normalised key (so the same code sequence).
pub fn stored_target(unit: &TmUnit, source: &CodedText) -> CodedText {
    adapt_target(&unit.source, &unit.target, source)
        .unwrap_or_else(|| resolve_codes(&unit.target, source))
}

/// Compare inline codes of source and target: the codes missing from the
/// target and the codes the target adds, by kind and id.
pub fn code_differences(source: &CodedText, target: &CodedText) -> (Vec<Code>, Vec<Code>) {
    let key = |c: &Code| (c.kind, c.id.clone());
    let mut src: Vec<&Code> = source.codes.iter().collect();
    let mut extra = Vec::new();
    for c in &target.codes {
        if let Some(i) = src.iter().position(|s| key(s) == key(c)) {
            src.remove(i);
        } else {
            extra.push(c.clone());
        }
    }
    (src.into_iter().cloned().collect(), extra)
}

/// Describe a code for a translator: `{1}`, `{/1}`, `{1/}` and its type.
pub fn describe_code(c: &Code) -> String {
    let tag = match c.kind {
        CodeKind::Open => format!("{{{}}}", c.id),
        CodeKind::Close => format!("{{/{}}}", c.id),
        CodeKind::Standalone => format!("{{{}/}}", c.id),
    };
    format!("{tag} ({})", c.ctype)
}

// ---------------------------------------------------------------- build --

/// Options of `build`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Output folder (default: the configured one).
    pub out: Option<PathBuf>,
    /// Fall back to the source text for missing translations.
    pub allow_incomplete: bool,
    /// Also write a proof page beside each translated statement
    /// (`<lang>/<slug>/proof.html`): source and translation side by side
    /// with match class, state and QA findings.
    pub proof: bool,
}

/// A segment or message without an approved translation.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    pub lang: String,
    /// File where the text is defined (statement or Fluent file).
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    /// Segment id or message id.
    pub id: String,
    /// Statement slug, for segments.
    pub statement: Option<String>,
    /// The source text.
    pub text: String,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.statement {
            Some(s) => write!(
                f,
                "{}:{}:{}: [{}] statement `{}`: segment {} has no approved translation: “{}”",
                self.path.display(),
                self.line,
                self.column,
                self.lang,
                s,
                self.id,
                self.text
            ),
            None => write!(
                f,
                "{}:{}:{}: [{}] message `{}` is missing: “{}”",
                self.path.display(),
                self.line,
                self.column,
                self.lang,
                self.id,
                self.text
            ),
        }
    }
}

/// What `build` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildReport {
    pub out: PathBuf,
    pub files: usize,
    pub statements: usize,
    pub languages: Vec<String>,
    /// Missing translations (fatal unless `allow_incomplete`).
    pub missing: Vec<Missing>,
}

/// Messages of the theme that take variables, and which.
const MESSAGE_ARGS: &[(&str, &[&str])] = &[
    ("dateline", &["date"]),
    ("published-on", &["date"]),
    ("statement-count", &["count"]),
];

struct LangData {
    bundle: Bundle,
    /// seg message id → target coded text (codes resolved)
    targets: HashMap<String, CodedText>,
    /// The translation memory (target languages), kept for the proofs.
    memory: Option<Memory>,
}

impl Project {
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
    fn approved(&self, lang: &str, mem: &Memory) -> HashMap<String, CodedText> {
        let mut out = HashMap::new();
        for segs in &self.segments {
            for s in segs {
                if let Some((u, _)) =
                    mem.lookup_exact(&s.key, s.prev.as_deref(), s.next.as_deref(), true)
                {
                    out.insert(s.message_id(), stored_target(u, &s.source));
                }
            }
        }
        let _ = lang;
        out
    }

    fn lang_data(&self, lang: &str) -> Result<LangData, ProjectError> {
        let files = self
            .locale_files(lang)
            .map_err(|e| ProjectError::L10n(vec![e]))?;
        let mut bundle = Bundle::new(lang, &files).map_err(ProjectError::L10n)?;
        let (targets, memory): (HashMap<String, CodedText>, _) =
            if lang == self.config.source_language {
                let t = self
                    .segments
                    .iter()
                    .flatten()
                    .map(|s| (s.message_id(), s.source.clone()))
                    .collect();
                (t, None)
            } else {
                let mem = self.memory(lang)?;
                (self.approved(lang, &mem), Some(mem))
            };
        let mut msgs: Vec<TextMessage> = targets
            .iter()
            .map(|(id, t)| TextMessage {
                id: id.clone(),
                text: t.text.clone(),
            })
            .collect();
        msgs.sort_by(|a, b| a.id.cmp(&b.id));
        bundle.add_texts(&msgs).map_err(ProjectError::L10n)?;
        Ok(LangData {
            bundle,
            targets,
            memory,
        })
    }

    /// Render every statement in every language into the output folder.
    pub fn build(
        &self,
        opts: &BuildOptions,
        progress: &dyn Fn(usize, usize),
    ) -> Result<BuildReport, ProjectError> {
        let source_lang = self.config.source_language.clone();
        let langs = self.config.languages();
        let source = self.lang_data(&source_lang)?;
        let source_files = self
            .locale_files(&source_lang)
            .map_err(|e| ProjectError::L10n(vec![e]))?;
        let mut report = BuildReport {
            languages: langs.clone(),
            statements: self.statements.len(),
            ..Default::default()
        };
        let mut sites = Vec::new();
        // Findings shown in the proofs: one check for every language.
        let checked = opts
            .proof
            .then(|| crate::check::run(self))
            .transpose()
            .map_err(|e| ProjectError::Usage(e.to_string()))?;
        // Progress: localising, rendering and writing each count one step
        // per statement page.
        let pages = langs.len() * self.statements.len().max(1);
        let total = 3 * pages;
        let mut done = 0;
        for lang in &langs {
            let data = if *lang == source_lang {
                None
            } else {
                Some(self.lang_data(lang)?)
            };
            let data = data.as_ref().unwrap_or(&source);
            let mut missing = Vec::new();
            // Site messages.
            let mut messages = BTreeMap::new();
            let count = self.statements.len();
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
                        missing.push(Missing {
                            lang: lang.clone(),
                            path: self.rel(&path).to_path_buf(),
                            line,
                            column,
                            id: id.clone(),
                            statement: None,
                            text,
                        });
                        if let Ok(s) = source.bundle.format(id, &args) {
                            messages.insert(key, s);
                        }
                    }
                    Err(e) => return Err(ProjectError::L10n(vec![e])),
                }
            }
            // Statements.
            let mut statements = Vec::new();
            for (st, segs) in self.statements.iter().zip(&self.segments) {
                let date_arg = [("date", FluentArg::Str(st.front.date.clone()))];
                let dateline = self.format_or_fallback(
                    &data.bundle,
                    &source.bundle,
                    "dateline",
                    &date_arg,
                    lang,
                    &source_files,
                    &mut missing,
                )?;
                let (y, m, d) =
                    crate::locale::parse_iso_date(&st.front.date).unwrap_or((1970, 1, 1));
                let date_label = crate::locale::format_date(lang, y, m, d)
                    .map_err(|e| ProjectError::Usage(e.to_string()))?;
                let mut blocks: Vec<LocalizedBlock> = Vec::new();
                let mut title = None;
                let mut summary = None;
                for (bi, block) in st.blocks.iter().enumerate() {
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
                                missing.push(Missing {
                                    lang: lang.clone(),
                                    path: self.rel(&st.path).to_path_buf(),
                                    line: s.span.line,
                                    column: s.span.column,
                                    id: s.id.clone(),
                                    statement: Some(st.slug.clone()),
                                    text: site::plain(&s.source),
                                });
                                parts.push(RenderText {
                                    text: s.source.clone(),
                                    fallback_lang: Some(source_lang.clone()),
                                });
                            }
                            Err(e) => return Err(ProjectError::L10n(vec![e])),
                        }
                    }
                    match block.kind {
                        BlockKind::Title => title = Some(merge(parts)),
                        BlockKind::Summary => summary = Some(merge(parts)),
                        kind => blocks.push(LocalizedBlock {
                            kind,
                            list: block.list,
                            segments: parts,
                        }),
                    }
                }
                statements.push(LocalizedStatement {
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
                });
                done += 1;
                progress(done, total);
            }
            report.missing.extend(missing);
            let proofs = match (&checked, &data.memory) {
                (Some(report), Some(mem)) => self.proofs(mem, report),
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
        let site = site::Site::new(&self.config, &self.path(&self.config.theme_dir))?;
        let files =
            site.render_all_with_progress(&sites, &|k| progress(pages + k.min(pages), total))?;
        let out = match &opts.out {
            Some(o) if o.is_absolute() => o.clone(),
            Some(o) => std::env::current_dir()
                .map(|d| d.join(o))
                .unwrap_or_else(|_| o.clone()),
            None => self.path(&self.config.output_dir),
        };
        write_site(&self.root, &out, &files, &|i, n| {
            progress(2 * pages + i * pages / n.max(1), total)
        })?;
        report.out = out;
        report.files = files.len();
        Ok(report)
    }

    /// The proof of every statement in a target language: each segment with
    /// its stored translation, match class, review state and the findings
    /// of `check` about it (by segment id, or by the id of the memory unit
    /// that translates it).
    fn proofs(&self, mem: &Memory, report: &crate::check::Report) -> Vec<site::ProofStatement> {
        let lang = mem.target_lang.as_str();
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
        self.statements
            .iter()
            .zip(&self.segments)
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
                            target: found.map(|(u, _)| stored_target(u, &s.source)),
                            match_class: found.map(|(_, c)| c),
                            state,
                            findings: seg_findings,
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
        missing: &mut Vec<Missing>,
    ) -> Result<String, ProjectError> {
        match bundle.format(id, args) {
            Ok(s) => Ok(s),
            Err(L10nError::Missing { .. }) => {
                let (path, line, column, text) = Self::message_position(source_files, id);
                if !missing.iter().any(|m| m.id == id && m.statement.is_none()) {
                    missing.push(Missing {
                        lang: lang.to_string(),
                        path: self.rel(&path).to_path_buf(),
                        line,
                        column,
                        id: id.to_string(),
                        statement: None,
                        text,
                    });
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

/// XLIFF version of exported files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum XliffVersion {
    V1_2,
    V2_0,
    #[default]
    V2_1,
    V2_2,
}

impl XliffVersion {
    pub fn parse(s: &str) -> Option<XliffVersion> {
        Some(match s {
            "1.2" => XliffVersion::V1_2,
            "2.0" => XliffVersion::V2_0,
            "2.1" | "2" => XliffVersion::V2_1,
            "2.2" => XliffVersion::V2_2,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            XliffVersion::V1_2 => "1.2",
            XliffVersion::V2_0 => "2.0",
            XliffVersion::V2_1 => "2.1",
            XliffVersion::V2_2 => "2.2",
        }
    }

    /// Serialise a document in this version.
    pub fn write(self, doc: &Document) -> String {
        let mut doc = doc.clone();
        doc.version = self.as_str().to_string();
        match self {
            XliffVersion::V1_2 => xliff::write_v12(&doc),
            _ => xliff::write_v2(&doc),
        }
    }
}

/// Options of `export`.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub lang: String,
    /// XLIFF version (default 2.1).
    pub xliff: XliffVersion,
    pub out: PathBuf,
    /// Export every segment, not only those that need work.
    pub all: bool,
    /// Only these statements (slugs or file paths); all when empty.
    pub statements: Vec<String>,
    /// Overwrite exchange files that differ from what would be written.
    pub force: bool,
}

/// One exported file.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedFile {
    pub path: PathBuf,
    pub statement: String,
    pub units: usize,
}

impl Project {
    fn select_statements(&self, wanted: &[String]) -> Result<Vec<usize>, ProjectError> {
        if wanted.is_empty() {
            return Ok((0..self.statements.len()).collect());
        }
        let mut out = Vec::new();
        for w in wanted {
            let wp = Path::new(w);
            let found = self.statements.iter().position(|s| {
                s.slug == *w
                    || s.path == wp
                    || s.path
                        .canonicalize()
                        .ok()
                        .zip(wp.canonicalize().ok())
                        .map(|(a, b)| a == b)
                        .unwrap_or(false)
            });
            match found {
                Some(i) => out.push(i),
                None => {
                    return Err(ProjectError::Usage(format!(
                        "no statement `{w}` in this project"
                    )))
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Export the segments that need translation as XLIFF 2.1, one file per
    /// statement: `<out>/<slug>.<lang>.xlf`.
    pub fn export(&self, opts: &ExportOptions) -> Result<Vec<ExportedFile>, ProjectError> {
        self.target(&opts.lang)?;
        let mem = self.memory(&opts.lang)?;
        let index = self.index(&opts.lang, &[])?;
        let ex = &self.config.exchange;
        let mut pending = Vec::new();
        for i in self.select_statements(&opts.statements)? {
            let st = &self.statements[i];
            let segs = &self.segments[i];
            let title = st
                .blocks
                .first()
                .map(|b| site::plain(&b.content))
                .unwrap_or_default();
            let mut units = Vec::new();
            for (k, s) in segs.iter().enumerate() {
                let approved = mem.lookup_exact(&s.key, s.prev.as_deref(), s.next.as_deref(), true);
                if approved.is_some() && !opts.all {
                    continue;
                }
                let mut u = Unit::new(s.id.clone(), s.source.clone());
                u.notes
                    .push(tm::note("statement", format!("{} ({})", title, st.slug)));
                if k > 0 {
                    u.notes
                        .push(tm::note("previous", site::plain(&segs[k - 1].source)));
                }
                if let Some(n) = segs.get(k + 1) {
                    u.notes.push(tm::note("next", site::plain(&n.source)));
                }
                if let Some((unit, _)) = approved {
                    // --all: the approved translation itself.
                    u.target = Some(stored_target(unit, &s.source));
                    u.state = Some(State::Final);
                    u.sub_state = Some("diglot:approved".into());
                } else {
                    u.state = Some(State::Initial);
                }
                // TM candidates, best first; the best pre-fills the target
                // when configured.
                let matches = index.lookup(
                    &s.source,
                    s.prev.as_deref(),
                    s.next.as_deref(),
                    ex.candidates_min,
                );
                for m in matches.iter().take(ex.max_candidates) {
                    u.matches.push(xliff_match(&index, m));
                }
                if approved.is_none() {
                    if let (Some(min), Some(best)) = (ex.prefill, matches.first()) {
                        let unit = index.unit(best.unit);
                        if best.score >= min {
                            if let Some(t) =
                                adapt_target(&unit.source, best.target(&index), &s.source)
                            {
                                u.target = Some(t);
                                u.state = Some(State::Translated);
                                u.sub_state = Some(format!("diglot:{}", class_name(best.class)));
                                u.state_qualifier = Some(state_qualifier(best.class).into());
                            }
                        }
                    }
                }
                units.push(u);
            }
            if units.is_empty() {
                continue;
            }
            let n = units.len();
            let doc = Document {
                version: opts.xliff.as_str().into(),
                source_lang: self.config.source_language.clone(),
                target_lang: Some(opts.lang.clone()),
                files: vec![File {
                    id: st.slug.clone(),
                    original: Some(self.rel(&st.path).to_string_lossy().to_string()),
                    units,
                }],
            };
            let path = opts.out.join(format!("{}.{}.xlf", st.slug, opts.lang));
            pending.push((opts.xliff.write(&doc), path, st.slug.clone(), n));
        }
        // An exchange file may be a translator's work in progress: one that
        // differs from what would be written is replaced only with --force.
        // Nothing is written when any would be refused.
        let mut locked = Vec::new();
        let mut refused = Vec::new();
        for (xml, path, _, _) in &pending {
            let lock = crate::fsutil::lock(path)?;
            match std::fs::read(lock.target()) {
                Ok(old) if old != xml.as_bytes() && !opts.force => refused.push(format!(
                    "{}: exists and differs from what export would write (a translation in progress?); import it first, move it away, or use --force to overwrite it",
                    path.display()
                )),
                _ => {}
            }
            locked.push(lock);
        }
        if !refused.is_empty() {
            return Err(ProjectError::Usage(refused.join("\n")));
        }
        let mut written = Vec::new();
        for ((xml, path, statement, units), lock) in pending.into_iter().zip(&locked) {
            crate::fsutil::write_locked(lock, xml.as_bytes()).map_err(|e| {
                crate::fsutil::WriteError {
                    path: path.clone(),
                    source: e.source,
                }
            })?;
            written.push(ExportedFile {
                path,
                statement,
                units,
            });
        }
        Ok(written)
    }
}

// --------------------------------------------------------------- import --

/// Options of `import`.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Import nothing if any unit is rejected or stale.
    pub strict: bool,
    /// Check and report without writing the memory.
    pub dry_run: bool,
}

/// Why a unit was not imported.
#[derive(Debug, Clone, Serialize)]
pub struct Rejection {
    pub file: PathBuf,
    pub line: usize,
    pub unit: String,
    /// `unknown-id`, `stale`, `inline-codes`, `language`.
    pub reason: &'static str,
    pub message: String,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: unit `{}`: {} [{}]",
            self.file.display(),
            self.line,
            self.unit,
            self.message,
            self.reason
        )
    }
}

/// What `import` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub approved: usize,
    pub unreviewed: usize,
    /// Units whose translation was already in the memory.
    pub unchanged: usize,
    /// Units without a target (nothing to import).
    pub untranslated: usize,
    pub stale: usize,
    pub rejected: usize,
    pub problems: Vec<Rejection>,
    /// Whether the memory was written.
    pub written: bool,
    pub memories: Vec<PathBuf>,
}

impl Project {
    /// Import translated XLIFF files into the memory of their target language.
    pub fn import(
        &self,
        files: &[PathBuf],
        opts: &ImportOptions,
    ) -> Result<ImportReport, ProjectError> {
        let mut report = ImportReport::default();
        // Locked from the first read to the write (a dry run reads without
        // the lock: it writes nothing).
        let mut memories: BTreeMap<String, tm::MemoryWriter> = BTreeMap::new();
        let mut dry: BTreeMap<String, Memory> = BTreeMap::new();
        // Segment id → (statement index, segment index)
        let mut by_id: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for (si, segs) in self.segments.iter().enumerate() {
            for (k, s) in segs.iter().enumerate() {
                by_id.entry(s.id.as_str()).or_default().push((si, k));
            }
        }
        let mut changed = false;
        for file in files {
            let bytes = read_limited(file)?;
            let doc = xliff::read_document(&bytes, file)?;
            let Some(lang) = doc.target_lang.clone().filter(|l| !l.is_empty()) else {
                return Err(ProjectError::Usage(format!(
                    "{}: the file declares no target language",
                    file.display()
                )));
            };
            self.target(&lang)
                .map_err(|e| ProjectError::Usage(format!("{}: {e}", file.display())))?;
            if doc.source_lang != self.config.source_language {
                return Err(ProjectError::Usage(format!(
                    "{}: source language is `{}`, the project's is `{}`",
                    file.display(),
                    doc.source_lang,
                    self.config.source_language
                )));
            }
            let mem: &mut Memory = if opts.dry_run {
                if !dry.contains_key(&lang) {
                    dry.insert(lang.clone(), self.memory(&lang)?);
                }
                dry.get_mut(&lang).expect("inserted")
            } else {
                if !memories.contains_key(&lang) {
                    memories.insert(lang.clone(), self.memory_writer(&lang)?);
                }
                memories.get_mut(&lang).expect("inserted")
            };
            let origin = file.file_name().map(|n| n.to_string_lossy().to_string());
            for xf in &doc.files {
                let file_statement = self.statements.iter().position(|s| s.slug == xf.id);
                for u in &xf.units {
                    let reject = |reason: &'static str, message: String| Rejection {
                        file: file.clone(),
                        line: u.line,
                        unit: u.id.clone(),
                        reason,
                        message,
                    };
                    let Some(target) = u.target.as_ref().filter(|t| !t.text.trim().is_empty())
                    else {
                        report.untranslated += 1;
                        continue;
                    };
                    let candidates = by_id.get(u.id.as_str()).cloned().unwrap_or_default();
                    let place = candidates
                        .iter()
                        .copied()
                        .find(|(si, _)| Some(*si) == file_statement)
                        .or_else(|| candidates.first().copied());
                    let Some((si, k)) = place else {
                        report.rejected += 1;
                        report.problems.push(reject(
                            "unknown-id",
                            "no segment of the project has this id".into(),
                        ));
                        continue;
                    };
                    let seg = &self.segments[si][k];
                    if key_hash(&u.source) != seg.key {
                        report.stale += 1;
                        report.problems.push(reject(
                            "stale",
                            format!(
                                "the source changed since export: now “{}”, the file has “{}”",
                                site::plain(&seg.source),
                                site::plain(&u.source)
                            ),
                        ));
                        continue;
                    }
                    let (missing, extra) = code_differences(&seg.source, target);
                    if !missing.is_empty() || !extra.is_empty() {
                        let mut parts = Vec::new();
                        if !missing.is_empty() {
                            parts.push(format!(
                                "missing {}",
                                missing
                                    .iter()
                                    .map(describe_code)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ));
                        }
                        if !extra.is_empty() {
                            parts.push(format!(
                                "unexpected {}",
                                extra
                                    .iter()
                                    .map(describe_code)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ));
                        }
                        report.rejected += 1;
                        report.problems.push(reject(
                            "inline-codes",
                            format!(
                                "the target's inline codes differ from the source: {}",
                                parts.join("; ")
                            ),
                        ));
                        continue;
                    }
                    let approval = match u.state {
                        Some(State::Final) | Some(State::Reviewed) => Approval::Approved,
                        Some(State::Translated) if self.config.exchange.accept_translated => {
                            Approval::Approved
                        }
                        _ => Approval::Unreviewed,
                    };
                    let unit = TmUnit {
                        id: String::new(),
                        source: seg.source.clone(),
                        target: resolve_codes(target, &seg.source),
                        approval,
                        prev: seg.prev.clone(),
                        next: seg.next.clone(),
                        statement: Some(self.statements[si].slug.clone()),
                        origin: origin.clone(),
                        line: 0,
                    };
                    let (_, did_change) = mem.upsert(unit);
                    if did_change {
                        changed = true;
                        match approval {
                            Approval::Approved => report.approved += 1,
                            Approval::Unreviewed => report.unreviewed += 1,
                        }
                    } else {
                        report.unchanged += 1;
                    }
                }
            }
        }
        let blocked = opts.strict && (report.rejected > 0 || report.stale > 0);
        if changed && !blocked && !opts.dry_run {
            for mem in memories.values() {
                mem.save()?;
                report.memories.push(self.rel(&mem.path).to_path_buf());
            }
            report.written = true;
        }
        Ok(report)
    }
}

// ------------------------------------------------------------ tm import --

/// What `tm import` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TmImportReport {
    /// Reference memory files written, with their unit counts.
    pub written: Vec<(PathBuf, usize)>,
    /// Pairs skipped: empty, or with a language the project does not have.
    pub skipped: usize,
}

/// The kind of a translation-memory file, from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TmFileKind {
    Tmx,
    Xliff,
    Tsv,
}

/// Detect TMX, XLIFF or TSV from the first bytes of a file (any encoding
/// the XML readers accept; a BOM is skipped).
pub fn detect_tm_file(bytes: &[u8]) -> TmFileKind {
    // Only the first bytes are looked at (a memory can be hundreds of MB).
    let prefix = &bytes[..bytes.len().min(8192) & !1];
    let head = match prefix {
        [0xFF, 0xFE, ..] | [_, 0, ..] => encoding_rs::UTF_16LE.decode_with_bom_removal(prefix).0,
        [0xFE, 0xFF, ..] | [0, _, ..] => encoding_rs::UTF_16BE.decode_with_bom_removal(prefix).0,
        // UTF-8 and the single-byte encodings agree on ASCII markup.
        _ => String::from_utf8_lossy(prefix),
    };
    let lower = head.to_ascii_lowercase();
    if lower.contains("<tmx") {
        TmFileKind::Tmx
    } else if lower.contains("<xliff") {
        TmFileKind::Xliff
    } else {
        TmFileKind::Tsv
    }
}

fn same_lang(a: &str, b: &str) -> bool {
    let p = |s: &str| s.split(['-', '_']).next().unwrap_or(s).to_ascii_lowercase();
    a.eq_ignore_ascii_case(b) || p(a) == p(b)
}

impl Project {
    /// Import TMX, XLIFF or TSV files as reference memories:
    /// `corpus/memory/reference/<file stem>.<lang>.xlf`, one per file and
    /// target language. Reference units are unreviewed: used for matching and
    /// pre-filling, never published, never reported obsolete.
    pub fn tm_import(
        &self,
        files: &[PathBuf],
        tsv_lang: Option<&str>,
    ) -> Result<TmImportReport, ProjectError> {
        let mut report = TmImportReport::default();
        let src = self.config.source_language.clone();
        for file in files {
            let bytes = read_memory_file(file)?;
            let origin = file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let stem = file
                .file_stem()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| "memory".into());
            let pairs = self.read_tm_pairs(file, &bytes, tsv_lang, &mut report.skipped)?;
            for (lang, list) in pairs {
                let path = self
                    .memory_dir()
                    .join(tm::REFERENCE_DIR)
                    .join(format!("{stem}.{lang}.xlf"));
                // The file's units replace the reference memory's; units
                // that stay the same keep their bytes.
                let mut mem = tm::MemoryWriter::open(path.clone(), &src, &lang)?;
                mem.clear();
                for (s, t) in list {
                    mem.upsert(TmUnit {
                        id: String::new(),
                        source: s,
                        target: t,
                        approval: Approval::Unreviewed,
                        prev: None,
                        next: None,
                        statement: None,
                        origin: Some(origin.clone()),
                        line: 0,
                    });
                }
                mem.save()?;
                report
                    .written
                    .push((self.rel(&path).to_path_buf(), mem.len()));
            }
        }
        Ok(report)
    }

    /// The translation pairs of a TMX, XLIFF or TSV file, by target language
    /// of the project.
    fn read_tm_pairs(
        &self,
        file: &Path,
        bytes: &[u8],
        tsv_lang: Option<&str>,
        skipped: &mut usize,
    ) -> Result<BTreeMap<String, Vec<(CodedText, CodedText)>>, ProjectError> {
        read_tm_pairs(
            file,
            bytes,
            &self.config.source_language,
            &self.config.target_languages,
            tsv_lang,
            skipped,
        )
    }

    /// Every unit to match against for a language: the project memory, the
    /// reference memories, and extra TMX/XLIFF/TSV files.
    pub fn tm_units(&self, lang: &str, extra: &[PathBuf]) -> Result<Vec<TmUnit>, ProjectError> {
        let mut units: Vec<TmUnit> = self.memory(lang)?.into_units();
        units.extend(tm::load_references(
            &self.memory_dir(),
            &self.config.source_language,
            lang,
        )?);
        for file in extra {
            units.extend(extra_units(
                file,
                &self.config.source_language,
                &self.config.target_languages,
                lang,
            )?);
        }
        Ok(units)
    }

    /// The matching index of a language.
    pub fn index(&self, lang: &str, extra: &[PathBuf]) -> Result<tm::index::Index, ProjectError> {
        self.target(lang)?;
        Ok(tm::index::Index::build(
            self.tm_units(lang, extra)?,
            &self.config.source_language,
            lang,
        ))
    }

    /// Trados/memoQ-style analysis of every statement against the memories.
    pub fn analyze(&self, lang: &str) -> Result<tm::analyze::Analysis, ProjectError> {
        let index = self.index(lang, &[])?;
        let list: Vec<(&str, &[Segment])> = self
            .statements
            .iter()
            .zip(&self.segments)
            .map(|(st, segs)| (st.slug.as_str(), segs.as_slice()))
            .collect();
        Ok(tm::analyze::analyze(&list, &index))
    }

    /// The project memory of a language as TMX 1.4 or XLIFF.
    pub fn tm_export(&self, lang: &str, format: TmExportFormat) -> Result<String, ProjectError> {
        self.target(lang)?;
        let mem = self.memory(lang)?;
        Ok(match format {
            TmExportFormat::Tmx => {
                let doc = crate::tmx::TmxDocument::from_pairs(
                    &self.config.source_language,
                    lang,
                    mem.units()
                        .iter()
                        .filter(|u| u.approval == Approval::Approved)
                        .map(|u| (Some(u.id.clone()), &u.source, &u.target)),
                );
                crate::tmx::write_tmx(&doc)
            }
            TmExportFormat::Xliff(v) => v.write(&mem.to_document()),
        })
    }
}

/// Output format of `tm export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TmExportFormat {
    Tmx,
    Xliff(XliffVersion),
}

/// Read an exchange file, refusing files larger than
/// [`xliff::MAX_INPUT_BYTES`].
pub fn read_limited(path: &Path) -> Result<Vec<u8>, ProjectError> {
    read_at_most(path, xliff::MAX_INPUT_BYTES, "exchange files")
}

/// Read a translation-memory file (TMX, XLIFF or TSV given to `tm import`
/// or `--tm`), refusing files larger than [`xliff::MAX_MEMORY_BYTES`].
pub fn read_memory_file(path: &Path) -> Result<Vec<u8>, ProjectError> {
    read_at_most(path, xliff::MAX_MEMORY_BYTES, "memory files")
}

fn read_at_most(path: &Path, limit: usize, what: &str) -> Result<Vec<u8>, ProjectError> {
    let meta = std::fs::metadata(path).map_err(|source| XliffError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.len() > limit as u64 {
        return Err(ProjectError::Output {
            path: path.to_path_buf(),
            message: format!(
                "the file is {} MiB; diglot reads {what} up to {} MiB",
                meta.len() / (1024 * 1024),
                limit / (1024 * 1024)
            ),
        });
    }
    std::fs::read(path).map_err(|source| {
        XliffError::Io {
            path: path.to_path_buf(),
            source,
        }
        .into()
    })
}

fn decode_text(bytes: &[u8], path: &Path) -> Result<String, ProjectError> {
    Ok(xliff::decode_text(bytes, path)?)
}

/// One problem found by `validate`.
#[derive(Debug, Clone, Serialize)]
pub struct Validation {
    pub path: PathBuf,
    pub rule: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// `path:line:column: [rule] message`
impl std::fmt::Display for Validation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: [{}] {}",
            self.path.display(),
            self.line,
            self.column,
            self.rule,
            self.message
        )
    }
}

/// Validate an XLIFF (1.x/2.x), TMX or FTL file.
pub fn validate_path(path: &Path) -> Result<Vec<Validation>, ProjectError> {
    let bytes = read_limited(path)?;
    let is_ftl = path.extension().map(|e| e == "ftl").unwrap_or(false);
    if is_ftl {
        let text = decode_text(&bytes, path)?;
        return Ok(l10n::lint::lint_file(l10n::lint::Ftl { path, text: &text })
            .into_iter()
            .map(|f| Validation {
                path: path.to_path_buf(),
                rule: f.rule.to_string(),
                line: f.line,
                column: f.column,
                message: f.message,
            })
            .collect());
    }
    Ok(xliff::validate(&bytes, path)
        .into_iter()
        .map(|v| Validation {
            path: path.to_path_buf(),
            rule: v.rule,
            line: v.line,
            column: v.column,
            message: v.message,
        })
        .collect())
}

/// An operation of `diglot xliff` on an XLIFF 2 file (see
/// [`xliff::join_units`], [`xliff::segment_units`], [`xliff::remove_markup`]
/// and [`xliff::rewrite`]).
#[derive(Debug, Clone)]
pub enum XliffOperation {
    /// Read and write back.
    Rewrite,
    /// Join the segments of the units with these ids (all when empty).
    Join { units: Vec<String> },
    /// Split segments into sentences with these rules (SRX or TOML; the
    /// built-in rules of the file's languages when `None`).
    Segment { rules: Option<PathBuf> },
    /// Remove annotations and/or extensions.
    RemoveMarkup(xliff::RemoveOptions),
}

/// The result of an [`xliff_operation`].
#[derive(Debug, Default)]
pub struct XliffOperationResult {
    /// Where the input breaks XLIFF 2. When there is any, the operation is
    /// not run and `bytes` is empty.
    pub violations: Vec<Validation>,
    /// The output document.
    pub bytes: Vec<u8>,
    /// Whether the output differs from the input.
    pub changed: bool,
    /// Problems with the segmentation rules (rules that were skipped).
    pub warnings: Vec<String>,
}

/// Run an operation on an XLIFF 2 file. A file that is not XLIFF 2 or not
/// well-formed is an error naming its line and column; a well-formed
/// XLIFF 2 document with violations is reported in
/// [`XliffOperationResult::violations`] and left alone.
pub fn xliff_operation(
    input: &Path,
    op: &XliffOperation,
) -> Result<XliffOperationResult, ProjectError> {
    let bytes = read_limited(input)?;
    // Not XLIFF 2, or not well-formed: an error.
    xliff::rewrite(&bytes, input)?;
    let violations: Vec<Validation> = xliff::validate(&bytes, input)
        .into_iter()
        .map(|v| Validation {
            path: input.to_path_buf(),
            rule: v.rule,
            line: v.line,
            column: v.column,
            message: v.message,
        })
        .collect();
    if !violations.is_empty() {
        return Ok(XliffOperationResult {
            violations,
            ..Default::default()
        });
    }
    let mut warnings = Vec::new();
    let out = match op {
        XliffOperation::Rewrite => xliff::rewrite(&bytes, input)?,
        XliffOperation::Join { units } => {
            if !units.is_empty() {
                let doc = xliff::read_document(&bytes, input)?;
                let unknown: Vec<&str> = units
                    .iter()
                    .filter(|id| !doc.units().any(|u| &u.id == *id))
                    .map(String::as_str)
                    .collect();
                if !unknown.is_empty() {
                    return Err(ProjectError::Usage(format!(
                        "{}: no unit with id {}",
                        input.display(),
                        unknown
                            .iter()
                            .map(|u| format!("`{u}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
            xliff::join_units(&bytes, input, units)?
        }
        XliffOperation::RemoveMarkup(o) => xliff::remove_markup(&bytes, input, o)?,
        XliffOperation::Segment { rules } => {
            let doc = xliff::read_document(&bytes, input)?;
            let mut segmenter = |lang: &str| -> Result<Segmenter, ProjectError> {
                let (s, issues) = Segmenter::for_language(lang, rules.as_deref())?;
                warnings.extend(issues.iter().map(|i| i.to_string()));
                Ok(s)
            };
            let source = segmenter(&doc.source_lang)?;
            let target = match doc.target_lang.as_deref().filter(|t| !t.is_empty()) {
                Some(t) => segmenter(t)?,
                None => source.clone(),
            };
            xliff::segment_units(&bytes, input, &|_, side, text| match side {
                xliff::Side::Source => source.split_text(text),
                xliff::Side::Target => target.split_text(text),
            })?
        }
    };
    Ok(XliffOperationResult {
        changed: out != bytes,
        bytes: out,
        violations,
        warnings,
    })
}

/// The translation pairs of a TMX, XLIFF or TSV file, by target language
/// among `targets`.
pub fn read_tm_pairs(
    file: &Path,
    bytes: &[u8],
    src: &str,
    targets: &[String],
    tsv_lang: Option<&str>,
    skipped: &mut usize,
) -> Result<BTreeMap<String, Vec<(CodedText, CodedText)>>, ProjectError> {
    // target language → pairs
    let mut pairs: BTreeMap<String, Vec<(CodedText, CodedText)>> = BTreeMap::new();
    match detect_tm_file(bytes) {
        TmFileKind::Tmx => {
            let doc = crate::tmx::read_tmx(bytes, file)?;
            return Ok(tmx_pairs(doc, src, targets, skipped));
        }
        TmFileKind::Xliff => {
            let doc = xliff::read_memory_document(bytes, file)?;
            let lang = doc.target_lang.clone().unwrap_or_default();
            let Some(lang) = targets.iter().find(|l| same_lang(l, &lang)).cloned() else {
                return Err(ProjectError::Usage(format!(
                    "{}: target language `{lang}` is not one of this project's",
                    file.display()
                )));
            };
            for u in doc.units() {
                match &u.target {
                    Some(t) if !t.text.trim().is_empty() && !u.source.text.trim().is_empty() => {
                        pairs
                            .entry(lang.clone())
                            .or_default()
                            .push((u.source.clone(), t.clone()))
                    }
                    _ => *skipped += 1,
                }
            }
        }
        TmFileKind::Tsv => {
            let lang = match tsv_lang {
                Some(l) => l.to_string(),
                None if targets.len() == 1 => targets[0].clone(),
                None => {
                    return Err(ProjectError::Usage(format!(
                        "{}: a TSV file needs --lang",
                        file.display()
                    )))
                }
            };
            if !targets.contains(&lang) {
                return Err(ProjectError::Usage(format!(
                    "`{lang}` is not a target language ({})",
                    targets.join(", ")
                )));
            }
            let text = decode_text(bytes, file)?;
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let mut cols = line.split('\t');
                let (Some(s), Some(t)) = (cols.next(), cols.next()) else {
                    return Err(ProjectError::Output {
                        path: file.to_path_buf(),
                        message: format!("line {}: expected `source<TAB>target`", i + 1),
                    });
                };
                if s.trim().is_empty() || t.trim().is_empty() {
                    *skipped += 1;
                    continue;
                }
                pairs
                    .entry(lang.clone())
                    .or_default()
                    .push((CodedText::plain(s.trim()), CodedText::plain(t.trim())));
            }
        }
    }
    Ok(pairs)
}

/// Name of a match class, as in reports and `subState` (`in-context`,
/// `exact`, `penalised`, `substituted`, `fuzzy`).
pub fn class_name(c: tm::MatchClass) -> &'static str {
    match c {
        tm::MatchClass::InContext => "in-context",
        tm::MatchClass::Exact => "exact",
        tm::MatchClass::Penalised => "penalised",
        tm::MatchClass::Substituted => "substituted",
        tm::MatchClass::Fuzzy => "fuzzy",
    }
}

/// XLIFF 1.2 `state-qualifier` of a target pre-filled from a match.
fn state_qualifier(c: tm::MatchClass) -> &'static str {
    match c {
        tm::MatchClass::InContext | tm::MatchClass::Exact => "exact-match",
        tm::MatchClass::Penalised | tm::MatchClass::Substituted => "leveraged-tm",
        tm::MatchClass::Fuzzy => "fuzzy-match",
    }
}

/// A TM match as an XLIFF candidate (`mtc:match` / `alt-trans`): quality
/// capped at 100 (an in-context match says so in its origin).
fn xliff_match(index: &tm::index::Index, m: &tm::index::Match) -> xliff::Match {
    let unit = index.unit(m.unit);
    let mut x = xliff::Match::new(
        m.score.min(100),
        unit.source.clone(),
        m.target(index).clone(),
    );
    let origin = unit.origin.clone().unwrap_or_else(|| "memory".into());
    x.origin = Some(format!("{origin} ({} {}%)", class_name(m.class), m.score));
    x.kind = Some("tm".into());
    x
}

/// One row of `tm lookup`.
#[derive(Debug, Clone, Serialize)]
pub struct LookupRow {
    pub score: u8,
    pub class: &'static str,
    pub unit: String,
    pub approved: bool,
    pub origin: Option<String>,
    pub source: String,
    pub target: String,
    pub substitutions: Vec<tm::score::Substitution>,
}

impl Project {
    /// The best matches of a text in a language's memories.
    pub fn lookup(
        &self,
        text: &str,
        lang: &str,
        min: u8,
        extra: &[PathBuf],
    ) -> Result<Vec<LookupRow>, ProjectError> {
        let index = self.index(lang, extra)?;
        let query = CodedText::plain(text.trim());
        Ok(index
            .lookup(&query, None, None, min)
            .iter()
            .map(|m| {
                let u = index.unit(m.unit);
                LookupRow {
                    score: m.score,
                    class: class_name(m.class),
                    unit: u.id.clone(),
                    approved: u.approval == Approval::Approved,
                    origin: u.origin.clone(),
                    source: u.source.display(),
                    target: m.target(&index).display(),
                    substitutions: m.substitutions.clone(),
                }
            })
            .collect())
    }
}

/// What `pretranslate` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PretranslateReport {
    pub units: usize,
    pub with_candidates: usize,
    pub source_lang: String,
    pub target_lang: String,
    pub memory_units: usize,
}

/// Add TM candidates to any XLIFF file (and fill targets at or above
/// `fill`), leaving every other byte as it was. The memory is the project's
/// (when `project` is given and translates into the file's language) plus
/// each `tm_files` (TMX, XLIFF or TSV).
pub fn pretranslate(
    project: Option<&Project>,
    input: &Path,
    tm_files: &[PathBuf],
    fill: Option<u8>,
    min: u8,
    max_candidates: usize,
) -> Result<(Vec<u8>, PretranslateReport), ProjectError> {
    let bytes = read_limited(input)?;
    // The TM files are read and parsed while the XLIFF file is parsed (once,
    // for the lookups and the output) and its sources are analysed for
    // matching (errors in the XLIFF file still come first).
    let (parsed, tms) = rayon::join(
        || -> Result<_, XliffError> {
            let parsed = xliff::Parsed::parse(&bytes, input)?;
            let doc = parsed.document()?;
            let analysed: Vec<(String, tm::score::Analysed)> = doc
                .units()
                .map(|u| {
                    (
                        key_hash(&u.source),
                        tm::index::analyse(&u.source, &doc.source_lang),
                    )
                })
                .collect();
            Ok((parsed, doc, analysed))
        },
        || {
            tm_files
                .iter()
                .map(|f| TmFile::read(f))
                .collect::<Vec<Result<TmFile, ProjectError>>>()
        },
    );
    let (parsed, doc, analysed) = parsed?;
    let src = doc.source_lang.clone();
    let Some(tgt) = doc.target_lang.clone().filter(|t| !t.is_empty()) else {
        return Err(ProjectError::Usage(format!(
            "{}: the file declares no target language",
            input.display()
        )));
    };
    let mut units: Vec<TmUnit> = Vec::new();
    if let Some(p) = project {
        if same_lang(&p.config.source_language, &src) {
            if let Some(l) = p
                .config
                .target_languages
                .iter()
                .find(|l| same_lang(l, &tgt))
            {
                units = p.tm_units(l, &[])?;
            }
        }
    }
    let targets = vec![tgt.clone()];
    for tm in tms {
        units.extend(tm?.units(&src, &targets, &tgt)?);
    }
    let mut report = PretranslateReport {
        units: doc.units().count(),
        source_lang: src.clone(),
        target_lang: tgt.clone(),
        memory_units: units.len(),
        ..Default::default()
    };
    let index = tm::index::Index::build(units, &src, &tgt);
    // Look every distinct source up at once (in parallel), then hand the
    // candidates to the splicer unit by unit.
    let all: Vec<(&str, &CodedText, &tm::score::Analysed)> = doc
        .units()
        .zip(&analysed)
        .map(|(u, (k, a))| (k.as_str(), &u.source, a))
        .collect();
    // The splicer parses the file again: it finds the keys by source text
    // instead of computing them again (equal texts have equal keys).
    let mut by_text: HashMap<&str, Vec<(&CodedText, &str)>> = HashMap::new();
    for (k, s, _) in &all {
        by_text.entry(s.text.as_str()).or_default().push((*s, *k));
    }
    let mut keyed = all.clone();
    keyed.sort_by(|a, b| a.0.cmp(b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    let queries: Vec<tm::index::Query> = keyed
        .iter()
        .map(|(_, s, a)| tm::index::Query::new(s).with_analysis(a))
        .collect();
    let found: HashMap<&str, Vec<xliff::Match>> = keyed
        .iter()
        .zip(index.lookup_batch(&queries, min))
        .filter(|(_, ms)| !ms.is_empty())
        .map(|((k, _, _), ms)| {
            (
                *k,
                ms.iter()
                    .take(max_candidates)
                    .map(|m| xliff_match(&index, m))
                    .collect(),
            )
        })
        .collect();
    let with = std::cell::Cell::new(0usize);
    let out = parsed.pretranslate(
        &|u: &Unit| {
            let known = by_text
                .get(u.source.text.as_str())
                .and_then(|v| v.iter().find(|(s, _)| **s == u.source))
                .map(|(_, k)| *k);
            let ms = match known {
                Some(k) => found.get(k),
                None => found.get(key_hash(&u.source).as_str()),
            }?;
            with.set(with.get() + 1);
            Some(ms.clone())
        },
        fill,
    )?;
    report.with_candidates = with.get();
    Ok((out, report))
}

/// The (source, target) pairs of a TMX document per target language.
fn tmx_pairs(
    mut doc: crate::tmx::TmxDocument,
    src: &str,
    targets: &[String],
    skipped: &mut usize,
) -> BTreeMap<String, Vec<(CodedText, CodedText)>> {
    let mut pairs: BTreeMap<String, Vec<(CodedText, CodedText)>> = BTreeMap::new();
    for (k, lang) in targets.iter().enumerate() {
        // The texts are moved out for the last language (the only
        // one, usually), cloned for the others.
        let last = k + 1 == targets.len();
        for u in &mut doc.units {
            let s = u.variants.iter().position(|v| same_lang(&v.lang, src));
            let t = u.variants.iter().position(|v| same_lang(&v.lang, lang));
            match (s, t) {
                (Some(s), Some(t))
                    if !u.variants[s].text.text.trim().is_empty()
                        && !u.variants[t].text.text.trim().is_empty() =>
                {
                    let pair = if last && s != t {
                        (
                            std::mem::take(&mut u.variants[s].text),
                            std::mem::take(&mut u.variants[t].text),
                        )
                    } else {
                        (u.variants[s].text.clone(), u.variants[t].text.clone())
                    };
                    pairs.entry(lang.clone()).or_default().push(pair)
                }
                _ => *skipped += 1,
            }
        }
    }
    pairs
}

/// A TM file read, and parsed when it is TMX (which needs no language).
struct TmFile {
    path: PathBuf,
    bytes: Vec<u8>,
    tmx: Option<crate::tmx::TmxDocument>,
}

impl TmFile {
    fn read(path: &Path) -> Result<TmFile, ProjectError> {
        let bytes = read_limited(path)?;
        let tmx = match detect_tm_file(&bytes) {
            TmFileKind::Tmx => Some(crate::tmx::read_tmx(&bytes, path)?),
            _ => None,
        };
        Ok(TmFile {
            path: path.to_path_buf(),
            bytes,
            tmx,
        })
    }

    /// Its units for one target language (as [`extra_units`]).
    fn units(self, src: &str, targets: &[String], lang: &str) -> Result<Vec<TmUnit>, ProjectError> {
        let mut skipped = 0;
        let pairs = match self.tmx {
            Some(doc) => tmx_pairs(doc, src, targets, &mut skipped),
            None => read_tm_pairs(
                &self.path,
                &self.bytes,
                src,
                targets,
                Some(lang),
                &mut skipped,
            )?,
        };
        Ok(reference_units(&self.path, pairs, lang))
    }
}

/// The units of a TMX, XLIFF or TSV file for one target language, as
/// unreviewed reference units (ids `x<file name>-<n>`).
fn extra_units(
    file: &Path,
    src: &str,
    targets: &[String],
    lang: &str,
) -> Result<Vec<TmUnit>, ProjectError> {
    let bytes = read_memory_file(file)?;
    let mut skipped = 0;
    let pairs = read_tm_pairs(file, &bytes, src, targets, Some(lang), &mut skipped)?;
    Ok(reference_units(file, pairs, lang))
}

/// The pairs of one language as unreviewed reference units of `file`.
fn reference_units(
    file: &Path,
    mut pairs: BTreeMap<String, Vec<(CodedText, CodedText)>>,
    lang: &str,
) -> Vec<TmUnit> {
    let origin = file.file_name().map(|n| n.to_string_lossy().to_string());
    pairs
        .remove(lang)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, (source, target))| TmUnit {
            id: format!("x{}-{}", origin.as_deref().unwrap_or("tm"), i + 1),
            source,
            target,
            approval: Approval::Unreviewed,
            prev: None,
            next: None,
            statement: None,
            origin: origin.clone(),
            line: 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tm_files_are_told_apart_by_their_first_bytes() {
        let tmx = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><body/></tmx>";
        let xlf = "<xliff version=\"1.2\"><file/></xliff>";
        let utf16 = |s: &str, le: bool| -> Vec<u8> {
            let mut v = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in s.encode_utf16() {
                v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            v
        };
        assert_eq!(detect_tm_file(tmx.as_bytes()), TmFileKind::Tmx);
        assert_eq!(detect_tm_file(xlf.as_bytes()), TmFileKind::Xliff);
        assert_eq!(detect_tm_file(&utf16(tmx, true)), TmFileKind::Tmx);
        assert_eq!(detect_tm_file(&utf16(xlf, false)), TmFileKind::Xliff);
        // Without a BOM.
        assert_eq!(detect_tm_file(&utf16(tmx, true)[2..]), TmFileKind::Tmx);
        assert_eq!(detect_tm_file(b"Hello\tBonjour\n"), TmFileKind::Tsv);
        // Only the start is read: a multi-byte character cut at 8 KiB is fine.
        let mut long = String::from("<tmx version=\"1.4\"><body>");
        long.push_str(&"é".repeat(10_000));
        assert_eq!(detect_tm_file(long.as_bytes()), TmFileKind::Tmx);
    }
}
