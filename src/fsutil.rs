//! Safe file output: one writer at a time, written to a temporary file
//! beside the target, synced, then renamed.
//!
//! * [`lock`] takes an advisory lock (`flock`, through `std::fs::File::lock`)
//!   on a lock file beside a target (`.<name>.diglot-lock`), waiting up to
//!   `DIGLOT_LOCK_WAIT` seconds (default 60) for another diglot process that
//!   holds it, with a message on standard error. A command that reads,
//!   merges and writes a file holds the lock for the whole sequence (and
//!   reads the file only once it holds it). The lock file is removed when
//!   the lock is released.
//! * [`write_locked`] / [`write_atomic`] write to `.<name>.diglot-tmp-<pid>`,
//!   fsync it, rename it over the target, then fsync the folder. The target
//!   keeps its permissions; a symbolic link is written through (its target
//!   is replaced, the link stays); a read-only target is refused. Temporary
//!   files left by killed diglot processes are removed.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// Environment variable: how many seconds to wait for another diglot
/// process writing the same file (default [`DEFAULT_WAIT`]).
pub const LOCK_WAIT_ENV: &str = "DIGLOT_LOCK_WAIT";
/// Default wait for a lock, in seconds.
pub const DEFAULT_WAIT: u64 = 60;

const LOCK_SUFFIX: &str = ".diglot-lock";
const TMP_MARK: &str = ".diglot-tmp-";

/// An exclusive lock on a target path, held until dropped.
#[derive(Debug)]
pub struct Lock {
    file: File,
    lock_path: PathBuf,
    /// The path the lock protects, links resolved.
    target: PathBuf,
}

impl Lock {
    /// The file the lock protects (a symbolic link's target).
    pub fn target(&self) -> &Path {
        &self.target
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held: a process waiting on this file notices
        // (the path no longer names its file) and opens a new one.
        let _ = std::fs::remove_file(&self.lock_path);
        let _ = self.file.unlock();
    }
}

fn dir_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// The path a write to `path` lands on: a symbolic link's final target
/// (relative links are resolved against the link's folder), else `path`.
pub fn resolve_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&p)?;
                p = if link.is_absolute() {
                    link
                } else {
                    dir_of(&p).join(link)
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// How long to wait for a lock: `DIGLOT_LOCK_WAIT` seconds, else 60.
fn lock_wait() -> Duration {
    let secs = std::env::var(LOCK_WAIT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(DEFAULT_WAIT as f64);
    Duration::from_secs_f64(secs.min(86_400.0))
}

/// What a lock file says about its holder: `pid <n>: <command line>`.
fn holder_line() -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut cmd = format!("diglot {}", args.join(" "));
    if cmd.len() > 200 {
        let mut cut = 200;
        while !cmd.is_char_boundary(cut) {
            cut -= 1;
        }
        cmd.truncate(cut);
        cmd.push('…');
    }
    format!("pid {}: {}\n", std::process::id(), cmd.replace('\n', " "))
}

/// Whether the lock file at `path` is still the file `f` (it was not
/// removed or replaced by the holder that released it).
#[cfg(unix)]
fn same_file(f: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (f.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

/// Take the exclusive lock of `path` (a file diglot writes), waiting a
/// bounded time for another diglot process holding it. Temporary files
/// that killed processes left beside the target are removed once it is
/// held.
pub fn lock(path: &Path) -> Result<Lock, WriteError> {
    lock_within(path, lock_wait())
}

/// [`lock`], waiting at most `wait`.
pub fn lock_within(path: &Path, wait: Duration) -> Result<Lock, WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let target = resolve_target(path).map_err(err)?;
    let dir = dir_of(&target);
    std::fs::create_dir_all(dir).map_err(err)?;
    let lock_path = dir.join(format!(".{}{LOCK_SUFFIX}", name_of(&target)));
    let start = Instant::now();
    let mut told = false;
    loop {
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(err)?;
        match file.try_lock() {
            Ok(()) => {
                if !same_file(&file, &lock_path) {
                    // Released and removed between our open and our lock.
                    continue;
                }
                let line = holder_line();
                let _ = file.set_len(0);
                let _ = file.write_all(line.as_bytes());
                let lock = Lock {
                    file,
                    lock_path,
                    target,
                };
                remove_stale_temps(&lock.target);
                return Ok(lock);
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&lock_path).unwrap_or_default();
                let holder = holder.trim();
                // "pid 123: diglot import a.xlf" -> "diglot import a.xlf (pid 123)"
                let who = match holder.split_once(": ") {
                    Some((pid, cmd)) => format!("another {cmd} ({pid})"),
                    None => "another diglot process".to_string(),
                };
                if start.elapsed() >= wait {
                    return Err(err(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        format!(
                            "{who} is still writing it after {} s; try again when it has finished (or set {LOCK_WAIT_ENV} to wait longer)",
                            wait.as_secs()
                        ),
                    )));
                }
                if !told {
                    eprintln!("waiting for {who} to finish writing {}…", path.display());
                    told = true;
                }
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(err(e)),
        }
    }
}

/// Whether a process id names a live process; `None` when this system
/// cannot tell.
fn process_alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        Some(proc.join(pid.to_string()).exists())
    } else {
        None
    }
}

/// Remove `.<name>.diglot-tmp-<pid>` files beside `target` whose process is
/// gone (called with the target's lock held: no live diglot process is
/// writing one of them, unless it ignores the lock).
fn remove_stale_temps(target: &Path) {
    remove_temps(dir_of(target), Some(&name_of(target)));
}

/// Remove the temporary files (`.<name>.diglot-tmp-<pid>`) of processes
/// that are gone from a folder diglot writes.
pub fn remove_stale_temps_in(dir: &Path) {
    remove_temps(dir, None);
}

fn remove_temps(dir: &Path, name: Option<&str>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().to_string();
        let Some((head, pid)) = file.rsplit_once(TMP_MARK) else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let ours = match name {
            Some(n) => head.strip_prefix('.') == Some(n),
            None => head.starts_with('.'),
        };
        if ours
            && pid != std::process::id()
            && process_alive(pid) != Some(true)
            && e.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Write `bytes` to `path` atomically, under its lock: the file either keeps
/// its old content or gets the new one, never a partial write.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let lock = lock(path)?;
    write_locked(&lock, bytes).map_err(|e| WriteError {
        path: path.to_path_buf(),
        source: e.source,
    })
}

/// Write `bytes` to the file `lock` protects, atomically (see the module
/// documentation).
pub fn write_locked(lock: &Lock, bytes: &[u8]) -> Result<(), WriteError> {
    replace_file(&lock.target, bytes, true)
}

/// [`write_locked`] with the content written by `fill` (streamed to the
/// temporary file: the content is never held whole); what `fill` returns
/// is returned once the file is in place.
pub fn write_locked_with<T>(
    lock: &Lock,
    fill: impl FnOnce(&mut File) -> std::io::Result<T>,
) -> Result<T, WriteError> {
    replace_file_with(&lock.target, true, fill)
}

/// Write `bytes` to `path` through a temporary file and a rename, keeping
/// the permissions of the file it replaces; a read-only file is refused.
/// `durable`: fsync the file before and the folder after the rename. The
/// caller holds the lock, or `path` is inside a folder it owns.
pub fn replace_file(path: &Path, bytes: &[u8], durable: bool) -> Result<(), WriteError> {
    replace_file_with(path, durable, |f| f.write_all(bytes))
}

/// [`replace_file`] with the content written by `fill` into the temporary
/// file.
pub fn replace_file_with<T>(
    path: &Path,
    durable: bool,
    fill: impl FnOnce(&mut File) -> std::io::Result<T>,
) -> Result<T, WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let dir = dir_of(path);
    std::fs::create_dir_all(dir).map_err(err)?;
    let old = match std::fs::symlink_metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(err(e)),
    };
    if let Some(m) = &old {
        if !m.is_file() {
            return Err(err(std::io::Error::other("not a regular file")));
        }
        if m.permissions().readonly() {
            return Err(err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "the file is read-only; make it writable (chmod u+w) to let diglot replace it",
            )));
        }
    }
    let tmp = dir.join(format!(
        ".{}{TMP_MARK}{}",
        name_of(path),
        std::process::id()
    ));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        let value = fill(&mut f)?;
        if let Some(m) = &old {
            f.set_permissions(m.permissions())?;
        }
        if durable {
            f.sync_all()?;
        }
        drop(f);
        std::fs::rename(&tmp, path)?;
        if durable {
            sync_dir(dir)?;
        }
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// fsync a folder, so that a rename inside it survives a crash.
#[cfg(unix)]
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a/b.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        // Neither the temporary file nor the lock file is left.
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn stale_temporary_files_of_dead_processes_are_removed() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("m.xlf");
        // A pid far above any pid_max: no such process.
        let dead = d.path().join(".m.xlf.diglot-tmp-4294967290");
        let other = d.path().join(".n.xlf.diglot-tmp-4294967290");
        std::fs::write(&dead, b"partial").unwrap();
        std::fs::write(&other, b"partial").unwrap();
        write_atomic(&p, b"x").unwrap();
        assert!(!dead.exists());
        assert!(other.exists(), "another file's temporary file is not ours");
    }

    #[cfg(unix)]
    #[test]
    fn mode_and_symlink_are_kept_read_only_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let real = d.path().join("real.xlf");
        std::fs::write(&real, b"old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = d.path().join("link.xlf");
        std::os::unix::fs::symlink("real.xlf", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o444)).unwrap();
        let e = write_atomic(&link, b"newer").unwrap_err();
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
    }

    #[test]
    fn a_held_lock_makes_others_wait_then_time_out() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("m.xlf");
        let held = lock(&p).unwrap();
        // Same process, another open file description: flock excludes it.
        let e = lock_within(&p, Duration::from_millis(200)).unwrap_err();
        assert_eq!(e.source.kind(), std::io::ErrorKind::TimedOut, "{e}");
        assert!(e.to_string().contains("still writing"), "{e}");
        drop(held);
        let again = lock(&p).unwrap();
        drop(again);
        assert!(!d.path().join(".m.xlf.diglot-lock").exists());
    }
}
