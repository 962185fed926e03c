//! The persistent index through the real binary: what a translator or an
//! editor does to a memory (a hand edit, a `git checkout` of an older one,
//! deleting the cache) is seen by the very next lookup; `tm concordance`.

use super::support::diglot;
use std::path::Path;

fn git(dir: &Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

/// The target of the best match of `text` (JSON output of `tm lookup`).
fn best(root: &Path, text: &str) -> String {
    let out = diglot(root)
        .args(["tm", "lookup", text, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    rows[0]["target"].as_str().unwrap_or("").to_string()
}

const PAIRS: &str = "The Court is independent of the States.\tLa Cour est indépendante des États.\n\
The Prosecutor opened an investigation into the situation.\tLe Procureur a ouvert une enquête sur la situation.\n\
The judges of the Court were sanctioned.\tLes juges de la Cour ont été sanctionnés.\n\
Civil society condemns the sanctions against the judges.\tLa société civile condamne les sanctions contre les juges.\n";

/// A new project with `PAIRS` imported as the reference memory `pairs`.
fn project_with_pairs() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    diglot(tmp.path()).args(["init", "site"]).assert().success();
    std::fs::write(root.join("pairs.tsv"), PAIRS).unwrap();
    diglot(&root)
        .args(["tm", "import", "pairs.tsv"])
        .assert()
        .success();
    (tmp, root)
}

#[test]
fn hand_edits_checkouts_and_a_deleted_cache_are_seen() {
    let (_tmp, root) = project_with_pairs();
    let memory = root.join("corpus/memory/reference/pairs.fr.xlf");
    assert!(memory.is_file());
    let cache = root.join("corpus/memory/.cache");
    assert!(
        cache.join("reference/pairs.fr.xlf.idx").is_file(),
        "tm import writes the index"
    );
    let q = "The Court is independent of the States.";
    assert_eq!(best(&root, q), "La Cour est indépendante des États.");

    // The cache ignores itself in git.
    git(&root, &["init", "-q"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "v1"]);
    let tracked = std::process::Command::new("git")
        .args(["ls-files"])
        .current_dir(&root)
        .output()
        .unwrap();
    let tracked = String::from_utf8(tracked.stdout).unwrap();
    assert!(tracked.contains("corpus/memory/reference/pairs.fr.xlf"));
    assert!(!tracked.contains(".cache"), "{tracked}");

    // A hand edit of the memory, the same size, straight after a lookup.
    let text = std::fs::read_to_string(&memory).unwrap();
    let edited = text.replace("indépendante des États", "INDÉPENDANTE des États");
    assert_eq!(edited.len(), text.len());
    std::fs::write(&memory, &edited).unwrap();
    assert_eq!(best(&root, q), "La Cour est INDÉPENDANTE des États.");
    git(&root, &["commit", "-q", "-am", "v2"]);

    // A checkout of the older memory.
    git(&root, &["checkout", "-q", "HEAD~1", "--", "corpus/memory"]);
    assert_eq!(best(&root, q), "La Cour est indépendante des États.");
    git(&root, &["checkout", "-q", "HEAD", "--", "corpus/memory"]);
    assert_eq!(best(&root, q), "La Cour est INDÉPENDANTE des États.");

    // Deleting the cache changes nothing but speed.
    std::fs::remove_dir_all(&cache).unwrap();
    assert_eq!(best(&root, q), "La Cour est INDÉPENDANTE des États.");
    assert!(cache.join("reference/pairs.fr.xlf.idx").is_file());

    // A damaged index is rebuilt, never trusted.
    std::fs::write(
        cache.join("reference/pairs.fr.xlf.idx"),
        b"DGLTIDX\x01garbage",
    )
    .unwrap();
    assert_eq!(best(&root, q), "La Cour est INDÉPENDANTE des États.");
}

/// `pretranslate` in a project reads the project's memories from their
/// persistent indexes (as `tm lookup` does), puts `--tm` files after them,
/// and sees a hand edit of a memory at once.
#[test]
fn pretranslate_reads_the_index_and_sees_hand_edits() {
    let (_tmp, root) = project_with_pairs();
    let xlf = root.join("job.xlf");
    std::fs::write(
        &xlf,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n\
<file original=\"job\" source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\"><body>\n\
<trans-unit id=\"1\"><source>The Court is independent of the States.</source></trans-unit>\n\
<trans-unit id=\"2\"><source>The Registrar keeps the records.</source></trans-unit>\n\
</body></file></xliff>\n",
    )
    .unwrap();
    std::fs::write(
        root.join("extra.tsv"),
        "The Registrar keeps the records.\tLe Greffier tient les registres.\n",
    )
    .unwrap();
    let run = |root: &Path| -> String {
        diglot(root)
            .args([
                "pretranslate",
                "job.xlf",
                "--tm",
                "extra.tsv",
                "--out",
                "out.xlf",
            ])
            .assert()
            .success();
        std::fs::read_to_string(root.join("out.xlf")).unwrap()
    };
    let out = run(&root);
    assert!(
        out.contains("<target>La Cour est indépendante des États.</target>"),
        "{out}"
    );
    assert!(out.contains("reference memory pairs (exact 100%)"), "{out}");
    assert!(
        out.contains("<target>Le Greffier tient les registres.</target>"),
        "{out}"
    );
    assert!(out.contains("extra.tsv (exact 100%)"), "{out}");
    let memory = root.join("corpus/memory/reference/pairs.fr.xlf");
    let text = std::fs::read_to_string(&memory).unwrap();
    let edited = text.replace("indépendante des États", "INDÉPENDANTE des États");
    assert_eq!(edited.len(), text.len());
    std::fs::write(&memory, &edited).unwrap();
    let out = run(&root);
    assert!(
        out.contains("<target>La Cour est INDÉPENDANTE des États.</target>"),
        "{out}"
    );
}

#[test]
fn concordance_marks_phrases_and_searches_targets() {
    let (_tmp, root) = project_with_pairs();

    let out = diglot(&root)
        .args(["tm", "concordance", "the JUDGES", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["total"], 2);
    let hits = r["hits"].as_array().unwrap();
    // Shorter unit first; the phrase marked.
    assert_eq!(
        hits[0]["source"],
        "The judges of the Court were sanctioned."
    );
    assert_eq!(
        hits[0]["marked"],
        "⟦The judges⟧ of the Court were sanctioned."
    );
    assert_eq!(hits[0]["spans"][0], serde_json::json!([0, 10]));
    assert_eq!(hits[0]["phrase"], true);
    assert_eq!(
        hits[1]["marked"],
        "Civil society condemns the sanctions against ⟦the judges⟧."
    );

    // Words apart rank after phrases and are all marked.
    let out = diglot(&root)
        .args(["tm", "concordance", "court judges", "--format", "json"])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["total"], 1);
    assert_eq!(r["hits"][0]["phrase"], false);
    assert_eq!(
        r["hits"][0]["marked"],
        "The ⟦judges⟧ of the ⟦Court⟧ were sanctioned."
    );

    // --target searches the translations.
    diglot(&root)
        .args(["tm", "concordance", "société civile", "--target"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "target: La ⟦société civile⟧ condamne les sanctions contre les juges.",
        ))
        .stdout(predicates::str::contains("1 unit holds every word"));

    // No hit is not an error.
    diglot(&root)
        .args(["tm", "concordance", "nowhere to be found"])
        .assert()
        .success()
        .stdout(predicates::str::contains("0 units hold every word"));
}

/// Lookups through the persistent index equal those of one index built from
/// the memory as read (today's engine) on `n` units of the Canadian Acts,
/// with queries of every class: exact copies, case changes (penalised),
/// changed numbers (substituted), one-word edits and held-out sentences
/// (fuzzy), misses.
fn acts_equivalence(n: usize) {
    use diglot::model::CodedText;
    use diglot::tm::index::Index;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/parallel/canada-federal-acts-en-fr/canada-acts.en-fr.tsv");
    let Ok(bytes) = std::fs::read(&path) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing in CI",
            path.display()
        );
        eprintln!("skipped: {} is missing", path.display());
        return;
    };
    let all = diglot::tm::tsv::parse_tsv(&bytes, &path).unwrap();
    let mut kept = Vec::new();
    let mut held = Vec::new();
    for (i, u) in all.into_iter().take(n).enumerate() {
        if i % 50 == 7 {
            held.push(u);
        } else {
            kept.push(u);
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut mem = diglot::tm::Memory::new(tmp.path().join("reference/acts.fr.xlf"), "en", "fr");
    for u in &kept {
        mem.upsert(u.clone());
    }
    mem.save().unwrap();
    let read = diglot::tm::load_references(tmp.path(), "en", "fr").unwrap();
    let engine = Index::build(read, "en", "fr");
    let cached = diglot::tm::cache::load_index(tmp.path(), "en", "fr", Vec::new()).unwrap();
    let mut queries: Vec<String> = held.iter().map(|u| u.source.text.clone()).collect();
    for u in kept.iter().step_by(41) {
        let t = &u.source.text;
        queries.push(t.clone());
        queries.push(t.to_lowercase());
        queries.push(t.replace('1', "7").replace('2', "9"));
        queries.push(t.replacen(" the ", " a ", 1));
    }
    queries.push("Nothing of the kind appears in any Act.".into());
    let mut classes = std::collections::BTreeSet::new();
    for q in &queries {
        let src = CodedText::plain(q);
        let show = |ix: &Index| -> Vec<String> {
            ix.lookup(&src, None, None, 50)
                .iter()
                .map(|m| format!("{m:?} {:?} {:?}", m.target(ix), ix.unit(m.unit)))
                .collect()
        };
        let want = show(&engine);
        assert_eq!(show(&cached), want, "query {q:?}");
        for m in engine.lookup(&src, None, None, 50) {
            classes.insert(format!("{:?}", m.class));
        }
    }
    // Every class a context-free memory can give (in-context needs units
    // with context: the generated-memory test in src/tm/cache.rs has them).
    for c in ["Exact", "Penalised", "Substituted", "Fuzzy"] {
        assert!(classes.contains(c), "{c} not reached: {classes:?}");
    }
}

#[test]
fn acts_sample_cached_equals_engine() {
    acts_equivalence(3_000);
}

/// The whole Acts (111,564 units): `cargo test --release --test tm_index -- --ignored`.
#[test]
#[ignore]
fn acts_cached_equals_engine() {
    acts_equivalence(usize::MAX);
}
