//! The translation memory: the store of record for approved translations.
//!
//! One XLIFF 2 file per target language, `corpus/memory/<lang>.xlf`, laid out
//! for git: units sorted by id, one unit per source sentence, the same bytes
//! for the same content, so an import changes only the units it touches.
//! A unit's id is `u` + the hash of its normalised source text; a second
//! translation of the same source for another context gets `-2`, `-3`...
//! Context (previous and next sentence, statement) is kept as XLIFF metadata
//! so that in-context (101 %) matches can be recognised.

pub mod adapt;
pub mod analyze;
pub mod cache;
pub mod index;
pub mod normalize;
pub mod placeable;
pub mod provenance;
pub mod score;
mod store;
pub mod tsv;

pub use provenance::Provenance;
pub use store::MemoryWriter;

use crate::model::{key_hash, CodedText};
use crate::xliff::{self, Document, File, Note, State, Unit};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum TmError {
    #[error(transparent)]
    Xliff(#[from] xliff::XliffError),
    #[error(transparent)]
    Write(#[from] crate::fsutil::WriteError),
    #[error("{path}: the memory is for {found}, expected {expected}")]
    Languages {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("{path}:{line}: unit `{id}`: {message}")]
    Unit {
        path: PathBuf,
        line: usize,
        id: String,
        message: String,
    },
}

/// Whether a translation may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Approval {
    /// Translated but not reviewed: used for matching, never published.
    Unreviewed,
    /// Approved for publication.
    Approved,
}

/// One translation unit of the memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmUnit {
    pub id: String,
    pub source: CodedText,
    pub target: CodedText,
    pub approval: Approval,
    /// Key of the previous and next source sentence where it was translated.
    pub prev: Option<String>,
    pub next: Option<String>,
    /// Slug of the statement it was translated for.
    pub statement: Option<String>,
    /// Where the translation came from (the imported file's name).
    pub origin: Option<String>,
    /// How it was obtained, by which import, when it was approved.
    pub provenance: Provenance,
    /// Line in the store (0 when not read from a file).
    pub line: usize,
}

impl TmUnit {
    pub fn key(&self) -> String {
        key_hash(&self.source)
    }

    /// The unit's context metadata, in the order the store writes it
    /// (`prev`, `next`, `statement`, `origin`; provenance follows).
    pub(crate) fn context_meta(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("prev", &self.prev),
            ("next", &self.next),
            ("statement", &self.statement),
            ("origin", &self.origin),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
    }
}

/// The memory of one language pair.
#[derive(Debug, Clone)]
pub struct Memory {
    pub path: PathBuf,
    pub source_lang: String,
    pub target_lang: String,
    units: Vec<TmUnit>,
    by_key: HashMap<String, Vec<usize>>,
}

/// How a stored translation relates to a segment being looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchClass {
    /// Same source with the same previous and next sentence (101 %).
    InContext,
    /// Same source text and inline codes (100 %).
    Exact,
    /// Same words; differences only in whitespace, typography, case,
    /// punctuation or inline codes, or changed placeables that could not be
    /// substituted (100 minus penalties, see [`score`]).
    Penalised,
    /// Only placeables differ; the target has the new values substituted in
    /// target-locale form (100 minus the placeable penalty).
    Substituted,
    /// Token-level edit distance (50–99, see [`score`]).
    Fuzzy,
}

impl MatchClass {
    /// The score of the class; for the classes whose score varies, the
    /// highest it can be (the match itself carries its score).
    pub fn score(self) -> u8 {
        match self {
            MatchClass::InContext => 101,
            MatchClass::Exact => 100,
            MatchClass::Penalised | MatchClass::Substituted | MatchClass::Fuzzy => 99,
        }
    }
}

/// Folder of reference memories (imported TMX/XLIFF/TSV) inside the memory
/// folder.
pub const REFERENCE_DIR: &str = "reference";

/// The units of every reference memory of a language pair:
/// `<memory dir>/reference/*.<target_lang>.xlf`, files sorted by name. They
/// are used for matching and pre-filling, never published (read for an
/// index only: no key table is built, nothing is copied).
pub fn load_references(
    dir: &Path,
    source_lang: &str,
    target_lang: &str,
) -> Result<Vec<TmUnit>, TmError> {
    let mut units = Vec::new();
    for p in reference_paths(dir, target_lang)? {
        // A match names the memory it comes from: `reference memory acts`.
        let label = reference_label(&p, target_lang);
        units.extend(
            read_units(&p, source_lang, target_lang)?
                .into_iter()
                .map(|mut u| {
                    u.origin = Some(label.clone());
                    u
                }),
        );
    }
    Ok(units)
}

/// What a match from a reference memory file names as its origin:
/// `reference memory <name>` for `reference/<name>.<lang>.xlf`.
pub fn reference_label(path: &Path, target_lang: &str) -> String {
    let suffix = format!(".{target_lang}.xlf");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().trim_end_matches(&suffix).to_string())
        .unwrap_or_default();
    format!("reference memory {name}")
}

/// What a match from the project memory names as its origin.
pub const PROJECT_MEMORY_LABEL: &str = "project memory";

/// The reference memory files of a language, sorted by name:
/// `<memory dir>/reference/*.<target_lang>.xlf`.
pub fn reference_paths(dir: &Path, target_lang: &str) -> Result<Vec<PathBuf>, TmError> {
    let rdir = dir.join(REFERENCE_DIR);
    let suffix = format!(".{target_lang}.xlf");
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&rdir) {
        Ok(e) => e
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .map(|n| n.to_string_lossy().ends_with(&suffix))
                    .unwrap_or(false)
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(source) => return Err(xliff::XliffError::Io { path: rdir, source }.into()),
    };
    paths.sort();
    Ok(paths)
}

/// The units of a memory file, in file order; a missing file has none.
pub(crate) fn read_units(
    path: &Path,
    source_lang: &str,
    target_lang: &str,
) -> Result<Vec<TmUnit>, TmError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(xliff::XliffError::Io {
                path: path.to_path_buf(),
                source,
            }
            .into())
        }
    };
    units_from_bytes(&bytes, path, source_lang, target_lang)
}

/// The units of a memory file's bytes, in file order.
pub(crate) fn units_from_bytes(
    bytes: &[u8],
    path: &Path,
    source_lang: &str,
    target_lang: &str,
) -> Result<Vec<TmUnit>, TmError> {
    let doc = xliff::read_memory_document(bytes, path)?;
    if doc.source_lang != source_lang || doc.target_lang.as_deref() != Some(target_lang) {
        return Err(TmError::Languages {
            path: path.to_path_buf(),
            found: format!(
                "{} → {}",
                doc.source_lang,
                doc.target_lang.unwrap_or_default()
            ),
            expected: format!("{source_lang} → {target_lang}"),
        });
    }
    let mut units = Vec::with_capacity(doc.units().count());
    for u in doc.files.into_iter().flat_map(|f| f.units) {
        let Some(target) = u.target else {
            return Err(TmError::Unit {
                path: path.to_path_buf(),
                line: u.line,
                id: u.id,
                message: "has no target".into(),
            });
        };
        let approval = match u.state {
            Some(State::Final) | Some(State::Reviewed) => Approval::Approved,
            Some(State::Translated) => Approval::Unreviewed,
            _ => {
                return Err(TmError::Unit {
                    path: path.to_path_buf(),
                    line: u.line,
                    id: u.id,
                    message: "state must be final, reviewed or translated".into(),
                })
            }
        };
        let mut meta = u.meta;
        let mut take = |k: &str| {
            meta.iter()
                .position(|(key, _)| key == k)
                .map(|i| meta.remove(i).1)
        };
        let provenance = Provenance::from_meta(&mut take).map_err(|message| TmError::Unit {
            path: path.to_path_buf(),
            line: u.line,
            id: u.id.clone(),
            message,
        })?;
        units.push(TmUnit {
            prev: take("prev"),
            next: take("next"),
            statement: take("statement"),
            origin: take("origin"),
            provenance,
            id: u.id,
            source: u.source,
            target,
            approval,
            line: u.line,
        });
    }
    Ok(units)
}

/// Path of the memory file for a target language.
pub fn memory_path(dir: &Path, target_lang: &str) -> PathBuf {
    dir.join(format!("{target_lang}.xlf"))
}

impl Memory {
    pub fn new(path: PathBuf, source_lang: &str, target_lang: &str) -> Memory {
        Memory {
            path,
            source_lang: source_lang.to_string(),
            target_lang: target_lang.to_string(),
            units: Vec::new(),
            by_key: HashMap::new(),
        }
    }

    /// Load `dir/<target_lang>.xlf`; a missing file is an empty memory.
    pub fn load(dir: &Path, source_lang: &str, target_lang: &str) -> Result<Memory, TmError> {
        Memory::load_file(memory_path(dir, target_lang), source_lang, target_lang)
    }

    /// [`Memory::load`] for reading only, through the memory's persistent
    /// index ([`cache::memory_units`]: the same units, lines and
    /// provenance, decoded from the index when it is fresh instead of
    /// parsed; the index rebuilt when it is not). Writers use
    /// [`MemoryWriter`], which always reads the file it rewrites.
    pub fn load_cached(
        dir: &Path,
        source_lang: &str,
        target_lang: &str,
    ) -> Result<Memory, TmError> {
        let path = memory_path(dir, target_lang);
        let units = cache::memory_units(dir, &path, source_lang, target_lang)?;
        Ok(Memory::from_units(path, source_lang, target_lang, units))
    }

    /// Load a memory file; a missing file is an empty memory.
    pub fn load_file(
        path: PathBuf,
        source_lang: &str,
        target_lang: &str,
    ) -> Result<Memory, TmError> {
        let units = read_units(&path, source_lang, target_lang)?;
        Ok(Memory::from_units(path, source_lang, target_lang, units))
    }

    /// A memory of `units` read from `path`, in file order.
    fn from_units(
        path: PathBuf,
        source_lang: &str,
        target_lang: &str,
        units: Vec<TmUnit>,
    ) -> Memory {
        let mut mem = Memory::new(path, source_lang, target_lang);
        mem.units.reserve(units.len());
        for u in units {
            mem.insert(u);
        }
        mem
    }

    fn insert(&mut self, unit: TmUnit) {
        let key = unit.key();
        self.insert_keyed(unit, key);
    }

    /// [`Memory::insert`] with the unit's key already computed.
    fn insert_keyed(&mut self, unit: TmUnit, key: String) {
        self.by_key.entry(key).or_default().push(self.units.len());
        self.units.push(unit);
    }

    fn reindex(&mut self) {
        self.units.sort_by(|a, b| a.id.cmp(&b.id));
        self.by_key.clear();
        for (i, u) in self.units.iter().enumerate() {
            self.by_key.entry(u.key()).or_default().push(i);
        }
    }

    /// The units, without the memory (for an index).
    pub fn into_units(self) -> Vec<TmUnit> {
        self.units
    }

    pub fn units(&self) -> &[TmUnit] {
        &self.units
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Units with the same normalised source.
    pub fn with_key(&self, key: &str) -> impl Iterator<Item = &TmUnit> {
        self.by_key
            .get(key)
            .into_iter()
            .flatten()
            .map(move |&i| &self.units[i])
    }

    /// The best stored translation of a source sentence: in context first,
    /// then exact; approved units before unreviewed ones; ties by unit id.
    pub fn lookup_exact(
        &self,
        key: &str,
        prev: Option<&str>,
        next: Option<&str>,
        approved_only: bool,
    ) -> Option<(&TmUnit, MatchClass)> {
        self.with_key(key)
            .filter(|u| !approved_only || u.approval == Approval::Approved)
            .map(|u| {
                let class = if u.prev.as_deref() == prev && u.next.as_deref() == next {
                    MatchClass::InContext
                } else {
                    MatchClass::Exact
                };
                (u, class)
            })
            .min_by(|a, b| {
                a.1.cmp(&b.1)
                    .then(b.0.approval.cmp(&a.0.approval))
                    .then(a.0.id.cmp(&b.0.id))
            })
    }

    /// Add or replace a translation.
    ///
    /// - A unit with the same source and exactly the same target is updated:
    ///   it takes the new context, and stays approved if it was (importing
    ///   a file again never withdraws an approval).
    /// - Otherwise a unit with the same source and context is replaced,
    ///   except that an unreviewed translation never replaces an approved
    ///   one: it is kept beside it, for a reviewer to approve
    ///   ([`Memory::approve`]).
    /// - Otherwise the translation is kept as an alternative for its own
    ///   context.
    ///
    /// Returns the unit's id and whether anything changed.
    pub fn upsert(&mut self, mut unit: TmUnit) -> (String, bool) {
        let key = unit.key();
        let existing: Vec<usize> = self.by_key.get(&key).cloned().unwrap_or_default();
        // Units without context (reference memories) are never replaced by
        // context: each different translation is kept.
        let has_ctx = unit.prev.is_some() || unit.next.is_some();
        let exact = crate::model::exact_key(&unit.target);
        let same_target = existing
            .iter()
            .copied()
            .find(|&i| crate::model::exact_key(&self.units[i].target) == exact);
        let same_ctx = |approval: Approval| {
            existing.iter().copied().find(|&i| {
                let u = &self.units[i];
                has_ctx && u.prev == unit.prev && u.next == unit.next && u.approval == approval
            })
        };
        let replace = match same_target {
            Some(i) => {
                let old = &self.units[i];
                let was_approved = old.approval == Approval::Approved;
                unit.provenance =
                    Provenance::merged(&old.provenance, &unit.provenance, was_approved);
                unit.approval = unit.approval.max(old.approval);
                Some(i)
            }
            None => match unit.approval {
                Approval::Approved => {
                    same_ctx(Approval::Approved).or_else(|| same_ctx(Approval::Unreviewed))
                }
                Approval::Unreviewed => same_ctx(Approval::Unreviewed),
            },
        };
        if let Some(i) = replace {
            unit.id = self.units[i].id.clone();
            unit.line = self.units[i].line;
            let changed = self.units[i] != unit;
            self.units[i] = unit;
            return (self.units[i].id.clone(), changed);
        }
        // Ids of other sources have other hashes: only units with the same
        // key can collide.
        let base = format!("u{key}");
        let mut id = base.clone();
        let mut n = 1;
        while existing.iter().any(|&i| self.units[i].id == id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        unit.id = id.clone();
        self.insert_keyed(unit, key);
        (id, true)
    }

    /// Remove every unit.
    pub fn clear(&mut self) {
        self.units.clear();
        self.by_key.clear();
    }

    /// Keep a unit without replacing any: a unit with the same source and
    /// exactly the same target is left as it is, anything else is added
    /// (reference memories keep every translation). Returns whether it was
    /// added.
    pub fn keep(&mut self, mut unit: TmUnit) -> bool {
        let key = unit.key();
        let existing: Vec<usize> = self.by_key.get(&key).cloned().unwrap_or_default();
        let exact = crate::model::exact_key(&unit.target);
        if existing
            .iter()
            .any(|&i| crate::model::exact_key(&self.units[i].target) == exact)
        {
            return false;
        }
        let base = format!("u{key}");
        let mut id = base.clone();
        let mut n = 1;
        while existing.iter().any(|&i| self.units[i].id == id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        unit.id = id;
        unit.line = 0;
        self.insert_keyed(unit, key);
        true
    }

    /// The unit with this id.
    pub fn get(&self, id: &str) -> Option<&TmUnit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// Approve an unreviewed unit. An approved unit with the same source and
    /// context is superseded and removed (its id is returned). `None` when
    /// there is no such unit or it is already approved.
    pub fn approve(&mut self, id: &str) -> Option<Vec<String>> {
        self.approve_at(id, None)
    }

    /// [`Memory::approve`], recording when (`at`, see
    /// [`crate::locale::now_utc`]) and that `diglot approve` did it.
    pub fn approve_at(&mut self, id: &str, at: Option<&str>) -> Option<Vec<String>> {
        let i = self.units.iter().position(|u| u.id == id)?;
        if self.units[i].approval == Approval::Approved {
            return None;
        }
        self.units[i].approval = Approval::Approved;
        if let Some(at) = at {
            let p = &mut self.units[i].provenance;
            p.approved = Some(at.to_string());
            p.approved_by = Some(provenance::ApprovedBy::Approve);
        }
        let u = &self.units[i];
        let has_ctx = u.prev.is_some() || u.next.is_some();
        let superseded: Vec<String> = self
            .with_key(&u.key())
            .filter(|o| {
                o.id != u.id
                    && has_ctx
                    && o.approval == Approval::Approved
                    && o.prev == u.prev
                    && o.next == u.next
            })
            .map(|o| o.id.clone())
            .collect();
        if !superseded.is_empty() {
            self.remove(&superseded);
        }
        Some(superseded)
    }

    /// Remove units by id; returns how many were removed.
    pub fn remove(&mut self, ids: &[String]) -> usize {
        let before = self.units.len();
        self.units.retain(|u| !ids.contains(&u.id));
        self.reindex();
        before - self.units.len()
    }

    /// The memory as an XLIFF 2 document, units sorted by id.
    pub fn to_document(&self) -> Document {
        let mut units: Vec<&TmUnit> = self.units.iter().collect();
        units.sort_by(|a, b| a.id.cmp(&b.id));
        let units = units
            .into_iter()
            .map(|u| {
                let mut x = Unit::new(u.id.clone(), u.source.clone());
                x.target = Some(u.target.clone());
                x.state = Some(match u.approval {
                    Approval::Approved => State::Final,
                    Approval::Unreviewed => State::Translated,
                });
                x.meta.extend(
                    u.context_meta()
                        .map(|(k, v)| (k.to_string(), v.to_string())),
                );
                x.meta.extend(u.provenance.to_meta());
                x
            })
            .collect();
        Document {
            version: "2.1".into(),
            source_lang: self.source_lang.clone(),
            target_lang: Some(self.target_lang.clone()),
            files: vec![File {
                id: "memory".into(),
                original: None,
                units,
            }],
        }
    }
}

/// A note for translators.
pub fn note(category: &str, text: impl Into<String>) -> Note {
    Note {
        category: Some(category.to_string()),
        text: text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(src: &str, tgt: &str, prev: Option<&str>) -> TmUnit {
        TmUnit {
            id: String::new(),
            source: CodedText::plain(src),
            target: CodedText::plain(tgt),
            approval: Approval::Approved,
            prev: prev.map(String::from),
            next: None,
            statement: Some("s".into()),
            origin: None,
            provenance: Default::default(),
            line: 0,
        }
    }

    #[test]
    fn upsert_save_load_lookup() {
        let d = tempfile::tempdir().unwrap();
        let mut m = Memory::new(memory_path(d.path(), "fr"), "en", "fr");
        let (id1, changed) = m.upsert(unit("Hello.", "Bonjour.", Some("a")));
        assert!(changed && id1.starts_with('u'));
        let (id2, _) = m.upsert(unit("Hello.", "Salut.", Some("b")));
        assert_ne!(id1, id2);
        let (id3, changed) = m.upsert(unit("Hello.", "Bonjour !", Some("a")));
        assert_eq!(id3, id1);
        assert!(changed);
        m.save().unwrap();
        let first = std::fs::read(&m.path).unwrap();
        let m2 = Memory::load(d.path(), "en", "fr").unwrap();
        assert_eq!(m2.len(), 2);
        let key = key_hash(&CodedText::plain("Hello."));
        let (u, class) = m2.lookup_exact(&key, Some("b"), None, true).unwrap();
        assert_eq!(class, MatchClass::InContext);
        assert_eq!(u.target.text, "Salut.");
        let (_, class) = m2.lookup_exact(&key, Some("zzz"), None, true).unwrap();
        assert_eq!(class, MatchClass::Exact);
        m2.save().unwrap();
        assert_eq!(
            std::fs::read(&m2.path).unwrap(),
            first,
            "saving is deterministic"
        );
    }

    #[test]
    fn unreviewed_never_replaces_approved_and_approval_sticks() {
        let d = tempfile::tempdir().unwrap();
        let mut m = Memory::new(memory_path(d.path(), "fr"), "en", "fr");
        let (a, _) = m.upsert(unit("Hello.", "Bonjour.", Some("p")));
        // The same target again, unreviewed: stays approved, nothing changes.
        let mut again = unit("Hello.", "Bonjour.", Some("p"));
        again.approval = Approval::Unreviewed;
        assert_eq!(m.upsert(again), (a.clone(), false));
        assert_eq!(m.get(&a).unwrap().approval, Approval::Approved);
        // Another target, unreviewed, same context: kept beside it.
        let mut rev = unit("Hello.", "Salut.", Some("p"));
        rev.approval = Approval::Unreviewed;
        let (b, changed) = m.upsert(rev);
        assert!(changed && b != a);
        assert_eq!(m.len(), 2);
        let key = key_hash(&CodedText::plain("Hello."));
        let (pub_unit, _) = m.lookup_exact(&key, Some("p"), None, true).unwrap();
        assert_eq!(pub_unit.target.text, "Bonjour.");
        // Approving it supersedes the approved one.
        assert_eq!(m.approve(&b), Some(vec![a.clone()]));
        assert_eq!(m.len(), 1);
        assert_eq!(m.approve(&b), None, "already approved");
        // keep() never replaces: reference memories hold every translation.
        let mut r = Memory::new(memory_path(d.path(), "fr"), "en", "fr");
        assert!(r.keep(unit("Hello.", "Bonjour.", Some("p"))));
        assert!(r.keep(unit("Hello.", "Salut.", Some("p"))));
        assert!(!r.keep(unit("Hello.", "Salut.", Some("q"))));
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn wrong_languages_rejected() {
        let d = tempfile::tempdir().unwrap();
        let mut m = Memory::new(memory_path(d.path(), "fr"), "en", "fr");
        m.upsert(unit("A.", "B.", None));
        m.save().unwrap();
        assert!(matches!(
            Memory::load(d.path(), "de", "fr"),
            Err(TmError::Languages { .. })
        ));
    }
}
