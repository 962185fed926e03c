//! Conformance report for sentence segmentation.
//!
//! Runs the third-party cases copied into `tests/fixtures/segmentation/`
//! (see `PROVENANCE.md` there) through the built-in rules, prints the pass
//! rate per file and asserts a floor equal to the rate achieved when the
//! floor was last raised. Segments are compared after trimming, as pySBD
//! does. Set `SEG_VERBOSE=1` to print each failing case.
//!
//! The pragmatic_segmenter specification runs each text through
//! [`diglot::segment::clean`] first (its cases assume its cleaner, unless
//! they say `clean: false`), with the PDF line rules where they say
//! `doc_type: pdf`.
//!
//! The large SRX files (LanguageTool, OpenXLIFF, OmegaT) are read from
//! `../shared/data/srx/` beside the repository; that part is skipped (with a
//! note) when the folder is missing.

use diglot::segment::{clean, Segmenter};
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> Value {
    let p = crate::support::fixtures().join("segmentation").join(name);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

fn verbose() -> bool {
    std::env::var_os("SEG_VERBOSE").is_some()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().trim().to_string())
        .collect()
}

/// Segments of `text`, trimmed.
fn run(sg: &Segmenter, text: &str) -> Vec<String> {
    sg.split_str(text)
        .into_iter()
        .map(|s| s.trim().to_string())
        .collect()
}

/// Runs `cases` (objects with `text` and `expected`), prints the rate and
/// returns the number passed.
fn report(
    label: &str,
    sg: &Segmenter,
    cases: &[Value],
    prepare: &dyn Fn(&Value) -> String,
) -> usize {
    let mut pass = 0;
    for c in cases {
        let text = prepare(c);
        let got = run(sg, &text);
        let want = strings(&c["expected"]);
        if got == want {
            pass += 1;
        } else if verbose() {
            let name = c
                .get("name")
                .or_else(|| c.get("id"))
                .or_else(|| c.get("issue"))
                .and_then(Value::as_str)
                .unwrap_or("?");
            let k = got.iter().zip(&want).take_while(|(a, b)| a == b).count();
            eprintln!(
                "FAIL [{label}] {name}\n  text: {text:?}\n  want: {want:?}\n  got:  {got:?}\n  first diff: want {:?}\n              got  {:?}",
                want.get(k),
                got.get(k)
            );
        }
    }
    println!(
        "{label}: {pass}/{} ({:.1} %)",
        cases.len(),
        100.0 * pass as f64 / cases.len().max(1) as f64
    );
    pass
}

fn plain(c: &Value) -> String {
    c["text"].as_str().unwrap().to_string()
}

/// pragmatic_segmenter runs its cleaner unless `clean: false`.
fn pragmatic_prepare(c: &Value) -> String {
    let text = c["text"].as_str().unwrap();
    let opts = &c["options"];
    if opts.get("clean").and_then(Value::as_str) == Some("false") {
        return text.to_string();
    }
    let pdf = opts.get("doc_type").and_then(Value::as_str) == Some("pdf");
    clean::clean(text, &clean::CleanOptions { pdf })
}

fn cases(v: &Value, key: &str) -> Vec<Value> {
    v[key].as_array().cloned().unwrap_or_default()
}

#[test]
fn english_golden_rules() {
    let sg = Segmenter::builtin("en");
    let pass = report(
        "en.golden-rules.pysbd",
        &sg,
        &cases(&fixture("en.golden-rules.pysbd.json"), "cases"),
        &plain,
    );
    assert!(pass >= 48, "floor 48/48, got {pass}");
}

#[test]
fn french_cases() {
    let sg = Segmenter::builtin("fr");
    let a = report(
        "fr.golden-rules.pysbd",
        &sg,
        &cases(&fixture("fr.golden-rules.pysbd.json"), "cases"),
        &plain,
    );
    let b = report(
        "fr.pragmatic-segmenter-spec",
        &sg,
        &cases(&fixture("fr.pragmatic-segmenter-spec.json"), "cases"),
        &pragmatic_prepare,
    );
    assert!(a >= 5 && b >= 5, "floor 5/5 and 5/5, got {a} and {b}");
}

#[test]
fn pragmatic_specification() {
    let sg = Segmenter::builtin("en");
    let pass = report(
        "en.pragmatic-segmenter-spec",
        &sg,
        &cases(&fixture("en.pragmatic-segmenter-spec.json"), "cases"),
        &pragmatic_prepare,
    );
    assert!(
        pass >= FLOOR_PRAGMATIC,
        "floor {FLOOR_PRAGMATIC}/176, got {pass}"
    );
}

const FLOOR_PRAGMATIC: usize = 175;

/// Code-point index of each byte offset's character.
fn cp_index(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

#[test]
fn pysbd_regressions() {
    let data = fixture("en.regressions.pysbd.json");
    // Issue #83 cases are French.
    let en = Segmenter::builtin("en");
    let all = cases(&data, "cases");
    let pass = report("en.regressions.pysbd", &en, &all, &plain);

    // Char spans: start offset and trimmed end must match.
    let spans = cases(&data, "char_span_cases");
    let mut span_pass = 0;
    for c in &spans {
        let text = c["text"].as_str().unwrap();
        let lang = if c["issue"] == "#83" { "fr" } else { "en" };
        let sg = Segmenter::builtin(lang);
        let got: Vec<(usize, usize)> = sg
            .split_text(text)
            .into_iter()
            .map(|r| (cp_index(text, r.start), cp_index(text, r.end)))
            .collect();
        let want: Vec<(usize, usize)> = c["expected_spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let start = s["start"].as_u64().unwrap() as usize;
                let sent = s["sent"].as_str().unwrap();
                (start, start + sent.trim_end().chars().count())
            })
            .collect();
        if got == want {
            span_pass += 1;
        } else if verbose() {
            eprintln!(
                "FAIL [char spans] {} (xfail upstream: {})\n  text: {text:?}\n  want: {want:?}\n  got:  {got:?}",
                c["issue"], c["xfail_upstream"]
            );
        }
    }
    println!(
        "en.regressions.pysbd char spans: {span_pass}/{}",
        spans.len()
    );
    assert!(
        pass >= FLOOR_REGRESSIONS,
        "floor {FLOOR_REGRESSIONS}, got {pass}"
    );
    assert!(
        span_pass >= FLOOR_SPANS,
        "floor {FLOOR_SPANS}, got {span_pass}"
    );
}

const FLOOR_REGRESSIONS: usize = 13;
const FLOOR_SPANS: usize = 7;

fn shared_srx() -> Option<PathBuf> {
    let p = crate::support::repo().join("../shared/data/srx");
    p.is_dir().then_some(p)
}

/// The three large SRX files: they load, every rule that cannot be compiled
/// is listed with its reason, and the English golden rules run through each.
#[test]
fn srx_files_load_and_run_golden_rules() {
    let Some(dir) = shared_srx() else {
        println!("../shared/data/srx not found: SRX conformance skipped");
        return;
    };
    let golden = cases(&fixture("en.golden-rules.pysbd.json"), "cases");
    let fr = cases(&fixture("fr.golden-rules.pysbd.json"), "cases");
    for (name, rel) in [
        ("LanguageTool", "languagetool/segment.srx"),
        ("OpenXLIFF", "openxliff/default.srx"),
        ("OmegaT", "omegat/defaultRules.srx"),
    ] {
        let path = dir.join(rel);
        let xml = std::fs::read_to_string(&path).unwrap();
        let doc = diglot::segment::srx::SrxDocument::parse(&xml, &path.display().to_string())
            .expect("SRX file parses");
        let total: usize = doc.languagerules.iter().map(|l| l.rules.len()).sum();
        let all_issues = doc.check_all();
        println!(
            "{name}: {} language rules, {total} rules, {} not compiled (all languages)",
            doc.languagerules.len(),
            all_issues.len()
        );
        for i in &all_issues {
            println!("  uncompiled: {i}");
        }
        let (en, issues) = Segmenter::from_srx_file(&path, "en").expect("SRX file loads");
        for i in &issues {
            println!("  uncompiled (en): {i}");
        }
        let pass = report(
            &format!("{name} SRX, en golden rules"),
            &en,
            &golden,
            &plain,
        );
        let (frs, fr_issues) = Segmenter::from_srx_file(&path, "fr").expect("SRX file loads");
        for i in &fr_issues {
            println!("  uncompiled (fr): {i}");
        }
        report(&format!("{name} SRX, fr golden rules"), &frs, &fr, &plain);
        assert!(pass > 0);
    }
}

fn srx_fixture(name: &str) -> PathBuf {
    crate::support::fixtures().join("srx").join(name)
}

#[test]
fn small_srx_files() {
    // SRX 2.0 and 1.0 samples load.
    for f in [
        "example.srx",
        "example1.srx",
        "example2.srx",
        "ticket1.srx",
        "okapi-defaultSegmentation.srx",
    ] {
        let (sg, issues) =
            Segmenter::from_srx_file(&srx_fixture(f), "en").unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(issues.is_empty(), "{f}: {issues:?}");
        assert_eq!(sg.split_str("This is one. This is two.").len(), 2, "{f}");
    }
    // version="" is refused with file and line.
    let e = Segmenter::from_srx_file(&srx_fixture("invalid.srx"), "en").unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("invalid.srx:2:") && msg.contains("version"),
        "{msg}"
    );
}

#[test]
fn bad_srx_errors_name_file_line_and_problem() {
    let e = Segmenter::from_srx_str("not xml <", "a.srx", "en").unwrap_err();
    assert!(e.to_string().starts_with("a.srx:1:"), "{e}");
    let e = Segmenter::from_srx_str(
        "<?xml version=\"1.0\"?>\n<srx version=\"3.0\"><body/></srx>",
        "b.srx",
        "en",
    )
    .unwrap_err();
    assert!(
        e.to_string().starts_with("b.srx:2:") && e.to_string().contains("3.0"),
        "{e}"
    );
    let xml = "<srx version=\"2.0\"><header cascade=\"no\"/><body><languagerules>\n<languagerule languagerulename=\"D\">\n<rule break=\"yes\"><beforebreak>(</beforebreak><afterbreak/></rule>\n</languagerule></languagerules><maprules><languagemap languagepattern=\".*\" languagerulename=\"D\"/></maprules></body></srx>";
    let e = Segmenter::from_srx_str_strict(xml, "c.srx", "en").unwrap_err();
    assert!(
        e.to_string().starts_with("c.srx:3:") && e.to_string().contains("beforebreak"),
        "{e}"
    );
    println!("bad regex: {e}");
}
