//! Pairing the documents of two folders for `diglot align --batch`.
//!
//! In order of precedence:
//! 1. a mapping file (`--map FILE`: `source name<TAB>target name` per line,
//!    `#` comments) pairs what it lists;
//! 2. the same file name (`2025-06-05-sanctions.html` in both folders);
//! 3. the same name once language markers are set aside: a path component
//!    or name part equal to the language code (`report.en.html` ~
//!    `report.fr.html`, `en-report.md` ~ `fr-report.md`, `report_en.txt` ~
//!    `report_fr.txt`);
//! 4. the same date and position: among the files still unpaired whose
//!    names hold the same date (`YYYY-MM-DD` or `YYYYMMDD`), the n-th source
//!    file with the n-th target file by name, when both sides have as many
//!    files for that date.
//!
//! Files of other kinds than `.txt`, `.md`, `.markdown`, `.html`, `.htm`
//! and `.xhtml` are ignored; sub-folders are searched. What stays unpaired
//! is reported.

use super::AlignError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How two documents were paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairedBy {
    Map,
    Name,
    LanguageMarker,
    DatePosition,
}

/// The pairing of two folders: relative paths.
#[derive(Debug, Default)]
pub struct Pairing {
    pub pairs: Vec<(PathBuf, PathBuf, Option<PairedBy>)>,
    pub unpaired_source: Vec<PathBuf>,
    pub unpaired_target: Vec<PathBuf>,
}

const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "xhtml"];

/// Documents under `dir`, relative to it, sorted.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>, AlignError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|source| AlignError::Io {
            path: d.clone(),
            source,
        })?;
        for e in entries {
            let e = e.map_err(|source| AlignError::Io {
                path: d.clone(),
                source,
            })?;
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
            {
                out.push(p.strip_prefix(dir).unwrap_or(&p).to_path_buf());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A name with language markers for `lang` replaced by `*`.
fn unmarked(p: &Path, lang: &str) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let lang = lang.to_ascii_lowercase();
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.to_ascii_lowercase() == lang {
            out.push('*');
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in s.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The first date in a name, as `YYYYMMDD`.
fn date_of(p: &Path) -> Option<String> {
    let s = p.to_string_lossy();
    let b = s.as_bytes();
    let digits =
        |i: usize, n: usize| i + n <= b.len() && b[i..i + n].iter().all(u8::is_ascii_digit);
    for i in 0..b.len() {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let ok_date = |y: &str, m: &str, d: &str| {
            let (m, d) = (m.parse::<u32>().unwrap_or(0), d.parse::<u32>().unwrap_or(0));
            y.starts_with(['1', '2']) && (1..=12).contains(&m) && (1..=31).contains(&d)
        };
        if digits(i, 4)
            && i + 10 <= b.len()
            && (b[i + 4] == b'-' || b[i + 4] == b'_')
            && digits(i + 5, 2)
            && b[i + 7] == b[i + 4]
            && digits(i + 8, 2)
            && !digits(i + 10, 1)
            && ok_date(&s[i..i + 4], &s[i + 5..i + 7], &s[i + 8..i + 10])
        {
            return Some(format!(
                "{}{}{}",
                &s[i..i + 4],
                &s[i + 5..i + 7],
                &s[i + 8..i + 10]
            ));
        }
        if digits(i, 8)
            && !digits(i + 8, 1)
            && ok_date(&s[i..i + 4], &s[i + 4..i + 6], &s[i + 6..i + 8])
        {
            return Some(s[i..i + 8].to_string());
        }
    }
    None
}

/// Read a mapping file: `source<TAB>target` per line.
pub fn read_map(path: &Path) -> Result<Vec<(PathBuf, PathBuf)>, AlignError> {
    let text = super::read_text(path)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let Some((a, b)) = l.split_once('\t') else {
            return Err(AlignError::Invalid {
                path: path.to_path_buf(),
                line: i + 1,
                column: 1,
                message: "expected `source name<TAB>target name`".into(),
            });
        };
        out.push((PathBuf::from(a.trim()), PathBuf::from(b.trim())));
    }
    Ok(out)
}

/// Pair the documents of two folders (relative paths, see the module
/// documentation for the rules).
pub fn pair(
    source: &[PathBuf],
    target: &[PathBuf],
    source_lang: &str,
    target_lang: &str,
    map: &[(PathBuf, PathBuf)],
) -> Pairing {
    let mut src: Vec<Option<&PathBuf>> = source.iter().map(Some).collect();
    let mut tgt: Vec<Option<&PathBuf>> = target.iter().map(Some).collect();
    let mut pairs: Vec<(PathBuf, PathBuf, Option<PairedBy>)> = Vec::new();
    let mut take = |src: &mut Vec<Option<&PathBuf>>,
                    tgt: &mut Vec<Option<&PathBuf>>,
                    i: usize,
                    j: usize,
                    by: PairedBy| {
        pairs.push((
            src[i].take().expect("unpaired").clone(),
            tgt[j].take().expect("unpaired").clone(),
            Some(by),
        ));
    };
    // 1. mapping file
    for (a, b) in map {
        let i = src.iter().position(|p| p.is_some_and(|p| p == a));
        let j = tgt.iter().position(|p| p.is_some_and(|p| p == b));
        if let (Some(i), Some(j)) = (i, j) {
            take(&mut src, &mut tgt, i, j, PairedBy::Map);
        }
    }
    // 2. same name, 3. same name without language markers
    for by in [PairedBy::Name, PairedBy::LanguageMarker] {
        let key = |p: &Path, lang: &str| match by {
            PairedBy::Name => p.to_string_lossy().to_string(),
            _ => unmarked(p, lang),
        };
        let mut index: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (j, p) in tgt.iter().enumerate() {
            if let Some(p) = p {
                index.entry(key(p, target_lang)).or_default().push(j);
            }
        }
        for i in 0..src.len() {
            let Some(p) = src[i] else { continue };
            let k = key(p, source_lang);
            let Some(js) = index.get_mut(&k) else {
                continue;
            };
            if let Some(pos) = js.iter().position(|&j| tgt[j].is_some()) {
                let j = js.remove(pos);
                take(&mut src, &mut tgt, i, j, by);
            }
        }
    }
    // 4. same date and position
    let mut by_date: BTreeMap<String, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, p) in src.iter().enumerate() {
        if let Some(d) = p.and_then(|p| date_of(p)) {
            by_date.entry(d).or_default().0.push(i);
        }
    }
    for (j, p) in tgt.iter().enumerate() {
        if let Some(d) = p.and_then(|p| date_of(p)) {
            by_date.entry(d).or_default().1.push(j);
        }
    }
    for (is, js) in by_date.values() {
        if is.len() == js.len() {
            for (&i, &j) in is.iter().zip(js) {
                take(&mut src, &mut tgt, i, j, PairedBy::DatePosition);
            }
        }
    }
    pairs.sort();
    Pairing {
        pairs,
        unpaired_source: src.into_iter().flatten().cloned().collect(),
        unpaired_target: tgt.into_iter().flatten().cloned().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &[&str]) -> Vec<PathBuf> {
        v.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn pairs_by_name_marker_date_and_map() {
        let en = p(&[
            "a.html",
            "report.en.html",
            "2025-06-05-sanctions.md",
            "20240101-x.txt",
            "lonely.txt",
            "old/x.txt",
        ]);
        let fr = p(&[
            "a.html",
            "report.fr.html",
            "2025-06-05-sanctions-fr.md",
            "autre.txt",
            "20240101-voeux.txt",
            "old/y.txt",
        ]);
        let map = vec![(PathBuf::from("old/x.txt"), PathBuf::from("old/y.txt"))];
        let r = pair(&en, &fr, "en", "fr", &map);
        let got: Vec<(String, String, PairedBy)> = r
            .pairs
            .iter()
            .map(|(a, b, by)| {
                (
                    a.display().to_string(),
                    b.display().to_string(),
                    by.unwrap(),
                )
            })
            .collect();
        assert!(got.contains(&("a.html".into(), "a.html".into(), PairedBy::Name)));
        assert!(got.contains(&(
            "report.en.html".into(),
            "report.fr.html".into(),
            PairedBy::LanguageMarker
        )));
        assert!(got.contains(&(
            "2025-06-05-sanctions.md".into(),
            "2025-06-05-sanctions-fr.md".into(),
            PairedBy::DatePosition
        )));
        assert!(got.contains(&(
            "20240101-x.txt".into(),
            "20240101-voeux.txt".into(),
            PairedBy::DatePosition
        )));
        assert!(got.contains(&("old/x.txt".into(), "old/y.txt".into(), PairedBy::Map)));
        assert_eq!(r.unpaired_source, p(&["lonely.txt"]));
        assert_eq!(r.unpaired_target, p(&["autre.txt"]));
    }

    #[test]
    fn dates_are_recognised() {
        assert_eq!(
            date_of(Path::new("x/2025-06-05-a.md")),
            Some("20250605".into())
        );
        assert_eq!(date_of(Path::new("20250605.md")), Some("20250605".into()));
        assert_eq!(date_of(Path::new("2025-13-05.md")), None);
        assert_eq!(date_of(Path::new("1234567890.md")), None);
    }
}
