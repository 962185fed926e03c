//! `diglot init` through the real binary: a new user's whole first loop
//! (init → write a statement → build fails → export → translate → import →
//! build and check pass) in a temporary folder.

use crate::support::diglot;
use predicates::prelude::PredicateBooleanExt;

const STATEMENT: &str = "+++\n\
title = \"Registry opens a field office\"\n\
date = \"2025-03-12\"\n\
+++\n\
\n\
The Registry opened a field office today. It will serve victims and witnesses.\n\
\n\
See *the announcement* for details.\n";

/// Fill every unit of an exported XLIFF 2 file with a final target: the
/// source with a French marker in front, inline codes kept.
fn translate(xlf: &str) -> String {
    let mut out = String::new();
    let mut rest = xlf;
    while let Some(i) = rest.find("<source>") {
        let j = rest[i..].find("</source>").unwrap() + i;
        let inner = &rest[i + "<source>".len()..j];
        out.push_str(&rest[..i]);
        out.push_str(&rest[i..j + "</source>".len()]);
        out.push_str(&format!("<target>Traduit : {inner}</target>"));
        rest = &rest[j + "</source>".len()..];
    }
    out.push_str(rest);
    out.replace("state=\"initial\"", "state=\"final\"")
}

#[test]
fn init_then_the_first_release() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("statements-site");
    diglot(tmp.path())
        .args(["init", "statements-site"])
        .assert()
        .success();
    for f in [
        "diglot.toml",
        "locales/en/site.ftl",
        "locales/fr/site.ftl",
        "theme/templates/statement.html",
        "theme/static/style.css",
    ] {
        assert!(root.join(f).is_file(), "{f} not written");
    }
    assert!(root.join("corpus/statements").is_dir());

    // An empty project builds (home pages only) and checks clean.
    diglot(&root).arg("check").assert().code(0);

    std::fs::write(root.join("corpus/statements/field-office.md"), STATEMENT).unwrap();
    // Untranslated: the build fails and writes nothing; check exits 1.
    diglot(&root).arg("build").assert().code(1);
    assert!(!root.join("site/fr/field-office/index.html").exists());
    let out = diglot(&root)
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, vec!["missing-translation"; 4], "{report}");

    // Export, translate, import: then the release builds in both languages.
    diglot(&root)
        .args(["export", "--lang", "fr", "--out", "exchange"])
        .assert()
        .success();
    let xlf_path = root.join("exchange/field-office.fr.xlf");
    let xlf = std::fs::read_to_string(&xlf_path).unwrap();
    assert!(
        xlf.contains("<pc id=\"1\""),
        "emphasis exported as a code: {xlf}"
    );
    std::fs::write(&xlf_path, translate(&xlf)).unwrap();
    diglot(&root)
        .args(["import", "exchange/field-office.fr.xlf"])
        .assert()
        .success();
    diglot(&root).arg("build").assert().success();
    diglot(&root).arg("check").assert().code(0);
    let fr = std::fs::read_to_string(root.join("site/fr/field-office/index.html")).unwrap();
    // French typography: a no-break space before the colon.
    assert!(
        fr.contains("Traduit\u{A0}: The Registry opened a field office today."),
        "{fr}"
    );
    assert!(fr.contains("<em>the announcement</em>"), "{fr}");
    assert!(root.join("site/en/field-office/index.html").is_file());
}

#[test]
fn init_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("diglot.toml"), "# mine\n").unwrap();
    let out = diglot(tmp.path())
        .arg("init")
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("nothing was written") && err.contains("diglot.toml"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("diglot.toml")).unwrap(),
        "# mine\n"
    );
    assert!(!tmp.path().join("theme").exists());
    assert!(!tmp.path().join("locales").exists());
}

#[test]
fn init_with_several_targets_and_hints_for_missing_folders() {
    let tmp = tempfile::tempdir().unwrap();
    diglot(tmp.path())
        .args([
            "-C",
            "p",
            "init",
            "--target-language",
            "fr",
            "--target-language",
            "de",
            "--base-url",
            "https://statements.example.net/",
        ])
        .assert()
        .success()
        .stderr(predicates::str::contains("locales/de/site.ftl is a copy"));
    let root = tmp.path().join("p");
    let cfg = std::fs::read_to_string(root.join("diglot.toml")).unwrap();
    assert!(cfg.contains("target_languages = [\"fr\", \"de\"]"), "{cfg}");
    std::fs::write(root.join("corpus/statements/field-office.md"), STATEMENT).unwrap();
    diglot(&root)
        .args(["build", "--allow-incomplete"])
        .assert()
        .success();
    for l in ["en", "fr", "de"] {
        assert!(root
            .join(format!("site/{l}/field-office/index.html"))
            .is_file());
    }
    // Missing folders are named with what to do about them.
    std::fs::remove_dir_all(root.join("corpus/statements")).unwrap();
    diglot(&root).arg("build").assert().code(2).stderr(
        predicates::str::contains("no statements folder")
            .and(predicates::str::contains("diglot init")),
    );
    // Outside any project.
    diglot(tmp.path())
        .arg("build")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("diglot init"));
}
