//! Hostile and oversized input through the real binary (issue 12): nesting
//! limits, inputs that were quadratic, one TSV reader, one size policy,
//! check agreeing with build, OS errors printed once.
//!
//! No test here measures time: the inputs are big enough that a quadratic
//! path would make the suite visibly hang (the speed figures are in
//! BENCHMARKS.md, "Hostile input").

use super::support::{copy_dir, repo, run};

use assert_cmd::Command;
use std::path::Path;

/// A copy of the basic fixture project with the shipped theme.
fn project() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/projects/basic"), d.path());
    copy_dir(&repo().join("theme"), &d.path().join("theme"));
    d
}

/// Replace the line of message `id` in a locale file.
fn set_message(dir: &Path, lang: &str, id: &str, line: &str) {
    let p = dir.join(format!("locales/{lang}/site.ftl"));
    let text = std::fs::read_to_string(&p).unwrap();
    let prefix = format!("{id} = ");
    assert!(
        text.lines().any(|l| l.starts_with(&prefix)),
        "{id} in {lang}"
    );
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with(&prefix) {
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&p, out.join("\n") + "\n").unwrap();
}

#[test]
fn deeply_nested_fluent_is_a_finding_with_position_everywhere() {
    let d = project();
    let deep = format!("footer-note = {}", "{".repeat(20_000));
    std::fs::write(d.path().join("t.ftl"), format!("{deep}\n")).unwrap();
    let (code, out, err) = run(d.path(), &["validate", "t.ftl"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("t.ftl:1:115: [fluent-syntax] placeables nested more than 100 levels"),
        "{out}"
    );
    set_message(d.path(), "fr", "footer-note", &deep);
    let (code, out, err) = run(d.path(), &["check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(":115: error[fluent-syntax] [fr]: placeables nested"),
        "{out}"
    );
    let (code, out, err) = run(d.path(), &["build", "--allow-incomplete"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("locales/fr/site.ftl:")
            && err.contains(":115: Fluent syntax error: placeables nested"),
        "{err}"
    );
}

#[test]
fn a_string_escape_that_panicked_the_fluent_parser_is_a_finding() {
    // Found by tests/fuzz.rs: `\u` with too few hex digits before a
    // non-ASCII character made fluent-syntax slice inside the character.
    let d = project();
    let bad = repo().join("tests/fixtures/fuzz/ftl-bad-unicode-escape.ftl");
    let (code, out, err) = run(d.path(), &["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("invalid unicode escape sequence"), "{out}");
    set_message(
        d.path(),
        "fr",
        "footer-note",
        "footer-note = { \"\\u00é\" }",
    );
    let (code, out, err) = run(d.path(), &["check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("invalid unicode escape sequence"), "{out}");
    let (code, _, err) = run(d.path(), &["build", "--allow-incomplete"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("invalid unicode escape sequence"), "{err}");
}

#[test]
fn check_reports_the_cycles_build_rejects() {
    let d = project();
    set_message(
        d.path(),
        "fr",
        "footer-note",
        "footer-note = { footer-note }",
    );
    let (code, out, err) = run(d.path(), &["check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("error[fluent-cycle] [fr]: `footer-note` refers to itself"),
        "{out}"
    );
    let (code, _, err) = run(d.path(), &["build", "--allow-incomplete"]);
    assert_ne!(code, 0, "build rejects it too: {err}");
    let (code, out, _) = run(d.path(), &["validate", "locales/fr/site.ftl"]);
    assert_eq!(code, 1);
    assert!(out.contains("[fluent-cycle]"), "{out}");
    // Across files of one language too.
    set_message(
        d.path(),
        "fr",
        "footer-note",
        "footer-note = { other-note }",
    );
    std::fs::write(
        d.path().join("locales/fr/more.ftl"),
        "other-note = { footer-note }\n",
    )
    .unwrap();
    let (code, out, _) = run(d.path(), &["check"]);
    assert_eq!(code, 1);
    assert!(out.contains("fluent-cycle"), "{out}");
}

#[test]
fn a_bom_in_a_locale_file_is_read_the_same_by_validate_check_and_build() {
    let d = project();
    let p = d.path().join("locales/fr/site.ftl");
    let text = std::fs::read(&p).unwrap();
    std::fs::write(&p, [b"\xef\xbb\xbf".as_slice(), &text].concat()).unwrap();
    let (code, out, err) = run(d.path(), &["validate", "locales/fr/site.ftl"]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, out, _) = run(d.path(), &["check"]);
    assert!(!out.contains("fluent-syntax"), "{out}");
    let (code, _, err) = run(d.path(), &["build", "--allow-incomplete"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn french_spacing_of_a_value_with_100k_semicolons_completes() {
    let d = project();
    set_message(
        d.path(),
        "fr",
        "footer-note",
        &format!("footer-note = x{}", "a;".repeat(100_000)),
    );
    let (code, _, err) = run(d.path(), &["build", "--allow-incomplete"]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(d.path().join("site/fr/index.html")).unwrap();
    // Every `;` got its narrow no-break space.
    assert_eq!(html.matches("a\u{202F};").count(), 100_000);
}

#[test]
fn tm_lookup_of_long_bracket_runs_completes() {
    let d = project();
    let run_of = |n: usize| "(".repeat(n);
    std::fs::write(
        d.path().join("brackets.tsv"),
        format!("{}\tcrochets\nHello.\tBonjour.\n", run_of(50_000)),
    )
    .unwrap();
    let mut query = run_of(50_000);
    query.replace_range(25_000..25_001, ")");
    let (code, out, err) = run(
        d.path(),
        &[
            "tm",
            "lookup",
            "--tm",
            "brackets.tsv",
            "--format",
            "json",
            &query,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("crochets"), "{}", &out[..out.len().min(300)]);
}

#[test]
fn a_statement_of_20k_paragraphs_segments_and_exports() {
    let d = project();
    let body: Vec<String> = (0..20_000)
        .map(|i| format!("Paragraph {i} says that the Court met."))
        .collect();
    std::fs::write(
        d.path().join("corpus/statements/long.md"),
        format!(
            "+++\ntitle = \"Long\"\ndate = \"2025-06-01\"\n+++\n\n{}\n",
            body.join("\n\n")
        ),
    )
    .unwrap();
    let (code, out, err) = run(d.path(), &["segment", "corpus/statements/long.md"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 20_001, "title and paragraphs");
    let (code, _, err) = run(d.path(), &["export", "--lang", "fr"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(d.path(), &["import", "exchange/first-statement.fr.xlf"]);
    assert!(code == 0 || code == 1, "{out}{err}");
}

#[test]
fn tm_import_refuses_a_character_a_memory_cannot_hold() {
    let d = project();
    std::fs::write(
        d.path().join("bad.tsv"),
        "ok\tbien\nHello \u{F0000}world.\tBonjour le monde.\nbell\u{7}\tcloche\n",
    )
    .unwrap();
    let (code, out, err) = run(d.path(), &["tm", "import", "bad.tsv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("bad.tsv:2: contains U+F0000") && err.contains("bad.tsv:3: contains U+0007"),
        "{err}"
    );
    assert!(
        !d.path().join("corpus/memory/reference/bad.fr.xlf").exists(),
        "nothing imported"
    );
    // Empty targets are errors too, not silently skipped.
    std::fs::write(d.path().join("empty.tsv"), "ok\tbien\nalone\t \n").unwrap();
    let (code, _, err) = run(d.path(), &["tm", "import", "empty.tsv"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("empty.tsv:2: empty source or target"), "{err}");
    // A clean file is imported.
    std::fs::write(
        d.path().join("good.tsv"),
        "Hello world.\tBonjour le monde.\n",
    )
    .unwrap();
    let (code, _, err) = run(d.path(), &["tm", "import", "good.tsv"]);
    assert_eq!(code, 0, "{err}");
    let mem =
        std::fs::read_to_string(d.path().join("corpus/memory/reference/good.fr.xlf")).unwrap();
    assert!(mem.contains("Bonjour le monde."));
}

#[test]
fn export_never_writes_an_exchange_file_diglot_would_refuse_to_read() {
    let d = project();
    // Each unit carries the statement's title in a note: a long title and
    // 25,000 short sentences make an exchange file of ~89 MiB.
    let title = "Long title words ".repeat(200);
    let body: Vec<String> = (0..2_500).map(|_| ["Go on."; 10].join(" ")).collect();
    std::fs::write(
        d.path().join("corpus/statements/big.md"),
        format!(
            "+++\ntitle = \"{}\"\ndate = \"2025-06-01\"\n+++\n\n{}\n",
            title.trim(),
            body.join("\n\n")
        ),
    )
    .unwrap();
    let (code, _, err) = run(d.path(), &["export", "--lang", "fr"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("exchange/big.fr.xlf: not written: it would be")
            && err.contains("diglot reads exchange files up to 64 MiB; split the statement"),
        "{err}"
    );
    assert!(!d.path().join("exchange/big.fr.xlf").exists());
}

#[test]
fn an_os_error_is_printed_once() {
    let d = project();
    std::fs::remove_dir_all(d.path().join("theme/templates")).unwrap();
    let (code, _, err) = run(d.path(), &["build", "--allow-incomplete"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.matches("no templates folder").count(), 1, "{err}");
    let (code, _, err) = run(d.path(), &["validate", "missing.xlf"]);
    assert_eq!(code, 2);
    assert_eq!(err.matches("(os error 2)").count(), 1, "{err}");
}

#[test]
fn a_utf16_tmx_with_an_error_inside_a_character_is_an_error_not_a_panic() {
    // Found by tests/fuzz.rs (reader tmx, seed 1, case 4853): the error
    // position fell inside a multi-byte character and line_col panicked.
    let d = project();
    let f = repo().join("tests/fixtures/fuzz/tmx-utf16-error-inside-character.tmx");
    let f = f.to_str().unwrap();
    for args in [vec!["validate", f], vec!["tm", "import", f]] {
        let (code, out, err) = run(d.path(), &args);
        assert!(code == 1 || code == 2, "{args:?}: exit {code}\n{out}{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            out.contains("tmx-utf16-error-inside-character.tmx:")
                || err.contains("tmx-utf16-error-inside-character.tmx:"),
            "{out}{err}"
        );
    }
}

#[test]
fn a_paragraph_with_more_inline_codes_than_placeholders_is_refused() {
    // Found by tests/fuzz.rs (reader statement, seed 1, case 1437): the
    // statement parser panicked ("too many inline codes in one text").
    let d = project();
    std::fs::write(
        d.path().join("corpus/statements/codes.md"),
        format!(
            "+++\ntitle = \"Codes\"\ndate = \"2025-06-01\"\n+++\n\n{}\n",
            "*a* ".repeat(40_000)
        ),
    )
    .unwrap();
    let (code, out, err) = run(d.path(), &["segment", "corpus/statements/codes.md"]);
    assert!(code == 1 || code == 2, "exit {code}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("corpus/statements/codes.md:6:") && err.contains("inline codes"),
        "{out}{err}"
    );
}

#[test]
fn a_run_of_email_addresses_completes() {
    // Found by tests/fuzz.rs (reader statement, seed 1, cases 1181, 1934,
    // 8083): every `@` was compared with every address found before it.
    let d = project();
    std::fs::write(
        d.path().join("corpus/statements/mail.md"),
        format!(
            "+++\ntitle = \"Mail\"\ndate = \"2025-06-01\"\n+++\n\nWrite to a{}.\n",
            "@b.ca".repeat(100_000)
        ),
    )
    .unwrap();
    let (code, out, err) = run(
        d.path(),
        &["segment", "--format", "json", "corpus/statements/mail.md"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("@b.ca@b.ca"), "{}", &out[..out.len().min(200)]);
}

#[test]
fn an_srx_file_of_many_rules_loads() {
    // Found by tests/fuzz.rs (reader srx, seed 1, case 12507): the line of
    // every rule was counted from the start of the file.
    let d = project();
    let rules: String = (0..3_000).map(|_| "<rule break=\"no\"/>\n").collect();
    std::fs::write(
        d.path().join("many.srx"),
        format!(
            "<?xml version=\"1.0\"?>\n<srx version=\"2.0\" xmlns=\"http://www.lisa.org/srx20\">\n<header segmentsubflows=\"yes\" cascade=\"yes\"/>\n<body><languagerules><languagerule languagerulename=\"Default\">\n{rules}<rule break=\"yes\"><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n</languagerule></languagerules>\n<maprules><languagemap languagepattern=\".*\" languagerulename=\"Default\"/></maprules></body></srx>\n"
        ),
    )
    .unwrap();
    let out = Command::cargo_bin("diglot")
        .unwrap()
        .current_dir(d.path())
        .args(["segment", "--rules", "many.srx", "--lang", "en"])
        .write_stdin("One.")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stdout.trim(), "One.", "{stdout}");
}

#[test]
fn a_tmx_segment_with_more_inline_codes_than_placeholders_is_refused() {
    // Found by tests/fuzz.rs (reader tmx, seed 1, case 53462): read_tmx
    // panicked ("too many inline codes in one text").
    let d = project();
    std::fs::write(
        d.path().join("codes.tmx"),
        format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" creationtool=\"t\" creationtoolversion=\"1\" o-tmf=\"t\"/><body><tu><tuv xml:lang=\"en\"><seg>{}</seg></tuv><tuv xml:lang=\"fr\"><seg>x</seg></tuv></tu></body></tmx>\n",
            "<ph x=\"1\"/>a".repeat(70_000)
        ),
    )
    .unwrap();
    let (code, out, err) = run(d.path(), &["tm", "import", "codes.tmx"]);
    assert!(code == 1 || code == 2, "exit {code}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!((out.clone() + &err).contains("inline codes"), "{out}{err}");
}

#[test]
fn a_locale_file_of_many_broken_lines_is_linted_everywhere() {
    // Found by tests/fuzz.rs (reader ftl, seed 1, cases 565, 610, 897, 1393,
    // 1670): the linter looked for each Junk's error among all the file's
    // errors, so 100,000 broken lines took over 30 s in validate and check.
    let d = project();
    let unit: String =
        std::fs::read_to_string(repo().join("tests/fixtures/fuzz/ftl-many-broken-lines.ftl"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
    assert_eq!(unit.lines().count(), 3);
    let n = 20_000;
    let p = d.path().join("locales/fr/site.ftl");
    let mut text = std::fs::read_to_string(&p).unwrap();
    let base = text.lines().count();
    text.push_str(&unit.repeat(n));
    std::fs::write(&p, text).unwrap();
    let last = base + 3 * n;

    let (code, out, err) = run(d.path(), &["validate", "locales/fr/site.ftl"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.matches("[fluent-syntax]").count(), 3 * n);
    assert!(
        out.contains(&format!("site.ftl:{last}:7: [fluent-syntax] syntax error")),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );

    let (code, out, err) = run(d.path(), &["check"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.matches("error[fluent-syntax] [fr]").count(), 3 * n);
    assert!(
        out.contains(&format!("{last}:7: error[fluent-syntax] [fr]")),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );

    let (code, _, err) = run(d.path(), &["build", "--allow-incomplete"]);
    assert_eq!(code, 1, "{}", &err[..err.len().min(300)]);
    assert_eq!(err.matches("Fluent syntax error").count(), 3 * n);
    assert!(err.contains(&format!("site.ftl:{last}:7: Fluent syntax error")));
}

#[test]
fn many_cycles_through_one_long_chain_are_reported_briefly() {
    // n messages in a chain, each also referring to the first: n cycles of
    // up to n messages. Each finding listed its whole cycle (quadratic in
    // time and output: 145 MB and 21 s for these 5,000 messages) and check
    // compared each cycle found with every finding of the report; now a
    // long cycle shows its first and last names.
    let d = project();
    let n = 5_000;
    let fan: String = (0..n)
        .map(|i| format!("m{i} = {{ m{} }}{{ m0 }}\n", i + 1))
        .collect();
    std::fs::write(d.path().join("locales/fr/more.ftl"), &fan).unwrap();
    let (code, out, err) = run(d.path(), &["validate", "locales/fr/more.ftl"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.matches("[fluent-cycle]").count(), n);
    assert!(out.len() < n * 200, "{} bytes", out.len());
    assert!(
        out.contains(&format!("more.ftl:{n}:"))
            && out
                .contains("(`m0` → `m1` → `m2` → `m3` → … 4994 more … → `m4998` → `m4999` → `m0`)"),
        "{}",
        &out[out.len().saturating_sub(400)..]
    );
    let (code, out, err) = run(d.path(), &["check"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.matches("error[fluent-cycle] [fr]").count(), n);
}

#[test]
fn a_front_matter_of_many_broken_lines_is_reported_line_by_line() {
    // Found by tests/fuzz.rs (reader statement, seed 1, cases 39, 742, 2289,
    // 5632, 5841, 5965, 7241, 7889): each front-matter error's line was
    // counted from the start of the file (> 100 s for 100,000 broken lines).
    let d = project();
    let fixture = std::fs::read_to_string(
        repo().join("tests/fixtures/fuzz/statement-front-matter-broken-lines.md"),
    )
    .unwrap();
    let n = 50_000;
    assert!(fixture.contains("\nsumma\"\n"));
    std::fs::write(
        d.path().join("corpus/statements/broken.md"),
        fixture.replace("\nsumma\"\n", &format!("\n{}", "summa\"\n".repeat(n))),
    )
    .unwrap();
    let (code, out, err) = run(d.path(), &["check"]);
    assert_eq!(code, 1, "{out}");
    // The first broken line has two errors, every other one one.
    assert_eq!(err.matches("front matter: ").count(), n + 1);
    assert!(
        err.contains("broken.md:4:6: front matter: invalid unquoted key")
            && err.contains(&format!(
                "broken.md:{}:7: front matter: key with no value",
                3 + n
            )),
        "{}",
        &err[err.len().saturating_sub(300)..]
    );
    let (code, _, err) = run(d.path(), &["segment", "corpus/statements/broken.md"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("broken.md:4:6: front matter: invalid unquoted key"),
        "{err}"
    );
}

#[test]
fn a_paragraph_of_too_many_lines_is_refused_with_its_position() {
    // Found by tests/fuzz.rs (reader statement, seed 1, case 88036): a link
    // title never closed, then 100,000 lines in the same paragraph;
    // pulldown-cmark took 80 s (quadratic in the paragraph's lines).
    let d = project();
    let fixture = std::fs::read_to_string(
        repo().join("tests/fixtures/fuzz/statement-unclosed-link-title.md"),
    )
    .unwrap();
    assert!(fixture.ends_with("\nly.\n"));
    let path = d.path().join("corpus/statements/title.md");
    let with = |n: usize| fixture.replace("\nly.\n", &format!("\n{}", "ly.\n".repeat(n)));
    std::fs::write(&path, with(100_000)).unwrap();
    let (code, out, err) = run(d.path(), &["segment", "corpus/statements/title.md"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("title.md:6:1: a paragraph of more than 1000 lines without a blank line"),
        "{err}"
    );
    let (code, out, err) = run(d.path(), &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("title.md:6:1: a paragraph of more than 1000 lines"),
        "{err}"
    );
    // At the limit, the paragraph is read (the title and its lines are text).
    std::fs::write(&path, with(999)).unwrap();
    let (code, out, err) = run(d.path(), &["segment", "corpus/statements/title.md"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Rome Statute of the ICC"),
        "{}",
        &out[..out.len().min(300)]
    );
}
