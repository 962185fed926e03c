//! Reference memories from tab-separated files: one `source<TAB>target` pair
//! a line (the Canadian Acts and Tatoeba corpora, for example).
//!
//! This is the one TSV reader: `tm import`, `--tm`, the tests and the
//! benchmarks all read TSV through it.
//!
//! A UTF-8 byte-order mark is ignored; empty lines are skipped; a trailing
//! `\r` is dropped; columns after the
//! second are ignored. Every other problem — invalid UTF-8, a line without a
//! tab, an empty source or target, a character XML (so a memory) cannot
//! carry (C0 controls, U+FFFE, U+FFFF), characters reserved for inline-code
//! placeholders (U+F0000 and above) — is an error naming `file:line`, never
//! a character silently dropped. Every bad line is reported (up to
//! [`MAX_REPORTED`]), not only the first. Units get the ids the
//! memory would give them (`u` + hash of the normalised source, `-2`, `-3`…
//! for further translations of the same source), approval
//! [`Unreviewed`](super::Approval::Unreviewed) and the file name as origin.

use super::{Approval, TmUnit};
use crate::model::{contains_placeholder_chars, key_hash, CodedText};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum TsvError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", lines_message(path, errors, *more))]
    Lines {
        path: PathBuf,
        /// (1-based line, problem), in line order.
        errors: Vec<(usize, String)>,
        /// Bad lines beyond those listed.
        more: usize,
    },
}

/// Most bad lines listed in one error.
pub const MAX_REPORTED: usize = 20;

fn lines_message(path: &Path, errors: &[(usize, String)], more: usize) -> String {
    let mut out = errors
        .iter()
        .map(|(line, m)| format!("{}:{line}: {m}", path.display()))
        .collect::<Vec<_>>()
        .join("\n");
    if more > 0 {
        out.push_str(&format!("\n{}: {more} more bad line(s)", path.display()));
    }
    out
}

/// The first character of `s` that a memory cannot hold, described.
fn bad_char(s: &str) -> Option<String> {
    s.chars().find_map(|c| {
        if contains_placeholder_chars(c.encode_utf8(&mut [0; 4])) {
            Some(format!(
                "contains U+{:04X}, a character reserved for inline codes (U+F0000 and above)",
                c as u32
            ))
        } else if !crate::xml::is_xml_char(c) {
            Some(format!(
                "contains U+{:04X}, a character XML cannot carry (control characters, U+FFFE, U+FFFF)",
                c as u32
            ))
        } else {
            None
        }
    })
}

/// [`key_hash`] of a text without inline codes, without the cost of NFC
/// normalisation when the text is already in NFC (the common case).
fn plain_key_hash(t: &CodedText) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if !t.codes.is_empty() || is_nfc_quick(t.text.chars()) != IsNormalized::Yes {
        return key_hash(t);
    }
    let mut key = String::with_capacity(t.text.len());
    for w in t.text.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(w);
    }
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

/// A parsed line: line number, key hash of the source, unit.
type Parsed = (usize, String, TmUnit);

/// Read a TSV file of `source<TAB>target` pairs.
pub fn load_tsv(path: &Path) -> Result<Vec<TmUnit>, TsvError> {
    let bytes = std::fs::read(path).map_err(|source| TsvError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_tsv(&bytes, path)
}

/// Parse TSV bytes; `path` names the file in errors and in the origin.
pub fn parse_tsv(bytes: &[u8], path: &Path) -> Result<Vec<TmUnit>, TsvError> {
    let origin = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let lines: Vec<(usize, &[u8])> = bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix(b"\r").unwrap_or(l)))
        .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
        .collect();
    let parsed: Vec<Result<Parsed, (usize, String)>> = lines
        .par_iter()
        .map(|&(line, l)| {
            let err = |m: String| (line, m);
            let l = std::str::from_utf8(l).map_err(|_| err("invalid UTF-8".into()))?;
            let mut cols = l.split('\t');
            let src = cols.next().unwrap_or("").trim();
            let tgt = cols
                .next()
                .ok_or_else(|| err("expected source<TAB>target".into()))?
                .trim();
            if src.is_empty() || tgt.is_empty() {
                return Err(err("empty source or target".into()));
            }
            if let Some(m) = bad_char(src).or_else(|| bad_char(tgt)) {
                return Err(err(m));
            }
            let source = CodedText::plain(src);
            let key = plain_key_hash(&source);
            Ok((
                line,
                key,
                TmUnit {
                    id: String::new(),
                    source,
                    target: CodedText::plain(tgt),
                    approval: Approval::Unreviewed,
                    prev: None,
                    next: None,
                    statement: None,
                    origin: Some(origin.clone()),
                    provenance: Default::default(),
                    line,
                },
            ))
        })
        .collect();
    let bad = parsed.iter().filter(|r| r.is_err()).count();
    if bad > 0 {
        let errors: Vec<(usize, String)> = parsed
            .into_iter()
            .filter_map(Result::err)
            .take(MAX_REPORTED)
            .collect();
        return Err(TsvError::Lines {
            path: path.to_path_buf(),
            more: bad - errors.len(),
            errors,
        });
    }
    let parsed: Vec<Parsed> = parsed.into_iter().filter_map(Result::ok).collect();
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    Ok(parsed
        .into_iter()
        .map(|(_, key, mut unit)| {
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            unit.id = if *n == 1 {
                format!("u{key}")
            } else {
                format!("u{key}-{n}")
            };
            unit
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pairs_and_ids() {
        let units = parse_tsv(
            b"\xef\xbb\xbfRun!\tCours !\r\n\nRun!\tCourez !\nGo.\tVa !\textra\n",
            Path::new("dir/fra.txt"),
        )
        .unwrap();
        assert_eq!(units.len(), 3);
        assert_eq!(units[0].source.text, "Run!");
        assert_eq!(units[0].target.text, "Cours !");
        assert_eq!(units[1].id, format!("{}-2", units[0].id));
        assert_eq!(units[2].line, 4);
        assert_eq!(units[2].target.text, "Va !");
        assert_eq!(units[2].origin.as_deref(), Some("fra.txt"));
        assert_eq!(units[2].approval, Approval::Unreviewed);
    }

    #[test]
    fn fast_key_is_key_hash() {
        for s in [
            "  Plain\u{a0} text\t with  spaces ",
            "Déjà vu",
            "cafe\u{301}",
            "",
            "x",
        ] {
            let t = CodedText::plain(s);
            assert_eq!(plain_key_hash(&t), key_hash(&t), "{s:?}");
        }
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = parse_tsv(b"a\tb\nno tab here\n", Path::new("m.tsv")).unwrap_err();
        assert_eq!(e.to_string(), "m.tsv:2: expected source<TAB>target");
        let e = parse_tsv(b"a\tb\n \tx\n", Path::new("m.tsv")).unwrap_err();
        assert_eq!(e.to_string(), "m.tsv:2: empty source or target");
        let e = parse_tsv(b"x\t\xff\n", Path::new("m.tsv")).unwrap_err();
        assert_eq!(e.to_string(), "m.tsv:1: invalid UTF-8");
        // Every bad line, and characters a memory cannot hold.
        let e = parse_tsv(
            b"ok\tbien\nHello \xf3\xb0\x80\x80world.\tBonjour\nbell\x07\tx\nfine\tok\nnot\xef\xbf\xbf\tx\n",
            Path::new("m.tsv"),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "m.tsv:2: contains U+F0000, a character reserved for inline codes (U+F0000 and above)\n\
             m.tsv:3: contains U+0007, a character XML cannot carry (control characters, U+FFFE, U+FFFF)\n\
             m.tsv:5: contains U+FFFF, a character XML cannot carry (control characters, U+FFFE, U+FFFF)"
        );
        let many: String = (0..30).map(|_| "x\n").collect();
        let e = parse_tsv(many.as_bytes(), Path::new("m.tsv"))
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("m.tsv: 10 more bad line(s)"), "{e}");
        let e = load_tsv(Path::new("/nonexistent/m.tsv")).unwrap_err();
        assert!(e.to_string().starts_with("/nonexistent/m.tsv: "));
    }
}
