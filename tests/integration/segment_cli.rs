//! The segmentation conformance sets through the real binary
//! (`diglot segment --format json`, text on standard input), so that what a
//! user runs meets the same floors as the library (`segmentation.rs` beside this file).

use crate::support::{diglot, fixtures};
use serde_json::Value;

fn fixture(name: &str) -> Vec<Value> {
    let p = fixtures().join("segmentation").join(name);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    v["cases"].as_array().unwrap().clone()
}

/// Segments from the binary, trimmed.
fn segment(lang: &str, text: &str, extra: &[&str]) -> Vec<String> {
    let out = diglot(&std::env::temp_dir())
        .args(["segment", "--format", "json", "--lang", lang])
        .args(extra)
        .write_stdin(text.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    rows.iter()
        .map(|r| r["text"].as_str().unwrap().trim().to_string())
        .collect()
}

fn expected(c: &Value) -> Vec<String> {
    c["expected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().trim().to_string())
        .collect()
}

/// Pass count of a set; `args` gives the extra options per case.
fn rate(
    label: &str,
    lang: &str,
    cases: &[Value],
    args: &dyn Fn(&Value) -> Vec<&'static str>,
) -> usize {
    let pass = cases
        .iter()
        .filter(|c| segment(lang, c["text"].as_str().unwrap(), &args(c)) == expected(c))
        .count();
    println!("{label} (binary): {pass}/{}", cases.len());
    pass
}

#[test]
fn golden_rules_through_the_binary() {
    let en = rate(
        "en.golden-rules",
        "en",
        &fixture("en.golden-rules.pysbd.json"),
        &|_| vec![],
    );
    assert!(en >= 48, "English golden rules: {en}/48");
    let fr = rate(
        "fr.golden-rules",
        "fr",
        &fixture("fr.golden-rules.pysbd.json"),
        &|_| vec![],
    );
    assert!(fr >= 5, "French golden rules: {fr}/5");
    let frp = rate(
        "fr.pragmatic-spec",
        "fr",
        &fixture("fr.pragmatic-segmenter-spec.json"),
        &|_| vec![],
    );
    assert!(frp >= 5, "French pragmatic spec: {frp}/5");
    let reg = rate(
        "en.regressions",
        "en",
        &fixture("en.regressions.pysbd.json"),
        &|_| vec![],
    );
    assert!(reg >= 13, "pySBD regressions: {reg}/13");
}

#[test]
fn pragmatic_specification_through_the_binary() {
    // pragmatic_segmenter runs its cleaner unless a case says `clean: false`.
    let args = |c: &Value| {
        let opts = c.get("options").cloned().unwrap_or(Value::Null);
        if opts.get("clean").and_then(Value::as_bool) == Some(false) {
            vec![]
        } else if opts.get("doc_type").and_then(Value::as_str) == Some("pdf") {
            vec!["--clean", "--pdf"]
        } else {
            vec!["--clean"]
        }
    };
    let pass = rate(
        "en.pragmatic-spec",
        "en",
        &fixture("en.pragmatic-segmenter-spec.json"),
        &args,
    );
    assert!(pass >= 175, "pragmatic spec: {pass}/176");
}

#[test]
fn numbers_ending_sentences_are_not_a_list() {
    // A number ending a sentence is not a list marker, on one line or
    // with more text after it.
    assert_eq!(
        segment("en", "Sentence 1. Sentence 2. Sentence 3.", &[]),
        ["Sentence 1.", "Sentence 2.", "Sentence 3."]
    );
    assert_eq!(
        segment(
            "en",
            "Sentence 1. Sentence 2.\nThe vote was 12 to 3. It passed.\n",
            &[]
        ),
        [
            "Sentence 1.",
            "Sentence 2.",
            "The vote was 12 to 3.",
            "It passed."
        ]
    );
    // A real inline list still splits.
    assert_eq!(
        segment("en", "1. The first item 2. The second item", &[]),
        ["1. The first item", "2. The second item"]
    );
    // French references to lettered paragraphs stay whole.
    let fr = "Les alinéas a), b) ou c) s’appliquent. Voir l’al. a) ou b) du par. 3.";
    assert_eq!(
        segment("fr", fr, &[]),
        [
            "Les alinéas a), b) ou c) s’appliquent.",
            "Voir l’al. a) ou b) du par. 3."
        ]
    );
}
