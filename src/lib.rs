//! diglot publishes statements in parallel English and French with a
//! translation memory.
//!
//! The modules are layered; each imports only modules of its own layer or
//! of layers below it (never one above, and never in a cycle):
//!
//! 1. [`model`] (coded text, severity), [`fsutil`], [`locale`];
//! 2. [`diagnostic`]: the one `Diagnostic` type and the rule registry;
//! 3. [`placeables`] → [`typography`] → [`qa`] → [`config`]; [`source`]
//!    (Markdown statements), [`segment`] (sentence rules as data) →
//!    [`extract`] (segments of a statement);
//! 4. [`xliff`] (exchange codec) → [`tmx`]; [`tm`] (store, index, scoring,
//!    [`tm::adapt`]: stored translations fitted to a segment) →
//!    [`exchange`] (exchange and memory files given on the command line);
//! 5. [`l10n`] (Fluent bundles and linter, ICU4X formatting), [`site`]
//!    (HTML, sitemap), [`scaffold`] (`init`'s files), [`align`] (bilingual
//!    documents to sentence pairs and memory);
//! 6. [`project`]: a project folder, cheap (root and configuration), and its
//!    [`project::Corpus`] (statements and segments), loaded on demand;
//! 7. [`check`] (completeness and QA, on a project and its corpus),
//!    [`report`] (text, JSON, GitHub, JUnit forms of diagnostics);
//! 8. [`commands`]: one module per command of the binary (options, report,
//!    `run`); nothing in the library imports it. The binary (`main.rs`,
//!    `cli.rs`) parses arguments with clap, calls one command and prints
//!    its report.

pub mod align;
pub mod check;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod exchange;
pub mod extract;
pub mod fsutil;
pub mod l10n;
pub mod locale;
pub mod model;
pub mod placeables;
pub mod project;
pub mod qa;
pub mod report;
pub mod scaffold;
pub mod segment;
pub mod site;
pub mod source;
pub mod tm;
pub mod tmx;
pub mod typography;
pub mod xliff;

pub use extract::segment_report;
