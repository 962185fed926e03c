//! Writing a memory: one writer at a time, lossless rewrites.
//!
//! [`MemoryWriter::open`] takes the memory file's lock (see
//! [`fsutil::lock`](crate::fsutil::lock)) and only then reads the file, so a
//! read–merge–write never loses another process's update;
//! [`MemoryWriter::save`] writes while still holding it. Every command that
//! changes a memory goes through it.
//!
//! A memory is written by splicing into the file it replaces
//! ([`xliff::rewrite_store`]): units whose content did not change keep their
//! bytes, with whatever a reviewer or another tool added to them.

use super::{Approval, Memory, TmError, TmUnit};
use crate::fsutil::{self, Lock};
use crate::xliff::{self, State, Unit};
use std::path::PathBuf;

/// The metadata diglot keeps on a memory unit (with those of
/// [`super::provenance::META_KEYS`]).
const META_KEYS: [&str; 4] = ["prev", "next", "statement", "origin"];

fn approval(s: Option<State>) -> Option<Approval> {
    match s {
        Some(State::Final) | Some(State::Reviewed) => Some(Approval::Approved),
        Some(State::Translated) => Some(Approval::Unreviewed),
        _ => None,
    }
}

/// Whether a unit read from the store (`old`) holds what the memory's unit
/// (`new`, as [`Memory::to_document`] writes it) holds, in diglot's terms.
fn same_content(old: &Unit, new: &Unit) -> bool {
    old.source == new.source
        && old.target == new.target
        && approval(old.state) == approval(new.state)
        && META_KEYS
            .iter()
            .chain(super::provenance::META_KEYS.iter())
            .all(|k| old.meta(k) == new.meta(k))
}

/// The memory folder of a memory file (for its index cache).
fn memory_dir(path: &std::path::Path) -> PathBuf {
    super::cache::memory_dir_of(path)
}

impl Memory {
    /// The bytes of the memory file: spliced into the current file when
    /// there is one (unchanged units keep their bytes), else written anew
    /// (the bytes [`Memory::save`] streams to the file).
    pub fn render(&self) -> Result<Vec<u8>, TmError> {
        if let Some(out) = self.splice()? {
            return Ok(out);
        }
        let mut out = Vec::new();
        self.write_to(&self.sorted(), &mut out, &mut |_| {})
            .expect("writing to memory cannot fail");
        Ok(out)
    }

    /// The current file with the memory spliced in, `None` when there is no
    /// file or it cannot be spliced (see [`xliff::rewrite_store`]).
    fn splice(&self) -> Result<Option<Vec<u8>>, TmError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => {
                let doc = self.to_document();
                Ok(xliff::rewrite_store(
                    bytes,
                    &self.path,
                    &doc,
                    &same_content,
                )?)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(xliff::XliffError::Io {
                path: self.path.clone(),
                source,
            }
            .into()),
        }
    }

    /// The units sorted by id: the order of a file written anew.
    fn sorted(&self) -> Vec<&TmUnit> {
        let mut units: Vec<&TmUnit> = self.units().iter().collect();
        units.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        units
    }

    /// Write the memory anew (what [`xliff::write_v2`] writes for
    /// [`Memory::to_document`], unit by unit, without building the
    /// document or holding the text): `units` are its units sorted by id
    /// ([`Memory::sorted`]); `chunk` sees every piece written. Returns the
    /// line of each unit's `<unit` tag.
    fn write_to<W: std::io::Write>(
        &self,
        units: &[&TmUnit],
        w: &mut W,
        chunk: &mut dyn FnMut(&[u8]),
    ) -> std::io::Result<Vec<usize>> {
        let has_meta = units.iter().any(|u| {
            u.prev.is_some()
                || u.next.is_some()
                || u.statement.is_some()
                || u.origin.is_some()
                || !u.provenance.is_empty()
        });
        let head = xliff::store_head(&self.source_lang, &self.target_lang, "memory", has_meta);
        let mut line = 1 + newlines(head.as_bytes());
        chunk(head.as_bytes());
        w.write_all(head.as_bytes())?;
        let mut lines = Vec::with_capacity(units.len());
        let mut buf = String::new();
        for u in units {
            buf.clear();
            let provenance = u.provenance.to_meta();
            let mut meta = [("", ""); META_KEYS.len() + super::provenance::META_KEYS.len()];
            let mut n = 0;
            for kv in u.context_meta() {
                meta[n] = kv;
                n += 1;
            }
            for (k, v) in &provenance {
                meta[n] = (k.as_str(), v.as_str());
                n += 1;
            }
            xliff::write_store_unit(
                &mut buf,
                &xliff::StoreUnit {
                    id: &u.id,
                    source: &u.source,
                    target: &u.target,
                    state: match u.approval {
                        Approval::Approved => State::Final,
                        Approval::Unreviewed => State::Translated,
                    },
                    meta: &meta[..n],
                },
            );
            lines.push(line);
            line += newlines(buf.as_bytes());
            chunk(buf.as_bytes());
            w.write_all(buf.as_bytes())?;
        }
        chunk(xliff::STORE_TAIL.as_bytes());
        w.write_all(xliff::STORE_TAIL.as_bytes())?;
        Ok(lines)
    }

    /// Write the memory to its path, atomically and under its lock. A
    /// command that loads, changes and saves a memory uses
    /// [`MemoryWriter`] instead, which holds the lock from the load on.
    pub fn save(&self) -> Result<(), TmError> {
        let lock = fsutil::lock(&self.path)?;
        self.save_locked(&lock)
    }

    fn save_locked(&self, lock: &Lock) -> Result<(), TmError> {
        let write_err = |e: fsutil::WriteError| fsutil::WriteError {
            path: self.path.clone(),
            source: e.source,
        };
        // The persistent index too, while the units are at hand (written
        // under the lock, so it describes these bytes).
        if let Some(bytes) = self.splice()? {
            fsutil::write_locked(lock, &bytes).map_err(write_err)?;
            super::cache::store(&memory_dir(&self.path), self, bytes);
            return Ok(());
        }
        // Written anew: streamed to the temporary file, hashed on the way
        // for the index, whose tables are built meanwhile (they need the
        // units in file order, not the bytes).
        let units = self.sorted();
        let dir = memory_dir(&self.path);
        let mut written = super::cache::Written::new();
        let (lines, part) = rayon::join(
            || {
                fsutil::write_locked_with(lock, |f| {
                    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
                    let lines = self.write_to(&units, &mut w, &mut |b| written.update(b))?;
                    std::io::Write::flush(&mut w)?;
                    Ok(lines)
                })
            },
            || super::cache::tables_to_store(&dir, self, &units),
        );
        let lines = lines.map_err(write_err)?;
        if let Some(part) = part {
            super::cache::store_streamed(&dir, self, &units, &lines, written, part);
        }
        Ok(())
    }
}

fn newlines(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

/// A memory loaded for a read–merge–write: its file's lock is held until
/// the writer is dropped. Dereferences to the [`Memory`].
#[derive(Debug)]
pub struct MemoryWriter {
    memory: Memory,
    lock: Lock,
}

impl MemoryWriter {
    /// Lock the memory file at `path` (waiting a bounded time for another
    /// diglot process writing it), then load it; a missing file is an empty
    /// memory.
    pub fn open(path: PathBuf, source_lang: &str, target_lang: &str) -> Result<Self, TmError> {
        let lock = fsutil::lock(&path)?;
        let memory = Memory::load_file(path, source_lang, target_lang)?;
        Ok(MemoryWriter { memory, lock })
    }

    /// Write the memory (lossless, atomic), keeping the lock.
    pub fn save(&self) -> Result<(), TmError> {
        self.memory.save_locked(&self.lock)
    }

    /// The memory, releasing the lock.
    pub fn into_memory(self) -> Memory {
        self.memory
    }
}

impl std::ops::Deref for MemoryWriter {
    type Target = Memory;
    fn deref(&self) -> &Memory {
        &self.memory
    }
}

impl std::ops::DerefMut for MemoryWriter {
    fn deref_mut(&mut self) -> &mut Memory {
        &mut self.memory
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CodedText;
    use crate::tm::{memory_path, TmUnit};
    use proptest::prelude::*;

    fn tm_unit(src: &str, tgt: &str, approved: bool, prev: Option<&str>) -> TmUnit {
        TmUnit {
            id: String::new(),
            source: CodedText::plain(src),
            target: CodedText::plain(tgt),
            approval: if approved {
                Approval::Approved
            } else {
                Approval::Unreviewed
            },
            prev: prev.map(str::to_string),
            next: None,
            statement: Some("s".into()),
            origin: Some("a.xlf".into()),
            provenance: Default::default(),
            line: 0,
        }
    }

    /// What a reviewer or another tool adds to a unit.
    #[derive(Debug, Clone, Copy)]
    enum Foreign {
        None,
        Comment,
        Attribute,
        Notes,
        Element,
    }

    fn foreign() -> impl Strategy<Value = Foreign> {
        prop_oneof![
            3 => Just(Foreign::None),
            1 => Just(Foreign::Comment),
            1 => Just(Foreign::Attribute),
            1 => Just(Foreign::Notes),
            1 => Just(Foreign::Element),
        ]
    }

    /// What the command does to a unit.
    #[derive(Debug, Clone, Copy)]
    enum Op {
        Keep,
        Retarget,
        Unapprove,
        Recontext,
        /// Record how it was obtained and approved (provenance metadata).
        Provenance,
        Remove,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => Just(Op::Keep),
            1 => Just(Op::Retarget),
            1 => Just(Op::Unapprove),
            1 => Just(Op::Recontext),
            1 => Just(Op::Provenance),
            1 => Just(Op::Remove),
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        "[a-zé&<>\"]{1,6}( [a-z'&]{1,6}){0,3}[.!?]"
    }

    /// The unit element with this id and what precedes it on its line.
    fn unit_span(xml: &str, id: &str) -> (usize, usize) {
        let s = xml.find(&format!("<unit id=\"{id}\"")).unwrap();
        let e = xml[s..].find("</unit>").unwrap() + s + "</unit>".len();
        (s, e)
    }

    /// Text with every kind of code diglot writes (`ph`, `pc`, isolated
    /// `sc`, display texts, native data) and characters that need escaping
    /// or that XML cannot carry. Code ids start with `prefix` (a source's and
    /// a target's code with the same id share their native data in XLIFF).
    fn coded(prefix: &'static str) -> impl Strategy<Value = CodedText> {
        use crate::model::{Code, CodeKind};
        prop::collection::vec(
            (
                "[a-z\u{e9}&<>\"' \n\r\t\u{1}\u{fffe}]{0,6}",
                0u8..6,
                "[a-z:/.&<\"]{0,5}",
            ),
            1..5,
        )
        .prop_map(move |parts| {
            let mut t = CodedText::default();
            for (k, (text, code, data)) in parts.into_iter().enumerate() {
                let id = format!("{prefix}{k}");
                match code {
                    0 | 1 => t.push_str(&text),
                    2 => {
                        t.push_str(&text);
                        t.push_code(Code::new(CodeKind::Standalone, &id, "image").with_data(data));
                    }
                    3 => {
                        t.push_code(Code::new(CodeKind::Open, &id, "link").with_data(data));
                        t.push_str(&text);
                        t.push_code(Code::new(CodeKind::Close, &id, "link"));
                    }
                    4 => {
                        t.push_code(Code::new(CodeKind::Open, &id, "x-mine:b"));
                        t.push_str(&text);
                    }
                    _ => {
                        let mut c = Code::new(CodeKind::Standalone, &id, "linebreak");
                        c.disp = Some(data);
                        t.push_code(c);
                        t.push_str(&text);
                    }
                }
            }
            t
        })
    }

    fn meta_value() -> impl Strategy<Value = Option<String>> {
        prop::option::of("[a-z0-9&<>\"\n -]{0,8}")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// A memory written anew is streamed to its file unit by unit: the
        /// bytes are those of `write_v2` over the memory's document, and
        /// the index written on the way is the memory as read back (lines
        /// of units whose text spans several lines included).
        #[test]
        fn streamed_store_is_the_document_written(
            units in prop::collection::vec(
                (
                    coded("s"), coded("t"), any::<bool>(),
                    meta_value(), meta_value(), meta_value(), meta_value(),
                    meta_value(), prop::option::of(50u8..102),
                ),
                0..12,
            ),
        ) {
            let d = tempfile::tempdir().unwrap();
            let path = d.path().join(crate::tm::REFERENCE_DIR).join("x.fr.xlf");
            let mut mem = Memory::new(path.clone(), "en", "fr");
            for (s, t, a, prev, next, statement, origin, candidate, score) in units {
                let provenance = crate::tm::provenance::Provenance {
                    score,
                    candidate,
                    ..Default::default()
                };
                mem.upsert(TmUnit {
                    id: String::new(),
                    source: s,
                    target: t,
                    approval: if a { Approval::Approved } else { Approval::Unreviewed },
                    prev,
                    next,
                    statement,
                    origin,
                    provenance,
                    line: 0,
                });
            }
            let expected = crate::xliff::write_v2(&mem.to_document());
            let rendered = String::from_utf8(mem.render().unwrap()).unwrap();
            prop_assert_eq!(&rendered, &expected);
            mem.save().unwrap();
            prop_assert_eq!(&std::fs::read_to_string(&path).unwrap(), &expected);
            // Saving again splices into that file: the same bytes.
            mem.save().unwrap();
            prop_assert_eq!(&std::fs::read_to_string(&path).unwrap(), &expected);
            let read = crate::tm::load_references(d.path(), "en", "fr").unwrap();
            let ix = crate::tm::cache::load_index(d.path(), "en", "fr", Vec::new()).unwrap();
            prop_assert_eq!(ix.units().map(|u| u.into_owned()).collect::<Vec<_>>(), read);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn untouched_units_keep_every_byte(
            units in prop::collection::vec((text(), text(), any::<bool>(), foreign(), op()), 1..16),
            added in prop::collection::vec((text(), text()), 0..4),
        ) {
            let d = tempfile::tempdir().unwrap();
            let path = memory_path(d.path(), "fr");
            let mut mem = Memory::new(path.clone(), "en", "fr");
            for (k, (s, t, a, _, _)) in units.iter().enumerate() {
                let mut u = tm_unit(s, t, *a, Some(&format!("p{k}")));
                if k % 2 == 0 {
                    // Half the units with provenance metadata from the start.
                    u.provenance.obtained = Some(crate::tm::provenance::Obtained::New);
                    u.provenance.imported = Some("2025-06-01T08:00:00Z".into());
                }
                mem.upsert(u);
            }
            mem.save().unwrap();
            let canonical = std::fs::read_to_string(&path).unwrap();
            // Foreign content, by unit id.
            let ids: Vec<String> = mem.units().iter().map(|u| u.id.clone()).collect();
            let mut xml = canonical.replacen("<xliff ", "<xliff xmlns:my=\"urn:x-my\" ", 1);
            let mut any_foreign = false;
            for (k, (_, _, _, f, _)) in units.iter().enumerate() {
                let Some(id) = ids.get(k) else { continue };
                let (s, e) = unit_span(&xml, id);
                let el = xml[s..e].to_string();
                let seg = el.find("\n      <segment").unwrap();
                let new = match f {
                    Foreign::None => continue,
                    Foreign::Comment => format!("<!-- c{k} -->\n    {el}"),
                    Foreign::Attribute => el.replacen(">", &format!(" my:r=\"{k}\">"), 1),
                    Foreign::Notes => format!(
                        "{}\n      <notes>\n        <note category=\"r\">n{k} &amp; more</note>\n      </notes>{}",
                        &el[..seg], &el[seg..]
                    ),
                    Foreign::Element => format!(
                        "{}\n      <my:x  a='1'>\n   x{k} </my:x>{}",
                        &el[..seg], &el[seg..]
                    ),
                };
                any_foreign = true;
                xml.replace_range(s..e, &new);
            }
            std::fs::write(&path, &xml).unwrap();
            // The command: under the lock, on the file as it is.
            let mut w = MemoryWriter::open(path.clone(), "en", "fr").unwrap();
            let mut untouched = Vec::new();
            let mut removed = Vec::new();
            for (k, (_, _, _, f, o)) in units.iter().enumerate() {
                let Some(id) = ids.get(k) else { continue };
                let Some(u) = w.units().iter().find(|u| &u.id == id).cloned() else { continue };
                let mut nu = u.clone();
                match o {
                    Op::Keep => {
                        untouched.push((id.clone(), *f));
                        continue;
                    }
                    Op::Retarget => nu.target = CodedText::plain(format!("{} (r)", u.target.text)),
                    Op::Unapprove => nu.approval = Approval::Unreviewed,
                    Op::Recontext => nu.origin = Some("b.xlf".into()),
                    Op::Provenance => {
                        nu.provenance = crate::tm::Provenance {
                            obtained: Some(crate::tm::provenance::Obtained::FuzzyEdited),
                            score: Some(80 + (k % 20) as u8),
                            candidate: Some(format!("{} <&> (c{k})", u.target.text)),
                            import: Some(format!("{k:016x}")),
                            imported: Some("2025-06-05T10:30:00Z".into()),
                            approved: Some("2025-06-06T10:30:00Z".into()),
                            approved_by: Some(crate::tm::provenance::ApprovedBy::Approve),
                        }
                    }
                    Op::Remove => {
                        removed.push(id.clone());
                        continue;
                    }
                }
                let (_, changed) = w.upsert(nu);
                if !changed {
                    untouched.push((id.clone(), *f));
                }
            }
            w.remove(&removed);
            for (s, t) in &added {
                w.upsert(tm_unit(s, t, true, None));
            }
            w.save().unwrap();
            let expected: Vec<TmUnit> = w.units().to_vec();
            drop(w);
            let out = std::fs::read_to_string(&path).unwrap();
            // 1. It reads back as the memory that was saved.
            let back = Memory::load_file(path.clone(), "en", "fr").unwrap();
            let strip = |v: &[TmUnit]| {
                let mut v: Vec<TmUnit> = v.iter().cloned().map(|mut u| { u.line = 0; u }).collect();
                v.sort_by(|a, b| a.id.cmp(&b.id));
                v
            };
            prop_assert_eq!(strip(back.units()), strip(&expected));
            // 2. Untouched units keep every byte, foreign content included.
            for (id, f) in &untouched {
                let (s, e) = unit_span(&xml, id);
                let before = if matches!(f, Foreign::Comment) {
                    &xml[xml[..s].rfind("<!--").unwrap()..e]
                } else {
                    &xml[s..e]
                };
                prop_assert!(out.contains(before), "unit {} changed:\n{}\n---\n{}", id, before, out);
            }
            // 3. Without foreign content, the bytes are diglot's canonical ones.
            if !any_foreign {
                let fresh = crate::xliff::write_v2(&back.to_document());
                let mut out = out.replacen(" xmlns:my=\"urn:x-my\"", "", 1);
                // A splice keeps the root's declarations: the metadata
                // namespace stays declared when no unit is left to use it.
                let mda = format!(" xmlns:mda=\"{}\"", crate::xliff::NS_MDA);
                if !fresh.contains(&mda) {
                    out = out.replacen(&mda, "", 1);
                }
                prop_assert_eq!(&out, &fresh);
            }
            // 4. Changed units keep their foreign parts too.
            for (k, (_, _, _, f, o)) in units.iter().enumerate() {
                let Some(id) = ids.get(k) else { continue };
                if matches!(o, Op::Remove | Op::Keep) {
                    continue;
                }
                let (s, e) = unit_span(&out, id);
                let el = &out[s..e];
                let kept = match f {
                    Foreign::Attribute => el.contains(&format!("my:r=\"{k}\"")),
                    Foreign::Notes => el.contains(&format!("n{k} &amp; more")),
                    Foreign::Element => el.contains(&format!("x{k} </my:x>")),
                    Foreign::Comment => out.contains(&format!("<!-- c{k} -->")),
                    Foreign::None => true,
                };
                prop_assert!(kept, "unit {} lost its foreign content:\n{}", id, el);
            }
        }
    }
}
