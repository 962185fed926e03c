//! diglot publishes statements in parallel English and French with a
//! translation memory.
//!
//! The modules follow the pipeline: [`model`] (coded text) → [`config`] →
//! [`source`] (Markdown statements) → [`segment`] (sentence rules as data)
//! → [`tm`] (store, index, scoring, [`tm::adapt`]: stored translations fitted
//! to a segment) → [`xliff`] (exchange codec) → [`exchange`] (exchange and
//! memory files given on the command line: TMX/XLIFF/TSV) → [`l10n`] (Fluent
//! bundles, ICU4X formatting) → [`site`] (HTML, sitemap). [`project`] is a
//! project folder (cheap: root and configuration) and its [`project::Corpus`]
//! (statements and segments, loaded on demand); [`check`] (completeness and
//! QA) runs on a project and its corpus. [`commands`] has one module per
//! command of the binary (options, report, `run`) and sits on top: it
//! imports the others, nothing imports it; `project` never imports `check`
//! or `commands`.

pub mod check;
pub mod commands;
pub mod config;
pub mod exchange;
pub mod extract;
pub mod fsutil;
pub mod l10n;
pub mod locale;
pub mod model;
pub mod placeables;
pub mod project;
pub mod qa;
pub mod scaffold;
pub mod segment;
pub mod site;
pub mod source;
pub mod tm;
pub mod tmx;
pub mod typography;
pub mod xliff;

pub use extract::segment_report;
