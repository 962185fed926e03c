//! Command-line arguments (clap types, part of the binary only) and their
//! translation into the options of [`diglot::commands`].

use clap::{Args, Parser, Subcommand, ValueEnum};
use diglot::commands::{self, CommandError, Report};
use diglot::project::Project;
use std::path::PathBuf;

/// Publish statements in parallel English and French with a translation memory.
#[derive(Debug, Parser)]
#[command(name = "diglot", version, about, long_about = None)]
pub struct Cli {
    /// Project folder (default: the nearest folder holding diglot.toml,
    /// from the current directory up).
    #[arg(short = 'C', long = "project", global = true, value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

impl From<Format> for commands::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Text => commands::Format::Text,
            Format::Json => commands::Format::Json,
        }
    }
}

/// An XLIFF version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum XliffVersion {
    #[value(name = "1.2")]
    V1_2,
    #[value(name = "2.0")]
    V2_0,
    #[value(name = "2.1")]
    V2_1,
    #[value(name = "2.2")]
    V2_2,
}

impl From<XliffVersion> for commands::export::XliffVersion {
    fn from(v: XliffVersion) -> Self {
        use commands::export::XliffVersion as V;
        match v {
            XliffVersion::V1_2 => V::V1_2,
            XliffVersion::V2_0 => V::V2_0,
            XliffVersion::V2_1 => V::V2_1,
            XliffVersion::V2_2 => V::V2_2,
        }
    }
}

/// Output format of `tm export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TmFormat {
    Tmx,
    Xliff,
}

/// Output of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Human report grouped by file.
    Text,
    /// JSON (schema in README).
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// JUnit XML (one test case per file and rule).
    Junit,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a project: diglot.toml, corpus/statements/, the shipped theme
    /// and site messages (never overwrites a file).
    Init {
        /// Project folder (default: -C, else the current directory); created
        /// when missing.
        dir: Option<PathBuf>,
        /// Language the statements are written in.
        #[arg(long, value_name = "LANG", default_value = "en")]
        source_language: String,
        /// A language to translate into (repeat for several; default fr).
        #[arg(long = "target-language", value_name = "LANG")]
        target_languages: Vec<String>,
        /// Absolute URL the site will be published at.
        #[arg(long, value_name = "URL", default_value = "https://example.org/")]
        base_url: String,
    },
    /// Write a new draft statement with its front matter:
    /// <statements_dir>/<slug>.md (never overwrites a file).
    New {
        /// The statement's title.
        title: String,
        /// Publication date (default: today, UTC).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// URL slug and file name (default: derived from the title,
        /// ASCII-folded, made unique with -2, -3...).
        #[arg(long, value_name = "SLUG")]
        slug: Option<String>,
    },
    /// Split a statement (or plain text on standard input) into segments.
    Segment {
        /// A statement (Markdown with front matter) or a plain-text file;
        /// standard input when absent or `-`.
        file: Option<PathBuf>,
        /// Language of the text (default: the project's source language, or en).
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Segmentation rules: an SRX 1.0/2.0 file, or a TOML rules file like
        /// the built-in ones (default: `segmentation` in diglot.toml, else
        /// the built-in rules).
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        /// Clean raw plain text first: join lines broken inside sentences,
        /// drop HTML tags and entities.
        #[arg(long)]
        clean: bool,
        /// With --clean: the text was extracted from PDF (single line breaks
        /// are never sentence breaks).
        #[arg(long, requires = "clean")]
        pdf: bool,
    },
    /// Render every statement in every language into the output folder.
    Build {
        /// Output folder (default: output_dir from diglot.toml, `site`).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Publish segments without an approved translation in the source
        /// language (marked with lang) instead of failing.
        #[arg(long)]
        allow_incomplete: bool,
        /// Also write a proof page beside each translated statement
        /// (<lang>/<slug>/proof.html, not linked, noindex): each source
        /// segment next to its translation, match class, state and QA findings.
        #[arg(long)]
        proof: bool,
    },
    /// The release dashboard: per statement and language, segments and
    /// words approved, unreviewed, missing or stale, and whether it can be
    /// published; totals and site messages.
    Status {
        /// Target language (repeatable; default: every target language).
        #[arg(long = "lang", value_name = "LANG")]
        langs: Vec<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Live preview: build into a temporary folder, serve it on 127.0.0.1,
    /// rebuild when a statement, message, theme file, memory or diglot.toml
    /// changes, and reload open pages. Missing translations show in place,
    /// marked, with a banner counting what is left; errors show as an
    /// overlay page. Ctrl-C stops it.
    Serve {
        /// Port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value = "1111")]
        port: u16,
        /// Open the start page in the desktop's browser.
        #[arg(long)]
        open: bool,
        /// Start on this language's home page, and count only it in the
        /// banner.
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
    },
    /// Check every target language for completeness and translation rules.
    Check {
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Apply the safe fixes (French typography, spaces) to the approved
        /// translations in the memory, atomically, and report each change.
        #[arg(long)]
        fix: bool,
    },
    /// Export the segments that need translation as XLIFF.
    Export {
        /// Target language.
        #[arg(long)]
        lang: String,
        /// Output folder.
        #[arg(long, value_name = "DIR", default_value = "exchange")]
        out: PathBuf,
        /// Export every segment, not only those that need work.
        #[arg(long)]
        all: bool,
        /// XLIFF version: 2.1 (default), 2.0, 2.2 or 1.2.
        #[arg(long, value_name = "VERSION", value_enum, default_value = "2.1")]
        xliff: XliffVersion,
        /// Overwrite exchange files that differ from what would be written
        /// (by default export refuses: they may be translations in progress).
        #[arg(long)]
        force: bool,
        /// Statements to export (slug or path); all when none.
        statements: Vec<String>,
    },
    /// Validate XLIFF (1.x, 2.0-2.2), TMX and FTL files; exit 1 on any violation.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Align a document and its translation (or two folders of them) into
    /// sentence pairs, optionally stored in the memory.
    Align(AlignArgs),
    /// Translation memory: look up, import reference memories, export.
    #[command(subcommand)]
    Tm(TmCommand),
    /// Segments and words per match band for each statement and in total
    /// (repetitions, 101, 100, 95-99, 85-94, 75-84, 50-74, no match).
    Analyze {
        /// Target language (default: the first target language).
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Add TM candidates to any XLIFF 1.x/2.x file (and fill targets above a
    /// threshold), leaving every other byte as it was.
    Pretranslate {
        /// The XLIFF file.
        input: PathBuf,
        /// More memories: TMX, XLIFF or TSV (repeatable).
        #[arg(long = "tm", value_name = "FILE")]
        tm: Vec<PathBuf>,
        /// Output file (default: standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Fill empty targets with the best candidate scoring at least this
        /// (default: `exchange.prefill` in diglot.toml; none without a project).
        #[arg(long, value_name = "SCORE")]
        fill: Option<u8>,
        /// Lowest candidate score.
        #[arg(long, default_value = "75")]
        min: u8,
        /// Ignore the project around the current folder: match against the
        /// --tm files only.
        #[arg(long)]
        no_project: bool,
        /// Target language, for files that declare none (default: the
        /// project's only target language); a file that declares one must
        /// agree.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Operations on an XLIFF 2 file: join or split segments, remove
    /// annotations or extensions, rewrite. Every byte an operation does not
    /// touch is kept; the result goes to standard output unless --out or
    /// --in-place is given.
    #[command(subcommand)]
    Xliff(XliffCommand),
    /// Approve unreviewed translations of the memory (atomically), and
    /// report each one.
    Approve {
        /// Target language (default: the project's only target language).
        #[arg(long)]
        lang: Option<String>,
        /// Statements whose segments' unreviewed translations are approved
        /// (slug or path).
        statements: Vec<String>,
        /// A unit to approve: a memory unit id (`u…`) or a segment id as in
        /// exported files (repeatable).
        #[arg(long = "unit", value_name = "ID")]
        units: Vec<String>,
        /// Every unreviewed translation of a segment of the project.
        #[arg(long, conflicts_with_all = ["statements", "units"])]
        all: bool,
        /// Report without writing the memory.
        #[arg(long)]
        dry_run: bool,
    },
    /// Import translated XLIFF files into the translation memory.
    Import {
        /// XLIFF files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Import nothing if any unit is rejected, stale or in conflict.
        #[arg(long)]
        strict: bool,
        /// Check and report without writing the memory.
        #[arg(long)]
        dry_run: bool,
        /// Approve every imported translation (a trusted translator),
        /// except those marked rejected.
        #[arg(long)]
        approve: bool,
        /// When the memory and the file both changed a translation since
        /// export, take the file's (default: report a conflict, import
        /// nothing for that unit).
        #[arg(long)]
        theirs: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum TmCommand {
    /// The best matches of a sentence: score, class, source, target,
    /// origin and what was substituted.
    Lookup {
        text: String,
        /// Target language (default: the first target language).
        #[arg(long)]
        lang: Option<String>,
        /// Lowest score shown.
        #[arg(long, default_value = "75")]
        min: u8,
        /// More memories to search: TMX, XLIFF or TSV (repeatable).
        #[arg(long = "tm", value_name = "FILE")]
        tm: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Concordance search: every unit whose source (or target, with
    /// --target) holds the words, phrases first, the words marked ⟦…⟧.
    Concordance {
        text: String,
        /// Target language (default: the first target language).
        #[arg(long)]
        lang: Option<String>,
        /// Search the targets instead of the sources.
        #[arg(long)]
        target: bool,
        /// Most units shown.
        #[arg(long, default_value = "50")]
        limit: usize,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Import TMX, XLIFF or TSV files as reference memories (used for
    /// matching, never published): corpus/memory/reference/<name>.<lang>.xlf.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Target language of TSV files (default: the project's only target).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Write the approved project memory of a language as TMX 1.4 or XLIFF.
    Export {
        /// Target language (default: the first target language).
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, value_enum, default_value = "tmx")]
        format: TmFormat,
        /// Output file (default: standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Retire the units of the project memory that no statement uses: they
    /// move to the reference memory corpus/memory/reference/retired.<lang>.xlf
    /// (still matched, never published, never reported obsolete).
    Prune {
        /// Target language (default: the first target language).
        #[arg(long)]
        lang: Option<String>,
        /// Report without writing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Where `diglot xliff` writes its result (default: standard output).
#[derive(Debug, Args)]
pub struct XliffOutput {
    /// Output file, written through a temporary file and a rename; never
    /// the input file (see --in-place).
    #[arg(long, value_name = "FILE", conflicts_with = "in_place")]
    pub out: Option<PathBuf>,
    /// Replace the input file (through a temporary file and a rename).
    #[arg(long)]
    pub in_place: bool,
}

/// Which annotations `diglot xliff remove-markup` removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Annotations {
    /// None.
    None,
    /// Every annotation (`mrk` keeps its content, `sm`/`em` go).
    All,
    /// Those of a user-defined type (`prefix:value`).
    UserDefined,
}

#[derive(Debug, Subcommand)]
pub enum XliffCommand {
    /// Read the file and write it back: checks it is valid XLIFF 2; the
    /// output is the input, byte for byte.
    Rewrite {
        /// The XLIFF 2 file.
        input: PathBuf,
        #[command(flatten)]
        output: XliffOutput,
    },
    /// Join the segments of each unit into one (runs stop at a segment with
    /// canResegment="no"; reordered targets are joined in display order).
    Join {
        /// The XLIFF 2 file.
        input: PathBuf,
        /// Join only in this unit (repeatable; default: every unit).
        #[arg(long = "unit", value_name = "ID")]
        units: Vec<String>,
        #[command(flatten)]
        output: XliffOutput,
    },
    /// Split the segments of each unit into sentences (a segment with a
    /// target is split when source and target give as many sentences).
    Segment {
        /// The XLIFF 2 file.
        input: PathBuf,
        /// Segmentation rules: an SRX 1.0/2.0 file or a TOML rules file
        /// (default: `segmentation` in diglot.toml, else the built-in rules
        /// of the file's srcLang and trgLang).
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        #[command(flatten)]
        output: XliffOutput,
    },
    /// Remove annotations, and with --extensions the elements and
    /// attributes of other namespaces (extensions and modules).
    RemoveMarkup {
        /// The XLIFF 2 file.
        input: PathBuf,
        /// Annotations to remove.
        #[arg(long, value_enum, default_value = "all")]
        annotations: Annotations,
        /// Also remove extensions and modules (every namespace but the
        /// XLIFF core, xml: and --keep-namespace).
        #[arg(long)]
        extensions: bool,
        /// A namespace URI to keep with --extensions (repeatable).
        #[arg(long = "keep-namespace", value_name = "URI", requires = "extensions")]
        keep_namespaces: Vec<String>,
        #[command(flatten)]
        output: XliffOutput,
    },
}

impl From<ReportFormat> for commands::check::ReportFormat {
    fn from(f: ReportFormat) -> Self {
        use commands::check::ReportFormat as R;
        match f {
            ReportFormat::Text => R::Text,
            ReportFormat::Json => R::Json,
            ReportFormat::Github => R::Github,
            ReportFormat::Junit => R::Junit,
        }
    }
}

impl From<Annotations> for diglot::xliff::AnnotationScope {
    fn from(a: Annotations) -> Self {
        use diglot::xliff::AnnotationScope as A;
        match a {
            Annotations::None => A::None,
            Annotations::All => A::All,
            Annotations::UserDefined => A::UserDefined,
        }
    }
}

impl XliffOutput {
    fn destination(self) -> commands::xliff::Destination {
        use commands::xliff::Destination;
        match (self.out, self.in_place) {
            (_, true) => Destination::InPlace,
            (Some(p), false) => Destination::File(p),
            (None, false) => Destination::Stdout,
        }
    }
}

type Boxed = Box<dyn Report>;

fn boxed<R: Report + 'static, E: Into<CommandError>>(
    r: Result<R, E>,
) -> Result<Boxed, CommandError> {
    r.map(|r| Box::new(r) as Boxed).map_err(Into::into)
}

impl Cli {
    /// Run the command; its report is printed by the caller.
    pub fn run(self) -> Result<Box<dyn Report>, CommandError> {
        let explicit = self.project.as_deref();
        let project = || Project::find(explicit);
        match self.command {
            Command::Align(a) => {
                let project = Project::find_optional(explicit)?;
                let opts = a.options();
                let bar = if opts.batch {
                    progress_bar(self.quiet, "aligning")
                } else {
                    None
                };
                let report = commands::align::run(project.as_ref(), &opts, &|done, total| {
                    if let Some(b) = &bar {
                        b.set_length(total as u64);
                        b.set_position(done as u64);
                    }
                });
                if let Some(b) = bar {
                    b.finish_and_clear();
                }
                boxed(report)
            }
            Command::Init {
                dir,
                source_language,
                target_languages,
                base_url,
            } => {
                let root = match dir.or(self.project) {
                    Some(d) => d,
                    None => std::env::current_dir().map_err(|error| CommandError::Io {
                        what: "cannot read the current directory".into(),
                        error,
                    })?,
                };
                let target_languages = if target_languages.is_empty() {
                    vec!["fr".into()]
                } else {
                    target_languages
                };
                let init = diglot::scaffold::InitOptions {
                    source_language,
                    target_languages,
                    base_url,
                };
                boxed(commands::init::run(&commands::init::Options { root, init }))
            }
            Command::Segment {
                file,
                lang,
                format,
                rules,
                clean,
                pdf,
            } => {
                let project = Project::find_optional(explicit)?;
                let opts = commands::segment::Options {
                    file,
                    lang,
                    rules,
                    clean: clean.then_some(pdf),
                    format: format.into(),
                };
                boxed(commands::segment::run(project.as_ref(), &opts))
            }
            Command::New { title, date, slug } => boxed(commands::new::run(
                &project()?,
                &commands::new::Options { title, date, slug },
            )),
            Command::Status { langs, format } => boxed(commands::status::run(
                &project()?,
                &commands::status::Options {
                    langs,
                    format: format.into(),
                },
            )),
            Command::Serve { port, open, lang } => {
                let project = project()?;
                let preview = commands::serve::Preview::start(
                    &project.root,
                    &commands::serve::ServeOptions { port, lang },
                )?;
                let stopper = preview.stopper();
                ctrlc::set_handler(move || stopper.stop()).map_err(|e| CommandError::Io {
                    what: "cannot handle Ctrl-C".into(),
                    error: std::io::Error::other(e.to_string()),
                })?;
                for e in preview.errors() {
                    eprintln!("error: {e}");
                }
                // The address, always (a script starting the preview reads it).
                println!("serving {} (Ctrl-C to stop)", preview.url());
                let _ = std::io::Write::flush(&mut std::io::stdout());
                if open {
                    if let Err(e) = commands::serve::open_browser(preview.url()) {
                        eprintln!("warning: cannot open a browser: {e}");
                    }
                }
                preview.run()?;
                boxed(Ok::<_, CommandError>(commands::serve::Stopped))
            }
            Command::Build {
                out,
                allow_incomplete,
                proof,
            } => {
                let opts = commands::build::Options {
                    out,
                    allow_incomplete,
                    proof,
                    drafts: false,
                };
                let project = project()?;
                let bar = progress_bar(self.quiet, "building");
                let report = commands::build::run(&project, &opts, &|done, total| {
                    if let Some(b) = &bar {
                        b.set_length(total as u64);
                        b.set_position(done as u64);
                    }
                });
                if let Some(b) = bar {
                    b.finish_and_clear();
                }
                boxed(report)
            }
            Command::Check {
                format,
                deny_warnings,
                fix,
            } => {
                let opts = commands::check::Options {
                    format: format.into(),
                    deny_warnings,
                    fix,
                };
                boxed(commands::check::run(&project()?, &opts))
            }
            Command::Export {
                lang,
                out,
                all,
                xliff,
                force,
                statements,
            } => {
                let opts = commands::export::Options {
                    lang,
                    xliff: xliff.into(),
                    out,
                    all,
                    statements,
                    force,
                };
                boxed(commands::export::run(&project()?, &opts))
            }
            Command::Validate { files, format } => {
                let opts = commands::validate::Options {
                    files,
                    format: format.into(),
                };
                boxed(commands::validate::run(&opts))
            }
            Command::Tm(TmCommand::Lookup {
                text,
                lang,
                min,
                tm,
                format,
            }) => {
                let opts = commands::tm_lookup::Options {
                    text,
                    lang,
                    min,
                    tm,
                    format: format.into(),
                };
                boxed(commands::tm_lookup::run(&project()?, &opts))
            }
            Command::Tm(TmCommand::Concordance {
                text,
                lang,
                target,
                limit,
                format,
            }) => {
                let opts = commands::tm_concordance::Options {
                    text,
                    lang,
                    side: if target {
                        diglot::tm::index::Side::Target
                    } else {
                        diglot::tm::index::Side::Source
                    },
                    limit,
                    format: format.into(),
                };
                boxed(commands::tm_concordance::run(&project()?, &opts))
            }
            Command::Tm(TmCommand::Import { files, lang }) => {
                let opts = commands::tm_import::Options { files, lang };
                boxed(commands::tm_import::run(&project()?, &opts))
            }
            Command::Tm(TmCommand::Export { lang, format, out }) => {
                let format = match format {
                    TmFormat::Tmx => commands::tm_export::TmExportFormat::Tmx,
                    TmFormat::Xliff => commands::tm_export::TmExportFormat::Xliff(
                        commands::export::XliffVersion::V2_1,
                    ),
                };
                let opts = commands::tm_export::Options { lang, format, out };
                boxed(commands::tm_export::run(&project()?, &opts))
            }
            Command::Analyze { lang, format } => {
                let opts = commands::analyze::Options {
                    lang,
                    format: format.into(),
                };
                boxed(commands::analyze::run(&project()?, &opts))
            }
            Command::Pretranslate {
                input,
                tm,
                out,
                fill,
                min,
                no_project,
                lang,
            } => {
                // A project is optional: without one, only the --tm files count.
                let project = match no_project {
                    true => None,
                    false => Project::find_optional(explicit)?,
                };
                let opts = commands::pretranslate::Options {
                    input,
                    tm,
                    out,
                    fill,
                    min,
                    lang,
                };
                boxed(commands::pretranslate::run(project.as_ref(), &opts))
            }
            Command::Xliff(cmd) => {
                use commands::xliff::{Options, XliffOperation};
                let (input, output, operation) = match cmd {
                    XliffCommand::Rewrite { input, output } => {
                        (input, output, XliffOperation::Rewrite)
                    }
                    XliffCommand::Join {
                        input,
                        units,
                        output,
                    } => (input, output, XliffOperation::Join { units }),
                    XliffCommand::Segment {
                        input,
                        rules,
                        output,
                    } => (input, output, XliffOperation::Segment { rules }),
                    XliffCommand::RemoveMarkup {
                        input,
                        annotations,
                        extensions,
                        keep_namespaces,
                        output,
                    } => {
                        let opts = diglot::xliff::RemoveOptions {
                            annotations: annotations.into(),
                            foreign: extensions,
                            keep_namespaces,
                        };
                        (input, output, XliffOperation::RemoveMarkup(opts))
                    }
                };
                // The project's segmentation rules are the default of
                // `xliff segment`; the other operations need no project.
                let project = match &operation {
                    XliffOperation::Segment { rules: None } => Project::find_optional(explicit)?,
                    _ => None,
                };
                let opts = Options {
                    input,
                    operation,
                    destination: output.destination(),
                };
                boxed(commands::xliff::run(project.as_ref(), &opts))
            }
            Command::Tm(TmCommand::Prune { lang, dry_run }) => {
                let opts = commands::tm_prune::Options { lang, dry_run };
                boxed(commands::tm_prune::run(&project()?, &opts))
            }
            Command::Approve {
                lang,
                statements,
                units,
                all,
                dry_run,
            } => {
                let opts = commands::approve::Options {
                    lang,
                    statements,
                    units,
                    all,
                    dry_run,
                };
                boxed(commands::approve::run(&project()?, &opts))
            }
            Command::Import {
                files,
                strict,
                dry_run,
                approve,
                theirs,
                format,
            } => {
                let options = commands::import::Options {
                    strict,
                    dry_run,
                    approve,
                    theirs,
                };
                let report = commands::import::run(&project()?, &files, &options)?;
                boxed(Ok::<_, CommandError>(commands::import::Printed {
                    report,
                    format: format.into(),
                    options,
                }))
            }
        }
    }
}

/// A progress bar on standard error when it is a terminal and the work
/// lasts more than a second (never with `--quiet`).
fn progress_bar(quiet: bool, what: &str) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return None;
    }
    let b = indicatif::ProgressBar::new(0);
    b.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} {what} {{bar:40}} {{percent:>3}}% {{elapsed}}"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // Only show when the work lasts more than a second.
    b.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    let shown = b.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(1));
        if !shown.is_finished() {
            shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            // Keep the spinner moving through steps without progress
            // (loading the memories).
            shown.enable_steady_tick(std::time::Duration::from_millis(120));
        }
    });
    Some(b)
}

/// Output of `align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlignFormat {
    /// Both sides' segments and the beads (schema in README).
    Json,
    /// `source<TAB>target<TAB>confidence`, one pair per line.
    Tsv,
    /// TMX 1.4, the confidence as a `x-confidence` property.
    Tmx,
    /// XLIFF 2.1, the confidence in a note.
    Xliff,
}

/// `diglot align`.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The source-language document (plain text, Markdown or HTML, by
    /// extension), or folder with --batch.
    #[arg(value_name = "EN_FILE")]
    pub source: PathBuf,
    /// Its translation, or folder with --batch.
    #[arg(value_name = "FR_FILE")]
    pub target: PathBuf,
    /// The two paths are folders: documents are paired by file name (see
    /// README for the fallbacks) and aligned in parallel.
    #[arg(long)]
    pub batch: bool,
    /// With --batch: a file of `source name<TAB>target name` lines pairing
    /// documents whose names differ.
    #[arg(long, value_name = "FILE", requires = "batch")]
    pub map: Option<PathBuf>,
    /// The documents hold one segment per line (blank lines separate
    /// paragraphs); Markdown and HTML blocks are taken whole.
    #[arg(long)]
    pub presplit: bool,
    #[arg(long, value_enum, default_value = "json")]
    pub format: AlignFormat,
    /// Write here (a folder with --batch) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Language of the first document (default: the project's source
    /// language, or en).
    #[arg(long, value_name = "LANG")]
    pub source_lang: Option<String>,
    /// Language of the second (default: the project's first target
    /// language, or fr).
    #[arg(long, value_name = "LANG")]
    pub target_lang: Option<String>,
    /// Do not learn from the project's memories (lengths, cognates and
    /// placeables only).
    #[arg(long)]
    pub no_memory: bool,
    /// Store the pairs: those at or above --min-confidence as the reference
    /// memory `aligned-<name>.<lang>.xlf` (replaced on each run), the others
    /// in a review XLIFF.
    #[arg(long)]
    pub import: bool,
    /// Threshold of --import (default 0.6, chosen on the benchmark).
    #[arg(long, value_name = "C", requires = "import")]
    pub min_confidence: Option<f64>,
    /// Name of the aligned archive for --import (default: the first
    /// document's file stem, or the first folder's name).
    #[arg(long, value_name = "NAME", requires = "import")]
    pub name: Option<String>,
    /// The review XLIFF of --import (default:
    /// `<memory dir>/review/aligned-<name>.review.xlf`).
    #[arg(long, value_name = "FILE", requires = "import")]
    pub review: Option<PathBuf>,
}

impl AlignArgs {
    fn options(self) -> commands::align::Options {
        use diglot::align::output::Format;
        commands::align::Options {
            source: self.source,
            target: self.target,
            batch: self.batch,
            map: self.map,
            presplit: self.presplit,
            format: match self.format {
                AlignFormat::Json => Format::Json,
                AlignFormat::Tsv => Format::Tsv,
                AlignFormat::Tmx => Format::Tmx,
                AlignFormat::Xliff => Format::Xliff,
            },
            out: self.out,
            source_lang: self.source_lang,
            target_lang: self.target_lang,
            no_memory: self.no_memory,
            import: self.import,
            min_confidence: self.min_confidence,
            name: self.name,
            review: self.review,
        }
    }
}
