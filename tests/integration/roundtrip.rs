//! The translator round trip (issue 16), through the real binary on
//! temporary projects: a real CAT tool (OmegaT 3.6) on diglot's XLIFF 1.2,
//! approval, no lost update, stale work kept, BCP 47 language tags,
//! retiring unused units.

use super::support::{copy_dir, repo, run};

use std::path::{Path, PathBuf};

/// A copy of the `basic` fixture project with the shipped theme.
fn basic() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/projects/basic"), d.path());
    copy_dir(&repo().join("theme"), &d.path().join("theme"));
    d
}

fn read(p: &Path, rel: &str) -> String {
    std::fs::read_to_string(p.join(rel)).unwrap()
}

const STATEMENT: &str = "corpus/statements/first-statement.md";
const MEMORY: &str = "corpus/memory/fr.xlf";

/// The `basic` fixture's sentences in OmegaT's notation (tags as `<g0>`,
/// `<x1/>`, numbered in order) and their French.
const OMEGAT_FR: &[(&str, &str)] = &[
    ("A first statement", "Une première déclaration"),
    (
        "What the Court said on 1 June.",
        "Ce que la Cour a dit le 1er juin.",
    ),
    (
        "The Court met on 1 June 2025.",
        "La Cour s’est réunie le 1er juin 2025.",
    ),
    (
        "It adopted <g0>three</g0> decisions, see <g1>the record</g1>.",
        "Elle a adopté <g0>trois</g0> décisions, voir <g1>le procès-verbal</g1>.",
    ),
    ("Next steps", "Prochaines étapes"),
    (
        "Mr. Smith will report to the U.S. Congress.",
        "M. Smith fera rapport au Congrès des États-Unis.",
    ),
    (
        "The <g0>Registry</g0> will publish the <x1/> file.",
        "Le <g0>Greffe</g0> publiera le dossier <x1/>.",
    ),
];

/// The French of a sentence in XLIFF 1.2 inline markup as diglot writes it.
fn fr12(source: &str) -> String {
    match source {
        "A first statement" => "Une première déclaration".into(),
        "What the Court said on 1 June." => "Ce que la Cour a dit le 1er juin.".into(),
        "The Court met on 1 June 2025." => "La Cour s’est réunie le 1er juin 2025.".into(),
        "Next steps" => "Prochaines étapes".into(),
        "Mr. Smith will report to the U.S. Congress." => {
            "M. Smith fera rapport au Congrès des États-Unis.".into()
        }
        s if s.starts_with("It adopted ") => "Elle a adopté <g id=\"1\" ctype=\"italic\">trois</g> décisions, voir <g id=\"2\" ctype=\"link\">le procès-verbal</g>.".into(),
        s if s.starts_with("The <g") => "Le <g id=\"1\" ctype=\"bold\">Greffe</g> publiera le dossier <x id=\"2\" ctype=\"x-code\" equiv-text=\"ICC-01/04\"/>.".into(),
        s => panic!("no French for {s}"),
    }
}

/// Translate an XLIFF 1.2 export: each `<target state="needs-translation">`
/// (a copy of the source) gets `translate(source)` and `state`.
fn translate12(path: &Path, state: &str, translate: &dyn Fn(&str) -> Option<String>) {
    let xml = std::fs::read_to_string(path).unwrap();
    let mut out = String::new();
    let mut rest = xml.as_str();
    let open = "<target state=\"needs-translation\">";
    while let Some(i) = rest.find(open) {
        let j = rest[i..].find("</target>").unwrap() + i;
        let src = &rest[i + open.len()..j];
        out.push_str(&rest[..i]);
        match translate(src) {
            Some(t) => out.push_str(&format!("<target state=\"{state}\">{t}</target>")),
            None => out.push_str(&rest[i..j + "</target>".len()]),
        }
        rest = &rest[j + "</target>".len()..];
    }
    out.push_str(rest);
    std::fs::write(path, out).unwrap();
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// OmegaT 3.6 (Debian's `omegat`) on the PATH. Without it the test is
/// skipped with a message, except under `CI=true` where that is a failure.
fn omegat() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("omegat"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("omegat is required under CI=true (apt-get install -y omegat)");
        }
        eprintln!("SKIPPED: omegat not found (apt-get install -y omegat)");
    }
    found
}

/// An OmegaT project translating en → fr with sentence segmentation off,
/// whose `tm/auto` holds the reference translations as an OmegaT TMX
/// (`creationtool="OmegaT"`: segments in OmegaT's tag notation).
fn omegat_project(dir: &Path) {
    for sub in [
        "source",
        "target",
        "tm/auto",
        "glossary",
        "dictionary",
        "omegat",
    ] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::write(
        dir.join("omegat.project"),
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>source</source_dir>
        <source_dir_excludes/>
        <target_dir>target</target_dir>
        <tm_dir>tm</tm_dir>
        <glossary_dir>glossary</glossary_dir>
        <glossary_file>glossary/glossary.txt</glossary_file>
        <dictionary_dir>dictionary</dictionary_dir>
        <source_lang>en</source_lang>
        <target_lang>fr</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"#,
    )
    .unwrap();
    let mut tmx = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"OmegaT\" creationtoolversion=\"3.6.0\" segtype=\"sentence\" o-tmf=\"OmegaT TMX\" adminlang=\"EN-US\" srclang=\"en\" datatype=\"plaintext\"/>\n<body>\n",
    );
    for (en, fr) in OMEGAT_FR {
        tmx.push_str(&format!(
            "<tu><tuv xml:lang=\"en\"><seg>{}</seg></tuv><tuv xml:lang=\"fr\"><seg>{}</seg></tuv></tu>\n",
            xml_escape(en),
            xml_escape(fr)
        ));
    }
    tmx.push_str("</body>\n</tmx>\n");
    std::fs::write(dir.join("tm/auto/reference.tmx"), tmx).unwrap();
}

#[test]
fn omegat_translates_the_xliff_12_export_and_everything_comes_back() {
    let Some(omegat) = omegat() else { return };
    let d = basic();
    let p = d.path();
    let (code, out, err) = run(
        p,
        &["export", "--lang", "fr", "--xliff", "1.2", "--out", "xl"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let exported = read(p, "xl/first-statement.fr.xlf");
    // Untranslated units carry a copy of the source: what OmegaT needs.
    assert_eq!(
        exported
            .matches("<target state=\"needs-translation\">")
            .count(),
        7
    );
    // Before translation, a copy of the source is never a translation.
    let (code, out, _) = run(p, &["import", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 0);
    assert!(out.contains("7 untranslated"), "{out}");
    assert!(!p.join(MEMORY).exists());

    let t = tempfile::tempdir().unwrap();
    let omt = t.path().join("omt");
    omegat_project(&omt);
    std::fs::copy(
        p.join("xl/first-statement.fr.xlf"),
        omt.join("source/first-statement.fr.xlf"),
    )
    .unwrap();
    // One JVM start: console mode translates from tm/auto and writes target/.
    let status = std::process::Command::new(omegat)
        .arg("--mode=console-translate")
        .arg("--quiet")
        .arg("--disable-project-locking")
        .arg(format!(
            "--config-dir={}",
            t.path().join("config").display()
        ))
        .arg(&omt)
        .output()
        .unwrap();
    let translated = omt.join("target/first-statement.fr.xlf");
    assert!(
        status.status.success() && translated.exists(),
        "omegat failed: {}{}",
        String::from_utf8_lossy(&status.stdout),
        String::from_utf8_lossy(&status.stderr)
    );
    let xml = std::fs::read_to_string(&translated).unwrap();
    // OmegaT translated inside <target>, kept the state and diglot's record.
    assert!(
        xml.contains("<g id=\"1\" ctype=\"italic\">trois</g>"),
        "{xml}"
    );
    assert_eq!(xml.matches("x-diglot-base").count(), 7, "{xml}");

    let (code, out, err) = run(p, &["import", translated.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    // needs-translation: stored, awaiting review.
    assert!(
        out.contains("0 approved, 7 unreviewed") && out.contains("0 rejected"),
        "{out}"
    );
    let (code, out, _) = run(p, &["build"]);
    assert_eq!(code, 1, "nothing is approved yet: {out}");
    // A reviewer approves them all.
    let (code, out, err) = run(p, &["approve", "--lang", "fr", "--all"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("7 translation(s) approved in corpus/memory/fr.xlf"),
        "{out}"
    );
    let (code, _, err) = run(p, &["build"]);
    assert_eq!(code, 0, "{err}");
    let fr = read(p, "site/fr/first-statement/index.html");
    // Inline codes came back through OmegaT intact.
    assert!(fr.contains("<em>trois</em>"), "{fr}");
    assert!(fr.contains("<strong>Greffe</strong>"), "{fr}");
    assert!(fr.contains("<code>ICC-01/04</code>"), "{fr}");
    assert!(fr.contains("le procès-verbal</a>"), "{fr}");
    // Importing OmegaT's file again changes nothing (approval stays).
    let mem = read(p, MEMORY);
    let (code, out, _) = run(p, &["import", translated.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("7 unchanged"), "{out}");
    assert_eq!(read(p, MEMORY), mem);
}

#[test]
fn import_approve_and_the_approve_command() {
    let d = basic();
    let p = d.path();
    run(
        p,
        &["export", "--lang", "fr", "--xliff", "1.2", "--out", "xl"],
    );
    let file = p.join("xl/first-statement.fr.xlf");
    translate12(&file, "needs-review-translation", &|s| Some(fr12(s)));
    let (code, out, err) = run(p, &["import", "--dry-run", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("7 unreviewed"), "{out}");
    run(p, &["import", "xl/first-statement.fr.xlf"]);
    // By segment id (as in the exchange file) and by statement.
    let (code, out, err) = run(
        p,
        &["approve", "--lang", "fr", "--unit", "66a2b5e3a149af28"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 translation(s) approved"), "{out}");
    assert!(
        out.contains("“The Court met on 1 June 2025.” → “La Cour s’est réunie le 1er juin 2025.”"),
        "{out}"
    );
    let (code, _, err) = run(p, &["approve", "--lang", "fr", "--unit", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("`nope`"), "{err}");
    let (code, out, _) = run(
        p,
        &["approve", "--lang", "fr", "first-statement", "--dry-run"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("6 translation(s) would be approved"), "{out}");
    let (_, out, _) = run(p, &["approve", "--lang", "fr", "first-statement"]);
    assert!(out.contains("6 translation(s) approved"), "{out}");
    let (code, out, _) = run(p, &["approve", "--lang", "fr", "--all"]);
    assert_eq!(code, 0);
    assert!(out.contains("nothing to approve"), "{out}");
    let (code, out, err) = run(p, &["check"]);
    assert_eq!(code, 0, "{out}{err}");

    // A revision of an approved translation, not yet reviewed: kept beside
    // the approved one (never dropped, never published before approval).
    run(
        p,
        &[
            "export", "--lang", "fr", "--xliff", "1.2", "--all", "--out", "rev",
        ],
    );
    let rev = read(p, "rev/first-statement.fr.xlf").replacen(
        "<target state=\"final\">Prochaines étapes</target>",
        "<target state=\"needs-review-translation\">Étapes suivantes</target>",
        1,
    );
    std::fs::write(p.join("rev/first-statement.fr.xlf"), rev).unwrap();
    let (code, out, err) = run(p, &["import", "rev/first-statement.fr.xlf"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("1 unreviewed") && out.contains("6 unchanged"),
        "{out}"
    );
    let mem = read(p, MEMORY);
    assert!(mem.contains("Étapes suivantes") && mem.contains("Prochaines étapes"));
    run(p, &["build"]);
    assert!(read(p, "site/fr/first-statement/index.html").contains("Prochaines étapes"));
    let (_, out, _) = run(
        p,
        &["approve", "--lang", "fr", "--unit", "212c243a9daf3171"],
    );
    assert!(
        out.contains("Étapes suivantes") && out.contains("replaces u"),
        "{out}"
    );
    // The superseded translation is gone; the revision keeps it as the
    // candidate it edited (its provenance, for the proof's diff).
    let mem = read(p, MEMORY);
    assert!(!mem.contains("<target>Prochaines étapes</target>"), "{mem}");
    assert!(
        mem.contains("<mda:meta type=\"candidate\">Prochaines étapes</mda:meta>"),
        "{mem}"
    );

    // import --approve: a trusted translator's file is approved as it comes.
    let d = basic();
    let p = d.path();
    run(
        p,
        &["export", "--lang", "fr", "--xliff", "1.2", "--out", "xl"],
    );
    let file = p.join("xl/first-statement.fr.xlf");
    translate12(&file, "needs-translation", &|s| Some(fr12(s)));
    let (code, out, err) = run(p, &["import", "--approve", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("7 approved"), "{out}");
    let (code, _, err) = run(p, &["build"]);
    assert_eq!(code, 0, "{err}");
}

/// The memory unit of a source sentence: (line of its target, target text).
fn memory_target(p: &Path, source: &str) -> String {
    let mem = read(p, MEMORY);
    let i = mem.find(&format!("<source>{source}</source>")).unwrap();
    let t = mem[i..].find("<target>").unwrap() + i + "<target>".len();
    let e = mem[t..].find("</target>").unwrap() + t;
    mem[t..e].to_string()
}

#[test]
fn no_lost_update_after_check_fix() {
    let d = basic();
    let p = d.path();
    run(
        p,
        &["export", "--lang", "fr", "--xliff", "1.2", "--out", "xl"],
    );
    // An older copy (`--all` later gives the approved translation itself).
    let file = p.join("xl/first-statement.fr.xlf");
    // A straight apostrophe and no space before the colon: check --fix
    // corrects both in the memory.
    translate12(&file, "final", &|s| {
        Some(if s == "The Court met on 1 June 2025." {
            "La Cour s'est réunie: le 1er juin 2025.".into()
        } else {
            fr12(s)
        })
    });
    let (code, out, err) = run(p, &["import", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("7 approved"), "{out}");
    // The same file twice: a no-op.
    let before = read(p, MEMORY);
    let (code, out, _) = run(p, &["import", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 0);
    assert!(out.contains("7 unchanged"), "{out}");
    assert_eq!(read(p, MEMORY), before);

    let (code, _, err) = run(p, &["check", "--fix"]);
    assert!(err.contains("fix(es) applied"), "{code} {err}");
    let fixed = memory_target(p, "The Court met on 1 June 2025.");
    assert_ne!(
        fixed, "La Cour s'est réunie: le 1er juin 2025.",
        "check --fix changed nothing"
    );
    let after_fix = read(p, MEMORY);

    // The translator's older file again: a conflict, the memory unchanged.
    let (code, out, err) = run(p, &["import", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("[conflict]"), "{err}");
    assert!(
        err.contains("the memory has “La Cour s’est réunie"),
        "{err}"
    );
    assert!(
        err.contains("the file “La Cour s'est réunie: le 1er juin 2025.”"),
        "{err}"
    );
    assert!(err.contains(&format!("{STATEMENT}:")), "position: {err}");
    assert!(
        out.contains("1 conflict(s)") && out.contains("6 unchanged"),
        "{out}"
    );
    assert_eq!(read(p, MEMORY), after_fix, "a conflict must not write");
    // JSON carries both versions.
    let (_, out, _) = run(
        p,
        &[
            "import",
            "--dry-run",
            "--format",
            "json",
            "xl/first-statement.fr.xlf",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["conflicts"], 1);
    assert_eq!(v["problems"][0]["reason"], "conflict");
    let c = &v["conflict_versions"][0];
    assert_eq!(c["theirs"], "La Cour s'est réunie: le 1er juin 2025.");
    assert!(c["memory"].as_str().unwrap().contains("s’est"), "{c}");
    assert!(
        c["position"].as_str().unwrap().starts_with(STATEMENT),
        "{c}"
    );

    // An export made after the fix, unchanged by the translator: the
    // memory's translation is the file's; after another memory change the
    // old file is older, not a conflict.
    run(
        p,
        &[
            "export", "--lang", "fr", "--xliff", "1.2", "--all", "--out", "xl2",
        ],
    );
    let all = read(p, "xl2/first-statement.fr.xlf");
    assert!(all.contains("x-diglot-base\">t"), "{all}");
    let (code, out, _) = run(p, &["import", "xl2/first-statement.fr.xlf"]);
    assert_eq!(code, 0);
    assert!(out.contains("7 unchanged"), "{out}");

    // --theirs takes the file's version.
    let (code, out, err) = run(p, &["import", "--theirs", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 approved"), "{out}");
    assert_eq!(
        memory_target(p, "The Court met on 1 June 2025."),
        "La Cour s'est réunie: le 1er juin 2025."
    );
    // Now the --all file is older than the memory and unchanged: nothing.
    let before = read(p, MEMORY);
    let (code, out, _) = run(p, &["import", "xl2/first-statement.fr.xlf"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("7 unchanged"), "{out}");
    assert_eq!(read(p, MEMORY), before);
}

#[test]
fn work_on_an_edited_sentence_is_kept_and_offered() {
    let d = basic();
    let p = d.path();
    run(
        p,
        &["export", "--lang", "fr", "--xliff", "1.2", "--out", "xl"],
    );
    translate12(&p.join("xl/first-statement.fr.xlf"), "final", &|s| {
        Some(fr12(s))
    });
    // The editor changes a sentence meanwhile.
    let text = read(p, STATEMENT).replace(
        "Mr. Smith will report to the U.S. Congress.",
        "Mr. Smith will report to the U.S. Congress in July.",
    );
    std::fs::write(p.join(STATEMENT), text).unwrap();
    let (code, out, err) = run(p, &["import", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("[stale]") && !err.contains("[unknown-id]"),
        "{err}"
    );
    assert!(err.contains("kept unreviewed"), "{err}");
    assert!(
        out.contains("6 approved") && out.contains("1 stale"),
        "{out}"
    );
    assert!(read(p, MEMORY).contains("M. Smith fera rapport au Congrès des États-Unis."));
    // The next export offers the translator's sentence as a candidate.
    let (code, _, err) = run(p, &["export", "--lang", "fr", "--out", "xl2"]);
    assert_eq!(code, 0, "{err}");
    let xml = read(p, "xl2/first-statement.fr.xlf");
    let i = xml.find("<mtc:match").expect("a candidate");
    let m = &xml[i..];
    let q: f64 = m
        .split("matchQuality=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(q >= 75.0, "{m}");
    assert!(
        m.contains("M. Smith fera rapport au Congrès des États-Unis."),
        "{m}"
    );
    // A unit that never belonged to the project is still unknown.
    let ghost = read(p, "xl/first-statement.fr.xlf").replacen(
        "</body>",
        "<trans-unit id=\"ffffffffffffffff\"><source>Ghost.</source><target state=\"final\">Fantôme.</target></trans-unit></body>",
        1,
    );
    std::fs::write(p.join("xl/ghost.xlf"), ghost).unwrap();
    let (code, _, err) = run(p, &["import", "xl/ghost.xlf"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unit `ffffffffffffffff`") && err.contains("[unknown-id]"),
        "{err}"
    );
}

#[test]
fn language_tags_match_as_bcp47() {
    for tag in ["fr-FR", "fr_FR", "FR-ca"] {
        let d = basic();
        let p = d.path();
        run(p, &["export", "--lang", "fr", "--out", "xl"]);
        let file = p.join("xl/first-statement.fr.xlf");
        let xml = read(p, "xl/first-statement.fr.xlf")
            .replace("trgLang=\"fr\"", &format!("trgLang=\"{tag}\""))
            .replace("srcLang=\"en\"", "srcLang=\"en-US\"")
            .replace(
                "<target>Next steps</target>",
                "<target>Prochaines étapes</target>",
            )
            .replacen(
                "<segment state=\"initial\">\n        <source>Next steps",
                "<segment state=\"final\">\n        <source>Next steps",
                1,
            );
        std::fs::write(&file, xml).unwrap();
        let (code, out, err) = run(p, &["import", "xl/first-statement.fr.xlf"]);
        assert_eq!(code, 0, "{tag}: {out}{err}");
        assert!(out.contains("1 approved"), "{tag}: {out}");
        // The memory keeps the project's tag.
        assert!(read(p, MEMORY).contains("trgLang=\"fr\""));
    }
    // A project with fr and fr-CA: the most specific.
    let d = basic();
    let p = d.path();
    let cfg = read(p, "diglot.toml").replace(
        "target_languages = [\"fr\"]",
        "target_languages = [\"fr\", \"fr-CA\"]",
    );
    std::fs::write(
        p.join("diglot.toml"),
        cfg + "\n[exchange.file_language]\nfr-CA = \"fr-Latn-CA\"\n",
    )
    .unwrap();
    let (code, _, err) = run(p, &["export", "--lang", "fr-CA", "--out", "xl"]);
    assert_eq!(code, 0, "{err}");
    let xml = read(p, "xl/first-statement.fr-CA.xlf");
    // The configured file tag is written.
    assert!(xml.contains("trgLang=\"fr-Latn-CA\""), "{xml}");
    let xml = xml
        .replace(
            "<target>Next steps</target>",
            "<target>Prochaines étapes</target>",
        )
        .replacen(
            "<segment state=\"initial\">\n        <source>Next steps",
            "<segment state=\"final\">\n        <source>Next steps",
            1,
        );
    std::fs::write(p.join("xl/first-statement.fr-CA.xlf"), xml).unwrap();
    let (code, out, err) = run(p, &["import", "xl/first-statement.fr-CA.xlf"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("updated corpus/memory/fr-CA.xlf"), "{out}");
    assert!(!p.join(MEMORY).exists());
    // A language the project does not translate into is refused.
    let xml = read(p, "xl/first-statement.fr-CA.xlf")
        .replace("trgLang=\"fr-Latn-CA\"", "trgLang=\"de-DE\"");
    std::fs::write(p.join("xl/de.xlf"), xml).unwrap();
    let (code, _, err) = run(p, &["import", "xl/de.xlf"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`de-DE` is not a target language of this project"),
        "{err}"
    );
}

#[test]
fn prune_retires_unused_units_and_check_passes() {
    let d = basic();
    let p = d.path();
    run(
        p,
        &["export", "--lang", "fr", "--xliff", "1.2", "--out", "xl"],
    );
    translate12(&p.join("xl/first-statement.fr.xlf"), "final", &|s| {
        Some(fr12(s))
    });
    run(p, &["import", "xl/first-statement.fr.xlf"]);
    // The editor revises a sentence; the translator translates it.
    let text = read(p, STATEMENT).replace(
        "Mr. Smith will report to the U.S. Congress.",
        "Mr. Smith will report to the Congress.",
    );
    std::fs::write(p.join(STATEMENT), text).unwrap();
    run(
        p,
        &["export", "--lang", "fr", "--xliff", "1.2", "--out", "xl2"],
    );
    translate12(&p.join("xl2/first-statement.fr.xlf"), "final", &|_| {
        Some("M. Smith fera rapport au Congrès.".into())
    });
    let (code, out, err) = run(p, &["import", "xl2/first-statement.fr.xlf"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = run(p, &["check", "--deny-warnings"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("obsolete-unit"), "{out}");
    let before = read(p, MEMORY);
    let (code, out, _) = run(p, &["tm", "prune", "--lang", "fr", "--dry-run"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("1 unit(s) would move to corpus/memory/reference/retired.fr.xlf"),
        "{out}"
    );
    assert_eq!(read(p, MEMORY), before);
    let (code, out, err) = run(p, &["tm", "prune", "--lang", "fr"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("retired u")
            && out.contains("(approved): Mr. Smith will report to the U.S. Congress."),
        "{out}"
    );
    let retired = read(p, "corpus/memory/reference/retired.fr.xlf");
    assert!(retired.contains("M. Smith fera rapport au Congrès des États-Unis."));
    // Retired: no unit translates it (the translation made from it keeps
    // it as the candidate it edited).
    assert!(!read(p, MEMORY).contains("des États-Unis.</target>"));
    let (code, out, err) = run(p, &["check", "--deny-warnings"]);
    assert_eq!(code, 0, "{out}{err}");
    // Still matched, from the reference memory.
    let (_, out, _) = run(
        p,
        &[
            "tm",
            "lookup",
            "Mr. Smith will report to the U.S. Congress.",
        ],
    );
    assert!(out.contains("reference memory retired"), "{out}");
    assert!(out.contains("project memory"), "{out}");
    // Nothing left: a second prune is a no-op.
    let (_, out, _) = run(p, &["tm", "prune"]);
    assert!(out.contains("nothing to retire"), "{out}");
    // The published site is unchanged by the retired unit.
    let (code, _, err) = run(p, &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(!read(p, "site/fr/first-statement/index.html").contains("des États-Unis"));
}

#[test]
fn export_target_setting_and_small_defaults() {
    let d = basic();
    let p = d.path();
    let cfg = read(p, "diglot.toml");
    std::fs::write(
        p.join("diglot.toml"),
        format!("{cfg}\n[exchange]\ntarget = \"none\"\n[exchange.target_by_version]\n\"1.2\" = \"empty\"\n"),
    )
    .unwrap();
    run(p, &["export", "--lang", "fr", "--out", "x2"]);
    assert!(!read(p, "x2/first-statement.fr.xlf").contains("<target"));
    run(
        p,
        &["export", "--lang", "fr", "--xliff", "1.2", "--out", "x1"],
    );
    let x1 = read(p, "x1/first-statement.fr.xlf");
    assert_eq!(
        x1.matches("<target state=\"needs-translation\"></target>")
            .count(),
        7,
        "{x1}"
    );
    // A bad setting names itself.
    std::fs::write(
        p.join("diglot.toml"),
        format!("{cfg}\n[exchange]\ntarget = \"copy\"\n"),
    )
    .unwrap();
    let (code, _, err) = run(p, &["export", "--lang", "fr"]);
    assert_eq!(code, 2);
    assert!(err.contains("diglot.toml") && err.contains("copy"), "{err}");
    std::fs::write(p.join("diglot.toml"), &cfg).unwrap();

    // tm export defaults --lang; pretranslate takes --lang for files without one.
    let (code, out, err) = run(p, &["tm", "export"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("<tmx"), "{out}");
    let bare = "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"a\" source-language=\"en\" datatype=\"plaintext\"><body><trans-unit id=\"1\"><source>Next steps</source></trans-unit></body></file></xliff>\n";
    std::fs::write(p.join("bare.xlf"), bare).unwrap();
    let (code, _, err) = run(p, &["pretranslate", "bare.xlf", "--no-project"]);
    assert_eq!(code, 2);
    assert!(err.contains("--lang"), "{err}");
    let (code, _, err) = run(
        p,
        &["pretranslate", "bare.xlf", "--no-project", "--lang", "fr"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("en → fr"), "{err}");
    let (code, _, err) = run(p, &["pretranslate", "bare.xlf"]);
    assert_eq!(code, 0, "the project's only target language: {err}");
    // export with no statements says so.
    std::fs::remove_file(p.join(STATEMENT)).unwrap();
    let (code, out, _) = run(p, &["export", "--lang", "fr"]);
    assert_eq!(code, 0);
    assert!(out.contains("the project has no statements"), "{out}");
}

#[test]
fn stale_message_quotes_the_latest_translation() {
    let d = basic();
    let p = d.path();
    run(
        p,
        &["export", "--lang", "fr", "--xliff", "1.2", "--out", "xl"],
    );
    translate12(&p.join("xl/first-statement.fr.xlf"), "final", &|s| {
        Some(fr12(s))
    });
    run(p, &["import", "xl/first-statement.fr.xlf"]);
    let edit = |from: &str, to: &str| {
        let text = read(p, STATEMENT).replace(from, to);
        std::fs::write(p.join(STATEMENT), text).unwrap();
    };
    edit(
        "Mr. Smith will report to the U.S. Congress.",
        "Mr. Smith will report to the Congress in July.",
    );
    run(
        p,
        &["export", "--lang", "fr", "--xliff", "1.2", "--out", "xl2"],
    );
    translate12(&p.join("xl2/first-statement.fr.xlf"), "final", &|_| {
        Some("M. Smith fera rapport au Congrès en juillet.".into())
    });
    let (code, out, err) = run(p, &["import", "xl2/first-statement.fr.xlf"]);
    assert_eq!(code, 0, "{out}{err}");
    edit(
        "Mr. Smith will report to the Congress in July.",
        "Mr. Smith will report to the Congress in August.",
    );
    let (code, out, _) = run(p, &["check"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("translated “Mr. Smith will report to the Congress in July.” as “M. Smith fera rapport au Congrès en juillet.”"),
        "{out}"
    );
}

#[test]
fn a_copy_of_the_source_is_a_translation_only_when_signed_off() {
    let d = basic();
    let p = d.path();
    run(
        p,
        &["export", "--lang", "fr", "--xliff", "1.2", "--out", "xl"],
    );
    let file = p.join("xl/first-statement.fr.xlf");
    // The translator keeps "Next steps" as it is but leaves the state.
    translate12(&file, "translated", &|s| {
        (s == "Next steps").then(|| s.to_string())
    });
    let (code, out, _) = run(p, &["import", "--approve", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("0 approved") && out.contains("7 untranslated"),
        "{out}"
    );
    // A reviewer signs the copy off: it is the translation.
    let xml = read(p, "xl/first-statement.fr.xlf").replace(
        "<target state=\"translated\">Next steps</target>",
        "<target state=\"signed-off\">Next steps</target>",
    );
    std::fs::write(&file, xml).unwrap();
    let (code, out, _) = run(p, &["import", "xl/first-statement.fr.xlf"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("1 approved") && out.contains("6 untranslated"),
        "{out}"
    );
}
