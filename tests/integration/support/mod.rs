//! The one set of helpers every integration test module uses: where the
//! repository and its fixtures are, copies of projects in temporary folders,
//! the real `diglot` binary, the shared test data beside the repository and
//! xmllint. Helpers of one family of tests live in the submodules (`check`,
//! `site`, `xml_compare`).

pub mod check;
pub mod site;
pub mod xml_compare;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (where `Cargo.toml` is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// `../shared/data/<rel>` beside the repository: `None` (the test is
/// skipped, with a message) when absent, a failure under `CI=true`.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = repo().join("../shared/data").join(rel);
    if p.exists() {
        return Some(p);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{} is missing under CI=true", p.display());
    }
    eprintln!("SKIPPED: {} not found", p.display());
    None
}

/// The OASIS XLIFF 2 test suites, `../shared/data/xliff/oasis-xliff-2`
/// beside the repository (see [`shared`]).
pub fn oasis_suite() -> Option<PathBuf> {
    shared("xliff/oasis-xliff-2").filter(|p| p.is_dir())
}

/// Copy the folder `from` to `to` (created), recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A copy of the shipped project (the repository's own `diglot.toml`,
/// corpus, locales and theme) in a temporary folder.
pub fn shipped() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["corpus", "locales", "theme"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo().join("diglot.toml"), dir.path().join("diglot.toml")).unwrap();
    dir
}

/// The real binary, run in `dir`.
pub fn diglot(dir: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_diglot"));
    c.current_dir(dir);
    c
}

/// Run the binary in `dir` with `args`: exit code, stdout and stderr.
pub fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = diglot(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Whether `xmllint` can run. When it cannot, tests that need it are skipped
/// with a message, except under `CI=true` where that is a failure.
pub fn have_xmllint() -> bool {
    let ok = Command::new("xmllint")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("xmllint is required under CI=true (apt-get install -y libxml2-utils)");
        }
        eprintln!("SKIPPED: xmllint not found (apt-get install -y libxml2-utils)");
    }
    ok
}

pub enum Check<'a> {
    /// Validate against an XSD (path relative to tests/fixtures/schemas).
    Schema(&'a str),
    /// Validate against a DTD.
    Dtd(&'a str),
}

/// Validate `text` with xmllint, offline; `Err(message)` when invalid.
pub fn xmllint(text: &[u8], check: Check<'_>, name: &str) -> Result<(), String> {
    let schemas = fixtures().join("schemas");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let mut cmd = Command::new("xmllint");
    cmd.env("XML_CATALOG_FILES", schemas.join("catalog.xml"))
        .arg("--nonet")
        .arg("--noout");
    match check {
        Check::Schema(s) => cmd.arg("--schema").arg(schemas.join(s)),
        Check::Dtd(d) => cmd.arg("--dtdvalid").arg(schemas.join(d)),
    };
    let out = cmd.arg(&file).output().unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).to_string())
    }
}

/// Every XLIFF file written by a real tool (`tests/fixtures/xliff/tool-samples`), sorted.
pub fn tool_samples() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![fixtures().join("xliff/tool-samples")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("xlf" | "xliff")
            ) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Debian's Chromium (or `DIGLOT_CHROMIUM`), for the browser tests: `None`
/// with a message when absent, a failure under `CI=true`.
pub fn chromium() -> Option<PathBuf> {
    let p = std::env::var_os("DIGLOT_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if p.is_file() {
        return Some(p);
    }
    let msg = format!(
        "{} not found: install Debian's chromium (apt-get install -y chromium) to run the browser test",
        p.display()
    );
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{msg}");
    }
    eprintln!("skipped: {msg}");
    None
}
