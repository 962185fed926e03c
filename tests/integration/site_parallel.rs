//! The site build uses every core (rayon) and its output does not depend on
//! how many: the same project built with one thread and with several gives
//! the same files, byte for byte, and the same report.

use crate::support::site::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `basic` fixture with each statement copied `copies` times under new
/// slugs and dates (more statements than one parallel chunk), and one new
/// sentence in some copies, which has no translation (a fallback and a
/// `missing-translation` warning under `--allow-incomplete`).
fn many_statements(copies: usize) -> tempfile::TempDir {
    let p = project("basic");
    let dir = p.path().join("corpus/statements");
    let originals: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for path in originals {
        let text = std::fs::read_to_string(&path).unwrap();
        let slug_line = text
            .lines()
            .find(|l| l.starts_with("slug = "))
            .unwrap()
            .to_string();
        let date_line = text
            .lines()
            .find(|l| l.starts_with("date = "))
            .unwrap()
            .to_string();
        let slug = slug_line.trim_start_matches("slug = ").trim_matches('"');
        for i in 0..copies {
            let new_slug = format!("{slug}-{i:03}");
            let date = format!(
                "date = \"20{:02}-{:02}-{:02}\"",
                10 + i % 15,
                1 + i % 12,
                1 + i % 28
            );
            let mut copy = text
                .replacen(&slug_line, &format!("slug = \"{new_slug}\""), 1)
                .replacen(&date_line, &date, 1);
            if i % 7 == 3 {
                copy.push_str(&format!("\nCopy number {i} has a sentence of its own.\n"));
            }
            std::fs::write(dir.join(format!("{new_slug}.md")), copy).unwrap();
        }
    }
    p
}

/// Build with `threads` rayon threads; the output folder and the report.
fn build_with_threads(project: &Path, out: &str, threads: usize) -> (PathBuf, String, String) {
    let out = project.join(out);
    let o = Command::new(env!("CARGO_BIN_EXE_diglot"))
        .env("RAYON_NUM_THREADS", threads.to_string())
        .arg("-C")
        .arg(project)
        .args(["build", "--proof", "--allow-incomplete", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout).replace(&out.display().to_string(), "OUT"),
        String::from_utf8_lossy(&o.stderr).to_string(),
    );
    assert!(o.status.success(), "build failed: {stdout}\n{stderr}");
    (out, stdout, stderr)
}

fn tree(out: &Path) -> BTreeMap<String, Vec<u8>> {
    files(out)
        .into_iter()
        .map(|f| {
            let b = std::fs::read(out.join(&f)).unwrap();
            (f, b)
        })
        .collect()
}

#[test]
fn one_thread_and_two_threads_build_the_same_bytes() {
    let copies = 110; // 333 statements: more than one chunk of 256
    let p = many_statements(copies);
    let (one, out1, err1) = build_with_threads(p.path(), "out-1", 1);
    let (two, out2, err2) = build_with_threads(p.path(), "out-2", 2);
    let (t1, t2) = (tree(&one), tree(&two));
    // Every statement page in both languages, a proof for each French one.
    let statements = 3 * (copies + 1);
    assert!(
        out1.contains(&format!("built {statements} statement(s)")),
        "{out1}"
    );
    let pages = t1.keys().filter(|f| f.ends_with("/index.html")).count();
    assert_eq!(pages, 2 * statements + 2, "statement and home pages");
    assert_eq!(
        t1.keys().filter(|f| f.ends_with("/proof.html")).count(),
        statements
    );
    // The untranslated sentences were found, in the same order.
    assert!(err1.contains("missing-translation") || err1.contains("no approved translation"));
    assert_eq!(err1, err2, "warnings differ between 1 and 2 threads");
    assert_eq!(out1, out2);
    assert_eq!(
        t1.keys().collect::<Vec<_>>(),
        t2.keys().collect::<Vec<_>>(),
        "file lists differ"
    );
    for (f, bytes) in &t1 {
        assert!(t2[f] == *bytes, "{f} differs between 1 and 2 threads");
    }
}
