//! A diglot project folder. [`Project`] is cheap: the root, the
//! configuration and the paths derived from it (memories, locales, theme);
//! opening one reads `diglot.toml` and nothing else. The statements and
//! their segments are a [`Corpus`], loaded on demand by the commands that
//! need them, so the memory commands (`tm export`, `tm lookup`, `tm import`)
//! run whatever the state of the statements.

use crate::config::{self, Config, ConfigError};
use crate::exchange::{self, ExchangeError};
use crate::extract::{self, Segment};
use crate::l10n::{self, L10nError};
use crate::segment::Segmenter;
use crate::site::SiteError;
use crate::source::{self, SourceError, Statement};
use crate::tm::{self, Memory, TmError, TmUnit};
use crate::xliff::XliffError;
use rayon::prelude::*;
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
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
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
            ProjectError::Xliff(XliffError::Syntax { .. })
            | ProjectError::Exchange(ExchangeError::Xliff(XliffError::Syntax { .. })) => true,
            ProjectError::Tm(TmError::Xliff(XliffError::Syntax { .. }))
            | ProjectError::Tm(TmError::Unit { .. })
            | ProjectError::Exchange(ExchangeError::Tsv(crate::tm::tsv::TsvError::Lines {
                ..
            })) => true,
            _ => false,
        }
    }
}

/// A project: its folder and configuration.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
}

/// The statements of a project and their segments, loaded by
/// [`Project::corpus`].
pub struct Corpus {
    pub statements: Vec<Statement>,
    pub segmenter: Segmenter,
    /// Rules of the configured SRX file that could not be compiled.
    pub segmenter_issues: Vec<crate::segment::SrxIssue>,
    /// Segments of each statement (same order as `statements`).
    pub segments: Vec<Vec<Segment>>,
}

impl Project {
    /// Open the project at `root` (the folder holding `diglot.toml`): read
    /// its configuration.
    pub fn open(root: &Path) -> Result<Project, ProjectError> {
        let config = Config::load(&root.join(config::CONFIG_FILE))?;
        Ok(Project {
            root: root.to_path_buf(),
            config,
        })
    }

    /// Find the project from a folder inside it.
    pub fn discover(start: &Path) -> Result<Project, ProjectError> {
        let root = config::find_root(start)?;
        Project::open(&root)
    }

    /// The one way commands find their project: the folder given with
    /// `--project`, else the nearest folder holding `diglot.toml` from the
    /// current directory up.
    pub fn find(explicit: Option<&Path>) -> Result<Project, ProjectError> {
        match explicit {
            Some(dir) => Project::open(dir),
            None => Project::discover(&current_dir()?),
        }
    }

    /// [`find`](Self::find) for commands that also work without a project:
    /// `None` when no `--project` is given and no folder from the current
    /// directory up holds `diglot.toml`. A `diglot.toml` that is found but
    /// cannot be read or parsed is an error, never ignored.
    pub fn find_optional(explicit: Option<&Path>) -> Result<Option<Project>, ProjectError> {
        match explicit {
            Some(dir) => Project::open(dir).map(Some),
            None => match config::find_root(&current_dir()?) {
                Ok(root) => Project::open(&root).map(Some),
                Err(ConfigError::NotFound(_)) => Ok(None),
                Err(e) => Err(e.into()),
            },
        }
    }

    /// Read and segment every statement. Statements that cannot be parsed
    /// are [`ProjectError::Sources`], all of them.
    pub fn corpus(&self) -> Result<Corpus, ProjectError> {
        let (statements, errors) = source::load_statements_with(
            &self.path(&self.config.statements_dir),
            source::ReadOptions {
                smart_punctuation: self.config.smart_punctuation,
            },
        );
        if !errors.is_empty() {
            return Err(ProjectError::Sources(errors));
        }
        // Images referenced but missing, or outside the project.
        let errors = source::check_images(&statements, &self.root, &self.config.target_languages);
        if !errors.is_empty() {
            return Err(ProjectError::Sources(errors));
        }
        let (segmenter, segmenter_issues) = self.segmenter()?;
        let segments = statements
            .par_iter()
            .map(|s| extract::segments(s, &segmenter))
            .collect();
        Ok(Corpus {
            statements,
            segmenter,
            segmenter_issues,
            segments,
        })
    }

    /// The segmenter of the source language: the configured rules file,
    /// else the built-in rules.
    pub fn segmenter(&self) -> Result<(Segmenter, Vec<crate::segment::SrxIssue>), ProjectError> {
        let rules = self.segmentation_rules();
        Ok(Segmenter::for_language(
            &self.config.source_language,
            rules.as_deref(),
        )?)
    }

    /// The configured segmentation rules file (`segmentation`), if any.
    pub fn segmentation_rules(&self) -> Option<PathBuf> {
        self.config.segmentation.as_ref().map(|p| self.path(p))
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

    /// The memory of a language, locked for a read–merge–write (see
    /// [`tm::MemoryWriter`]): every command that changes it uses this.
    pub fn memory_writer(&self, lang: &str) -> Result<tm::MemoryWriter, TmError> {
        tm::MemoryWriter::open(
            tm::memory_path(&self.memory_dir(), lang),
            &self.config.source_language,
            lang,
        )
    }

    /// The memory of a language, for reading (from its persistent index
    /// when fresh: [`Memory::load_cached`]).
    pub fn memory(&self, lang: &str) -> Result<Memory, TmError> {
        Memory::load_cached(&self.memory_dir(), &self.config.source_language, lang)
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

    /// The project target language a file's tag means (BCP 47: `fr-FR`,
    /// `fr_FR` → `fr`; the most specific of `fr` and `fr-CA` for `fr-CA`;
    /// a tag set in `[exchange.file_language]` → its language).
    pub fn target_for_tag(&self, tag: &str) -> Result<String, ProjectError> {
        let configured = self.config.exchange.file_language.iter().find(|(_, t)| {
            crate::roundtrip::tag_matches(tag, t) && crate::roundtrip::tag_matches(t, tag)
        });
        if let Some((lang, _)) = configured {
            return Ok(lang.clone());
        }
        crate::roundtrip::pick_language(tag, &self.config.target_languages)
            .map(str::to_string)
            .ok_or_else(|| {
                ProjectError::Usage(format!(
                    "`{tag}` is not a target language of this project (diglot.toml lists: {})",
                    self.config.target_languages.join(", ")
                ))
            })
    }

    /// Every unit to match against for a language: the project memory, the
    /// reference memories, and extra TMX/XLIFF/TSV files.
    pub fn tm_units(&self, lang: &str, extra: &[PathBuf]) -> Result<Vec<TmUnit>, ProjectError> {
        // A match names the memory it comes from (the store keeps, per
        // unit, the exchange file it was imported from).
        let mut units: Vec<TmUnit> = self
            .memory(lang)?
            .into_units()
            .into_iter()
            .map(|mut u| {
                u.origin = Some(tm::PROJECT_MEMORY_LABEL.into());
                u
            })
            .collect();
        units.extend(tm::load_references(
            &self.memory_dir(),
            &self.config.source_language,
            lang,
        )?);
        for file in extra {
            units.extend(exchange::extra_units(
                file,
                &self.config.source_language,
                &self.config.target_languages,
                lang,
            )?);
        }
        Ok(units)
    }

    /// The matching index of a language: the project and reference
    /// memories from their persistent indexes ([`tm::cache`]), then the
    /// extra files.
    pub fn index(&self, lang: &str, extra: &[PathBuf]) -> Result<tm::index::Index, ProjectError> {
        self.target(lang)?;
        let mut units = Vec::new();
        for file in extra {
            units.extend(exchange::extra_units(
                file,
                &self.config.source_language,
                &self.config.target_languages,
                lang,
            )?);
        }
        self.index_with(lang, units)
    }

    /// [`Project::index`] with the extra units already read.
    pub fn index_with(
        &self,
        lang: &str,
        extra: Vec<TmUnit>,
    ) -> Result<tm::index::Index, ProjectError> {
        self.target(lang)?;
        Ok(tm::cache::load_index(
            &self.memory_dir(),
            &self.config.source_language,
            lang,
            extra,
        )?)
    }
}

impl Corpus {
    /// Indices of the statements named by slug or path (all when `wanted`
    /// is empty), in order.
    pub fn select(&self, wanted: &[String]) -> Result<Vec<usize>, ProjectError> {
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
}

fn current_dir() -> Result<PathBuf, ProjectError> {
    std::env::current_dir()
        .map_err(|e| ProjectError::Usage(format!("cannot read the current directory: {e}")))
}
