//! Images in statements through the real binary: the alt text is a segment
//! of its own (exported with a note), its translation is the French page's
//! `<img alt>`, a per-language override is used for French, local images
//! are copied beside the page, and a missing or escaping source is an error
//! at its position.

use super::support::{diglot, run};
use std::path::Path;

const STATEMENT: &str = "+++\ntitle = \"Alpha\"\ndate = 2025-06-05\n+++\nThe figures rose. ![A chart of cases](img/chart.png \"Cases per year\") They fell after.\n\n![Remote logo](https://example.org/logo.png)\n";

/// A new project (en → fr) with one statement showing a local and a remote
/// image.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path();
    diglot(p).args(["init", "-q"]).assert().success();
    let dir = p.join("corpus/statements");
    std::fs::create_dir_all(dir.join("img")).unwrap();
    std::fs::write(dir.join("img/chart.png"), b"english chart").unwrap();
    std::fs::write(dir.join("a.md"), STATEMENT).unwrap();
    tmp
}

/// Give every exported unit a final French target: `Fr ` + its source.
fn translate_all(xlf: &str) -> String {
    let mut out = String::new();
    let mut rest = xlf;
    while let Some(i) = rest.find("<segment state=\"initial\">") {
        let j = rest[i..].find("</source>").unwrap() + i + "</source>".len();
        let seg = &rest[i..j];
        let src = &seg[seg.find("<source>").unwrap() + 8..seg.len() - 9];
        out.push_str(&rest[..i]);
        out.push_str(&seg.replace("state=\"initial\"", "state=\"final\""));
        out.push_str(&format!("<target>Fr {src}</target>"));
        rest = &rest[j..];
    }
    out.push_str(rest);
    out
}

fn export(p: &Path) -> String {
    diglot(p)
        .args(["export", "--lang", "fr", "--out", "x", "-q"])
        .assert()
        .success();
    std::fs::read_to_string(p.join("x/a.fr.xlf")).unwrap()
}

/// The unit whose source is exactly `source`.
fn unit_of<'a>(xlf: &'a str, source: &str) -> &'a str {
    let at = xlf
        .find(&format!("<source>{source}</source>"))
        .unwrap_or_else(|| panic!("no segment `{source}` in\n{xlf}"));
    let start = xlf[..at].rfind("<unit ").unwrap();
    let end = at + xlf[at..].find("</unit>").unwrap();
    &xlf[start..end]
}

#[test]
fn export_shows_alt_text_and_title_as_segments_with_a_note() {
    let d = project();
    let xlf = export(d.path());
    let alt = unit_of(&xlf, "A chart of cases");
    assert!(
        alt.contains("alternative text of an image") && alt.contains("img/chart.png"),
        "{alt}"
    );
    let title = unit_of(&xlf, "Cases per year");
    assert!(title.contains("title of an image"), "{title}");
    assert!(unit_of(&xlf, "Remote logo").contains("https://example.org/logo.png"));
    // In its sentence the image is one standalone code showing its alt text.
    assert!(
        xlf.contains("disp=\"A chart of cases\"")
            && xlf.contains("type=\"image\"/> They fell after."),
        "{xlf}"
    );
    // No segment is only an image.
    assert!(!xlf.contains("type=\"image\"/></source>"), "{xlf}");
}

#[test]
fn translated_alt_and_override_reach_the_french_page() {
    let d = project();
    let p = d.path();
    std::fs::write(
        p.join("corpus/statements/img/chart.fr.png"),
        b"french chart",
    )
    .unwrap();
    let xlf = export(p);
    std::fs::write(p.join("x/a.fr.xlf"), translate_all(&xlf)).unwrap();
    diglot(p)
        .args(["import", "x/a.fr.xlf", "-q"])
        .assert()
        .success();
    diglot(p)
        .args(["build", "--out", "site", "-q"])
        .assert()
        .success();
    let fr = std::fs::read_to_string(p.join("site/fr/a/index.html")).unwrap();
    let en = std::fs::read_to_string(p.join("site/en/a/index.html")).unwrap();
    assert!(
        fr.contains(
            "<img src=\"img/chart.fr.png\" alt=\"Fr A chart of cases\" title=\"Fr Cases per year\">"
        ),
        "{fr}"
    );
    assert!(
        fr.contains("<img src=\"https://example.org/logo.png\" alt=\"Fr Remote logo\">"),
        "{fr}"
    );
    assert!(
        en.contains(
            "<img src=\"img/chart.png\" alt=\"A chart of cases\" title=\"Cases per year\">"
        ),
        "{en}"
    );
    // Each page's image is copied beside it; the remote one is not copied.
    assert_eq!(
        std::fs::read(p.join("site/fr/a/img/chart.fr.png")).unwrap(),
        b"french chart"
    );
    assert_eq!(
        std::fs::read(p.join("site/en/a/img/chart.png")).unwrap(),
        b"english chart"
    );
    assert!(!p.join("site/fr/a/img/chart.png").exists());
    // The copied images are in the manifest of the files diglot wrote.
    let manifest = std::fs::read_to_string(p.join("site/.diglot-site")).unwrap();
    // Each line: the file's hash, two spaces, its path.
    let listed: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.split_once("  ").map(|(_, p)| p))
        .collect();
    for f in [
        "en/a/img/chart.png",
        "fr/a/img/chart.fr.png",
        "fr/a/index.html",
    ] {
        assert!(listed.contains(&f), "{f} not in\n{manifest}");
    }
}

#[test]
fn a_missing_image_is_an_error_at_its_position_in_build_and_check() {
    let d = project();
    let p = d.path();
    std::fs::remove_file(p.join("corpus/statements/img/chart.png")).unwrap();
    for args in [&["build", "--out", "site"][..], &["check"][..]] {
        let (code, out, err) = run(p, args);
        let all = format!("{out}{err}");
        assert_ne!(code, 0, "{args:?}: {all}");
        assert!(
            all.contains("corpus/statements/a.md:5:19:")
                && all.contains("image `img/chart.png` not found"),
            "{args:?}: {all}"
        );
    }
}

#[test]
fn a_path_leaving_the_project_is_refused() {
    let d = project();
    let p = d.path();
    for (src, what) in [
        ("../../../etc/passwd", "outside the project"),
        ("/etc/passwd", "absolute paths are refused"),
    ] {
        std::fs::write(
            p.join("corpus/statements/a.md"),
            STATEMENT.replace("img/chart.png", src),
        )
        .unwrap();
        let (code, out, err) = run(p, &["build", "--out", "site"]);
        let all = format!("{out}{err}");
        assert_ne!(code, 0, "{all}");
        assert!(
            all.contains("corpus/statements/a.md:5:19:") && all.contains(what),
            "{src}: {all}"
        );
        assert!(!p.join("site").exists());
    }
}

/// `check --format json`: exit code and findings.
fn check(p: &Path) -> (i32, Vec<serde_json::Value>) {
    let (code, out, err) = run(p, &["check", "--format", "json"]);
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (code, v["findings"].as_array().unwrap().clone())
}

/// The alt text is checked like any segment: missing before translation, at
/// its own position; its translation through QA (French typography) after.
#[test]
fn check_covers_the_alt_text() {
    let d = project();
    let p = d.path();
    let xlf = export(p);
    let (code, findings) = check(p);
    assert_eq!(code, 1);
    let alt = findings
        .iter()
        .find(|f| f["rule"] == "missing-translation" && f["snippet"] == "A chart of cases")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(
        (alt["line"].as_u64(), alt["column"].as_u64()),
        (Some(5), Some(21))
    );
    // A colon after an ordinary space in the French alt text.
    let translated = translate_all(&xlf).replace(
        "<target>Fr A chart of cases</target>",
        "<target>Graphique : les cas</target>",
    );
    assert!(translated.contains("Graphique : les cas"));
    std::fs::write(p.join("x/a.fr.xlf"), translated).unwrap();
    diglot(p)
        .args(["import", "x/a.fr.xlf", "-q"])
        .assert()
        .success();
    let (_, findings) = check(p);
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "typography" && f["snippet"] == "Graphique : les cas"),
        "{findings:#?}"
    );
    assert!(
        !findings.iter().any(|f| f["rule"] == "missing-translation"),
        "{findings:#?}"
    );
}
