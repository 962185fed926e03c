//! Command-line arguments. Commands only parse options and call the library.

use clap::{Parser, Subcommand, ValueEnum};
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

#[derive(Debug, Subcommand)]
pub enum Command {
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
        format: Format,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
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
        /// Statements to export (slug or path); all when none.
        statements: Vec<String>,
    },
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
