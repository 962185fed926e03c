//! `diglot init` through the real binary: a new user's whole first loop
//! (init → write a statement → build fails → export → translate → import →
//! build and check pass) in a temporary folder; the same loop with French
//! and Spanish targets, and with a language diglot has no folder for.

use crate::support::diglot;
use predicates::prelude::PredicateBooleanExt;
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::Path;

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

// Languages as folders of data: a project with English source and French
// and Spanish targets (Spanish is only data in `src/languages/es/`) goes
// through init → export → translate → import → check → build, and a
// language without a folder (`de`) through the same loop with the
// documented fallbacks.

const STATEMENT_ES: &str = "+++\n\
title = \"Registry opens a field office\"\n\
date = \"2025-06-05\"\n\
+++\n\
\n\
The Registry opened a field office today. It will serve 4,312 victims, 12.5 per cent more than planned.\n\
\n\
Will the office stay open?\n";

/// Fill every unit of an exported XLIFF 2 file with the final target that
/// `translations` gives its source (every source must have one).
fn translate_with(xlf: &str, translations: &BTreeMap<&str, &str>) -> String {
    let mut out = String::new();
    let mut rest = xlf;
    while let Some(i) = rest.find("<source>") {
        let j = rest[i..].find("</source>").unwrap() + i;
        let source = &rest[i + "<source>".len()..j];
        let target = translations
            .get(source)
            .unwrap_or_else(|| panic!("no translation for {source:?}"));
        out.push_str(&rest[..j + "</source>".len()]);
        out.push_str(&format!("<target>{target}</target>"));
        rest = &rest[j + "</source>".len()..];
        // The export's own target (a copy of the source, or the memory's
        // translation) is replaced, as a CAT tool does.
        let trimmed = rest.trim_start();
        if trimmed.starts_with("<target") {
            let end = trimmed.find("</target>").map(|k| k + "</target>".len());
            let end = end.or_else(|| trimmed.find("/>").map(|k| k + 2)).unwrap();
            rest = &trimmed[end..];
        }
    }
    out.push_str(rest);
    out.replace("state=\"initial\"", "state=\"final\"")
}

fn french() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        (
            "Registry opens a field office",
            "Le Greffe ouvre un bureau extérieur",
        ),
        (
            "The Registry opened a field office today.",
            "Le Greffe a ouvert un bureau extérieur aujourd’hui.",
        ),
        (
            "It will serve 4,312 victims, 12.5 per cent more than planned.",
            "Il servira 4\u{202F}312 victimes, 12,5\u{A0}% de plus que prévu.",
        ),
        (
            "Will the office stay open?",
            "Le bureau restera-t-il ouvert\u{202F}?",
        ),
    ])
}

/// Good Spanish, or Spanish with the mistakes the Spanish data catches: a
/// question without `¿` and a space before `?` (typography), a decimal
/// point (numbers: `12.5` is not twelve and a half in Spanish).
fn spanish(good: bool) -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        (
            "Registry opens a field office",
            "La Secretaría abre una oficina sobre el terreno",
        ),
        (
            "The Registry opened a field office today.",
            "La Secretaría abrió hoy una oficina sobre el terreno.",
        ),
        (
            "It will serve 4,312 victims, 12.5 per cent more than planned.",
            if good {
                "Atenderá a 4312 víctimas, un 12,5 % más de lo previsto."
            } else {
                "Atenderá a 4312 víctimas, un 12.5 % más de lo previsto."
            },
        ),
        (
            "Will the office stay open?",
            if good {
                "¿Seguirá abierta la oficina?"
            } else {
                "Seguirá abierta la oficina ?"
            },
        ),
    ])
}

fn export_translate_import(root: &Path, lang: &str, translations: &BTreeMap<&str, &str>) {
    export_translate_import_with(root, lang, translations, &[]);
}

/// The same with more `export` options (`--all --force` for a reviewed
/// re-export: a fresh base for every unit, so the corrected file updates
/// the memory instead of conflicting with its earlier import).
fn export_translate_import_with(
    root: &Path,
    lang: &str,
    translations: &BTreeMap<&str, &str>,
    extra: &[&str],
) {
    diglot(root)
        .args(["export", "--lang", lang, "--out", "exchange"])
        .args(extra)
        .assert()
        .success();
    let path = root.join(format!("exchange/field-office.{lang}.xlf"));
    let xlf = std::fs::read_to_string(&path).unwrap();
    assert!(xlf.contains(&format!("trgLang=\"{lang}\"")), "{xlf}");
    std::fs::write(&path, translate_with(&xlf, translations)).unwrap();
    diglot(root)
        .args(["import", &format!("exchange/field-office.{lang}.xlf")])
        .assert()
        .success();
}

fn check_json(root: &Path, code: i32) -> serde_json::Value {
    let out = diglot(root)
        .args(["check", "--format", "json"])
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn page(root: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn attr(doc: &Html, css: &str, name: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .filter_map(|e| e.value().attr(name).map(String::from))
        .collect()
}

fn text(doc: &Html) -> String {
    select(doc, "body")[0].text().collect()
}

#[test]
fn spanish_and_french_targets_from_init_to_three_sites() {
    let tmp = tempfile::tempdir().unwrap();
    // Spanish starter messages come from its folder: no copy, no warning.
    let out = diglot(tmp.path())
        .args([
            "init",
            "p",
            "--target-language",
            "fr",
            "--target-language",
            "es",
            "--base-url",
            "https://statements.example.org/",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("is a copy"), "{stderr}");
    let root = tmp.path().join("p");
    let es_ftl = std::fs::read_to_string(root.join("locales/es/site.ftl")).unwrap();
    assert!(es_ftl.contains("nav-home = Inicio"), "{es_ftl}");
    std::fs::write(root.join("corpus/statements/field-office.md"), STATEMENT_ES).unwrap();

    export_translate_import(&root, "fr", &french());
    export_translate_import(&root, "es", &spanish(false));

    // The Spanish rules fire on the bad translation, and only on Spanish.
    let report = check_json(&root, 1);
    let findings = report["findings"].as_array().unwrap();
    let found: Vec<(&str, &str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["lang"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    let has = |rule: &str, needle: &str| {
        found
            .iter()
            .any(|(r, l, m)| *r == rule && *l == "es" && m.contains(needle))
    };
    assert!(
        has("typography", "‘?’ without its opening ‘¿’"),
        "{found:#?}"
    );
    assert!(has("typography", "no space belongs there"), "{found:#?}");
    assert!(has("numbers", "12.5"), "{found:#?}");
    assert!(
        found.iter().all(|(_, l, _)| *l == "es"),
        "French and the Fluent messages are clean: {found:#?}"
    );
    // A corrected Spanish file, exported again for review and imported over
    // the bad one: clean.
    export_translate_import_with(&root, "es", &spanish(true), &["--all", "--force"]);
    let report = check_json(&root, 0);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0, "{report}");

    diglot(&root).arg("build").assert().success();
    let langs = ["en", "fr", "es"];
    for l in langs {
        let doc = page(&root, &format!("site/{l}/field-office/index.html"));
        assert_eq!(attr(&doc, "html", "lang"), vec![l.to_string()]);
        // hreflang alternates for all three, and x-default.
        let mut alts = attr(
            &doc,
            "head link[rel=alternate][hreflang]:not([type])",
            "hreflang",
        );
        alts.sort();
        assert_eq!(alts, vec!["en", "es", "fr", "x-default"], "{l}");
        let hrefs = attr(
            &doc,
            "head link[rel=alternate][hreflang=es]:not([type])",
            "href",
        );
        assert_eq!(
            hrefs,
            vec!["https://statements.example.org/es/field-office/".to_string()]
        );
        // The switcher names every language in itself.
        let labels: Vec<String> = select(&doc, "nav.switcher li")
            .iter()
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect();
        assert_eq!(labels, vec!["English", "Français", "Español"], "{l}");
        let switch_langs = attr(&doc, "nav.switcher [lang]", "lang");
        assert_eq!(switch_langs, vec!["en", "fr", "es"], "{l}");
    }
    let es = page(&root, "site/es/field-office/index.html");
    let body = text(&es);
    // The date through ICU4X's Spanish data, the Spanish messages.
    assert!(body.contains("5 de junio de 2025"), "{body}");
    assert!(body.contains("¿Seguirá abierta la oficina?"), "{body}");
    assert!(body.contains("12,5 %"), "{body}");
    assert_eq!(
        attr(&es, "meta[property='og:locale']", "content"),
        vec!["es_ES"]
    );
    let mut og_alts = attr(&es, "meta[property='og:locale:alternate']", "content");
    og_alts.sort();
    assert_eq!(og_alts, vec!["en_GB", "fr_FR"]);
    let fr = text(&page(&root, "site/fr/field-office/index.html"));
    assert!(fr.contains("5 juin 2025"), "{fr}");
    let en = text(&page(&root, "site/en/field-office/index.html"));
    assert!(en.contains("5 June 2025"), "{en}");
    // Home pages, feeds and the sitemap in the three languages.
    for l in langs {
        assert!(root.join(format!("site/{l}/index.html")).is_file());
        assert!(root.join(format!("site/{l}/atom.xml")).is_file(), "{l}");
    }
    let sitemap = std::fs::read_to_string(root.join("site/sitemap.xml")).unwrap();
    assert!(
        sitemap
            .contains("hreflang=\"es\" href=\"https://statements.example.org/es/field-office/\""),
        "{sitemap}"
    );
    let root_page = page(&root, "site/index.html");
    let mut root_alts = attr(&root_page, "link[rel=alternate][hreflang]", "hreflang");
    root_alts.sort();
    assert_eq!(root_alts, vec!["en", "es", "fr", "x-default"]);
}

/// German has no folder: init copies the English messages with a warning,
/// segmentation is generic, no typography rule applies, dates and numbers
/// come from ICU4X, `og:locale` is written from the tag.
#[test]
fn a_language_without_a_folder_uses_the_fallbacks() {
    let tmp = tempfile::tempdir().unwrap();
    diglot(tmp.path())
        .args(["init", "p", "--target-language", "de"])
        .assert()
        .success()
        .stderr(predicates::str::contains("locales/de/site.ftl is a copy"));
    let root = tmp.path().join("p");
    std::fs::write(root.join("corpus/statements/field-office.md"), STATEMENT_ES).unwrap();
    let german = BTreeMap::from([
        (
            "Registry opens a field office",
            "Die Kanzlei eröffnet ein Außenbüro",
        ),
        (
            "The Registry opened a field office today.",
            "Die Kanzlei hat heute ein Außenbüro eröffnet.",
        ),
        (
            "It will serve 4,312 victims, 12.5 per cent more than planned.",
            "Es wird 4312 Opfern dienen, 12,5 Prozent mehr als geplant.",
        ),
        // A space before `?` is no German rule diglot knows.
        ("Will the office stay open?", "Bleibt das Büro geöffnet ?"),
    ]);
    export_translate_import(&root, "de", &german);
    let report = check_json(&root, 0);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"typography"), "{report}");
    diglot(&root).arg("build").assert().success();
    let de = page(&root, "site/de/field-office/index.html");
    assert_eq!(attr(&de, "html", "lang"), vec!["de"]);
    assert!(text(&de).contains("5. Juni 2025"), "{}", text(&de));
    assert!(text(&de).contains("Bleibt das Büro geöffnet ?"));
    assert_eq!(
        attr(&de, "meta[property='og:locale']", "content"),
        vec!["de_DE"]
    );
    let mut alts = attr(
        &de,
        "head link[rel=alternate][hreflang]:not([type])",
        "hreflang",
    );
    alts.sort();
    assert_eq!(alts, vec!["de", "en", "x-default"]);
}
