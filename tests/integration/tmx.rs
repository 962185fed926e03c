//! TMX: every sample (LISA compliance kit, Okapi, OpenXLIFF; see
//! tests/fixtures/PROVENANCE.md) is read with inline codes, and what diglot
//! writes validates against tmx14.dtd.

use crate::support::{fixtures, have_xmllint, xmllint, Check};
use diglot::model::CodeKind;
use diglot::tmx::{read_tmx, write_tmx, TmxDocument};
use std::path::{Path, PathBuf};

fn samples() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![fixtures().join("tmx")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().and_then(|e| e.to_str()) == Some("tmx") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn read(rel: &str) -> TmxDocument {
    let p = fixtures().join("tmx").join(rel);
    read_tmx(&std::fs::read(&p).unwrap(), &p).unwrap()
}

#[test]
fn every_sample_is_read() {
    let files = samples();
    assert!(files.len() >= 17);
    for p in &files {
        let d = read_tmx(&std::fs::read(p).unwrap(), p).unwrap_or_else(|e| panic!("{e}"));
        let codes: usize = d
            .units
            .iter()
            .flat_map(|u| u.variants.iter())
            .map(|v| v.text.codes.len())
            .sum();
        println!(
            "{}: TMX {} srclang {}, {} units, {codes} codes",
            p.file_name().unwrap().to_string_lossy(),
            d.version,
            d.source_lang,
            d.units.len()
        );
        assert!(!d.units.is_empty());
        for u in &d.units {
            assert!(!u.variants.is_empty());
        }
        let found = diglot::xliff::validate(&std::fs::read(p).unwrap(), p);
        assert!(found.is_empty(), "{}: {found:?}", p.display());
        // Written again, read again: same units.
        let again = write_tmx(&d);
        let back = read_tmx(again.as_bytes(), Path::new("again.tmx")).unwrap();
        assert_eq!(back.units.len(), d.units.len());
        for (a, b) in back.units.iter().zip(&d.units) {
            assert_eq!(a.variants, b.variants, "{}", p.display());
        }
    }
}

#[test]
fn utf16_crlf_and_whitespace_kept() {
    // ImportTest1A is UTF-16LE with BOM and CRLF.
    let raw =
        std::fs::read(fixtures().join("tmx/okapi-testdata/compkit/ImportTest1A.tmx")).unwrap();
    assert_eq!(&raw[..2], &[0xFF, 0xFE]);
    let d = read("okapi-testdata/compkit/ImportTest1A.tmx");
    assert_eq!(
        d.units[0].text("en-us").unwrap().text,
        "First segment with [\t\t   ]"
    );
    assert_eq!(
        d.units[1].text("fr-ca").unwrap().text,
        "Second segment avec [  \t\t]"
    );
}

#[test]
fn paired_and_isolated_codes_are_codes() {
    let d = read("okapi-testdata/compkit/ExportTest2A.tmx");
    let u = &d.units[0];
    let en = u.text("en-us").unwrap();
    assert_eq!(en.display(), "The big {1}black{/1} {2}cat{/2} sleeps.");
    assert_eq!(en.codes[0].data.as_deref(), Some("<b>"));
    let fr = u.text("fr-ca").unwrap();
    // Same ids across languages, in another order.
    assert_eq!(fr.display(), "Le gros {2}chat{/2} {1}noir{/1} dors.");
    let isolated = d
        .units
        .iter()
        .flat_map(|u| u.variants.iter())
        .flat_map(|v| v.text.codes.iter())
        .filter(|c| c.kind == CodeKind::Open)
        .count();
    assert!(isolated > 0);
}

#[test]
fn headers_and_languages() {
    let d = read("okapi-testdata/compkit/ImportTest1C.tmx");
    assert_eq!(d.source_lang, "en-us");
    assert_eq!(d.units[2].variants.len(), 5);
    assert_eq!(
        d.units[2].text("ja-JP").unwrap().text,
        "Third entry in Japanese"
    );
    let d = read("okapi-testdata/compkit/ImportTest1L.tmx");
    assert_eq!(d.notes.len(), 2);
    assert_eq!(d.props[0].0, "myPropeType");
}

#[test]
fn written_tmx_validates_against_dtd() {
    if !have_xmllint() {
        return;
    }
    let mut n = 0;
    for p in samples() {
        let d = read_tmx(&std::fs::read(&p).unwrap(), &p).unwrap();
        let x = write_tmx(&d);
        xmllint(x.as_bytes(), Check::Dtd("tmx14.dtd"), "o.tmx")
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let v = diglot::xliff::validate(x.as_bytes(), Path::new("o.tmx"));
        assert!(v.is_empty(), "{v:?}");
        n += 1;
    }
    println!("{n} TMX files written again: all valid against tmx14.dtd");
}

/// `xliff::validate` hands a `<tmx>` root to the TMX checks beside the TMX
/// reader: both entry points report the same violations.
#[test]
fn tmx_checks_through_both_entry_points() {
    let tmx = "<tmx version=\"1.4\">\n<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>\n<body>\n<tu><tuv xml:lang=\"fr\"><seg>B <ept i=\"2\"/></seg></tuv></tu>\n</body></tmx>";
    let p = Path::new("t.tmx");
    let direct = diglot::tmx::validate(tmx.as_bytes(), p);
    let rules: Vec<&str> = direct.iter().map(|v| v.rule.as_str()).collect();
    assert_eq!(rules, ["tmx:ept-i", "tmx:tu-srclang"], "{direct:?}");
    assert_eq!(diglot::xliff::validate(tmx.as_bytes(), p), direct);
}
