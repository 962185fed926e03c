//! Every file diglot writes validates against the official schemas
//! (xmllint, offline, via tests/fixtures/schemas/catalog.xml).

use crate::support::{have_xmllint, xmllint, Check};
use diglot::model::{Code, CodeKind, CodedText};
use diglot::xliff::{read_document, write_v12, write_v2, Document, File, Match, Note, State, Unit};
use std::path::Path;

const V2: Check<'static> = Check::Schema("xliff2/diglot-xliff2.xsd");
const V12: Check<'static> = Check::Schema("xliff12/xliff-core-1.2-strict.xsd");

fn text_with_codes(words: &str, n: usize) -> CodedText {
    let mut t = CodedText::plain(format!("{words} "));
    t.push_code(Code::new(CodeKind::Open, "1", "link").with_data("https://example.org/?a=1&b=2"));
    t.push_str("the <site>");
    t.push_code(Code::new(CodeKind::Open, "2", "strong"));
    t.push_str("bold");
    t.push_code(Code::new(CodeKind::Close, "2", "strong"));
    t.push_code(Code::new(CodeKind::Close, "1", "link"));
    let mut ph = Code::new(CodeKind::Standalone, "3", "code").with_data("x < y");
    ph.disp = Some("x < y".into());
    t.push_code(ph);
    t.push_code(Code::new(CodeKind::Standalone, "4", "linebreak"));
    t.push_code(Code::new(CodeKind::Open, "5", "emphasis"));
    t.push_str(&format!("open {n} \u{1} end"));
    t
}

fn rich_doc(version: &str) -> Document {
    let mut units = Vec::new();
    for i in 0..4 {
        let mut u = Unit::new(format!("u{i}"), text_with_codes("See", i));
        u.notes.push(Note {
            category: Some("title".into()),
            text: "Statement \"A\" & <b>".into(),
        });
        u.meta.push(("hash".into(), format!("{i:x}")));
        match i {
            0 => {}
            1 => {
                u.target = Some(text_with_codes("Voir", i));
                u.state = Some(State::Translated);
                u.sub_state = Some("diglot:fuzzy".into());
                u.state_qualifier = Some("fuzzy-match".into());
                let mut m = Match::new(87, text_with_codes("See", 9), text_with_codes("Voir", 9));
                m.origin = Some("project TM".into());
                m.kind = Some("tm".into());
                u.matches.push(m);
                u.matches.push(Match::new(
                    100,
                    CodedText::plain("a"),
                    CodedText::plain("b"),
                ));
            }
            2 => {
                u.target = Some(CodedText::plain("Fin."));
                u.state = Some(State::Final);
                u.name = Some("title".into());
            }
            _ => {
                u.target = Some(CodedText::default());
                u.state = Some(State::Reviewed);
                u.translate = false;
            }
        }
        units.push(u);
    }
    Document {
        version: version.into(),
        source_lang: "en".into(),
        target_lang: Some("fr-CA".into()),
        files: vec![File {
            id: "f1".into(),
            original: Some("corpus/statements/a b.md".into()),
            units,
        }],
    }
}

#[test]
fn written_xliff2_and_12_validate() {
    if !have_xmllint() {
        return;
    }
    for v in ["2.0", "2.1"] {
        let x = write_v2(&rich_doc(v));
        xmllint(x.as_bytes(), V2, "out.xlf").unwrap_or_else(|e| panic!("{e}\n{x}"));
        let back = read_document(x.as_bytes(), Path::new("out.xlf")).unwrap();
        assert_eq!(back.files[0].units[1].matches.len(), 2);
        assert_eq!(back.files[0].units[1].matches[0].quality, Some(87));
    }
    let x = write_v2(&rich_doc("2.2"));
    assert!(x.contains("urn:oasis:names:tc:xliff:document:2.2"));
    xmllint(
        x.as_bytes(),
        Check::Schema("xliff22/diglot-xliff22.xsd"),
        "out.xlf",
    )
    .unwrap_or_else(|e| panic!("{e}\n{x}"));
    let x = write_v12(&rich_doc("1.2"));
    xmllint(x.as_bytes(), V12, "out.xlf").unwrap_or_else(|e| panic!("{e}\n{x}"));
    println!("XLIFF 2.0, 2.1, 2.2 and 1.2 strict output validates");
}

/// Every tool sample, read and written again as 2.x and 1.2, validates.
#[test]
fn tool_samples_rewritten_validate() {
    if !have_xmllint() {
        return;
    }
    let root = crate::support::fixtures().join("xliff/tool-samples");
    let mut n = 0;
    for dir in std::fs::read_dir(&root).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let p = f.unwrap().path();
            let Ok(mut doc) = read_document(&std::fs::read(&p).unwrap(), &p) else {
                continue;
            };
            // Foreign ids may repeat (Passolo, segmented Trados units) or not
            // be NMTOKENs; diglot's own ids are unique NMTOKENs.
            // Segments of one unit (Trados) follow each other with one id.
            let mut seen = std::collections::HashSet::new();
            for f in &mut doc.files {
                let mut prev: Option<(String, bool)> = None;
                f.units.retain(|u| {
                    let same_group = u.segment.is_some()
                        && prev.as_ref().is_some_and(|(id, seg)| *seg && *id == u.id);
                    let keep = !u.id.is_empty()
                        && u.id
                            .chars()
                            .all(|c| c.is_alphanumeric() || "._-:".contains(c))
                        && (same_group || seen.insert(u.id.clone()));
                    if keep {
                        prev = Some((u.id.clone(), u.segment.is_some()));
                    }
                    keep
                });
            }
            doc.files.retain(|f| !f.units.is_empty());
            if doc.files.is_empty() {
                continue;
            }
            let x = write_v2(&doc);
            xmllint(x.as_bytes(), V2, "o2.xlf")
                .unwrap_or_else(|e| panic!("{}: 2.x: {}", p.display(), &e[..e.len().min(2000)]));
            // (XLIFF 2 requires trgLang once a target exists: a 1.x file
            // without target-language cannot give one.)
            // Nor can it number apart codes a 1.x file repeats (Angular's
            // `<x id="INTERPOLATION"/>` twice in one source).
            let repeats = doc.units().any(|u| {
                std::iter::once(&u.source).chain(u.target.iter()).any(|t| {
                    let mut keys: Vec<_> = t.codes.iter().map(|c| c.key()).collect();
                    let n = keys.len();
                    keys.sort();
                    keys.dedup();
                    keys.len() != n
                })
            });
            if doc.target_lang.is_some() && !repeats {
                let found = diglot::xliff::validate(x.as_bytes(), &p);
                assert!(found.is_empty(), "{}: {found:?}", p.display());
            }
            let x = write_v12(&doc);
            xmllint(x.as_bytes(), V12, "o12.xlf")
                .unwrap_or_else(|e| panic!("{}: 1.2: {}", p.display(), &e[..e.len().min(2000)]));
            // Written as 1.2 and read again: the same units and segments.
            let back = read_document(x.as_bytes(), &p).unwrap();
            let key = |d: &Document| -> Vec<(String, Option<String>, String)> {
                d.units()
                    .map(|u| (u.id.clone(), u.segment.clone(), u.source.plain_text()))
                    .collect()
            };
            assert_eq!(key(&back), key(&doc), "{}", p.display());
            n += 1;
        }
    }
    println!("{n} tool samples rewritten as XLIFF 2 and 1.2: all valid");
}

/// diglot's own output passes its own validator too.
#[test]
fn written_files_pass_validate() {
    for v in ["2.0", "2.1", "2.2"] {
        let mut d = rich_doc(v);
        if v == "2.2" {
            d.version = "2.2".into();
        }
        let x = write_v2(&d);
        let found = diglot::xliff::validate(x.as_bytes(), Path::new("o.xlf"));
        assert!(found.is_empty(), "{v}: {found:?}\n{x}");
    }
    let x = write_v12(&rich_doc("1.2"));
    let found = diglot::xliff::validate(x.as_bytes(), Path::new("o.xlf"));
    assert!(found.is_empty(), "{found:?}");
}
