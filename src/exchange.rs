//! Exchange and memory files given on the command line: size-limited
//! reading, TMX/XLIFF/TSV detection, and their translation pairs as
//! reference units. The commands that take such files (`import`, `validate`,
//! `xliff`, `pretranslate`, `tm import`, `--tm`) read them here.

use crate::model::CodedText;
use crate::tm::{Approval, TmUnit};
use crate::xliff::{self, XliffError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why an exchange or memory file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error(transparent)]
    Xliff(#[from] XliffError),
    /// The file is too large.
    #[error("{path}: {message}")]
    Content { path: PathBuf, message: String },
    /// Bad lines of a TSV file (every one, with its line number).
    #[error(transparent)]
    Tsv(#[from] crate::tm::tsv::TsvError),
    /// The file does not fit the project (language, options).
    #[error("{0}")]
    Usage(String),
}

/// Read an exchange file, refusing files larger than
/// [`xliff::MAX_INPUT_BYTES`].
pub fn read_limited(path: &Path) -> Result<Vec<u8>, ExchangeError> {
    read_at_most(path, xliff::MAX_INPUT_BYTES, "exchange files")
}

/// Read a translation-memory file (TMX, XLIFF or TSV given to `tm import`
/// or `--tm`), refusing files larger than [`xliff::MAX_MEMORY_BYTES`].
pub fn read_memory_file(path: &Path) -> Result<Vec<u8>, ExchangeError> {
    read_at_most(path, xliff::MAX_MEMORY_BYTES, "memory files")
}

fn read_at_most(path: &Path, limit: usize, what: &str) -> Result<Vec<u8>, ExchangeError> {
    let meta = std::fs::metadata(path).map_err(|source| XliffError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.len() > limit as u64 {
        return Err(ExchangeError::Content {
            path: path.to_path_buf(),
            message: format!(
                "the file is {} MiB; diglot reads {what} up to {} MiB: split it into smaller files",
                meta.len().div_ceil(1024 * 1024),
                limit / (1024 * 1024)
            ),
        });
    }
    std::fs::read(path).map_err(|source| {
        XliffError::Io {
            path: path.to_path_buf(),
            source,
        }
        .into()
    })
}

/// The text of a file in any encoding the XML readers accept (TSV, FTL).
pub fn decode_text(bytes: &[u8], path: &Path) -> Result<String, ExchangeError> {
    Ok(xliff::decode_text(bytes, path)?)
}

/// The kind of a translation-memory file, from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TmFileKind {
    Tmx,
    Xliff,
    Tsv,
}

/// Detect TMX, XLIFF or TSV from the first bytes of a file (any encoding
/// the XML readers accept; a BOM is skipped).
pub fn detect_tm_file(bytes: &[u8]) -> TmFileKind {
    // Only the first bytes are looked at (a memory can be hundreds of MB).
    let prefix = &bytes[..bytes.len().min(8192) & !1];
    let head = match prefix {
        [0xFF, 0xFE, ..] | [_, 0, ..] => encoding_rs::UTF_16LE.decode_with_bom_removal(prefix).0,
        [0xFE, 0xFF, ..] | [0, _, ..] => encoding_rs::UTF_16BE.decode_with_bom_removal(prefix).0,
        // UTF-8 and the single-byte encodings agree on ASCII markup.
        _ => String::from_utf8_lossy(prefix),
    };
    let lower = head.to_ascii_lowercase();
    if lower.contains("<tmx") {
        TmFileKind::Tmx
    } else if lower.contains("<xliff") {
        TmFileKind::Xliff
    } else {
        TmFileKind::Tsv
    }
}

/// Whether two language tags name the same language (`fr` and `fr-CA`).
pub fn same_lang(a: &str, b: &str) -> bool {
    let p = |s: &str| s.split(['-', '_']).next().unwrap_or(s).to_ascii_lowercase();
    a.eq_ignore_ascii_case(b) || p(a) == p(b)
}

/// The translation pairs of a TMX, XLIFF or TSV file, by target language
/// among `targets`.
pub fn read_tm_pairs(
    file: &Path,
    bytes: Vec<u8>,
    src: &str,
    targets: &[String],
    tsv_lang: Option<&str>,
    skipped: &mut usize,
) -> Result<BTreeMap<String, Vec<(CodedText, CodedText)>>, ExchangeError> {
    // target language → pairs
    let mut pairs: BTreeMap<String, Vec<(CodedText, CodedText)>> = BTreeMap::new();
    match detect_tm_file(&bytes) {
        TmFileKind::Tmx => {
            // The bytes become the text read (no copy of a large file).
            let doc = crate::tmx::read_tmx_owned(bytes, file).map_err(XliffError::from)?;
            return Ok(tmx_pairs(doc, src, targets, skipped));
        }
        TmFileKind::Xliff => {
            let doc = xliff::read_memory_document(&bytes, file)?;
            drop(bytes);
            let lang = doc.target_lang.clone().unwrap_or_default();
            let Some(lang) = targets.iter().find(|l| same_lang(l, &lang)).cloned() else {
                return Err(ExchangeError::Usage(format!(
                    "{}: target language `{lang}` is not one of this project's",
                    file.display()
                )));
            };
            for u in doc.units() {
                // A target in state `initial` was proposed, never confirmed
                // (the review files of `diglot align --import`): skipped.
                if u.state == Some(xliff::State::Initial) {
                    *skipped += 1;
                    continue;
                }
                match &u.target {
                    Some(t) if !t.text.trim().is_empty() && !u.source.text.trim().is_empty() => {
                        pairs
                            .entry(lang.clone())
                            .or_default()
                            .push((u.source.clone(), t.clone()))
                    }
                    _ => *skipped += 1,
                }
            }
        }
        TmFileKind::Tsv => {
            let lang = match tsv_lang {
                Some(l) => l.to_string(),
                None if targets.len() == 1 => targets[0].clone(),
                None => {
                    return Err(ExchangeError::Usage(format!(
                        "{}: a TSV file needs --lang",
                        file.display()
                    )))
                }
            };
            if !targets.contains(&lang) {
                return Err(ExchangeError::Usage(format!(
                    "`{lang}` is not a target language ({})",
                    targets.join(", ")
                )));
            }
            // The one TSV reader (strict: every bad line is an error naming
            // file:line). A UTF-16 file (with its BOM) is decoded first.
            let decoded;
            let utf8: &[u8] =
                if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                    decoded = decode_text(&bytes, file)?;
                    decoded.as_bytes()
                } else {
                    &bytes
                };
            let units = crate::tm::tsv::parse_tsv(utf8, file)?;
            pairs
                .entry(lang)
                .or_default()
                .extend(units.into_iter().map(|u| (u.source, u.target)));
        }
    }
    Ok(pairs)
}

/// The (source, target) pairs of a TMX document per target language.
fn tmx_pairs(
    mut doc: crate::tmx::TmxDocument,
    src: &str,
    targets: &[String],
    skipped: &mut usize,
) -> BTreeMap<String, Vec<(CodedText, CodedText)>> {
    let mut pairs: BTreeMap<String, Vec<(CodedText, CodedText)>> = BTreeMap::new();
    for (k, lang) in targets.iter().enumerate() {
        // The texts are moved out for the last language (the only
        // one, usually), cloned for the others.
        let last = k + 1 == targets.len();
        for u in &mut doc.units {
            let s = u.variants.iter().position(|v| same_lang(&v.lang, src));
            let t = u.variants.iter().position(|v| same_lang(&v.lang, lang));
            match (s, t) {
                (Some(s), Some(t))
                    if !u.variants[s].text.text.trim().is_empty()
                        && !u.variants[t].text.text.trim().is_empty() =>
                {
                    let pair = if last && s != t {
                        (
                            std::mem::take(&mut u.variants[s].text),
                            std::mem::take(&mut u.variants[t].text),
                        )
                    } else {
                        (u.variants[s].text.clone(), u.variants[t].text.clone())
                    };
                    pairs.entry(lang.clone()).or_default().push(pair)
                }
                _ => *skipped += 1,
            }
        }
    }
    pairs
}

/// A TM file read, and parsed when it is TMX (which needs no language).
pub struct TmFile {
    path: PathBuf,
    bytes: Vec<u8>,
    tmx: Option<crate::tmx::TmxDocument>,
}

impl TmFile {
    pub fn read(path: &Path) -> Result<TmFile, ExchangeError> {
        let bytes = read_limited(path)?;
        let tmx = match detect_tm_file(&bytes) {
            TmFileKind::Tmx => Some(crate::tmx::read_tmx(&bytes, path).map_err(XliffError::from)?),
            _ => None,
        };
        Ok(TmFile {
            path: path.to_path_buf(),
            bytes,
            tmx,
        })
    }

    /// Its units for one target language (as [`extra_units`]).
    pub fn units(
        self,
        src: &str,
        targets: &[String],
        lang: &str,
    ) -> Result<Vec<TmUnit>, ExchangeError> {
        let mut skipped = 0;
        let pairs = match self.tmx {
            Some(doc) => tmx_pairs(doc, src, targets, &mut skipped),
            None => read_tm_pairs(
                &self.path,
                self.bytes,
                src,
                targets,
                Some(lang),
                &mut skipped,
            )?,
        };
        Ok(reference_units(&self.path, pairs, lang))
    }
}

/// The units of a TMX, XLIFF or TSV file for one target language, as
/// unreviewed reference units (ids `x<file name>-<n>`).
pub fn extra_units(
    file: &Path,
    src: &str,
    targets: &[String],
    lang: &str,
) -> Result<Vec<TmUnit>, ExchangeError> {
    let bytes = read_memory_file(file)?;
    let mut skipped = 0;
    let pairs = read_tm_pairs(file, bytes, src, targets, Some(lang), &mut skipped)?;
    Ok(reference_units(file, pairs, lang))
}

/// The pairs of one language as unreviewed reference units of `file`.
fn reference_units(
    file: &Path,
    mut pairs: BTreeMap<String, Vec<(CodedText, CodedText)>>,
    lang: &str,
) -> Vec<TmUnit> {
    let origin = file.file_name().map(|n| n.to_string_lossy().to_string());
    pairs
        .remove(lang)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, (source, target))| TmUnit {
            id: format!("x{}-{}", origin.as_deref().unwrap_or("tm"), i + 1),
            source,
            target,
            approval: Approval::Unreviewed,
            prev: None,
            next: None,
            statement: None,
            origin: origin.clone(),
            provenance: Default::default(),
            line: 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tm_files_are_told_apart_by_their_first_bytes() {
        let tmx = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><body/></tmx>";
        let xlf = "<xliff version=\"1.2\"><file/></xliff>";
        let utf16 = |s: &str, le: bool| -> Vec<u8> {
            let mut v = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in s.encode_utf16() {
                v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            v
        };
        assert_eq!(detect_tm_file(tmx.as_bytes()), TmFileKind::Tmx);
        assert_eq!(detect_tm_file(xlf.as_bytes()), TmFileKind::Xliff);
        assert_eq!(detect_tm_file(&utf16(tmx, true)), TmFileKind::Tmx);
        assert_eq!(detect_tm_file(&utf16(xlf, false)), TmFileKind::Xliff);
        // Without a BOM.
        assert_eq!(detect_tm_file(&utf16(tmx, true)[2..]), TmFileKind::Tmx);
        assert_eq!(detect_tm_file(b"Hello\tBonjour\n"), TmFileKind::Tsv);
        // Only the start is read: a multi-byte character cut at 8 KiB is fine.
        let mut long = String::from("<tmx version=\"1.4\"><body>");
        long.push_str(&"é".repeat(10_000));
        assert_eq!(detect_tm_file(long.as_bytes()), TmFileKind::Tmx);
    }
}
