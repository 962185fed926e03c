//! Typography of a target language, as data: fixed spaces (or none) before
//! some punctuation and inside quotation marks, the typographic apostrophe
//! and paired signs.
//!
//! The rules for a language live in its folder,
//! `src/languages/<tag>/typography.toml` (French: U+202F before `; ! ?`,
//! U+00A0 before `:` and inside `« »`, `’` for the apostrophe; Canadian
//! French its own; Spanish: no space before `? ! : ;`, and the double signs
//! `¿…?` and `¡…!`). A language without the file has no rule: [`check`]
//! finds nothing and [`apply`] returns the text unchanged. Rules are looked
//! up region → language ([`crate::languages::file`]: `fr-BE` uses `fr`'s,
//! `fr-CA` its own).
//!
//! Paired signs (`[[pairs]]`): a closing sign without its opening sign
//! earlier in the text, or an opening sign never closed, is an issue with no
//! automatic fix ([`TypoIssue::fixable`] is false): where a question starts
//! is the writer's call.
//!
//! Both functions work on [`CodedText`] and never touch:
//! - URLs and e-mail addresses (found with [`crate::placeables`]),
//! - times and ratios (a `:` between two digits, `14:30`),
//! - text inside a code span (between an opening and a closing code whose
//!   `ctype` is `code`) — the data of codes is never looked at,
//! - the start of the text (no space is inserted before a leading sign).
//!
//! [`apply`] is idempotent: `apply(apply(t)) == apply(t)` and
//! `check(apply(t))` holds only issues that are not fixable.

use crate::languages;
use crate::model::{placeholder_index, CodeKind, CodedText};
use crate::placeables::{self, Kind, Placeable};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

/// What a typography issue is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TypoRule {
    /// Missing or wrong space before a punctuation sign.
    SpaceBefore,
    /// Missing or wrong space inside quotation marks.
    SpaceInside,
    /// Straight apostrophe instead of the typographic one.
    Apostrophe,
    /// Missing or wrong space between a number and a sign or unit (`42 %`).
    SpaceAfterNumber,
    /// A double sign without its other half (`?` without `¿`).
    Pairing,
}

/// One typography problem: replacing `range` of the text by `replacement`
/// fixes it (an empty range is an insertion).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TypoIssue {
    pub rule: TypoRule,
    /// Byte range in `CodedText::text`.
    pub range: Range<usize>,
    /// One line for a translator.
    pub message: String,
    pub replacement: String,
    /// Whether replacing `range` by `replacement` fixes it ([`apply`] and
    /// `check --fix` apply only these).
    pub fixable: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpaceBefore {
    chars: String,
    space: String,
    name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Quotes {
    open: char,
    close: char,
    space: String,
    name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AfterNumber {
    units: Vec<String>,
    space: String,
    name: String,
    #[serde(default)]
    accepted: Vec<String>,
}

/// Signs that go in pairs: an opening sign before its closing sign.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    open: char,
    close: char,
}

/// A language's typography rules, as written in its data file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rules {
    #[serde(default)]
    apostrophe: Option<String>,
    #[serde(default)]
    space_before: Vec<SpaceBefore>,
    #[serde(default)]
    quotes: Vec<Quotes>,
    #[serde(default)]
    after_number: Vec<AfterNumber>,
    #[serde(default)]
    pairs: Vec<Pair>,
    /// Per ASCII character: whether a rule of [`check_with`]'s character
    /// loop looks at it (a sign with a space before, a quote, a digit, the
    /// apostrophe); filled by [`Rules::prepared`]. Letters and spaces, most
    /// of every text, are passed over.
    #[serde(skip)]
    ascii_watch: Vec<bool>,
}

impl Rules {
    fn prepared(mut self) -> Rules {
        let mut watch = vec![false; 128];
        let mut mark = |c: char| {
            if c.is_ascii() {
                watch[c as usize] = true;
            }
        };
        for r in &self.space_before {
            r.chars.chars().for_each(&mut mark);
        }
        for q in &self.quotes {
            mark(q.open);
            mark(q.close);
        }
        ('0'..='9').for_each(&mut mark);
        if self.apostrophe.is_some() {
            mark('\'');
        }
        self.ascii_watch = watch;
        self
    }

    /// Whether the character loop can pass over `c`.
    fn passes_over(&self, c: char) -> bool {
        c.is_ascii() && !self.ascii_watch.get(c as usize).copied().unwrap_or(true)
    }
}

fn rules(lang: &str) -> Option<&'static Rules> {
    // Parsed once per folder; `fr-CA` finds its own folder's file, `fr-BE`
    // the `fr` one (a script or region without rules of its own).
    static ALL: OnceLock<BTreeMap<&'static str, Rules>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        languages::all_files("typography.toml")
            .iter()
            .map(|f| (f.tag, f.parse_builtin::<Rules>().prepared()))
            .collect()
    });
    all.get(languages::file(lang, "typography.toml")?.tag)
}

/// Whether a language has typography rules.
pub fn has_rules(lang: &str) -> bool {
    rules(lang).is_some()
}

/// Spaces that may stand where a fixed space belongs.
fn is_hspace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' | '\u{2002}' | '\u{2003}'
    )
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a regular space".into(),
        '\t' => "a tab".into(),
        '\u{A0}' => "a no-break space (U+00A0)".into(),
        '\u{202F}' => "a narrow no-break space (U+202F)".into(),
        c => format!("U+{:04X}", c as u32),
    }
}

fn describe_run(s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    chars.dedup();
    if s.chars().count() > 1 {
        format!("{} spaces", s.chars().count())
    } else {
        chars.first().map(|c| describe(*c)).unwrap_or_default()
    }
}

/// Byte ranges the rules must not touch.
fn protected(text: &CodedText, found: &[Placeable]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = found
        .iter()
        .filter(|p| matches!(p.value.kind(), Kind::Url | Kind::Email))
        .map(|p| p.range.clone())
        .collect();
    // Code spans: between an opening code of ctype `code` and its closing code.
    let mut open: Vec<(String, usize)> = Vec::new();
    for (i, c) in text.text.char_indices() {
        let Some(code) = placeholder_index(c).and_then(|ix| text.codes.get(ix)) else {
            continue;
        };
        if code.ctype != "code" {
            continue;
        }
        match code.kind {
            CodeKind::Open => open.push((code.id.clone(), i + c.len_utf8())),
            CodeKind::Close => {
                if let Some(pos) = open.iter().rposition(|(id, _)| *id == code.id) {
                    let (_, start) = open.remove(pos);
                    out.push(start..i);
                }
            }
            CodeKind::Standalone => {}
        }
    }
    out
}

/// Whether `i` is in one of `p`, disjoint and sorted ([`merged`]); `cursor` is advanced past
/// ranges that end at or before `i`, so that increasing offsets are
/// answered in linear time overall.
fn is_protected(p: &[Range<usize>], cursor: &mut usize, i: usize) -> bool {
    while *cursor < p.len() && p[*cursor].end <= i {
        *cursor += 1;
    }
    p.get(*cursor).is_some_and(|r| r.start <= i)
}

/// Whether `i` is in one of the sorted, disjoint ranges `p` (binary
/// search, for lookups out of text order).
fn protected_at(p: &[Range<usize>], i: usize) -> bool {
    let k = p.partition_point(|r| r.end <= i);
    p.get(k).is_some_and(|r| r.start <= i)
}

/// Ranges sorted and merged: disjoint, in order.
fn merged(mut p: Vec<Range<usize>>) -> Vec<Range<usize>> {
    p.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(p.len());
    for r in p {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The typography problems of a text in `lang`, in text order.
pub fn check(lang: &str, text: &CodedText) -> Vec<TypoIssue> {
    if rules(lang).is_none() {
        return Vec::new();
    }
    check_with(lang, text, &placeables::find_coded(lang, text))
}

/// [`check`] with the text's placeables already found
/// ([`placeables::find_coded`] in the same language).
pub fn check_with(lang: &str, text: &CodedText, found: &[Placeable]) -> Vec<TypoIssue> {
    match rules(lang) {
        Some(rules) => check_rules(rules, text, found),
        None => Vec::new(),
    }
}

fn check_rules(rules: &Rules, text: &CodedText, found: &[Placeable]) -> Vec<TypoIssue> {
    let s = text.text.as_str();
    let prot = merged(protected(text, found));
    let mut cursor = 0;
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        if rules.passes_over(c) || is_protected(&prot, &mut cursor, i) {
            continue;
        }
        let prev = n.checked_sub(1).map(|k| chars[k].1);
        let next = chars.get(n + 1).map(|x| x.1);
        // Fixed space before a sign.
        if let Some(rule) = rules.space_before.iter().find(|r| r.chars.contains(c)) {
            let is_sign = |ch: char| rules.space_before.iter().any(|r| r.chars.contains(ch));
            let time = c == ':'
                && prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|x| x.is_ascii_digit());
            // After another sign (`?!`) or an opening bracket (`(?)`) no
            // space is wanted.
            let after_opening = prev.is_some_and(|p| matches!(p, '(' | '[' | '{'));
            if !time && !after_opening && !prev.is_some_and(is_sign) {
                out.extend(space_issue(
                    s,
                    i,
                    &rule.space,
                    &rule.name,
                    &format!("before ‘{c}’"),
                    TypoRule::SpaceBefore,
                    true,
                ));
            }
            continue;
        }
        for q in &rules.quotes {
            // `« ?`: the space belongs to the sign's rule.
            let sign_follows = || {
                s[i + c.len_utf8()..]
                    .chars()
                    .find(|x| !is_hspace(*x))
                    .is_some_and(|x| rules.space_before.iter().any(|r| r.chars.contains(x)))
            };
            if c == q.open && next.is_some() && !sign_follows() {
                out.extend(space_issue(
                    s,
                    i + c.len_utf8(),
                    &q.space,
                    &q.name,
                    &format!("after ‘{c}’"),
                    TypoRule::SpaceInside,
                    false,
                ));
            } else if c == q.close {
                out.extend(space_issue(
                    s,
                    i,
                    &q.space,
                    &q.name,
                    &format!("before ‘{c}’"),
                    TypoRule::SpaceInside,
                    true,
                ));
            }
        }
        if c.is_ascii_digit() {
            out.extend(after_number_issue(rules, s, i + 1, &prot));
        }
        if c == '\'' {
            if let Some(apo) = &rules.apostrophe {
                if prev.is_some_and(char::is_alphabetic)
                    && next.is_some_and(|x| x.is_alphabetic() || placeholder_index(x).is_some())
                {
                    out.push(TypoIssue {
                        rule: TypoRule::Apostrophe,
                        range: i..i + 1,
                        message: format!("straight apostrophe ' should be {apo}"),
                        replacement: apo.clone(),
                        fixable: true,
                    });
                }
            }
        }
    }
    if !rules.pairs.is_empty() {
        pairing(rules, &chars, &prot, &mut out);
        out.sort_by_key(|i| (i.range.start, i.range.end));
    }
    out
}

/// The issue for the space between the number ending at `end` and a sign
/// or unit that follows it (after a run of spaces, or none).
fn after_number_issue(
    rules: &Rules,
    s: &str,
    end: usize,
    prot: &[Range<usize>],
) -> Option<TypoIssue> {
    // The digit must end the number (`1 234 €`: only the last group counts).
    let rest = &s[end..];
    let run_len: usize = rest
        .chars()
        .take_while(|c| is_hspace(*c))
        .map(char::len_utf8)
        .sum();
    let after = &rest[run_len..];
    if after.starts_with(|c: char| c.is_ascii_digit()) || protected_at(prot, end + run_len) {
        return None;
    }
    for rule in &rules.after_number {
        let Some(unit) = rule
            .units
            .iter()
            .filter(|u| after.starts_with(u.as_str()))
            .max_by_key(|u| u.len())
        else {
            continue;
        };
        // Units spelt with letters are whole words.
        let next = after[unit.len()..].chars().next();
        if unit.chars().last().is_some_and(char::is_alphanumeric)
            && next.is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let found = &rest[..run_len];
        if found == rule.space || rule.accepted.iter().any(|a| a == found) {
            return None;
        }
        let range = end..end + run_len;
        let message = if found.is_empty() {
            format!("missing {} between the number and ‘{unit}’", rule.name)
        } else {
            format!(
                "{} between the number and ‘{unit}’ should be a {}",
                describe_run(found),
                rule.name
            )
        };
        return Some(TypoIssue {
            rule: TypoRule::SpaceAfterNumber,
            range,
            message,
            replacement: rule.space.clone(),
            fixable: true,
        });
    }
    None
}

/// Double signs without their other half. A closing sign right after an
/// opening bracket (`(?)`, `(!)`: doubt or surprise, written alone) is not
/// part of a pair.
fn pairing(
    rules: &Rules,
    chars: &[(usize, char)],
    prot: &[Range<usize>],
    out: &mut Vec<TypoIssue>,
) {
    for p in &rules.pairs {
        let mut open: Vec<usize> = Vec::new();
        for (n, &(i, c)) in chars.iter().enumerate() {
            if (c != p.open && c != p.close) || protected_at(prot, i) {
                continue;
            }
            if c == p.open {
                open.push(i);
            } else if c == p.close {
                let prev = n.checked_sub(1).map(|k| chars[k].1);
                let alone = prev.is_some_and(|x| matches!(x, '(' | '['));
                if open.pop().is_none() && !alone {
                    out.push(TypoIssue {
                        rule: TypoRule::Pairing,
                        range: i..i + c.len_utf8(),
                        message: format!("‘{c}’ without its opening ‘{}’", p.open),
                        replacement: c.to_string(),
                        fixable: false,
                    });
                }
            }
        }
        for i in open {
            out.push(TypoIssue {
                rule: TypoRule::Pairing,
                range: i..i + p.open.len_utf8(),
                message: format!("‘{}’ is never closed by ‘{}’", p.open, p.close),
                replacement: p.open.to_string(),
                fixable: false,
            });
        }
    }
}

/// The issue for the space that should stand before (`before == true`,
/// spaces end at `at`) or after (spaces start at `at`) a sign.
fn space_issue(
    s: &str,
    at: usize,
    want: &str,
    want_name: &str,
    where_: &str,
    rule: TypoRule,
    before: bool,
) -> Option<TypoIssue> {
    let run: Range<usize> = if before {
        let start = s[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_hspace(*c))
            .last()
            .map(|(k, _)| k)
            .unwrap_or(at);
        start..at
    } else {
        let len: usize = s[at..]
            .chars()
            .take_while(|c| is_hspace(*c))
            .map(char::len_utf8)
            .sum();
        at..at + len
    };
    let found = &s[run.clone()];
    if found == want {
        return None;
    }
    // Nothing to put a space against (start or end of the text, a line
    // break): leading and trailing spaces are the `spaces` rule's business.
    let neighbour = if before {
        s[..run.start].chars().next_back()
    } else {
        s[run.end..].chars().next()
    };
    if neighbour.is_none_or(|c| c == '\n') {
        return None;
    }
    if found.is_empty() {
        return Some(TypoIssue {
            rule,
            range: run,
            message: format!("missing {want_name} {where_}"),
            replacement: want.to_string(),
            fixable: true,
        });
    }
    let message = if want.is_empty() {
        format!("{} {where_}: no space belongs there", describe_run(found))
    } else {
        format!("{} {where_} should be a {want_name}", describe_run(found))
    };
    Some(TypoIssue {
        rule,
        message,
        range: run,
        replacement: want.to_string(),
        fixable: true,
    })
}

/// Apply every fix [`check`] finds. Languages without rules are unchanged.
pub fn apply(lang: &str, text: &CodedText) -> CodedText {
    let issues = check(lang, text);
    apply_issues(text, &issues)
}

/// Apply a set of issues (as returned by [`check`]) to the text, in one
/// pass (replacing in place, one issue at a time, was quadratic in the
/// number of issues).
pub fn apply_issues(text: &CodedText, issues: &[TypoIssue]) -> CodedText {
    let mut sorted: Vec<&TypoIssue> = issues.iter().filter(|i| i.fixable).collect();
    sorted.sort_by_key(|i| (i.range.start, i.range.end));
    // Overlapping issues, or two at the same place (`«:` wants one space,
    // for the quote and for the colon), are applied once: of those, the
    // last in text order wins, as when applying from the end.
    let mut kept: Vec<&TypoIssue> = Vec::with_capacity(sorted.len());
    for i in sorted.into_iter().rev() {
        if let Some(after) = kept.last() {
            if i.range.end > after.range.start || i.range.start == after.range.start {
                continue;
            }
        }
        kept.push(i);
    }
    let s = text.text.as_str();
    let mut out = String::with_capacity(s.len() + kept.len() * 3);
    let mut at = 0;
    for i in kept.into_iter().rev() {
        out.push_str(&s[at..i.range.start]);
        out.push_str(&i.replacement);
        at = i.range.end;
    }
    out.push_str(&s[at..]);
    CodedText {
        text: out,
        codes: text.codes.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Passing over the ASCII characters no rule looks at changes nothing:
    /// every language's rules, with and without the filter, on French and
    /// English texts and on every ASCII character around signs, quotes,
    /// digits and apostrophes.
    #[test]
    fn passing_over_changes_nothing() {
        let mut texts: Vec<String> = include_str!("../../corpus/memory/fr.xlf")
            .lines()
            .chain(
                include_str!("../../tests/fixtures/segmentation/fr.golden-rules.pysbd.json")
                    .lines(),
            )
            .chain(
                include_str!("../../tests/fixtures/segmentation/en.golden-rules.pysbd.json")
                    .lines(),
            )
            .map(str::to_string)
            .collect();
        for b in 0u8..128 {
            let c = b as char;
            texts.push(format!(
                "a{c}b 1{c} {c}« x »{c} l{c}avis 5{c}% ({c}) ?{c}! “{c}”"
            ));
        }
        for lang in crate::languages::tags() {
            let Some(rules) = rules(lang) else { continue };
            let mut all = rules.clone();
            all.ascii_watch = vec![true; 128];
            for t in &texts {
                let text = CodedText::plain(t.as_str());
                let found = placeables::find_coded(lang, &text);
                assert_eq!(
                    check_rules(rules, &text, &found),
                    check_rules(&all, &text, &found),
                    "{lang}: {t:?}"
                );
            }
        }
    }
    use crate::model::Code;

    const NNBSP: &str = "\u{202F}";
    const NBSP: &str = "\u{A0}";

    fn plain(s: &str) -> CodedText {
        CodedText::plain(s)
    }

    /// Spanish (`src/languages/es/typography.toml`): no space before
    /// `? ! : ;` (removed by the fix), and the double signs `¿…?`, `¡…!`
    /// checked but never "fixed".
    #[test]
    fn spanish_double_signs_and_no_space_before() {
        let ok = "¿Vienes mañana? ¡Qué alegría! Nota: todo bien; gracias.";
        assert_eq!(check("es", &plain(ok)), vec![]);
        assert_eq!(apply("es", &plain(ok)).text, ok);
        // A space before the closing signs and the colon is removed.
        let spaced = "¿Vienes mañana ? Nota : sí";
        let issues = check("es", &plain(spaced));
        assert_eq!(issues.len(), 2, "{issues:?}");
        assert!(issues
            .iter()
            .all(|i| i.rule == TypoRule::SpaceBefore && i.fixable));
        assert!(
            issues[0].message.contains("no space belongs there"),
            "{}",
            issues[0].message
        );
        assert_eq!(apply("es", &plain(spaced)).text, "¿Vienes mañana? Nota: sí");
        // A question without its opening sign: flagged where it closes,
        // and left as it is.
        let bad = "Vienes mañana? Sí.";
        let issues = check("es", &plain(bad));
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].rule, TypoRule::Pairing);
        assert_eq!(issues[0].range, bad.find('?').map(|i| i..i + 1).unwrap());
        assert!(!issues[0].fixable);
        assert_eq!(issues[0].message, "‘?’ without its opening ‘¿’");
        assert_eq!(apply("es", &plain(bad)).text, bad);
        // An opening sign never closed, an exclamation without `¡`.
        let issues = check("es", &plain("¿Vienes mañana. Qué alegría!"));
        let rules: Vec<(TypoRule, usize)> =
            issues.iter().map(|i| (i.rule, i.range.start)).collect();
        let bang = "¿Vienes mañana. Qué alegría!".find('!').unwrap();
        assert_eq!(
            rules,
            vec![(TypoRule::Pairing, 0), (TypoRule::Pairing, bang)]
        );
        // Nested and mixed signs, `(?)` and `(!)` alone, a URL's query.
        for s in [
            "¡¿Qué dices?!",
            "Dijo (?) que vendría.",
            "Era enorme (!).",
            "Véase https://example.org/a?b=1 hoy.",
        ] {
            assert_eq!(check("es", &plain(s)), vec![], "{s}");
        }
        // French rules are not Spanish ones, and back.
        assert!(check("fr", &plain("Vienes?"))
            .iter()
            .all(|i| i.rule != TypoRule::Pairing));
        assert_eq!(check("es-MX", &plain("Vienes?")).len(), 1);
    }

    /// Every folder's `typography.toml` parses.
    #[test]
    fn every_folder_parses() {
        for f in languages::all_files("typography.toml") {
            assert!(has_rules(f.tag), "{}", f.tag);
        }
    }

    /// A language without a folder has no rules.
    #[test]
    fn a_language_without_data_is_untouched() {
        let t = plain("Kommst du ? « Ja » : l'ICC");
        assert!(!has_rules("de"));
        assert!(check("de", &t).is_empty());
        assert_eq!(apply("de", &t), t);
    }

    /// Canadian French: no space required before `; ! ?` (none removed
    /// either), the no-break space before `:` and inside « » as in France;
    /// other regions fall back to `fr`.
    #[test]
    fn canadian_french_has_its_own_rules() {
        let s = "Quoi? Oui! Note: «l'ICC»";
        let fixed = apply("fr-CA", &plain(s)).text;
        assert_eq!(fixed, format!("Quoi? Oui! Note{NBSP}: «{NBSP}l’ICC{NBSP}»"));
        assert_eq!(apply("fr_ca", &plain(s)).text, fixed);
        let tolerated = format!("Quoi{NNBSP}? Oui !");
        assert_eq!(check("fr-CA", &plain(&tolerated)), vec![]);
        assert_eq!(
            apply("fr-BE", &plain("Quoi?")).text,
            format!("Quoi{NNBSP}?")
        );
        assert!(has_rules("fr-Latn-CA") && !has_rules("de"));
    }

    /// `%`, `€` and units after a number: a no-break space (U+202F left
    /// as is), inserted when missing, whole words only, numbers ending at
    /// the last group, URLs untouched.
    #[test]
    fn signs_and_units_after_numbers() {
        let s = "42 % des 1 234,50 € et 5km, 12%; 3\u{202F}% ou 14h30, 5 kms, 10 $ https://x.org/50%20a";
        let issues = check("fr", &plain(s));
        let got: Vec<(&str, &str)> = issues
            .iter()
            .filter(|i| i.rule == TypoRule::SpaceAfterNumber)
            .map(|i| (&s[i.range.clone()], i.replacement.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (" ", NBSP),
                (" ", NBSP),
                ("", NBSP),
                ("", NBSP),
                (" ", NBSP)
            ],
            "{issues:?}"
        );
        let fixed = apply("fr", &plain(s)).text;
        assert!(
            fixed.starts_with(&format!(
                "42{NBSP}% des 1 234,50{NBSP}€ et 5{NBSP}km, 12{NBSP}%"
            )),
            "{fixed}"
        );
        assert!(
            fixed.contains(&format!(
                "3{NNBSP}% ou 14h30, 5 kms, 10{NBSP}$ https://x.org/50%20a"
            )),
            "{fixed}"
        );
        assert_eq!(check("fr", &plain(&fixed)), vec![]);
        assert_eq!(apply("fr-CA", &plain("25 %")).text, format!("25{NBSP}%"));
        assert_eq!(apply("en", &plain("25 %")).text, "25 %");
    }

    #[test]
    fn clean_french_reports_nothing() {
        let s = format!(
            "La Cour{NNBSP}; la Procureure{NNBSP}! Pourquoi{NNBSP}? Note{NBSP}: «{NBSP}l’ICC{NBSP}» à 14:30, https://www.icc-cpi.int/?a=1;b=2 ou otp@icc-cpi.int."
        );
        assert_eq!(check("fr", &plain(&s)), vec![]);
        assert_eq!(apply("fr", &plain(&s)).text, s);
    }

    #[test]
    fn seeded_faults_are_found_with_positions() {
        let s = "Pourquoi ? Note: «l'ICC » !";
        let issues = check("fr", &plain(s));
        let got: Vec<(TypoRule, Range<usize>, &str)> = issues
            .iter()
            .map(|i| (i.rule, i.range.clone(), i.replacement.as_str()))
            .collect();
        let q = s.find('?').unwrap();
        let colon = s.find(':').unwrap();
        let open = s.find('«').unwrap() + '«'.len_utf8();
        let apo = s.find('\'').unwrap();
        let close = s.find('»').unwrap();
        let bang = s.find('!').unwrap();
        assert_eq!(
            got,
            vec![
                (TypoRule::SpaceBefore, q - 1..q, NNBSP),
                (TypoRule::SpaceBefore, colon..colon, NBSP),
                (TypoRule::SpaceInside, open..open, NBSP),
                (TypoRule::Apostrophe, apo..apo + 1, "’"),
                (TypoRule::SpaceInside, close - 1..close, NBSP),
                (TypoRule::SpaceBefore, bang - 1..bang, NNBSP),
            ]
        );
        assert_eq!(
            issues[0].message,
            "a regular space before ‘?’ should be a narrow no-break space (U+202F)"
        );
        assert_eq!(
            issues[1].message,
            "missing no-break space (U+00A0) before ‘:’"
        );
        let fixed = apply("fr", &plain(s));
        assert_eq!(
            fixed.text,
            format!("Pourquoi{NNBSP}? Note{NBSP}: «{NBSP}l’ICC{NBSP}»{NNBSP}!")
        );
        assert_eq!(check("fr", &fixed), vec![]);
        assert_eq!(apply("fr", &fixed), fixed);
    }

    #[test]
    fn wrong_fixed_space_and_runs_are_replaced() {
        let s = format!("Quoi{NBSP}? Et  ; oui");
        let fixed = apply("fr", &plain(&s));
        assert_eq!(fixed.text, format!("Quoi{NNBSP}? Et{NNBSP}; oui"));
        let issues = check("fr", &plain(&s));
        assert_eq!(
            issues[1].message,
            "2 spaces before ‘;’ should be a narrow no-break space (U+202F)"
        );
    }

    #[test]
    fn sign_sequences_get_one_space() {
        let fixed = apply("fr", &plain("Vraiment?!"));
        assert_eq!(fixed.text, format!("Vraiment{NNBSP}?!"));
    }

    #[test]
    fn protected_spans_are_untouched() {
        for s in [
            "Voir http://example.org/a:b?c=d;e ici",
            "Écrire à a.b@icc-cpi.int",
            "À 14:30 précises",
            "?Début",
            "Il a dit (?) oui",
        ] {
            assert_eq!(check("fr", &plain(s)), vec![], "{s}");
        }
        // Inside a code span.
        let mut t = CodedText::plain("Tapez ");
        t.push_code(Code::new(CodeKind::Open, "1", "code"));
        t.push_str("a:b;c?");
        t.push_code(Code::new(CodeKind::Close, "1", "code"));
        t.push_str(" maintenant.");
        assert_eq!(check("fr", &t), vec![]);
        // A closing emphasis code before `?`: the space goes after the code.
        let mut t = CodedText::plain("C’est ");
        t.push_code(Code::new(CodeKind::Open, "1", "emphasis"));
        t.push_str("vrai");
        t.push_code(Code::new(CodeKind::Close, "1", "emphasis"));
        t.push_str("?");
        let fixed = apply("fr", &t);
        assert_eq!(fixed.display(), format!("C’est {{1}}vrai{{/1}}{NNBSP}?"));
        assert_eq!(fixed.codes, t.codes);
    }

    #[test]
    fn other_languages_are_unchanged() {
        let t = plain("Why ? It's: \"x\"");
        assert!(check("en", &t).is_empty());
        assert_eq!(apply("en", &t), t);
        assert!(!has_rules("en") && has_rules("fr-CA"));
    }

    /// On real French UI strings (Firefox Send), `apply` is idempotent and
    /// leaves nothing for `check` to report.
    #[test]
    fn idempotent_on_real_french() {
        let ftl = include_str!("../../tests/fixtures/fluent/mozilla-send/fr.send.ftl");
        let mut changed = 0;
        for line in ftl.lines() {
            let t = plain(line);
            let once = apply("fr", &t);
            changed += usize::from(once != t);
            assert_eq!(apply("fr", &once), once, "{line}");
            assert_eq!(check("fr", &once), vec![], "{line}");
        }
        // Send's French mostly uses U+00A0 before ! and ?, which the data
        // replaces by U+202F.
        assert!(changed > 0);
    }
}
