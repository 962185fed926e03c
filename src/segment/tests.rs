use super::*;
use crate::model::{Code, CodeKind};

fn seg(lang: &str, s: &str) -> Vec<String> {
    Segmenter::builtin(lang)
        .split_str(s)
        .into_iter()
        .map(String::from)
        .collect()
}

/// `s` must stay one segment, and `s` followed by a second sentence must
/// give exactly two segments.
fn one(lang: &str, s: &str) {
    assert_eq!(seg(lang, s), vec![s.to_string()], "split inside: {s}");
    let next = if lang == "fr" {
        "Elle est finie."
    } else {
        "It is over."
    };
    let two = format!("{s} {next}");
    assert_eq!(
        seg(lang, &two),
        vec![s.to_string(), next.to_string()],
        "in: {two}"
    );
}

#[test]
fn seed_sentences() {
    let s = "On 5 June 2025, the United States (U.S.) government sanctioned four judges of the International Criminal Court (ICC), pursuant to Executive Order (E.O.) 14203. The Coalition for the ICC firmly denounces it.";
    assert_eq!(seg("en", s).len(), 2);
}

#[test]
fn english_titles() {
    for s in [
        "Mr. Smith met Ms. Jones and Dr. Brown.",
        "The Hon. Mélanie Joly spoke.",
        "We heard Prof. Green and Rev. White.",
    ] {
        one("en", s);
    }
}

#[test]
fn english_references() {
    for s in [
        "See s. 12(3)(b) of the Act.",
        "Under ss. 4 and 5 of the Code, the rule applies.",
        "It is defined in para. 3 of the judgment.",
        "See art. 8(2)(b)(xxvi) of the Statute.",
        "Article 8(2)(b)(xxvi) of the Statute applies.",
        "See Art. 5 and No. 12 of the list.",
        "Read pp. 10-12 and p. 4 first.",
        "See Doc. A/RES/60/1, Vol. 2, Ch. 3 for details.",
        "Compare cf. the earlier case.",
        "The order is No. 14203 of the series.",
    ] {
        one("en", s);
    }
}

#[test]
fn english_dates_and_times() {
    for s in [
        "The hearing is on Jan. 5, 2026 in The Hague.",
        "It was adopted on Sept. 12 by consensus.",
        "We meet at 9 a.m. on Monday.",
        "The session ends at 5 p.m. sharp.",
    ] {
        one("en", s);
    }
}

#[test]
fn english_initials_and_acronyms() {
    for s in [
        "Jane Q. Doe filed the request.",
        "The U.S. Government responded.",
        "Executive Order (E.O.) 14203 was signed.",
        "The U.N. Security Council met.",
        "The pipeline runs to the Alberta-B.C. border near Coleman.",
        "It runs from Caroline, Alta. to the border near Empress.",
        "Costs are high, i.e. about 5 million, e.g. for travel, etc. in general.",
        "The budget is approx. 3.5 million, incl. staff costs.",
        "The rate rose to 3.25 per cent in 2025.",
    ] {
        one("en", s);
    }
    assert_eq!(
        seg("en", "I live in the U.S. How about you?"),
        vec!["I live in the U.S.", "How about you?"]
    );
}

#[test]
fn english_addresses_and_punctuation() {
    for s in [
        "Write to info@icc-cpi.int for details.",
        "See https://www.icc-cpi.int/news/statement.html for the text.",
        "He said \"Why?\" and left.",
        "Wait... the hearing resumed.",
    ] {
        one("en", s);
    }
    assert_eq!(
        seg("en", "He asked \"Why not?\" The judge agreed."),
        vec!["He asked \"Why not?\"", "The judge agreed."]
    );
    assert_eq!(
        seg("en", "She said \"Stop!\" Then she left."),
        vec!["She said \"Stop!\"", "Then she left."]
    );
}

#[test]
fn french_domain_cases() {
    for s in [
        "Selon l'art. 8 du Statut, la Cour est compétente.",
        "Selon l’art. 8 du Statut, la Cour est compétente.",
        "Voir le par. 3 de l’arrêt.",
        "Voir l’al. b) du paragraphe 2.",
        "M. Dupont et Mme Martin ont parlé.",
        "Me Durand plaide pour M. Karim.",
        "Les É.-U. ont répondu hier.",
        "Le 5 janv. 2026 et le 3 févr. 2026, la Chambre a siégé.",
        "Voir art. 8(2)(b)(xxvi) du Statut.",
        "L’hon. Mélanie Joly a parlé.",
        "Il a dit : « Pourquoi ? » à la Cour.",
        "Il a dit : « Pourquoi\u{202f}? » à la Cour.",
    ] {
        one("fr", s);
    }
}

#[test]
fn french_spacing_before_punctuation() {
    for (sp, name) in [(" ", "space"), ("\u{a0}", "nbsp"), ("\u{202f}", "nnbsp")] {
        let s = format!("Vraiment{sp}? Oui{sp}! Fin{sp}: non{sp}; oui.");
        let got = seg("fr", &s);
        assert_eq!(
            got,
            vec![
                format!("Vraiment{sp}?"),
                format!("Oui{sp}!"),
                format!("Fin{sp}: non{sp}; oui.")
            ],
            "{name}"
        );
    }
    assert_eq!(
        seg("fr", "Il a dit : « C’est fini. » Puis il est parti."),
        vec!["Il a dit : « C’est fini. »", "Puis il est parti."]
    );
}

#[test]
fn region_subtags_and_unknown_languages() {
    assert_eq!(seg("fr-CA", "M. Tremblay est là. Il parle.").len(), 2);
    assert_eq!(seg("en_GB", "Mr. Smith is here. He speaks.").len(), 2);
    assert_eq!(seg("de", "Das ist gut. Wir gehen.").len(), 2);
}

#[test]
fn ranges_cover_all_text() {
    let s = "  One. Two?  Three!\n\nFour…  ";
    let sg = Segmenter::builtin("en");
    let rs = sg.split_text(s);
    let mut covered = vec![false; s.len()];
    for r in &rs {
        assert_eq!(&s[r.clone()], s[r.clone()].trim());
        for c in covered.iter_mut().take(r.end).skip(r.start) {
            assert!(!*c);
            *c = true;
        }
    }
    for (i, ch) in s.char_indices() {
        assert_eq!(covered[i], !ch.is_whitespace(), "at {i}");
    }
}

#[test]
fn codes_follow_their_sentence() {
    let mut t = CodedText::plain("See ");
    t.push_code(Code::new(CodeKind::Open, "1", "emphasis"));
    t.push_str("this.");
    t.push_code(Code::new(CodeKind::Close, "1", "emphasis"));
    t.push_str(" Next one.");
    let parts = Segmenter::builtin("en").split(&t);
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].display(), "See {1}this.{/1}");
    assert_eq!(parts[1].display(), "Next one.");
}

#[test]
fn paired_code_across_boundary_is_balanced() {
    let mut t = CodedText::plain("Read ");
    t.push_code(Code::new(CodeKind::Open, "1", "link").with_data("https://example.org"));
    t.push_str("the statement. It is ");
    t.push_code(Code::new(CodeKind::Open, "2", "strong"));
    t.push_str("new");
    t.push_code(Code::new(CodeKind::Close, "2", "strong"));
    t.push_code(Code::new(CodeKind::Close, "1", "link"));
    t.push_str(". Done.");
    let sg = Segmenter::builtin("en");
    let parts = sg.split(&t);
    let shown: Vec<String> = parts.iter().map(|p| p.display()).collect();
    assert_eq!(
        shown,
        vec![
            "Read {1}the statement.{/1}",
            "{1}It is {2}new{/2}{/1}.",
            "Done."
        ]
    );
    assert!(parts.iter().all(|p| p.is_balanced()));
    // The re-opened link keeps its data.
    assert_eq!(
        parts[1].codes[0].data.as_deref(),
        Some("https://example.org")
    );
    // Joining removes the added close/re-open pair.
    let joined = join_segments(&parts, " ");
    assert_eq!(
        joined.display(),
        "Read {1}the statement. It is {2}new{/2}{/1}. Done."
    );
    assert_eq!(joined.plain_text(), t.plain_text());
}

#[test]
fn code_span_is_never_split() {
    let mut t = CodedText::plain("Run ");
    let mut c = Code::new(CodeKind::Standalone, "1", "code").with_data("a. B. c? D");
    c.disp = Some("a. B. c? D".into());
    t.push_code(c);
    t.push_str(" now. Then stop.");
    let parts = Segmenter::builtin("en").split(&t);
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].codes.len(), 1);
}

#[test]
fn lists_and_bullets() {
    assert_eq!(
        seg("en", "1. The first item 2. The second item"),
        vec!["1. The first item", "2. The second item"]
    );
    assert_eq!(
        seg(
            "en",
            "The Act was amended in Chapter 5. The Minister agreed."
        ),
        vec!["The Act was amended in Chapter 5.", "The Minister agreed."]
    );
    assert_eq!(
        seg("en", "(Horne et al., 2007). Then (Patterson, 2008) agreed."),
        vec!["(Horne et al., 2007).", "Then (Patterson, 2008) agreed."]
    );
}

#[test]
fn srx_rules_apply_in_order() {
    let xml = r#"<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
<header segmentsubflows="yes" cascade="yes"/>
<body>
<languagerules>
<languagerule languagerulename="English">
<rule break="no"><beforebreak>\bMr\.</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule>
<languagerule languagerulename="Default">
<rule break="yes"><beforebreak>[.?!]+</beforebreak><afterbreak>\s+\p{Lu}</afterbreak></rule>
</languagerule>
</languagerules>
<maprules>
<languagemap languagepattern="en.*" languagerulename="English"/>
<languagemap languagepattern=".*" languagerulename="Default"/>
</maprules>
</body>
</srx>"#;
    let (sg, issues) = Segmenter::from_srx_str(xml, "t.srx", "en-GB").unwrap();
    assert!(issues.is_empty());
    assert_eq!(
        sg.split_str("Mr. Smith came. He left! Why? No."),
        vec!["Mr. Smith came.", "He left!", "Why?", "No."]
    );
    // French: only the Default rules (no cascade match for English).
    let (fr, _) = Segmenter::from_srx_str(xml, "t.srx", "fr").unwrap();
    assert_eq!(fr.split_str("Mr. Smith came.").len(), 2);
    // A bad rule is reported with its line, not dropped silently, and the
    // strict loader turns it into an error.
    let bad = xml.replace("[.?!]+", "[.?!+");
    let (_, issues) = Segmenter::from_srx_str(&bad, "t.srx", "en").unwrap();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].line, 10);
    assert_eq!(issues[0].languagerule, "Default");
    let e = Segmenter::from_srx_str_strict(&bad, "t.srx", "en").unwrap_err();
    assert!(e.to_string().starts_with("t.srx:10:"), "{e}");
}

#[test]
fn rules_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let toml_path = dir.path().join("rules.toml");
    std::fs::write(&toml_path, "titles = [\"Gen.\"]\n").unwrap();
    let (sg, issues) = Segmenter::for_language("en", Some(&toml_path)).unwrap();
    assert!(issues.is_empty());
    assert_eq!(sg.split_str("Gen. Smith came. He left.").len(), 2);
    std::fs::write(&toml_path, "titles = 3\n").unwrap();
    let e = Segmenter::for_language("en", Some(&toml_path)).unwrap_err();
    assert!(e.to_string().contains("rules.toml"), "{e}");
    let (b, _) = Segmenter::for_language("fr", None).unwrap();
    assert_eq!(b.split_str("M. Dupont parle. Fin.").len(), 2);
}

#[test]
fn pathological_inputs_stay_linear() {
    // Not timed (speed is measured by `cargo bench --bench segment`): inputs
    // large enough that a quadratic scan would make the suite visibly hang
    // (10^9 steps and more), with the splits they must give.
    let sg = Segmenter::builtin("en");
    let units = ["a.b", "U.S. ", "(a. ", "\"Quote. ", "x"];
    for u in units {
        let text = u.repeat(40_000) + ". Next.";
        let parts = sg.split_text(&text);
        assert!(!parts.is_empty(), "{u:?}");
        assert!(
            parts
                .last()
                .is_some_and(|p| text[p.clone()].trim_end().ends_with("Next.")),
            "{u:?}"
        );
    }
}

#[test]
fn press_release_paragraphs() {
    let en = "ICC-CPI-20250605-PR1234. On 5 June 2025, the U.S. Department of State announced sanctions against four ICC judges under E.O. 14203. The Court firmly deplores these actions. See the Rome Statute, art. 40, para. 1, and Rule 15 (ICC-ASP/1/3, p. 10). Mr. Karim A. A. Khan KC said: \"We will not be deterred.\" The hearing is scheduled for 10 a.m. (The Hague time) on Mon. 9 June. Contact Mr. Fadi El Abdallah at fadi.el-abdallah@icc-cpi.int or visit www.icc-cpi.int. What comes next? The Presidency will decide... Proceedings continue.";
    assert_eq!(
        seg("en", en),
        vec![
            "ICC-CPI-20250605-PR1234.",
            "On 5 June 2025, the U.S. Department of State announced sanctions against four ICC judges under E.O. 14203.",
            "The Court firmly deplores these actions.",
            "See the Rome Statute, art. 40, para. 1, and Rule 15 (ICC-ASP/1/3, p. 10).",
            "Mr. Karim A. A. Khan KC said: \"We will not be deterred.\"",
            "The hearing is scheduled for 10 a.m. (The Hague time) on Mon. 9 June.",
            "Contact Mr. Fadi El Abdallah at fadi.el-abdallah@icc-cpi.int or visit www.icc-cpi.int.",
            "What comes next?",
            "The Presidency will decide...",
            "Proceedings continue.",
        ]
    );
    let fr = "Le 5 juin 2025, le Département d’État des É.-U. a annoncé des sanctions contre quatre juges de la CPI en vertu du décret (E.O.) 14203. La Cour déplore vivement ces mesures. M. Karim A. A. Khan, Procureur, a déclaré : « Nous ne serons pas dissuadés. » L’audience est prévue le lun. 9 juin à 10 h. Voir le Statut de Rome, art. 40, par. 1, al. a), et la règle 15 (ICC-ASP/1/3, p. 10). Pourquoi maintenant ? La Présidence décidera… Les procédures se poursuivent. Me Dupont, c.-à-d. l’avocat de la défense, p. ex. dans l’affaire no 12, a plaidé.";
    assert_eq!(
        seg("fr", fr),
        vec![
            "Le 5 juin 2025, le Département d’État des É.-U. a annoncé des sanctions contre quatre juges de la CPI en vertu du décret (E.O.) 14203.",
            "La Cour déplore vivement ces mesures.",
            "M. Karim A. A. Khan, Procureur, a déclaré : « Nous ne serons pas dissuadés. »",
            "L’audience est prévue le lun. 9 juin à 10 h.",
            "Voir le Statut de Rome, art. 40, par. 1, al. a), et la règle 15 (ICC-ASP/1/3, p. 10).",
            "Pourquoi maintenant ?",
            "La Présidence décidera…",
            "Les procédures se poursuivent.",
            "Me Dupont, c.-à-d. l’avocat de la défense, p. ex. dans l’affaire no 12, a plaidé.",
        ]
    );
}

#[test]
fn numbers_ending_sentences_on_different_lines_are_not_a_list() {
    let text = "Sentence 1. Sentence 2.\nThe vote was 12 to 3. It passed.";
    let got = seg("en", text);
    assert_eq!(
        got[got.len() - 2..],
        [
            "The vote was 12 to 3.".to_string(),
            "It passed.".to_string()
        ]
    );
    // A real list, one item per line, is still one.
    assert_eq!(
        seg("en", "Steps:\n1. First item\n2. Second item"),
        ["Steps:", "1. First item", "2. Second item"]
    );
}

/// `seg` with owned expectations, for short assertions.
fn segs(lang: &str, s: &str) -> Vec<String> {
    seg(lang, s)
        .into_iter()
        .map(|x| x.trim().to_string())
        .collect()
}

#[test]
fn numbers_ending_sentences_on_one_line_are_not_a_list() {
    for (text, want) in [
        (
            "Sentence 1. Sentence 2.",
            &["Sentence 1.", "Sentence 2."][..],
        ),
        (
            "Sentence 1. Sentence 2. Sentence 3.",
            &["Sentence 1.", "Sentence 2.", "Sentence 3."],
        ),
        (
            "Sentence 1. Sentence 2.\nSentence 3.",
            &["Sentence 1.", "Sentence 2.", "Sentence 3."],
        ),
        (
            "The vote was 12 to 1. The count was 2. The end.",
            &["The vote was 12 to 1.", "The count was 2.", "The end."],
        ),
        (
            "Read Chapter 1. Chapter 2. Chapter 3 is optional.",
            &["Read Chapter 1.", "Chapter 2.", "Chapter 3 is optional."],
        ),
    ] {
        assert_eq!(segs("en", text), want, "in: {text}");
    }
}

#[test]
fn inline_lists_open_where_an_item_can_start() {
    for (text, want) in [
        // At the start of the text, after a sentence end, after a colon.
        (
            "1. The first item 2. The second item",
            &["1. The first item", "2. The second item"][..],
        ),
        (
            "It is done. 1. The first item 2. The second item",
            &["It is done.", "1. The first item", "2. The second item"],
        ),
        (
            "Do this: 1. Open the box 2. Close it",
            &["Do this:", "1. Open the box", "2. Close it"],
        ),
        // A sentence end not cut because a lower-case marker follows.
        (
            "They went to the store. a) bread b) milk",
            &["They went to the store.", "a) bread", "b) milk"],
        ),
        // Inside an item of a list: a new list.
        (
            "1) The first item 2) The second item 1) Again one 2) Again two",
            &[
                "1) The first item",
                "2) The second item",
                "1) Again one",
                "2) Again two",
            ],
        ),
        // A run-in numbered list of clauses inside a sentence (pySBD keeps
        // these items apart).
        (
            "They process it by 1) taking what fits their views, and 2) rejecting the rest.",
            &[
                "They process it by",
                "1) taking what fits their views, and",
                "2) rejecting the rest.",
            ],
        ),
    ] {
        assert_eq!(segs("en", text), want, "in: {text}");
    }
    // References to lettered paragraphs are not lists, even far apart.
    for s in [
        "Subparagraphs a) and b) of paragraph 1 apply.",
        "It applies under subparagraph a) of paragraph 3 and subparagraph b) of paragraph 4.",
        "The Minister may act under paragraph 5(1)a), b) or c) of the Act.",
        "See s. a) or b) of the schedule.",
    ] {
        one("en", s);
    }
    for s in [
        "Les alinéas a), b) ou c) s’appliquent.",
        "Voir l’al. a) ou b) du par. 3.",
        "Les mesures prévues aux alinéas 16c) et d) de la présente loi s’appliquent.",
    ] {
        one("fr", s);
    }
}

#[test]
fn lowercase_fragment_ends_its_line() {
    // A short lower-case line after a sentence: a menu entry or a label
    // pasted after it, not its continuation.
    assert_eq!(
        segs(
            "en",
            "It was a cold night in the city. features\ncontact manager\n"
        ),
        [
            "It was a cold night in the city.",
            "features",
            "contact manager"
        ]
    );
    assert_eq!(
        segs("en", "The report was published. see also\nIndex"),
        ["The report was published.", "see also", "Index"]
    );
    // Boundaries of the rule: each of these stays one segment on its line.
    for line in [
        // Listed abbreviations, whatever follows.
        "It costs approx. five",
        "Compare cf. the report",
        "Write to the dept. of justice",
        "It is govt. policy",
        "Bring pens, paper etc. and ink",
        "It is on 5th st. near the light",
        "Were Jane and co. at the party",
        // Unlisted, but too short or without a vowel to be a word.
        "See the gov. website",
        "The med. staff",
        "Check the mgmt. plan",
        // A single letter, a dotted acronym, a number, an upper-case word.
        "Jane Q. doe",
        "Made in the U.K. under licence",
        "See note 12. above",
        "It was in the NATO. files",
        // A longer lower-case continuation: maybe the rest of the sentence.
        "Ask the assoc. director of the agency",
        // A continuation that ends like a sentence.
        "It was in the city. features were shown.",
        // Closing quotes after the full stop.
        "He said 'the city.' features",
    ] {
        let text = format!("{line}\nNext line");
        assert_eq!(segs("en", &text), [line, "Next line"], "in: {text:?}");
    }
    // The end of the text is not a line break: no break there.
    let end = "It was a cold night in the city. features";
    assert_eq!(segs("en", end), [end]);
    // The French rules do not have the table.
    assert_eq!(
        segs("fr", "Il faisait froid en ville. fonctions\nSuite"),
        ["Il faisait froid en ville. fonctions", "Suite"]
    );
}

#[test]
fn bracketed_sentence_after_a_quotation() {
    // A whole sentence in brackets between two sentences stands alone.
    assert_eq!(
        segs(
            "en",
            "\"I should think!\" (Dinah was the cat.) \"I hope they remember.\""
        ),
        [
            "\"I should think!\"",
            "(Dinah was the cat.)",
            "\"I hope they remember.\""
        ]
    );
    assert_eq!(
        segs("en", "She said \"Go.\" (She left.) Then it rained."),
        ["She said \"Go.\"", "(She left.)", "Then it rained."]
    );
    // Without a quotation it always did.
    assert_eq!(
        segs("en", "He left! (Nobody saw him.) Then it rained."),
        ["He left!", "(Nobody saw him.)", "Then it rained."]
    );
    // An aside at the end, lower case inside or after the bracket, no
    // terminator inside it, or a bracket in mid-sentence: one segment.
    for s in [
        "'I fell off the top of the house!' (Which was very likely true.)",
        "\"Wow!\" (he said) she left.",
        "\"Wow!\" (He said so.) she left.",
        "\"Wow!\" (He said so) and left.",
        "He teaches science (He previously worked for 5 years as an engineer.) at the local University.",
    ] {
        assert_eq!(segs("en", s), [s], "in: {s}");
    }
}

/// A list marker after a reference word (`alinéas`, `subparagraphs`), or
/// joined to such a marker (`b) et c)`, `a), b) or c)`), is a reference:
/// it never starts a segment. Real lists still split.
#[test]
fn list_markers_after_reference_words_are_references() {
    one(
        "fr",
        "a) Sauf dispositions contraires des alinéas b) et c) du présent paragraphe, le montant est limité.",
    );
    one("fr", "Il agit en vertu des al. b), c) ou d) de la Loi.");
    one(
        "en",
        "The Minister may act under subparagraphs a), b) or c) of the Act.",
    );
    one("en", "It applies despite paragraphs a) to c) of the Act.");
    // Not references: a list after a colon, an inline list, a run-in list.
    assert_eq!(
        seg(
            "fr",
            "Les conditions sont les suivantes : a) la demande est écrite; b) elle est signée; c) elle est datée."
        ),
        vec![
            "Les conditions sont les suivantes :",
            "a) la demande est écrite;",
            "b) elle est signée;",
            "c) elle est datée."
        ]
    );
    assert_eq!(
        seg("en", "1. The first item 2. The second item"),
        vec!["1. The first item", "2. The second item"]
    );
    // A reference word must be right before the marker.
    assert_eq!(
        seg("en", "The paragraph lists: a) one thing b) another thing"),
        vec!["The paragraph lists:", "a) one thing", "b) another thing"]
    );
}

/// SRX is read by the same safe XML reader as XLIFF and TMX: a document
/// type declaration that declares entities is refused, with file and line,
/// and an undefined entity is an error, not silently dropped.
#[test]
fn srx_goes_through_the_safe_xml_reader() {
    let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE srx [<!ENTITY a \"aaaa\">]>\n<srx version=\"2.0\"><header/><body><languagerules/><maprules/></body></srx>";
    let e = Segmenter::from_srx_str(bomb, "bomb.srx", "en").unwrap_err();
    assert!(
        e.to_string().starts_with("bomb.srx:2:") && e.to_string().contains("entities"),
        "{e}"
    );
    let undefined = "<srx version=\"2.0\"><header/><body><languagerules>\n<languagerule languagerulename=\"D\"><rule><beforebreak>&x;</beforebreak></rule></languagerule>\n</languagerules><maprules/></body></srx>";
    let e = Segmenter::from_srx_str(undefined, "u.srx", "en").unwrap_err();
    assert!(
        e.to_string().starts_with("u.srx:2:") && e.to_string().contains("&x;"),
        "{e}"
    );
    // Character references and CDATA still reach the rule text.
    let refs = "<srx version=\"2.0\"><header/><body><languagerules><languagerule languagerulename=\"D\"><rule break=\"no\"><beforebreak>Mr&#x5C;.</beforebreak><afterbreak><![CDATA[\\s]]></afterbreak></rule><rule><beforebreak>[.?!]</beforebreak><afterbreak>\\s</afterbreak></rule></languagerule></languagerules><maprules><languagemap languagepattern=\".*\" languagerulename=\"D\"/></maprules></body></srx>";
    let (sg, issues) = Segmenter::from_srx_str(refs, "r.srx", "en").unwrap();
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(sg.split_str("Mr. Smith came. He sat.").len(), 2);
}

/// Spanish (`src/languages/es/segmentation.toml`): abbreviations and titles
/// do not end a sentence; `¿` and `¡` open one.
#[test]
fn spanish() {
    assert_eq!(
        seg("es", "¿Vienes mañana? ¡Claro que sí! Hasta luego."),
        vec!["¿Vienes mañana?", "¡Claro que sí!", "Hasta luego."]
    );
    // A closing sign before a lower-case word does not end the sentence.
    assert_eq!(
        seg("es", "¿Vienes?, preguntó el Sr. García. Sí."),
        vec!["¿Vienes?, preguntó el Sr. García.", "Sí."]
    );
    for s in [
        "La Dra. Pérez y el Dr. Gómez hablaron con la Sra. Ruiz.",
        "Según el art. 8 del Estatuto, véase la pág. 12 y el núm. 4.",
        "Se lo dije a Ud. ayer por la tarde.",
        "La Sala, p. ej. en la decisión, lo confirmó.",
    ] {
        assert_eq!(seg("es", s), vec![s.to_string()], "split inside: {s}");
    }
    // `etc.` ends a sentence before a sentence starter.
    assert_eq!(
        seg(
            "es",
            "Hubo testigos, peritos, víctimas, etc. El juicio continúa."
        ),
        vec![
            "Hubo testigos, peritos, víctimas, etc.",
            "El juicio continúa."
        ]
    );
    // Regions use the language's rules.
    assert_eq!(
        seg("es-MX", "Habló el Sr. López. Luego se fue."),
        vec!["Habló el Sr. López.", "Luego se fue."]
    );
}

/// A language without a folder gets the generic rules: sentence ends, no
/// abbreviation list.
#[test]
fn a_language_without_data_is_segmented_generically() {
    assert_eq!(
        seg("de", "Das ist gut. Wir kommen morgen! Warum nicht?"),
        vec!["Das ist gut.", "Wir kommen morgen!", "Warum nicht?"]
    );
}

/// Every folder's `segmentation.toml` parses and compiles.
#[test]
fn every_folder_parses() {
    for f in crate::languages::all_files("segmentation.toml") {
        let data: RuleData = f.parse_builtin();
        let _ = Segmenter::from_data(&data);
        assert!(!seg(f.tag, "One. Two.").is_empty(), "{}", f.tag);
    }
}
