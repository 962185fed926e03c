//! Segmentation throughput on English prose: the English side of the
//! Canadian Acts corpus (`../shared/data/parallel/canada-federal-acts-en-fr/
//! canada-acts.en-fr.tsv`, read relative to the repository root).
//!
//! Run: `cargo bench --bench segment` (optionally `-- --srx` to include the
//! three large SRX files, and `-- --limit-mb N` to cap the input).
//! Prints MB/s (10^6 bytes of UTF-8 input per second) and segments/s on
//! one core.

use diglot::segment::Segmenter;
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--srx-dump") {
        srx_dump(&args[i + 1], &args[i + 2]);
        return;
    }
    let with_srx = args.iter().any(|a| a == "--srx");
    let limit_mb: Option<usize> = args
        .iter()
        .position(|a| a == "--limit-mb")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tsv = root.join("../shared/data/parallel/canada-federal-acts-en-fr/canada-acts.en-fr.tsv");
    let Ok(data) = std::fs::read_to_string(&tsv) else {
        eprintln!("{} not found: benchmark skipped", tsv.display());
        return;
    };
    let mut lines: Vec<&str> = data.lines().filter_map(|l| l.split('\t').next()).collect();
    if let Some(mb) = limit_mb {
        let mut total = 0;
        lines.retain(|l| {
            total += l.len() + 1;
            total <= mb * 1_000_000
        });
    }
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    println!(
        "input: English side of canada-acts.en-fr.tsv, {} units, {:.1} MB",
        lines.len(),
        bytes as f64 / 1e6
    );

    let en = Segmenter::builtin("en");
    // Warm-up.
    let _ = run(&en, &lines[..lines.len().min(10_000)]);
    let mut best = f64::MAX;
    let mut segs = 0;
    for _ in 0..5 {
        let t = Instant::now();
        segs = run(&en, &lines);
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "built-in en, one call per unit: {:.1} MB/s, {:.0} segments/s ({segs} segments, best of 5: {:.3} s)",
        bytes as f64 / 1e6 / best,
        segs as f64 / best,
        best
    );
    let joined = lines.join(" ");
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..5 {
        let t = Instant::now();
        n = en.split_text(&joined).len();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "built-in en, whole text as one call: {:.1} MB/s ({n} segments, best of 5: {:.3} s)",
        joined.len() as f64 / 1e6 / best,
        best
    );

    if with_srx {
        // SRX engines are far slower: 1 MB of the same text.
        let mut total = 0;
        let sub: Vec<&str> = lines
            .iter()
            .copied()
            .take_while(|l| {
                total += l.len();
                total <= 1_000_000
            })
            .collect();
        let sub_bytes: usize = sub.iter().map(|l| l.len()).sum();
        for rel in [
            "languagetool/segment.srx",
            "openxliff/default.srx",
            "omegat/defaultRules.srx",
        ] {
            let p = root.join("../shared/data/srx").join(rel);
            let (sg, _) = Segmenter::from_srx_file(&p, "en").expect("SRX loads");
            let t = Instant::now();
            let segs = run(&sg, &sub);
            let s = t.elapsed().as_secs_f64();
            println!(
                "SRX {rel} (en), one call per unit: {:.2} MB/s, {:.0} segments/s ({segs} segments from {:.1} MB in {:.2} s)",
                sub_bytes as f64 / 1e6 / s,
                segs as f64 / s,
                sub_bytes as f64 / 1e6,
                s
            );
        }
    }
}

fn run(sg: &Segmenter, lines: &[&str]) -> usize {
    lines.iter().map(|l| sg.split_text(l).len()).sum()
}

/// Cross-check mode for `bench/segment_srx_crosscheck.sh`: segment each
/// stdin line (U+0003 stands for a line feed, U+0004 for a carriage return)
/// with an SRX file and print the segments joined by U+0001, one line per
/// input line.
fn srx_dump(srx: &str, lang: &str) {
    use std::io::{BufRead, Write};
    let (sg, issues) = Segmenter::from_srx_file(Path::new(srx), lang).expect("SRX loads");
    for i in issues {
        eprintln!("{i}");
    }
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let t = line.unwrap().replace('\u{3}', "\n").replace('\u{4}', "\r");
        let segs: Vec<String> = sg
            .split_str(&t)
            .iter()
            .map(|s| s.replace('\n', "\u{3}").replace('\r', "\u{4}"))
            .collect();
        writeln!(out, "{}", segs.join("\u{1}")).unwrap();
    }
}
