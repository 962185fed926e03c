//! Project configuration: `diglot.toml`.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Name of the configuration file at a project's root.
pub const CONFIG_FILE: &str = "diglot.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error(
        "no {CONFIG_FILE} found in {0} or any parent folder (start a project with `diglot init`)"
    )]
    NotFound(PathBuf),
}

/// The parsed `diglot.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Language the statements are written in (BCP 47), e.g. `en`.
    pub source_language: String,
    /// Languages statements are translated into, e.g. `["fr"]`.
    pub target_languages: Vec<String>,
    /// Absolute URL the site is published at, e.g. `https://example.org/`.
    pub base_url: String,
    /// Where `build` writes the site, relative to the project root.
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Folder of the English (source) statements.
    #[serde(default = "default_statements_dir")]
    pub statements_dir: PathBuf,
    /// Folder of the translation memory (XLIFF 2 files).
    #[serde(default = "default_memory_dir")]
    pub memory_dir: PathBuf,
    /// Folder of Fluent message files, one sub-folder per language.
    #[serde(default = "default_locales_dir")]
    pub locales_dir: PathBuf,
    /// Folder of the site's templates and stylesheet.
    #[serde(default = "default_theme_dir")]
    pub theme_dir: PathBuf,
    /// Optional SRX 2.0 file replacing the built-in segmentation rules.
    #[serde(default)]
    pub segmentation: Option<PathBuf>,
    /// Typographic quotes, apostrophes, dashes and ellipses in the statements'
    /// text (`"a"` → “a”, `it's` → it’s, `--` → –, `---` → —, `...` → …),
    /// as pulldown-cmark's smart punctuation. Off when absent; `diglot init`
    /// turns it on.
    #[serde(default)]
    pub smart_punctuation: bool,
    /// Per-language settings (`[languages.fr]`).
    #[serde(default)]
    pub languages: std::collections::BTreeMap<String, LanguageConfig>,
    /// Translation-exchange settings.
    #[serde(default)]
    pub exchange: ExchangeConfig,
    /// QA rules of `check` (`[qa.rules]` levels, `qa.termbase`).
    #[serde(default)]
    pub qa: crate::qa::QaConfig,
}

/// Settings for one language.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// Open Graph locale (`en_GB`, `fr_FR`).
    #[serde(default)]
    pub og_locale: Option<String>,
    /// Name of the language in itself, for the switcher ("Français").
    #[serde(default)]
    pub endonym: Option<String>,
}

/// XLIFF exchange settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeConfig {
    /// Accept `translated` (not yet reviewed) targets as approved on import.
    #[serde(default)]
    pub accept_translated: bool,
    /// Pre-fill the target of exported (and pretranslated) units with the
    /// best TM candidate scoring at least this much (0–101); off when absent.
    #[serde(default)]
    pub prefill: Option<u8>,
    /// Lowest score of the TM candidates written into exported files.
    #[serde(default = "default_candidates_min")]
    pub candidates_min: u8,
    /// How many TM candidates to write per unit.
    #[serde(default = "default_max_candidates")]
    pub max_candidates: usize,
    /// The target written for untranslated units of exported files:
    /// `source` (a copy of the source: what OmegaT needs), `empty` or `none`.
    #[serde(default)]
    pub target: ExportTarget,
    /// `target` for one XLIFF version (`"1.2"`, `"2.0"`, `"2.1"`, `"2.2"`).
    #[serde(default)]
    pub target_by_version: std::collections::BTreeMap<String, ExportTarget>,
    /// The tag written as the target language of exported files, per
    /// project language (`fr = "fr-FR"`); the project's tag otherwise.
    #[serde(default)]
    pub file_language: std::collections::BTreeMap<String, String>,
}

/// The target of an untranslated unit in an exported file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportTarget {
    /// A copy of the source, state `initial` / `needs-translation` (never
    /// imported as a translation while it is still the source).
    #[default]
    Source,
    /// An empty `<target/>`.
    Empty,
    /// No `<target>` element.
    None,
}

impl ExchangeConfig {
    /// The untranslated-unit target for an XLIFF version (`1.2`, `2.1`...).
    pub fn target_for(&self, version: &str) -> ExportTarget {
        self.target_by_version
            .get(version)
            .copied()
            .unwrap_or(self.target)
    }
}

impl Default for ExchangeConfig {
    fn default() -> Self {
        ExchangeConfig {
            accept_translated: false,
            prefill: None,
            candidates_min: default_candidates_min(),
            max_candidates: default_max_candidates(),
            target: ExportTarget::default(),
            target_by_version: Default::default(),
            file_language: Default::default(),
        }
    }
}

fn default_candidates_min() -> u8 {
    75
}

fn default_max_candidates() -> usize {
    3
}

fn default_output_dir() -> PathBuf {
    PathBuf::from("site")
}
fn default_statements_dir() -> PathBuf {
    PathBuf::from("corpus/statements")
}
fn default_memory_dir() -> PathBuf {
    PathBuf::from("corpus/memory")
}
fn default_locales_dir() -> PathBuf {
    PathBuf::from("locales")
}
fn default_theme_dir() -> PathBuf {
    PathBuf::from("theme")
}

impl Config {
    /// Parse configuration text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let cfg: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| crate::model::line_col(text, s.start))
                .unwrap_or((1, 1));
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        cfg.validate(path)?;
        Ok(cfg)
    }

    /// Read and parse a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        for lang in std::iter::once(&self.source_language).chain(&self.target_languages) {
            if lang.parse::<unic_langid::LanguageIdentifier>().is_err() {
                return Err(invalid(format!("`{lang}` is not a BCP 47 language tag")));
            }
        }
        let fluent: Vec<&str> = crate::diagnostic::ids(crate::diagnostic::Family::Fluent).collect();
        self.qa
            .validate_with(&fluent)
            .map_err(|e| invalid(format!("[qa]: {e}")))?;
        if self.target_languages.is_empty() {
            return Err(invalid("target_languages is empty".into()));
        }
        for v in self.exchange.target_by_version.keys() {
            if !["1.2", "2.0", "2.1", "2.2"].contains(&v.as_str()) {
                return Err(invalid(format!(
                    "[exchange.target_by_version]: `{v}` is not an XLIFF version (1.2, 2.0, 2.1, 2.2)"
                )));
            }
        }
        for (lang, tag) in &self.exchange.file_language {
            if !self.target_languages.contains(lang) {
                return Err(invalid(format!(
                    "[exchange.file_language]: `{lang}` is not a target language"
                )));
            }
            let primary = |t: &str| t.split(['-', '_']).next().unwrap_or(t).to_ascii_lowercase();
            if tag.parse::<unic_langid::LanguageIdentifier>().is_err()
                || primary(tag) != primary(lang)
            {
                return Err(invalid(format!(
                    "[exchange.file_language]: `{tag}` is not a BCP 47 tag for `{lang}`"
                )));
            }
        }
        if self.target_languages.contains(&self.source_language) {
            return Err(invalid(format!(
                "the source language `{}` is also a target language",
                self.source_language
            )));
        }
        if !(self.base_url.starts_with("https://") || self.base_url.starts_with("http://")) {
            return Err(invalid(format!(
                "base_url `{}` must be an absolute http(s) URL",
                self.base_url
            )));
        }
        Ok(())
    }

    /// Every language of the site, source first.
    pub fn languages(&self) -> Vec<String> {
        std::iter::once(self.source_language.clone())
            .chain(self.target_languages.iter().cloned())
            .collect()
    }

    /// The base URL with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// Open Graph locale for a language: `[languages.<lang>] og_locale`,
    /// else the language folder's (`en_GB` for `en`, `es_ES` for `es`, see
    /// [`crate::languages::og_locale`] for tags without a folder).
    pub fn og_locale(&self, lang: &str) -> String {
        if let Some(l) = self.languages.get(lang).and_then(|l| l.og_locale.clone()) {
            return l;
        }
        crate::languages::og_locale(lang)
    }
}

/// Find the project root: `start` or the nearest parent holding `diglot.toml`.
pub fn find_root(start: &Path) -> Result<PathBuf, ConfigError> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        if d.join(CONFIG_FILE).is_file() {
            return Ok(d.to_path_buf());
        }
        dir = d.parent();
    }
    Err(ConfigError::NotFound(start.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: &str = "source_language = \"en\"\ntarget_languages = [\"fr\"]\nbase_url = \"https://example.org\"\n";

    #[test]
    fn defaults() {
        let c = Config::parse(MIN, Path::new("diglot.toml")).unwrap();
        assert_eq!(c.output_dir, PathBuf::from("site"));
        assert_eq!(c.base_url(), "https://example.org/");
        assert_eq!(c.og_locale("fr"), "fr_FR");
        assert_eq!(c.og_locale("en"), "en_GB");
        assert_eq!(c.languages(), vec!["en", "fr"]);
    }

    #[test]
    fn parse_error_has_position() {
        let e = Config::parse("source_language = \n", Path::new("d.toml")).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("d.toml:1:"), "{msg}");
    }

    #[test]
    fn unknown_key_rejected() {
        let e = Config::parse(&format!("{MIN}bogus = 1\n"), Path::new("d.toml")).unwrap_err();
        assert!(e.to_string().contains("bogus"), "{e}");
    }

    #[test]
    fn bad_language_rejected() {
        let t = MIN.replace("[\"fr\"]", "[\"en\"]");
        assert!(Config::parse(&t, Path::new("d.toml")).is_err());
    }
}
