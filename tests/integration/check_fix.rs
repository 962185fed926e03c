//! `diglot check --fix`: only the safe fixes (typography, spaces) are
//! applied to the memory, each is reported, everything else stays
//! byte-identical, and a second check no longer reports them.

use crate::support::check::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Every file of a project folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            // The index cache is derived from the memory (README, "The
            // index cache"): rewritten with it, not a file of the user's.
            if p.ends_with("corpus/memory/.cache") {
                continue;
            }
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn fix_applies_only_safe_fixes_and_reports_each() {
    let d = project();
    let p = d.path();
    let clean_memory = read(p, MEMORY);
    // Safe: a regular space before `?` and `:`, a double space, a trailing
    // space. Not safe: a changed number. Not the memory: an obsolete message.
    set_target(p, WHY, "Pourquoi est-ce important ?");
    set_target(p, NOTE, "Remarque : l’audience est publique.");
    set_target(p, NEXT, "Prochaines  étapes");
    set_target(p, MET, "La Cour s’est réunie le 1er juin 2025. ");
    set_target(
        p,
        RECEIVED,
        "Le Greffe a reçu 4\u{202F}313 demandes en 2024.",
    );
    append(p, FTL_FR, "old-message = Ancien message\n");
    let before = snapshot(p);

    // Without --fix nothing changes, whatever the format.
    for format in ["text", "json", "github", "junit"] {
        let (code, _, _) = run(p, &["check", "--format", format]);
        assert_eq!(code, 1);
        assert_eq!(
            snapshot(p),
            before,
            "check --format {format} wrote something"
        );
    }
    let (_, f) = check(p, &[]);
    let mut rules: Vec<&str> = f.iter().map(|x| x["rule"].as_str().unwrap()).collect();
    rules.sort();
    assert_eq!(
        rules,
        [
            "fluent-obsolete",
            "numbers",
            "spaces",
            "spaces",
            "typography",
            "typography"
        ]
    );

    let (code, out, err) = run(p, &["check", "--fix", "--format", "json"]);
    assert_eq!(code, 1, "the number is still wrong: {out}{err}");
    // Each change reported on stderr, one line each.
    let fixed: Vec<&str> = err.lines().filter(|l| l.starts_with("fixed ")).collect();
    assert_eq!(fixed.len(), 4, "{err}");
    for (src, rule) in [
        (WHY, "typography"),
        (NOTE, "typography"),
        (NEXT, "spaces"),
        (MET, "spaces"),
    ] {
        let (id, line) = unit(p, src);
        let prefix = format!("fixed {MEMORY}:{line}: unit {id}: [{rule}] ");
        assert!(
            fixed.iter().any(|l| l.starts_with(&prefix)),
            "{prefix}…\n{err}"
        );
    }
    assert!(err.contains("4 fix(es) applied"), "{err}");
    // The report after fixing: only what needs a translator.
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["rule"].as_str().unwrap())
        .collect();
    let mut sorted = rules.clone();
    sorted.sort();
    assert_eq!(sorted, ["fluent-obsolete", "numbers"]);
    // The changes are in the JSON too, one object each.
    let fixes = v["fixes"].as_array().expect("a fixes array");
    assert_eq!(fixes.len(), 4, "{out}");
    for f in fixes {
        for field in [
            "path",
            "line",
            "unit",
            "rule",
            "replaced",
            "replacement",
            "message",
        ] {
            assert!(!f[field].is_null(), "{field} missing in {f}");
        }
    }

    // The memory: exactly the clean one but for the unsafe number.
    let expected = {
        let d2 = project();
        set_target(
            d2.path(),
            RECEIVED,
            "Le Greffe a reçu 4\u{202F}313 demandes en 2024.",
        );
        read(d2.path(), MEMORY)
    };
    assert_ne!(expected, clean_memory);
    assert_eq!(read(p, MEMORY), expected);
    // Every other file byte-identical, no temporary file left behind.
    let after = snapshot(p);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &before {
        if path != MEMORY {
            assert_eq!(&after[path], bytes, "{path} changed");
        }
    }

    // A second check: the fixed findings are gone; a second --fix is a no-op.
    let (_, f) = check(p, &[]);
    assert!(
        f.iter()
            .all(|x| x["rule"] != "typography" && x["rule"] != "spaces"),
        "{f:?}"
    );
    let again = snapshot(p);
    let (_, _, err) = run(p, &["check", "--fix"]);
    assert!(err.contains("0 fix(es) applied"), "{err}");
    assert_eq!(snapshot(p), again);
}

#[test]
fn fix_respects_rules_turned_off() {
    let d = project();
    let p = d.path();
    set_target(p, WHY, "Pourquoi est-ce important ?");
    set_target(p, NEXT, "Prochaines  étapes");
    append(p, CONFIG, "\n[qa.rules]\ntypography = \"off\"\n");
    let (_, _, err) = run(p, &["check", "--fix"]);
    assert!(err.contains("1 fix(es) applied"), "{err}");
    assert!(read(p, MEMORY).contains("<target>Pourquoi est-ce important ?</target>"));
    assert!(read(p, MEMORY).contains("<target>Prochaines étapes</target>"));
}

#[test]
fn fix_on_a_clean_project_writes_nothing() {
    let d = project();
    let p = d.path();
    let before = snapshot(p);
    let (code, _, err) = run(p, &["check", "--fix"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 fix(es) applied"), "{err}");
    assert_eq!(snapshot(p), before);
}
