//! Fluent message bundles: the site's messages and the statements' approved
//! segments, formatted through one bundle per language.
//!
//! Every Fluent quirk lives here and nowhere else:
//! - bidi isolation marks are off (pages are HTML, French and English are LTR);
//! - a formatting error (unknown message, missing variable, bad function
//!   argument) is a failure, never published text;
//! - `NUMBER()` and implicit numbers are formatted by ICU4X (`1 234,5` in
//!   French), and `DATETIME()` takes an ISO date (`2025-06-05`) and formats it
//!   by ICU4X with the conventions in `crate::locale` (`1er juin 2025`);
//! - translation text is escaped into Fluent syntax by [`text_to_ftl`], so a
//!   sentence containing `{` can never become a placeable.

pub mod lint;
pub mod nesting;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum L10nError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: Fluent syntax error: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: message `{id}` is defined twice in {lang}")]
    Duplicate {
        path: PathBuf,
        lang: String,
        id: String,
    },
    #[error("{lang}: missing message `{id}`")]
    Missing { lang: String, id: String },
    #[error("{lang}: message `{id}`: {message}")]
    Format {
        lang: String,
        id: String,
        message: String,
    },
    #[error("`{0}` is not a valid language identifier")]
    Language(String),
}

/// One `.ftl` file as read from disk.
#[derive(Debug, Clone)]
pub struct FtlFile {
    pub path: PathBuf,
    pub source: String,
}

/// Read every `locales/<lang>/*.ftl`, sorted by name.
pub fn read_locale_dir(dir: &Path, lang: &str) -> Result<Vec<FtlFile>, L10nError> {
    let d = dir.join(lang);
    let entries = std::fs::read_dir(&d).map_err(|source| L10nError::Io {
        path: d.clone(),
        source: if source.kind() == std::io::ErrorKind::NotFound {
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("no such folder (the site messages of `{lang}` go in {}/*.ftl; `diglot init` writes a starting set)", d.display()),
            )
        } else {
            source
        },
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().map(|e| e == "ftl").unwrap_or(false))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            std::fs::read_to_string(&path)
                .map(|source| FtlFile {
                    path: path.clone(),
                    // A UTF-8 byte-order mark is not part of the text (as in
                    // `validate`, statements, TOML and memories).
                    source: match source.strip_prefix('\u{feff}') {
                        Some(rest) => rest.to_string(),
                        None => source,
                    },
                })
                .map_err(|source| L10nError::Io { path, source })
        })
        .collect()
}

/// Escape plain text as a single-line Fluent pattern: braces become string
/// literal placeables; line breaks become spaces.
pub fn text_to_ftl(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '{' => out.push_str("{\"{\"}"),
            '}' => out.push_str("{\"}\"}"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    // Leading and trailing blanks would be dropped by Fluent: keep them.
    let lead = out.len() - out.trim_start_matches(' ').len();
    let trail = out.len() - out.trim_end_matches(' ').len();
    if lead > 0 || trail > 0 {
        let core = out.trim_matches(' ').to_string();
        out = format!(
            "{}{}{}",
            "{\" \"}".repeat(lead),
            core,
            "{\" \"}".repeat(trail)
        );
    }
    out
}

/// A Fluent message to add to a bundle from translation data.
#[derive(Debug, Clone)]
pub struct TextMessage {
    pub id: String,
    pub text: String,
}

struct IcuLang(String);

impl intl_memoizer::Memoizable for IcuLang {
    type Args = ();
    type Error = ();
    fn construct(lang: unic_langid::LanguageIdentifier, _: ()) -> Result<Self, ()> {
        Ok(IcuLang(lang.to_string()))
    }
}

fn icu_number_formatter(
    v: &FluentValue,
    m: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    match v {
        FluentValue::Number(n) => m
            .with_try_get::<IcuLang, _, _>((), |l| {
                crate::locale::format_decimal(&l.0, &n.as_string()).ok()
            })
            .ok()
            .flatten(),
        _ => None,
    }
}

thread_local! {
    /// Errors of `NUMBER()` and `DATETIME()` during the current
    /// [`Bundle::format`] on this thread: a function runs on the thread that
    /// formats, so each call sees its own errors even when several threads
    /// format with one bundle.
    static FUNCTION_ERRORS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn function_error(message: String) {
    FUNCTION_ERRORS.with(|e| e.borrow_mut().push(message));
}

/// The bundle of one language. It is `Sync`: pages are formatted from
/// several threads at once.
pub struct Bundle {
    pub lang: String,
    bundle: FluentBundle<FluentResource>,
    /// Message id → file defining it (site messages only).
    pub defined_in: BTreeMap<String, PathBuf>,
}

impl Bundle {
    /// A bundle with the site messages of `files`. Syntax errors and duplicate
    /// ids are all collected.
    pub fn new(lang: &str, files: &[FtlFile]) -> Result<Bundle, Vec<L10nError>> {
        let langid: unic_langid::LanguageIdentifier = lang
            .parse()
            .map_err(|_| vec![L10nError::Language(lang.to_string())])?;
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(icu_number_formatter));
        let l = lang.to_string();
        bundle
            .add_function("DATETIME", move |pos, _named| {
                let arg = pos.first();
                let iso = match arg {
                    Some(FluentValue::String(s)) => s.to_string(),
                    _ => {
                        function_error("DATETIME() takes one ISO date string (YYYY-MM-DD)".into());
                        return FluentValue::Error;
                    }
                };
                match crate::locale::parse_iso_date(&iso)
                    .map(|(y, m, d)| crate::locale::format_date(&l, y, m, d))
                {
                    Some(Ok(s)) => FluentValue::from(s),
                    _ => {
                        function_error(format!("DATETIME(): `{iso}` is not a date YYYY-MM-DD"));
                        FluentValue::Error
                    }
                }
            })
            .expect("DATETIME is registered once");
        let l = lang.to_string();
        bundle
            .add_function("NUMBER", move |pos, _named| match pos.first() {
                Some(FluentValue::Number(n)) => {
                    match crate::locale::format_decimal(&l, &n.as_string()) {
                        Ok(s) => FluentValue::from(s),
                        Err(e) => {
                            function_error(format!("NUMBER(): {e}"));
                            FluentValue::Error
                        }
                    }
                }
                _ => {
                    function_error("NUMBER() takes a number".into());
                    FluentValue::Error
                }
            })
            .expect("NUMBER is registered once");
        let mut b = Bundle {
            lang: lang.to_string(),
            bundle,
            defined_in: BTreeMap::new(),
        };
        let mut errors = Vec::new();
        for f in files {
            if let Err(mut e) = b.add_ftl(f) {
                errors.append(&mut e);
            }
        }
        if errors.is_empty() {
            Ok(b)
        } else {
            Err(errors)
        }
    }

    fn add_ftl(&mut self, f: &FtlFile) -> Result<(), Vec<L10nError>> {
        let (res, errors) = parse_ftl(f, 0);
        self.add_resource(&f.path, res, errors)
    }

    /// Add a parsed resource: its messages must not be defined already.
    fn add_resource(
        &mut self,
        path: &Path,
        res: FluentResource,
        mut errors: Vec<L10nError>,
    ) -> Result<(), Vec<L10nError>> {
        for entry in res.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                let id = m.id.name.to_string();
                if self.defined_in.contains_key(&id) {
                    errors.push(L10nError::Duplicate {
                        path: path.to_path_buf(),
                        lang: self.lang.clone(),
                        id: id.clone(),
                    });
                }
                self.defined_in.insert(id, path.to_path_buf());
            }
        }
        if let Err(errs) = self.bundle.add_resource(res) {
            for e in errs {
                if let FluentError::Overriding { id, .. } = e {
                    if !errors
                        .iter()
                        .any(|x| matches!(x, L10nError::Duplicate { id: i, .. } if *i == id))
                    {
                        errors.push(L10nError::Duplicate {
                            path: path.to_path_buf(),
                            lang: self.lang.clone(),
                            id,
                        });
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Add translation messages (statement segments), escaped into Fluent.
    /// The messages are parsed in chunks on every core, then added in
    /// order (errors are the same as for one resource, lines included).
    pub fn add_texts(&mut self, messages: &[TextMessage]) -> Result<(), Vec<L10nError>> {
        let path = PathBuf::from(format!("<{} translations>", self.lang));
        let sources: Vec<String> = messages
            .par_chunks(TEXT_CHUNK)
            .map(|chunk| {
                let mut src = String::new();
                for m in chunk {
                    src.push_str(&m.id);
                    src.push_str(" = ");
                    src.push_str(&text_to_ftl(&m.text));
                    src.push('\n');
                }
                src
            })
            .collect();
        let mut first_lines = Vec::with_capacity(sources.len());
        let mut lines = 0;
        for src in &sources {
            first_lines.push(lines);
            lines += src.bytes().filter(|b| *b == b'\n').count();
        }
        let parsed: Vec<(FluentResource, Vec<L10nError>)> = sources
            .into_par_iter()
            .zip(first_lines)
            .map(|(source, first_line)| {
                let file = FtlFile {
                    path: path.clone(),
                    source,
                };
                parse_ftl(&file, first_line)
            })
            .collect();
        let mut errors = Vec::new();
        for (res, errs) in parsed {
            if let Err(mut e) = self.add_resource(&path, res, errs) {
                errors.append(&mut e);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    pub fn has_message(&self, id: &str) -> bool {
        self.bundle
            .get_message(id)
            .and_then(|m| m.value())
            .is_some()
    }

    /// Format a message; any Fluent error is a failure.
    pub fn format(&self, id: &str, args: &[(&str, FluentArg)]) -> Result<String, L10nError> {
        let msg = self
            .bundle
            .get_message(id)
            .ok_or_else(|| L10nError::Missing {
                lang: self.lang.clone(),
                id: id.to_string(),
            })?;
        let pattern = msg.value().ok_or_else(|| L10nError::Missing {
            lang: self.lang.clone(),
            id: id.to_string(),
        })?;
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            match v {
                FluentArg::Str(s) => fargs.set(*k, FluentValue::from(s.clone())),
                FluentArg::Num(n) => fargs.set(*k, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        FUNCTION_ERRORS.with(|e| e.borrow_mut().clear());
        let out = self
            .bundle
            .format_pattern(
                pattern,
                if args.is_empty() { None } else { Some(&fargs) },
                &mut errors,
            )
            .to_string();
        let mut messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        FUNCTION_ERRORS.with(|e| messages.append(&mut e.borrow_mut()));
        if messages.is_empty() {
            Ok(out)
        } else {
            Err(L10nError::Format {
                lang: self.lang.clone(),
                id: id.to_string(),
                message: messages.join("; "),
            })
        }
    }

    /// Ids of every message in the site files.
    pub fn site_message_ids(&self) -> impl Iterator<Item = &String> {
        self.defined_in.keys().filter(|k| !k.starts_with("seg-"))
    }
}

/// Translation messages parsed together by [`Bundle::add_texts`].
const TEXT_CHUNK: usize = 2048;

/// Parse a Fluent file whose first line is line `first_line + 1` of the
/// file named in errors: the resource (with what could be parsed) and its
/// syntax errors.
fn parse_ftl(f: &FtlFile, first_line: usize) -> (FluentResource, Vec<L10nError>) {
    let mut errors = Vec::new();
    let lines = crate::model::LineIndex::new(&f.source);
    // Entries nested too deeply would overflow the parser's stack: they are
    // errors and are left out.
    let deep = nesting::deep_entries(&f.source);
    let source = if deep.is_empty() {
        f.source.clone()
    } else {
        for d in &deep {
            let (line, column) = lines.line_col(&f.source, d.at);
            errors.push(L10nError::Syntax {
                path: f.path.clone(),
                line: first_line + line,
                column,
                message: d.message(),
            });
        }
        nesting::blank(&f.source, &deep)
    };
    match FluentResource::try_new(source) {
        Ok(r) => (r, errors),
        Err((r, errs)) => {
            for e in errs {
                let (line, column) = lines.line_col(&f.source, e.pos.start);
                errors.push(L10nError::Syntax {
                    path: f.path.clone(),
                    line: first_line + line,
                    column,
                    message: e.kind.to_string(),
                });
            }
            (r, errors)
        }
    }
}

/// An argument to a message.
#[derive(Debug, Clone)]
pub enum FluentArg {
    Str(String),
    Num(f64),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(lang: &str, src: &str) -> Bundle {
        Bundle::new(
            lang,
            &[FtlFile {
                path: "t.ftl".into(),
                source: src.into(),
            }],
        )
        .unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn no_isolation_marks_and_dates() {
        let b = bundle(
            "fr",
            "dateline = Communiqué de presse : { DATETIME($date) }\nhello = Bonjour { $name } !\n",
        );
        let s = b
            .format("dateline", &[("date", FluentArg::Str("2025-06-05".into()))])
            .unwrap();
        assert_eq!(s, "Communiqué de presse : 5 juin 2025");
        let s = b
            .format("hello", &[("name", FluentArg::Str("Zoé".into()))])
            .unwrap();
        assert_eq!(s, "Bonjour Zoé !");
        let s = b
            .format("dateline", &[("date", FluentArg::Str("2025-06-01".into()))])
            .unwrap();
        assert!(s.ends_with("1er juin 2025"));
    }

    #[test]
    fn errors_are_failures() {
        let b = bundle(
            "fr",
            "hello = Bonjour { $name } !\nd = { DATETIME($date) }\n",
        );
        assert!(matches!(
            b.format("hello", &[]),
            Err(L10nError::Format { .. })
        ));
        assert!(matches!(
            b.format("nope", &[]),
            Err(L10nError::Missing { .. })
        ));
        assert!(b
            .format("d", &[("date", FluentArg::Str("yesterday".into()))])
            .is_err());
        // The error does not leak into the next call.
        assert!(b
            .format("d", &[("date", FluentArg::Str("2025-01-02".into()))])
            .is_ok());
    }

    #[test]
    fn numbers_use_icu() {
        let b = bundle("fr", "n = { NUMBER($n) } et { $n }\n");
        assert_eq!(
            b.format("n", &[("n", FluentArg::Num(4312.5))]).unwrap(),
            "4\u{202f}312,5 et 4\u{202f}312,5"
        );
    }

    #[test]
    fn text_escaping_round_trips() {
        let cases = [
            "Plain.",
            "A { public } brace",
            "}{",
            "[bracket] *star .dot",
            "  lead and trail  ",
            "quote \" and backslash \\ and { \"x\" }",
            "-term and $var and #hash",
            "\u{F0000}code\u{F0001}",
        ];
        let mut b = bundle("en", "x = y\n");
        let msgs: Vec<TextMessage> = cases
            .iter()
            .enumerate()
            .map(|(i, t)| TextMessage {
                id: format!("seg-{i}"),
                text: t.to_string(),
            })
            .collect();
        b.add_texts(&msgs).unwrap();
        for (i, t) in cases.iter().enumerate() {
            assert_eq!(&b.format(&format!("seg-{i}"), &[]).unwrap(), t);
        }
    }

    #[test]
    fn syntax_errors_and_duplicates_collected() {
        let e = Bundle::new(
            "en",
            &[FtlFile {
                path: "a.ftl".into(),
                source: "ok = fine\nbroken = oops }\nok = again\n".into(),
            }],
        )
        .err()
        .unwrap();
        assert!(
            e.iter()
                .any(|x| matches!(x, L10nError::Syntax { line: 2, .. })),
            "{e:?}"
        );
        assert!(
            e.iter().any(|x| matches!(x, L10nError::Duplicate { .. })),
            "{e:?}"
        );
    }
}
