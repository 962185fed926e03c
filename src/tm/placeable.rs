//! Placeables for the matcher: spans of text whose value does not depend on
//! the language (numbers, dates, percentages, amounts, URLs, e-mail
//! addresses, reference numbers) and that a translation carries over in the
//! target locale's form.
//!
//! The matcher only needs the [`Placeables`] trait. [`LanguagePlaceables`],
//! the one [`Index::build`](super::index::Index::build) uses, is
//! [`crate::placeables`] behind it, so the TM substitutes exactly what QA
//! compares: the same recognition, the same language data
//! (`src/languages/<tag>/placeables.toml`), the same rendering. Its values are
//! [`Value::encode`] strings: the value's [`Value::key`] (`number:4312`,
//! `date:2025-06-05`, `reference:8.2.b`), then what rendering also needs
//! (digit grouping, the literal text of a reference).

use crate::placeables::{self, Value};
use std::ops::Range;

/// Recognises and renders placeables.
pub trait Placeables: Send + Sync {
    /// Placeables in `text` (written in `lang`), in order and not
    /// overlapping: byte range and locale-independent value.
    fn find(&self, text: &str, lang: &str) -> Vec<(Range<usize>, String)>;
    /// The part of a value that identifies it: placeables with equal keys
    /// are the same value however they are written; the kind of a value is
    /// its key up to the first `:`. The whole value unless a recogniser
    /// also records formatting in it.
    fn key<'v>(&self, value: &'v str) -> &'v str {
        value
    }
    /// A value written the way `target_lang` writes it; `None` when the
    /// value cannot be rendered.
    fn render(&self, value: &str, target_lang: &str) -> Option<String>;
}

/// [`crate::placeables`] as a [`Placeables`] recogniser.
#[derive(Debug, Clone, Copy, Default)]
pub struct LanguagePlaceables;

impl Placeables for LanguagePlaceables {
    fn find(&self, text: &str, lang: &str) -> Vec<(Range<usize>, String)> {
        placeables::find(lang, text)
            .into_iter()
            .map(|p| (p.range, p.value.encode()))
            .collect()
    }

    fn key<'v>(&self, value: &'v str) -> &'v str {
        placeables::encoded_key(value)
    }

    fn render(&self, value: &str, target_lang: &str) -> Option<String> {
        Value::decode(value).map(|v| placeables::render(&v, target_lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text, key and French rendering of each placeable of an English text.
    fn to_fr(text: &str) -> Vec<(String, String, String)> {
        let p = LanguagePlaceables;
        p.find(text, "en")
            .into_iter()
            .map(|(r, v)| {
                (
                    text[r].to_string(),
                    p.key(&v).to_string(),
                    p.render(&v, "fr").unwrap(),
                )
            })
            .collect()
    }

    fn t(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
        rows.iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect()
    }

    #[test]
    fn english_to_french() {
        assert_eq!(
            to_fr("On 5 June 2025, 4,312 people (12.5%) paid €1,200 in 2025."),
            t(&[
                ("5 June 2025", "date:2025-06-05", "5 juin 2025"),
                ("4,312", "number:4312", "4\u{202f}312"),
                ("12.5%", "percent:12.5", "12,5\u{a0}%"),
                ("€1,200", "amount:EUR:1200", "1\u{202f}200\u{a0}€"),
                ("2025", "number:2025", "2025"),
            ])
        );
        assert_eq!(
            to_fr("Since June 1, under article 8(2)(b), case ICC-01/04-01/06."),
            t(&[
                ("June 1", "date:--06-01", "1er juin"),
                ("8(2)(b)", "reference:8.2.b", "8(2)(b)"),
                (
                    "ICC-01/04-01/06",
                    "reference:icc.01.04.01.06",
                    "ICC-01/04-01/06"
                ),
            ])
        );
    }

    #[test]
    fn keys_ignore_formatting() {
        let p = LanguagePlaceables;
        let keys = |text: &str, lang: &str| -> Vec<String> {
            p.find(text, lang)
                .iter()
                .map(|(_, v)| p.key(v).to_string())
                .collect()
        };
        // Grouped or not, English or French: the same number and reference.
        assert_eq!(keys("4,312 and 4312", "en"), ["number:4312", "number:4312"]);
        assert_eq!(keys("4 312", "fr"), ["number:4312"]);
        assert_eq!(keys("l’article 8-2-b", "fr"), ["reference:8.2.b"]);
        // The full values keep what rendering needs.
        let found = p.find("4,312 and 4312", "en");
        assert_ne!(found[0].1, found[1].1);
        assert_eq!(p.render(&found[1].1, "fr").as_deref(), Some("4312"));
    }

    #[test]
    fn unknown_values_are_not_rendered() {
        let p = LanguagePlaceables;
        assert_eq!(p.render("bogus", "fr"), None);
        assert_eq!(p.render("date:2025-02-30", "fr"), None);
    }
}
