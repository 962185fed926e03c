use super::*;
use crate::model::{Code, CodeKind};
use std::path::Path;

const NNBSP: &str = "\u{202F}";
const NBSP: &str = "\u{A0}";

fn p(s: &str) -> CodedText {
    CodedText::plain(s)
}

/// Build coded text from `{1}`, `{/1}`, `{1/}` markers (ctype from a map).
fn coded(s: &str) -> CodedText {
    let mut t = CodedText::default();
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        t.push_str(&rest[..i]);
        let j = rest[i..].find('}').expect("closed marker") + i;
        let inner = &rest[i + 1..j];
        let (kind, id) = if let Some(id) = inner.strip_prefix('/') {
            (CodeKind::Close, id)
        } else if let Some(id) = inner.strip_suffix('/') {
            (CodeKind::Standalone, id)
        } else {
            (CodeKind::Open, inner)
        };
        let ctype = if kind == CodeKind::Standalone {
            "linebreak"
        } else {
            "link"
        };
        t.push_code(Code::new(kind, id, ctype));
        rest = &rest[j + 1..];
    }
    t.push_str(rest);
    t
}

fn run(source: &CodedText, target: &CodedText) -> Vec<Finding> {
    check(source, target, "en", "fr", None, &QaConfig::default())
}

fn rules(f: &[Finding]) -> Vec<&'static str> {
    f.iter().map(|f| f.rule).collect()
}

#[test]
fn clean_pairs_report_nothing() {
    let pairs = [
        (
            "On 5 June 2025, the Court received 4,312 applications ({1}details{/1}).",
            format!("Le 5 juin 2025, la Cour a reçu 4{NNBSP}312 demandes ({{1}}détails{{/1}})."),
        ),
        (
            "Did 12.5% of States Parties vote?",
            format!("12,5{NBSP}% des États parties ont-ils voté{NNBSP}?"),
        ),
        (
            "Contact: otp@icc-cpi.int, https://www.icc-cpi.int/news.",
            format!("Contact{NBSP}: otp@icc-cpi.int, https://www.icc-cpi.int/news."),
        ),
        (
            "“The Court is independent,” she said.",
            format!("«{NBSP}La Cour est indépendante{NBSP}», a-t-elle dit."),
        ),
        ("Karim A. A. Khan KC", "Karim A. A. Khan KC".to_string()),
        ("ICC-01/04-01/06", "ICC-01/04-01/06".to_string()),
    ];
    for (s, t) in pairs {
        let f = run(&coded(s), &coded(&t));
        assert_eq!(f, vec![], "{s}");
    }
}

#[test]
fn empty_target() {
    let f = run(&p("The Court."), &p("  "));
    assert_eq!(rules(&f), vec!["empty-target"]);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(run(&p(""), &p("")).is_empty());
}

#[test]
fn inline_codes_missing_extra_broken_reordered() {
    let src = coded("See {1}the decision{/1} and {2}the order{/2}.");
    // Missing closing code.
    let f = run(&src, &coded("Voir {1}la décision et {2}l’ordonnance{/2}."));
    assert_eq!(rules(&f), vec!["inline-codes"]);
    assert_eq!(
        f[0].message,
        "inline code {/1} (link) is missing from the translation"
    );
    assert_eq!(f[0].range, None);
    // Extra code, with its position.
    let t = coded("Voir {1}la décision{/1} et {2}l’ordonnance{/2}{3/}.");
    let f = run(&src, &t);
    assert_eq!(rules(&f), vec!["inline-codes"]);
    let at = t
        .text
        .char_indices()
        .find(|(_, c)| placeholder_index(*c) == Some(4))
        .unwrap()
        .0;
    assert_eq!(f[0].range, Some(at..at + 4));
    assert_eq!(
        f[0].message,
        "inline code {3/} (linebreak) is not in the source"
    );
    // Codes crossing each other.
    let f = run(
        &src,
        &coded("Voir {1}la décision {2}et{/1} l’ordonnance{/2}."),
    );
    assert_eq!(rules(&f), vec!["inline-codes"]);
    assert!(f[0].message.contains("{/1}"), "{}", f[0].message);
    // Well-nested but reordered: a warning.
    let f = run(
        &src,
        &coded("Voir {2}l’ordonnance{/2} et {1}la décision{/1}."),
    );
    assert_eq!(rules(&f), vec!["code-order"]);
    assert_eq!(f[0].severity, Severity::Warning);
}

#[test]
fn numbers_differ() {
    let src = p("In 2025, 4,312 victims (12.5%) took part on 5 June.");
    let ok = format!("En 2025, 4{NNBSP}312 victimes (12,5{NBSP}%) ont participé le 5 juin.");
    assert!(run(&src, &p(&ok)).is_empty());
    let bad = format!("En 2025, 4{NNBSP}313 victimes (12,5{NBSP}%) ont participé le 6 juin.");
    let f = run(&src, &p(&bad));
    assert_eq!(rules(&f), vec!["numbers", "numbers"]);
    let at = bad.find("4\u{202F}313").unwrap();
    assert_eq!(
        f[0].message,
        "number 4,312 became 4\u{202F}313 in the translation"
    );
    assert_eq!(f[0].range, Some(at..at + "4\u{202F}313".len()));
    assert_eq!(f[1].message, "date 5 June became 6 juin in the translation");
    // A dropped number.
    let f = run(
        &p("Article 8 applies to 3 cases."),
        &p("L’article 8 s’applique aux affaires."),
    );
    assert_eq!(rules(&f), vec!["numbers"]);
    assert_eq!(f[0].message, "number 3 is missing from the translation");
    // A numbered reference counts as its number, whatever introduces it.
    assert!(run(
        &p("Under paragraph 3 of E.O. 14203."),
        &p("En vertu de l’alinéa 3 du décret présidentiel 14203.")
    )
    .is_empty());
    // Spelled-out numbers and numbering conventions.
    assert!(run(
        &p("Respond within 90 days under article 8(2)(b)(xxvi)."),
        &p("Répondre dans les quatre-vingt-dix jours en vertu de l’article 8-2-b-xxvi.")
    )
    .is_empty());
    assert!(run(&p("See subclause 1.1."), &p("Voir l’article 1.1.")).is_empty());
    // Same number, other currency.
    let f = run(
        &p("It cost €5,000."),
        &p(&format!("Cela a coûté 5{NNBSP}000{NBSP}$.")),
    );
    assert_eq!(rules(&f), vec!["numbers"]);
    assert_eq!(
        f[0].message,
        format!("amount €5,000 is in EUR but the translation has 5{NNBSP}000{NBSP}$ (USD)")
    );
    assert!(run(
        &p("It cost €5,000."),
        &p(&format!("Cela a coûté 5{NNBSP}000{NBSP}€."))
    )
    .is_empty());
    // A changed reference.
    let f = run(&p("Case ICC-01/04-01/06."), &p("Affaire ICC-01/04-01/07."));
    assert_eq!(rules(&f), vec!["numbers"]);
}

#[test]
fn urls_and_emails_changed() {
    let src = p("Write to otp@icc-cpi.int or see https://www.icc-cpi.int/news.");
    let f = run(
        &src,
        &p("Écrire à otp@icc-cpi.fr ou voir https://www.icc-cpi.int/fr/news."),
    );
    assert_eq!(rules(&f), vec!["urls", "urls", "urls", "urls"]);
    assert!(f[0]
        .message
        .starts_with("e-mail address otp@icc-cpi.int is missing"));
    // A link code's target.
    let mut s = CodedText::plain("See ");
    s.push_code(Code::new(CodeKind::Open, "1", "link").with_data("https://a.org"));
    s.push_str("this");
    s.push_code(Code::new(CodeKind::Close, "1", "link"));
    let mut t = CodedText::plain("Voir ");
    t.push_code(Code::new(CodeKind::Open, "1", "link").with_data("https://b.org"));
    t.push_str("ceci");
    t.push_code(Code::new(CodeKind::Close, "1", "link"));
    let f = run(&s, &t);
    assert_eq!(rules(&f), vec!["urls"]);
    assert_eq!(
        f[0].message,
        "link {1} points to https://b.org instead of https://a.org"
    );
}

#[test]
fn end_punctuation() {
    let f = run(&p("Is it final?"), &p("C’est définitif."));
    assert_eq!(rules(&f), vec!["end-punctuation"]);
    let dot = "C’est définitif".len();
    assert_eq!(f[0].range, Some(dot..dot + 1));
    assert_eq!(
        f[0].message,
        "the source ends with “?” but the translation with “.”"
    );
    let f = run(&p("It is final."), &p("C’est définitif"));
    assert_eq!(rules(&f), vec!["end-punctuation"]);
    let f = run(&p("It is declared that"), &p("Il est déclaré."));
    assert_eq!(rules(&f), vec!["end-punctuation"]);
    // List lead-ins and items: `:`/`;`/none do not matter.
    assert!(run(
        &p("It is declared that"),
        &p(&format!("Il est déclaré{NBSP}:"))
    )
    .is_empty());
    assert!(run(&p("the Registry, and"), &p(&format!("le Greffe{NNBSP};"))).is_empty());
    // Spaced French forms, quotes and closing codes are fine.
    assert!(run(&p("Why?"), &p(&format!("Pourquoi{NNBSP}?"))).is_empty());
    assert!(run(
        &coded("{1}“Done.”{/1}"),
        &coded(&format!("{{1}}«{NBSP}Fait{NBSP}».{{/1}}"))
    )
    .is_empty());
    assert!(run(&p("Wait..."), &p("Attendez…")).is_empty());
}

#[test]
fn identical_target() {
    let f = run(
        &p("The hearing is adjourned."),
        &p("The hearing is adjourned."),
    );
    assert_eq!(rules(&f), vec!["identical"]);
    assert_eq!(f[0].severity, Severity::Warning);
    // An English number copied into French changes its value.
    assert_eq!(rules(&run(&p("4,312"), &p("4,312"))), vec!["numbers"]);
    for s in [
        "2025",
        "Tomoko Akane",
        "Tête-à-La-Baleine",
        "God’s Lake Narrows",
        "ICC-CPI-20250605-PR1234",
        "https://www.icc-cpi.int",
    ] {
        assert!(run(&p(s), &p(s)).is_empty(), "{s}");
    }
}

#[test]
fn spaces() {
    let f = run(&p("The Court."), &p(" La  Cour. "));
    assert_eq!(rules(&f), vec!["spaces", "spaces", "spaces"]);
    assert_eq!(f[0].range, Some(0..1));
    assert_eq!(f[1].range, Some(10..11));
    assert_eq!(f[2].range, Some(3..5));
    assert_eq!(f[2].message, "double space");
    // Leading/trailing spaces the source has are expected.
    assert!(run(&p("The Court. "), &p("La Cour. ")).is_empty());
    let f = run(&p("The Court. "), &p("La Cour."));
    assert_eq!(
        f[0].message,
        "the source ends with a space but the translation does not"
    );
}

#[test]
fn typography_findings() {
    let t = p("Pourquoi ? L'ICC : «oui».");
    let f = run(&p("Why? The ICC: “yes”."), &t);
    assert_eq!(rules(&f), vec!["typography"; 5]);
    assert_eq!(f[0].range, Some(8..9));
    // Not for English targets.
    let f = check(
        &p("Pourquoi ?"),
        &p("Why ?"),
        "fr",
        "en",
        None,
        &QaConfig::default(),
    );
    assert!(f.iter().all(|f| f.rule != "typography"));
}

fn termbase() -> Termbase {
    Termbase::parse(
        "en\tfr\tnote\nInternational Criminal Court\tCour pénale internationale\n\
         Prosecutor (of the ICC)\tProcureur / Procureure\nwar crimes\tcrimes de guerre\n",
        Path::new("tb.tsv"),
    )
    .expect("valid termbase")
}

#[test]
fn terminology() {
    let tb = termbase();
    let cfg = QaConfig::default();
    let src = p("The Prosecutor of the International Criminal Court investigates war crimes.");
    let ok = p("La Procureure de la Cour penale internationale enquête sur les crimes de guerre.");
    assert!(check(&src, &ok, "en", "fr", Some(&tb), &cfg).is_empty());
    let bad = p("Le procureur de la CPI enquête sur les crimes de guerre.");
    let f = check(&src, &bad, "en", "fr", Some(&tb), &cfg);
    assert_eq!(rules(&f), vec!["terminology"]);
    assert_eq!(
        f[0].message,
        "the source has “International Criminal Court”: the termbase wants “Cour pénale internationale” in the translation"
    );
    // A termbase for another pair does not apply.
    let f = check(&bad, &src, "fr", "en", Some(&tb), &cfg);
    assert!(f.iter().all(|f| f.rule != "terminology"));
}

#[test]
fn config_relevels_and_turns_off() {
    let cfg = QaConfig::from_toml(
        "source_language = \"en\"\n[qa]\ntermbase = \"corpus/termbase.tsv\"\n[qa.rules]\nnumbers = \"warning\"\nend-punctuation = \"off\"\n",
    )
    .expect("valid");
    assert_eq!(cfg.level("numbers"), Level::Warning);
    assert_eq!(cfg.level("urls"), Level::Error);
    assert_eq!(
        cfg.termbase.as_deref(),
        Some(Path::new("corpus/termbase.tsv"))
    );
    let f = check(&p("3 cases?"), &p("4 affaires."), "en", "fr", None, &cfg);
    assert_eq!(rules(&f), vec!["numbers"]);
    assert_eq!(f[0].severity, Severity::Warning);
    let e = QaConfig::from_toml("[qa.rules]\nnumbrs = \"off\"\n").unwrap_err();
    assert!(e.to_string().contains("unknown rule `numbrs`"), "{e}");
    assert!(QaConfig::from_toml("[qa.rules]\nnumbers = \"fatal\"\n").is_err());
    assert!(QaConfig::from_toml("x = 1\n").is_ok());
    // Other tools' rule ids (the Fluent linter's) can be allowed and read.
    let cfg: QaConfig = toml::from_str("[rules]\nfluent-plurals = \"off\"\n").unwrap();
    assert!(cfg.validate().is_err());
    assert!(cfg.validate_with(&["fluent-plurals"]).is_ok());
    assert_eq!(cfg.level_or("fluent-plurals", Level::Error), Level::Off);
    assert_eq!(cfg.level_or("fluent-syntax", Level::Error), Level::Error);
}

#[test]
fn safe_fixes_typography_and_spaces_only() {
    let src = p("Why? The  ICC: 4 cases.");
    let tgt = p(" Pourquoi ? La  CPI: 5 affaires. ");
    let (fixed, changes) = safe_fixes(&src, &tgt, "fr", &QaConfig::default());
    assert_eq!(
        fixed.text,
        format!("Pourquoi{NNBSP}? La CPI{NBSP}: 5 affaires.")
    );
    let got: Vec<(&str, Range<usize>)> =
        changes.iter().map(|c| (c.rule, c.range.clone())).collect();
    assert_eq!(
        got,
        vec![
            ("spaces", 0..1),
            ("typography", 9..10),
            ("spaces", 14..16),
            ("typography", 19..19),
            ("spaces", 32..33),
        ]
    );
    // The number is not "fixed"; fixing again changes nothing.
    let (again, none) = safe_fixes(&src, &fixed, "fr", &QaConfig::default());
    assert_eq!(again, fixed);
    assert!(none.is_empty());
    // Rules turned off are not applied.
    let cfg = QaConfig::from_toml("[qa.rules]\ntypography = \"off\"\n").unwrap();
    let (fixed, _) = safe_fixes(&src, &tgt, "fr", &cfg);
    assert_eq!(fixed.text, "Pourquoi ? La CPI: 5 affaires.");
}

#[test]
fn inconsistency_across_pairs() {
    let a = p("The Court.");
    let (t1, t2) = (p("La Cour."), p("La CPI."));
    let b = p("Thank you.");
    let tb = p("Merci.");
    let pairs = vec![(&a, &t1), (&b, &tb), (&a, &t2), (&a, &t1), (&b, &tb)];
    let inc = inconsistencies(pairs, &QaConfig::default());
    assert_eq!(inc.len(), 1);
    assert_eq!(inc[0].pairs, vec![0, 2, 3]);
    assert_eq!(inc[0].targets, vec!["La Cour.", "La CPI."]);
    assert_eq!(inc[0].finding.rule, "inconsistency");
    assert_eq!(
        inc[0].finding.message,
        "“The Court.” is translated 2 ways: “La Cour.” / “La CPI.”"
    );
    let off = QaConfig::from_toml("[qa.rules]\ninconsistency = \"off\"\n").unwrap();
    assert!(inconsistencies(vec![(&a, &t1), (&a, &t2)], &off).is_empty());
}

#[test]
fn every_rule_has_a_default_and_is_documented() {
    let doc = include_str!("mod.rs");
    for (id, _) in super::rules() {
        assert!(doc.contains(&format!("| `{id}` |")), "{id} is documented");
        assert_ne!(QaConfig::default().level(id), Level::Off);
    }
}

/// Odd inputs (every kind of space, placeholders, multibyte characters,
/// broken numbers, URLs and dates) never make a rule panic, and safe fixes
/// stay idempotent.
#[test]
fn odd_inputs_never_panic() {
    const PIECES: &[&str] = &[
        "1", "23", ",", ".", " ", "\u{A0}", "\u{202F}", "%", "€", "$", "US$", "June", "juin",
        "1er", "2025", "-", "/", "(", ")", "ICC", "é", "’", "'", "«", "»", "?", "!", ":", ";",
        "http://", "www.", "@", "a", "x.org", "…", "...", "\n", "E.O.", "article", "per cent",
        "\t", "  ", "14:30", "8(2)", "b)",
    ];
    let mut seed: u64 = 0x1234_5678_9ABC_DEF1;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let cfg = QaConfig::default();
    let tb = termbase();
    for _ in 0..2000 {
        let mut make = || {
            let mut t = CodedText::default();
            let n = next() % 12;
            for _ in 0..n {
                let r = next();
                if r % 9 == 0 {
                    let kind =
                        [CodeKind::Open, CodeKind::Close, CodeKind::Standalone][(r % 3) as usize];
                    t.push_code(Code::new(kind, ((r >> 8) % 3).to_string(), "link"));
                } else {
                    t.push_str(PIECES[(r >> 4) as usize % PIECES.len()]);
                }
            }
            t
        };
        let (s, t) = (make(), make());
        for lang in ["en", "fr"] {
            for p in placeables::find(lang, &s.text) {
                let _ = placeables::render(&p.value, "fr");
                assert!(
                    s.text.is_char_boundary(p.range.start) && s.text.is_char_boundary(p.range.end)
                );
            }
        }
        let _ = check(&s, &t, "en", "fr", Some(&tb), &cfg);
        let (fixed, _) = safe_fixes(&s, &t, "fr", &cfg);
        let (again, changes) = safe_fixes(&s, &fixed, "fr", &cfg);
        assert_eq!(again, fixed, "{:?}", t.text);
        assert!(
            changes.is_empty(),
            "{:?} → {:?}: {changes:?}",
            t.text,
            fixed.text
        );
        let _ = placeables::substitute("en", "fr", &s, &t, &s);
    }
}

#[test]
fn a_missing_or_extra_pair_of_codes_is_one_finding() {
    let src = coded("See {1}the decision{/1} and {2}the order{/2}.");
    let f = run(&src, &coded("Voir la décision et {2}l’ordonnance{/2}."));
    assert_eq!(rules(&f), vec!["inline-codes"]);
    assert_eq!(
        f[0].message,
        "inline code {1}…{/1} (link) is missing from the translation"
    );
    let t = coded("Voir {1}la décision{/1} et {2}l’ordonnance{/2} {3}ici{/3}.");
    let f = run(&src, &t);
    assert_eq!(rules(&f), vec!["inline-codes"]);
    assert_eq!(
        f[0].message,
        "inline code {3}…{/3} (link) is not in the source"
    );
    let r = f[0].range.clone().unwrap();
    assert!(t.text[r].contains("ici"));
}

/// Spanish QA from its data: the double signs, no space before `?`, the
/// decimal comma, `5 de junio de 2025` equal to `5 June 2025`.
#[test]
fn spanish_rules_come_from_its_folder() {
    let es = |s: &str, t: &str| -> Vec<(&'static str, String)> {
        check(&p(s), &p(t), "en", "es", None, &QaConfig::default())
            .into_iter()
            .map(|f| (f.rule, f.message))
            .collect()
    };
    assert_eq!(
        es(
            "On 5 June 2025, 4,312 victims (12.5 per cent) came. Why?",
            "El 5 de junio de 2025 vinieron 4312 víctimas (12,5 %). ¿Por qué?"
        ),
        vec![]
    );
    let f = es("Will it open?", "Abrirá ?");
    assert_eq!(
        f,
        vec![
            (
                "typography",
                "a regular space before ‘?’: no space belongs there".to_string()
            ),
            ("typography", "‘?’ without its opening ‘¿’".to_string()),
        ]
    );
    let f = es("up 12.5% today", "sube un 12.5 % hoy");
    assert_eq!(
        f,
        vec![(
            "numbers",
            "12.5 is written with a decimal point; this language writes 12,5".to_string()
        )]
    );
    // English thousands in Spanish: `4,312` reads four point three one two.
    let f = es("4,312 victims", "4,312 víctimas");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "numbers");
    assert_eq!(es("4,312 victims", "4.312 víctimas"), vec![]);
    assert_eq!(es("43,120 victims", "43 120 víctimas"), vec![]);
    // The same in French; a section number stays a section number.
    let fr = run(&p("up 12.5% today"), &p("hausse de 12.5\u{A0}% ce jour"));
    assert_eq!(fr.len(), 1, "{fr:?}");
    assert_eq!(fr[0].rule, "numbers");
    assert_eq!(
        run(&p("see section 1.1"), &p("voir la section 1.1")),
        vec![]
    );
    // `check --fix` leaves the pairing alone and removes the space.
    let (fixed, changes) = safe_fixes(
        &p("Will it open?"),
        &p("Abrirá ?"),
        "es",
        &QaConfig::default(),
    );
    assert_eq!(fixed.text, "Abrirá?");
    assert_eq!(changes.len(), 1);
}
