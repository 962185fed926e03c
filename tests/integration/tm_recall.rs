//! Recall of the TM index against an exhaustive scan with the same scoring,
//! on a sample of the Canadian federal Acts corpus (read from
//! `../shared/data/parallel/` beside the repository; skipped when absent).
//!
//! The default test is small enough for a debug build; the `#[ignore]`d one
//! (20,000 units, 500 queries) runs with `cargo test --release --test
//! tm_recall -- --ignored`. The benchmark (`cargo bench --bench tm`) checks
//! recall on the full corpus.

use diglot::model::CodedText;
use diglot::tm::index::Index;
use diglot::tm::tsv::parse_tsv;
use std::collections::HashSet;
use std::path::PathBuf;

fn corpus() -> Option<(PathBuf, Vec<u8>)> {
    let p = crate::support::repo()
        .join("../shared/data/parallel/canada-federal-acts-en-fr/canada-acts.en-fr.tsv");
    match std::fs::read(&p) {
        Ok(b) => Some((p, b)),
        Err(e) => {
            eprintln!("skipped: {}: {e}", p.display());
            None
        }
    }
}

/// Replace the `k`-th word of at least two letters by `word`.
fn edit_word(s: &str, k: usize, word: &str) -> Option<String> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_alphabetic() {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            if i - st >= 2 {
                spans.push(st..i);
            }
        }
    }
    if spans.len() < 4 {
        return None;
    }
    let r = spans[k % spans.len()].clone();
    if s[r.clone()].eq_ignore_ascii_case(word) {
        return None;
    }
    Some(format!("{}{}{}", &s[..r.start], word, &s[r.end..]))
}

fn run(units: usize, queries: usize) {
    let Some((path, bytes)) = corpus() else {
        return;
    };
    let lines: Vec<&[u8]> = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let step = (lines.len() / units).max(2);
    // Units: every `step`-th line; held-out queries: the lines just after.
    let sample: Vec<u8> = lines
        .iter()
        .step_by(step)
        .take(units)
        .flat_map(|l| l.iter().copied().chain(std::iter::once(b'\n')))
        .collect();
    let tm = parse_tsv(&sample, &path).expect("sample parses");
    let held: Vec<CodedText> = lines
        .iter()
        .skip(1)
        .step_by(step)
        .take(queries / 2)
        .map(|l| {
            let s = std::str::from_utf8(l).unwrap();
            CodedText::plain(s.split('\t').next().unwrap())
        })
        .collect();
    let replacements = ["tribunal", "shall", "Minister", "payment", "notice"];
    let mut originals = Vec::new();
    let mut edited = Vec::new();
    for (i, u) in tm.iter().enumerate().step_by(7) {
        if edited.len() == queries - held.len() {
            break;
        }
        if let Some(e) = edit_word(&u.source.text, i, replacements[i % replacements.len()]) {
            originals.push(u.source.text.clone());
            edited.push(CodedText::plain(e));
        }
    }
    let index = Index::build(tm, "en", "fr");

    let mut expected = 0usize;
    let mut found = 0usize;
    for q in held.iter().chain(&edited) {
        let fast: HashSet<(usize, u8)> = index
            .lookup(q, None, None, 75)
            .iter()
            .map(|m| (m.unit, m.score))
            .collect();
        for m in index.lookup_exhaustive(q, None, None, 75) {
            expected += 1;
            found += fast.contains(&(m.unit, m.score)) as usize;
        }
    }
    assert!(expected > 0);
    assert!(
        found * 100 >= expected * 99,
        "recall {found}/{expected} below 99 %"
    );

    // One-word edits bring their original back on top (ties allowed).
    for (q, orig) in edited.iter().zip(&originals) {
        let r = index.lookup(q, None, None, 50);
        let top = r.first().map(|m| m.score);
        assert!(
            r.iter()
                .take_while(|m| Some(m.score) == top)
                .any(|m| index.unit(m.unit).source.text == *orig),
            "{:?}: original {orig:?} not on top",
            q.text
        );
    }
    eprintln!(
        "{} units, {} queries: recall {found}/{expected}",
        index.len(),
        held.len() + edited.len()
    );
}

#[test]
fn recall_on_acts_sample() {
    run(4000, 160);
}

#[test]
#[ignore = "heavier; run with --release -- --ignored"]
fn recall_on_larger_acts_sample() {
    run(20_000, 500);
}
