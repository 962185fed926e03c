//! The diglot side of the translate-toolkit comparison
//! (`bench/ttk_pretranslate.sh`): for each TM of `bench/ttk_data.py`
//! (`tm5000.tsv`, `tm20000.tsv`), load it, index it and pre-translate the
//! 2,000 queries of `queries.tsv` with the best match ≥ 75, timing the whole
//! (as `diglot pretranslate` would run it), then print recall per category.
//!
//! `cargo bench --bench tm_ttk -- DIR`

use diglot::model::CodedText;
use diglot::tm::index::{Index, Query};
use diglot::tm::tsv::load_tsv;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let Some(dir) = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
    else {
        println!("usage: cargo bench --bench tm_ttk -- DIR (made by bench/ttk_data.py)");
        return;
    };
    for n in [5000, 20000] {
        let tm_path = dir.join(format!("tm{n}.tsv"));
        if !tm_path.exists() {
            println!("skipped: {} not found", tm_path.display());
            return;
        }
        let t = Instant::now();
        let units = load_tsv(&tm_path).expect("TM");
        let index = Index::build(units, "en", "fr");
        let raw = std::fs::read_to_string(dir.join("queries.tsv")).expect("queries.tsv");
        let rows: Vec<Vec<&str>> = raw.lines().map(|l| l.split('\t').collect()).collect();
        let sources: Vec<CodedText> = rows
            .iter()
            .map(|r| CodedText::plain(r.get(2).copied().unwrap_or("")))
            .collect();
        let queries: Vec<Query> = sources.iter().map(Query::new).collect();
        let results = index.lookup_batch(&queries, 75);
        let best: Vec<Option<(u8, String)>> = results
            .iter()
            .map(|r| r.first().map(|m| (m.score, m.target(&index).text.clone())))
            .collect();
        let elapsed = t.elapsed().as_secs_f64();
        let mut found = [0usize; 3];
        let mut total = [0usize; 3];
        let (mut long_found, mut long_total) = (0, 0);
        for (r, b) in rows.iter().zip(&best) {
            let (cat, src, expected) = (r[1], r[2], r.get(3).copied().unwrap_or(""));
            let k = match cat {
                "exact" => 0,
                "edit" => 1,
                _ => 2,
            };
            total[k] += 1;
            let ok = match (k, b) {
                (0, Some((s, t))) => *s >= 100 && t == expected,
                (1, Some((s, t))) => *s >= 75 && t == expected,
                (2, Some(_)) => true,
                _ => false,
            };
            found[k] += ok as usize;
            if !ok && k < 2 && std::env::var_os("TM_BENCH_SHOW").is_some() {
                println!("  miss ({cat}): {src:?} -> {b:?}");
            }
            if k == 0 && src.len() > 1000 {
                long_total += 1;
                long_found += ok as usize;
            }
        }
        println!(
            "diglot, {n}-unit TM: {elapsed:.3} s (load + index + 2,000 lookups); exact copies at 100 {}/{} (over 1,000 characters {long_found}/{long_total}), one-word edits at >= 75 {}/{}, new segments with a match {}/{}",
            found[0], total[0], found[1], total[1], found[2], total[2]
        );
    }
}
