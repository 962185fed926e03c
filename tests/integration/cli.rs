//! CLI tests: the real binary on fixture projects copied into temporary
//! folders.

use crate::support::{copy_dir, diglot, repo, run, shipped};
use std::path::Path;

/// A copy of a fixture project with the shipped theme.
fn fixture(name: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/projects").join(name), d.path());
    copy_dir(&repo().join("theme"), &d.path().join("theme"));
    d
}

const SEED: &str = "corpus/statements/civil-society-condemns-us-sanctions-june-2025.md";

fn seed_segments(dir: &Path) -> Vec<serde_json::Value> {
    let (code, out, err) = run(dir, &["segment", "--format", "json", SEED]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<Vec<serde_json::Value>>(&out).unwrap()
}

fn visible_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("main").unwrap();
    let main = doc.select(&sel).next().expect("a <main> element");
    main.text()
        .collect::<Vec<_>>()
        .join("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn seed_segments_one_per_sentence_heading_and_item() {
    let d = shipped();
    let (code, out, _) = run(d.path(), &["segment", SEED]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    // title + 2 + 2 + heading + 4 + 4 + heading + 1 + 7 (6 items, two with
    // two sentences) + heading + 2 + 1 + heading + 2 + 5 headings + 4 items
    assert_eq!(lines.len(), 39, "{out}");
    for l in &lines {
        assert!(
            !l.ends_with("(U.S.")
                && !l.ends_with("(E.O.")
                && !l.starts_with("14203")
                && !l.starts_with(") government"),
            "split inside an abbreviation: {l}"
        );
    }
    assert!(lines.contains(&"On 5 June 2025, the United States (U.S.) government sanctioned four judges of the International Criminal Court (ICC), pursuant to Executive Order (E.O.) 14203."));
    assert!(lines.contains(&"A call to action: Protect justice, defend the Court"));
    assert!(lines.contains(&"Spain: Ministry of Foreign Affairs, European Union and Cooperation"));
    // Lead-in ending with a colon stays one segment with its colon.
    assert!(lines
        .iter()
        .any(|l| l.ends_with("demonstrate this commitment by:")));
}

#[test]
fn segment_reads_plain_text_from_stdin() {
    let d = tempfile::tempdir().unwrap();
    let out = diglot(d.path())
        .args(["segment", "--lang", "fr", "--format", "json"])
        .write_stdin("M. Dupont est arrivé. Il a parlé de l'art. 8 du Statut.\n\nFin ?")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let texts: Vec<&str> = v.iter().map(|x| x["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        vec![
            "M. Dupont est arrivé.",
            "Il a parlé de l'art. 8 du Statut.",
            "Fin ?"
        ]
    );
    assert_eq!(
        v[2]["start"].as_u64().unwrap() as usize,
        "M. Dupont est arrivé. Il a parlé de l'art. 8 du Statut.\n\n".len()
    );
}

#[test]
fn shipped_project_checks_clean_and_builds_both_pages() {
    let d = shipped();
    let (code, out, err) = run(d.path(), &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    let out_dir = d.path().join("out");
    let (code, _, err) = run(d.path(), &["build", "--out", out_dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let slug = "civil-society-condemns-us-sanctions-june-2025";
    let en = std::fs::read_to_string(out_dir.join(format!("en/{slug}/index.html"))).unwrap();
    let fr = std::fs::read_to_string(out_dir.join(format!("fr/{slug}/index.html"))).unwrap();
    let en_text = visible_text(&en);
    let fr_text = visible_text(&fr);
    let segs = seed_segments(d.path());
    assert_eq!(segs.len(), 39);
    for s in &segs {
        let t = s["text"].as_str().unwrap();
        assert!(en_text.contains(t), "English page lacks: {t}");
        assert!(!fr_text.contains(t), "French page contains English: {t}");
    }
    assert!(fr.contains("<html lang=\"fr\">"));
    assert!(fr_text.contains("5 juin 2025"));
    assert!(
        !fr.contains('\u{2068}') && !fr.contains('\u{2069}'),
        "no Fluent isolation marks"
    );
    assert!(out_dir.join("index.html").is_file());
    assert!(out_dir.join("sitemap.xml").is_file());
    assert!(out_dir.join("en/index.html").is_file() && out_dir.join("fr/index.html").is_file());
}

#[test]
fn removing_a_french_unit_fails_check_naming_the_segment() {
    let d = shipped();
    let mem = d.path().join("corpus/memory/fr.xlf");
    let xml = std::fs::read_to_string(&mem).unwrap();
    let start = xml.find("    <unit ").unwrap();
    let end = xml[start..].find("</unit>\n").unwrap() + start + "</unit>\n".len();
    let removed = &xml[start..end];
    let unit_id = removed.split('"').nth(1).unwrap().to_string();
    std::fs::write(&mem, format!("{}{}", &xml[..start], &xml[end..])).unwrap();
    let (code, out, _) = run(d.path(), &["check"]);
    assert_eq!(code, 1, "{out}");
    let seg_id = unit_id.trim_start_matches('u');
    assert!(out.contains(SEED), "{out}");
    assert!(
        out.contains(&format!("segment {seg_id} has no approved translation")),
        "{out}"
    );
    // JSON names it too.
    let (code, out, _) = run(d.path(), &["check", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["findings"][0]["rule"], "missing-translation");
    assert_eq!(v["findings"][0]["id"], seg_id);
    // And the build refuses, listing it.
    let (code, _, err) = run(d.path(), &["build", "--out", "out"]);
    assert_eq!(code, 1);
    assert!(err.contains(seg_id), "{err}");
    assert!(!d.path().join("out").exists(), "nothing written on failure");
}

#[test]
fn removing_a_french_message_fails_check_naming_message_and_file() {
    let d = shipped();
    let ftl = d.path().join("locales/fr/site.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("nav-home ="))
        .collect();
    std::fs::write(&ftl, kept.join("\n") + "\n").unwrap();
    let (code, out, _) = run(d.path(), &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("`nav-home`"), "{out}");
    assert!(out.contains("locales/fr"), "{out}");
    assert!(out.contains("locales/en/site.ftl"), "{out}");
}

#[test]
fn fluent_syntax_error_is_reported_with_position() {
    let d = shipped();
    let ftl = d.path().join("locales/fr/site.ftl");
    let mut text = std::fs::read_to_string(&ftl).unwrap();
    text.push_str("broken = oops }\n");
    std::fs::write(&ftl, &text).unwrap();
    let line = text.lines().count();
    let (code, out, _) = run(d.path(), &["check"]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("{line}:")) && out.contains("fluent-syntax"),
        "{out}"
    );
}

/// Fill every empty target of an exported XLIFF 2 file from a function of
/// the source, and mark the segments final.
fn fill_targets(path: &Path, translate: &dyn Fn(&str) -> String) {
    let xml = std::fs::read_to_string(path).unwrap();
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find("<source>") {
        let j = rest[i..].find("</source>").unwrap() + i;
        let src = &rest[i + "<source>".len()..j];
        out.push_str(&rest[..j + "</source>".len()]);
        out.push_str(&format!("\n        <target>{}</target>", translate(src)));
        rest = &rest[j + "</source>".len()..];
        // The export's target (a copy of the source) is replaced.
        if let Some(t) = rest.trim_start().strip_prefix("<target>") {
            rest = &t[t.find("</target>").unwrap() + "</target>".len()..];
        }
    }
    out.push_str(rest);
    std::fs::write(path, out.replace("state=\"initial\"", "state=\"final\"")).unwrap();
}

/// French for the text runs (outside markup) of the `basic` fixture.
const BASIC_FR: &[(&str, &str)] = &[
    ("A first statement", "Une première déclaration"),
    (
        "What the Court said on 1 June.",
        "Ce que la Cour a dit le 1er juin.",
    ),
    (
        "The Court met on 1 June 2025.",
        "La Cour s’est réunie le 1er juin 2025.",
    ),
    ("It adopted ", "Elle a adopté "),
    ("three", "trois"),
    (" decisions, see ", " décisions, voir "),
    ("the record", "le procès-verbal"),
    ("Next steps", "Prochaines étapes"),
    (
        "Mr. Smith will report to the U.S. Congress.",
        "M. Smith fera rapport au Congrès des États-Unis.",
    ),
    ("The ", "Le "),
    ("Registry", "Greffe"),
    (" will publish the ", " publiera le dossier "),
    (" file.", "."),
    (".", "."),
];

/// Translate each text run of an XLIFF source with a table, keeping every
/// inline code where it is; unknown runs become `FR[run]`.
fn translate_runs(src: &str, table: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            match table.iter().find(|(en, _)| *en == run.as_str()) {
                Some((_, fr)) => out.push_str(fr),
                None => out.push_str(&format!("FR[{run}]")),
            }
            run.clear();
        }
    };
    for c in src.chars() {
        match c {
            '<' => {
                flush(&mut run, &mut out);
                in_tag = true;
                out.push(c);
            }
            '>' => {
                in_tag = false;
                out.push(c);
            }
            c if in_tag => out.push(c),
            c => run.push(c),
        }
    }
    flush(&mut run, &mut out);
    out
}

/// A deterministic "translation" that keeps inline codes: tag each run of
/// text outside markup.
fn pseudo_fr(src: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut word = String::new();
    for c in src.chars() {
        match c {
            '<' => {
                if !word.is_empty() {
                    out.push_str(&format!("FR[{word}]"));
                    word.clear();
                }
                in_tag = true;
                out.push(c);
            }
            '>' => {
                in_tag = false;
                out.push(c);
            }
            c if in_tag => out.push(c),
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push_str(&format!("FR[{word}]"));
    }
    out
}

#[test]
fn export_translate_import_check_build_round_trip() {
    let d = fixture("basic");
    let p = d.path();
    // Nothing translated yet.
    let (code, out, _) = run(p, &["check"]);
    assert_eq!(code, 1);
    assert!(out.contains("missing-translation"));
    let (code, out, err) = run(p, &["export", "--lang", "fr", "--out", "xl"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("first-statement.fr.xlf: 7 unit(s)"), "{out}");
    let file = p.join("xl/first-statement.fr.xlf");
    let xml = std::fs::read_to_string(&file).unwrap();
    assert!(
        xml.contains("<pc id=\"1\" type=\"fmt\" subType=\"xlf:i\">three</pc>"),
        "{xml}"
    );
    assert!(xml.contains("type=\"link\""), "{xml}");
    assert!(xml.contains("<note category=\"next\">"), "{xml}");
    fill_targets(&file, &|s: &str| translate_runs(s, BASIC_FR));
    let (code, out, err) = run(p, &["import", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("7 approved"), "{out}");
    let (code, out, err) = run(p, &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    // Nothing left to export.
    let (_, out, _) = run(p, &["export", "--lang", "fr", "--out", "xl2"]);
    assert!(out.contains("nothing to translate"), "{out}");
    let (code, _, err) = run(p, &["build"]);
    assert_eq!(code, 0, "{err}");
    let fr = std::fs::read_to_string(p.join("site/fr/first-statement/index.html")).unwrap();
    // Codes come back as markup, with the source's URL.
    assert!(fr.contains("<em>trois</em>"), "{fr}");
    assert!(
        fr.contains("<a href=\"https://example.org/record?a=1&amp;b=2\">le procès-verbal</a>")
            || fr.contains("href=\"https:&#x2f;&#x2f;example.org&#x2f;record?a=1&amp;b=2\""),
        "{fr}"
    );
    assert!(fr.contains("<code>ICC-01/04</code>"), "{fr}");
    assert!(fr.contains("1er juin 2025"), "{fr}");
    // A second build gives the same bytes.
    let first = std::fs::read(p.join("site/fr/first-statement/index.html")).unwrap();
    let (code, _, _) = run(p, &["build"]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read(p.join("site/fr/first-statement/index.html")).unwrap(),
        first
    );
    // Importing the same file again changes nothing.
    let mem = std::fs::read(p.join("corpus/memory/fr.xlf")).unwrap();
    let (code, out, _) = run(p, &["import", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 0);
    assert!(out.contains("7 unchanged"), "{out}");
    assert_eq!(std::fs::read(p.join("corpus/memory/fr.xlf")).unwrap(), mem);
}

#[test]
fn import_rejects_broken_codes_stale_and_unknown_units() {
    let d = fixture("basic");
    let p = d.path();
    run(p, &["export", "--lang", "fr", "--out", "xl"]);
    let file = p.join("xl/first-statement.fr.xlf");
    fill_targets(&file, &|src: &str| {
        if src.contains("<pc id=\"1\" type=\"fmt\" subType=\"xlf:i\">") {
            // Drop the emphasis.
            "Il a adopté trois décisions.".to_string()
        } else {
            pseudo_fr(src)
        }
    });
    let xml = std::fs::read_to_string(&file).unwrap();
    // An unknown unit and a stale one.
    let xml = xml.replacen(
        "<source>Next steps</source>",
        "<source>Next step</source>",
        1,
    );
    let xml = xml.replacen("</file>", "    <unit id=\"ffffffffffffffff\">\n      <segment state=\"final\">\n        <source>Ghost.</source>\n        <target>Fantôme.</target>\n      </segment>\n    </unit>\n  </file>", 1);
    std::fs::write(&file, xml).unwrap();
    // --strict imports nothing.
    let (code, out, err) = run(p, &["import", "--strict", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        !p.join("corpus/memory/fr.xlf").exists(),
        "strict import wrote the memory"
    );
    assert!(out.contains("nothing was imported"), "{out}");
    let (code, out, err) = run(p, &["import", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("[inline-codes]") && err.contains("missing {1} (emphasis), {/1} (emphasis)"),
        "{err}"
    );
    assert!(err.contains("[stale]"), "{err}");
    assert!(
        err.contains("unit `ffffffffffffffff`") && err.contains("[unknown-id]"),
        "{err}"
    );
    assert!(
        out.contains("5 approved") && out.contains("1 stale") && out.contains("2 rejected"),
        "{out}"
    );
    // The accepted units were written.
    assert!(p.join("corpus/memory/fr.xlf").exists());
}

#[test]
fn build_fails_on_missing_translations_unless_allowed() {
    let d = fixture("basic");
    let p = d.path();
    let (code, _, err) = run(p, &["build"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("first-statement.md:7:1: [fr] statement `first-statement`: segment"),
        "{err}"
    );
    assert!(err.contains("“The Court met on 1 June 2025.”"), "{err}");
    assert!(!p.join("site").exists());
    let (code, _, err) = run(p, &["build", "--allow-incomplete"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("published in the source language"), "{err}");
    let fr = std::fs::read_to_string(p.join("site/fr/first-statement/index.html")).unwrap();
    assert!(
        fr.contains("<span lang=\"en\" class=\"fallback\">The Court met on 1 June 2025.</span>"),
        "{fr}"
    );
}

#[test]
fn bad_statement_is_reported_with_position() {
    let d = fixture("basic");
    let p = d.path();
    std::fs::write(
        p.join("corpus/statements/bad.md"),
        "+++\ntitle = \"x\"\ndate = \"2025-13-01\"\n+++\nText.\n",
    )
    .unwrap();
    let (code, _, err) = run(p, &["build"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("bad.md:3:8:") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    let (code, _, err) = run(p, &["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("bad.md:3:8:"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let d = fixture("basic");
    let (code, _, err) = run(d.path(), &["export", "--lang", "de"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a target language"), "{err}");
    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = run(empty.path(), &["build"]);
    assert_eq!(code, 2);
    assert!(err.contains("diglot.toml"), "{err}");
    let (code, _, _) = run(d.path(), &["frobnicate"]);
    assert_eq!(code, 2);
    let (code, _, err) = run(d.path(), &["import", "nope.xlf"]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.xlf"), "{err}");
}

#[test]
fn build_refuses_to_replace_a_foreign_folder() {
    let d = fixture("basic");
    let p = d.path();
    std::fs::create_dir_all(p.join("mine")).unwrap();
    std::fs::write(p.join("mine/keep.txt"), "precious").unwrap();
    let (code, _, err) = run(p, &["build", "--allow-incomplete", "--out", "mine"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read_to_string(p.join("mine/keep.txt")).unwrap(),
        "precious"
    );
    let (code, _, _) = run(p, &["build", "--allow-incomplete", "--out", "."]);
    assert_eq!(code, 2);
}

#[test]
fn edited_sentence_is_stale_and_reported_in_every_format() {
    let d = shipped();
    let st = d.path().join(SEED);
    let text = std::fs::read_to_string(&st).unwrap();
    let edited = text.replace(
        "Its mandate, entrusted by 125 States Parties,",
        "Its mandate, entrusted by 125 States Parties to the Rome Statute,",
    );
    assert_ne!(text, edited);
    std::fs::write(&st, edited).unwrap();
    let (code, out, _) = run(d.path(), &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[stale-translation] [fr]"), "{out}");
    assert!(out.contains("translated “Its mandate, entrusted by 125 States Parties, is to ensure justice when there is nowhere else to turn.”"), "{out}");
    assert!(
        out.contains("1 error(s), 0 warning(s)"),
        "the stale unit is not also reported obsolete: {out}"
    );
    let (code, out, _) = run(d.path(), &["check", "--format", "github"]);
    assert_eq!(code, 1);
    let line = out.lines().next().unwrap();
    assert!(
        line.starts_with(&format!("::error file={SEED},line=14,col=")),
        "{out}"
    );
    assert!(
        line.contains("title=diglot stale-translation [fr]::segment "),
        "{out}"
    );
    let (code, out, _) = run(d.path(), &["check", "--format", "junit"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("<testcase name=\"stale-translation\"")
            && out.contains("<failure message=\"segment "),
        "{out}"
    );
    let (code, out, _) = run(d.path(), &["check", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["findings"][0]["rule"], "stale-translation");
    assert_eq!(v["findings"][0]["line"], 14);
}

#[test]
fn segment_with_srx_rules_and_bad_rules() {
    let d = tempfile::tempdir().unwrap();
    let srx = repo().join("tests/fixtures/srx");
    let example = std::fs::read_dir(&srx)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.extension().map(|e| e == "srx").unwrap_or(false)
                && p.to_string_lossy().contains("example")
        })
        .expect("an example SRX fixture");
    let out = diglot(d.path())
        .args([
            "segment",
            "--lang",
            "en",
            "--rules",
            example.to_str().unwrap(),
        ])
        .write_stdin("First sentence. Second sentence.")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).lines().count() >= 1);
    std::fs::write(
        d.path().join("bad.srx"),
        "<srx version=\"2.0\" xmlns=\"http://www.lisa.org/srx20\"><header segmentsubflows=\"yes\" cascade=\"no\"/><body><languagerules><languagerule languagerulename=\"x\">\n<rule break=\"yes\"><beforebreak>(</beforebreak><afterbreak>\\s</afterbreak></rule></languagerule></languagerules><maprules><languagemap languagepattern=\".*\" languagerulename=\"x\"/></maprules></body></srx>",
    )
    .unwrap();
    let out = diglot(d.path())
        .args(["segment", "--rules", "bad.srx"])
        .write_stdin("A. B.")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.srx:2: rule in \"x\" not compiled") && err.contains("unclosed group"),
        "{err}"
    );
    std::fs::write(d.path().join("notxml.srx"), "this is not XML").unwrap();
    let out = diglot(d.path())
        .args(["segment", "--rules", "notxml.srx"])
        .write_stdin("A. B.")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("notxml.srx:1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Analysis rows by segment id: (band, class, score).
fn analysis_by_id(dir: &Path) -> std::collections::HashMap<String, (String, String, u64)> {
    let (code, out, err) = run(dir, &["analyze", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["statements"][0]["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                (
                    s["band"].as_str().unwrap().to_string(),
                    s["class"].as_str().unwrap_or("").to_string(),
                    s["score"].as_u64().unwrap_or(0),
                ),
            )
        })
        .collect()
}

#[test]
fn revised_statement_reuses_every_unchanged_sentence() {
    let d = shipped();
    let p = d.path();
    let st = p.join(SEED);
    let text = std::fs::read_to_string(&st).unwrap();
    let date_old = "On 5 June 2025, the United States";
    let word_old = "is to ensure justice when there is nowhere else to turn.";
    let removed = "These measures can severely affect the ability of the ICC to fulfil its crucial mandate in all situations where it operates. ";
    let added_after = "Justice cannot be silenced\n\n";
    let added = "The Coalition will publish further reactions as they arrive. ";
    for s in [date_old, word_old, removed, added_after] {
        assert!(text.contains(s), "{s}");
    }
    let revised = text
        .replace(date_old, "On 6 June 2025, the United States")
        .replace(
            word_old,
            "is to ensure justice when there is nowhere else to go.",
        )
        .replace(removed, "")
        .replace(added_after, &format!("{added_after}{added}"));
    std::fs::write(&st, revised).unwrap();

    let segs = seed_segments(p);
    let id_of = |needle: &str| -> String {
        segs.iter()
            .find(|s| s["text"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no segment with {needle}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let date_id = id_of("On 6 June 2025");
    let word_id = id_of("nowhere else to go.");
    let new_id = id_of("further reactions");
    let after_removed = id_of("Financial institutions and service providers");
    let untouched = id_of("A grave threat to justice");

    let a = analysis_by_id(p);
    assert_eq!(a.len(), 39);
    // The date changed: the old translation with the new date, auto-substituted.
    assert_eq!(a[&date_id].1, "substituted", "{:?}", a[&date_id]);
    assert!(a[&date_id].2 >= 95, "{:?}", a[&date_id]);
    // One word changed: a high fuzzy match.
    assert_eq!(a[&word_id].1, "fuzzy", "{:?}", a[&word_id]);
    assert!((85..100).contains(&a[&word_id].2), "{:?}", a[&word_id]);
    // The new sentence has no match.
    assert_eq!(a[&new_id].0, "no-match", "{:?}", a[&new_id]);
    // The sentence after the removed one lost its context: exact, not 101.
    assert_eq!(a[&after_removed].1, "exact", "{:?}", a[&after_removed]);
    assert_eq!(a[&untouched].1, "in-context", "{:?}", a[&untouched]);
    // Every other sentence is reused: in context (101) unless a neighbour
    // changed (the 8 neighbours of the 4 edits are exact, 100).
    let count = |class: &str| a.values().filter(|v| v.1 == class).count();
    assert_eq!((count("in-context"), count("exact")), (28, 8), "{a:?}");

    // Export lists only the changed and new segments, with candidates.
    let (code, out, err) = run(p, &["export", "--lang", "fr", "--out", "xl"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(": 3 unit(s)"), "{out}");
    let file = p.join(format!(
        "xl/{}.fr.xlf",
        "civil-society-condemns-us-sanctions-june-2025"
    ));
    let xml = std::fs::read_to_string(&file).unwrap();
    for id in [&date_id, &word_id, &new_id] {
        assert!(
            xml.contains(&format!("<unit id=\"{id}\"")),
            "{id} not exported"
        );
    }
    // The old translation of the edited sentence is offered, and the date
    // candidate already has the new date in French.
    assert!(
        xml.contains("lorsqu’il n’existe aucun autre recours"),
        "{xml}"
    );
    assert!(xml.contains("Le 6 juin 2025"), "{xml}");
    assert!(xml.contains("mtc:matches"), "{xml}");

    // The build fails until they are approved.
    let (code, _, err) = run(p, &["build", "--out", "out"]);
    assert_eq!(code, 1, "{err}");
    // Approve: take each unit's best candidate (or a translation for the new sentence).
    let doc = std::fs::read_to_string(&file).unwrap();
    let mut filled = String::new();
    let mut rest = doc.as_str();
    while let Some(i) = rest.find("<unit id=\"") {
        let j = rest[i..].find("</unit>").unwrap() + i;
        let unit = &rest[i..j];
        let target = if unit.contains("further reactions") {
            "La Coalition publiera d’autres réactions à mesure qu’elles arriveront.".to_string()
        } else {
            let t0 = unit.find("<mtc:match").unwrap();
            let ts = unit[t0..].find("<target>").unwrap() + t0 + "<target>".len();
            let te = unit[ts..].find("</target>").unwrap() + ts;
            unit[ts..te].to_string()
        };
        let target = if unit.contains("nowhere else to go") {
            target.replace("aucun autre recours", "aucune autre voie")
        } else {
            target
        };
        let unit = unit.replace("state=\"initial\"", "state=\"final\"");
        let k = unit.rfind("</source>").unwrap() + "</source>".len();
        filled.push_str(&rest[..i]);
        filled.push_str(&unit[..k]);
        filled.push_str(&format!("\n        <target>{target}</target>"));
        filled.push_str(&unit[k..]);
        rest = &rest[j..];
    }
    filled.push_str(rest);
    std::fs::write(&file, filled).unwrap();
    let (code, out, err) = run(p, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("3 approved"), "{out}");
    let (code, out, _) = run(p, &["check"]);
    // The removed sentence's unit is now obsolete (a warning), nothing else.
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("obsolete-unit"), "{out}");
    let (code, _, err) = run(p, &["build", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    let fr = std::fs::read_to_string(p.join(format!(
        "out/fr/{}/index.html",
        "civil-society-condemns-us-sanctions-june-2025"
    )))
    .unwrap();
    assert!(
        fr.contains("Le 6 juin 2025"),
        "date substituted into the published French"
    );
}

#[test]
fn tm_lookup_reports_class_score_and_substitution() {
    let d = shipped();
    let (code, out, err) = run(
        d.path(),
        &["tm", "lookup", "--format", "json", "On 1 June 2024, the United States (U.S.) government sanctioned four judges of the International Criminal Court (ICC), pursuant to Executive Order (E.O.) 14203."],
    );
    assert_eq!(code, 0, "{err}");
    let v: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["class"], "substituted");
    assert_eq!(v[0]["score"], 99);
    assert!(
        v[0]["target"]
            .as_str()
            .unwrap()
            .starts_with("Le 1er juin 2024,"),
        "{out}"
    );
    assert_eq!(v[0]["substitutions"][0]["target_new"], "1er juin 2024");
    let (code, out, _) = run(
        d.path(),
        &[
            "tm",
            "lookup",
            "Completely unrelated words about gardening tomatoes.",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.contains("no match"), "{out}");
}

#[test]
fn pretranslate_adds_candidates_and_keeps_other_bytes() {
    let d = shipped();
    let p = d.path();
    // An XLIFF 1.2 file from another system with one known sentence.
    let xlf = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" xmlns:x=\"urn:example:other\">\n <file original=\"a.txt\" source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\" x:keep=\"yes\">\n  <body>\n   <trans-unit id=\"1\">\n    <source>Justice cannot be silenced</source>\n   </trans-unit>\n   <trans-unit id=\"2\" x:flag=\"1\">\n    <source>Nothing like this is in the memory at all.</source>\n   </trans-unit>\n  </body>\n </file>\n</xliff>\n";
    std::fs::write(p.join("in.xlf"), xlf).unwrap();
    let (code, _, err) = run(p, &["pretranslate", "in.xlf", "--out", "out.xlf"]);
    assert_eq!(code, 0, "{err}");
    let out = std::fs::read_to_string(p.join("out.xlf")).unwrap();
    assert!(out.contains("<alt-trans"), "{out}");
    assert!(out.contains("match-quality=\"100\""), "{out}");
    assert!(
        out.contains("La justice ne peut pas être réduite au silence") || out.contains("silence"),
        "{out}"
    );
    // Every original line is still there, in order.
    let mut pos = 0;
    for line in xlf.lines() {
        let at = out[pos..]
            .find(line)
            .unwrap_or_else(|| panic!("lost: {line}\n{out}"));
        pos += at + line.len();
    }
    // With --fill 100 the known sentence gets a target.
    let (code, _, err) = run(
        p,
        &[
            "pretranslate",
            "in.xlf",
            "--fill",
            "100",
            "--out",
            "filled.xlf",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let filled = std::fs::read_to_string(p.join("filled.xlf")).unwrap();
    assert!(filled.contains("<target"), "{filled}");
    // Nothing to add: byte-identical.
    std::fs::write(
        p.join("none.xlf"),
        xlf.replace(
            "Justice cannot be silenced",
            "Nothing here either, truly nothing.",
        ),
    )
    .unwrap();
    let (code, _, _) = run(p, &["pretranslate", "none.xlf", "--out", "none-out.xlf"]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read(p.join("none.xlf")).unwrap(),
        std::fs::read(p.join("none-out.xlf")).unwrap()
    );
}

#[test]
fn closed_output_pipe_ends_quietly_with_exit_0() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    // Far more than a pipe buffer of segments, so that the writes go on
    // after the reader has gone away (`diglot segment FILE | head -1`).
    let d = tempfile::tempdir().unwrap();
    let text: String = (0..40_000)
        .map(|i| format!("Sentence number {i} is here. "))
        .collect();
    std::fs::write(d.path().join("long.txt"), text).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_diglot"))
        .current_dir(d.path())
        .args(["segment", "long.txt"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "Sentence number 0 is here.\n");
    // The reader is dropped here: the pipe is closed.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

/// The shipped project with a statement the parser refuses (a table).
fn with_refused_statement() -> tempfile::TempDir {
    let d = shipped();
    std::fs::write(
        d.path().join("corpus/statements/with-table.md"),
        "+++\ntitle = \"Figures\"\ndate = \"2025-06-05\"\nslug = \"with-table\"\n+++\n\nThe figures follow.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    )
    .unwrap();
    d
}

#[test]
fn memory_commands_do_not_read_the_statements() {
    let d = with_refused_statement();
    let p = d.path();
    // The statement is refused where the statements are needed…
    let (code, _, err) = run(p, &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("with-table.md:"), "{err}");
    let (code, _, err) = run(p, &["export", "--lang", "fr"]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("with-table.md:"), "{err}");
    // …and the memory commands never read them.
    let (code, out, err) = run(p, &["tm", "export", "--lang", "fr"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("<tmx version=\"1.4\">") && out.contains("<tu "),
        "{out}"
    );
    let (code, out, err) = run(
        p,
        &[
            "tm",
            "lookup",
            "--format",
            "json",
            "On 5 June 2025, the United States (U.S.) government sanctioned four judges of the International Criminal Court (ICC), pursuant to Executive Order (E.O.) 14203.",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(!rows.is_empty(), "{out}");
    std::fs::write(p.join("ref.tsv"), "Good morning.\tBonjour.\n").unwrap();
    let (code, out, err) = run(p, &["tm", "import", "ref.tsv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 reference unit(s)"), "{out}");
    assert!(p.join("corpus/memory/reference/ref.fr.xlf").is_file());
}

#[test]
fn a_broken_diglot_toml_is_never_ignored() {
    let d = fixture("basic");
    let p = d.path();
    std::fs::write(p.join("plain.txt"), "One sentence. Another one.\n").unwrap();
    // Before: a working project, found from a subfolder too.
    let (code, out, err) = run(p, &["segment", "plain.txt"]);
    assert_eq!((code, out.lines().count()), (0, 2), "{err}");
    std::fs::write(p.join("diglot.toml"), "source_language = [\n").unwrap();
    std::fs::create_dir_all(p.join("sub")).unwrap();
    for (dir, args) in [
        (p.to_path_buf(), vec!["segment", "plain.txt"]),
        (p.join("sub"), vec!["segment", "../plain.txt"]),
        (p.to_path_buf(), vec!["tm", "export", "--lang", "fr"]),
        (p.to_path_buf(), vec!["pretranslate", "nothing.xlf"]),
    ] {
        let (code, _, err) = run(&dir, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("diglot.toml"), "{args:?}: {err}");
    }
    // Without any diglot.toml, segment works on its own.
    let alone = tempfile::tempdir().unwrap();
    std::fs::write(alone.path().join("plain.txt"), "One. Two.\n").unwrap();
    let (code, out, err) = run(alone.path(), &["segment", "plain.txt"]);
    assert_eq!((code, out.as_str()), (0, "One.\nTwo.\n"), "{err}");
}

/// The keys of each object of a pretty-printed JSON array, in order.
fn object_keys(v: &serde_json::Value, text: &str) -> Vec<String> {
    // serde_json's Value sorts keys; the order is read from the text.
    let first = v.as_object().expect("an object");
    let mut keys: Vec<(usize, String)> = first
        .keys()
        .map(|k| {
            (
                text.find(&format!("\"{k}\":")).expect("key in text"),
                k.clone(),
            )
        })
        .collect();
    keys.sort();
    keys.into_iter().map(|(_, k)| k).collect()
}

#[test]
fn validate_and_import_json_keep_their_shape() {
    let d = fixture("basic");
    let p = d.path();
    std::fs::write(p.join("bad.ftl"), "ok = Fine\nbroken = { $x\n").unwrap();
    let (code, out, err) = run(p, &["validate", "--format", "json", "bad.ftl"]);
    assert_eq!(code, 1, "{err}");
    let v: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(v.len(), 1, "{out}");
    assert_eq!(
        object_keys(&v[0], &out),
        ["path", "rule", "line", "column", "message"]
    );
    assert_eq!(v[0]["rule"], "fluent-syntax");
    assert_eq!(v[0]["path"], "bad.ftl");
    let (code, out, _) = run(p, &["validate", "bad.ftl"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("bad.ftl:2:"), "{out}");
    assert!(out.contains(": [fluent-syntax] syntax error"), "{out}");
    // import: the first unit has an unknown id (the others, with a plain
    // target for sources with inline codes, may be refused too).
    let (code, _, err) = run(p, &["export", "--lang", "fr", "--out", "ex"]);
    assert_eq!(code, 0, "{err}");
    let file = p.join("ex/first-statement.fr.xlf");
    let xlf = std::fs::read_to_string(&file).unwrap();
    let first = xlf.split("<unit id=\"").nth(1).unwrap();
    let id = &first[..first.find('"').unwrap()];
    let xlf = xlf
        .replacen(&format!("<unit id=\"{id}\""), "<unit id=\"nonexistent\"", 1)
        .replace("</source>", "</source><target>Cible.</target>");
    std::fs::write(&file, xlf).unwrap();
    let (code, out, err) = run(
        p,
        &["import", "--format", "json", "ex/first-statement.fr.xlf"],
    );
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let problems = v["problems"].as_array().unwrap();
    assert!(!problems.is_empty(), "{out}");
    let at = out.find("\"problems\"").unwrap();
    assert_eq!(
        object_keys(&problems[0], &out[at..]),
        ["file", "line", "unit", "reason", "message"]
    );
    assert_eq!(problems[0]["reason"], "unknown-id");
    assert_eq!(problems[0]["unit"], "nonexistent");
    let (_, _, err) = run(p, &["import", "ex/first-statement.fr.xlf", "--dry-run"]);
    assert!(
        err.starts_with("error: ex/first-statement.fr.xlf:")
            && err.contains(
                ": unit `nonexistent`: no segment of the project has this id [unknown-id]"
            ),
        "{err}"
    );
}
