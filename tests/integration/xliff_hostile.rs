//! Hostile and broken input: no entity is expanded, no DTD fetched, and
//! nothing panics.

use crate::support::fixtures;
use diglot::tmx::read_tmx;
use diglot::xliff::{pretranslate, read_document, validate, MAX_INPUT_BYTES};
use std::path::Path;

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>&lol9;</source></trans-unit></body></file></xliff>"#;

const EXTERNAL_ENTITY: &str = r#"<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xliff version="2.1" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en"><file id="f"><unit id="u"><segment><source>&xxe;</source></segment></unit></file></xliff>"#;

const EXTERNAL_DTD_ENTITY_REF: &str = r#"<?xml version="1.0"?>
<!DOCTYPE xliff SYSTEM "http://example.invalid/evil.dtd">
<xliff version="2.1" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en"><file id="f"><unit id="u"><segment><source>&evil;</source></segment></unit></file></xliff>"#;

#[test]
fn entity_bombs_and_external_entities_are_refused() {
    for (name, text) in [
        ("laughs.xlf", BILLION_LAUGHS),
        ("xxe.xlf", EXTERNAL_ENTITY),
        ("dtd.xlf", EXTERNAL_DTD_ENTITY_REF),
    ] {
        let p = Path::new(name);
        let e = read_document(text.as_bytes(), p).unwrap_err().to_string();
        assert!(e.starts_with(&format!("{name}:")), "{e}");
        assert!(e.contains("entit"), "{e}");
        assert!(!e.contains("root:"), "{e}"); // /etc/passwd was never read
        let v = validate(text.as_bytes(), p);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].rule, "xml:well-formed");
        assert!(pretranslate(text.as_bytes(), p, &|_| None, None).is_err());
        assert!(read_tmx(text.as_bytes(), p).is_err());
        println!("{name}: refused: {e}");
    }
}

#[test]
fn an_external_dtd_is_never_fetched() {
    // A DOCTYPE naming a DTD without using its entities reads fine offline.
    let p = fixtures().join("xliff/tool-samples/symfony-fixtures/withdoctype.xlf");
    let d = read_document(&std::fs::read(&p).unwrap(), &p).unwrap();
    assert_eq!(d.files[0].units.len(), 1);
    let tmx = fixtures().join("tmx/okapi-testdata/compkit/ImportTest1C.tmx");
    assert!(read_tmx(&std::fs::read(&tmx).unwrap(), &tmx).is_ok());
}

#[test]
fn truncated_files_fail_with_a_position_and_never_panic() {
    let p = fixtures().join("xliff/tool-samples/okapi-testdata/TS09-12-Test01.xlf");
    let bytes = std::fs::read(&p).unwrap();
    let e = read_document(&bytes[..bytes.len() / 2], &p)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with(&format!("{}:", p.display())), "{e}");
    println!("truncated: {e}");
    // Every cut of a few files: an error or a document, never a panic.
    for rel in [
        "xliff/tool-samples/okapi-testdata/Manual-12-AltTrans.xlf",
        "xliff/tool-samples/symfony-fixtures/resources-2.0.xlf",
        "tmx/okapi-testdata/compkit/ExportTest2A.tmx",
    ] {
        let p = fixtures().join(rel);
        let bytes = std::fs::read(&p).unwrap();
        for cut in 0..bytes.len() {
            let b = &bytes[..cut];
            let _ = read_document(b, &p);
            let _ = validate(b, &p);
            let _ = pretranslate(
                b,
                &p,
                &|u| {
                    Some(vec![diglot::xliff::Match::new(
                        90,
                        u.source.clone(),
                        u.source.clone(),
                    )])
                },
                Some(80),
            );
            let _ = read_tmx(b, &p);
        }
    }
}

#[test]
fn oversized_and_deep_input_fail_cleanly() {
    let mut big = b"<?xml version=\"1.0\"?><xliff version=\"1.2\"><file>".to_vec();
    big.resize(MAX_INPUT_BYTES + 1, b' ');
    let e = read_document(&big, Path::new("big.xlf"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("too large"), "{e}");
    let deep = format!(
        "<xliff version=\"1.2\">{}{}</xliff>",
        "<g>".repeat(100_000),
        "</g>".repeat(100_000)
    );
    let e = read_document(deep.as_bytes(), Path::new("deep.xlf"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("nested deeper"), "{e}");
}

#[test]
fn garbage_is_an_error() {
    for junk in [
        &b"\xFF\xFE\x00"[..],
        b"\x00\x01\x02",
        b"<xliff",
        b"<notxliff/>",
        b"<?xml version=\"1.0\" encoding=\"bogus-enc\"?><xliff/>",
        b"<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"en\"><file id=\"f\"><unit id=\"u\"><segment><source>\xEF\xBF\xBE\xF3\xB0\x80\x80</source></segment></unit></file></xliff>",
    ] {
        assert!(read_document(junk, Path::new("j.xlf")).is_err(), "{junk:?}");
        assert!(!validate(junk, Path::new("j.xlf")).is_empty());
    }
}
