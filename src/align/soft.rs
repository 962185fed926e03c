//! Soft boundaries: places inside a sentence where a document's structure
//! often ends a unit that the sentence rules cannot see (a heading run into
//! the next sentence, a defined term in brackets after a definition, a list
//! item), and sentence breaks that may belong elsewhere. The aligner may
//! split a segment there, or join two segments there, when the other
//! language's text shows it; what it does not use is undone, so the
//! segments written are at the granularity both texts agree on.
//!
//! The places are language data (`src/languages/<tag>/alignment.toml`, read
//! through [`crate::languages`]): SRX-like pairs of regular expressions, the
//! text before the place ending with `before` and the text after it
//! beginning with `after`, each with the evidence (a cost, in nats) a split
//! there needs. A language without the file gets English's.

use crate::languages;
use crate::model::CodedText;
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// `alignment.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    #[serde(default)]
    boundary: Vec<RuleData>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleData {
    name: String,
    before: String,
    after: String,
    cost: f64,
    /// Only undoes a sentence break (never splits inside a sentence).
    #[serde(default)]
    join_only: bool,
}

/// One compiled rule.
#[derive(Debug)]
struct Rule {
    before: Regex,
    after: Regex,
    cost: f64,
    join_only: bool,
}

/// A language's compiled soft-boundary rules.
#[derive(Debug)]
pub struct SoftRules {
    rules: Vec<Rule>,
}

fn compile(tag: &str, d: Data) -> SoftRules {
    let rules = d
        .boundary
        .into_iter()
        .map(|r| {
            let re = |p: &str, anchored: &str| {
                let src = if anchored == "end" {
                    format!("(?:{p})$")
                } else {
                    format!("^(?:{p})")
                };
                Regex::new(&src).unwrap_or_else(|e| {
                    panic!("src/languages/{tag}/alignment.toml: rule {:?}: {e}", r.name)
                })
            };
            Rule {
                before: re(&r.before, "end"),
                after: re(&r.after, "start"),
                cost: r.cost,
                join_only: r.join_only,
            }
        })
        .collect();
    SoftRules { rules }
}

impl SoftRules {
    /// The rules for `lang` (region → language, else English's).
    pub fn for_language(lang: &str) -> &'static SoftRules {
        static ALL: OnceLock<BTreeMap<&'static str, SoftRules>> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            languages::all_files("alignment.toml")
                .iter()
                .map(|f| (f.tag, compile(f.tag, f.parse_builtin())))
                .collect()
        });
        languages::file(lang, "alignment.toml")
            .and_then(|f| all.get(f.tag))
            .or_else(|| all.get("en"))
            .expect("English alignment data is built in")
    }

    /// Cost of a split at the place between `before` and `after`, if a
    /// rule matches there (the lowest); `sentence_break`: the sentence
    /// rules break there (rules that only undo a break apply).
    pub fn at(&self, before: &str, after: &str, sentence_break: bool) -> Option<f64> {
        self.rules
            .iter()
            .filter(|r| sentence_break || !r.join_only)
            .filter(|r| r.before.is_match(before) && r.after.is_match(after))
            .map(|r| r.cost)
            .reduce(f64::min)
    }

    /// Split a plain text (no inline codes) at every soft place between
    /// two words: (piece, cost of the split before it, whitespace before
    /// it); the first piece has no cost. Text with inline codes is not
    /// split (its codes must stay balanced).
    pub fn split(&self, text: &CodedText) -> Vec<(CodedText, Option<f64>, String)> {
        let t = &text.text;
        if !text.codes.is_empty() || self.rules.is_empty() {
            return vec![(text.clone(), None, String::new())];
        }
        let mut out = Vec::new();
        let mut start = 0;
        let mut pending: (Option<f64>, String) = (None, String::new());
        let mut chars = t.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !c.is_whitespace() || i == 0 {
                continue;
            }
            // A run of whitespace from i to the next word.
            let mut end = i + c.len_utf8();
            while let Some(&(k, d)) = chars.peek() {
                if !d.is_whitespace() {
                    break;
                }
                end = k + d.len_utf8();
                chars.next();
            }
            if end >= t.len() || i <= start {
                continue;
            }
            if let Some(cost) = self.at(&t[start..i], &t[end..], false) {
                out.push((
                    CodedText::plain(t[start..i].to_string()),
                    pending.0,
                    std::mem::take(&mut pending.1),
                ));
                pending = (Some(cost), t[i..end].to_string());
                start = end;
            }
        }
        if out.is_empty() {
            return vec![(text.clone(), None, String::new())];
        }
        out.push((
            CodedText::plain(t[start..].to_string()),
            pending.0,
            pending.1,
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(lang: &str, text: &str) -> Vec<(String, Option<f64>)> {
        SoftRules::for_language(lang)
            .split(&CodedText::plain(text))
            .into_iter()
            .map(|(t, c, _)| (t.text, c))
            .collect()
    }

    #[test]
    fn every_language_file_parses_and_compiles() {
        for f in languages::all_files("alignment.toml") {
            let d: Data = f.parse_builtin();
            let n = d.boundary.len();
            assert_eq!(compile(f.tag, d).rules.len(), n, "{}", f.tag);
        }
    }

    #[test]
    fn a_defined_term_in_brackets_ends_a_definition() {
        let p = pieces(
            "en",
            "send includes deliver; (envoyer) series means a division of a class of shares; (série)",
        );
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].0, "send includes deliver; (envoyer)");
        assert!(p[1].1.is_some());
        let p = pieces(
            "fr",
            "envoyer A également le sens de remettre. (send) série Subdivision d’une catégorie.",
        );
        assert_eq!(p[0].0, "envoyer A également le sens de remettre. (send)");
    }

    #[test]
    fn a_heading_closed_by_a_bracket_or_quote_may_end_before_a_capital() {
        let p = pieces(
            "en",
            "Withdrawal — subsection 33(1) A complainant may withdraw.",
        );
        assert_eq!(p[0].0, "Withdrawal — subsection 33(1)");
        let p = pieces(
            "fr",
            "Définition de « banque » Dans la présente partie, banque s’entend",
        );
        assert_eq!(p[0].0, "Définition de « banque »");
    }

    #[test]
    fn ordinary_prose_is_one_piece() {
        for (lang, text) in [
            (
                "en",
                "The committee (which met twice) adopted the budget; it was late.",
            ),
            (
                "fr",
                "Le comité (réuni deux fois) a adopté le budget; il était tard.",
            ),
        ] {
            assert_eq!(pieces(lang, text).len(), 1, "{text}");
        }
    }

    #[test]
    fn text_with_codes_is_not_split() {
        let mut t = CodedText::plain("Withdrawal (1) ");
        t.push_code(crate::model::Code::new(
            crate::model::CodeKind::Standalone,
            "1",
            "x-br",
        ));
        t.push_str(" A complainant");
        assert_eq!(SoftRules::for_language("en").split(&t).len(), 1);
    }
}
