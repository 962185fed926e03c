//! diglot publishes statements in parallel English and French with a
//! translation memory.
//!
//! The modules follow the pipeline, and each depends only on those before it:
//! [`model`] (coded text) → [`config`] → [`source`] (Markdown statements) →
//! [`segment`] (sentence rules as data) → [`tm`] (store, index, scoring) →
//! [`xliff`] (exchange codec) → [`l10n`] (Fluent bundles, ICU4X formatting) →
//! [`site`] (HTML, sitemap) → [`check`] (completeness and QA). [`project`]
//! ties a project folder together for the commands in [`cli`].

pub mod check;
pub mod cli;
pub mod config;
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
pub mod serve;
pub mod site;
pub mod source;
pub mod status;
pub mod tm;
pub mod tmx;
pub mod typography;
pub mod xliff;

pub use extract::segment_report;
