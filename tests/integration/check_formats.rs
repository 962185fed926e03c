//! `diglot check` report formats on one project with several faults: JSON
//! (the documented schema), GitHub workflow commands, JUnit XML (parsed),
//! the human report, and the exit codes.

use crate::support::check::*;
use serde_json::Value;
use std::path::Path;

/// A copy of the check fixture with an error and a warning in a statement,
/// the memory and a Fluent file, and a finding without position.
fn faulty() -> tempfile::TempDir {
    let d = project();
    let p = d.path();
    edit(p, STATEMENT, "Why does it matter?", "Why does this matter?"); // stale (error)
    set_target(p, NEXT, "Prochaines  étapes"); // spaces (warning)
    set_target(
        p,
        RECEIVED,
        "Le Greffe a reçu 4\u{202F}313 demandes en 2024.",
    ); // numbers (error)
    edit(p, FTL_FR, "home-intro = Les plus récentes d’abord.\n", ""); // missing (error, no position)
    append(p, FTL_FR, "old-message = Ancien\nbroken = oops { !\n"); // obsolete (warning), junk (error)
    d
}

fn json(p: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(p, &args);
    (
        code,
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}")),
    )
}

#[test]
fn json_follows_the_documented_schema() {
    let d = faulty();
    let (code, v) = json(d.path(), &[]);
    assert_eq!(code, 1);
    let top: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(top, ["findings", "summary", "version"]);
    assert_eq!(v["version"], 1);
    let f = v["findings"].as_array().unwrap();
    let rules: Vec<&str> = f.iter().map(|x| x["rule"].as_str().unwrap()).collect();
    assert_eq!(
        rules,
        [
            "spaces",
            "numbers",
            "stale-translation",
            "fluent-missing",
            "fluent-obsolete",
            "fluent-syntax"
        ],
        "sorted by path, line, column"
    );
    assert_eq!(v["summary"]["errors"], 4);
    assert_eq!(v["summary"]["warnings"], 2);
    for x in f {
        let o = x.as_object().unwrap();
        for k in o.keys() {
            assert!(
                [
                    "path", "line", "column", "severity", "rule", "lang", "id", "message",
                    "snippet"
                ]
                .contains(&k.as_str()),
                "undocumented field {k}"
            );
        }
        for k in ["path", "line", "column", "severity", "rule", "message"] {
            assert!(o.contains_key(k), "{k} missing in {x}");
        }
        assert!(["error", "warning"].contains(&x["severity"].as_str().unwrap()));
        assert_eq!(x["lang"], "fr");
        assert!(
            !x["path"].as_str().unwrap().starts_with('/'),
            "relative paths"
        );
        assert_eq!(
            x["line"] == 0,
            x["column"] == 0,
            "no line means no column: {x}"
        );
    }
    // Statement findings name the segment, memory findings the unit.
    assert_eq!(f[2]["id"].as_str().unwrap().len(), 16);
    assert!(f[1]["id"].as_str().unwrap().starts_with('u'));
    assert_eq!(f[3]["line"], 0, "a missing message has no position");
}

#[test]
fn github_annotations_one_per_finding() {
    let d = faulty();
    let p = d.path();
    let (_, v) = json(p, &[]);
    let findings = v["findings"].as_array().unwrap();
    let (code, out, _) = run(p, &["check", "--format", "github"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), findings.len(), "{out}");
    for (l, f) in lines.iter().zip(findings) {
        let (cmd, msg) = l.split_once("::").unwrap().1.split_once("::").unwrap();
        let (level, props) = cmd.split_once(' ').unwrap();
        assert_eq!(level, f["severity"].as_str().unwrap());
        let props: Vec<(&str, &str)> = props
            .split(',')
            .map(|kv| kv.split_once('=').unwrap())
            .collect();
        let mut want = vec![("file", f["path"].as_str().unwrap().to_string())];
        if f["line"] != 0 {
            want.push(("line", f["line"].to_string()));
            want.push(("col", f["column"].to_string()));
        }
        want.push((
            "title",
            format!("diglot {} [fr]", f["rule"].as_str().unwrap()),
        ));
        let got: Vec<(&str, String)> = props.iter().map(|(k, v)| (*k, v.to_string())).collect();
        assert_eq!(got, want, "{l}");
        assert_eq!(msg, f["message"].as_str().unwrap().replace('%', "%25"));
    }
}

#[test]
fn junit_parses_with_consistent_counts() {
    let d = faulty();
    let p = d.path();
    let (_, v) = json(p, &[]);
    let findings = v["findings"].as_array().unwrap();
    let (code, out, _) = run(p, &["check", "--format", "junit"]);
    assert_eq!(code, 1);
    let doc = roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("6"));
    assert_eq!(root.attribute("failures"), Some("4"));
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    let names: Vec<&str> = suites
        .iter()
        .map(|s| s.attribute("name").unwrap())
        .collect();
    assert_eq!(names, [MEMORY, STATEMENT, FTL_FR]);
    let mut cases = Vec::new();
    for s in &suites {
        let cs: Vec<_> = s
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(s.attribute("tests").unwrap(), cs.len().to_string());
        let failures = cs
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
            .count();
        assert_eq!(s.attribute("failures").unwrap(), failures.to_string());
        cases.extend(cs);
    }
    assert_eq!(cases.len(), findings.len());
    for (c, f) in cases.iter().zip(findings) {
        assert_eq!(c.attribute("name"), f["rule"].as_str());
        assert_eq!(c.attribute("classname"), f["path"].as_str());
        let failure = c.children().find(|n| n.has_tag_name("failure"));
        assert_eq!(failure.is_some(), f["severity"] == "error");
        if let Some(fl) = failure {
            assert_eq!(fl.attribute("message"), f["message"].as_str());
            assert_eq!(fl.attribute("type"), f["rule"].as_str());
            let text = fl.text().unwrap();
            if f["line"] != 0 {
                let at = format!(
                    "{}:{}:{}:",
                    f["path"].as_str().unwrap(),
                    f["line"],
                    f["column"]
                );
                assert!(text.starts_with(&at), "{text}");
            }
        } else {
            let out = c.children().find(|n| n.has_tag_name("system-out")).unwrap();
            assert!(out.text().unwrap().starts_with("warning: "));
        }
    }
    // Clean: one passing case.
    let clean = project();
    let (code, out, _) = run(clean.path(), &["check", "--format", "junit"]);
    assert_eq!(code, 0);
    let doc = roxmltree::Document::parse(&out).unwrap();
    assert_eq!(doc.root_element().attribute("failures"), Some("0"));
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .count(),
        1
    );
}

#[test]
fn text_report_grouped_by_file_with_positions_and_snippets() {
    let d = faulty();
    let p = d.path();
    let (code, out, _) = run(p, &["check"]);
    assert_eq!(code, 1);
    let files: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with(' ') && l.contains('/'))
        .collect();
    assert_eq!(files, [MEMORY, STATEMENT, FTL_FR], "{out}");
    let (line, col) = position(p, STATEMENT, "Why does this matter?");
    assert!(
        out.contains(&format!(
            "{STATEMENT}\n  {line}:{col}: error[stale-translation] [fr]: segment "
        )),
        "{out}"
    );
    assert!(out.contains("      | Why does this matter?\n"), "{out}");
    assert!(
        out.contains("\n  error[fluent-missing] [fr]: message `home-intro` is missing"),
        "{out}"
    );
    assert!(out.ends_with("4 error(s), 2 warning(s)\n"), "{out}");
}

#[test]
fn exit_codes() {
    // 0 clean; 0 with warnings only; 1 with --deny-warnings; 1 on errors.
    let d = project();
    let p = d.path();
    assert_eq!(run(p, &["check"]).0, 0);
    set_target(p, NEXT, "Prochaines  étapes");
    assert_eq!(run(p, &["check"]).0, 0);
    assert_eq!(run(p, &["check", "--deny-warnings"]).0, 1);
    assert_eq!(run(p, &["check", "-q"]).0, 0);
    set_target(p, NEXT, "");
    assert_eq!(run(p, &["check"]).0, 1);
    // 2: usage (unknown format, unknown project) and unreadable input.
    assert_eq!(run(p, &["check", "--format", "xml"]).0, 2);
    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = run(empty.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(err.contains("diglot.toml"), "{err}");
    let (code, _, _) = run(p, &["-C", "/nonexistent/project", "check"]);
    assert_eq!(code, 2);
}

#[test]
fn unreadable_files_exit_2_broken_content_exits_1() {
    // A memory that cannot be read (a folder in its place): exit 2.
    let d = project();
    let p = d.path();
    std::fs::remove_file(p.join(MEMORY)).unwrap();
    std::fs::create_dir(p.join(MEMORY)).unwrap();
    let (code, out, err) = run(p, &["check", "--format", "json"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("fr.xlf") && err.contains("cannot read"),
        "{err}"
    );
    // A Fluent file that cannot be read: exit 2.
    let d = project();
    let p = d.path();
    std::fs::create_dir(p.join("locales/fr/extra.ftl")).unwrap();
    let (code, _, err) = run(p, &["check"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("extra.ftl"), "{err}");
    // A Fluent file that is not UTF-8: a finding, exit 1.
    let d = project();
    let p = d.path();
    std::fs::write(p.join(FTL_FR), b"site-name = D\xe9clarations\n").unwrap();
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_eq!(f[0]["rule"], "fluent-io", "{f:?}");
    assert_eq!(f[0]["path"], FTL_FR);
}
