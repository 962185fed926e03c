//! Every XLIFF file written by a real tool (tests/fixtures/xliff/tool-samples,
//! see PROVENANCE.md there) is read; the broken ones fail with file:line:col.

use diglot::xliff::{read_document, Document, XliffError};
use std::path::{Path, PathBuf};

fn samples() -> Vec<PathBuf> {
    crate::support::tool_samples()
}

const BROKEN: &[&str] = &["empty.xlf", "invalid-xml-resources.xlf", "non-valid.xlf"];

fn read(p: &Path) -> Result<Document, XliffError> {
    read_document(&std::fs::read(p).unwrap(), p)
}

#[test]
fn every_tool_sample_is_read() {
    let files = samples();
    assert!(files.len() >= 40, "{} samples", files.len());
    for p in &files {
        let name = p.file_name().unwrap().to_str().unwrap();
        let r = read(p);
        if BROKEN.contains(&name) {
            let e = r.expect_err(name).to_string();
            let prefix = format!("{}:", p.display());
            assert!(e.starts_with(&prefix), "{e}");
            let rest = &e[prefix.len()..];
            let mut it = rest.splitn(3, ':');
            let line: usize = it.next().unwrap().parse().expect("line");
            let col: usize = it.next().unwrap().parse().expect("column");
            assert!(line >= 1 && col >= 1, "{e}");
            println!("{name}: rejected: {e}");
            continue;
        }
        let d = r.unwrap_or_else(|e| panic!("{e}"));
        let units: usize = d.files.iter().map(|f| f.units.len()).sum();
        let targets = d.units().filter(|u| u.target.is_some()).count();
        let codes: usize = d.units().map(|u| u.source.codes.len()).sum();
        let matches: usize = d.units().map(|u| u.matches.len()).sum();
        println!(
            "{name}: XLIFF {} {}→{:?}, {units} units, {targets} targets, {codes} codes, {matches} candidates",
            d.version, d.source_lang, d.target_lang
        );
        assert!(units > 0, "{name}: no unit");
        assert!(!d.source_lang.is_empty(), "{name}: no source language");
        for u in d.units() {
            assert!(!u.id.is_empty());
        }
    }
}

fn sample(rel: &str) -> Document {
    let p = crate::support::fixtures()
        .join("xliff/tool-samples")
        .join(rel);
    read(&p).unwrap()
}

#[test]
fn declared_latin_encodings_are_decoded() {
    let d = sample("symfony-fixtures/encoding.xlf"); // ISO-8859-1
    let u = &d.files[0].units[0];
    assert_eq!(u.target.as_ref().unwrap().text, "bär");
    assert_eq!(u.notes[0].text, "bäz");
    let d = sample("okapi-testdata/SF-12-Test03.xlf"); // windows-1252
    assert!(d.units().count() > 900);
}

#[test]
fn trados_seg_source_gives_one_unit_per_segment() {
    let d = sample("okapi-testdata/TS09-12-Test01.xlf");
    let segmented: Vec<_> = d.units().filter(|u| u.segment.is_some()).collect();
    assert!(!segmented.is_empty());
    // Segment text never carries the inter-segment whitespace of seg-source.
    for u in &segmented {
        assert_eq!(
            u.source.text.trim(),
            u.source.text,
            "{}",
            u.source.display()
        );
    }
    // Per-segment states and match origin from sdl:seg-defs.
    let first = segmented
        .iter()
        .find(|u| u.state_raw.as_deref() == Some("sdl:conf=Translated"))
        .expect("a translated segment");
    assert_eq!(first.state, Some(diglot::xliff::State::Translated));
    assert_eq!(first.state_qualifier.as_deref(), Some("exact-match"));
    // (trans-unit id, mid) pairs are unique.
    let mut keys: Vec<_> = segmented
        .iter()
        .map(|u| (u.id.clone(), u.segment.clone()))
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n);
}

#[test]
fn alt_trans_and_states_are_read() {
    let d = sample("okapi-testdata/MQ-12-Test01.xlf");
    assert!(d
        .units()
        .all(|u| u.state_raw.as_deref() == Some("mq:status=NotStarted")
            && u.state == Some(diglot::xliff::State::Initial)));
    let d = sample("okapi-testdata/Manual-12-AltTrans.xlf");
    assert_eq!(d.units().flat_map(|u| u.matches.iter()).count(), 1);
    let d = sample("okapi-testdata/OnTramTest01.xlf");
    let m: Vec<_> = d.units().flat_map(|u| u.matches.iter()).collect();
    assert!(m
        .iter()
        .any(|m| m.quality == Some(68) && m.origin.as_deref() == Some("Tropicana/Web Site 12/09")));
    let d = sample("angular-algorea/messages.fr.xlf");
    assert!(d.units().any(|u| u.state_raw.as_deref() == Some("new")));
    assert!(d.units().any(|u| u
        .source
        .codes
        .iter()
        .any(|c| c.id.starts_with("INTERPOLATION") && c.disp.is_some())));
}

#[test]
fn xliff2_tool_file_is_read() {
    let d = sample("openxliff/OpenXLIFF_Java_es.xlf");
    assert_eq!(d.version, "2.0");
    assert_eq!(d.target_lang.as_deref(), Some("es"));
}

#[test]
fn utf16_files_are_read() {
    let p = crate::support::fixtures().join("xliff/tool-samples/symfony-fixtures/resources.xlf");
    let text = std::fs::read_to_string(&p).unwrap();
    for (bom, le) in [(true, true), (true, false), (false, true)] {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
        }
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        let d = read_document(&bytes, &p).unwrap();
        assert_eq!(d, sample("symfony-fixtures/resources.xlf"));
    }
}

#[test]
fn validate_reports_on_tool_samples() {
    for p in samples() {
        let v = diglot::xliff::validate(&std::fs::read(&p).unwrap(), &p);
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let mut rules: Vec<&str> = v.iter().map(|v| v.rule.as_str()).collect();
        rules.dedup();
        println!("{name}: {} violation(s) {:?}", v.len(), rules);
        if BROKEN.contains(&name.as_str()) {
            assert!(!v.is_empty(), "{name}");
        }
    }
}
