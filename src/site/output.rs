//! Writing the site into its output folder, owning only what diglot wrote.
//!
//! The output folder holds a manifest, [`SITE_MARKER`] (`.diglot-site`):
//! the files diglot wrote there, one per line as the XXH3-64 hash of the
//! bytes written and the relative path. A build
//!
//! * refuses a folder that is not empty and has no manifest, and a manifest
//!   that lists nothing or lists a path diglot never writes (absolute, `..`,
//!   or through a dot-folder such as `.git/`): a planted marker authorises
//!   nothing;
//! * refuses to write a file where one exists that the manifest does not
//!   list (`CNAME`, a page someone added by hand) or whose bytes are no
//!   longer those diglot wrote (edited by hand), or through a folder that
//!   is a symbolic link;
//! * writes each new or changed file through a temporary file and a rename
//!   (a page is never half-written; unchanged files are not touched), then
//!   removes the files the previous build wrote that this one does not
//!   (when they still hold what it wrote), and the folders this leaves
//!   empty;
//! * keeps everything else: dot-folders (`.git/`), `CNAME`, `.nojekyll`.
//!
//! The manifest is first rewritten to list the previous and the new files
//! (a path may be listed with its old and its new hash), and at the end
//! only the new ones: a build that is interrupted leaves every page whole
//! and a manifest that still covers every file it wrote.
//! One build at a time writes a folder (the lock of
//! [`fsutil::lock`](crate::fsutil::lock) on the folder's path).

use super::OutputFile;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// Manifest of the files diglot wrote into an output folder.
pub const SITE_MARKER: &str = ".diglot-site";

const HEADER: &str =
    "# Written by `diglot build`: the files below (XXH3-64 of their bytes, path) are\n\
# replaced or removed by the next build while they hold these bytes; anything else here is kept.\n";

/// Path → hashes of the bytes diglot wrote there.
type Manifest = BTreeMap<String, BTreeSet<u64>>;

fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Files written in parallel between two progress reports.
const WRITE_CHUNK: usize = 128;

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct OutputError {
    pub path: PathBuf,
    pub message: String,
}

fn fail(path: &Path, message: impl Into<String>) -> OutputError {
    OutputError {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// A relative path as the manifest writes it (`/`-separated), or `None` when
/// it is not one diglot could have written: empty, absolute, with `.`,
/// `..` or a component starting with a dot.
fn manifest_path(p: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => {
                let s = s.to_str()?;
                if s.is_empty() || s.starts_with('.') || s.contains(['\n', '\r', '\\']) {
                    return None;
                }
                parts.push(s);
            }
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The files a manifest lists (comments and blank lines skipped).
fn read_manifest(marker: &Path) -> Result<Manifest, OutputError> {
    let text = std::fs::read_to_string(marker).map_err(|e| fail(marker, e.to_string()))?;
    let mut files = Manifest::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let entry = line.split_once("  ").and_then(|(h, p)| {
            let h = u64::from_str_radix(h, 16).ok().filter(|_| h.len() == 16)?;
            let ok = manifest_path(Path::new(p)).is_some_and(|m| m == p);
            ok.then_some((h, p))
        });
        let Some((h, p)) = entry else {
            return Err(fail(
                marker,
                format!(
                    "line {}: `{line}` is not the hash and path of a file diglot writes; refusing to use this marker (remove it, and whatever in the folder should go, to build here)",
                    n + 1
                ),
            ));
        };
        files.entry(p.to_string()).or_default().insert(h);
    }
    if files.is_empty() {
        return Err(fail(
            marker,
            "lists no file diglot wrote, so it authorises replacing nothing; remove it (and whatever in the folder should go) to build here",
        ));
    }
    Ok(files)
}

fn manifest_text(files: &Manifest) -> String {
    let mut s = String::from(HEADER);
    for (p, hashes) in files {
        for h in hashes {
            s.push_str(&format!("{h:016x}  {p}\n"));
        }
    }
    s
}

/// Whether the file at `path` holds bytes diglot wrote there (one of
/// `hashes`); `Ok(None)` when there is no file.
fn holds(path: &Path, hashes: Option<&BTreeSet<u64>>) -> std::io::Result<Option<(bool, u64)>> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
        Ok(m) if m.is_file() => {
            let h = hash(&std::fs::read(path)?);
            Ok(Some((hashes.is_some_and(|s| s.contains(&h)), h)))
        }
        // A link or anything else: what diglot wrote only if listed (a link
        // is replaced, never followed).
        Ok(_) => Ok(Some((hashes.is_some(), 0))),
    }
}

/// Whether every folder from `out` down to `rel`'s parent is a real folder
/// (no symbolic link, nothing else), where it exists.
fn real_folders(out: &Path, rel: &str) -> Result<(), String> {
    let mut p = out.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len() - 1] {
        p.push(part);
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(format!("{} is not a folder diglot wrote", p.display())),
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

/// Write `files` into `out` (see the module documentation). `root` is the
/// project folder, which the output folder must not contain.
pub fn write_site(
    root: &Path,
    out: &Path,
    files: &[OutputFile],
    progress: &dyn Fn(usize, usize),
) -> Result<(), OutputError> {
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let canon_out = out
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .map(|p| p.join(out.file_name().unwrap_or_default()))
        .unwrap_or_else(|| out.to_path_buf());
    if canon_root.starts_with(&canon_out) {
        return Err(fail(
            out,
            "the output folder would contain the project itself; choose another --out",
        ));
    }
    let _lock = crate::fsutil::lock(out).map_err(|e| fail(out, e.source.to_string()))?;
    let marker = out.join(SITE_MARKER);
    let old: Manifest = if out.exists() {
        if !out.is_dir() {
            return Err(fail(
                out,
                "exists and is not a folder; refusing to replace it",
            ));
        }
        if std::fs::symlink_metadata(&marker).is_ok() {
            read_manifest(&marker)?
        } else if std::fs::read_dir(out)
            .map_err(|e| fail(out, e.to_string()))?
            .next()
            .is_some()
        {
            return Err(fail(
                out,
                format!("exists and was not written by diglot (no {SITE_MARKER} file); refusing to write into it"),
            ));
        } else {
            Manifest::new()
        }
    } else {
        Manifest::new()
    };
    let mut new = Manifest::new();
    let mut keys = Vec::with_capacity(files.len());
    for f in files {
        let p = manifest_path(&f.path)
            .ok_or_else(|| fail(&out.join(&f.path), "not a path diglot may write"))?;
        new.entry(p.clone()).or_default().insert(hash(&f.bytes));
        keys.push(p);
    }
    // Files diglot did not write, or that changed since, are never
    // replaced; folders on the way must be real folders. Files that already
    // hold the new bytes are left alone.
    let checks: Vec<Result<bool, String>> = files
        .par_iter()
        .zip(&keys)
        .map(|(f, p)| {
            real_folders(out, p)?;
            let path = out.join(p);
            match holds(&path, old.get(p)).map_err(|e| format!("{}: {e}", path.display()))? {
                None => Ok(false),
                Some((true, h)) => Ok(h == hash(&f.bytes)),
                Some((false, _)) if old.contains_key(p) => {
                    Err(format!("{} changed since diglot wrote it", path.display()))
                }
                Some((false, _)) => Err(format!("{} was not written by diglot", path.display())),
            }
        })
        .collect();
    let mut foreign: Vec<String> = checks.iter().filter_map(|c| c.clone().err()).collect();
    if !foreign.is_empty() {
        foreign.sort();
        foreign.dedup();
        let n = foreign.len();
        foreign.truncate(10);
        return Err(fail(
            out,
            format!(
                "refusing to replace {n} file(s) diglot did not write: {}{}",
                foreign.join("; "),
                if n > 10 { "; …" } else { "" }
            ),
        ));
    }
    let unchanged: Vec<bool> = checks.into_iter().map(|c| c.unwrap_or(false)).collect();
    let io = |p: &Path, e: std::io::Error| fail(p, e.to_string());
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    // Temporary files of builds that were killed.
    let folders: BTreeSet<PathBuf> = new
        .keys()
        .filter_map(|p| out.join(p).parent().map(Path::to_path_buf))
        .collect();
    for d in folders {
        crate::fsutil::remove_stale_temps_in(&d);
    }
    let mut union = old.clone();
    for (p, h) in &new {
        union.entry(p.clone()).or_default().extend(h);
    }
    crate::fsutil::replace_file(&marker, manifest_text(&union).as_bytes(), true)
        .map_err(|e| io(&marker, e.source))?;
    let dirs: BTreeSet<&Path> = files
        .iter()
        .filter_map(|f| f.path.parent())
        .filter(|d| !d.as_os_str().is_empty())
        .collect();
    for d in dirs {
        std::fs::create_dir_all(out.join(d)).map_err(|e| io(&out.join(d), e))?;
    }
    let mut done = 0;
    let work: Vec<(&OutputFile, bool)> = files.iter().zip(unchanged).collect();
    for chunk in work.chunks(WRITE_CHUNK) {
        chunk.par_iter().try_for_each(|(f, same)| {
            if *same {
                return Ok(());
            }
            let dest = out.join(&f.path);
            write_page(&dest, &f.bytes).map_err(|e| io(&dest, e))
        })?;
        done += chunk.len();
        progress(done, files.len());
    }
    // What the previous build wrote and this one does not.
    for (p, hashes) in &old {
        if new.contains_key(p) || real_folders(out, p).is_err() {
            continue;
        }
        let path = out.join(p);
        // Still what diglot wrote: removed; edited since: kept.
        if !matches!(holds(&path, Some(hashes)), Ok(Some((true, _)))) {
            continue;
        }
        std::fs::remove_file(&path).map_err(|e| io(&path, e))?;
        // Folders this leaves empty (remove_dir fails on any other).
        let mut d = path.parent();
        while let Some(dir) = d.filter(|d| *d != out) {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
            d = dir.parent();
        }
    }
    crate::fsutil::replace_file(&marker, manifest_text(&new).as_bytes(), true)
        .map_err(|e| io(&marker, e.source))?;
    Ok(())
}

/// Put `bytes` at `dest` through a temporary file and a rename (a symbolic
/// link there is replaced, never written through; a hard-linked old copy
/// elsewhere keeps its bytes).
fn write_page(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dest.with_file_name(format!(".{name}.diglot-tmp-{}", std::process::id()));
    let r = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, dest));
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_are_plain_relative_paths() {
        assert_eq!(
            manifest_path(Path::new("fr/a/index.html")).as_deref(),
            Some("fr/a/index.html")
        );
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            ".git/config",
            "a/.b",
            "./a",
        ] {
            assert_eq!(manifest_path(Path::new(bad)), None, "{bad}");
        }
    }
}
