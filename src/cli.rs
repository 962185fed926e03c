//! Command-line arguments. Commands only parse options and call the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
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
        #[arg(long, value_name = "VERSION", default_value = "2.1", value_parser = ["1.2", "2.0", "2.1", "2.2"])]
        xliff: String,
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
    },
    /// Operations on an XLIFF 2 file: join or split segments, remove
    /// annotations or extensions, rewrite. Every byte an operation does not
    /// touch is kept; the result goes to standard output unless --out or
    /// --in-place is given.
    #[command(subcommand)]
    Xliff(XliffCommand),
    /// Import translated XLIFF files into the translation memory.
    Import {
        /// XLIFF files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Import nothing if any unit is rejected or stale.
        #[arg(long)]
        strict: bool,
        /// Check and report without writing the memory.
        #[arg(long)]
        dry_run: bool,
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
        #[arg(long)]
        lang: String,
        #[arg(long, value_parser = ["tmx", "xliff"], default_value = "tmx")]
        format: String,
        /// Output file (default: standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
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
