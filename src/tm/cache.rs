//! The persistent index of memory files: a derived, disposable cache that
//! makes every command that matches against a memory start in
//! milliseconds instead of parsing its XML.
//!
//! Each memory file (the project memory `<memory dir>/<lang>.xlf` and every
//! reference memory `<memory dir>/reference/*.<lang>.xlf`) gets one index
//! file in `<memory dir>/.cache/` (`fr.xlf.idx`, `reference/acts.fr.xlf.idx`)
//! and a small key file beside it (`….idx.key`). The folder ignores itself
//! in git (it holds a `.gitignore` of `*`) and may be deleted at any time:
//! deleting it changes nothing but speed.
//!
//! **Never stale.** The index file records the 128-bit xxh3 hash of the
//! memory file's bytes it was built from and the identity of the diglot
//! build that wrote it ([`build_id`]: a new diglot rebuilds the caches,
//! since its analysis may differ). The key file records the memory file's
//! size, modification and change times, inode and device next to that
//! hash, and when they were read. A cache is used when
//!
//! - the memory file's stat data equal the key's, and the memory file had
//!   been last modified at least [`RACY_NS`] before they were read (git's
//!   "racily clean" rule: a file changed again within the clock's
//!   granularity could keep its stat data), or else
//! - the hash of the memory file's bytes equals the index's (the key is
//!   then written again: a `git checkout` back to the same content, or a
//!   `touch`, costs one hash, not a rebuild).
//!
//! Otherwise the memory is parsed and its index built and written again.
//! An import, `check --fix`, a hand edit or a `git checkout` all change the
//! bytes or the stat data, so the next command sees them. Writers that
//! already hold a memory's units (`tm import`) write its index at once
//! ([`store`]), so that no later command has to parse the XML.
//!
//! **Layout.** A header (magic, format, diglot build, content hash, unit
//! count), a table of sections and the sections themselves, each 8-byte
//! aligned: the tables of [`Part`] as plain little-endian arrays, read in
//! place through a memory map (`memmap2`, cast by `bytemuck`), and the
//! units in a compact binary encoding decoded only for the units a command
//! reads. A lookup touches the pages of the tables it searches and of the
//! units it returns, not the whole file. Index files are written to a
//! temporary name and renamed, never changed in place, so a map is never
//! modified under a reader. A file that fails the structural checks on
//! opening is rebuilt.

use super::index::{Arr, Index, Pair, Part, Side, Units, Words};
use super::placeable::LanguagePlaceables;
use super::{Approval, TmError, TmUnit};
use crate::model::{Code, CodeKind, CodedText};
use crate::xliff;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Name of the cache folder inside the memory folder.
pub const CACHE_DIR: &str = ".cache";

const MAGIC: &[u8; 8] = b"DGLTIDX\x01";
const FORMAT: u32 = 2;
const SECTIONS: usize = 19;
const HEADER: usize = 64;

/// A memory file modified less than this before its key was written is
/// checked by content hash ("racily clean" in git's terms).
pub const RACY_NS: i128 = 2_000_000_000;

/// The identity of this build of diglot: its version and the executable's
/// size, modification time and inode (0 when they cannot be read: caches
/// are then neither trusted nor written). A new or rebuilt diglot rebuilds
/// the caches, since its analysis of the units may differ.
pub fn build_id() -> u64 {
    static ID: OnceLock<u64> = OnceLock::new();
    *ID.get_or_init(|| {
        let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) else {
            return 0;
        };
        let s = stat_of(&meta);
        let text = format!(
            "{} {FORMAT} {} {} {} {} {}",
            env!("CARGO_PKG_VERSION"),
            cfg!(target_endian = "little"),
            s.len,
            s.mtime_ns,
            s.ino,
            s.dev
        );
        xxhash_rust::xxh3::xxh3_64(text.as_bytes()).max(1)
    })
}

/// The index file of a memory file: `<memory dir>/.cache/<path relative to
/// the memory dir>.idx` (memory files outside the folder are not cached).
pub fn index_path(memory_dir: &Path, memory: &Path) -> Option<PathBuf> {
    let rel = memory.strip_prefix(memory_dir).ok()?;
    let mut name = rel.as_os_str().to_os_string();
    name.push(".idx");
    Some(memory_dir.join(CACHE_DIR).join(name))
}

/// The memory folder of a memory file: the folder of `<lang>.xlf`, or the
/// parent of the `reference` folder of a reference memory.
pub fn memory_dir_of(memory: &Path) -> PathBuf {
    let parent = memory.parent().unwrap_or(Path::new(""));
    if parent
        .file_name()
        .is_some_and(|n| n == super::REFERENCE_DIR)
    {
        parent.parent().unwrap_or(Path::new("")).to_path_buf()
    } else {
        parent.to_path_buf()
    }
}

fn key_path(index: &Path) -> PathBuf {
    let mut s = index.as_os_str().to_os_string();
    s.push(".key");
    PathBuf::from(s)
}

/// What the key file records of a memory file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Stat {
    len: u64,
    mtime_ns: i128,
    ctime_ns: i128,
    ino: u64,
    dev: u64,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Key {
    stat: Stat,
    /// When the stat data were read (ns since the epoch).
    checked_ns: i128,
    /// Hex of the 128-bit content hash.
    hash: String,
    build: u64,
}

fn stat_of(m: &std::fs::Metadata) -> Stat {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Stat {
            len: m.len(),
            mtime_ns: m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128,
            ctime_ns: m.ctime() as i128 * 1_000_000_000 + m.ctime_nsec() as i128,
            ino: m.ino(),
            dev: m.dev(),
        }
    }
    #[cfg(not(unix))]
    {
        let ns = |t: std::io::Result<std::time::SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128)
        };
        Stat {
            len: m.len(),
            mtime_ns: ns(m.modified()),
            ctime_ns: ns(m.created()),
            ino: 0,
            dev: 0,
        }
    }
}

fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// [`content_hash`] of a file, read in 1 MiB chunks.
pub(crate) fn file_hash(path: &Path) -> std::io::Result<u128> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(h.digest128());
        }
        h.update(&buf[..n]);
    }
}

/// How a memory file's index was obtained (for tests and `--verbose`
/// reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The cache matched the file's stat data.
    Cached,
    /// The stat data differed (or were racy) but the content hash matched.
    Verified,
    /// The memory was parsed and its index built (and written when the
    /// cache folder is writable).
    Built,
    /// The memory file does not exist.
    Missing,
}

/// The index part of one memory file, from its cache when fresh, else
/// parsed, built and written to the cache. A missing file gives `None`.
pub(crate) fn open_part(
    memory_dir: &Path,
    path: &Path,
    source_lang: &str,
    target_lang: &str,
) -> Result<(Option<Part>, Source), TmError> {
    let io = |source: std::io::Error| -> TmError {
        xliff::XliffError::Io {
            path: path.to_path_buf(),
            source,
        }
        .into()
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((None, Source::Missing)),
        Err(e) => return Err(io(e)),
    };
    let checked = now_ns();
    let build = build_id();
    let ipath = index_path(memory_dir, path);
    let stat = stat_of(&meta);
    if let Some(found) = fresh_part(
        ipath.as_deref(),
        path,
        &stat,
        checked,
        source_lang,
        target_lang,
    )
    .map_err(io)?
    {
        return Ok((Some(found.0), found.1));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    // Changed between the hash and the read: the index records what was
    // parsed.
    let hash = format!("{:032x}", content_hash(&bytes));
    let units = super::units_from_bytes(&bytes, path, source_lang, target_lang)?;
    drop(bytes);
    let part = Part::build(units, source_lang, &LanguagePlaceables);
    if let (Some(ip), true) = (&ipath, build != 0) {
        // Best effort: a read-only memory folder just goes without a cache.
        let Units::Owned(units) = &part.units else {
            unreachable!("a built part owns its units")
        };
        let encode = |i: usize, buf: &mut Vec<u8>| encode_unit(&units[i], buf);
        if write_index(
            ip,
            &part,
            units.len(),
            encode,
            &hash,
            source_lang,
            target_lang,
            build,
        )
        .is_ok()
        {
            write_key(ip, &stat, checked, &hash, build);
        }
    }
    Ok((Some(part), Source::Built))
}

/// The part of `index` (the index file of the memory file `path`, whose
/// stat data are `stat`) when it is fresh: its key file matches `stat`
/// (and was not written racily), or the index records the hash of the
/// memory file's bytes (the key is then written again). `Ok(None)`: there
/// is no usable index.
fn fresh_part(
    index: Option<&Path>,
    path: &Path,
    stat: &Stat,
    checked: i128,
    source_lang: &str,
    target_lang: &str,
) -> std::io::Result<Option<(Part, Source)>> {
    let build = build_id();
    let Some(ip) = index.filter(|_| build != 0) else {
        return Ok(None);
    };
    if let Some(key) = read_key(ip) {
        // Racily clean: modified so shortly before its stat data were
        // recorded that a later change could keep them.
        let racy = key.stat.mtime_ns + RACY_NS > key.checked_ns;
        if key.build == build && key.stat == *stat && !racy {
            if let Some(part) = open_file(ip, &key.hash, source_lang, target_lang) {
                return Ok(Some((part, Source::Cached)));
            }
        }
    }
    if !ip.is_file() {
        return Ok(None);
    }
    // The content hash, read in chunks: verifying a cache never holds the
    // memory file in memory (a 650 MB memory would cost its size in RSS).
    let hash = format!("{:032x}", file_hash(path)?);
    if let Some(part) = open_file(ip, &hash, source_lang, target_lang) {
        write_key(ip, stat, checked, &hash, build);
        return Ok(Some((part, Source::Verified)));
    }
    Ok(None)
}

/// The units of the memory file `path` (in file order, as
/// [`super::read_units`] gives them; none when it is missing) through its
/// persistent index ([`open_part`]): decoded from the index when it is
/// fresh, without parsing the XML (`build`, `export`, `status` and `check`
/// read the whole memory on every run); else parsed, with the index built
/// and written for the next command. Errors are those of parsing the file.
pub(crate) fn memory_units(
    memory_dir: &Path,
    path: &Path,
    source_lang: &str,
    target_lang: &str,
) -> Result<Vec<TmUnit>, TmError> {
    let (part, _) = open_part(memory_dir, path, source_lang, target_lang)?;
    let Some(mut part) = part else {
        return Ok(Vec::new());
    };
    match std::mem::replace(&mut part.units, Units::Owned(Vec::new())).into_vec() {
        Some(units) => Ok(units),
        // A unit that does not decode (the index changed under the map):
        // the file is read instead.
        None => super::read_units(path, source_lang, target_lang),
    }
}

/// Write the index of a memory that was just saved as `bytes`
/// ([`super::Memory::save`]), so that the next command need not parse it:
/// the units in file order (by id), with the line of each `<unit` tag in
/// the written file, as the reader would give them. Best effort: on any
/// failure the cache is left to be rebuilt by the next reader.
pub fn store(memory_dir: &Path, memory: &super::Memory, bytes: Vec<u8>) {
    let hash = content_hash(&bytes);
    // The units in file order with the line of each `<unit` start tag, by
    // the id in the tag (a rewrite keeps the file's order, which a hand
    // edit may have changed); anything unexpected leaves the cache to the
    // next reader.
    let by_id: std::collections::HashMap<&str, &TmUnit> =
        memory.units().iter().map(|u| (u.id.as_str(), u)).collect();
    let mut units: Vec<&TmUnit> = Vec::with_capacity(by_id.len());
    let mut lines = Vec::with_capacity(by_id.len());
    let mut line = 1usize;
    let mut from = 0usize;
    let finder = b"<unit ";
    while let Some(k) = bytes[from..]
        .windows(finder.len())
        .position(|w| w == finder)
    {
        line += bytes[from..from + k]
            .iter()
            .filter(|&&c| c == b'\n')
            .count();
        from += k + finder.len();
        let tag_end = bytes[from..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(bytes.len(), |e| from + e);
        let Some(id) = attr_value(&bytes[from..tag_end], b"id") else {
            return;
        };
        let Some(u) = std::str::from_utf8(id).ok().and_then(|id| by_id.get(id)) else {
            return;
        };
        units.push(u);
        lines.push(line);
    }
    let len = bytes.len() as u64;
    drop(bytes);
    if units.len() != by_id.len() {
        return;
    }
    drop(by_id);
    store_written(memory_dir, memory, &units, &lines, hash, len, None);
}

/// A memory file as it was written: its bytes' [`content_hash`] and
/// length (fed by [`Written::update`]).
pub(crate) struct Written {
    hash: xxhash_rust::xxh3::Xxh3,
    len: u64,
}

impl Written {
    /// Start before the first byte is written.
    pub(crate) fn new() -> Written {
        Written {
            hash: xxhash_rust::xxh3::Xxh3::new(),
            len: 0,
        }
    }

    /// The next bytes of the file.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.hash.update(bytes);
        self.len += bytes.len() as u64;
    }
}

/// The tables of the index of `memory` with `units` in file order, to
/// write with [`store_streamed`]; `None` when no index would be written
/// (the memory is outside `memory_dir`, or this build has no identity).
pub(crate) fn tables_to_store(
    memory_dir: &Path,
    memory: &super::Memory,
    units: &[&TmUnit],
) -> Option<Part> {
    index_path(memory_dir, &memory.path)?;
    (build_id() != 0).then(|| Part::tables(units, &memory.source_lang, &LanguagePlaceables))
}

/// Write the index of a memory that was just written ([`Written`]) with
/// `units` in file order, the `<unit` tag of each on `lines[i]`, and their
/// tables ([`tables_to_store`]). Best effort, as [`store`].
pub(crate) fn store_streamed(
    memory_dir: &Path,
    memory: &super::Memory,
    units: &[&TmUnit],
    lines: &[usize],
    written: Written,
    part: Part,
) {
    let hash = written.hash.digest128();
    store_written(
        memory_dir,
        memory,
        units,
        lines,
        hash,
        written.len,
        Some(part),
    );
}

/// Write the index of a memory file of `len` bytes hashing to `hash`
/// (`part`: its tables when already built).
fn store_written(
    memory_dir: &Path,
    memory: &super::Memory,
    units: &[&TmUnit],
    lines: &[usize],
    hash: u128,
    len: u64,
    part: Option<Part>,
) {
    let build = build_id();
    let path = &memory.path;
    let Some(ip) = index_path(memory_dir, path) else {
        return;
    };
    if build == 0 || units.len() != lines.len() {
        return;
    }
    let checked = now_ns();
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    if meta.len() != len {
        return;
    }
    let hash = format!("{hash:032x}");
    let part =
        part.unwrap_or_else(|| Part::tables(units, &memory.source_lang, &LanguagePlaceables));
    let encode = |i: usize, buf: &mut Vec<u8>| {
        let u = units[i];
        if u.line == lines[i] {
            encode_unit(u, buf);
        } else {
            encode_unit_at(u, lines[i], buf);
        }
    };
    if write_index(
        &ip,
        &part,
        units.len(),
        encode,
        &hash,
        &memory.source_lang,
        &memory.target_lang,
        build,
    )
    .is_ok()
    {
        write_key(&ip, &stat_of(&meta), checked, &hash, build);
    }
}

/// The value of attribute `name` in the attributes of a start tag, when it
/// needs no unescaping.
fn attr_value<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut i = 0;
    while i < tag.len() {
        let at = tag[i..].windows(name.len()).position(|w| w == name)? + i;
        let before_ok = at == 0 || tag[at - 1].is_ascii_whitespace();
        let mut j = at + name.len();
        while j < tag.len() && tag[j].is_ascii_whitespace() {
            j += 1;
        }
        if before_ok && tag.get(j) == Some(&b'=') {
            j += 1;
            while j < tag.len() && tag[j].is_ascii_whitespace() {
                j += 1;
            }
            let q = *tag.get(j)?;
            if q != b'"' && q != b'\'' {
                return None;
            }
            let end = tag[j + 1..].iter().position(|&c| c == q)? + j + 1;
            let v = &tag[j + 1..end];
            return (!v.contains(&b'&')).then_some(v);
        }
        i = at + name.len();
    }
    None
}

/// The index of a language: the project memory, then the reference
/// memories (sorted by file name), each from its cache, then `extra` units
/// (built in memory). Unit numbers and results are those of one index over
/// all these units in that order.
pub fn load_index(
    memory_dir: &Path,
    source_lang: &str,
    target_lang: &str,
    extra: Vec<TmUnit>,
) -> Result<Index, TmError> {
    let mut paths = vec![super::memory_path(memory_dir, target_lang)];
    paths.extend(super::reference_paths(memory_dir, target_lang)?);
    let mut parts = Vec::with_capacity(paths.len() + 1);
    for (k, p) in paths.iter().enumerate() {
        if let (Some(mut part), _) = open_part(memory_dir, p, source_lang, target_lang)? {
            // A match names the memory it comes from.
            part.label = Some(if k == 0 {
                super::PROJECT_MEMORY_LABEL.to_string()
            } else {
                super::reference_label(p, target_lang)
            });
            parts.push(part);
        }
    }
    if !extra.is_empty() {
        parts.push(Part::build(extra, source_lang, &LanguagePlaceables));
    }
    Ok(Index::from_parts(
        source_lang,
        target_lang,
        Arc::new(LanguagePlaceables),
        parts,
    ))
}

fn read_key(index: &Path) -> Option<Key> {
    let text = std::fs::read_to_string(key_path(index)).ok()?;
    serde_json::from_str(&text).ok()
}

fn write_key(index: &Path, stat: &Stat, checked_ns: i128, hash: &str, build: u64) {
    let key = Key {
        stat: stat.clone(),
        checked_ns,
        hash: hash.to_string(),
        build,
    };
    if let Ok(text) = serde_json::to_string(&key) {
        let _ = write_atomic(&key_path(index), |f| f.write_all(text.as_bytes()));
    }
}

/// Create the cache folder (ignored by git, tagged as a cache) and the
/// folder of `file` in it.
pub(crate) fn prepare_dir(file: &Path) -> std::io::Result<()> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.file_name().is_some_and(|n| n == CACHE_DIR) {
            if !d.exists() {
                std::fs::create_dir_all(d)?;
                std::fs::write(
                    d.join(".gitignore"),
                    "# diglot's index cache: safe to delete\n*\n",
                )?;
                std::fs::write(
                    d.join("CACHEDIR.TAG"),
                    "Signature: 8a477f597d28d172789f06886806bc55\n# diglot's index cache: safe to delete\n",
                )?;
            }
            break;
        }
        dir = d.parent();
    }
    if let Some(p) = file.parent() {
        std::fs::create_dir_all(p)?;
    }
    Ok(())
}

/// Write `path` through a temporary file in the same folder and a rename.
pub(crate) fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    prepare_dir(path)?;
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        fill(&mut f)?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Section writer: each section 8-byte aligned; records (offset, length).
struct Sections<'a> {
    w: std::io::BufWriter<&'a mut std::fs::File>,
    pos: u64,
    table: Vec<(u64, u64)>,
}

impl Sections<'_> {
    fn align(&mut self) -> std::io::Result<()> {
        let pad = (8 - self.pos % 8) % 8;
        self.w.write_all(&[0u8; 8][..pad as usize])?;
        self.pos += pad;
        Ok(())
    }

    fn raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.w.write_all(bytes)?;
        self.pos += bytes.len() as u64;
        Ok(())
    }

    fn section<T: bytemuck::Pod>(&mut self, v: &[T]) -> std::io::Result<()> {
        self.align()?;
        let start = self.pos;
        self.raw(bytemuck::cast_slice(v))?;
        self.table.push((start, self.pos - start));
        Ok(())
    }

    fn words(&mut self, w: &Words) -> std::io::Result<()> {
        self.section(&w.vocab)?;
        self.section(&w.off)?;
        self.section(&w.post)?;
        self.section(&w.count)
    }
}

/// Write the tables of a part and its `n` units (`encode(i, buf)` appends
/// unit `i`) as an index file.
#[allow(clippy::too_many_arguments)]
fn write_index(
    path: &Path,
    part: &Part,
    n: usize,
    mut encode: impl FnMut(usize, &mut Vec<u8>),
    hash: &str,
    source_lang: &str,
    target_lang: &str,
    build: u64,
) -> std::io::Result<()> {
    let hash = u128::from_str_radix(hash, 16).map_err(std::io::Error::other)?;
    let meta = serde_json::json!({ "source_lang": source_lang, "target_lang": target_lang });
    let meta = meta.to_string();
    write_atomic(path, |f| {
        let table_at = HEADER as u64;
        let meta_at = table_at + (SECTIONS * 16) as u64;
        let mut s = Sections {
            w: std::io::BufWriter::with_capacity(1 << 20, &mut *f),
            pos: 0,
            table: Vec::with_capacity(SECTIONS),
        };
        s.raw(&vec![0u8; meta_at as usize])?;
        s.raw(meta.as_bytes())?;
        s.section(&part.vocab)?;
        s.section(&part.exact)?;
        s.section(&part.near)?;
        s.section(&part.ord_unit)?;
        s.section(&part.seq_off)?;
        s.section(&part.seq)?;
        s.section(&part.len_start)?;
        s.section(&part.post_off)?;
        s.section(&part.post)?;
        // Units: the blob first, then its offsets.
        s.align()?;
        let blob_start = s.pos;
        let mut off: Vec<u64> = Vec::with_capacity(n + 1);
        off.push(0);
        let mut buf = Vec::new();
        for i in 0..n {
            buf.clear();
            encode(i, &mut buf);
            s.raw(&buf)?;
            off.push(s.pos - blob_start);
        }
        let blob = (blob_start, s.pos - blob_start);
        s.section(&off)?;
        s.table.push(blob);
        s.words(part.words(Side::Source))?;
        s.words(part.words(Side::Target))?;
        let table = std::mem::take(&mut s.table);
        s.w.flush()?;
        drop(s);
        debug_assert_eq!(table.len(), SECTIONS);
        let mut head = Vec::with_capacity(meta_at as usize);
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&FORMAT.to_le_bytes());
        head.extend_from_slice(&(SECTIONS as u32).to_le_bytes());
        head.extend_from_slice(&build.to_le_bytes());
        head.extend_from_slice(&hash.to_le_bytes());
        head.extend_from_slice(&(n as u64).to_le_bytes());
        head.extend_from_slice(&(meta.len() as u64).to_le_bytes());
        head.resize(HEADER, 0);
        for (o, l) in table {
            head.extend_from_slice(&o.to_le_bytes());
            head.extend_from_slice(&l.to_le_bytes());
        }
        f.seek(SeekFrom::Start(0))?;
        f.write_all(&head)?;
        Ok(())
    })
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// Open an index file, checking its header (format, build, content hash,
/// languages) and the structure of its tables; `None` when it is missing,
/// stale or damaged.
fn open_file(path: &Path, hash: &str, source_lang: &str, target_lang: &str) -> Option<Part> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: index files are only ever replaced by rename, never written in
    // place, so the mapped bytes do not change while mapped; every table is
    // bounds- and alignment-checked below before it is read.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let b: &[u8] = &map;
    let meta_at = HEADER + SECTIONS * 16;
    if b.len() < meta_at || &b[..8] != MAGIC {
        return None;
    }
    let format = u32::from_le_bytes(b[8..12].try_into().ok()?);
    let sections = u32::from_le_bytes(b[12..16].try_into().ok()?) as usize;
    let build = u64_at(b, 16);
    let stored = u128::from_le_bytes(b[24..40].try_into().ok()?);
    let n = u64_at(b, 40) as usize;
    let meta_len = u64_at(b, 48) as usize;
    if format != FORMAT
        || sections != SECTIONS
        || build != build_id()
        || format!("{stored:032x}") != hash
    {
        return None;
    }
    let meta: serde_json::Value =
        serde_json::from_slice(b.get(meta_at..meta_at.checked_add(meta_len)?)?).ok()?;
    if meta["source_lang"] != source_lang || meta["target_lang"] != target_lang {
        return None;
    }
    let mut table = Vec::with_capacity(SECTIONS);
    for i in 0..SECTIONS {
        let o = u64_at(b, HEADER + i * 16) as usize;
        let l = u64_at(b, HEADER + i * 16 + 8) as usize;
        if !o.is_multiple_of(8) || o.checked_add(l)? > b.len() {
            return None;
        }
        table.push((o, l));
    }
    let map = Arc::new(map);
    fn arr<T: bytemuck::Pod>(map: &Arc<memmap2::Mmap>, (o, l): (usize, usize)) -> Option<Arr<T>> {
        let size = std::mem::size_of::<T>();
        if !l.is_multiple_of(size)
            || !(map.as_ptr() as usize + o).is_multiple_of(std::mem::align_of::<T>())
        {
            return None;
        }
        Some(Arr::Mapped {
            map: map.clone(),
            start: o,
            len: l / size,
        })
    }
    let vocab: Arr<Pair> = arr(&map, table[0])?;
    let exact: Arr<Pair> = arr(&map, table[1])?;
    let near: Arr<Pair> = arr(&map, table[2])?;
    let ord_unit: Arr<u32> = arr(&map, table[3])?;
    let seq_off: Arr<u64> = arr(&map, table[4])?;
    let seq: Arr<u32> = arr(&map, table[5])?;
    let len_start: Arr<u32> = arr(&map, table[6])?;
    let post_off: Arr<u64> = arr(&map, table[7])?;
    let post: Arr<u32> = arr(&map, table[8])?;
    let unit_off: Arr<u64> = arr(&map, table[9])?;
    let blob: Arr<u8> = arr(&map, table[10])?;
    let words = |k: usize| -> Option<Words> {
        Some(Words {
            vocab: arr(&map, table[k])?,
            off: arr(&map, table[k + 1])?,
            post: arr(&map, table[k + 2])?,
            count: arr(&map, table[k + 3])?,
        })
    };
    let source_words = words(11)?;
    let target_words = words(15)?;
    let monotone = |v: &[u64], len: usize, end: usize| {
        v.len() == len && v.first() == Some(&0) && v.windows(2).all(|w| w[0] <= w[1]) && {
            v.last().is_some_and(|&l| l as usize <= end)
        }
    };
    let ok = exact.len() == n
        && near.len() == n
        && ord_unit.len() == n
        && ord_unit.iter().all(|&u| (u as usize) < n)
        && monotone(&seq_off, n + 1, seq.len())
        && !len_start.is_empty()
        && len_start.windows(2).all(|w| w[0] <= w[1])
        && len_start.last().is_some_and(|&l| l as usize <= n)
        && monotone(&post_off, vocab.len() + 1, post.len())
        && monotone(&unit_off, n + 1, blob.len())
        && [&source_words, &target_words].iter().all(|w| {
            // Posting values are checked where they are read.
            w.count.len() == n && monotone(&w.off, w.vocab.len() + 1, w.post.len())
        });
    if !ok {
        return None;
    }
    Some(Part::from_tables(
        Units::Mapped {
            off: unit_off,
            blob,
            path: path.to_path_buf(),
        },
        vocab,
        exact,
        near,
        ord_unit,
        seq_off,
        seq,
        len_start,
        post_off,
        post,
        source_words,
        target_words,
    ))
}

// The unit encoding: LEB128 lengths, UTF-8 strings, one byte for options
// and enums.

fn put_len(mut n: usize, out: &mut Vec<u8>) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn put_str(s: &str, out: &mut Vec<u8>) {
    put_len(s.len(), out);
    out.extend_from_slice(s.as_bytes());
}

fn put_opt(s: &Option<String>, out: &mut Vec<u8>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(s, out);
        }
        None => out.push(0),
    }
}

fn put_coded(t: &CodedText, out: &mut Vec<u8>) {
    put_str(&t.text, out);
    put_len(t.codes.len(), out);
    for c in &t.codes {
        out.push(match c.kind {
            CodeKind::Open => 0,
            CodeKind::Close => 1,
            CodeKind::Standalone => 2,
        });
        put_str(&c.id, out);
        put_str(&c.ctype, out);
        put_opt(&c.data, out);
        put_opt(&c.disp, out);
    }
}

pub(crate) fn encode_unit(u: &TmUnit, out: &mut Vec<u8>) {
    encode_unit_at(u, u.line, out)
}

/// [`encode_unit`] with the unit on `line` (no copy of the unit).
fn encode_unit_at(u: &TmUnit, line: usize, out: &mut Vec<u8>) {
    put_str(&u.id, out);
    put_coded(&u.source, out);
    put_coded(&u.target, out);
    out.push(match u.approval {
        Approval::Unreviewed => 0,
        Approval::Approved => 1,
    });
    put_opt(&u.prev, out);
    put_opt(&u.next, out);
    put_opt(&u.statement, out);
    put_opt(&u.origin, out);
    let meta = u.provenance.to_meta();
    put_len(meta.len(), out);
    for (k, v) in &meta {
        put_str(k, out);
        put_str(v, out);
    }
    put_len(line, out);
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.b.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn len(&mut self) -> Option<usize> {
        let mut n: usize = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= ((b & 0x7f) as usize).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn str(&mut self) -> Option<String> {
        let n = self.len()?;
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        String::from_utf8(s.to_vec()).ok()
    }

    fn opt(&mut self) -> Option<Option<String>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(self.str()?)),
            _ => None,
        }
    }

    fn coded(&mut self) -> Option<CodedText> {
        let text = self.str()?;
        let n = self.len()?;
        let mut codes = Vec::with_capacity(n.min(64));
        for _ in 0..n {
            let kind = match self.byte()? {
                0 => CodeKind::Open,
                1 => CodeKind::Close,
                2 => CodeKind::Standalone,
                _ => return None,
            };
            let mut c = Code::new(kind, self.str()?, self.str()?);
            c.data = self.opt()?;
            c.disp = self.opt()?;
            codes.push(c);
        }
        Some(CodedText { text, codes })
    }
}

/// Decode a unit written by [`encode_unit`]; `None` when the bytes are not
/// one.
pub(crate) fn decode_unit(b: &[u8]) -> Option<TmUnit> {
    let mut r = Reader { b, at: 0 };
    let u = TmUnit {
        id: r.str()?,
        source: r.coded()?,
        target: r.coded()?,
        approval: match r.byte()? {
            0 => Approval::Unreviewed,
            1 => Approval::Approved,
            _ => return None,
        },
        prev: r.opt()?,
        next: r.opt()?,
        statement: r.opt()?,
        origin: r.opt()?,
        provenance: {
            let n = r.len()?;
            let mut meta = Vec::with_capacity(n.min(16));
            for _ in 0..n {
                meta.push((r.str()?, r.str()?));
            }
            super::Provenance::from_meta(|k| {
                meta.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone())
            })
            .ok()?
        },
        line: r.len()?,
    };
    (r.at == b.len()).then_some(u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::index::Side;

    fn unit(id: &str, src: &str, tgt: &str) -> TmUnit {
        TmUnit {
            id: id.into(),
            source: CodedText::plain(src),
            target: CodedText::plain(tgt),
            approval: Approval::Approved,
            prev: Some("p".into()),
            next: None,
            statement: Some("st".into()),
            origin: None,
            provenance: crate::tm::Provenance {
                obtained: Some(crate::tm::provenance::Obtained::FuzzyEdited),
                score: Some(87),
                candidate: Some(format!("{tgt} (candidate)")),
                import: Some("0f1e2d3c4b5a6978".into()),
                imported: Some("2025-06-05T10:30:00Z".into()),
                approved: Some("2025-06-05T10:30:00Z".into()),
                approved_by: Some(crate::tm::provenance::ApprovedBy::ImportApprove),
            },
            line: 12,
        }
    }

    /// A generated memory in three files (project memory and two reference
    /// memories) with units for every match class; returns the units in
    /// index order.
    fn generated(dir: &Path) -> Vec<TmUnit> {
        let words = [
            "Court",
            "Prosecutor",
            "judges",
            "sanctions",
            "statement",
            "victims",
            "States",
            "independence",
            "justice",
            "Assembly",
            "situation",
            "warrant",
            "Chamber",
            "investigation",
            "cooperation",
            "Rome",
            "Statute",
            "members",
            "civil",
            "society",
        ];
        let mut files: Vec<super::super::Memory> = vec![
            super::super::Memory::new(super::super::memory_path(dir, "fr"), "en", "fr"),
            super::super::Memory::new(dir.join("reference/a.fr.xlf"), "en", "fr"),
            super::super::Memory::new(dir.join("reference/b.fr.xlf"), "en", "fr"),
        ];
        for i in 0..600usize {
            let w = |k: usize| words[(i * 7 + k * 13) % words.len()];
            let src = match i % 6 {
                0 => format!(
                    "The {} and the {} met on {} June 2025.",
                    w(1),
                    w(2),
                    1 + i % 28
                ),
                1 => format!(
                    "On {} May 2024, {} {} issued {} decisions.",
                    1 + i % 27,
                    w(3),
                    w(4),
                    i
                ),
                2 => format!(
                    "The {} of the {} is *{}* to the {}.",
                    w(5),
                    w(6),
                    w(7),
                    w(8)
                ),
                3 => format!("{} {} {}", w(1), w(9), w(3)),
                4 => format!(
                    "See https://example.org/{} for the {} of {} {}.",
                    i,
                    w(2),
                    w(5),
                    w(6)
                ),
                _ => format!(
                    "The {} {} the {} of the {} for {} years.",
                    w(3),
                    w(1),
                    w(4),
                    w(9),
                    i % 40
                ),
            };
            let mut u = TmUnit {
                id: String::new(),
                source: CodedText::plain(&src),
                target: CodedText::plain(format!("FR {src}")),
                approval: if i % 5 == 0 {
                    Approval::Unreviewed
                } else {
                    Approval::Approved
                },
                prev: (i % 3 == 0).then(|| format!("k{}", i % 11)),
                next: (i % 4 == 0).then(|| format!("k{}", i % 13)),
                statement: Some(format!("s{}", i % 9)),
                origin: None,
                provenance: Default::default(),
                line: 0,
            };
            if i % 17 == 0 {
                u.source = CodedText::plain(src.to_uppercase());
            }
            files[i % 3].upsert(u);
        }
        let mut all = Vec::new();
        for m in &files {
            m.save().unwrap();
        }
        // Index order: the project memory, then reference files by name (as
        // read back: file order, with lines).
        all.extend(
            super::super::Memory::load(dir, "en", "fr")
                .unwrap()
                .into_units()
                .into_iter()
                .map(|mut u| {
                    u.origin = Some(super::super::PROJECT_MEMORY_LABEL.into());
                    u
                }),
        );
        all.extend(super::super::load_references(dir, "en", "fr").unwrap());
        all
    }

    /// Queries from the units: exact copies in and out of context, case
    /// changes, changed dates and numbers, one word changed, and misses.
    fn queries(units: &[TmUnit]) -> Vec<(String, Option<String>, Option<String>)> {
        let mut q = Vec::new();
        for (i, u) in units.iter().enumerate().step_by(7) {
            let t = u.source.text.clone();
            q.push((t.clone(), u.prev.clone(), u.next.clone()));
            q.push((t.clone(), None, None));
            q.push((t.to_lowercase(), None, None));
            q.push((
                t.replace("2025", "2026").replace("June", "July"),
                None,
                None,
            ));
            q.push((t.replacen("the", "a", 1), None, None));
            q.push((format!("{t} Nothing else {i}."), None, None));
        }
        q.push(("Completely unrelated words here.".into(), None, None));
        q
    }

    fn results(ix: &Index, units: &[TmUnit]) -> Vec<String> {
        queries(units)
            .iter()
            .map(|(t, p, n)| {
                let src = CodedText::plain(t);
                ix.lookup(&src, p.as_deref(), n.as_deref(), 50)
                    .iter()
                    .map(|m| format!("{m:?} => {:?}", m.target(ix)))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect()
    }

    #[test]
    fn cached_parts_equal_one_index() {
        let d = tempfile::tempdir().unwrap();
        let units = generated(d.path());
        let one = Index::build(units.clone(), "en", "fr");
        let expected = results(&one, &units);
        let classes: std::collections::BTreeSet<String> = queries(&units)
            .iter()
            .flat_map(|(t, p, n)| {
                one.lookup(&CodedText::plain(t), p.as_deref(), n.as_deref(), 50)
                    .into_iter()
                    .map(|m| format!("{:?}", m.class))
            })
            .collect();
        assert_eq!(
            classes.len(),
            5,
            "the queries reach every class: {classes:?}"
        );
        let mem = super::super::memory_path(d.path(), "fr");
        std::fs::remove_dir_all(d.path().join(CACHE_DIR)).unwrap();
        let (_, how) = open_part(d.path(), &mem, "en", "fr").unwrap();
        assert_eq!(how, Source::Built);
        let built = load_index(d.path(), "en", "fr", Vec::new()).unwrap();
        assert_eq!(results(&built, &units), expected);
        // Read again: every part from its mapped file.
        let (_, how) = open_part(d.path(), &mem, "en", "fr").unwrap();
        assert!(matches!(how, Source::Cached | Source::Verified), "{how:?}");
        let mapped = load_index(d.path(), "en", "fr", Vec::new()).unwrap();
        assert_eq!(mapped.len(), units.len());
        assert_eq!(results(&mapped, &units), expected);
        for (i, u) in units.iter().enumerate() {
            assert_eq!(&*mapped.unit(i), u);
        }
        // Extra units go last, as in one index over everything.
        let extra = vec![units[3].clone()];
        let mut all = units.clone();
        all.extend(extra.clone());
        let with_extra = load_index(d.path(), "en", "fr", extra).unwrap();
        assert_eq!(
            results(&with_extra, &units),
            results(&Index::build(all, "en", "fr"), &units)
        );
    }

    #[test]
    fn edits_are_seen_and_damage_is_rebuilt() {
        let d = tempfile::tempdir().unwrap();
        let mem = super::super::memory_path(d.path(), "fr");
        let mut m = super::super::Memory::new(mem.clone(), "en", "fr");
        m.upsert(unit(
            "u",
            "The Court is independent.",
            "La Cour est indépendante.",
        ));
        m.save().unwrap();
        let ix = load_index(d.path(), "en", "fr", Vec::new()).unwrap();
        assert_eq!(ix.unit(0).target.text, "La Cour est indépendante.");
        // A hand edit of the same size, straight after: the stat data may
        // not tell, the racy rule makes the content hash tell.
        let text = std::fs::read_to_string(&mem).unwrap();
        std::fs::write(&mem, text.replace("indépendante", "INDÉPENDANTE")).unwrap();
        let ix = load_index(d.path(), "en", "fr", Vec::new()).unwrap();
        assert_eq!(ix.unit(0).target.text, "La Cour est INDÉPENDANTE.");
        // A damaged index file is rebuilt, not trusted.
        let ip = index_path(d.path(), &mem).unwrap();
        let mut bytes = std::fs::read(&ip).unwrap();
        let at = bytes.len() / 2;
        bytes.truncate(at);
        std::fs::write(&ip, &bytes).unwrap();
        let (_, how) = open_part(d.path(), &mem, "en", "fr").unwrap();
        assert_eq!(how, Source::Built);
        // Deleting the cache folder changes nothing but speed.
        std::fs::remove_dir_all(d.path().join(CACHE_DIR)).unwrap();
        let ix = load_index(d.path(), "en", "fr", Vec::new()).unwrap();
        assert_eq!(ix.unit(0).target.text, "La Cour est INDÉPENDANTE.");
        assert!(d.path().join(CACHE_DIR).join(".gitignore").exists());
        // A missing memory is an empty index.
        std::fs::remove_file(&mem).unwrap();
        assert!(load_index(d.path(), "en", "fr", Vec::new())
            .unwrap()
            .is_empty());
    }

    #[test]
    fn concordance_ranks_phrases_first() {
        let units = vec![
            unit(
                "a",
                "The Court and the judges of the Court.",
                "La Cour et les juges de la Cour.",
            ),
            unit("b", "Judges of the Court.", "Les juges de la Cour."),
            unit(
                "c",
                "The court rules; the judges speak.",
                "La cour statue ; les juges parlent.",
            ),
            unit("d", "Nothing here.", "Rien ici."),
        ];
        let ix = Index::build(units, "en", "fr");
        let (hits, total) = ix.concordance("judges of the court", Side::Source, 10);
        assert_eq!(total, 2);
        let order: Vec<usize> = hits.iter().map(|h| h.unit).collect();
        assert_eq!(order, vec![1, 0]);
        assert!(hits[0].phrase && hits[1].phrase);
        let text = &ix.unit(0).source.text;
        assert_eq!(&text[hits[1].spans[0].clone()], "judges of the Court");
        // Phrases first (shorter first), then the units with the words apart.
        let (hits, total) = ix.concordance("the judges", Side::Source, 10);
        assert_eq!(total, 3);
        let order: Vec<(usize, bool)> = hits.iter().map(|h| (h.unit, h.phrase)).collect();
        assert_eq!(order, vec![(2, true), (0, true), (1, false)]);
        let (hits, _) = ix.concordance("the judges", Side::Source, 1);
        assert_eq!(hits.len(), 1);
        let (hits, _) = ix.concordance("LES JUGES", Side::Target, 10);
        assert_eq!(hits.len(), 3);
        assert_eq!(ix.concordance("absent", Side::Source, 10).1, 0);
    }

    #[test]
    fn stored_index_equals_read_memory() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("reference/x.fr.xlf");
        let mut m = super::super::Memory::new(path.clone(), "en", "fr");
        for i in 0..50 {
            m.upsert(unit(
                "",
                &format!("Sentence number {i} of the <b>Court</b>."),
                &format!("Phrase {i}."),
            ));
        }
        m.save().unwrap();
        let (_, how) = open_part(d.path(), &path, "en", "fr").unwrap();
        assert!(matches!(how, Source::Cached | Source::Verified), "{how:?}");
        let ix = load_index(d.path(), "en", "fr", Vec::new()).unwrap();
        let read = super::super::load_references(d.path(), "en", "fr").unwrap();
        assert_eq!(ix.units().map(|u| u.into_owned()).collect::<Vec<_>>(), read);
    }

    /// A memory read for reading through its index equals the memory
    /// parsed from the file, whatever state the cache is in: written by
    /// the save, missing (rebuilt), stale after a hand edit, damaged; a
    /// broken memory gives the parser's error, a missing one no units.
    #[test]
    fn memory_read_through_the_index_equals_the_parsed_one() {
        use super::super::Memory;
        let d = tempfile::tempdir().unwrap();
        let units = generated(d.path());
        assert!(units.len() > 100);
        let parsed = |dir: &Path| Memory::load(dir, "en", "fr").unwrap().into_units();
        let cached = |dir: &Path| Memory::load_cached(dir, "en", "fr").unwrap().into_units();
        let mem = super::super::memory_path(d.path(), "fr");
        let ip = index_path(d.path(), &mem).unwrap();
        // Written by the save (`store`).
        assert!(ip.is_file());
        let want = parsed(d.path());
        assert!(want.iter().any(|u| u.prev.is_some() && u.line > 0));
        assert_eq!(cached(d.path()), want);
        assert!(matches!(
            open_part(d.path(), &mem, "en", "fr").unwrap().1,
            Source::Cached | Source::Verified
        ));
        // Deleted: rebuilt by the read, then used.
        std::fs::remove_dir_all(d.path().join(CACHE_DIR)).unwrap();
        assert_eq!(cached(d.path()), want);
        assert!(ip.is_file());
        assert_eq!(cached(d.path()), want);
        // A hand edit of the same size, straight after.
        let text = std::fs::read_to_string(&mem).unwrap();
        let edited = text.replacen("FR ", "fr ", 1);
        assert_eq!(edited.len(), text.len());
        std::fs::write(&mem, &edited).unwrap();
        let after = parsed(d.path());
        assert_ne!(after, want);
        assert_eq!(cached(d.path()), after);
        // A damaged index.
        std::fs::write(&ip, b"DGLTIDX\x01garbage").unwrap();
        assert_eq!(cached(d.path()), after);
        // A broken memory: the parser's error, not a stale index.
        std::fs::write(&mem, edited.replacen("<unit", "<unit <", 1)).unwrap();
        let e = Memory::load_cached(d.path(), "en", "fr").unwrap_err();
        let p = Memory::load(d.path(), "en", "fr").unwrap_err();
        assert_eq!(e.to_string(), p.to_string());
        std::fs::remove_file(&mem).unwrap();
        assert!(cached(d.path()).is_empty());
    }

    #[test]
    fn streamed_hash_is_the_content_hash() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("m.xlf");
        let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&p, &bytes).unwrap();
        assert_eq!(file_hash(&p).unwrap(), content_hash(&bytes));
    }

    #[test]
    fn units_round_trip() {
        let mut u = unit("u1", "Hello \u{F0000}world\u{F0001}.", "Bonjour le monde.");
        u.source.codes = vec![
            Code::new(CodeKind::Open, "1", "emphasis").with_data("*"),
            Code::new(CodeKind::Close, "1", "emphasis"),
        ];
        let mut buf = Vec::new();
        encode_unit(&u, &mut buf);
        assert_eq!(decode_unit(&buf), Some(u));
        // Truncated or extended bytes are refused, never misread.
        for cut in 0..buf.len() {
            assert_eq!(decode_unit(&buf[..cut]), None, "cut at {cut}");
        }
        buf.push(0);
        assert_eq!(decode_unit(&buf), None);
    }
}
