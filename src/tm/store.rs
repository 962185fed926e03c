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

use super::{Approval, Memory, TmError};
use crate::fsutil::{self, Lock};
use crate::xliff::{self, State, Unit};
use std::path::PathBuf;

/// The metadata diglot keeps on a memory unit.
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
        && META_KEYS.iter().all(|k| old.meta(k) == new.meta(k))
}

impl Memory {
    /// The bytes of the memory file: spliced into the current file when
    /// there is one (unchanged units keep their bytes), else written anew.
    pub fn render(&self) -> Result<Vec<u8>, TmError> {
        let doc = self.to_document();
        match std::fs::read(&self.path) {
            Ok(bytes) => {
                if let Some(out) = xliff::rewrite_store(&bytes, &self.path, &doc, &same_content)? {
                    return Ok(out);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(xliff::XliffError::Io {
                    path: self.path.clone(),
                    source,
                }
                .into())
            }
        }
        Ok(xliff::write_v2(&doc).into_bytes())
    }

    /// Write the memory to its path, atomically and under its lock. A
    /// command that loads, changes and saves a memory uses
    /// [`MemoryWriter`] instead, which holds the lock from the load on.
    pub fn save(&self) -> Result<(), TmError> {
        let lock = fsutil::lock(&self.path)?;
        self.save_locked(&lock)
    }

    fn save_locked(&self, lock: &Lock) -> Result<(), TmError> {
        let bytes = self.render()?;
        fsutil::write_locked(lock, &bytes).map_err(|e| {
            crate::fsutil::WriteError {
                path: self.path.clone(),
                source: e.source,
            }
            .into()
        })
    }
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
