//! `diglot check` benchmark: a generated project with 1,000 statements
//! (≈ 10,000 segments, complete approved French memory, the shipped termbase)
//! and 10,000 Fluent messages per language (10 files of 1,000, with
//! variables, terms, attributes and plurals), checked
//!
//! - by the library (`Project::open` + `check::run`), and
//! - by the release binary (`diglot check --format json`), the CI case.
//!
//! Run: `cargo bench --bench check` (release). The generated project is
//! written to a temporary folder, or kept in `$DIGLOT_BENCH_DIR` when set
//! (for profiling or hyperfine). `DIGLOT_BENCH_RUNS` sets the number of timed
//! runs (default 5).

use diglot::check;
use diglot::model::{CodeKind, CodedText};
use diglot::project::Project;
use diglot::xliff::{self, Document, File, State, Unit};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

const STATEMENTS: usize = 1_000;
const FTL_FILES: usize = 10;
const MESSAGES_PER_FILE: usize = 1_000;
const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{A0}';

/// English and French of one sentence; `{1}`/`{/1}` in the French mark the
/// source's link.
struct Pair {
    en: String,
    fr: String,
}

fn thousands(n: usize, sep: &str) -> String {
    if n >= 1000 {
        format!("{}{sep}{:03}", n / 1000, n % 1000)
    } else {
        n.to_string()
    }
}

const MONTHS: [(&str, &str); 4] = [
    ("March", "mars"),
    ("June", "juin"),
    ("July", "juillet"),
    ("October", "octobre"),
];

/// The paragraphs of statement `i` as sentence pairs.
fn statement(i: usize) -> (Pair, Pair, Vec<Vec<Pair>>) {
    let d = 2 + i % 27;
    let (m_en, m_fr) = MONTHS[i % MONTHS.len()];
    let n = 3 + i % 17;
    let big = 1000 + (i * 7919) % 9000;
    let p = |en: String, fr: String| Pair { en, fr };
    let title = p(
        format!("Statement {i} on the hearings"),
        format!("Déclaration {i} sur les audiences"),
    );
    let summary = p(
        format!("Summary of statement {i}."),
        format!("Résumé de la déclaration {i}."),
    );
    let paras = vec![
        vec![
            p(
                format!("On {d} {m_en} 2025, the Chamber heard {n} witnesses in case {i}."),
                format!("Le {d} {m_fr} 2025, la Chambre a entendu {n} témoins dans l’affaire {i}."),
            ),
            p(
                format!(
                    "The Registry received {} applications for case {i}.",
                    thousands(big, ",")
                ),
                format!(
                    "Le Greffe a reçu {} demandes pour l’affaire {i}.",
                    thousands(big, &NNBSP.to_string())
                ),
            ),
            p(
                format!("Why does case {i} matter?"),
                format!("Pourquoi l’affaire {i} est-elle importante{NNBSP}?"),
            ),
        ],
        vec![
            p(
                format!("Note: hearing {i} is public."),
                format!("Remarque{NBSP}: l’audience {i} est publique."),
            ),
            p(
                format!("See [the decision](https://example.org/decisions/{i}) for details."),
                "Voir {1}la décision{/1} pour plus de détails.".to_string(),
            ),
            p(
                format!("Write to press{i}@example.org with questions."),
                format!("Écrivez à press{i}@example.org pour toute question."),
            ),
        ],
        vec![p(
            format!("Next steps for case {i}"),
            format!("Prochaines étapes pour l’affaire {i}"),
        )],
        vec![p(
            format!("The Registry will publish report {i} on {d} {m_en} 2026."),
            format!("Le Greffe publiera le rapport {i} le {d} {m_fr} 2026."),
        )],
    ];
    (title, summary, paras)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The French of a segment: the French sentence with the source's codes.
fn target(source: &CodedText, fr: &str) -> CodedText {
    let codes: Vec<_> = source.codes_in_order().into_iter().cloned().collect();
    let mut t = CodedText::default();
    let mut rest = fr;
    while let Some(i) = rest.find('{') {
        let j = rest[i..].find('}').unwrap() + i;
        t.push_str(&rest[..i]);
        let marker = &rest[i + 1..j];
        let kind = if marker.starts_with('/') {
            CodeKind::Close
        } else {
            CodeKind::Open
        };
        let id = marker.trim_start_matches('/');
        let code = codes
            .iter()
            .find(|c| c.kind == kind && c.id == id)
            .expect("code in source")
            .clone();
        t.push_code(code);
        rest = &rest[j + 1..];
    }
    t.push_str(rest);
    t
}

fn ftl(lang: &str, file: usize) -> String {
    let mut s = String::with_capacity(MESSAGES_PER_FILE * 80);
    let fr = lang == "fr";
    writeln!(
        s,
        "-brand-{file} = {}",
        if fr { "Déclarations" } else { "Statements" }
    )
    .unwrap();
    for m in 0..MESSAGES_PER_FILE {
        let id = format!("msg-{file}-{m}");
        match m % 5 {
            0 => writeln!(
                s,
                "{id} = {}",
                if fr {
                    format!("Ouvrir la déclaration {m}")
                } else {
                    format!("Open statement {m}")
                }
            ),
            1 => writeln!(
                s,
                "{id} = {}",
                if fr {
                    "Publié le { DATETIME($date) } par { $author }"
                } else {
                    "Published on { DATETIME($date) } by { $author }"
                }
            ),
            2 => writeln!(
                s,
                "{id} = {}\n    .title = {}",
                if fr { "Rechercher" } else { "Search" },
                if fr {
                    "Rechercher dans les { -brand-FILE }"
                } else {
                    "Search { -brand-FILE }"
                }
                .replace("FILE", &file.to_string())
            ),
            3 => writeln!(
                s,
                "{id} = {{ $count ->\n    [one] {}\n   *[other] {}\n}}",
                if fr {
                    "{ $count } fichier"
                } else {
                    "{ $count } file"
                },
                if fr {
                    "{ $count } fichiers"
                } else {
                    "{ $count } files"
                }
            ),
            _ => writeln!(
                s,
                "{id} = {}",
                if fr {
                    "Bienvenue, { $name }{NNBSP}!".replace("{NNBSP}", &NNBSP.to_string())
                } else {
                    "Welcome, { $name }!".to_string()
                }
            ),
        }
        .unwrap();
    }
    s
}

/// Write the project: statements, Fluent files, termbase; then the memory,
/// made through the library from the known French of every segment.
fn generate(root: &Path) {
    write(
        &root.join("diglot.toml"),
        "source_language = \"en\"\ntarget_languages = [\"fr\"]\nbase_url = \"https://example.org/\"\n",
    );
    let termbase = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/termbase.tsv");
    std::fs::create_dir_all(root.join("corpus")).unwrap();
    std::fs::copy(termbase, root.join("corpus/termbase.tsv")).unwrap();
    let mut french: HashMap<String, String> = HashMap::new();
    for i in 0..STATEMENTS {
        let (title, summary, paras) = statement(i);
        let mut md = format!(
            "+++\ntitle = \"{}\"\ndate = \"2025-06-{:02}\"\nsummary = \"{}\"\n+++\n",
            title.en,
            1 + i % 28,
            summary.en
        );
        let plain = |en: &str| {
            // Link markup → its text, as the segment's plain text shows it.
            match en.find("[the decision](") {
                Some(a) => {
                    let b = en[a..].find(')').unwrap() + a;
                    format!("{}the decision{}", &en[..a], &en[b + 1..])
                }
                None => en.to_string(),
            }
        };
        for pair in [&title, &summary] {
            french.insert(plain(&pair.en), pair.fr.clone());
        }
        for (k, para) in paras.iter().enumerate() {
            md.push('\n');
            let text: Vec<&str> = para.iter().map(|p| p.en.as_str()).collect();
            if k == 2 {
                md.push_str("## ");
            }
            md.push_str(&text.join(" "));
            md.push('\n');
            for pair in para {
                french.insert(plain(&pair.en), pair.fr.clone());
            }
        }
        write(
            &root.join(format!("corpus/statements/statement-{i:04}.md")),
            &md,
        );
    }
    for f in 0..FTL_FILES {
        for lang in ["en", "fr"] {
            write(
                &root.join(format!("locales/{lang}/messages-{f:02}.ftl")),
                &ftl(lang, f),
            );
        }
    }
    // The memory: one approved unit per distinct source sentence, written
    // as the XLIFF 2 document `Memory::save` would write (units sorted by
    // id); built directly because `Memory::upsert` one by one is quadratic.
    let project = Project::open(root).expect("generated project opens");
    let corpus = project.corpus().expect("generated statements parse");
    let mut units: BTreeMap<String, Unit> = BTreeMap::new();
    let mut segments = 0;
    for (st, segs) in corpus.statements.iter().zip(&corpus.segments) {
        for s in segs {
            segments += 1;
            let id = format!("u{}", s.key);
            if units.contains_key(&id) {
                continue;
            }
            let fr = french
                .get(&s.source.plain_text())
                .unwrap_or_else(|| panic!("no French for {:?}", s.source.plain_text()));
            let mut u = Unit::new(id.clone(), s.source.clone());
            u.target = Some(target(&s.source, fr));
            u.state = Some(State::Final);
            for (k, v) in [("prev", &s.prev), ("next", &s.next)] {
                if let Some(v) = v {
                    u.meta.push((k.into(), v.clone()));
                }
            }
            u.meta.push(("statement".into(), st.slug.clone()));
            units.insert(id, u);
        }
    }
    let n_units = units.len();
    let doc = Document {
        version: "2.1".into(),
        source_lang: "en".into(),
        target_lang: Some("fr".into()),
        files: vec![File {
            id: "memory".into(),
            original: None,
            units: units.into_values().collect(),
        }],
    };
    write(&root.join("corpus/memory/fr.xlf"), &xliff::write_v2(&doc));
    eprintln!(
        "generated {} statements, {segments} segments, {n_units} memory units, {} Fluent messages per language in {}",
        corpus.statements.len(),
        FTL_FILES * (MESSAGES_PER_FILE + 1),
        root.display()
    );
}

fn stats(name: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: min {:.0} ms, median {:.0} ms, max {:.0} ms ({} runs)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn main() {
    let runs: usize = std::env::var("DIGLOT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let tmp;
    let root = match std::env::var_os("DIGLOT_BENCH_DIR") {
        Some(d) => {
            let d = std::path::PathBuf::from(d);
            if d.exists() {
                std::fs::remove_dir_all(&d).unwrap();
            }
            d
        }
        None => {
            tmp = tempfile::tempdir().unwrap();
            tmp.path().to_path_buf()
        }
    };
    let t = Instant::now();
    generate(&root);
    eprintln!("generation: {:.1} s", t.elapsed().as_secs_f64());

    // Library: open (read + segment) and check.
    let mut lib = Vec::new();
    let mut findings = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let project = Project::open(&root).unwrap();
        let corpus = project.corpus().unwrap();
        let report = check::run(&project, &corpus).unwrap();
        lib.push(t.elapsed());
        findings = report.findings.len();
        if findings > 0 {
            eprint!("{}", diglot::report::text(&report.findings));
        }
    }
    stats("library Project::open + check::run", &mut lib);
    println!("findings: {findings}");

    // The binary, as CI runs it.
    let exe = env!("CARGO_BIN_EXE_diglot");
    let mut bin = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let out = std::process::Command::new(exe)
            .args(["check", "--format", "json"])
            .current_dir(&root)
            .output()
            .unwrap();
        bin.push(t.elapsed());
        assert_eq!(
            out.status.code(),
            Some(if findings == 0 { 0 } else { 1 }),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    stats("binary `diglot check --format json`", &mut bin);
}
