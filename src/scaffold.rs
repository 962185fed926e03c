//! `diglot init`: start a project folder from the files diglot ships with.
//!
//! The shipped theme (`theme/`) and the starter site messages of each
//! language folder (`src/languages/<tag>/site.ftl`, written to
//! `locales/<lang>/site.ftl`) are compiled into the binary, so an installed
//! `diglot` can start a project anywhere: `diglot init DIR` writes
//! `diglot.toml`, an empty `corpus/statements/` folder, the theme and one
//! message bundle per language. Nothing is overwritten: when any of those files already exists,
//! nothing at all is written and the error lists them.

use crate::fsutil::write_atomic;
use std::path::{Path, PathBuf};

/// The shipped theme, relative to the project root.
const THEME: &[(&str, &str)] = &[
    ("theme/README.md", include_str!("../theme/README.md")),
    (
        "theme/templates/base.html",
        include_str!("../theme/templates/base.html"),
    ),
    (
        "theme/templates/choose.html",
        include_str!("../theme/templates/choose.html"),
    ),
    (
        "theme/templates/home.html",
        include_str!("../theme/templates/home.html"),
    ),
    (
        "theme/templates/proof.html",
        include_str!("../theme/templates/proof.html"),
    ),
    (
        "theme/templates/statement.html",
        include_str!("../theme/templates/statement.html"),
    ),
    (
        "theme/static/style.css",
        include_str!("../theme/static/style.css"),
    ),
];

/// Folder for statements, relative to the project root (the default of
/// `statements_dir`).
const STATEMENTS_DIR: &str = "corpus/statements";

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0}")]
    Usage(String),
    #[error(
        "{root}: not starting a project over existing files (nothing was written): {}",
        .existing.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    Exists {
        root: PathBuf,
        existing: Vec<PathBuf>,
    },
    #[error("{path}: cannot write: {message}")]
    Io { path: PathBuf, message: String },
}

/// What `diglot init` starts a project with.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub source_language: String,
    pub target_languages: Vec<String>,
    pub base_url: String,
}

impl Default for InitOptions {
    fn default() -> Self {
        InitOptions {
            source_language: "en".into(),
            target_languages: vec!["fr".into()],
            base_url: "https://example.org/".into(),
        }
    }
}

/// What [`init`] wrote.
#[derive(Debug, Clone)]
pub struct InitReport {
    /// Files written, relative to the project root, sorted.
    pub written: Vec<PathBuf>,
    /// Languages whose site messages were copied from the source language
    /// because diglot ships none for them: translate them before publishing.
    pub untranslated_messages: Vec<String>,
}

/// The starter messages of a language: its folder's `site.ftl`, region →
/// language (`fr-CA` starts from `fr`'s).
pub fn shipped_messages(lang: &str) -> Option<&'static str> {
    crate::languages::file(lang, "site.ftl").map(|f| f.text)
}

/// A string written as a TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn config_text(o: &InitOptions) -> String {
    let targets: Vec<String> = o.target_languages.iter().map(|l| toml_string(l)).collect();
    format!(
        "# diglot project configuration (every setting: see diglot's README).\n\
         source_language = {}\n\
         target_languages = [{}]\n\
         # Absolute URL the site is published at (canonical links, sitemap, feeds).\n\
         base_url = {}\n\
         output_dir = \"site\"\n\
         # Typographic quotes, apostrophes and dashes in the statements (“a”, it’s, –, —, …).\n\
         smart_punctuation = true\n",
        toml_string(&o.source_language),
        targets.join(", "),
        toml_string(&o.base_url),
    )
}

/// Files of a new project (path relative to its root, text), sorted by path.
type Files = Vec<(PathBuf, String)>;

/// The files of a new project, and the languages whose messages are copies.
fn files(o: &InitOptions) -> Result<(Files, Vec<String>), InitError> {
    let mut langs = vec![o.source_language.clone()];
    for t in &o.target_languages {
        if langs.contains(t) {
            return Err(InitError::Usage(format!(
                "language `{t}` is given twice (source and target languages must differ)"
            )));
        }
        langs.push(t.clone());
    }
    if o.target_languages.is_empty() {
        return Err(InitError::Usage("give at least one target language".into()));
    }
    for l in &langs {
        if l.parse::<unic_langid::LanguageIdentifier>().is_err() {
            return Err(InitError::Usage(format!(
                "`{l}` is not a language tag (BCP 47, e.g. `fr` or `fr-CA`)"
            )));
        }
    }
    // The messages a language without its own starts from.
    let (source_name, source_messages) = match shipped_messages(&o.source_language) {
        Some(m) => (o.source_language.as_str(), m),
        None => (
            "en",
            shipped_messages("en").expect("English messages are shipped"),
        ),
    };
    let mut untranslated = Vec::new();
    let mut out = vec![(PathBuf::from("diglot.toml"), config_text(o))];
    for l in &langs {
        let text = match shipped_messages(l) {
            Some(m) => m.to_string(),
            None => {
                untranslated.push(l.clone());
                format!(
                    "# Copied from the {source_name} messages by `diglot init`: diglot ships no site\n\
                     # messages for `{l}`. Translate every message below.\n\n{source_messages}"
                )
            }
        };
        out.push((PathBuf::from(format!("locales/{l}/site.ftl")), text));
    }
    for (p, t) in THEME {
        out.push((PathBuf::from(p), t.to_string()));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((out, untranslated))
}

/// Start a project in `root` (created when missing).
pub fn init(root: &Path, o: &InitOptions) -> Result<InitReport, InitError> {
    let (files, untranslated_messages) = files(o)?;
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(p, _)| p.clone())
        .filter(|p| root.join(p).exists())
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists {
            root: root.to_path_buf(),
            existing,
        });
    }
    let statements = root.join(STATEMENTS_DIR);
    std::fs::create_dir_all(&statements).map_err(|e| InitError::Io {
        path: statements.clone(),
        message: e.to_string(),
    })?;
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = root.join(&rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| InitError::Io {
                path: dir.to_path_buf(),
                message: e.to_string(),
            })?;
        }
        write_atomic(&path, text.as_bytes()).map_err(|e| InitError::Io {
            path: path.clone(),
            message: e.to_string(),
        })?;
        written.push(rel);
    }
    // The index cache is derived and disposable: keep it out of git (it
    // also ignores itself, for projects started before this file).
    let ignore = root.join(".gitignore");
    if !ignore.exists() {
        write_atomic(
            &ignore,
            b"# diglot's index cache: derived from the memories, safe to delete\ncorpus/memory/.cache/\n",
        )
        .map_err(|e| InitError::Io {
            path: ignore.clone(),
            message: e.to_string(),
        })?;
        written.push(PathBuf::from(".gitignore"));
    }
    Ok(InitReport {
        written,
        untranslated_messages,
    })
}

/// Letters that Unicode decomposition does not reduce to ASCII, and their
/// usual ASCII spelling (for slugs).
const ASCII_FOLDS: &[(char, &str)] = &[
    ('æ', "ae"),
    ('œ', "oe"),
    ('ß', "ss"),
    ('ø', "o"),
    ('ł', "l"),
    ('đ', "d"),
    ('ð', "d"),
    ('þ', "th"),
    ('ı', "i"),
    ('ŀ', "l"),
];

/// A URL slug from a title: lowercase ASCII letters and digits, words joined
/// by single hyphens; accented letters lose their accents (`Déclaration` →
/// `declaration`), ligatures are spelled out (`œuvre` → `oeuvre`), other
/// characters separate words.
pub fn slugify(title: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let mut out = String::new();
    let mut gap = false;
    for c in title.nfkd().filter(|c| !is_combining_mark(*c)) {
        let lower: String = c.to_lowercase().collect();
        for c in lower.chars() {
            let folded: Option<String> = if c.is_ascii_alphanumeric() {
                Some(c.to_string())
            } else {
                ASCII_FOLDS
                    .iter()
                    .find(|(f, _)| *f == c)
                    .map(|(_, s)| s.to_string())
            };
            match folded {
                Some(s) => {
                    if gap && !out.is_empty() {
                        out.push('-');
                    }
                    gap = false;
                    out.push_str(&s);
                }
                // An apostrophe joins (`l'État` → `letat`), as in most slugs.
                None if matches!(c, '\'' | '’') => {}
                None => gap = true,
            }
        }
    }
    out
}

/// What `diglot new` writes.
#[derive(Debug, Clone)]
pub struct NewStatement {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Slug to use as is (must be free); derived from the title when absent.
    pub slug: Option<String>,
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = crate::locale::civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Write a new draft statement `<statements_dir>/<slug>.md` with its front
/// matter; the slug is derived from the title (made unique with `-2`,
/// `-3`...) unless given. `taken` are the slugs already in use (statements'
/// slugs and file names). Returns the path written. Never overwrites a file.
pub fn new_statement(
    statements_dir: &Path,
    taken: &std::collections::BTreeSet<String>,
    n: &NewStatement,
) -> Result<PathBuf, InitError> {
    if n.title.trim().is_empty() {
        return Err(InitError::Usage("the title is empty".into()));
    }
    if !crate::source::is_valid_date(&n.date) {
        return Err(InitError::Usage(format!(
            "--date must be a calendar date YYYY-MM-DD, found `{}`",
            n.date
        )));
    }
    let free = |s: &str| !taken.contains(s) && !statements_dir.join(format!("{s}.md")).exists();
    let slug = match &n.slug {
        Some(s) => {
            if !crate::source::is_valid_slug(s) {
                return Err(InitError::Usage(format!(
                    "--slug `{s}` must be lowercase ASCII letters, digits and inner hyphens"
                )));
            }
            if !free(s) {
                return Err(InitError::Usage(format!(
                    "slug `{s}` is already used by a statement (choose another --slug)"
                )));
            }
            s.clone()
        }
        None => {
            let mut base = slugify(&n.title);
            if base.is_empty() {
                base = "statement".into();
            }
            let mut slug = base.clone();
            let mut k = 2;
            while !free(&slug) {
                slug = format!("{base}-{k}");
                k += 1;
            }
            slug
        }
    };
    let path = statements_dir.join(format!("{slug}.md"));
    let text = format!(
        "+++\ntitle = {}\ndate = {}\n# Drafts are checked and exported, never published: delete this line to publish.\ndraft = true\n+++\n\n",
        toml_string(n.title.trim()),
        n.date
    );
    std::fs::create_dir_all(statements_dir).map_err(|e| InitError::Io {
        path: statements_dir.to_path_buf(),
        message: e.to_string(),
    })?;
    // create_new: a file appearing meanwhile is never overwritten.
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| InitError::Io {
            path: path.clone(),
            message: e.to_string(),
        })?;
    f.write_all(text.as_bytes()).map_err(|e| InitError::Io {
        path: path.clone(),
        message: e.to_string(),
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under the repository's `theme/` is compiled in, so a new
    /// project gets the whole theme.
    #[test]
    fn embedded_theme_is_the_shipped_theme() {
        fn walk(d: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push(p);
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk = Vec::new();
        walk(&root.join("theme"), &mut on_disk);
        let mut on_disk: Vec<String> = on_disk
            .iter()
            .map(|p| {
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = THEME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
        for (p, text) in THEME {
            assert_eq!(std::fs::read_to_string(root.join(p)).unwrap(), *text);
        }
        for l in std::fs::read_dir(root.join("locales")).unwrap() {
            let l = l.unwrap().file_name().to_string_lossy().to_string();
            assert!(shipped_messages(&l).is_some(), "locales/{l} not embedded");
            // The shipped project's messages are the starter ones.
            assert_eq!(
                std::fs::read_to_string(root.join("locales").join(&l).join("site.ftl")).unwrap(),
                shipped_messages(&l).unwrap(),
                "locales/{l}/site.ftl differs from src/languages/{l}/site.ftl"
            );
        }
    }

    #[test]
    fn messages_come_from_the_language_folders_region_then_language() {
        let o = InitOptions {
            target_languages: vec!["es".into(), "fr-CA".into()],
            ..Default::default()
        };
        let (files, untranslated) = files(&o).unwrap();
        assert!(untranslated.is_empty(), "{untranslated:?}");
        let text = |p: &str| &files.iter().find(|(f, _)| f == Path::new(p)).unwrap().1;
        assert!(text("locales/es/site.ftl").contains("nav-home = Inicio"));
        assert!(text("locales/fr-CA/site.ftl").contains("nav-home = Accueil"));
    }

    #[test]
    fn config_is_valid_and_round_trips_the_options() {
        let o = InitOptions {
            source_language: "en".into(),
            target_languages: vec!["fr".into(), "de".into()],
            base_url: "https://statements.example.net/x \"y\"/".into(),
        };
        let c = crate::config::Config::parse(&config_text(&o), Path::new("diglot.toml")).unwrap();
        assert_eq!(c.source_language, "en");
        assert_eq!(c.target_languages, vec!["fr", "de"]);
        assert_eq!(c.base_url, o.base_url);
    }

    #[test]
    fn languages_without_messages_get_a_marked_copy() {
        let o = InitOptions {
            target_languages: vec!["fr".into(), "de".into()],
            ..Default::default()
        };
        let (files, untranslated) = files(&o).unwrap();
        assert_eq!(untranslated, vec!["de"]);
        let de = &files
            .iter()
            .find(|(p, _)| p == Path::new("locales/de/site.ftl"))
            .unwrap()
            .1;
        assert!(de.starts_with("# Copied from the en messages"));
        assert!(de.contains("site-name ="));
        let paths: Vec<&PathBuf> = files.iter().map(|(p, _)| p).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted);
    }

    #[test]
    fn slugs_are_ascii_folded() {
        assert_eq!(
            slugify("Déclaration sur l’État de droit"),
            "declaration-sur-letat-de-droit"
        );
        assert_eq!(slugify("  Œuvre — 2025: Straße!  "), "oeuvre-2025-strasse");
        assert_eq!(slugify("Ça va ? Ødegaard"), "ca-va-odegaard");
        assert_eq!(slugify("¿?"), "");
    }

    #[test]
    fn civil_dates() {
        use crate::locale::civil_from_days;
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_244), (2025, 6, 5));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn bad_options_are_refused() {
        for (src, targets) in [
            ("en", vec![]),
            ("en", vec!["en"]),
            ("en", vec!["fr", "fr"]),
            ("en", vec!["not a tag"]),
        ] {
            let o = InitOptions {
                source_language: src.into(),
                target_languages: targets.into_iter().map(String::from).collect(),
                ..Default::default()
            };
            assert!(matches!(files(&o), Err(InitError::Usage(_))), "{o:?}");
        }
    }
}
