//! `diglot align` through the real binary: each input format, batch
//! pairing with its report of unpaired documents, `--import` (and
//! re-importing, which replaces), and the review round trip through `diglot
//! tm import`.

use super::support::diglot;
use serde_json::Value;
use std::path::Path;

const EN: &str = "The committee met in Ottawa on 5 June 2025.\n\
It adopted the annual budget of the organisation.\n\
\n\
Members discussed the humanitarian situation in the region. \
They called for the immediate release of all detained journalists.\n\
The next meeting will take place in Geneva.\n";

const FR: &str = "Le comité s’est réuni à Ottawa le 5 juin 2025.\n\
Il a adopté le budget annuel de l’organisation.\n\
\n\
Les membres ont discuté de la situation humanitaire dans la région et ont demandé \
la libération immédiate de tous les journalistes détenus.\n\
La prochaine réunion aura lieu à Genève.\n\
\n\
Nous remercions chaleureusement nos partenaires pour leur générosité.\n";

fn beads(v: &Value) -> Vec<(Vec<u64>, Vec<u64>)> {
    v["beads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let ids = |k: &str| {
                b[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_u64().unwrap())
                    .collect::<Vec<u64>>()
            };
            (ids("source"), ids("target"))
        })
        .collect()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = diglot(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn plain_text_is_segmented_and_aligned_with_a_merge_and_an_addition() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("en.txt"), EN).unwrap();
    std::fs::write(d.path().join("fr.txt"), FR).unwrap();
    let v = json(d.path(), &["align", "en.txt", "fr.txt", "--format", "json"]);
    assert_eq!(v["source"].as_array().unwrap().len(), 5);
    assert_eq!(v["target"].as_array().unwrap().len(), 5);
    assert_eq!(v["source"][2]["paragraph"], 1);
    assert_eq!(
        beads(&v),
        [
            (vec![0], vec![0]),
            (vec![1], vec![1]),
            (vec![2, 3], vec![2]),
            (vec![4], vec![3]),
            (vec![], vec![4]),
        ]
    );
    for b in v["beads"].as_array().unwrap() {
        let c = b["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c), "{c}");
    }
    // The same alignment as TSV pairs (no null beads) and TMX.
    let out = diglot(d.path())
        .args(["align", "en.txt", "fr.txt", "--format", "tsv"])
        .output()
        .unwrap();
    let tsv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(tsv.lines().count(), 4);
    assert!(tsv
        .lines()
        .nth(2)
        .unwrap()
        .starts_with("Members discussed the humanitarian situation in the region. They called"));
    diglot(d.path())
        .args([
            "align", "en.txt", "fr.txt", "--format", "tmx", "--out", "a.tmx",
        ])
        .assert()
        .success();
    let tmx = std::fs::read_to_string(d.path().join("a.tmx")).unwrap();
    assert_eq!(tmx.matches("</tu>").count(), 4);
    assert!(tmx.contains("x-confidence"));
}

#[test]
fn presplit_takes_one_segment_per_line() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("en.txt"), "One. Two.\nThree.\n").unwrap();
    std::fs::write(d.path().join("fr.txt"), "Un. Deux.\nTrois.\n").unwrap();
    let v = json(d.path(), &["align", "--presplit", "en.txt", "fr.txt"]);
    assert_eq!(v["source"].as_array().unwrap().len(), 2);
    assert_eq!(beads(&v), [(vec![0], vec![0]), (vec![1], vec![1])]);
}

#[test]
fn markdown_keeps_inline_codes() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("en.md"),
        "# Sanctions\n\nThe coalition *strongly* condemns the sanctions announced on 5 June 2025. \
         It calls on the [government](https://example.org) to reconsider.\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("fr.md"),
        "# Sanctions\n\nLa coalition condamne *fermement* les sanctions annoncées le 5 juin 2025. \
         Elle appelle le [gouvernement](https://example.org) à revenir sur sa décision.\n",
    )
    .unwrap();
    let v = json(d.path(), &["align", "en.md", "fr.md"]);
    assert_eq!(v["source"][0]["heading"], true);
    assert_eq!(
        beads(&v),
        [(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2])]
    );
    // Inline codes survive into XLIFF.
    let out = diglot(d.path())
        .args(["align", "en.md", "fr.md", "--format", "xliff"])
        .output()
        .unwrap();
    let x = String::from_utf8(out.stdout).unwrap();
    assert!(x.contains("<pc") || x.contains("<sc"), "{x}");
    assert!(x.contains("confidence"));
}

#[test]
fn html_main_content_only() {
    let d = tempfile::tempdir().unwrap();
    let page = |nav: &str, h: &str, p: &str| {
        format!(
            "<!DOCTYPE html><html><head><title>x</title></head><body>\
             <header><nav><a href=\"/\">{nav}</a></nav></header>\
             <main><h1>{h}</h1><p>{p}</p></main><footer>© 2025</footer></body></html>"
        )
    };
    std::fs::write(
        d.path().join("en.html"),
        page(
            "Home",
            "Annual report",
            "The report was published on 12 March 2024. It covers 42 countries.",
        ),
    )
    .unwrap();
    std::fs::write(
        d.path().join("fr.html"),
        page(
            "Accueil",
            "Rapport annuel",
            "Le rapport a été publié le 12 mars 2024. Il couvre 42 pays.",
        ),
    )
    .unwrap();
    let v = json(d.path(), &["align", "en.html", "fr.html"]);
    let texts: Vec<&str> = v["source"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Annual report",
            "The report was published on 12 March 2024.",
            "It covers 42 countries."
        ]
    );
    assert_eq!(
        beads(&v),
        [(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2])]
    );
}

#[test]
fn batch_pairs_by_name_and_reports_unpaired() {
    let d = tempfile::tempdir().unwrap();
    let (en, fr) = (d.path().join("en"), d.path().join("fr"));
    std::fs::create_dir_all(&en).unwrap();
    std::fs::create_dir_all(&fr).unwrap();
    std::fs::write(en.join("a.txt"), EN).unwrap();
    std::fs::write(fr.join("a.txt"), FR).unwrap();
    std::fs::write(en.join("report.en.txt"), "One sentence.\n").unwrap();
    std::fs::write(fr.join("report.fr.txt"), "Une phrase.\n").unwrap();
    std::fs::write(en.join("2024-01-05-news.txt"), "News.\n").unwrap();
    std::fs::write(fr.join("2024-01-05-nouvelles.txt"), "Nouvelles.\n").unwrap();
    std::fs::write(en.join("lonely.txt"), "Alone.\n").unwrap();
    std::fs::write(fr.join("seul.txt"), "Seul.\n").unwrap();
    let out = diglot(d.path())
        .args(["align", "--batch", "en", "fr", "--out", "out"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unpaired: en/lonely.txt"), "{err}");
    assert!(err.contains("unpaired: fr/seul.txt"), "{err}");
    assert!(
        err.contains("3 document pair(s) aligned, 2 unpaired"),
        "{err}"
    );
    for f in ["a.json", "report.en.json", "2024-01-05-news.json"] {
        assert!(d.path().join("out").join(f).is_file(), "{f}");
    }
    assert!(!d.path().join("out/lonely.json").exists());
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("out/a.json")).unwrap())
            .unwrap();
    assert_eq!(v["target_file"], "a.txt");
    // Without --out or --import there is nowhere to write.
    diglot(d.path())
        .args(["align", "--batch", "en", "fr"])
        .assert()
        .failure()
        .code(2);
}

fn project() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    diglot(d.path())
        .args(["-q", "init", "."])
        .assert()
        .success();
    std::fs::write(d.path().join("en.txt"), EN).unwrap();
    std::fs::write(d.path().join("fr.txt"), FR).unwrap();
    d
}

/// Units of an XLIFF file (none when it does not exist).
fn units(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .map(|s| s.matches("<unit ").count())
        .unwrap_or(0)
}

#[test]
fn import_replaces_the_reference_memory() {
    let d = project();
    let reference = d.path().join("corpus/memory/reference/aligned-news.fr.xlf");
    let review = d
        .path()
        .join("corpus/memory/review/aligned-news.review.xlf");
    for _ in 0..2 {
        diglot(d.path())
            .args([
                "align",
                "en.txt",
                "fr.txt",
                "--import",
                "--name",
                "news",
                "--min-confidence",
                "0",
            ])
            .assert()
            .success();
        // Every pair is stored once; re-aligning replaces, never adds.
        assert_eq!(units(&reference), 4);
        assert!(!review.exists());
    }
    let refs: Vec<_> = std::fs::read_dir(d.path().join("corpus/memory/reference"))
        .unwrap()
        .collect();
    assert_eq!(refs.len(), 1);
    // The memory pre-fills: an exact lookup finds the aligned pair.
    let out = diglot(d.path())
        .args([
            "tm",
            "lookup",
            "It adopted the annual budget of the organisation.",
        ])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("Il a adopté le budget annuel"), "{s}");
}

#[test]
fn review_round_trip_adds_only_confirmed_pairs() {
    let d = project();
    // Nothing reaches a threshold above 1: every pair goes to review.
    diglot(d.path())
        .args([
            "align",
            "en.txt",
            "fr.txt",
            "--import",
            "--min-confidence",
            "1.01",
            "--review",
            "review.xlf",
        ])
        .assert()
        .success();
    let reference = d.path().join("corpus/memory/reference/aligned-en.fr.xlf");
    assert_eq!(units(&reference), 0);
    let review = std::fs::read_to_string(d.path().join("review.xlf")).unwrap();
    assert_eq!(review.matches("<unit ").count(), 4);
    assert_eq!(review.matches("state=\"initial\"").count(), 4);
    assert!(review.contains("confidence 0."));
    // Unconfirmed, nothing is imported.
    diglot(d.path())
        .args(["tm", "import", "review.xlf"])
        .assert()
        .success();
    let imported = d.path().join("corpus/memory/reference/review.fr.xlf");
    assert_eq!(units(&imported), 0);
    assert!(reference.is_file());
    // The translator confirms the first pair.
    let confirmed = review.replacen("state=\"initial\"", "state=\"translated\"", 1);
    std::fs::write(d.path().join("review.xlf"), confirmed).unwrap();
    diglot(d.path())
        .args(["tm", "import", "review.xlf"])
        .assert()
        .success();
    assert_eq!(units(&imported), 1);
    let text = std::fs::read_to_string(&imported).unwrap();
    assert!(text.contains("The committee met in Ottawa"));
}

#[test]
fn bad_input_names_the_file() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("en.txt"), "x").unwrap();
    let out = diglot(d.path())
        .args(["align", "en.txt", "missing.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));
    diglot(d.path())
        .args(["align", "en.txt", "en.txt", "--import"])
        .assert()
        .code(2);
}

/// Segments of one side of a JSON alignment.
fn texts(v: &Value, side: &str) -> Vec<String> {
    v[side]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn soft_boundaries_split_where_both_texts_agree_and_join_elsewhere() {
    let d = tempfile::tempdir().unwrap();
    // Definitions closed by the other language's term in brackets: no
    // sentence break a rule can see in English, a full stop before the
    // bracket in French. The bracket before "Bill" is a soft place in
    // English only: it stays inside its sentence.
    std::fs::write(
        d.path().join("en.txt"),
        "send includes deliver; (envoyer) series means a division of a class of shares; (série)\n\n\
         The Minister (Canada) Bill Smith signed the agreement with the provinces.\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("fr.txt"),
        "envoyer A également le sens de remettre. (send) série Subdivision d’une catégorie d’actions. (series)\n\n\
         Le ministre Bill Smith (Canada) a signé l’accord avec les provinces.\n",
    )
    .unwrap();
    let v = json(d.path(), &["align", "en.txt", "fr.txt", "--format", "json"]);
    assert_eq!(
        texts(&v, "source"),
        [
            "send includes deliver; (envoyer)",
            "series means a division of a class of shares; (série)",
            "The Minister (Canada) Bill Smith signed the agreement with the provinces.",
        ]
    );
    assert_eq!(
        texts(&v, "target"),
        [
            "envoyer A également le sens de remettre. (send)",
            "série Subdivision d’une catégorie d’actions. (series)",
            "Le ministre Bill Smith (Canada) a signé l’accord avec les provinces.",
        ]
    );
    assert_eq!(
        beads(&v),
        [(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2])]
    );
    // --presplit takes the lines as they are: no soft place is used.
    let v = json(
        d.path(),
        &[
            "align",
            "en.txt",
            "fr.txt",
            "--presplit",
            "--format",
            "json",
        ],
    );
    assert_eq!(texts(&v, "source").len(), 2);
}

#[test]
fn the_learned_model_is_cached_and_relearned_when_a_memory_changes() {
    let d = project();
    let cache = d.path().join("corpus/memory/.cache/align-en-fr.model.json");
    let import = |tsv: &str| {
        std::fs::write(d.path().join("tm.tsv"), tsv).unwrap();
        diglot(d.path())
            .args(["-q", "tm", "import", "tm.tsv", "--lang", "fr"])
            .assert()
            .success();
    };
    let align = || json(d.path(), &["align", "en.txt", "fr.txt", "--format", "json"]);
    import("The committee met.\tLe comité s’est réuni.\n");
    let first = align();
    let learned = std::fs::read(&cache).unwrap();
    // From the cache: the same alignment, the cache untouched.
    assert_eq!(align(), first);
    assert_eq!(std::fs::read(&cache).unwrap(), learned);
    // A changed memory is learned again.
    import("The budget was adopted.\tLe budget a été adopté.\n");
    let second = align();
    let relearned = std::fs::read(&cache).unwrap();
    assert_ne!(relearned, learned);
    // A damaged cache is not trusted: learned again, same alignment.
    std::fs::write(&cache, b"{\"key\": 1").unwrap();
    assert_eq!(align(), second);
    assert_eq!(std::fs::read(&cache).unwrap(), relearned);
    // --no-memory neither reads nor writes it.
    std::fs::remove_file(&cache).unwrap();
    json(
        d.path(),
        &[
            "align",
            "--no-memory",
            "en.txt",
            "fr.txt",
            "--format",
            "json",
        ],
    );
    assert!(!cache.exists());
}
