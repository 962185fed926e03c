//! QA rules on an approved translation.
//!
//! [`check`] looks at one source/target pair of [`CodedText`]s and returns
//! [`Finding`]s, each with a stable rule id, a severity, a one-line message a
//! translator understands and, when it points at something in the target, a
//! byte range of the target's text. [`inconsistencies`] looks across pairs.
//! [`safe_fixes`] repairs what can be repaired without a translator
//! (typography and spaces) for `diglot check --fix`.
//!
//! # Rules and defaults
//!
//! | id | default | reports |
//! |----|---------|---------|
//! | `empty-target` | error | a target with no text and no code for a non-empty source (other rules are then skipped) |
//! | `inline-codes` | error | an inline code missing from or extra in the target (compared by kind and id), or codes that close before they open |
//! | `code-order` | warning | the same codes, well nested, in another order than in the source (often legitimate) |
//! | `numbers` | error | numbers, percentages, amounts, dates and reference numbers that differ, amounts whose currency changed; locale forms are equal (`4,312` = `4 312`, `12.5%` = `12,5 %`, `5 June 2025` = `5 juin 2025`, `8(2)(b)` = `8-2-b`), see [`crate::placeables`]; a number the other text spells out (`90` ↔ `quatre-vingt-dix`, per-language data) is accepted |
//! | `urls` | error | URLs and e-mail addresses that differ, and links (codes of ctype `link`) whose target (`data`) differs from the source's |
//! | `end-punctuation` | warning | the sentence ends with other punctuation than the source (`.` vs `?`, `.` vs none) when either ends a sentence (`.` `?` `!` `…`); closing quotes, brackets, codes and the French spaces before `? ! : ;` are ignored, and `:`/`;`/none differences (list items) are not reported |
//! | `identical` | warning | target identical to the source, unless the source has no word outside placeables and codes or is a name (every word capitalised but short joining words: `Tête-à-La-Baleine`, `Court of Appeal`) |
//! | `spaces` | warning | leading or trailing whitespace that differs from the source's, double spaces |
//! | `typography` | warning | target-language typography ([`crate::typography`]: French fixed spaces, apostrophe) |
//! | `terminology` | warning | a termbase term in the source whose approved rendering is not in the target (rule in [`termbase`]) |
//! | `inconsistency` | warning | one source with several different approved targets ([`inconsistencies`]) |
//!
//! Every rule can be re-levelled or turned off in `diglot.toml`:
//!
//! ```toml
//! [qa.rules]
//! numbers = "warning"
//! identical = "off"
//! ```

pub mod termbase;

pub use termbase::{Termbase, TermbaseError};

use crate::model::{placeholder_index, Code, CodeKind, CodedText};
use crate::placeables::{self, Kind, Placeable};
use crate::typography;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

pub use crate::model::Severity;

/// A rule's level in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// Every QA rule with its default level (see the module documentation),
/// from the registry [`crate::diagnostic::RULES`].
pub fn rules() -> impl Iterator<Item = (&'static str, Level)> {
    crate::diagnostic::RULES
        .iter()
        .filter(|r| r.family == crate::diagnostic::Family::Qa)
        .map(|r| (r.id, Level::from(r.severity)))
}

impl From<Severity> for Level {
    fn from(s: Severity) -> Level {
        match s {
            Severity::Warning => Level::Warning,
            Severity::Error => Level::Error,
        }
    }
}

/// One problem found by a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// One line for a translator.
    pub message: String,
    /// Byte range in the target's text, when the finding points at it.
    pub range: Option<Range<usize>>,
}

#[derive(Debug, thiserror::Error)]
pub enum QaConfigError {
    #[error("[qa]: {0}")]
    Toml(String),
    #[error("[qa.rules]: unknown rule `{rule}` (known: {known})")]
    UnknownRule { rule: String, known: String },
}

/// The `[qa]` table of `diglot.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QaConfig {
    /// Rule id → level; rules not listed keep their default.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// Termbase file (TSV, see [`termbase`]), relative to the project root.
    #[serde(default)]
    pub termbase: Option<std::path::PathBuf>,
}

impl QaConfig {
    /// Parse the `[qa]` table out of a whole `diglot.toml` text (other tables
    /// are ignored) and validate it.
    pub fn from_toml(text: &str) -> Result<QaConfig, QaConfigError> {
        #[derive(Deserialize)]
        struct Doc {
            #[serde(default)]
            qa: QaConfig,
        }
        let doc: Doc =
            toml::from_str(text).map_err(|e| QaConfigError::Toml(e.message().to_string()))?;
        doc.qa.validate()?;
        Ok(doc.qa)
    }

    /// Reject unknown rule ids.
    pub fn validate(&self) -> Result<(), QaConfigError> {
        self.validate_with(&[])
    }

    /// Reject rule ids that are neither QA rules nor in `other_rules` (for
    /// example the Fluent linter's ids, so that `[qa.rules]` can re-level
    /// them too; see [`QaConfig::level_or`]).
    pub fn validate_with(&self, other_rules: &[&str]) -> Result<(), QaConfigError> {
        for rule in self.rules.keys() {
            let known = rules().any(|(id, _)| id == rule) || other_rules.contains(&rule.as_str());
            if !known {
                return Err(QaConfigError::UnknownRule {
                    rule: rule.clone(),
                    known: rules()
                        .map(|(id, _)| id)
                        .chain(other_rules.iter().copied())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
        Ok(())
    }

    /// The configured level of any rule id, or `default` when the
    /// configuration does not mention it (for rules outside [`rules`]).
    pub fn level_or(&self, rule: &str, default: Level) -> Level {
        self.rules.get(rule).copied().unwrap_or(default)
    }

    /// The effective level of a rule.
    pub fn level(&self, rule: &str) -> Level {
        self.rules.get(rule).copied().unwrap_or_else(|| {
            rules()
                .find(|(id, _)| *id == rule)
                .map(|(_, l)| l)
                .unwrap_or(Level::Off)
        })
    }
}

struct Out<'a> {
    config: &'a QaConfig,
    findings: Vec<Finding>,
}

impl Out<'_> {
    fn on(&self, rule: &str) -> bool {
        self.config.level(rule) != Level::Off
    }

    fn push(&mut self, rule: &'static str, message: String, range: Option<Range<usize>>) {
        if let Some(severity) = self.config.level(rule).severity() {
            self.findings.push(Finding {
                rule,
                severity,
                message,
                range,
            });
        }
    }
}

/// Run every enabled rule on one approved translation.
pub fn check(
    source: &CodedText,
    target: &CodedText,
    source_lang: &str,
    target_lang: &str,
    termbase: Option<&Termbase>,
    config: &QaConfig,
) -> Vec<Finding> {
    let mut out = Out {
        config,
        findings: Vec::new(),
    };
    let source_empty = source.text.trim().is_empty() && source.codes.is_empty();
    if target.text.trim().is_empty() && target.codes.is_empty() {
        if !source_empty {
            out.push("empty-target", "the translation is empty".into(), None);
        }
        return out.findings;
    }
    if out.on("inline-codes") || out.on("code-order") {
        inline_codes(&mut out, source, target);
    }
    let sp = placeables::find_coded(source_lang, source);
    let tp = placeables::find_coded(target_lang, target);
    numbers(
        &mut out,
        (source, target),
        (source_lang, target_lang),
        &sp,
        &tp,
    );
    urls(&mut out, source, target, &sp, &tp);
    if out.on("end-punctuation") {
        end_punctuation(&mut out, source, target);
    }
    if out.on("identical") {
        identical(&mut out, source, target, source_lang);
    }
    let typo = if out.on("typography") || out.on("spaces") {
        typography::check_with(target_lang, target, &tp)
    } else {
        Vec::new()
    };
    if out.on("spaces") {
        for e in space_edits(source, target, &typo) {
            out.push("spaces", e.message, Some(e.range));
        }
    }
    for t in typo {
        out.push("typography", t.message, Some(t.range));
    }
    if let Some(tb) = termbase {
        if out.on("terminology") && tb.applies_to(source_lang, target_lang) {
            let folded = termbase::fold(&target.plain_text());
            let mut seen: Vec<(usize, usize)> = Vec::new();
            for m in tb.find_in_with(&source.text, &sp) {
                if seen.contains(&(m.term.line, m.form)) || m.rendered_in_folded(&folded) {
                    continue;
                }
                seen.push((m.term.line, m.form));
                let r = m.renderings();
                let want = if r.len() == 1 {
                    format!("“{}”", r[0])
                } else {
                    format!(
                        "one of {}",
                        r.iter()
                            .map(|x| format!("“{x}”"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                out.push(
                    "terminology",
                    format!(
                        "the source has “{}”: the termbase wants {want} in the translation",
                        &source.text[m.range.clone()]
                    ),
                    None,
                );
            }
        }
    }
    out.findings
}

/// `{1}`, `{/1}` or `{1/}` and the code's type.
fn code_label(c: &Code) -> String {
    let tag = match c.kind {
        CodeKind::Open => format!("{{{}}}", c.id),
        CodeKind::Close => format!("{{/{}}}", c.id),
        CodeKind::Standalone => format!("{{{}/}}", c.id),
    };
    match &c.disp {
        Some(d) => format!("{tag} ({} “{d}”)", c.ctype),
        None => format!("{tag} ({})", c.ctype),
    }
}

/// Labels of codes, an opening and closing code with the same id (both
/// missing, or both extra) as one label `{1}…{/1} (emphasis)`, with the range
/// from the first to the last.
fn pair_labels<'a>(
    codes: impl Iterator<Item = (&'a Code, Option<Range<usize>>)>,
) -> Vec<(String, Option<Range<usize>>)> {
    let codes: Vec<(&Code, Option<Range<usize>>)> = codes.collect();
    let mut used = vec![false; codes.len()];
    let mut out = Vec::new();
    for i in 0..codes.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let (c, r) = &codes[i];
        let close = (c.kind == CodeKind::Open)
            .then(|| {
                (i + 1..codes.len()).find(|&j| {
                    !used[j] && codes[j].0.kind == CodeKind::Close && codes[j].0.id == c.id
                })
            })
            .flatten();
        match close {
            Some(j) => {
                used[j] = true;
                let range = match (r, &codes[j].1) {
                    (Some(a), Some(b)) => Some(a.start.min(b.start)..a.end.max(b.end)),
                    _ => None,
                };
                let label = code_label(c);
                let (tag, rest) = label.split_once(' ').unwrap_or((&label, ""));
                out.push((format!("{tag}…{{/{}}} {rest}", c.id), range));
            }
            None => out.push((code_label(c), r.clone())),
        }
    }
    out
}

/// Codes with their byte range in the text, in text order.
fn codes_with_ranges(t: &CodedText) -> Vec<(&Code, Range<usize>)> {
    t.text
        .char_indices()
        .filter_map(|(i, c)| {
            let ix = placeholder_index(c)?;
            Some((t.codes.get(ix)?, i..i + c.len_utf8()))
        })
        .collect()
}

fn inline_codes(out: &mut Out, source: &CodedText, target: &CodedText) {
    let sc = codes_with_ranges(source);
    let tc = codes_with_ranges(target);
    let mut unmatched: Vec<Option<&Code>> = sc.iter().map(|(c, _)| Some(*c)).collect();
    let mut problems = false;
    let mut extra = Vec::new();
    for (c, r) in &tc {
        match unmatched
            .iter()
            .position(|u| u.is_some_and(|u| u.key() == c.key()))
        {
            Some(k) => unmatched[k] = None,
            None => extra.push((*c, r.clone())),
        }
    }
    let missing: Vec<&Code> = unmatched.iter().flatten().copied().collect();
    for (label, _) in pair_labels(missing.iter().map(|c| (*c, None))) {
        problems = true;
        out.push(
            "inline-codes",
            format!("inline code {label} is missing from the translation"),
            None,
        );
    }
    for (label, r) in pair_labels(extra.into_iter().map(|(c, r)| (c, Some(r)))) {
        problems = true;
        out.push(
            "inline-codes",
            format!("inline code {label} is not in the source"),
            r,
        );
    }
    if problems {
        return;
    }
    // Same codes: are they properly nested, and in the same order?
    let mut stack: Vec<&str> = Vec::new();
    for (c, r) in &tc {
        match c.kind {
            CodeKind::Open => stack.push(&c.id),
            CodeKind::Close => {
                if stack.last() == Some(&c.id.as_str()) {
                    stack.pop();
                } else if source.is_balanced() {
                    out.push(
                        "inline-codes",
                        format!(
                            "inline code {} closes before its opening code or across another code",
                            code_label(c)
                        ),
                        Some(r.clone()),
                    );
                    return;
                }
            }
            CodeKind::Standalone => {}
        }
    }
    let s_order: Vec<String> = sc.iter().map(|(c, _)| code_tag(c)).collect();
    let t_order: Vec<String> = tc.iter().map(|(c, _)| code_tag(c)).collect();
    if s_order != t_order {
        let first = sc
            .iter()
            .zip(&tc)
            .find(|(a, b)| a.0.key() != b.0.key())
            .map(|(_, b)| b.1.clone());
        out.push(
            "code-order",
            format!(
                "inline codes are in another order than in the source: {} instead of {}",
                t_order.concat(),
                s_order.concat()
            ),
            first,
        );
    }
}

fn code_tag(c: &Code) -> String {
    match c.kind {
        CodeKind::Open => format!("{{{}}}", c.id),
        CodeKind::Close => format!("{{/{}}}", c.id),
        CodeKind::Standalone => format!("{{{}/}}", c.id),
    }
}

/// A decimal written with `.` in a language whose decimal separator is
/// another (`12.5 %` in Spanish): the target reads it as a section number,
/// which [`number_key`] lets stand for the source's 12.5 (the English
/// `section 1.1` is one); when the source's value is a percentage or an
/// amount, it was a decimal, and the target wrote it the source's way.
fn decimal_point(
    out: &mut Out,
    target: &CodedText,
    target_lang: &str,
    sp: &[Placeable],
    tp: &[Placeable],
) {
    if placeables::decimal_separator(target_lang) == "." {
        return;
    }
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    for t in tp {
        let placeables::Value::Reference(r) = &t.value else {
            continue;
        };
        let Some((a, b)) = r.split_once('.').filter(|(a, b)| digits(a) && digits(b)) else {
            continue;
        };
        let n = placeables::normalise_number(a, b);
        let decimal_in_source = sp.iter().any(|s| {
            matches!(s.value.kind(), Kind::Percent | Kind::Amount) && s.value.number() == Some(&n)
        });
        if decimal_in_source {
            let right = placeables::render(
                &placeables::Value::Number {
                    value: n,
                    grouped: false,
                },
                target_lang,
            );
            out.push(
                "numbers",
                format!(
                    "{} is written with a decimal point; this language writes {right}",
                    &target.text[t.range.clone()]
                ),
                Some(t.range.clone()),
            );
        }
    }
}

/// Key under which two placeables count as the same number: the kind of a
/// numeric placeable does not matter (`€5` = `5 euros`; `12,5 pour cent` =
/// `12.5%`).
fn number_key(p: &Placeable) -> Option<String> {
    match &p.value {
        placeables::Value::Reference(r) => {
            // A reference that is a plain number (`E.O. 14203`, `article 8`)
            // counts as that number: the other language may introduce it
            // with a word that is not a known reference prefix (`alinéa 3`).
            // So does a dotted `1.1` (a decimal in English, a section number
            // in French).
            let parts = placeables::reference_parts(r);
            let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
            if digits(&parts) {
                let n = parts.trim_start_matches('0');
                return Some(format!("n:{}", if n.is_empty() { "0" } else { n }));
            }
            match r.split_once('.') {
                Some((a, b)) if digits(a) && digits(b) => {
                    Some(format!("n:{}", placeables::normalise_number(a, b)))
                }
                _ => Some(p.value.key()),
            }
        }
        v => match v.kind() {
            Kind::Number | Kind::Percent | Kind::Amount => v.number().map(|n| format!("n:{n}")),
            Kind::Date | Kind::Reference => Some(v.key()),
            Kind::Url | Kind::Email => None,
        },
    }
}

/// Whether `text` (any case) contains one of `words` as a whole word.
fn has_word(text_lower: &str, words: &[String]) -> bool {
    words.iter().any(|w| {
        let w = w.to_lowercase();
        text_lower.match_indices(w.as_str()).any(|(i, _)| {
            text_lower[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphabetic())
                && text_lower[i + w.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphabetic())
        })
    })
}

/// A number the other text spells out (`90` ↔ `quatre-vingt-dix`).
fn spelled_out(p: &Placeable, other_lower: &str, other_lang: &str) -> bool {
    matches!(p.value.kind(), Kind::Number | Kind::Percent)
        && p.value
            .number()
            .is_some_and(|n| has_word(other_lower, placeables::number_words(other_lang, n)))
}

fn url_key(p: &Placeable) -> Option<String> {
    matches!(p.value.kind(), Kind::Url | Kind::Email).then(|| p.value.key())
}

/// Source and target placeables with the same key cancel out; what is left
/// is missing (source) or extra (target).
fn unmatched<'p>(
    sp: &'p [Placeable],
    tp: &'p [Placeable],
    key: fn(&Placeable) -> Option<String>,
) -> (Vec<&'p Placeable>, Vec<&'p Placeable>) {
    let mut pool: HashMap<String, Vec<&Placeable>> = HashMap::new();
    for p in tp {
        if let Some(k) = key(p) {
            pool.entry(k).or_default().push(p);
        }
    }
    let mut missing = Vec::new();
    for p in sp {
        let Some(k) = key(p) else { continue };
        match pool.get_mut(&k) {
            Some(v) if !v.is_empty() => {
                v.remove(0);
            }
            _ => missing.push(p),
        }
    }
    let mut extra: Vec<&Placeable> = pool.into_values().flatten().collect();
    extra.sort_by_key(|p| p.range.start);
    (missing, extra)
}

fn numbers(
    out: &mut Out,
    (source, target): (&CodedText, &CodedText),
    langs: (&str, &str),
    sp: &[Placeable],
    tp: &[Placeable],
) {
    if !out.on("numbers") {
        return;
    }
    let (missing, extra) = unmatched(sp, tp, number_key);
    decimal_point(out, target, langs.1, sp, tp);
    // Numbers the other text spells out are not reported.
    let (s_lower, t_lower) = (source.text.to_lowercase(), target.text.to_lowercase());
    let missing: Vec<&Placeable> = missing
        .into_iter()
        .filter(|m| !spelled_out(m, &t_lower, langs.1))
        .collect();
    let mut extra: Vec<&Placeable> = extra
        .into_iter()
        .filter(|e| !spelled_out(e, &s_lower, langs.0))
        .collect();
    for m in missing {
        let src = &source.text[m.range.clone()];
        // Pair with an extra target placeable of the same kind: a change.
        let same_kind = |e: &&Placeable| {
            let numeric = |k: Kind| matches!(k, Kind::Number | Kind::Percent | Kind::Amount);
            e.value.kind() == m.value.kind() || (numeric(e.value.kind()) && numeric(m.value.kind()))
        };
        if let Some(pos) = extra.iter().position(same_kind) {
            let e = extra.remove(pos);
            out.push(
                "numbers",
                format!(
                    "{} {src} became {} in the translation",
                    m.value.kind().name(),
                    &target.text[e.range.clone()]
                ),
                Some(e.range.clone()),
            );
        } else {
            out.push(
                "numbers",
                format!(
                    "{} {src} is missing from the translation",
                    m.value.kind().name()
                ),
                None,
            );
        }
    }
    for e in extra {
        out.push(
            "numbers",
            format!(
                "{} {} is not in the source",
                e.value.kind().name(),
                &target.text[e.range.clone()]
            ),
            Some(e.range.clone()),
        );
    }
    // Amounts whose number is right but whose currency changed.
    let amounts = |ps: &[Placeable]| -> Vec<(String, String, Range<usize>)> {
        ps.iter()
            .filter_map(|p| match &p.value {
                placeables::Value::Amount { currency, value } => {
                    Some((currency.clone(), value.clone(), p.range.clone()))
                }
                _ => None,
            })
            .collect()
    };
    let (sa, mut ta) = (amounts(sp), amounts(tp));
    let mut changed = Vec::new();
    for (cur, val, r) in &sa {
        if let Some(k) = ta.iter().position(|(c, v, _)| c == cur && v == val) {
            ta.remove(k);
        } else {
            changed.push((cur, val, r));
        }
    }
    for (cur, val, r) in changed {
        if let Some(k) = ta.iter().position(|(c, v, _)| v == val && c != cur) {
            let (tc, _, tr) = ta.remove(k);
            out.push(
                "numbers",
                format!(
                    "amount {} is in {cur} but the translation has {} ({tc})",
                    &source.text[r.clone()],
                    &target.text[tr.clone()]
                ),
                Some(tr),
            );
        }
    }
}

fn urls(out: &mut Out, source: &CodedText, target: &CodedText, sp: &[Placeable], tp: &[Placeable]) {
    if !out.on("urls") {
        return;
    }
    let (missing, extra) = unmatched(sp, tp, url_key);
    for m in missing {
        out.push(
            "urls",
            format!(
                "{} {} is missing or changed in the translation",
                m.value.kind().name(),
                &source.text[m.range.clone()]
            ),
            None,
        );
    }
    for e in extra {
        out.push(
            "urls",
            format!(
                "{} {} is not in the source",
                e.value.kind().name(),
                &target.text[e.range.clone()]
            ),
            Some(e.range.clone()),
        );
    }
    // Link targets carried by codes.
    let tc = codes_with_ranges(target);
    for (sc, _) in codes_with_ranges(source) {
        if sc.ctype != "link" || sc.kind == CodeKind::Close {
            continue;
        }
        let Some(sd) = &sc.data else { continue };
        if let Some((tcode, r)) = tc.iter().find(|(t, _)| t.key() == sc.key()) {
            if let Some(td) = &tcode.data {
                if td != sd {
                    out.push(
                        "urls",
                        format!("link {} points to {td} instead of {sd}", code_tag(sc)),
                        Some(r.clone()),
                    );
                }
            }
        }
    }
}

/// The sentence-final punctuation of a text and its byte range: trailing
/// spaces, codes, closing quotes and brackets are skipped; `...` counts as `…`.
fn final_punctuation(text: &str) -> Option<(String, Range<usize>)> {
    let mut end = text.len();
    loop {
        let c = text[..end].chars().next_back()?;
        let skip = c.is_whitespace()
            || c == '\u{202F}'
            || placeholder_index(c).is_some()
            || matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']');
        if !skip {
            break;
        }
        end -= c.len_utf8();
    }
    let before = &text[..end];
    if before.ends_with("...") {
        return Some(("…".into(), end - 3..end));
    }
    let c = before.chars().next_back()?;
    matches!(c, '.' | '?' | '!' | ':' | ';' | '…').then(|| (c.to_string(), end - c.len_utf8()..end))
}

fn end_punctuation(out: &mut Out, source: &CodedText, target: &CodedText) {
    let s = final_punctuation(&source.text);
    let t = final_punctuation(&target.text);
    let (sp, tp) = (
        s.as_ref().map(|x| x.0.as_str()),
        t.as_ref().map(|x| x.0.as_str()),
    );
    if sp == tp {
        return;
    }
    // Only a sentence end (`.` `?` `!` `…`) on either side matters: `:`,
    // `;` or nothing at the end of a list item or a lead-in vary between
    // languages.
    let terminal = |p: Option<&str>| matches!(p, Some(".") | Some("?") | Some("!") | Some("…"));
    if !terminal(sp) && !terminal(tp) {
        return;
    }
    let range = t.as_ref().map(|x| x.1.clone());
    let msg = match (sp, tp) {
        (Some(a), Some(b)) => format!("the source ends with “{a}” but the translation with “{b}”"),
        (Some(a), None) => {
            format!("the source ends with “{a}” but the translation has no end punctuation")
        }
        (None, Some(b)) => {
            format!("the translation ends with “{b}” but the source has no end punctuation")
        }
        (None, None) => return,
    };
    out.push("end-punctuation", msg, range);
}

fn identical(out: &mut Out, source: &CodedText, target: &CodedText, source_lang: &str) {
    if source.text.trim() != target.text.trim() || source.codes != target.codes {
        return;
    }
    // Names (every word capitalised, short lowercase joining words such as
    // `de`, `à`, `of` allowed), numbers and codes need no translation.
    let (sk, _) = placeables::skeleton(source_lang, &source.plain_text());
    let words: Vec<&str> = sk
        .split(|c: char| c.is_whitespace() || placeholder_index(c).is_some())
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
        .filter(|w| !w.is_empty())
        .collect();
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let joining = |w: &&str| w.chars().count() <= 3 && !capitalised(w);
    if words.is_empty()
        || (words.iter().any(capitalised) && words.iter().all(|w| capitalised(w) || joining(w)))
    {
        return;
    }
    out.push(
        "identical",
        "the translation is identical to the source".into(),
        Some(0..target.text.len()),
    );
}

/// A text edit on the target.
struct Edit {
    range: Range<usize>,
    replacement: String,
    message: String,
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{202F}' || c == '\u{A0}'
}

/// Leading/trailing whitespace differing from the source's, and double
/// spaces not already covered by a typography issue.
fn space_edits(
    source: &CodedText,
    target: &CodedText,
    typo: &[typography::TypoIssue],
) -> Vec<Edit> {
    let t = target.text.as_str();
    let s = source.text.as_str();
    let mut edits = Vec::new();
    let lead = |x: &str| x.len() - x.trim_start_matches(is_blank).len();
    let trail = |x: &str| x.len() - x.trim_end_matches(is_blank).len();
    let (sl, tl) = (&s[..lead(s)], &t[..lead(t)]);
    if sl != tl {
        edits.push(Edit {
            range: 0..tl.len(),
            replacement: sl.to_string(),
            message: if tl.is_empty() {
                "the source starts with a space but the translation does not".into()
            } else {
                "the translation starts with a space the source does not have".into()
            },
        });
    }
    let (st, tt) = (&s[s.len() - trail(s)..], &t[t.len() - trail(t)..]);
    if st != tt && tl.len() < t.len() {
        edits.push(Edit {
            range: t.len() - tt.len()..t.len(),
            replacement: st.to_string(),
            message: if tt.is_empty() {
                "the source ends with a space but the translation does not".into()
            } else {
                "the translation ends with a space the source does not have".into()
            },
        });
    }
    // Double spaces inside the text.
    let inner = lead(t)..t.len() - trail(t);
    let mut i = inner.start;
    while i < inner.end {
        let run: usize = t[i..inner.end]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .map(char::len_utf8)
            .sum();
        if run >= 2 {
            let r = i..i + run;
            if !typo
                .iter()
                .any(|x| x.range.start < r.end && r.start < x.range.end)
            {
                edits.push(Edit {
                    range: r,
                    replacement: " ".into(),
                    message: "double space".into(),
                });
            }
            i += run;
        } else {
            i += t[i..].chars().next().map(char::len_utf8).unwrap_or(1);
        }
    }
    edits
}

/// One change made by [`safe_fixes`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub rule: &'static str,
    /// Byte range in the original target's text.
    pub range: Range<usize>,
    pub replaced: String,
    pub replacement: String,
    pub message: String,
}

/// The target with the safe fixes applied (`typography` and `spaces`, when
/// those rules are not off), and the list of changes. Applying it again
/// changes nothing.
pub fn safe_fixes(
    source: &CodedText,
    target: &CodedText,
    target_lang: &str,
    config: &QaConfig,
) -> (CodedText, Vec<Change>) {
    let typo = typography::check(target_lang, target);
    let mut changes: Vec<Change> = Vec::new();
    let t = &target.text;
    if config.level("typography") != Level::Off {
        for i in typo.iter().filter(|i| i.fixable) {
            changes.push(Change {
                rule: "typography",
                range: i.range.clone(),
                replaced: t[i.range.clone()].to_string(),
                replacement: i.replacement.clone(),
                message: i.message.clone(),
            });
        }
    }
    if config.level("spaces") != Level::Off {
        for e in space_edits(source, target, &typo) {
            // A typography fix on the same spaces wins.
            if changes.iter().any(|c| {
                (c.range.start < e.range.end && e.range.start < c.range.end)
                    || c.range.start == e.range.start
            }) {
                continue;
            }
            changes.push(Change {
                rule: "spaces",
                replaced: t[e.range.clone()].to_string(),
                range: e.range,
                replacement: e.replacement,
                message: e.message,
            });
        }
    }
    changes.sort_by_key(|c| (c.range.start, c.range.end));
    let mut fixed = target.clone();
    let mut last_start = usize::MAX;
    let mut applied = Vec::new();
    for c in changes.into_iter().rev() {
        if c.range.end > last_start || c.range.start == last_start {
            continue;
        }
        fixed.text.replace_range(c.range.clone(), &c.replacement);
        last_start = c.range.start;
        applied.push(c);
    }
    applied.reverse();
    (fixed, applied)
}

/// One source translated several ways.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inconsistency {
    /// The source, codes shown as `{1}`…
    pub source: String,
    /// The different targets, in order of first appearance.
    pub targets: Vec<String>,
    /// Indices into the input of every pair with this source.
    pub pairs: Vec<usize>,
    pub finding: Finding,
}

/// Sources (compared with codes, surrounding whitespace ignored) that have
/// more than one distinct approved target.
pub fn inconsistencies<'a, I>(pairs: I, config: &QaConfig) -> Vec<Inconsistency>
where
    I: IntoIterator<Item = (&'a CodedText, &'a CodedText)>,
{
    let Some(severity) = config.level("inconsistency").severity() else {
        return Vec::new();
    };
    let mut groups: BTreeMap<String, (usize, Vec<String>, Vec<usize>)> = BTreeMap::new();
    for (n, (s, t)) in pairs.into_iter().enumerate() {
        let key = s.display().trim().to_string();
        let first = groups.len();
        let g = groups
            .entry(key)
            .or_insert_with(|| (first, Vec::new(), Vec::new()));
        let td = t.display().trim().to_string();
        if !g.1.contains(&td) {
            g.1.push(td);
        }
        g.2.push(n);
    }
    let mut out: Vec<(usize, Inconsistency)> = groups
        .into_iter()
        .filter(|(_, g)| g.1.len() > 1)
        .map(|(source, (first, targets, pairs))| {
            let message = format!(
                "“{source}” is translated {} ways: {}",
                targets.len(),
                targets
                    .iter()
                    .map(|t| format!("“{t}”"))
                    .collect::<Vec<_>>()
                    .join(" / ")
            );
            (
                first,
                Inconsistency {
                    source,
                    targets,
                    pairs,
                    finding: Finding {
                        rule: "inconsistency",
                        severity,
                        message,
                        range: None,
                    },
                },
            )
        })
        .collect();
    out.sort_by_key(|(first, _)| *first);
    out.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests;
