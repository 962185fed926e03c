//! Translation-memory benchmark: load and index the Canadian Acts corpus,
//! fuzzy lookups of held-out sentences, one-word edits whose original must
//! come back on top, recall against an exhaustive scan, and a 1,000,000-unit
//! memory synthesised from the Acts and Tatoeba by perturbed copies.
//!
//! `cargo bench --bench tm` (or `bench/tm.sh`). Options after `--`:
//! `--data DIR` (default `../shared/data/parallel`), `--queries N` (2000),
//! `--recall N` (queries checked against the exhaustive scan, 200),
//! `--units N` (size of the synthesised memory, 1000000, 0 to skip),
//! `--min N` (minimum score of the held-out lookups, 75).

use diglot::model::CodedText;
use diglot::tm::index::{Index, Match, Query};
use diglot::tm::tsv::load_tsv;
use diglot::tm::{MatchClass, TmUnit};
use std::path::PathBuf;
use std::time::Instant;

/// One-word-edit queries are made from TM sources with at least this many
/// words (editing the only word of a heading makes another heading).
const QUERY_MIN_WORDS: usize = 4;

/// xorshift64*: deterministic pseudo-random numbers without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// CPU time (user + system) of this process so far, in seconds (Linux,
/// 100 clock ticks a second); on a shared machine this is steadier than the
/// wall clock.
fn cpu_s() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let u: f64 = f.get(11)?.parse().ok()?;
            let k: f64 = f.get(12)?.parse().ok()?;
            Some((u + k) / 100.0)
        })
        .unwrap_or(f64::NAN)
}

/// A stopwatch for wall and CPU time.
struct Watch(Instant, f64);

impl Watch {
    fn start() -> Watch {
        Watch(Instant::now(), cpu_s())
    }
    fn secs(&self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
    fn cpu(&self) -> f64 {
        cpu_s() - self.1
    }
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Replace one word (a run of letters of length ≥ 2) by another word from
/// `words`; `None` when the sentence has fewer than `min_words` such words.
fn edit_one_word(s: &str, words: &[String], rng: &mut Rng, min_words: usize) -> Option<String> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_alphabetic() {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            if s[st..i].chars().count() >= 2 {
                spans.push(st..i);
            }
        }
    }
    if spans.is_empty() || spans.len() < min_words {
        return None;
    }
    let r = spans[rng.below(spans.len())].clone();
    for _ in 0..10 {
        let w = &words[rng.below(words.len())];
        if !w.eq_ignore_ascii_case(&s[r.clone()]) {
            return Some(format!("{}{}{}", &s[..r.start], w, &s[r.end..]));
        }
    }
    None
}

fn vocabulary(units: &[TmUnit]) -> Vec<String> {
    let mut words: Vec<String> = units
        .iter()
        .step_by(7)
        .flat_map(|u| {
            u.source
                .text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.len() >= 3)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

fn queries(texts: &[CodedText]) -> Vec<Query<'_>> {
    texts.iter().map(Query::new).collect()
}

/// Of one-word edits of `originals`, how many have the original (a unit with
/// the same source) on top, and how many score at least 75.
fn on_top(
    index: &Index,
    originals: &[String],
    edited: &[CodedText],
    results: &[Vec<Match>],
) -> (usize, usize, usize) {
    let show: usize = std::env::var("TM_BENCH_SHOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut shown = 0;
    let mut top = 0;
    let mut high = 0;
    let mut verbatim = 0;
    for ((orig, r), q) in originals.iter().zip(results).zip(edited) {
        let best_score = r.first().map(|m| m.score);
        let orig_score = r
            .iter()
            .find(|m| index.unit(m.unit).source.text == *orig)
            .map(|m| m.score);
        if best_score >= Some(100)
            && r.first().map(|m| index.unit(m.unit).source.text.clone()) == Some(q.text.clone())
            && best_score != orig_score
        {
            // The edited sentence is itself in the memory (a perturbed copy
            // made the same edit): the exact match rightly comes first.
            verbatim += 1;
            continue;
        }
        if (best_score != orig_score || orig_score.is_none()) && shown < show {
            shown += 1;
            println!(
                "  not on top: {:?}\n    original ({:?}): {:?}\n    best ({:?}): {:?}",
                q.text,
                orig_score,
                orig,
                best_score,
                r.first().map(|m| index.unit(m.unit).source.text.clone())
            );
        }
        if let Some(best) = r.first() {
            let best_score = best.score;
            if r.iter()
                .take_while(|m| m.score == best_score)
                .any(|m| index.unit(m.unit).source.text == *orig)
            {
                top += 1;
            }
            if r.iter()
                .any(|m| m.score >= 75 && index.unit(m.unit).source.text == *orig)
            {
                high += 1;
            }
        }
    }
    (top, high, verbatim)
}

fn band_summary(results: &[Vec<Match>]) -> String {
    let mut counts = [0usize; 6];
    for r in results {
        let i = match r.first().map(|m| (m.score, m.class)) {
            Some((101, _)) | Some((100, _)) => 0,
            Some((_, MatchClass::Substituted)) | Some((_, MatchClass::Penalised)) => 1,
            Some((95..=99, _)) => 2,
            Some((85..=94, _)) => 3,
            Some(_) => 4,
            None => 5,
        };
        counts[i] += 1;
    }
    format!(
        "exact {}, penalised/substituted {}, fuzzy 95-99 {}, 85-94 {}, lower {}, none {}",
        counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]
    )
}

struct Args {
    data: PathBuf,
    queries: usize,
    recall: usize,
    units: usize,
    min: u8,
}

fn args() -> Args {
    let mut a = Args {
        data: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/parallel"),
        queries: 2000,
        recall: 200,
        units: 1_000_000,
        min: 75,
    };
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < v.len() {
        let val = v.get(i + 1).cloned().unwrap_or_default();
        match v[i].as_str() {
            "--data" => a.data = PathBuf::from(val),
            "--queries" => a.queries = val.parse().expect("--queries N"),
            "--recall" => a.recall = val.parse().expect("--recall N"),
            "--units" => a.units = val.parse().expect("--units N"),
            "--min" => a.min = val.parse().expect("--min N"),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
}

fn fmt(w: &Watch) -> String {
    format!("{:.3} s wall, {:.2} s CPU", w.secs(), w.cpu())
}

fn main() {
    let a = args();
    let acts_path = a
        .data
        .join("canada-federal-acts-en-fr/canada-acts.en-fr.tsv");
    let tatoeba_path = a.data.join("tatoeba-fra-eng-2017/fra.txt");
    if !acts_path.exists() {
        println!("skipped: {} not found", acts_path.display());
        return;
    }
    println!(
        "threads: {} (rayon); CPU time is the sum over threads",
        rayon::current_num_threads()
    );

    // 1. Load + index the full Acts corpus.
    let w = Watch::start();
    let acts = load_tsv(&acts_path).expect("Acts corpus");
    let load = fmt(&w);
    let n_acts = acts.len();
    let w2 = Watch::start();
    let full = Index::build(acts.clone(), "en", "fr");
    println!(
        "acts: load {} units: {}; index: {}; load + index: {} (target < 2 s); vocabulary {}",
        n_acts,
        load,
        fmt(&w2),
        fmt(&w),
        full.vocabulary()
    );
    drop(full);

    // 2. Held-out sentences against the rest.
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let mut order: Vec<usize> = (0..acts.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let held: std::collections::HashSet<usize> = order[..a.queries].iter().copied().collect();
    let held_texts: Vec<CodedText> = order[..a.queries]
        .iter()
        .map(|&i| acts[i].source.clone())
        .collect();
    let rest: Vec<TmUnit> = acts
        .iter()
        .enumerate()
        .filter(|(i, _)| !held.contains(i))
        .map(|(_, u)| u.clone())
        .collect();
    let index = Index::build(rest, "en", "fr");
    let q = queries(&held_texts);
    for min in [a.min, 50] {
        let w = Watch::start();
        let res = index.lookup_batch(&q, min);
        println!(
            "acts: {} held-out lookups (min {}) against {} units: {} (target < 1 s); best: {}",
            q.len(),
            min,
            index.len(),
            fmt(&w),
            band_summary(&res)
        );
    }

    // 3. One-word edits of TM sources.
    let all: Vec<TmUnit> = index.units().map(|u| u.into_owned()).collect();
    let words = vocabulary(&all);
    drop(all);
    let mut originals = Vec::new();
    let mut edited = Vec::new();
    while edited.len() < a.queries {
        let u = index.unit(rng.below(index.len()));
        if let Some(e) = edit_one_word(&u.source.text, &words, &mut rng, QUERY_MIN_WORDS) {
            originals.push(u.source.text.clone());
            edited.push(CodedText::plain(e));
        }
    }
    let q = queries(&edited);
    let w = Watch::start();
    let res = index.lookup_batch(&q, a.min);
    let timing = fmt(&w);
    let (top, high, verbatim) = on_top(&index, &originals, &edited, &res);
    println!(
        "acts: {} one-word edits (min {}): {}; original on top {}/{}, original at >= 75 {}/{} (edited text itself in the TM: {})",
        q.len(),
        a.min,
        timing,
        top,
        q.len() - verbatim,
        high,
        q.len() - verbatim,
        verbatim
    );

    // 4. Recall against the exhaustive scan.
    if a.recall > 0 {
        let mut found = 0usize;
        let mut expected = 0usize;
        let w = Watch::start();
        let sample: Vec<&CodedText> = held_texts
            .iter()
            .take(a.recall / 2)
            .chain(edited.iter().take(a.recall - a.recall / 2))
            .collect();
        for text in &sample {
            let fast: std::collections::HashSet<(usize, u8)> = index
                .lookup(text, None, None, 75)
                .iter()
                .map(|m| (m.unit, m.score))
                .collect();
            for m in index.lookup_exhaustive(text, None, None, 75) {
                expected += 1;
                if fast.contains(&(m.unit, m.score)) {
                    found += 1;
                }
            }
        }
        println!(
            "acts: recall of matches >= 75 against an exhaustive scan, {} queries: {}/{} = {:.2} % ({})",
            sample.len(),
            found,
            expected,
            100.0 * found as f64 / expected.max(1) as f64,
            fmt(&w)
        );
    }
    println!("peak RSS so far: {:.0} MB", peak_rss_mb());

    // 5. A synthesised memory of a.units units.
    if a.units == 0 {
        return;
    }
    drop(index);
    let w = Watch::start();
    let tatoeba = if tatoeba_path.exists() {
        load_tsv(&tatoeba_path).expect("Tatoeba corpus")
    } else {
        Vec::new()
    };
    let base: Vec<TmUnit> = acts
        .iter()
        .enumerate()
        .filter(|(i, _)| !held.contains(i))
        .map(|(_, u)| u.clone())
        .chain(tatoeba)
        .collect();
    drop(acts);
    let mut big = base.clone();
    let mut k = 0usize;
    while big.len() < a.units {
        let u = &base[rng.below(base.len())];
        if let Some(e) = edit_one_word(&u.source.text, &words, &mut rng, 1) {
            let mut c = u.clone();
            c.id = format!("{}-p{k}", u.id);
            c.source = CodedText::plain(e);
            big.push(c);
            k += 1;
        }
    }
    let synth = fmt(&w);
    let w = Watch::start();
    let index = Index::build(big, "en", "fr");
    println!(
        "synthetic: {} units ({} Acts + Tatoeba, {} perturbed copies) made: {}; indexed: {}; vocabulary {}",
        index.len(),
        base.len(),
        k,
        synth,
        fmt(&w),
        index.vocabulary()
    );
    let q = queries(&held_texts);
    let w = Watch::start();
    let res = index.lookup_batch(&q, a.min);
    println!(
        "synthetic: {} held-out lookups (min {}): {} (target < 10 s); best: {}",
        q.len(),
        a.min,
        fmt(&w),
        band_summary(&res)
    );
    let mut originals = Vec::new();
    let mut edited = Vec::new();
    while edited.len() < a.queries {
        let u = &base[rng.below(base.len())];
        if let Some(e) = edit_one_word(&u.source.text, &words, &mut rng, QUERY_MIN_WORDS) {
            originals.push(u.source.text.clone());
            edited.push(CodedText::plain(e));
        }
    }
    let q = queries(&edited);
    let w = Watch::start();
    let res = index.lookup_batch(&q, a.min);
    let timing = fmt(&w);
    let (top, high, verbatim) = on_top(&index, &originals, &edited, &res);
    println!(
        "synthetic: {} one-word edits (min {}): {} (target < 10 s); original on top {}/{}, at >= 75 {}/{} (edited text itself in the TM: {})",
        q.len(),
        a.min,
        timing,
        top,
        q.len() - verbatim,
        high,
        q.len() - verbatim,
        verbatim
    );
    println!("peak RSS: {:.0} MB (target < 2048 MB)", peak_rss_mb());
}
