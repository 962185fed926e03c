//! `pretranslate` splices candidates into any XLIFF file and leaves every
//! other byte as it was.

use crate::support::{fixtures, have_xmllint, xmllint, Check};
use diglot::model::{Code, CodeKind, CodedText};
use diglot::xliff::{pretranslate, read_document, Match, Unit};
use std::path::{Path, PathBuf};

const MARK: &str = "PRETRANSLATE-TEST";

fn samples() -> Vec<PathBuf> {
    crate::support::tool_samples()
}

fn candidate(u: &Unit) -> Option<Vec<Match>> {
    let mut m = Match::new(
        87,
        u.source.clone(),
        CodedText::plain("Traduction <proposée> & « ok »"),
    );
    m.origin = Some(MARK.into());
    Some(vec![m])
}

#[test]
fn nothing_to_add_gives_the_same_bytes() {
    let mut n = 0;
    for p in samples() {
        let bytes = std::fs::read(&p).unwrap();
        if read_document(&bytes, &p).is_err() {
            // The broken samples fail the same way.
            assert!(pretranslate(&bytes, &p, &|_| None, Some(0)).is_err());
            continue;
        }
        let out = pretranslate(&bytes, &p, &|_| None, Some(0)).unwrap();
        assert!(out == bytes, "{} changed", p.display());
        let out = pretranslate(&bytes, &p, &|_| Some(Vec::new()), Some(0)).unwrap();
        assert!(out == bytes, "{} changed", p.display());
        n += 1;
    }
    println!("{n} tool samples: output identical to input when nothing is added");
    assert!(n >= 37);
}

/// Remove what pretranslate inserted in an XLIFF 1.x file: the `alt-trans`
/// elements carrying MARK and the line break and indentation before them.
fn strip_insertions(s: &str) -> String {
    let mut out = s.to_string();
    while let Some(m) = out.find(MARK) {
        let lt = out[..m].rfind("<alt-trans").expect("inserted alt-trans");
        let start = out[..lt].trim_end().len();
        let end = m + out[m..].find("</alt-trans>").unwrap() + "</alt-trans>".len();
        out.replace_range(start..end, "");
    }
    out
}

#[test]
fn candidates_are_spliced_without_touching_other_bytes() {
    let xmllint_ok = have_xmllint();
    let mut checked = 0;
    for p in samples() {
        let bytes = std::fs::read(&p).unwrap();
        let Ok(doc) = read_document(&bytes, &p) else {
            continue;
        };
        let out = pretranslate(&bytes, &p, &candidate, None).unwrap();
        let back = read_document(&out, &p).unwrap_or_else(|e| panic!("{e}"));
        // Same units, same sources; every translatable 1.x unit has its candidate.
        let a: Vec<_> = doc.units().map(|u| (&u.id, &u.source, &u.target)).collect();
        let b: Vec<_> = back
            .units()
            .map(|u| (&u.id, &u.source, &u.target))
            .collect();
        assert_eq!(a, b, "{}", p.display());
        for u in back.units() {
            let ours = u
                .matches
                .iter()
                .filter(|m| m.origin.as_deref() == Some(MARK))
                .count();
            if doc.version.starts_with('1') && u.translate && !u.source.is_empty() {
                assert_eq!(ours, 1, "{} unit {}", p.display(), u.id);
                let m = u
                    .matches
                    .iter()
                    .find(|m| m.origin.as_deref() == Some(MARK))
                    .unwrap();
                assert_eq!(m.quality, Some(87));
                assert_eq!(m.target.text, "Traduction <proposée> & « ok »");
            }
        }
        // Byte-for-byte elsewhere (UTF-8 files, no segment ids added).
        if let (Ok(a), Ok(b)) = (std::str::from_utf8(&bytes), std::str::from_utf8(&out)) {
            if doc.version.starts_with('1') {
                assert_eq!(strip_insertions(b), a, "{}", p.display());
                checked += 1;
            }
        }
        // Still valid where it was valid.
        if xmllint_ok && doc.version.starts_with('1') {
            let schema = Check::Schema("xliff12/xliff-core-1.2-strict.xsd");
            if xmllint(
                &bytes,
                Check::Schema("xliff12/xliff-core-1.2-strict.xsd"),
                "in.xlf",
            )
            .is_ok()
            {
                xmllint(&out, schema, "out.xlf").unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            }
        }
        if xmllint_ok && doc.version.starts_with('2') && !out.is_empty() {
            let schema = Check::Schema("xliff2/diglot-xliff2.xsd");
            if xmllint(&bytes, Check::Schema("xliff2/diglot-xliff2.xsd"), "in.xlf").is_ok() {
                xmllint(&out, schema, "out.xlf").unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            }
        }
    }
    println!("{checked} XLIFF 1.x samples: only the inserted alt-trans differ");
    assert!(checked >= 20);
}

fn coded(parts: &[(&str, Option<(CodeKind, &str)>)]) -> CodedText {
    let mut t = CodedText::default();
    for (s, c) in parts {
        t.push_str(s);
        if let Some((k, id)) = c {
            t.push_code(Code::new(*k, *id, "x"));
        }
    }
    t
}

#[test]
fn fills_empty_targets_above_the_threshold_with_the_files_own_codes() {
    let x12 = "<?xml version=\"1.0\"?>\r\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\r\n <file original=\"a\" source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\"><body>\r\n  <trans-unit id=\"1\">\r\n   <source>Hello <g id=\"1\" ctype=\"bold\">world</g><x id=\"2\" ctype=\"lb\"/></source>\r\n  </trans-unit>\r\n  <trans-unit id=\"2\">\r\n   <source>Low</source>\r\n   <target state=\"new\"/>\r\n  </trans-unit>\r\n </body></file>\r\n</xliff>\r\n";
    let lookup = |u: &Unit| -> Option<Vec<Match>> {
        Some(vec![if u.id == "1" {
            Match::new(
                100,
                u.source.clone(),
                coded(&[
                    ("Bonjour ", Some((CodeKind::Open, "1"))),
                    ("le monde", Some((CodeKind::Close, "1"))),
                    ("", Some((CodeKind::Standalone, "2"))),
                ]),
            )
        } else {
            Match::new(60, u.source.clone(), CodedText::plain("Bas"))
        }])
    };
    let out = pretranslate(x12.as_bytes(), Path::new("a.xlf"), &lookup, Some(75)).unwrap();
    let s = String::from_utf8(out.clone()).unwrap();
    assert!(s.contains("</source>\r\n   <target state=\"needs-review-translation\" state-qualifier=\"exact-match\">Bonjour <g id=\"1\" ctype=\"bold\">le monde</g><x id=\"2\" ctype=\"lb\"/></target>\r\n   <alt-trans match-quality=\"100\""), "{s}");
    // Below the threshold: candidate only, the empty target stays.
    assert!(
        s.contains("<target state=\"new\"/>\r\n   <alt-trans match-quality=\"60\""),
        "{s}"
    );
    let d = read_document(&out, Path::new("a.xlf")).unwrap();
    assert_eq!(
        d.files[0].units[0].target.as_ref().unwrap().display(),
        "Bonjour {1}le monde{/1}{2/}"
    );
    if have_xmllint() {
        xmllint(
            &out,
            Check::Schema("xliff12/xliff-core-1.2-strict.xsd"),
            "f.xlf",
        )
        .unwrap();
    }

    let x2 = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"en\" trgLang=\"fr\">\n  <file id=\"f\">\n    <unit id=\"u1\">\n      <originalData>\n        <data id=\"d1\">&lt;br/&gt;</data>\n      </originalData>\n      <segment>\n        <source>Hello<ph id=\"2\" dataRef=\"d1\"/></source>\n      </segment>\n    </unit>\n  </file>\n</xliff>\n";
    let lookup2 = |u: &Unit| -> Option<Vec<Match>> {
        Some(vec![Match::new(
            90,
            u.source.clone(),
            coded(&[("Bonjour", Some((CodeKind::Standalone, "2")))]),
        )])
    };
    let out = pretranslate(x2.as_bytes(), Path::new("b.xlf"), &lookup2, Some(75)).unwrap();
    let s = String::from_utf8(out.clone()).unwrap();
    assert!(s.contains("<segment id=\"s1\">"), "{s}");
    assert!(
        s.contains("<target>Bonjour<ph id=\"2\" dataRef=\"d1\"/></target>"),
        "{s}"
    );
    assert!(
        s.contains("<unit id=\"u1\">\n      <mtc:matches xmlns:mtc="),
        "{s}"
    );
    let d = read_document(&out, Path::new("b.xlf")).unwrap();
    let u = &d.files[0].units[0];
    assert_eq!(u.matches[0].quality, Some(90));
    assert_eq!(u.matches[0].segment, None); // ref="#s1": the only segment
    assert_eq!(
        u.target.as_ref().unwrap().codes[0].data.as_deref(),
        Some("<br/>")
    );
    assert!(diglot::xliff::validate(&out, Path::new("b.xlf")).is_empty());
    // Pre-translated twice: candidates are added to the same mtc:matches
    // with new ids, the filled target stays.
    let twice = pretranslate(&out, Path::new("b.xlf"), &lookup2, Some(75)).unwrap();
    let s2 = String::from_utf8(twice.clone()).unwrap();
    assert_eq!(s2.matches("<mtc:matches").count(), 1, "{s2}");
    assert!(s2.contains("id=\"diglot-m2\""), "{s2}");
    assert!(diglot::xliff::validate(&twice, Path::new("b.xlf")).is_empty());
    if have_xmllint() {
        xmllint(&out, Check::Schema("xliff2/diglot-xliff2.xsd"), "g.xlf").unwrap();
    }
}

#[test]
fn legacy_encodings_are_kept() {
    let p = fixtures().join("xliff/tool-samples/okapi-testdata/RB-12-Test02.xlf");
    let bytes = std::fs::read(&p).unwrap();
    let out = pretranslate(&bytes, &p, &candidate, None).unwrap();
    // windows-1252 in, windows-1252 out: « and » are single bytes.
    assert!(out.windows(4).any(|w| w == b"\xAB ok"));
    assert!(std::str::from_utf8(&out).is_err());
    let d = read_document(&out, &p).unwrap();
    assert!(d
        .units()
        .any(|u| u.matches.iter().any(|m| m.target.text.contains("« ok »"))));
    // UTF-16 in, UTF-16 out.
    let src = std::fs::read_to_string(
        fixtures().join("xliff/tool-samples/symfony-fixtures/resources.xlf"),
    )
    .unwrap();
    let mut u16 = vec![0xFF, 0xFE];
    for c in src.encode_utf16() {
        u16.extend_from_slice(&c.to_le_bytes());
    }
    let out = pretranslate(&u16, Path::new("u.xlf"), &candidate, None).unwrap();
    assert_eq!(&out[..2], &[0xFF, 0xFE]);
    let d = read_document(&out, Path::new("u.xlf")).unwrap();
    assert!(d.units().all(|u| !u.matches.is_empty()));
}
