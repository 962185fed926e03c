//! One [`Diagnostic`] for every problem diglot reports about a file (from
//! `check`, `validate`, `import`, `build`, the Fluent linter and the XLIFF
//! operations), and the one registry of rule ids ([`RULES`]): each rule's
//! id, family, default severity and description. The report formats (text,
//! JSON, GitHub, JUnit) are in the `report` module, above this one.

use serde::Serialize;
use std::path::PathBuf;

pub use crate::model::Severity;

/// One problem, with where it is and which rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    /// File the diagnostic is about (relative to the project root in a
    /// project).
    pub path: PathBuf,
    /// 1-based line; 0 when the diagnostic concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when there is no position.
    pub column: usize,
    pub severity: Severity,
    /// Stable rule id: one of [`RULES`], or a validator rule
    /// (`xliff2:…`, `xliff12:…`, `tmx:…`, `xml:…`, see [`NAMESPACES`]).
    pub rule: String,
    /// The language concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Segment, unit or message id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// One line for a translator.
    pub message: String,
    /// The text concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at `path:line:column`. The rule must be in the
    /// registry (checked in debug builds, so by every test).
    pub fn new(
        rule: impl Into<String>,
        severity: Severity,
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let rule = rule.into();
        debug_assert!(is_known(&rule), "rule `{rule}` is not in the registry");
        Diagnostic {
            path: path.into(),
            line,
            column,
            severity,
            rule,
            lang: None,
            id: None,
            message: message.into(),
            snippet: None,
        }
    }

    /// An error of `rule` with its [default severity](Rule::severity)
    /// (`Error` for rules outside the registry, such as validator rules).
    pub fn of(
        rule: &str,
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let severity = find(rule).map_or(Severity::Error, |r| r.severity);
        Diagnostic::new(rule, severity, path, line, column, message)
    }

    pub fn with_lang(mut self, lang: impl Into<String>) -> Diagnostic {
        self.lang = Some(lang.into());
        self
    }

    pub fn with_id(mut self, id: impl Into<String>) -> Diagnostic {
        self.id = Some(id.into());
        self
    }

    /// The snippet, unless it is empty.
    pub fn with_snippet(mut self, snippet: impl Into<String>) -> Diagnostic {
        self.snippet = Some(snippet.into()).filter(|s| !s.is_empty());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Ids of the rules reported outside the QA rules and the Fluent linter
/// (`check`, `build`, `import`), for those modules to name them.
pub mod id {
    pub const MISSING_TRANSLATION: &str = "missing-translation";
    pub const STALE_TRANSLATION: &str = "stale-translation";
    pub const OBSOLETE_UNIT: &str = "obsolete-unit";
    pub const TM_INVALID: &str = "tm-invalid";
    pub const TERMBASE: &str = "termbase";
    pub const FLUENT_IO: &str = "fluent-io";
    pub const FLUENT_MISSING: &str = "fluent-missing";
    pub const FLUENT_OBSOLETE: &str = "fluent-obsolete";
    pub const UNKNOWN_ID: &str = "unknown-id";
    pub const STALE: &str = "stale";
    pub const INLINE_CODES: &str = "inline-codes";
    pub const CONFLICT: &str = "conflict";
}

/// Which part of diglot reports a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Completeness of statements, memories and locales (`check`, `build`);
    /// not configurable.
    Completeness,
    /// The Fluent linter (`check`, `validate`); configurable in `[qa.rules]`.
    Fluent,
    /// QA rules on approved translations (`check`); configurable in
    /// `[qa.rules]`.
    Qa,
    /// Units refused by `import`.
    Import,
}

/// A rule of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub family: Family,
    /// Default severity (`[qa.rules]` can re-level the configurable ones).
    pub severity: Severity,
    pub description: &'static str,
}

const fn rule(
    id: &'static str,
    family: Family,
    severity: Severity,
    description: &'static str,
) -> Rule {
    Rule {
        id,
        family,
        severity,
        description,
    }
}

use Family::{Completeness, Fluent, Import, Qa};
use Severity::{Error, Warning};

/// Every rule id diglot reports, by family, in documentation order (README,
/// "Rules and default severities").
pub const RULES: &[Rule] = &[
    rule(id::MISSING_TRANSLATION, Completeness, Error, "a segment with no approved translation (the message says when one awaits review), or a site message missing in a target language"),
    rule(id::STALE_TRANSLATION, Completeness, Error, "a segment whose source changed since it was translated"),
    rule(id::OBSOLETE_UNIT, Completeness, Warning, "a memory unit no statement uses"),
    rule(id::TM_INVALID, Completeness, Error, "a memory file that cannot be read"),
    rule(id::TERMBASE, Completeness, Error, "a termbase file that cannot be read"),
    rule(id::FLUENT_IO, Completeness, Error, "a locale folder or file that cannot be read"),
    rule("fluent-syntax", Fluent, Error, "a syntax error (junk)"),
    rule("fluent-duplicate", Fluent, Error, "a message, term or attribute defined twice"),
    rule(id::FLUENT_MISSING, Fluent, Error, "a message, term, value or attribute of the source-language file the target lacks"),
    rule(id::FLUENT_OBSOLETE, Fluent, Warning, "a message, term, value or attribute the source-language file does not have"),
    rule("fluent-variables", Fluent, Error, "a variable the source uses that the target does not, or one the source does not provide"),
    rule("fluent-plurals", Fluent, Error, "the plural policy"),
    rule("fluent-cycle", Fluent, Error, "a message or term that refers to itself, directly or through others (formatting it fails, so build would stop)"),
    rule("empty-target", Qa, Error, "an empty translation of a non-empty source"),
    rule(id::INLINE_CODES, Qa, Error, "an inline code missing or extra, or closing before it opens"),
    rule("code-order", Qa, Warning, "the same codes in another order than in the source"),
    rule("numbers", Qa, Error, "numbers, percentages, amounts, dates, reference numbers that differ"),
    rule("urls", Qa, Error, "a URL or e-mail address changed, missing or added; a link whose target differs"),
    rule("end-punctuation", Qa, Warning, "the translation ends a sentence differently"),
    rule("identical", Qa, Warning, "the translation is the source text"),
    rule("spaces", Qa, Warning, "leading or trailing spaces that differ from the source's, double spaces"),
    rule("typography", Qa, Warning, "target-language typography"),
    rule("terminology", Qa, Warning, "a termbase term whose approved rendering is not in the translation"),
    rule("inconsistency", Qa, Warning, "one source with several different approved translations"),
    rule(id::UNKNOWN_ID, Import, Error, "an imported unit whose id no segment of the project has"),
    rule(id::STALE, Import, Warning, "an imported unit whose sentence was edited since export (its translation is kept unreviewed as a candidate)"),
    rule(id::CONFLICT, Import, Error, "an imported unit whose translation changed both in the memory and in the file since export (not imported; `import --theirs` takes the file's)"),
];

/// Namespaces of the validators' rule ids (`diglot validate`, `diglot
/// xliff`): each names a constraint of the specification.
pub const NAMESPACES: &[(&str, &str)] = &[
    ("xliff2:", "XLIFF 2.0–2.2 core and modules"),
    ("mtc:", "XLIFF 2 translation candidates module"),
    ("mda:", "XLIFF 2 metadata module"),
    ("fs:", "XLIFF 2 format style module"),
    ("val:", "XLIFF 2 validation module"),
    ("slr:", "XLIFF 2 size and length restriction module"),
    ("res:", "XLIFF 2 resource data module"),
    ("gls:", "XLIFF 2 glossary module"),
    ("ctr:", "XLIFF 2 change tracking module"),
    ("xliff12:", "XLIFF 1.x"),
    ("tmx:", "TMX 1.4"),
    ("xml:", "XML well-formedness"),
];

/// The registry's entry for `id`.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The ids of a family, in registry order.
pub fn ids(family: Family) -> impl Iterator<Item = &'static str> {
    RULES
        .iter()
        .filter(move |r| r.family == family)
        .map(|r| r.id)
}

/// Whether `id` is a rule diglot can report.
pub fn is_known(id: &str) -> bool {
    find(id).is_some() || NAMESPACES.iter().any(|(ns, _)| id.starts_with(ns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_documented_in_readme() {
        let readme = include_str!("../README.md");
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "{} is registered twice", r.id);
            assert!(
                readme.contains(&format!("`{}`", r.id)),
                "{} is documented in README",
                r.id
            );
        }
        assert!(is_known("xliff2:unique-unit-id"));
        assert!(!is_known("no-such-rule"));
        assert_eq!(find("obsolete-unit").unwrap().severity, Warning);
    }
}
