//! A mutation fuzzer over every reader, on the stable toolchain.
//!
//! Inputs are real files (`../shared/data` when present, `tests/fixtures`,
//! the repository's own statements and configuration) mutated by a
//! deterministic generator: bit flips, interesting bytes, deletions,
//! insertions, duplicated ranges, format tokens (`{`, `<pc>`, `]]>`,
//! U+F0000, a BOM…), long repetitions of a token or a range (nesting and
//! quadratic paths), splices of two seeds and truncations.
//!
//! Each reader runs in a child process (this test binary, re-run on the
//! ignored `fuzz_worker` test) so that an abort or a stack overflow is seen
//! and attributed to its case instead of killing the run; a panic is caught
//! in the child and reported; a case running over 10 s is reported (a
//! watchdog kills a child stuck for 60 s). Every finding is written to
//! `target/fuzz-findings/<reader>-<seed>-<case>.bin`.
//!
//! The suite runs a short bounded run (`fuzz_readers`, 40 cases per reader
//! by default). The long run is documented in FUZZING.md:
//! `DIGLOT_FUZZ_CASES=100000 cargo test --release --test integration -- --nocapture fuzz::fuzz_readers`.
//! `DIGLOT_FUZZ_READERS=xliff,ftl` picks readers; `DIGLOT_FUZZ_SEED` changes
//! the generator's seed.

use diglot::l10n::{self, FtlFile};
use diglot::model::CodedText;
use diglot::segment::Segmenter;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const READERS: &[&str] = &[
    "xliff",
    "tmx",
    "srx",
    "ftl",
    "statement",
    "toml",
    "termbase",
    "tsv",
];
/// A case slower than this is a finding.
const SLOW: Duration = Duration::from_secs(10);
/// A child silent this long is killed (the case counts as slow).
const HUNG: Duration = Duration::from_secs(60);
/// Seeds are cut to this many bytes (the TSV corpora are tens of MB).
const SEED_BYTES: usize = 32 * 1024;
/// Inputs never grow beyond this (smaller in an unoptimised build, where
/// the short run of the test suite must stay short).
const MAX_INPUT: usize = if cfg!(debug_assertions) {
    1 << 18
} else {
    1 << 20
};

// ---- deterministic generator -----------------------------------------------

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    /// SplitMix64.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn name_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

const TOKENS: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "&",
    "&amp;",
    "&#0;",
    "&#x10FFFF;",
    "&#xFFFE;",
    "]]>",
    "<![CDATA[",
    "<!--",
    "-->",
    "<?xml version=\"1.0\"?>",
    "<!DOCTYPE x [<!ENTITY e \"ee\">]>",
    "&e;",
    "{",
    "}",
    "{ ",
    " }",
    "{{",
    "{ $x }",
    "{ -t }",
    "{ m }",
    "{ \"{\" }",
    "->",
    "*[other] ",
    "[one] ",
    "\n    ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\"",
    "'",
    "\\",
    "\u{F0000}",
    "\u{F0001}",
    "\u{FEFF}",
    "\u{FFFF}",
    "\u{7}",
    "\u{0}",
    "\u{202F}",
    "\u{A0}",
    "é",
    "ﬁ",
    "+++",
    "---",
    "=",
    "[",
    "]",
    "[x]",
    "#",
    "# ",
    "*",
    "**",
    "`",
    "](http://x)",
    "![a](b)",
    "|",
    "- ",
    "1. ",
    "> ",
    "xml:space=\"preserve\"",
    "xml:lang=\"fr\"",
    " id=\"1\"",
    "<pc id=\"1\">",
    "</pc>",
    "<ph id=\"2\"/>",
    "<g id=\"1\">",
    "</g>",
    "<x id=\"3\"/>",
    "<bpt i=\"1\">",
    "</bpt>",
    "<seg>",
    "</seg>",
    "<tuv xml:lang=\"fr\">",
    "<segment>",
    "<source>",
    "<target>",
    "</target>",
    "<mrk mtype=\"seg\" mid=\"1\">",
    "<sm id=\"a\"/>",
    "<em startRef=\"a\"/>",
    "(",
    ")",
    "((",
    "a;",
    ";",
    " ;",
    "«",
    "»",
    ":",
    "?",
    "!",
    "...",
    "Mr.",
    "U.S.",
    "1.",
    "2025-06-01",
    "1 234,5",
    "http://",
    "https://example.org/a?b=c",
    "www.",
    "a@b.c",
    "@",
    "8(2)(b)",
    "ICC-01/04",
    "<rule break=\"no\"><beforebreak>",
    "</beforebreak><afterbreak>",
    "</afterbreak></rule>",
    "(?<=",
    "\\p{Lu}",
    ".*",
    "(a+)+",
    "[^",
    "\\",
    "source_language = \"en\"",
    "target_languages = [\"fr\"]",
    "[qa]",
    "[exchange]",
    "\"\"\"",
    "'''",
    "0x",
    "1e999",
];

/// One mutated input for `case` of `reader`.
fn generate(seeds: &[Vec<u8>], seed: u64, reader: &str, case: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ name_hash(reader) ^ case.wrapping_mul(0xA24B_AED4_963E_E407));
    let mut data = seeds[rng.below(seeds.len())].clone();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(10) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = [
                    0, 0xFF, b'<', b'>', b'{', b'}', b'"', b'&', b'\n', b'\t', 0x7F, 0x80, 0xC0,
                ][rng.below(13)];
            }
            2 => {
                let end = (at + 1 + rng.below(16)).min(len);
                data.drain(at..end);
            }
            3 => {
                let n = 1 + rng.below(8);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                data.splice(at..at, bytes);
            }
            4 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let piece = data[start..end].to_vec();
                data.splice(at..at, piece);
            }
            5 | 6 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes().to_vec();
                data.splice(at..at, t);
            }
            7 => {
                // A long run: a token or a short range repeated.
                let piece = if rng.below(2) == 0 || len == 0 {
                    TOKENS[rng.below(TOKENS.len())].as_bytes().to_vec()
                } else {
                    let start = rng.below(len);
                    data[start..(start + 1 + rng.below(8)).min(len)].to_vec()
                };
                let times = [100, 1_000, 20_000, 100_000][rng.below(4)];
                let times = times.min(MAX_INPUT / piece.len().max(1));
                let run = piece.repeat(times);
                data.splice(at..at, run);
            }
            8 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                data.truncate(at);
                data.extend_from_slice(&other[from..]);
            }
            _ => data.truncate(at),
        }
        data.truncate(MAX_INPUT);
    }
    data
}

// ---- seeds -------------------------------------------------------------------

fn files_under(dir: &Path, accept: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files_under(&p, accept, out);
        } else if accept(&p) {
            out.push(p);
        }
    }
}

/// Which files of a folder are seeds.
type Accept = Box<dyn Fn(&Path) -> bool>;

fn seeds(reader: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/data");
    let fixtures = root.join("tests/fixtures");
    let ext = |e: &'static [&'static str]| {
        move |p: &Path| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| e.contains(&x.to_ascii_lowercase().as_str()))
        }
    };
    let mut paths = Vec::new();
    let (dirs, accept): (Vec<PathBuf>, Accept) = match reader {
        "xliff" => (
            vec![shared.join("xliff"), fixtures.join("xliff")],
            Box::new(ext(&["xlf", "xliff", "sdlxliff", "mqxliff"])),
        ),
        "tmx" => (
            vec![shared.join("tmx"), fixtures.join("tmx")],
            Box::new(ext(&["tmx"])),
        ),
        "srx" => (
            vec![shared.join("srx"), fixtures.join("srx")],
            Box::new(ext(&["srx"])),
        ),
        "ftl" => (
            vec![
                shared.join("fluent"),
                fixtures.clone(),
                root.join("locales"),
            ],
            Box::new(ext(&["ftl"])),
        ),
        "statement" => (
            vec![fixtures.clone(), root.join("corpus")],
            Box::new(|p: &Path| {
                p.extension().is_some_and(|x| x == "md")
                    && p.components().any(|c| c.as_os_str() == "statements")
            }),
        ),
        "toml" => (
            vec![fixtures.clone(), root.to_path_buf()],
            Box::new(|p: &Path| p.file_name().is_some_and(|n| n == "diglot.toml")),
        ),
        "termbase" => (
            vec![shared.join("termbase"), fixtures.join("check")],
            Box::new(|p: &Path| {
                p.extension().is_some_and(|x| x == "tsv")
                    && p.to_string_lossy().contains("termbase")
                    || p.to_string_lossy().contains("icc-en-fr")
            }),
        ),
        "tsv" => (
            vec![shared.join("parallel")],
            Box::new(|p: &Path| {
                p.extension().is_some_and(|x| x == "tsv") || p.ends_with("fra.txt")
            }),
        ),
        _ => panic!("unknown reader {reader}"),
    };
    for d in &dirs {
        if d == root {
            // Only the repository's own diglot.toml, not target/.
            if accept(&d.join("diglot.toml")) && d.join("diglot.toml").is_file() {
                paths.push(d.join("diglot.toml"));
            }
            continue;
        }
        files_under(d, &*accept, &mut paths);
    }
    let mut out: Vec<Vec<u8>> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|mut b| {
            b.truncate(SEED_BYTES);
            b
        })
        .collect();
    // Always something to mutate (the TSV corpora live in ../shared/data).
    let fallback: &[u8] = match reader {
        "tsv" => b"Run!\tCours !\nThe Court met on 1 June 2025.\tLa Cour s\xe2\x80\x99est r\xc3\xa9unie le 1er juin 2025.\n",
        "termbase" => b"en\tfr\nCourt\tCour\nRegistry\tGreffe\n",
        _ => b"",
    };
    if !fallback.is_empty() {
        out.push(fallback.to_vec());
    }
    assert!(!out.is_empty(), "no seeds for {reader}");
    out
}

// ---- one case ----------------------------------------------------------------

fn run_case(reader: &str, data: &[u8]) {
    let path = Path::new("fuzz.input");
    let text = String::from_utf8_lossy(data);
    match reader {
        "xliff" => {
            let _ = diglot::xliff::validate(data, path);
            let _ = diglot::xliff::read_document(data, path);
            let _ = diglot::xliff::read_memory_document(data, path);
        }
        "tmx" => {
            let _ = diglot::tmx::read_tmx(data, path);
        }
        "srx" => {
            if let Ok((seg, _)) = Segmenter::from_srx_str(&text, "fuzz.srx", "en") {
                let _ = seg.split_text(
                    "Mr. Smith met Dr. Jones at 5 p.m. on 1 June. It rained! Did it? Yes.",
                );
            }
        }
        "ftl" => {
            let _ = l10n::lint::lint_file(l10n::lint::Ftl { path, text: &text });
            let file = FtlFile {
                path: path.to_path_buf(),
                source: text.to_string(),
            };
            if let Ok(b) = l10n::Bundle::new("fr", std::slice::from_ref(&file)) {
                let ids: Vec<String> = b.site_message_ids().cloned().collect();
                for id in ids {
                    let _ = b.format(&id, &[]);
                }
            }
        }
        "statement" => {
            if let Ok(st) = diglot::source::parse_statement(&text, Path::new("s.md")) {
                let seg = Segmenter::builtin("en");
                for b in &st.blocks {
                    for s in seg.split(&b.content) {
                        let _ = diglot::typography::check("fr", &s);
                        let _ = diglot::placeables::find_coded("en", &s);
                    }
                }
            }
        }
        "toml" => {
            let _ = diglot::config::Config::parse(&text, Path::new("diglot.toml"));
        }
        "termbase" => {
            if let Ok(tb) = diglot::qa::termbase::Termbase::parse(&text, Path::new("t.tsv")) {
                let _ = tb.find_in("en", "The Court and the Registry met the Prosecutor.");
            }
        }
        "tsv" => {
            let _ = diglot::tm::tsv::parse_tsv(data, Path::new("m.tsv"));
        }
        _ => unreachable!(),
    }
    let _ = CodedText::plain("");
}

// ---- worker (child process) ----------------------------------------------------

/// Run by `fuzz_readers` in a child process; does nothing on its own.
#[test]
#[ignore = "the fuzzing worker, run in a child process by fuzz_readers"]
fn fuzz_worker() {
    let Ok(spec) = std::env::var("DIGLOT_FUZZ_WORKER") else {
        return;
    };
    let parts: Vec<&str> = spec.split(',').collect();
    let (reader, seed, start, count) = (
        parts[0],
        parts[1].parse::<u64>().unwrap(),
        parts[2].parse::<u64>().unwrap(),
        parts[3].parse::<u64>().unwrap(),
    );
    let seeds = seeds(reader);
    if std::env::var_os("DIGLOT_FUZZ_VERBOSE").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for case in start..start + count {
        let data = generate(&seeds, seed, reader, case);
        writeln!(out, "C {case}").unwrap();
        out.flush().unwrap();
        let t = Instant::now();
        let r = std::panic::catch_unwind(|| run_case(reader, &data));
        let micros = t.elapsed().as_micros();
        match r {
            Ok(()) => writeln!(out, "D {case} {micros}").unwrap(),
            Err(p) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
                    .replace('\n', " ");
                writeln!(out, "P {case} {micros} {msg}").unwrap();
            }
        }
    }
    out.flush().unwrap();
}

// ---- driver --------------------------------------------------------------------

#[derive(Default, Debug)]
struct Tally {
    cases: u64,
    panics: Vec<(u64, String)>,
    aborts: Vec<(u64, String)>,
    slow: Vec<(u64, Duration)>,
    max: Duration,
    total: Duration,
}

fn save(reader: &str, seed: u64, case: u64, seeds: &[Vec<u8>]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("{reader}-{seed}-{case}.bin"));
    std::fs::write(&p, generate(seeds, seed, reader, case)).unwrap();
    p
}

enum Line {
    Text(String),
    Eof,
}

/// Run cases `0..cases` of `reader`, restarting the child after an abort.
fn fuzz(reader: &str, seed: u64, cases: u64) -> Tally {
    let seeds = seeds(reader);
    let exe = std::env::current_exe().unwrap();
    let mut tally = Tally::default();
    let mut next = 0;
    let started = Instant::now();
    while next < cases {
        let mut child = Command::new(&exe)
            .args([
                // The test's path in the one integration binary.
                "fuzz::fuzz_worker",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(
                "DIGLOT_FUZZ_WORKER",
                format!("{reader},{seed},{next},{}", cases - next),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for l in BufReader::new(stdout).lines() {
                let Ok(l) = l else { break };
                if tx.send(Line::Text(l)).is_err() {
                    return;
                }
            }
            let _ = tx.send(Line::Eof);
        });
        let mut current: Option<u64> = None;
        let mut last_done = next.wrapping_sub(1);
        let mut hung = false;
        loop {
            match rx.recv_timeout(HUNG) {
                Ok(Line::Text(l)) => {
                    let mut it = l.splitn(4, ' ');
                    let (tag, case) = (it.next().unwrap_or(""), it.next().unwrap_or(""));
                    let Ok(case) = case.parse::<u64>() else {
                        continue;
                    };
                    match tag {
                        "C" => current = Some(case),
                        "D" | "P" => {
                            let d = Duration::from_micros(
                                it.next().unwrap_or("0").parse().unwrap_or(0),
                            );
                            tally.cases += 1;
                            tally.total += d;
                            tally.max = tally.max.max(d);
                            if d > SLOW {
                                save(reader, seed, case, &seeds);
                                tally.slow.push((case, d));
                            }
                            if tag == "P" {
                                let p = save(reader, seed, case, &seeds);
                                tally.panics.push((
                                    case,
                                    format!("{} ({})", it.next().unwrap_or(""), p.display()),
                                ));
                            }
                            current = None;
                            last_done = case;
                            if tally.cases % 10_000 == 0 {
                                eprintln!(
                                    "fuzz {reader}: {} cases, {:.0?}, {} panic(s), {} abort(s), {} slow",
                                    tally.cases,
                                    started.elapsed(),
                                    tally.panics.len(),
                                    tally.aborts.len(),
                                    tally.slow.len()
                                );
                            }
                        }
                        _ => {}
                    }
                }
                Ok(Line::Eof) => break,
                Err(_) => {
                    hung = true;
                    let _ = child.kill();
                    break;
                }
            }
        }
        let status = child.wait().unwrap();
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        match current {
            Some(case) => {
                let p = save(reader, seed, case, &seeds);
                tally.cases += 1;
                if hung {
                    tally.slow.push((case, HUNG));
                } else {
                    let tail: String = err.lines().rev().take(3).collect::<Vec<_>>().join(" | ");
                    tally
                        .aborts
                        .push((case, format!("{status} ({}) {tail}", p.display())));
                }
                next = case + 1;
            }
            None if last_done.wrapping_add(1) >= cases => next = cases,
            None => panic!("{reader}: worker ended early ({status}): {err}"),
        }
    }
    eprintln!(
        "fuzz {reader}: {} cases in {:.1?} (cases' own time {:.1?}, slowest {:.2?}): {} panic(s), {} abort(s), {} over {:?}",
        tally.cases,
        started.elapsed(),
        tally.total,
        tally.max,
        tally.panics.len(),
        tally.aborts.len(),
        tally.slow.len(),
        SLOW
    );
    tally
}

#[test]
fn fuzz_readers() {
    let cases: u64 = std::env::var("DIGLOT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let seed: u64 = std::env::var("DIGLOT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let only = std::env::var("DIGLOT_FUZZ_READERS").ok();
    let mut failures = Vec::new();
    for reader in READERS {
        if only
            .as_deref()
            .is_some_and(|o| !o.split(',').any(|r| r == *reader))
        {
            continue;
        }
        let t = fuzz(reader, seed, cases);
        assert_eq!(t.cases, cases, "{reader}: every case ran");
        for (case, m) in &t.panics {
            failures.push(format!("{reader} case {case}: panic: {m}"));
        }
        for (case, m) in &t.aborts {
            failures.push(format!("{reader} case {case}: abort: {m}"));
        }
        for (case, d) in &t.slow {
            failures.push(format!("{reader} case {case}: took {d:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_generator_is_deterministic_and_mutates() {
    let seeds = vec![b"<xliff version=\"2.0\"><file/></xliff>".to_vec()];
    let a: Vec<Vec<u8>> = (0..50).map(|c| generate(&seeds, 1, "xliff", c)).collect();
    let b: Vec<Vec<u8>> = (0..50).map(|c| generate(&seeds, 1, "xliff", c)).collect();
    assert_eq!(a, b);
    assert!(a.iter().filter(|x| **x != seeds[0]).count() > 40);
    assert!(a.iter().all(|x| x.len() <= MAX_INPUT));
}
