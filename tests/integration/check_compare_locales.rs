//! The categories compare-locales reports (missing, obsolete, junk), on the
//! real Firefox Send `en-US`/`fr` pair with messages removed, added and
//! broken (`tests/fixtures/check/send`, see its PROVENANCE.md), through the
//! real binary — plus the six dropped `{ $variable }`s compare-locales does
//! not report.

use crate::support::{diglot, fixtures};
use serde_json::Value;
use std::path::{Path, PathBuf};

const FR: &str = "locales/fr/send.ftl";
const EN: &str = "locales/en/send.ftl";

fn fixture() -> PathBuf {
    fixtures().join("check/send")
}

fn line_of(dir: &Path, rel: &str, prefix: &str) -> u64 {
    let text = std::fs::read_to_string(dir.join(rel)).unwrap();
    text.lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("{prefix} in {rel}")) as u64
        + 1
}

/// The id a Fluent finding's message names (`message `x`…`, `term `-y`…`).
fn named_id(f: &Value) -> String {
    let m = f["message"].as_str().unwrap();
    m.split('`').nth(1).unwrap_or_default().to_string()
}

#[test]
fn every_missing_obsolete_and_junk_entry_and_the_dropped_variables() {
    let dir = fixture();
    let out = diglot(&dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "missing strings fail the gate");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["path"] == FR), "{findings:#?}");
    let of =
        |rule: &str| -> Vec<&Value> { findings.iter().filter(|f| f["rule"] == rule).collect() };

    // Missing: removed from French, added to English, and broken (a broken
    // entry is unusable, so its message is missing too, as compare-locales
    // counts it). Each names the English line.
    let mut missing: Vec<String> = of("fluent-missing").iter().map(|f| named_id(f)).collect();
    missing.sort();
    assert_eq!(
        missing,
        [
            "-mozilla",
            "copiedUrl",
            "legalDateStamp",
            "newFeature",
            "signOut",
            "updateFirefox"
        ]
    );
    for f in of("fluent-missing") {
        assert_eq!(f["severity"], "error");
        let id = named_id(f);
        if id != "copiedUrl" {
            let line = line_of(&dir, EN, &format!("{id} ="));
            assert!(
                f["message"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("(defined in {EN}:{line})")),
                "{f}"
            );
        }
    }

    // Obsolete: added to French only; warnings at their line.
    let obsolete: Vec<(String, u64, &str)> = of("fluent-obsolete")
        .iter()
        .map(|f| {
            (
                named_id(f),
                f["line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        obsolete,
        [
            (
                "oldMessage".to_string(),
                line_of(&dir, FR, "oldMessage"),
                "warning"
            ),
            (
                "-old-brand".to_string(),
                line_of(&dir, FR, "-old-brand"),
                "warning"
            ),
        ]
    );

    // Junk: both broken entries, at the parser's position, with the line.
    let junk: Vec<(u64, u64, &str)> = of("fluent-syntax")
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["snippet"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        junk,
        [
            (
                line_of(&dir, FR, "copiedUrl"),
                26,
                "copiedUrl = Lien copié { !"
            ),
            (line_of(&dir, FR, "signOut"), 9, "signOut Se déconnecter"),
        ]
    );

    // The six dropped variables compare-locales does not report.
    let mut vars: Vec<(u64, String)> = of("fluent-variables")
        .iter()
        .map(|f| {
            let m = f["message"].as_str().unwrap();
            let var = m.split("{ ").nth(1).unwrap().split(' ').next().unwrap();
            (
                f["line"].as_u64().unwrap(),
                format!("{} {var}", named_id(f)),
            )
        })
        .collect();
    vars.sort();
    let mut expected: Vec<(u64, String)> = [
        ("fileSizeProgress", "$totalSize"),
        ("expiresMinutes", "$minutes"),
        ("maxPasswordLength", "$length"),
        ("totalSize", "$size"),
        ("orClickWithSize", "$size"),
        ("fileSize", "$units"),
    ]
    .iter()
    .map(|(id, var)| (line_of(&dir, FR, &format!("{id} =")), format!("{id} {var}")))
    .collect();
    expected.sort();
    assert_eq!(vars, expected);

    // Nothing else.
    assert_eq!(findings.len(), 6 + 2 + 2 + 6, "{findings:#?}");
    assert_eq!(v["summary"]["errors"], 14);
    assert_eq!(v["summary"]["warnings"], 2);
}

#[test]
fn the_pristine_send_pair_is_clean() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    std::fs::copy(fixture().join("diglot.toml"), p.join("diglot.toml")).unwrap();
    std::fs::create_dir_all(p.join("corpus/statements")).unwrap();
    let send = fixtures().join("fluent/mozilla-send");
    for (from, lang) in [("en-US.send.ftl", "en"), ("fr.send.ftl", "fr")] {
        std::fs::create_dir_all(p.join("locales").join(lang)).unwrap();
        std::fs::copy(
            send.join(from),
            p.join("locales").join(lang).join("send.ftl"),
        )
        .unwrap();
    }
    let out = diglot(p)
        .args(["check", "--deny-warnings"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// compare-locales 9.0.5's own report on the same files (recorded by
/// `bench/compare_locales.sh`, `--json`): everything it reports, diglot
/// reports too, and it reports no dropped variable.
#[test]
fn diglot_reports_everything_compare_locales_reported() {
    let dir = fixture();
    let cl: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("compare-locales-9.0.5.json")).unwrap(),
    )
    .unwrap();
    let entries: Vec<&Value> = cl[0]["details"]["fr/send.ftl"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    let cl_of = |key: &str| -> Vec<String> {
        entries
            .iter()
            .filter_map(|e| e[key].as_str().map(String::from))
            .collect()
    };
    assert_eq!(cl[0]["summary"]["fr"]["missing"], 6);
    assert_eq!(cl[0]["summary"]["fr"]["obsolete"], 2);
    assert_eq!(cl[0]["summary"]["fr"]["errors"], 2);
    assert_eq!(cl[0]["summary"]["fr"]["warnings"], 0, "no variable check");

    let out = diglot(&dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let ids = |rule: &str| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(named_id)
            .collect()
    };
    let (missing, obsolete) = (ids("fluent-missing"), ids("fluent-obsolete"));
    for id in cl_of("missingEntity") {
        assert!(missing.contains(&id), "compare-locales: missing {id}");
    }
    for id in cl_of("obsoleteEntity") {
        assert!(obsolete.contains(&id), "compare-locales: obsolete {id}");
    }
    // "Unparsed content … from line L column 1 to …": diglot has a syntax
    // error on line L.
    for e in cl_of("error") {
        let line: u64 = e
            .split(" from line ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{e}"));
        assert!(
            findings
                .iter()
                .any(|f| f["rule"] == "fluent-syntax" && f["line"] == line),
            "compare-locales: {e}"
        );
    }
    assert_eq!(
        findings
            .iter()
            .filter(|f| f["rule"] == "fluent-variables")
            .count(),
        6
    );
}
