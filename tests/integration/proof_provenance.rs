//! Proof pages tell a reviewer where each translation came from, through
//! the real binary: `export` offers a fuzzy candidate, a translator edits
//! it in the exchange file, `import` records how the translation was
//! obtained, by which import and when (from `SOURCE_DATE_EPOCH`), and
//! `build --proof` shows it with a word diff of the edited candidate.

use crate::support::run;
use crate::support::site::*;
use std::path::Path;

/// 2025-06-05T10:30:00Z.
const JUNE_5: &str = "1749119400";
/// 2025-06-06T10:30:00Z.
const JUNE_6: &str = "1749205800";

const HAGUE_EN: &str = "The Assembly of States Parties closed its session in The Hague.";
const HAGUE_FR: &str = "L’Assemblée des États parties a clos sa session à La Haye.";
const BRUSSELS_FR: &str = "L’Assemblée des États parties a clos sa session à Bruxelles.";

/// The site fixture with one more statement: a new title, a sentence with
/// a fuzzy candidate in the memory (the Hague sentence of
/// `december-assembly`) and that sentence itself, in another context.
fn project_with_brussels() -> tempfile::TempDir {
    let p = project("basic");
    std::fs::write(
        p.path().join("corpus/statements/brussels.md"),
        format!(
            "+++\ntitle = \"A session in Brussels\"\ndate = \"2025-01-15\"\nslug = \"brussels\"\n+++\n\nThe Assembly of States Parties closed its session in Brussels. {HAGUE_EN}\n"
        ),
    )
    .unwrap();
    p
}

fn diglot_at(dir: &Path, epoch: &str, args: &[&str]) -> (i32, String, String) {
    let out = crate::support::diglot(dir)
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Export `brussels`, then translate it as a translator would: the title
/// from scratch, the Brussels sentence by editing the fuzzy candidate the
/// file offers; `state` on every segment. Returns the exchange file.
fn translate(p: &Path, state: &str) -> std::path::PathBuf {
    let (code, out, err) = run(p, &["export", "--lang", "fr", "--out", "x"]);
    assert_eq!(code, 0, "{out}{err}");
    let file = p.join("x/brussels.fr.xlf");
    let xml = std::fs::read_to_string(&file).unwrap();
    // The file offers the Hague translation as a fuzzy candidate.
    assert!(
        xml.contains("origin=\"project memory (fuzzy 81%)\""),
        "{xml}"
    );
    assert!(xml.contains(&format!("<target>{HAGUE_FR}</target>")));
    let xml = xml
        .replace(
            "<target>A session in Brussels</target>",
            "<target>Une session à Bruxelles</target>",
        )
        .replace(
            "<target>The Assembly of States Parties closed its session in Brussels.</target>",
            &format!("<target>{BRUSSELS_FR}</target>"),
        )
        .replace("state=\"initial\"", &format!("state=\"{state}\""));
    std::fs::write(&file, xml).unwrap();
    file
}

/// Spaces as a reader sees them (typography puts no-break spaces).
fn spaced(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn row<'a>(doc: &'a scraper::Html, source: &str) -> scraper::ElementRef<'a> {
    doc.select(&sel("table.proof-table tbody tr"))
        .find(|r| {
            r.select(&sel("td.source"))
                .next()
                .unwrap()
                .text()
                .collect::<String>()
                .trim()
                == source
        })
        .unwrap_or_else(|| panic!("no row for {source}"))
}

fn text_in(r: &scraper::ElementRef, selector: &str) -> String {
    spaced(
        &r.select(&sel(selector))
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
            .join(" | "),
    )
}

#[test]
fn proof_shows_how_each_translation_was_obtained_by_which_import_and_when() {
    let p = project_with_brussels();
    let dir = p.path();
    let file = translate(dir, "final");
    let import_id = format!(
        "{:016x}",
        xxhash_rust::xxh3::xxh3_64(&std::fs::read(&file).unwrap())
    );
    let (code, out, err) = diglot_at(dir, JUNE_5, &["import", "x/brussels.fr.xlf"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 approved"), "{out}");

    // The memory records it in the unit's diglot metadata.
    let mem = std::fs::read_to_string(dir.join("corpus/memory/fr.xlf")).unwrap();
    let unit = &mem[mem
        .find(BRUSSELS_FR)
        .map(|i| mem[..i].rfind("<unit ").unwrap())
        .unwrap()..];
    let unit = &unit[..unit.find("</unit>").unwrap()];
    for meta in [
        "<mda:meta type=\"origin\">brussels.fr.xlf</mda:meta>".to_string(),
        "<mda:meta type=\"obtained\">fuzzy-edited</mda:meta>".into(),
        "<mda:meta type=\"score\">81</mda:meta>".into(),
        format!("<mda:meta type=\"candidate\">{HAGUE_FR}</mda:meta>"),
        format!("<mda:meta type=\"import\">{import_id}</mda:meta>"),
        "<mda:meta type=\"imported\">2025-06-05T10:30:00Z</mda:meta>".into(),
        "<mda:meta type=\"approved\">2025-06-05T10:30:00Z</mda:meta>".into(),
        "<mda:meta type=\"approved-by\">import</mda:meta>".into(),
    ] {
        assert!(unit.contains(&meta), "{meta} not in\n{unit}");
    }

    let out = build(dir, &["--proof"]);
    let doc = page(&out, "fr/brussels/proof.html");

    // The edited fuzzy match: its score, the import, the date, the diff.
    let fuzzy = row(
        &doc,
        "The Assembly of States Parties closed its session in Brussels.",
    );
    assert_eq!(fuzzy.value().attr("data-obtained"), Some("fuzzy-edited"));
    assert_eq!(
        text_in(&fuzzy, ".origin.obtained"),
        "correspondance floue modifiée, 81 %"
    );
    let short_id = &import_id[..8];
    assert_eq!(
        text_in(&fuzzy, ".origin.imported"),
        format!("importée de brussels.fr.xlf (import {short_id}) le 5 juin 2025")
    );
    assert_eq!(
        text_in(&fuzzy, ".origin.approved-on"),
        "approuvée dans le fichier d’échange (enregistrée le 5 juin 2025)"
    );
    assert_eq!(text_in(&fuzzy, "p.diff del"), "La Haye");
    assert_eq!(text_in(&fuzzy, "p.diff ins"), "Bruxelles");
    let html = read(&out, "fr/brussels/proof.html");
    assert!(
        html.contains("sa session à <del>La Haye</del><ins>Bruxelles</ins>."),
        "{html}"
    );

    // The title was translated from scratch: new, and no diff.
    let title = row(&doc, "A session in Brussels");
    assert_eq!(title.value().attr("data-obtained"), Some("new"));
    assert_eq!(text_in(&title, ".origin.obtained"), "nouvelle traduction");
    assert!(title.select(&sel("p.diff")).next().is_none());

    // The Hague sentence reuses the translation approved for
    // `december-assembly`, whose memory records no origin.
    let reused = row(&doc, HAGUE_EN);
    assert_eq!(reused.value().attr("data-obtained"), Some("reused"));
    assert_eq!(reused.value().attr("data-match"), Some("exact"));
    assert_eq!(
        text_in(&reused, ".origin.obtained"),
        "reprise de la traduction approuvée dans un autre contexte"
    );
    assert_eq!(text_in(&reused, ".origin.imported"), "");

    // A memory without provenance (the fixture's) still builds: origin
    // not recorded.
    let doc = page(&out, "fr/december-assembly/proof.html");
    let old = row(&doc, HAGUE_EN);
    assert_eq!(old.value().attr("data-obtained"), Some("unknown"));
    assert_eq!(text_in(&old, ".origin.obtained"), "origine non enregistrée");

    // No clock in the build: a second build, another day, is the same.
    let again = crate::support::diglot(dir)
        .env("SOURCE_DATE_EPOCH", JUNE_6)
        .args(["build", "--proof", "--out", "site2"])
        .output()
        .unwrap();
    assert!(again.status.success());
    let a = files(&out);
    assert_eq!(a, files(&dir.join("site2")));
    for f in &a {
        assert!(
            std::fs::read(out.join(f)).unwrap()
                == std::fs::read(dir.join("site2").join(f)).unwrap(),
            "{f} differs between two builds"
        );
    }

    // The memory with its new metadata passes check's memory rules, and
    // importing the same file again changes nothing.
    let (_, check_out, check_err) = run(dir, &["check", "--format", "json"]);
    assert!(
        !check_out.contains("fr.xlf") && !check_err.contains("fr.xlf"),
        "{check_out}{check_err}"
    );
    let (code, out_v, err_v) = run(dir, &["validate", "corpus/memory/fr.xlf"]);
    assert_eq!(code, 0, "{out_v}{err_v}");
    let before = std::fs::read(dir.join("corpus/memory/fr.xlf")).unwrap();
    let (code, out2, err) = diglot_at(dir, JUNE_6, &["import", "x/brussels.fr.xlf"]);
    assert_eq!(code, 0, "{out2}{err}");
    assert!(out2.contains("2 unchanged"), "{out2}");
    assert_eq!(
        std::fs::read(dir.join("corpus/memory/fr.xlf")).unwrap(),
        before
    );
}

#[test]
fn approve_records_when_and_keeps_how_it_was_obtained() {
    let p = project_with_brussels();
    let dir = p.path();
    translate(dir, "translated");
    let (code, out, err) = diglot_at(dir, JUNE_5, &["import", "x/brussels.fr.xlf"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 unreviewed"), "{out}");
    let out = build(dir, &["--proof", "--allow-incomplete"]);
    let doc = page(&out, "fr/brussels/proof.html");
    let fuzzy = row(
        &doc,
        "The Assembly of States Parties closed its session in Brussels.",
    );
    assert_eq!(fuzzy.value().attr("data-state"), Some("unreviewed"));
    assert_eq!(fuzzy.value().attr("data-obtained"), Some("fuzzy-edited"));
    assert_eq!(text_in(&fuzzy, ".origin.approved-on"), "");

    // A reviewer approves the next day.
    let (code, out, err) = diglot_at(dir, JUNE_6, &["approve", "brussels"]);
    assert_eq!(code, 0, "{out}{err}");
    let out = build_into(dir, "site-approved", &["--proof"]);
    let doc = page(&out, "fr/brussels/proof.html");
    let fuzzy = row(
        &doc,
        "The Assembly of States Parties closed its session in Brussels.",
    );
    assert_eq!(fuzzy.value().attr("data-state"), Some("approved"));
    assert_eq!(fuzzy.value().attr("data-obtained"), Some("fuzzy-edited"));
    assert!(
        text_in(&fuzzy, ".origin.imported").ends_with("le 5 juin 2025"),
        "{}",
        text_in(&fuzzy, ".origin.imported")
    );
    assert_eq!(
        text_in(&fuzzy, ".origin.approved-on"),
        "approuvée avec diglot approve le 6 juin 2025"
    );
    assert_eq!(text_in(&fuzzy, "p.diff del"), "La Haye");
    let mem = std::fs::read_to_string(dir.join("corpus/memory/fr.xlf")).unwrap();
    assert!(mem.contains("<mda:meta type=\"approved-by\">approve</mda:meta>"));
    assert!(mem.contains("<mda:meta type=\"approved\">2025-06-06T10:30:00Z</mda:meta>"));
}

#[test]
fn import_approve_is_recorded_as_such() {
    let p = project_with_brussels();
    let dir = p.path();
    translate(dir, "translated");
    let (code, out, err) = diglot_at(dir, JUNE_5, &["import", "--approve", "x/brussels.fr.xlf"]);
    assert_eq!(code, 0, "{out}{err}");
    let out = build(dir, &["--proof"]);
    let doc = page(&out, "fr/brussels/proof.html");
    let title = row(&doc, "A session in Brussels");
    assert_eq!(
        text_in(&title, ".origin.approved-on"),
        "approuvée à l’import (import --approve) le 5 juin 2025"
    );
}

#[test]
fn a_bad_source_date_epoch_or_provenance_is_an_error_with_its_place() {
    let p = project_with_brussels();
    let dir = p.path();
    translate(dir, "final");
    let (code, _, err) = diglot_at(dir, "yesterday", &["import", "x/brussels.fr.xlf"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("SOURCE_DATE_EPOCH is `yesterday`"), "{err}");

    let (code, out, err) = diglot_at(dir, JUNE_5, &["import", "x/brussels.fr.xlf"]);
    assert_eq!(code, 0, "{out}{err}");
    let path = dir.join("corpus/memory/fr.xlf");
    let mem = std::fs::read_to_string(&path).unwrap();
    let bad = mem.replacen(
        "<mda:meta type=\"obtained\">new</mda:meta>",
        "<mda:meta type=\"obtained\">magic</mda:meta>",
        1,
    );
    assert_ne!(bad, mem);
    let line = bad[..bad.find(">magic<").unwrap()]
        .rfind("<unit ")
        .map(|i| bad[..i].matches('\n').count() + 1)
        .unwrap();
    std::fs::write(&path, bad).unwrap();
    // A memory diglot cannot read fails like any other invalid memory.
    let (code, _, err) = run(dir, &["build", "--proof"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("fr.xlf:{line}:")) && err.contains("metadata `obtained` is `magic`"),
        "{err}"
    );
}

#[test]
fn xliff_1_2_candidates_are_classified_too() {
    let p = project_with_brussels();
    let dir = p.path();
    let (code, out, err) = run(
        dir,
        &["export", "--lang", "fr", "--xliff", "1.2", "--out", "x"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let file = dir.join("x/brussels.fr.xlf");
    let xml = std::fs::read_to_string(&file).unwrap();
    assert!(xml.contains("<alt-trans match-quality=\"81\""), "{xml}");
    // The translator keeps the candidate as it is, for the title too.
    let xml = xml
        .replace(
            "<target state=\"needs-translation\">A session in Brussels</target>",
            "<target state=\"final\">Une session à Bruxelles</target>",
        )
        .replace(
            "<target state=\"needs-translation\">The Assembly of States Parties closed its session in Brussels.</target>",
            &format!("<target state=\"final\">{HAGUE_FR}</target>"),
        );
    std::fs::write(&file, xml).unwrap();
    let (code, out, err) = diglot_at(dir, JUNE_5, &["import", "x/brussels.fr.xlf"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 approved"), "{out}");
    let out = build(dir, &["--proof"]);
    let doc = page(&out, "fr/brussels/proof.html");
    let kept = row(
        &doc,
        "The Assembly of States Parties closed its session in Brussels.",
    );
    assert_eq!(kept.value().attr("data-obtained"), Some("fuzzy-accepted"));
    assert_eq!(
        text_in(&kept, ".origin.obtained"),
        "correspondance floue à 81 % gardée telle quelle"
    );
    assert!(kept.select(&sel("p.diff")).next().is_none());
    let title = row(&doc, "A session in Brussels");
    assert_eq!(title.value().attr("data-obtained"), Some("new"));
}

/// The locale file without the proof's provenance messages, as a project
/// made before they existed has it.
fn without_provenance_messages(ftl: &str) -> String {
    let ids = [
        "proof-obtained-",
        "proof-imported",
        "proof-approved-on",
        "proof-diff",
    ];
    let mut out = String::new();
    let mut skipping = false;
    for line in ftl.lines() {
        if ids.iter().any(|id| line.starts_with(id)) {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with(' ') || line.starts_with('}')) {
            continue;
        }
        skipping = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn a_project_without_the_messages_gets_the_shipped_labels() {
    let p = project_with_brussels();
    let dir = p.path();
    for lang in ["en", "fr"] {
        let path = dir.join(format!("locales/{lang}/site.ftl"));
        let ftl = std::fs::read_to_string(&path).unwrap();
        let old = without_provenance_messages(&ftl);
        assert!(!old.contains("proof-obtained") && !old.contains("DATETIME($date) }\n}"));
        assert!(old.contains("proof-findings"));
        std::fs::write(&path, old).unwrap();
    }
    translate(dir, "final");
    let (code, out, err) = diglot_at(dir, JUNE_5, &["import", "x/brussels.fr.xlf"]);
    assert_eq!(code, 0, "{out}{err}");
    let out = build(dir, &["--proof"]);
    let doc = page(&out, "fr/brussels/proof.html");
    let fuzzy = row(
        &doc,
        "The Assembly of States Parties closed its session in Brussels.",
    );
    assert_eq!(
        text_in(&fuzzy, ".origin.obtained"),
        "correspondance floue modifiée, 81 %"
    );
    assert!(text_in(&fuzzy, ".origin.imported").ends_with("le 5 juin 2025"));
    assert_eq!(text_in(&fuzzy, "p.diff del"), "La Haye");
}
