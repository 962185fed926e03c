//! The one registry of language data: everything diglot knows about a
//! language lives in one folder, `src/languages/<tag>/` (README,
//! "Languages"), compiled into the binary by the build script
//! (`src/languages/build.rs`), which lists the folders it finds; adding a
//! language is adding a folder.
//!
//! | file | read by | what |
//! |------|---------|------|
//! | `language.toml` | [`language`], [`og_locale`], [`crate::locale`], [`crate::l10n`] | endonym, `og:locale`, date locale, CLDR gaps, plural policy |
//! | `segmentation.toml` | [`crate::segment`] | abbreviations, titles, sentence starters |
//! | `typography.toml` | [`crate::typography`] | fixed spaces, quotation marks, apostrophe, paired marks |
//! | `placeables.toml` | [`crate::placeables`] | number, date, amount and reference forms |
//! | `alignment.toml` | [`crate::align`] | soft boundaries the aligner may split at or join |
//! | `site.ftl` | [`crate::scaffold`] | the starter site messages `diglot init` writes |
//!
//! A tag is looked up region → language: `fr-CA` reads a file from
//! `src/languages/fr-CA/` when that folder has it, else from `fr/`
//! ([`chain`]), each file on its own (Canadian French has its own
//! typography and French's everything else). A language with no folder
//! gets each module's documented fallback (generic segmentation, no
//! typography rules, English placeable forms, ICU4X alone for dates and
//! numbers, the source language's starter messages).

use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One language folder as compiled in.
#[derive(Debug)]
pub struct Folder {
    /// The folder's name: a BCP 47 tag as written (`fr-CA`).
    pub tag: &'static str,
    /// File name → text, sorted by name.
    pub files: &'static [(&'static str, &'static str)],
}

include!(concat!(env!("OUT_DIR"), "/languages.rs"));

/// A language data file that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("src/languages/{tag}/{file}:{line}:{column}: {message}")]
pub struct LanguageDataError {
    pub tag: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// One file of a language folder.
#[derive(Debug, Clone, Copy)]
pub struct DataFile {
    /// The folder it comes from (`fr` for a `fr-CA` lookup without
    /// `fr-CA/<name>`).
    pub tag: &'static str,
    pub name: &'static str,
    pub text: &'static str,
}

impl DataFile {
    /// The file parsed as TOML into `T`, with the place of an error.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, LanguageDataError> {
        toml::from_str(self.text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| line_col(self.text, s.start))
                .unwrap_or((1, 1));
            LanguageDataError {
                tag: self.tag.to_string(),
                file: self.name.to_string(),
                line,
                column,
                message: e.message().to_string(),
            }
        })
    }

    /// [`DataFile::parse`] for data compiled into the binary, which the
    /// registry's tests parse: an error is a bug in a folder.
    pub fn parse_builtin<T: DeserializeOwned>(&self) -> T {
        self.parse().unwrap_or_else(|e| panic!("{e}"))
    }
}

fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Every language folder's tag, sorted.
pub fn tags() -> Vec<&'static str> {
    FOLDERS.iter().map(|f| f.tag).collect()
}

/// The folder named `tag` exactly (letter case and `_`/`-` aside).
pub fn folder(tag: &str) -> Option<&'static Folder> {
    FOLDERS.iter().find(|f| same_tag(f.tag, tag))
}

/// Whether two tags are equal but for letter case and `_`/`-`.
fn same_tag(a: &str, b: &str) -> bool {
    let norm = |c: u8| {
        if c == b'_' {
            b'-'
        } else {
            c.to_ascii_lowercase()
        }
    };
    let b = b.trim();
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| norm(x) == norm(y))
}

/// A tag lower-cased with `-` between subtags.
fn normalise(tag: &str) -> String {
    tag.trim().replace('_', "-").to_ascii_lowercase()
}

/// The prefixes of `lang` a lookup tries, most specific first, as slices
/// of it: `fr-Latn-CA` → `fr-Latn-CA`, `fr-Latn`, `fr`.
fn prefixes(lang: &str) -> impl Iterator<Item = &str> {
    let lang = lang.trim();
    std::iter::once(lang).chain(
        lang.char_indices()
            .rev()
            .filter(|(_, c)| matches!(c, '-' | '_'))
            .map(move |(i, _)| &lang[..i]),
    )
}

/// The tags a lookup for `lang` tries, most specific first:
/// `fr-Latn-CA` → `fr-latn-ca`, `fr-latn`, `fr`.
pub fn chain(lang: &str) -> Vec<String> {
    prefixes(lang).map(normalise).collect()
}

/// The file `name` for `lang`, region → language: the first folder of
/// [`chain`] that has it. Allocation-free (called for every text the
/// placeable recogniser and the typography rules read).
pub fn file(lang: &str, name: &str) -> Option<DataFile> {
    prefixes(lang).find_map(|t| {
        let f = folder(t)?;
        f.files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, text)| DataFile {
                tag: f.tag,
                name: n,
                text,
            })
    })
}

/// Every folder's file `name`, by folder tag.
pub fn all_files(name: &str) -> Vec<DataFile> {
    FOLDERS
        .iter()
        .filter_map(|f| {
            f.files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(n, text)| DataFile {
                    tag: f.tag,
                    name: n,
                    text,
                })
        })
        .collect()
}

/// Whether `lang` or its language has a folder.
pub fn has_folder(lang: &str) -> bool {
    prefixes(lang).any(|t| folder(t).is_some())
}

/// What `language.toml` says.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The language's name in itself (`Español`).
    #[serde(default)]
    pub endonym: Option<String>,
    /// Open Graph locale (`es_ES`).
    #[serde(default)]
    pub og_locale: Option<String>,
    /// The ICU4X locale long dates are formatted with when the tag has no
    /// region (`en-GB` for `en`).
    #[serde(default)]
    pub date_locale: Option<String>,
    /// How the first day of a month is written in a long date when CLDR
    /// writes `1` (`1er` in French).
    #[serde(default)]
    pub first_day: Option<String>,
    /// Plural policy of the Fluent linter.
    #[serde(default)]
    pub plurals: Plurals,
}

/// Which plural variants a translation must have.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plurals {
    /// CLDR categories a translation must give a variant for when its
    /// reference gives one (absent: `one`, when the language has it).
    #[serde(default)]
    pub required: Option<Vec<String>>,
}

fn parsed() -> &'static BTreeMap<String, Language> {
    static ALL: OnceLock<BTreeMap<String, Language>> = OnceLock::new();
    ALL.get_or_init(|| {
        all_files("language.toml")
            .iter()
            .map(|f| (normalise(f.tag), f.parse_builtin()))
            .collect()
    })
}

/// `language.toml` for `lang`, region → language: each setting comes from
/// the most specific folder that gives it (except `og_locale`, see
/// [`og_locale`]). Empty for a language without a folder.
pub fn language(lang: &str) -> Language {
    let all = parsed();
    let mut out = Language::default();
    for t in chain(lang).iter().rev() {
        let Some(l) = all.get(t) else { continue };
        let l = l.clone();
        out.endonym = l.endonym.or(out.endonym);
        out.og_locale = l.og_locale.or(out.og_locale);
        out.date_locale = l.date_locale.or(out.date_locale);
        out.first_day = l.first_day.or(out.first_day);
        out.plurals.required = l.plurals.required.or(out.plurals.required);
    }
    out
}

/// The Open Graph locale of `lang` (configuration aside): its folder's
/// `og_locale`; a tag with a region and no folder of its own is written
/// from the tag (`fr-CA` → `fr_CA`: not France's); otherwise its language's
/// `og_locale`, else `xx_XX` from the tag (`de` → `de_DE`).
pub fn og_locale(lang: &str) -> String {
    let all = parsed();
    let tag = normalise(lang);
    if let Some(l) = all.get(&tag).and_then(|l| l.og_locale.clone()) {
        return l;
    }
    if lang.contains(['-', '_']) {
        return lang.replace('-', "_");
    }
    if let Some(l) = language(lang).og_locale {
        return l;
    }
    format!("{}_{}", lang, lang.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_found_and_looked_up_region_then_language() {
        let t = tags();
        for l in ["en", "es", "fr", "fr-CA"] {
            assert!(t.contains(&l), "{l} in {t:?}");
        }
        assert_eq!(chain("fr_Latn-CA"), vec!["fr-latn-ca", "fr-latn", "fr"]);
        assert_eq!(file("fr-CA", "typography.toml").unwrap().tag, "fr-CA");
        assert_eq!(file("fr-CA", "placeables.toml").unwrap().tag, "fr");
        assert_eq!(file("fr-BE", "typography.toml").unwrap().tag, "fr");
        assert_eq!(file("es-MX", "segmentation.toml").unwrap().tag, "es");
        assert!(file("de", "typography.toml").is_none());
        assert!(has_folder("es-419") && !has_folder("de"));
    }

    #[test]
    fn language_settings_and_fallbacks() {
        assert_eq!(language("es").endonym.as_deref(), Some("Español"));
        assert_eq!(language("fr-CA").endonym.as_deref(), Some("Français"));
        assert_eq!(language("fr").first_day.as_deref(), Some("1er"));
        assert_eq!(language("de").endonym, None);
        assert_eq!(og_locale("en"), "en_GB");
        assert_eq!(og_locale("es"), "es_ES");
        assert_eq!(og_locale("fr-CA"), "fr_CA");
        assert_eq!(og_locale("de"), "de_DE");
    }

    /// Every folder's `language.toml` parses (each other file is parsed by
    /// the tests of the module that reads it): a broken folder fails here,
    /// naming its file and place.
    #[test]
    fn every_language_file_parses() {
        for f in all_files("language.toml") {
            let _: Language = f.parse_builtin();
        }
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        let f = DataFile {
            tag: "xx",
            name: "language.toml",
            text: "endonym = \"X\"\n\nnope = 1\n",
        };
        let e = f.parse::<Language>().unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert!(e
            .to_string()
            .starts_with("src/languages/xx/language.toml:3:1: "));
    }
}
