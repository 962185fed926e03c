//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod xml_compare;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The OASIS XLIFF 2 test suites, `../shared/data/xliff/oasis-xliff-2`
/// beside the repository: `None` (the test is skipped, with a message) when
/// absent, a failure under `CI=true`.
pub fn oasis_suite() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/xliff/oasis-xliff-2");
    if p.is_dir() {
        return Some(p);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{} is missing under CI=true", p.display());
    }
    eprintln!("SKIPPED: {} not found", p.display());
    None
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
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
