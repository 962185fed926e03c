//! Helpers shared by the `check_*` acceptance tests: copies of
//! `tests/fixtures/check/project`, edits of its files, and the real binary's
//! JSON report.

pub use super::{copy_dir, run};
use serde_json::Value;
use std::path::{Path, PathBuf};

pub const STATEMENT: &str = "corpus/statements/first-statement.md";
pub const MEMORY: &str = "corpus/memory/fr.xlf";
pub const FTL_EN: &str = "locales/en/site.ftl";
pub const FTL_FR: &str = "locales/fr/site.ftl";
pub const CONFIG: &str = "diglot.toml";

/// Sources (as XLIFF) of memory units.
pub const ADOPTED: &str = "It adopted <pc id=\"1\" type=\"fmt\" subType=\"xlf:i\">three</pc> decisions, see <pc id=\"2\" dataRefStart=\"d1\" type=\"link\">the record</pc>.";
pub const RECEIVED: &str = "The Registry received 4,312 applications in 2024.";
pub const WRITE: &str = "Write to press@example.org or see https://example.org/cases for details.";
pub const MET: &str = "The Court met on 1 June 2025.";
pub const WHY: &str = "Why does it matter?";
pub const NOTE: &str = "Note: the hearing is public.";
pub const NEXT: &str = "Next steps";

pub fn fixture_dir() -> PathBuf {
    super::fixtures().join("check/project")
}

pub fn project() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    copy_dir(&fixture_dir(), d.path());
    d
}

pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// Apply one textual edit to a project file; the edit must change it.
pub fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let text = read(dir, rel);
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in {rel}");
    std::fs::write(dir.join(rel), text.replacen(from, to, 1)).unwrap();
}

pub fn append(dir: &Path, rel: &str, extra: &str) -> usize {
    let mut text = read(dir, rel);
    text.push_str(extra);
    std::fs::write(dir.join(rel), &text).unwrap();
    text.lines().count()
}

/// Replace the target of the memory unit whose source is `source_xml`.
pub fn set_target(dir: &Path, source_xml: &str, target_xml: &str) {
    let xml = read(dir, MEMORY);
    let s = xml
        .find(&format!("<source>{source_xml}</source>"))
        .unwrap_or_else(|| panic!("no unit for {source_xml}"));
    let t0 = xml[s..].find("<target>").unwrap() + s + "<target>".len();
    let t1 = xml[t0..].find("</target>").unwrap() + t0;
    let out = format!("{}{}{}", &xml[..t0], target_xml, &xml[t1..]);
    std::fs::write(dir.join(MEMORY), out).unwrap();
}

/// Id and line of the memory unit whose source is `source_xml`.
pub fn unit(dir: &Path, source_xml: &str) -> (String, usize) {
    let xml = read(dir, MEMORY);
    let s = xml.find(&format!("<source>{source_xml}</source>")).unwrap();
    let u = xml[..s].rfind("<unit id=\"").unwrap();
    let id = xml[u + 10..].split('"').next().unwrap().to_string();
    (id, xml[..u].matches('\n').count() + 1)
}

/// The whole `<unit>` element of the unit whose source is `source_xml`.
pub fn unit_xml(xml: &str, source_xml: &str) -> (usize, usize) {
    let s = xml.find(&format!("<source>{source_xml}</source>")).unwrap();
    let start = xml[..s].rfind("    <unit id=\"").unwrap();
    let end = xml[s..].find("</unit>\n").unwrap() + s + "</unit>\n".len();
    (start, end)
}

pub fn remove_unit(dir: &Path, source_xml: &str) {
    let xml = read(dir, MEMORY);
    let (a, b) = unit_xml(&xml, source_xml);
    std::fs::write(dir.join(MEMORY), format!("{}{}", &xml[..a], &xml[b..])).unwrap();
}

/// 1-based line and column (in characters) of the first occurrence of
/// `needle` in a project file.
pub fn position(dir: &Path, rel: &str, needle: &str) -> (usize, usize) {
    let text = read(dir, rel);
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {rel}"));
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    (
        text[..at].matches('\n').count() + 1,
        text[line_start..at].chars().count() + 1,
    )
}

/// `check --format json` (plus `extra` arguments): exit code and findings.
pub fn check(dir: &Path, extra: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(dir, &args);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let findings = v["findings"].as_array().unwrap().clone();
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(v["summary"]["errors"], errors);
    assert_eq!(v["summary"]["warnings"], findings.len() - errors);
    (code, findings)
}

/// A finding as (rule, severity, path, line, column).
pub type Key = (String, String, String, u64, u64);

pub fn key(f: &Value) -> Key {
    (
        f["rule"].as_str().unwrap().to_string(),
        f["severity"].as_str().unwrap().to_string(),
        f["path"].as_str().unwrap().to_string(),
        f["line"].as_u64().unwrap(),
        f["column"].as_u64().unwrap(),
    )
}

pub fn k(rule: &str, severity: &str, path: &str, line: usize, column: usize) -> Key {
    (
        rule.into(),
        severity.into(),
        path.into(),
        line as u64,
        column as u64,
    )
}

/// Assert the findings are exactly `expected` (in any order).
pub fn assert_findings(findings: &[Value], expected: &[Key]) {
    let mut got: Vec<Key> = findings.iter().map(key).collect();
    let mut want = expected.to_vec();
    got.sort();
    want.sort();
    assert_eq!(
        got,
        want,
        "{}",
        serde_json::to_string_pretty(findings).unwrap()
    );
}

pub fn message(findings: &[Value], rule: &str) -> String {
    findings
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule}"))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A warning-only fault exits 0, and 1 with `--deny-warnings`.
pub fn assert_warning_only(dir: &Path, code: i32) {
    assert_eq!(code, 0, "warnings do not fail");
    let (code, _) = check(dir, &["--deny-warnings"]);
    assert_eq!(code, 1, "--deny-warnings fails on warnings");
}
