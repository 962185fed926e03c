//! The editor's conveniences through the real binary: native TOML dates in
//! front matter, every front-matter error at its own position, `diglot new`
//! and drafts.

use assert_cmd::Command;
use std::path::Path;

fn diglot(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("diglot").unwrap();
    c.current_dir(dir);
    c
}

/// A new project (en → fr) in a temporary folder.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    diglot(tmp.path()).args(["init", "-q"]).assert().success();
    tmp
}

fn write(root: &Path, name: &str, text: &str) {
    std::fs::write(root.join("corpus/statements").join(name), text).unwrap();
}

fn stderr(c: &mut Command) -> (i32, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn native_toml_dates_and_date_times_are_accepted() {
    let d = project();
    let p = d.path();
    write(
        p,
        "a.md",
        "+++\ntitle = \"Date\"\ndate = 2025-06-05\n+++\nOne.\n",
    );
    write(
        p,
        "b.md",
        "+++\ntitle = \"Date-time\"\ndate = 2025-06-05T09:30:00+02:00\n+++\nTwo.\n",
    );
    write(
        p,
        "c.md",
        "+++\ntitle = \"String\"\ndate = \"2025-06-04\"\n+++\nThree.\n",
    );
    diglot(p)
        .args(["build", "--allow-incomplete", "-q"])
        .assert()
        .success();
    let home = std::fs::read_to_string(p.join("site/en/index.html")).unwrap();
    for slug in ["a", "b", "c"] {
        assert!(p.join(format!("site/en/{slug}/index.html")).is_file());
    }
    // Same day: the date-time (09:30) comes before the date alone (newest
    // first), the older string date last.
    let at = |s: &str| home.find(&format!("href=\"{s}/\"")).unwrap();
    assert!(at("b") < at("a") && at("a") < at("c"), "{home}");
    assert!(home.contains("datetime=\"2025-06-05\""), "{home}");
}

#[test]
fn every_front_matter_error_at_its_own_line_and_column() {
    let d = project();
    let p = d.path();
    write(
        p,
        "bad.md",
        "+++\n# The date used to be reported at the title's line.\ntitle = \"A date, and a draft\"\nsummary = 4\nfoo = 1\ndate = 2025-02-30\ndraft = \"yes\"\n+++\nBody.\n",
    );
    write(
        p,
        "time.md",
        "+++\ntitle = \"x\"\ndate = 10:30:00\n+++\nA.\n",
    );
    write(p, "syntax.md", "+++\ntitle = \"x\"\n\ndate = \n+++\nA.\n");
    write(p, "missing.md", "+++\ntitle = \"x\"\n+++\nA.\n");
    let (code, err) = stderr(diglot(p).arg("build"));
    assert_eq!(code, 1, "{err}");
    // One error per fault.
    assert_eq!(
        err.lines().filter(|l| l.contains("bad.md:")).count(),
        4,
        "{err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.contains("syntax.md:")).count(),
        1,
        "{err}"
    );
    let path = |f: &str| format!("corpus/statements/{f}");
    for (file, line, col, what) in [
        (
            "bad.md",
            4,
            11,
            "`summary` must be a string, found an integer",
        ),
        ("bad.md", 5, 1, "unknown field `foo`"),
        ("bad.md", 6, 8, "invalid date"),
        ("bad.md", 7, 9, "`draft` must be true or false"),
        ("time.md", 3, 8, "time of day"),
        ("syntax.md", 4, 8, "front matter:"),
        ("missing.md", 2, 1, "missing field `date`"),
    ] {
        let want = format!("{}:{line}:{col}: ", path(file));
        assert!(
            err.lines().any(|l| l.contains(&want) && l.contains(what)),
            "no `{want}…{what}` in:\n{err}"
        );
    }
    // `check` reports the same, each as its own finding.
    let (code, err) = stderr(diglot(p).arg("check"));
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().filter(|l| l.contains("bad.md:")).count(),
        4,
        "{err}"
    );
}

#[test]
fn new_writes_a_unique_ascii_slug_draft_that_build_skips() {
    let d = project();
    let p = d.path();
    let title = "Déclaration sur l’État de droit";
    for _ in 0..2 {
        diglot(p)
            .args(["new", title, "--date", "2025-06-05"])
            .assert()
            .success();
    }
    let dir = p.join("corpus/statements");
    let first = std::fs::read_to_string(dir.join("declaration-sur-letat-de-droit.md")).unwrap();
    assert!(dir.join("declaration-sur-letat-de-droit-2.md").is_file());
    assert!(first.contains("title = \"Déclaration sur l’État de droit\""));
    assert!(first.contains("date = 2025-06-05\n"));
    assert!(first.contains("draft = true\n"));
    // A taken or malformed --slug, a bad --date: usage errors, nothing written.
    for args in [
        &["new", "X", "--slug", "declaration-sur-letat-de-droit"][..],
        &["new", "X", "--slug", "Not A Slug"],
        &["new", "X", "--date", "2025-02-30"],
    ] {
        let (code, err) = stderr(diglot(p).args(args));
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
    // Without --date: today, UTC.
    diglot(p)
        .args(["new", "Today", "--slug", "today"])
        .assert()
        .success();
    let today = std::fs::read_to_string(dir.join("today.md")).unwrap();
    let date = today
        .lines()
        .find_map(|l| l.strip_prefix("date = "))
        .unwrap();
    assert_eq!(date.len(), 10, "{today}");

    // Drafts with text are segmented, exported and checked...
    std::fs::write(
        dir.join("declaration-sur-letat-de-droit.md"),
        first + "The Court sat today.\n",
    )
    .unwrap();
    diglot(p)
        .args(["export", "--lang", "fr", "--out", "x", "-q"])
        .assert()
        .success();
    let exported = std::fs::read_to_string(p.join("x/declaration-sur-letat-de-droit.fr.xlf"))
        .or_else(|_| {
            // any file naming the statement
            let f = std::fs::read_dir(p.join("x"))
                .unwrap()
                .flatten()
                .find(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .contains("declaration-sur-letat-de-droit")
                })
                .unwrap();
            std::fs::read_to_string(f.path())
        })
        .unwrap();
    assert!(exported.contains("The Court sat today."));
    let out = diglot(p).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("declaration-sur-letat-de-droit.md"));
    // ...never published: `build` needs no translation for them and writes
    // no page.
    diglot(p).args(["build", "-q"]).assert().success();
    assert!(!p.join("site/en/declaration-sur-letat-de-droit").exists());
    assert!(!p.join("site/fr/today").exists());
    let home = std::fs::read_to_string(p.join("site/fr/index.html")).unwrap();
    assert!(home.contains("0 déclaration publiée."), "{home}");
}

#[test]
fn the_french_count_line_is_a_sentence() {
    let d = project();
    let p = d.path();
    write(
        p,
        "a.md",
        "+++\ntitle = \"A\"\ndate = 2025-06-05\n+++\nOne.\n",
    );
    write(
        p,
        "b.md",
        "+++\ntitle = \"B\"\ndate = 2025-06-06\n+++\nTwo.\n",
    );
    diglot(p)
        .args(["build", "--allow-incomplete", "-q"])
        .assert()
        .success();
    let fr = std::fs::read_to_string(p.join("site/fr/index.html")).unwrap();
    let en = std::fs::read_to_string(p.join("site/en/index.html")).unwrap();
    assert!(fr.contains("2 déclarations publiées.</span>"), "{fr}");
    assert!(en.contains("2 statements published.</span>"), "{en}");
}

/// Translate every unit of an exported XLIFF 2 file: `final` targets, except
/// the units whose source contains `unreviewed`, which get `translated`.
fn translate(xlf: &str, unreviewed: &str) -> String {
    let mut out = String::new();
    let mut rest = xlf;
    while let Some(i) = rest.find("<segment state=\"initial\">") {
        let j = rest[i..].find("</source>").unwrap() + i + "</source>".len();
        let seg = &rest[i..j];
        let src = &seg[seg.find("<source>").unwrap() + 8..seg.len() - 9];
        let state = if src.contains(unreviewed) {
            "translated"
        } else {
            "final"
        };
        out.push_str(&rest[..i]);
        out.push_str(&seg.replace("state=\"initial\"", &format!("state=\"{state}\"")));
        out.push_str(&format!("<target>Traduit : {src}</target>"));
        rest = &rest[j..];
    }
    out.push_str(rest);
    out
}

#[test]
fn status_counts_approved_unreviewed_missing_and_stale() {
    let d = project();
    let p = d.path();
    write(
        p,
        "a.md",
        "+++\ntitle = \"Alpha\"\ndate = 2025-06-05\n+++\nFirst sentence here. Second sentence follows. Third one ends it.\n",
    );
    write(
        p,
        "b.md",
        "+++\ntitle = \"Beta\"\ndate = 2025-06-06\ndraft = true\n+++\nA draft sentence.\n",
    );
    diglot(p)
        .args(["export", "--lang", "fr", "--out", "x", "-q", "a"])
        .assert()
        .success();
    let xlf = std::fs::read_to_string(p.join("x/a.fr.xlf")).unwrap();
    std::fs::write(p.join("x/a.fr.xlf"), translate(&xlf, "Second")).unwrap();
    diglot(p)
        .args(["import", "x/a.fr.xlf", "-q"])
        .assert()
        .success();
    // Edit the third sentence (stale) and add a fourth (missing).
    write(
        p,
        "a.md",
        "+++\ntitle = \"Alpha\"\ndate = 2025-06-05\n+++\nFirst sentence here. Second sentence follows. Third one ends it now. A fourth one.\n",
    );
    let out = diglot(p)
        .args(["status", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let fr = &v["languages"][0];
    assert_eq!(fr["lang"], "fr");
    let sts = fr["statements"].as_array().unwrap();
    let a = sts.iter().find(|s| s["slug"] == "a").unwrap();
    let b = sts.iter().find(|s| s["slug"] == "b").unwrap();
    let counts = |c: &serde_json::Value| {
        ["approved", "unreviewed", "missing", "stale", "total"].map(|k| c[k].as_u64().unwrap())
    };
    // Title and first sentence approved, second unreviewed, third stale,
    // fourth missing.
    assert_eq!(counts(&a["segments"]), [2, 1, 1, 1, 5]);
    // Words: Alpha 1 + First sentence here 3; Second sentence follows 3;
    // A fourth one 3; Third one ends it now 5.
    assert_eq!(counts(&a["words"]), [4, 3, 3, 5, 15]);
    assert_eq!(a["publishable"], false);
    assert_eq!(a["path"], "corpus/statements/a.md");
    assert_eq!(b["draft"], true);
    assert_eq!(b["publishable"], false);
    assert_eq!(counts(&b["segments"]), [0, 0, 2, 0, 2]);
    // Totals leave drafts out.
    assert_eq!(counts(&fr["totals"]["segments"]), [2, 1, 1, 1, 5]);
    assert_eq!(fr["totals"]["statements"], 1);
    assert_eq!(fr["totals"]["drafts"], 1);
    assert_eq!(fr["messages"]["missing"], 0);
    assert_eq!(fr["publishable"], false);

    let text = diglot(p).arg("status").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("b (draft)"), "{text}");
    assert!(
        text.contains("fr: 0 of 1 statement(s) can be published (1 draft(s) not counted); 3 segment(s), 11 word(s) left"),
        "{text}"
    );
    // An unknown language is a usage error.
    diglot(p).args(["status", "--lang", "de"]).assert().code(2);
}

#[test]
fn smart_punctuation_is_on_for_new_projects_and_off_when_absent() {
    let d = project();
    let p = d.path();
    let config = std::fs::read_to_string(p.join("diglot.toml")).unwrap();
    assert!(config.contains("\nsmart_punctuation = true\n"), "{config}");
    write(
        p,
        "a.md",
        "+++\ntitle = \"Quotes\"\ndate = 2025-06-05\n+++\nThe Court's \"final\" word -- and more --- ends... `it's code` [link](https://x.org/a'b).\n",
    );
    diglot(p)
        .args(["build", "--allow-incomplete", "-q"])
        .assert()
        .success();
    let en = std::fs::read_to_string(p.join("site/en/a/index.html")).unwrap();
    assert!(
        en.contains("The Court’s “final” word – and more — ends… <code>it&#39;s code</code>"),
        "{en}"
    );
    assert!(en.contains("href=\"https://x.org/a&#39;b\""), "{en}");
    // The segments exported are the typographic ones (what is published).
    let seg = diglot(p)
        .args(["segment", "corpus/statements/a.md"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&seg.stdout).contains("The Court’s “final” word"));
    // Without the setting (projects made before it): as typed.
    std::fs::write(
        p.join("diglot.toml"),
        config.replace("smart_punctuation = true\n", ""),
    )
    .unwrap();
    diglot(p)
        .args(["build", "--allow-incomplete", "-q"])
        .assert()
        .success();
    let en = std::fs::read_to_string(p.join("site/en/a/index.html")).unwrap();
    assert!(
        en.contains("The Court&#39;s &quot;final&quot; word -- and more --- ends..."),
        "{en}"
    );
}

#[test]
fn french_percent_euro_and_units_are_flagged_and_fixed() {
    let d = project();
    let p = d.path();
    write(
        p,
        "a.md",
        "+++\ntitle = \"Turnout\"\ndate = 2025-06-05\n+++\nTurnout was 42 % and the fee 5€ for 12 km.\n",
    );
    diglot(p)
        .args(["export", "--lang", "fr", "--out", "x", "-q"])
        .assert()
        .success();
    let xlf = std::fs::read_to_string(p.join("x/a.fr.xlf")).unwrap();
    std::fs::write(p.join("x/a.fr.xlf"), translate(&xlf, "\u{0}")).unwrap();
    diglot(p)
        .args(["import", "x/a.fr.xlf", "-q"])
        .assert()
        .success();
    let out = diglot(p)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let typo: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "typography")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    for unit in ["‘%’", "‘€’", "‘km’"] {
        assert!(
            typo.iter()
                .any(|m| m.contains(unit) && m.contains("U+00A0")),
            "{unit}: {typo:?}"
        );
    }
    diglot(p).args(["check", "--fix", "-q"]).assert().success();
    let mem = std::fs::read_to_string(p.join("corpus/memory/fr.xlf")).unwrap();
    assert!(
        mem.contains("Turnout was 42\u{A0}% and the fee 5\u{A0}€ for 12\u{A0}km."),
        "{mem}"
    );
    let out = diglot(p)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "typography"),
        "{v}"
    );
}
