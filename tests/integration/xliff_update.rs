//! `update_targets` writes new targets into real tool files and leaves the
//! units it does not touch byte for byte.

use crate::support::{fixtures, have_xmllint, xmllint, Check};
use diglot::model::CodedText;
use diglot::xliff::{read_document, update_targets, State, TargetUpdate, Unit};
use std::path::{Path, PathBuf};

fn samples() -> Vec<PathBuf> {
    crate::support::tool_samples()
}

/// The new target: the source with its codes, text upper-cased.
fn upper(u: &Unit) -> CodedText {
    CodedText {
        text: u.source.text.to_uppercase(),
        codes: u.source.codes.clone(),
    }
}

#[test]
fn no_update_gives_the_same_bytes() {
    for p in samples() {
        let bytes = std::fs::read(&p).unwrap();
        if read_document(&bytes, &p).is_err() {
            continue;
        }
        assert!(
            update_targets(&bytes, &p, &|_| None).unwrap() == bytes,
            "{}",
            p.display()
        );
    }
}

#[test]
fn every_unit_of_every_sample_can_be_updated() {
    let xmllint_ok = have_xmllint();
    for p in samples() {
        let bytes = std::fs::read(&p).unwrap();
        let Ok(doc) = read_document(&bytes, &p) else {
            continue;
        };
        let v2 = doc.version.starts_with('2');
        let out = update_targets(&bytes, &p, &|u| {
            Some(TargetUpdate {
                target: upper(u),
                state: Some(State::Translated),
                state_qualifier: Some("leveraged-tm".into()),
            })
        })
        .unwrap();
        let back = read_document(&out, &p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(back.units().count(), doc.units().count(), "{}", p.display());
        let mut updated = 0;
        for (a, b) in back.units().zip(doc.units()) {
            assert_eq!(a.source, b.source, "{}", p.display());
            if a.target.as_ref().map(|t| t.plain_text())
                == Some(b.source.plain_text().to_uppercase())
            {
                updated += 1;
                assert_eq!(a.state, Some(State::Translated), "{} {}", p.display(), a.id);
            } else {
                // Left alone: Trados segments without a target mrk, 2.x
                // units with several segments, units without source.
                assert!(
                    b.segment.is_some() || v2 || b.source.is_empty(),
                    "{} {}",
                    p.display(),
                    b.id
                );
            }
        }
        if !v2 {
            assert!(
                updated * 2 >= doc.units().count(),
                "{}: {updated}",
                p.display()
            );
        }
        if xmllint_ok && !v2 {
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
    }
}

#[test]
fn only_updated_units_change() {
    let p = fixtures().join("xliff/tool-samples/okapi-testdata/SF-12-Test02.xlf");
    let bytes = std::fs::read(&p).unwrap();
    let doc = read_document(&bytes, &p).unwrap();
    let first = doc.units().next().unwrap().id.clone();
    let out = update_targets(&bytes, &p, &|u| {
        (u.id == first).then(|| TargetUpdate {
            target: CodedText::plain("Nuevo & <texto>"),
            state: Some(State::Final),
            state_qualifier: None,
        })
    })
    .unwrap();
    let (a, b) = (
        String::from_utf8(bytes).unwrap(),
        String::from_utf8(out).unwrap(),
    );
    // One contiguous region differs, inside the first trans-unit.
    let pre = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let suf = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let unit_start = a.find(&format!("id=\"{first}\"")).unwrap();
    let unit_end = unit_start + a[unit_start..].find("</trans-unit>").unwrap();
    assert!(pre >= a[..unit_start].rfind('<').unwrap(), "{pre}");
    assert!(a.len() - suf <= unit_end, "{suf}");
    assert!(b.contains("Nuevo &amp; &lt;texto&gt;"));
    assert!(b.contains("approved=\"yes\""));
    let d = read_document(b.as_bytes(), Path::new("x.xlf")).unwrap();
    assert_eq!(d.units().next().unwrap().state, Some(State::Final));
}

#[test]
fn trados_segments_and_xliff2() {
    let p = fixtures().join("xliff/tool-samples/okapi-testdata/TS09-12-Test01.xlf");
    let bytes = std::fs::read(&p).unwrap();
    let out = update_targets(&bytes, &p, &|u| {
        (u.segment.is_some()).then(|| TargetUpdate {
            target: upper(u),
            state: Some(State::Reviewed),
            state_qualifier: None,
        })
    })
    .unwrap();
    let d = read_document(&out, &p).unwrap();
    let seg = d
        .units()
        .find(|u| u.segment.is_some() && u.target.as_ref().is_some_and(|t| !t.text.is_empty()))
        .unwrap();
    assert_eq!(
        seg.target.as_ref().unwrap().plain_text(),
        seg.source.plain_text().to_uppercase()
    );
    assert_eq!(
        seg.state_raw.as_deref(),
        Some("sdl:conf=ApprovedTranslation")
    );

    let x2 = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"en\" trgLang=\"fr\"><file id=\"f\"><unit id=\"u\"><segment state=\"initial\"><source>a<ph id=\"1\"/></source><target>x</target></segment></unit></file></xliff>";
    let out = update_targets(x2.as_bytes(), Path::new("b.xlf"), &|u| {
        Some(TargetUpdate {
            target: upper(u),
            state: Some(State::Final),
            state_qualifier: Some("diglot:tm".into()),
        })
    })
    .unwrap();
    let s = String::from_utf8(out).unwrap();
    assert!(s.contains("<segment state=\"final\" subState=\"diglot:tm\"><source>a<ph id=\"1\"/></source><target>A<ph id=\"1\"/></target>"), "{s}");
    assert!(diglot::xliff::validate(s.as_bytes(), Path::new("b.xlf")).is_empty());
}
