//! `diglot check` acceptance tests: seeded faults, one at a time, in a copy
//! of `tests/fixtures/check/project` (a statement with inline codes, numbers,
//! an e-mail address, a URL, a question and a colon; a complete approved
//! French memory made with `export` → translate → `import`; a termbase; Fluent
//! files with a term, attributes and plurals). Every test runs the real
//! binary and reads `check --format json`.

use crate::support::check::*;
use std::path::Path;

// ---------------------------------------------------------------- clean

#[test]
fn clean_fixture_reports_nothing_in_any_format() {
    let d = project();
    let p = d.path();
    let (code, f) = check(p, &["--deny-warnings"]);
    assert_eq!(code, 0);
    assert_findings(&f, &[]);
    let (code, out, _) = run(p, &["check"]);
    assert_eq!((code, out.as_str()), (0, "0 error(s), 0 warning(s)\n"));
    let (code, out, _) = run(p, &["check", "--format", "github"]);
    assert_eq!((code, out.as_str()), (0, ""));
    // The clean memory has `4,312` → `4 312` (U+202F): a locale form.
    assert!(read(p, MEMORY).contains("4\u{202F}312"));
}

// ---------------------------------------------------------------- statements

#[test]
fn segment_without_approved_translation() {
    let d = project();
    let p = d.path();
    remove_unit(p, "Why does it matter?");
    let (line, col) = position(p, STATEMENT, "Why does it matter?");
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_findings(
        &f,
        &[k("missing-translation", "error", STATEMENT, line, col)],
    );
    assert_eq!(f[0]["lang"], "fr");
    assert_eq!(f[0]["id"], "9738006188c34299");
    assert_eq!(f[0]["snippet"], "Why does it matter?");
}

#[test]
fn unreviewed_translation_is_not_approved() {
    let d = project();
    let p = d.path();
    let xml = read(p, MEMORY);
    let (a, b) = unit_xml(&xml, "Why does it matter?");
    let unit = xml[a..b].replace("state=\"final\"", "state=\"translated\"");
    std::fs::write(p.join(MEMORY), format!("{}{unit}{}", &xml[..a], &xml[b..])).unwrap();
    let (line, col) = position(p, STATEMENT, "Why does it matter?");
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_findings(
        &f,
        &[k("missing-translation", "error", STATEMENT, line, col)],
    );
    assert!(message(&f, "missing-translation").contains("awaiting review"));
}

#[test]
fn edited_sentence_is_stale_not_obsolete() {
    let d = project();
    let p = d.path();
    edit(p, STATEMENT, "Why does it matter?", "Why does this matter?");
    let (line, col) = position(p, STATEMENT, "Why does this matter?");
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_findings(&f, &[k("stale-translation", "error", STATEMENT, line, col)]);
    assert!(
        message(&f, "stale-translation").contains("“Why does it matter?”"),
        "names the old sentence: {f:?}"
    );
}

#[test]
fn unit_no_statement_uses_is_an_obsolete_warning() {
    let d = project();
    let p = d.path();
    edit(p, STATEMENT, " Why does it matter?", "");
    let (id, line) = unit(p, "Why does it matter?");
    let (code, f) = check(p, &[]);
    assert_findings(&f, &[k("obsolete-unit", "warning", MEMORY, line, 1)]);
    assert_eq!(f[0]["id"], id.as_str());
    assert_warning_only(p, code);
}

// ---------------------------------------------------------------- Fluent

#[test]
fn fluent_missing_message() {
    let d = project();
    let p = d.path();
    edit(p, FTL_FR, "home-intro = Les plus récentes d’abord.\n", "");
    let (en_line, _) = position(p, FTL_EN, "home-intro =");
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_findings(&f, &[k("fluent-missing", "error", FTL_FR, 0, 0)]);
    let m = message(&f, "fluent-missing");
    assert!(
        m.contains("`home-intro`") && m.contains(&format!("{FTL_EN}:{en_line}")),
        "{m}"
    );
}

#[test]
fn fluent_obsolete_message() {
    let d = project();
    let p = d.path();
    let line = append(p, FTL_FR, "old-message = Ancien message\n");
    let (code, f) = check(p, &[]);
    assert_findings(&f, &[k("fluent-obsolete", "warning", FTL_FR, line, 1)]);
    assert!(message(&f, "fluent-obsolete").contains("`old-message`"));
    assert_warning_only(p, code);
}

#[test]
fn fluent_missing_term() {
    let d = project();
    let p = d.path();
    edit(p, FTL_FR, "-court-name = Cour pénale internationale\n", "");
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_findings(&f, &[k("fluent-missing", "error", FTL_FR, 0, 0)]);
    assert!(message(&f, "fluent-missing").contains("`-court-name`"));
}

#[test]
fn fluent_missing_attribute() {
    let d = project();
    let p = d.path();
    edit(
        p,
        FTL_FR,
        "    .placeholder = Rechercher dans les déclarations\n",
        "",
    );
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(key(&f[0]).0, "fluent-missing");
    assert_eq!(f[0]["path"], FTL_FR);
    assert!(
        message(&f, "fluent-missing").contains("search-box.placeholder"),
        "{f:?}"
    );
}

#[test]
fn fluent_syntax_error_has_line_column_and_snippet() {
    let d = project();
    let p = d.path();
    edit(
        p,
        FTL_FR,
        "home-title = Déclarations\n",
        "home-title = Déclarations\nbroken = oops }\n",
    );
    let (line, col) = position(p, FTL_FR, "}\nhome-intro");
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_findings(&f, &[k("fluent-syntax", "error", FTL_FR, line, col)]);
    assert_eq!(f[0]["snippet"], "broken = oops }");
    // The human report shows file, line:col and the snippet.
    let (_, out, _) = run(p, &["check"]);
    assert!(out.contains(&format!(
        "{FTL_FR}\n  {line}:{col}: error[fluent-syntax] [fr]: "
    )));
    assert!(out.contains("      | broken = oops }\n"), "{out}");
}

#[test]
fn fluent_duplicate_id() {
    let d = project();
    let p = d.path();
    let line = append(p, FTL_FR, "home-title = Déclarations bis\n");
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_findings(&f, &[k("fluent-duplicate", "error", FTL_FR, line, 1)]);
    assert!(message(&f, "fluent-duplicate").contains("`home-title`"));
}

#[test]
fn fluent_variable_dropped_in_french() {
    let d = project();
    let p = d.path();
    edit(
        p,
        FTL_FR,
        "dateline = Communiqué de presse\u{A0}: { DATETIME($date) }",
        "dateline = Communiqué de presse",
    );
    let (line, col) = position(p, FTL_FR, "dateline");
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_findings(&f, &[k("fluent-variables", "error", FTL_FR, line, col)]);
    assert!(message(&f, "fluent-variables").contains("$date"));
}

#[test]
fn plural_variant_may_omit_the_number_but_not_other_variables() {
    let d = project();
    let p = d.path();
    // `[one]` without `{ $count }` is legitimate: the selector uses it.
    edit(
        p,
        FTL_FR,
        "[one] { $count } déclaration",
        "[one] une déclaration",
    );
    let (code, f) = check(p, &[]);
    assert_eq!(code, 0);
    assert_findings(&f, &[]);
    // `$organ` dropped from every variant is reported.
    edit(
        p,
        FTL_FR,
        "[one] { $count } demande reçue par le { $organ }",
        "[one] { $count } demande reçue",
    );
    edit(
        p,
        FTL_FR,
        "*[other] { $count } demandes reçues par le { $organ }",
        "*[other] { $count } demandes reçues",
    );
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    let (line, col) = position(p, FTL_FR, "applications =");
    assert_findings(&f, &[k("fluent-variables", "error", FTL_FR, line, col)]);
    assert!(message(&f, "fluent-variables").contains("$organ"));
}

#[test]
fn plural_category_one_missing_in_french() {
    let d = project();
    let p = d.path();
    edit(p, FTL_FR, "    [one] { $count } déclaration\n", "");
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:?}");
    let (rule, sev, path, line, _) = key(&f[0]);
    assert_eq!(
        (rule.as_str(), sev.as_str(), path.as_str()),
        ("fluent-plurals", "error", FTL_FR)
    );
    let statement_count = position(p, FTL_FR, "statement-count").0 as u64;
    assert!(
        (statement_count..statement_count + 3).contains(&line),
        "{f:?}"
    );
    assert!(message(&f, "fluent-plurals").contains("[one]"));
}

#[test]
fn plural_category_french_lacks_is_a_warning() {
    let d = project();
    let p = d.path();
    edit(
        p,
        FTL_FR,
        "    [one] { $count } déclaration\n",
        "    [one] { $count } déclaration\n    [two] { $count } déclarations\n",
    );
    let (line, col) = position(p, FTL_FR, "two]");
    let (code, f) = check(p, &[]);
    assert_findings(&f, &[k("fluent-plurals", "warning", FTL_FR, line, col)]);
    assert_warning_only(p, code);
}

// ---------------------------------------------------------------- QA

/// Seed a fault in one target and expect exactly `rules` on its unit.
fn qa_fault(source_xml: &str, target_xml: &str, rules: &[(&str, &str)]) -> tempfile::TempDir {
    let d = project();
    let p = d.path();
    set_target(p, source_xml, target_xml);
    let (id, line) = unit(p, source_xml);
    let (code, f) = check(p, &[]);
    let want: Vec<Key> = rules
        .iter()
        .map(|(r, s)| k(r, s, MEMORY, line, 1))
        .collect();
    assert_findings(&f, &want);
    for x in &f {
        assert_eq!(x["id"], id.as_str());
        assert_eq!(x["lang"], "fr");
        assert!(
            x["message"]
                .as_str()
                .unwrap()
                .contains(&format!("unit {id} ({STATEMENT}:")),
            "the message names the unit and the statement: {x}"
        );
    }
    if rules.iter().any(|(_, s)| *s == "error") {
        assert_eq!(code, 1);
    } else {
        assert_warning_only(p, code);
    }
    d
}

#[test]
fn inline_code_missing() {
    let d = qa_fault(
        ADOPTED,
        "Elle a adopté trois décisions, voir <pc id=\"2\" dataRefStart=\"d1\" type=\"link\">le procès-verbal</pc>.",
        &[("inline-codes", "error")],
    );
    let (_, f) = check(d.path(), &[]);
    // One line for the pair of codes around “trois”.
    assert!(
        message(&f, "inline-codes")
            .ends_with("inline code {1}…{/1} (emphasis) is missing from the translation"),
        "{f:?}"
    );
    // The snippet shows the codes the message talks about.
    assert_eq!(
        f[0]["snippet"],
        "Elle a adopté trois décisions, voir {2}le procès-verbal{/2}."
    );
}

#[test]
fn inline_code_extra() {
    let d = qa_fault(
        ADOPTED,
        "Elle a adopté <pc id=\"1\" type=\"fmt\" subType=\"xlf:i\">trois</pc> décisions, voir <pc id=\"2\" dataRefStart=\"d1\" type=\"link\">le procès-verbal</pc> <pc id=\"3\" type=\"fmt\" subType=\"xlf:b\">ici</pc>.",
        &[("inline-codes", "error")],
    );
    let (_, f) = check(d.path(), &[]);
    assert!(
        message(&f, "inline-codes").ends_with("inline code {3}…{/3} (strong) is not in the source"),
        "{f:?}"
    );
}

#[test]
fn inline_codes_reordered() {
    qa_fault(
        ADOPTED,
        "Voir <pc id=\"2\" dataRefStart=\"d1\" type=\"link\">le procès-verbal</pc>\u{A0}: elle a adopté <pc id=\"1\" type=\"fmt\" subType=\"xlf:i\">trois</pc> décisions.",
        &[("code-order", "warning")],
    );
}

#[test]
fn number_changed() {
    let d = qa_fault(
        RECEIVED,
        "Le Greffe a reçu 4\u{202F}313 demandes en 2024.",
        &[("numbers", "error")],
    );
    let (_, f) = check(d.path(), &[]);
    assert!(message(&f, "numbers").contains("4,312"), "{f:?}");
}

#[test]
fn locale_forms_of_a_number_are_not_reported() {
    for form in ["4 312", "4\u{A0}312", "4\u{202F}312"] {
        let d = project();
        let p = d.path();
        set_target(
            p,
            RECEIVED,
            &format!("Le Greffe a reçu {form} demandes en 2024."),
        );
        let (_, f) = check(p, &[]);
        assert!(f.iter().all(|x| x["rule"] != "numbers"), "{form}: {f:?}");
    }
}

#[test]
fn email_changed() {
    qa_fault(
        WRITE,
        "Écrivez à presse@example.org ou consultez https://example.org/cases pour en savoir plus.",
        &[("urls", "error"), ("urls", "error")],
    );
}

#[test]
fn url_changed() {
    qa_fault(
        WRITE,
        "Écrivez à press@example.org ou consultez https://example.org/affaires pour en savoir plus.",
        &[("urls", "error"), ("urls", "error")],
    );
}

#[test]
fn end_punctuation_dropped() {
    qa_fault(
        MET,
        "La Cour s’est réunie le 1er juin 2025",
        &[("end-punctuation", "warning")],
    );
}

#[test]
fn target_identical_to_source() {
    qa_fault(NEXT, "Next steps", &[("identical", "warning")]);
}

#[test]
fn empty_target() {
    qa_fault(NEXT, "", &[("empty-target", "error")]);
}

#[test]
fn leading_trailing_and_double_spaces() {
    for bad in [
        " Prochaines étapes",
        "Prochaines étapes ",
        "Prochaines  étapes",
    ] {
        qa_fault(NEXT, bad, &[("spaces", "warning")]);
    }
}

#[test]
fn french_typography_missing_fixed_spaces() {
    qa_fault(
        WHY,
        "Pourquoi est-ce important ?",
        &[("typography", "warning")],
    );
    qa_fault(
        WHY,
        "Pourquoi est-ce important?",
        &[("typography", "warning")],
    );
    qa_fault(
        NOTE,
        "Remarque : l’audience est publique.",
        &[("typography", "warning")],
    );
    qa_fault(
        NOTE,
        "Remarque\u{202F}: l’audience est publique.",
        &[("typography", "warning")],
    );
    // Typewriter apostrophe; guillemets without no-break spaces inside.
    qa_fault(
        NOTE,
        "Remarque\u{A0}: l'audience est publique.",
        &[("typography", "warning")],
    );
    qa_fault(
        NOTE,
        "Remarque\u{A0}: l’audience est «publique».",
        &[("typography", "warning"), ("typography", "warning")],
    );
}

#[test]
fn terminology_against_the_termbase() {
    let d = qa_fault(
        RECEIVED,
        "Le Secrétariat a reçu 4\u{202F}312 demandes en 2024.",
        &[("terminology", "warning")],
    );
    let (_, f) = check(d.path(), &[]);
    let m = message(&f, "terminology");
    assert!(m.contains("Registry") && m.contains("Greffe"), "{m}");
}

#[test]
fn one_source_two_approved_targets_is_inconsistent() {
    let d = project();
    let p = d.path();
    let xml = read(p, MEMORY);
    let (a, b) = unit_xml(&xml, NEXT);
    let (id, line) = unit(p, NEXT);
    // The same heading translated differently in another context.
    let other = xml[a..b]
        .replace(&format!("id=\"{id}\""), &format!("id=\"{id}-2\""))
        .replace(
            "<target>Prochaines étapes</target>",
            "<target>Étapes suivantes</target>",
        );
    let other = {
        let s = other.find("<mda:meta type=\"prev\">").unwrap();
        let e = other[s..].find("</mda:meta>").unwrap() + s;
        format!(
            "{}<mda:meta type=\"prev\">0000000000000000{}",
            &other[..s],
            &other[e..]
        )
    };
    std::fs::write(
        p.join(MEMORY),
        format!("{}{}{}", &xml[..b], other, &xml[b..]),
    )
    .unwrap();
    let (code, f) = check(p, &[]);
    assert_findings(&f, &[k("inconsistency", "warning", MEMORY, line, 1)]);
    let m = message(&f, "inconsistency");
    assert!(
        m.contains("Prochaines étapes") && m.contains("Étapes suivantes"),
        "{m}"
    );
    assert_warning_only(p, code);
}

// ---------------------------------------------------------------- configuration

#[test]
fn rule_turned_off_is_silent() {
    let d = project();
    let p = d.path();
    set_target(
        p,
        RECEIVED,
        "Le Greffe a reçu 4\u{202F}313 demandes en 2024.",
    );
    append(p, CONFIG, "\n[qa.rules]\nnumbers = \"off\"\n");
    let (code, f) = check(p, &["--deny-warnings"]);
    assert_eq!(code, 0);
    assert_findings(&f, &[]);
}

#[test]
fn rule_raised_to_error_fails() {
    let d = project();
    let p = d.path();
    set_target(p, MET, "La Cour s’est réunie le 1er juin 2025");
    append(p, CONFIG, "\n[qa.rules]\nend-punctuation = \"error\"\n");
    let (_, line) = unit(p, MET);
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_findings(&f, &[k("end-punctuation", "error", MEMORY, line, 1)]);
}

#[test]
fn fluent_rule_can_be_relevelled() {
    let d = project();
    let p = d.path();
    append(p, FTL_FR, "old-message = Ancien message\n");
    append(p, CONFIG, "\n[qa.rules]\nfluent-obsolete = \"error\"\n");
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_eq!(key(&f[0]).1, "error");
}

#[test]
fn unknown_rule_id_is_a_usage_error() {
    let d = project();
    let p = d.path();
    append(p, CONFIG, "\n[qa.rules]\nnumbrs = \"off\"\n");
    let (code, out, err) = run(p, &["check", "--format", "json"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("`numbrs`"), "{err}");
    assert!(out.is_empty(), "{out}");
}

#[test]
fn missing_locale_folder_fails_with_a_finding() {
    let d = project();
    let p = d.path();
    std::fs::remove_dir_all(p.join("locales/fr")).unwrap();
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_findings(&f, &[k("fluent-io", "error", "locales/fr", 1, 1)]);
}

#[test]
fn unreadable_memory_is_reported_at_its_position() {
    // Not well-formed: a target that never closes.
    let d = project();
    let p = d.path();
    edit(
        p,
        MEMORY,
        "<target>Prochaines étapes</target>",
        "<target>Prochaines étapes",
    );
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:?}");
    let (rule, sev, path, line, _) = key(&f[0]);
    assert_eq!(
        (rule.as_str(), sev.as_str(), path.as_str()),
        ("tm-invalid", "error", MEMORY)
    );
    let (target_line, _) = position(p, MEMORY, "<target>Prochaines étapes");
    assert!(
        (target_line as u64..target_line as u64 + 3).contains(&line),
        "{f:?}"
    );
    // A unit without a state: its line and id.
    let d = project();
    let p = d.path();
    let (id, unit_line) = unit(p, NEXT);
    let xml = read(p, MEMORY);
    let (a, b) = unit_xml(&xml, NEXT);
    let broken = xml[a..b].replace(" state=\"final\"", "");
    std::fs::write(
        p.join(MEMORY),
        format!("{}{broken}{}", &xml[..a], &xml[b..]),
    )
    .unwrap();
    let (code, f) = check(p, &[]);
    assert_eq!(code, 1);
    assert_findings(&f, &[k("tm-invalid", "error", MEMORY, unit_line, 1)]);
    assert!(
        message(&f, "tm-invalid").starts_with(&format!("unit `{id}`: ")),
        "{f:?}"
    );
}

/// Replace a sentence in the statement and the source of its memory unit
/// alike (the unit stays the approved translation of the sentence), with a
/// new translation.
fn retranslate(dir: &Path, en: &str, new_en: &str, new_fr: &str) {
    edit(dir, STATEMENT, en, new_en);
    edit(
        dir,
        MEMORY,
        &format!("<source>{en}</source>"),
        &format!("<source>{new_en}</source>"),
    );
    set_target(dir, new_en, new_fr);
}

#[test]
fn locale_forms_of_percentages_and_dates_are_not_reported() {
    let d = project();
    let p = d.path();
    let en = "The Registry received 4,312 applications (12.5% more) on 5 June 2025.";
    retranslate(
        p,
        RECEIVED,
        en,
        "Le Greffe a reçu 4\u{202F}312 demandes (12,5\u{A0}% de plus) le 5 juin 2025.",
    );
    let (code, f) = check(p, &["--deny-warnings"]);
    assert_eq!(code, 0);
    assert_findings(&f, &[]);
    // A different percentage, or date, is reported.
    for wrong in [
        "Le Greffe a reçu 4\u{202F}312 demandes (12,6\u{A0}% de plus) le 5 juin 2025.",
        "Le Greffe a reçu 4\u{202F}312 demandes (12,5\u{A0}% de plus) le 6 juin 2025.",
    ] {
        set_target(p, en, wrong);
        let (code, f) = check(p, &[]);
        assert_eq!(code, 1, "{wrong}");
        let (_, line) = unit(p, en);
        assert_findings(&f, &[k("numbers", "error", MEMORY, line, 1)]);
    }
}
