//! Sentence segmentation with rules kept as data, per language.
//!
//! The built-in rules live in `src/segment/rules/<lang>.toml` (abbreviations
//! that never end a sentence, abbreviations that may, and the characters that
//! end a sentence). Segmentation works on coded text: inline codes are single
//! placeholder characters, so a code is never split, and closing codes after a
//! full stop stay with the sentence they close.

use crate::model::{placeholder_index, CodeKind, CodedText};
use serde::Deserialize;
use std::collections::HashSet;
use std::ops::Range;

#[derive(Debug, thiserror::Error)]
pub enum SegmentError {
    #[error("{path}: {message}")]
    Rules { path: String, message: String },
}

/// Rules for one language, as written in the data files.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RuleData {
    /// Abbreviations (with their final dot) after which a sentence never ends.
    #[serde(default)]
    pub non_breaking: Vec<String>,
    /// Abbreviations that end a sentence only when followed by a word that
    /// starts with a capital letter and is not itself a name-like continuation.
    #[serde(default)]
    pub may_end: Vec<String>,
    /// Characters that end a sentence.
    #[serde(default = "default_terminators")]
    pub terminators: String,
    /// Characters that may follow a terminator and still belong to the
    /// sentence (closing quotes and brackets).
    #[serde(default = "default_closers")]
    pub closers: String,
}

fn default_terminators() -> String {
    ".?!…".into()
}
fn default_closers() -> String {
    "\"'’”»)]".into()
}

const BUILTIN_EN: &str = include_str!("rules/en.toml");
const BUILTIN_FR: &str = include_str!("rules/fr.toml");

/// A compiled segmenter.
#[derive(Debug, Clone)]
pub struct Segmenter {
    non_breaking: HashSet<String>,
    may_end: HashSet<String>,
    terminators: Vec<char>,
    closers: Vec<char>,
}

impl Segmenter {
    /// The built-in rules for a language (`en`, `fr`; other languages get
    /// the English rules' generic behaviour without abbreviations).
    pub fn builtin(lang: &str) -> Segmenter {
        let primary = lang.split(['-', '_']).next().unwrap_or(lang);
        let data = match primary {
            "en" => BUILTIN_EN,
            "fr" => BUILTIN_FR,
            _ => "",
        };
        let rules: RuleData = toml::from_str(data).expect("built-in segmentation rules are valid");
        Segmenter::from_data(&rules)
    }

    pub fn from_data(rules: &RuleData) -> Segmenter {
        Segmenter {
            non_breaking: rules.non_breaking.iter().cloned().collect(),
            may_end: rules.may_end.iter().cloned().collect(),
            terminators: rules.terminators.chars().collect(),
            closers: rules.closers.chars().collect(),
        }
    }

    /// Byte ranges of the sentences of `text`, trimmed of surrounding
    /// whitespace. Every non-space character belongs to exactly one range.
    pub fn split_text(&self, text: &str) -> Vec<Range<usize>> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out = Vec::new();
        let mut start = 0usize;
        let mut i = 0usize;
        while i < chars.len() {
            let (_, c) = chars[i];
            if self.terminators.contains(&c) {
                // Extend over repeated terminators, closers and closing codes.
                let mut j = i + 1;
                while j < chars.len() {
                    let cj = chars[j].1;
                    if self.terminators.contains(&cj)
                        || self.closers.contains(&cj)
                        || placeholder_index(cj).is_some()
                    {
                        j += 1;
                    } else {
                        break;
                    }
                }
                let end = chars.get(j).map(|x| x.0).unwrap_or(text.len());
                let followed_by_space = j < chars.len() && chars[j].1.is_whitespace();
                if followed_by_space && self.breaks_at(text, &chars, i, j) {
                    push_trimmed(&mut out, text, start..end);
                    start = end;
                }
                i = j;
            } else {
                i += 1;
            }
        }
        push_trimmed(&mut out, text, start..text.len());
        out
    }

    /// Whether a terminator at `chars[i]` (ending at `chars[j]`) ends a sentence.
    fn breaks_at(&self, text: &str, chars: &[(usize, char)], i: usize, j: usize) -> bool {
        let next = next_word(text, chars, j);
        let next_first = next.chars().find(|c| placeholder_index(*c).is_none());
        if chars[i].1 != '.' {
            // ? ! … end a sentence unless the next word is lowercase.
            return !next_first.map(|c| c.is_lowercase()).unwrap_or(false);
        }
        // The word before the full stop, including its inner dots.
        let word = prev_word(text, chars, i);
        let with_dot = format!("{word}.");
        if self.non_breaking.contains(&with_dot) {
            return false;
        }
        let Some(nf) = next_first else {
            return true;
        };
        if nf.is_lowercase() {
            return false;
        }
        // A digit after a full stop (No. 5) or a lone initial (Jane Q. Doe).
        if nf.is_ascii_digit() && self.may_end.contains(&with_dot) {
            return false;
        }
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() == 1 && word.chars().count() == 1 && letters[0].is_uppercase() {
            return false;
        }
        if self.may_end.contains(&with_dot) {
            // Dotted acronym (U.S.) before a capital: a break only when the
            // next word is a typical sentence opener.
            return SENTENCE_OPENERS.contains(&strip_punct(&next).as_str());
        }
        true
    }

    /// Split coded text into segments. Codes stay with the text around them;
    /// each segment's codes are renumbered.
    pub fn split(&self, text: &CodedText) -> Vec<CodedText> {
        self.split_text(&text.text)
            .into_iter()
            .map(|r| text.slice(r))
            .collect()
    }
}

/// Words that typically open a sentence after a dotted acronym.
const SENTENCE_OPENERS: &[&str] = &[
    "The", "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I", "In",
    "On", "At", "But", "And", "However", "A", "An", "There", "Le", "La", "Les", "Il", "Elle",
    "Ils", "Elles", "Ce", "Cette", "Ces", "Nous", "Mais", "Dans", "En", "Un", "Une",
];

fn strip_punct(s: &str) -> String {
    s.trim_matches(|c: char| !c.is_alphanumeric()).to_string()
}

fn prev_word(text: &str, chars: &[(usize, char)], i: usize) -> String {
    let end = chars[i].0;
    let mut k = i;
    while k > 0 {
        let c = chars[k - 1].1;
        if c.is_whitespace()
            || matches!(c, '(' | '[' | '"' | '“' | '«' | '\'' | '’')
            || placeholder_index(c).is_some()
        {
            break;
        }
        k -= 1;
    }
    text[chars.get(k).map(|x| x.0).unwrap_or(end)..end].to_string()
}

fn next_word(text: &str, chars: &[(usize, char)], j: usize) -> String {
    let mut k = j;
    while k < chars.len()
        && (chars[k].1.is_whitespace() || is_opening_code_or_quote(text, chars[k].1))
    {
        k += 1;
    }
    let start = chars.get(k).map(|x| x.0).unwrap_or(text.len());
    let mut e = k;
    while e < chars.len() && !chars[e].1.is_whitespace() {
        e += 1;
    }
    let end = chars.get(e).map(|x| x.0).unwrap_or(text.len());
    text[start..end].to_string()
}

fn is_opening_code_or_quote(_text: &str, c: char) -> bool {
    placeholder_index(c).is_some() || matches!(c, '"' | '“' | '«' | '(' | '[' | '\'' | '‘')
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, r: Range<usize>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// Whether any code in the text is a paired code left open or closed without
/// opening (used to report segments whose markup crosses a boundary).
pub fn has_unbalanced_codes(t: &CodedText) -> bool {
    t.codes.iter().any(|c| c.kind != CodeKind::Standalone) && !t.is_balanced()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(lang: &str, s: &str) -> Vec<String> {
        let sg = Segmenter::builtin(lang);
        sg.split_text(s)
            .into_iter()
            .map(|r| s[r].to_string())
            .collect()
    }

    #[test]
    fn seed_sentences() {
        let s = "On 5 June 2025, the United States (U.S.) government sanctioned four judges of the International Criminal Court (ICC), pursuant to Executive Order (E.O.) 14203. The Coalition for the ICC firmly denounces it.";
        assert_eq!(seg("en", s).len(), 2);
    }

    #[test]
    fn abbreviations() {
        assert_eq!(seg("en", "Mr. Smith went to Washington. He left.").len(), 2);
        assert_eq!(seg("en", "See s. 12(3)(b) of the Act. Then stop.").len(), 2);
        assert_eq!(seg("en", "Jane Q. Doe spoke. Then stop.").len(), 2);
        assert_eq!(seg("en", "It is in the U.S. The end.").len(), 2);
        assert_eq!(seg("en", "The U.S. Government spoke.").len(), 1);
        assert_eq!(
            seg("fr", "Selon l'art. 8 du Statut, M. Dupont parle. Fin.").len(),
            2
        );
    }

    #[test]
    fn question_and_quotes() {
        assert_eq!(
            seg("en", "Is it? \"Yes!\" she said. No."),
            vec!["Is it?", "\"Yes!\" she said.", "No."]
        );
        assert_eq!(seg("fr", "Vraiment ? Oui."), vec!["Vraiment ?", "Oui."]);
    }

    #[test]
    fn codes_follow_their_sentence() {
        let mut t = CodedText::plain("See ");
        t.push_code(crate::model::Code::new(CodeKind::Open, "1", "emphasis"));
        t.push_str("this.");
        t.push_code(crate::model::Code::new(CodeKind::Close, "1", "emphasis"));
        t.push_str(" Next one.");
        let parts = Segmenter::builtin("en").split(&t);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].display(), "See {1}this.{/1}");
        assert_eq!(parts[1].display(), "Next one.");
    }
}
