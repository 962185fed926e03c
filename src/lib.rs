//! diglot publishes statements in parallel English and French with a
//! translation memory.
//!
//! The modules are layered; each imports only modules of its own layer or
//! of layers below it (never one above, and never in a cycle):
//!
//! 1. [`model`] (coded text, severity), [`fsutil`], [`languages`] (the
//!    language data folders, one registry) → [`locale`], and [`xml`], the
//!    safe XML reader every XML format (XLIFF, TMX, SRX) goes through;
//! 2. [`diagnostic`]: the one `Diagnostic` type and the rule registry;
//! 3. [`placeables`] → [`typography`] → [`qa`] → [`config`]; [`source`]
//!    (Markdown statements), [`segment`] (sentence rules as data) →
//!    [`extract`] (segments of a statement);
//! 4. [`tmx`] → [`xliff`] (exchange codecs; `xliff::validate` hands a TMX
//!    file to [`tmx::validate`]); [`tm`] (store, index, scoring,
//!    [`tm::adapt`]: stored translations fitted to a segment) →
//!    [`roundtrip`] (the translator round trip's rules: states, base
//!    records, BCP 47 tags) → [`exchange`] (exchange and memory files given
//!    on the command line);
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
//!
//! [`MODULES`] is the module map: every module, in pipeline order, with the
//! modules it imports. A module imports only modules before it, so there is
//! no cycle; a unit test (`layering`) reads every `crate::`/`super::` path
//! in `src/` and fails on an import the map does not list, on a listed
//! import nobody makes, and on a cycle, and checks README's "Architecture"
//! diagram against the map.

pub mod align;
pub mod check;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod exchange;
pub mod extract;
pub mod fsutil;
pub mod l10n;
pub mod languages;
pub mod locale;
pub mod model;
pub mod placeables;
pub mod project;
pub mod qa;
pub mod report;
pub mod roundtrip;
pub mod scaffold;
pub mod segment;
pub mod site;
pub mod source;
pub mod tm;
pub mod tmx;
pub mod typography;
pub mod xliff;
pub mod xml;

pub use extract::segment_report;

/// The module map, in pipeline order: each module, what it is, and the
/// modules it imports (`crate::…`, or `super::…` out of its folder). A module
/// imports only modules listed before it. Kept true by the `layering` test.
pub const MODULES: &[(&str, &str, &[&str])] = &[
    ("model", "coded text, positions", &[]),
    ("languages", "the language data folders, one registry", &[]),
    ("locale", "dates, numbers, plurals (ICU4X)", &["languages"]),
    ("fsutil", "safe file output (temp file, rename)", &[]),
    ("xml", "the safe XML reader", &["model"]),
    (
        "diagnostic",
        "one Diagnostic, the rule registry",
        &["model"],
    ),
    (
        "placeables",
        "numbers, dates, URLs… carried over",
        &["languages", "locale", "model"],
    ),
    (
        "typography",
        "typography of a language (data)",
        &["languages", "model", "placeables"],
    ),
    (
        "qa",
        "QA rules, termbase",
        &["diagnostic", "model", "placeables", "typography"],
    ),
    (
        "l10n",
        "Fluent bundles and linter, ICU4X formatting",
        &["diagnostic", "languages", "locale", "model"],
    ),
    (
        "config",
        "diglot.toml",
        &["diagnostic", "languages", "model", "qa"],
    ),
    ("source", "Markdown statements", &["model"]),
    (
        "segment",
        "sentence rules (data, SRX)",
        &["languages", "model", "xml"],
    ),
    (
        "extract",
        "segments of a statement",
        &["model", "segment", "source"],
    ),
    ("tmx", "TMX codec and checks", &["model", "xml"]),
    ("xliff", "XLIFF codec and checks", &["model", "tmx", "xml"]),
    (
        "tm",
        "translation memory: store, index, scoring",
        &[
            "extract",
            "fsutil",
            "model",
            "placeables",
            "source",
            "xliff",
            "xml",
        ],
    ),
    (
        "exchange",
        "exchange and memory files (TMX/XLIFF/TSV)",
        &["model", "tm", "tmx", "xliff"],
    ),
    (
        "align",
        "sentence alignment of bilingual archives",
        &[
            "fsutil",
            "languages",
            "model",
            "placeables",
            "segment",
            "source",
            "tm",
            "tmx",
            "xliff",
        ],
    ),
    (
        "roundtrip",
        "translator round trip: states, bases, language tags",
        &["model", "tm", "xliff"],
    ),
    (
        "site",
        "HTML pages, sitemap, feeds",
        &[
            "config",
            "fsutil",
            "languages",
            "model",
            "source",
            "tm",
            "typography",
            "xliff",
        ],
    ),
    (
        "scaffold",
        "diglot init",
        &["config", "fsutil", "languages", "locale", "source"],
    ),
    (
        "project",
        "a project folder and its corpus",
        &[
            "config",
            "exchange",
            "extract",
            "fsutil",
            "l10n",
            "roundtrip",
            "segment",
            "site",
            "source",
            "tm",
            "xliff",
        ],
    ),
    (
        "check",
        "the CI gate",
        &[
            "diagnostic",
            "l10n",
            "model",
            "project",
            "qa",
            "site",
            "tm",
            "xliff",
        ],
    ),
    (
        "report",
        "text, JSON, GitHub, JUnit forms of diagnostics",
        &["diagnostic", "xliff"],
    ),
    (
        "commands",
        "one module per command",
        &[
            "align",
            "check",
            "config",
            "diagnostic",
            "exchange",
            "extract",
            "fsutil",
            "l10n",
            "locale",
            "model",
            "project",
            "report",
            "roundtrip",
            "scaffold",
            "segment",
            "site",
            "source",
            "tm",
            "tmx",
            "xliff",
        ],
    ),
];

#[cfg(test)]
mod layering;
