//! Build benchmark: 1,000 generated statements in English and French.
//!
//! Generates a project in a temporary folder (statements with headings,
//! lists, links and emphasis; the shipped theme and locales), translates
//! every segment through the real export → XLIFF → import path with
//! approved targets, then times `diglot build` (the release binary) on it.
//!
//! Run: `cargo bench --bench site` (`DIGLOT_BENCH_STATEMENTS=N` to change
//! the size, `DIGLOT_BENCH_RUNS=N` the number of timed runs).

use diglot::commands::{export, import};
use diglot::model::{CodedText, Piece};
use diglot::project::Project;
use diglot::xliff::{self, State};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

const TOPICS: &[&str] = &[
    "sanctions against judges",
    "the arrest warrant",
    "victims' participation",
    "the Trust Fund for Victims",
    "the budget of the Court",
    "the election of the Prosecutor",
    "cooperation agreements",
    "witness protection",
];
const PLACES: &[&str] = &["The Hague", "New York", "Kampala", "Bangui", "Geneva"];

/// A statement of about twenty segments, unique to `i`.
fn statement(i: usize) -> String {
    let topic = TOPICS[i % TOPICS.len()];
    let place = PLACES[i % PLACES.len()];
    let day = 1 + (i % 28);
    let month = 1 + (i / 28) % 12;
    let year = 2015 + (i / (28 * 12));
    format!(
        r#"+++
title = "Statement {i} on {topic}"
date = "{year}-{month:02}-{day:02}"
slug = "statement-{i}"
summary = "The Coalition responds to developments on {topic} (number {i})."
+++

On {day} June {year}, the Coalition met in {place} to discuss {topic} for the {i}th time. The meeting gathered {n} organisations from every region.

The Coalition for the International Criminal Court firmly denounces all actions directed against the Court. Read the [Rome Statute](https://www.icc-cpi.int/rome-statute-{i}) and the [report {i}](../statement-{prev}/) for details.

## What States Parties should do about {topic}

The Coalition urges all States Parties to uphold their responsibility. These measures risk *emboldening impunity* in case {i}.

- Publicly condemning the measures in statement {i}.
- Strengthening legal protections for those who cooperate with the Court.
- Fully cooperating with the Court across all situations, equally.

## Contact

Press enquiries for statement {i}: [press@example.org](mailto:press@example.org). The Coalition remains ready to work closely with States Parties.
"#,
        n = 20 + i % 100,
        prev = if i == 0 { 0 } else { i - 1 },
    )
}

/// A stand-in translation that keeps every inline code.
fn translate(source: &CodedText) -> CodedText {
    let mut t = CodedText::default();
    for p in source.pieces() {
        match p {
            Piece::Text(s) => t.push_str(
                &s.replace("the Coalition", "la Coalition")
                    .replace("The Coalition", "La Coalition")
                    .replace("Statement", "Déclaration")
                    .replace("statement", "déclaration")
                    .replace(" the ", " la ")
                    .replace(" and ", " et "),
            ),
            Piece::Code(c) => t.push_code(c.clone()),
        }
    }
    t
}

fn generate(root: &Path, n: usize) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::write(
        root.join("diglot.toml"),
        "source_language = \"en\"\ntarget_languages = [\"fr\"]\nbase_url = \"https://statements.example.org/\"\n",
    )
    .unwrap();
    copy_dir(&repo.join("theme"), &root.join("theme"));
    copy_dir(&repo.join("locales"), &root.join("locales"));
    let dir = root.join("corpus/statements");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(root.join("corpus/memory")).unwrap();
    for i in 0..n {
        std::fs::write(dir.join(format!("statement-{i}.md")), statement(i)).unwrap();
    }
    let project = Project::open(root).unwrap();
    let exchange = root.join("exchange");
    let exported = export::run(
        &project,
        &export::Options {
            lang: "fr".into(),
            out: exchange.clone(),
            all: true,
            statements: vec![],
            xliff: Default::default(),
            ..Default::default()
        },
    )
    .unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    for f in exported.files {
        let mut doc = xliff::read_document(&std::fs::read(&f.path).unwrap(), &f.path).unwrap();
        for file in &mut doc.files {
            for u in &mut file.units {
                u.target = Some(translate(&u.source));
                u.state = Some(State::Final);
            }
        }
        std::fs::write(&f.path, xliff::write_v2(&doc)).unwrap();
        files.push(f.path);
    }
    let report = import::run(&project, &files, &import::Options::default()).unwrap();
    assert_eq!(report.rejected + report.stale, 0, "{:?}", report.problems);
    std::fs::remove_dir_all(&exchange).unwrap();
}

fn build(root: &Path, extra: &[&str]) -> Duration {
    let start = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_diglot"))
        .arg("-C")
        .arg(root)
        .args(["build", "-q"])
        .args(extra)
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    elapsed
}

fn report(label: &str, mut times: Vec<Duration>) -> Duration {
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{label}: median {:.3} s, min {:.3} s, max {:.3} s over {} runs",
        median.as_secs_f64(),
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64(),
        times.len()
    );
    median
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not.
    let benching = std::env::args().any(|a| a == "--bench");
    let n = env_usize("DIGLOT_BENCH_STATEMENTS", if benching { 1000 } else { 20 });
    let runs = env_usize("DIGLOT_BENCH_RUNS", if benching { 5 } else { 1 });
    // DIGLOT_BENCH_PROJECT=DIR keeps the generated project in DIR (and
    // reuses it when it is already there), for profiling.
    let temp = tempfile::tempdir().unwrap();
    let root = std::env::var_os("DIGLOT_BENCH_PROJECT")
        .map(PathBuf::from)
        .unwrap_or_else(|| temp.path().to_path_buf());
    if !root.join("diglot.toml").is_file() {
        std::fs::create_dir_all(&root).unwrap();
        let t = Instant::now();
        generate(&root, n);
        println!(
            "generated {n} statements with an approved French memory in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    build(&root, &[]); // warm the file cache
    let times = (0..runs).map(|_| build(&root, &[])).collect();
    let median = report(
        &format!("diglot build, {n} statements × 2 languages"),
        times,
    );
    let times = (0..runs).map(|_| build(&root, &["--proof"])).collect();
    report("diglot build --proof", times);
    let pages = std::fs::read_dir(root.join("site/fr")).unwrap().count();
    println!("fr/ holds {pages} entries");
    if benching {
        println!(
            "target under 2 s: {}",
            if median.as_secs_f64() < 2.0 {
                "met"
            } else {
                "NOT met"
            }
        );
    }
}
