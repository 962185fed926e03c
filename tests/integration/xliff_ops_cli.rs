//! `diglot xliff …`: the real binary runs each XLIFF 2 operation on the
//! OASIS in-out pairs (the result must equal `_out` as XML, compared as in
//! `xliff_inout`) and on real tool samples, and keeps its promises about
//! output files and exit codes.
//!
//! The OASIS suites are read from `../shared/data/xliff/oasis-xliff-2/`
//! relative to the repository root; the tests that need them are skipped
//! with a message when the folder is absent, and fail under `CI=true`.

use crate::support::diglot;
use std::path::PathBuf;

use crate::support::xml_compare::same_xml;
use crate::support::{fixtures, shared};

fn sample(rel: &str) -> PathBuf {
    fixtures().join("xliff/tool-samples").join(rel)
}

#[test]
fn each_operation_gives_the_oasis_out() {
    let Some(dir) = shared("xliff/oasis-xliff-2/xliff-21/test-suite/core/in-out") else {
        return;
    };
    let srx = shared("srx/okapi/defaultSegmentation.srx").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let srx_arg = srx.to_string_lossy().to_string();
    let cases: [(&str, Vec<&str>); 8] = [
        ("toJoin1", vec!["join"]),
        ("toJoin2", vec!["join"]),
        ("toJoin3", vec!["join"]),
        ("toJoin4", vec!["join"]),
        ("toSegment1", vec!["segment", "--rules", &srx_arg]),
        ("toRemoveAnnotations", vec!["remove-markup"]),
        (
            "toRemoveExtensions",
            vec!["remove-markup", "--annotations", "user-defined"],
        ),
        ("toRewrite1", vec!["rewrite"]),
    ];
    for (k, (name, args)) in cases.iter().enumerate() {
        let input = dir.join(format!("{name}_in.xlf"));
        let want = std::fs::read(dir.join(format!("{name}_out.xlf"))).unwrap();
        let before = std::fs::read(&input).unwrap();
        // Half the cases write to standard output, half to --out.
        let got = if k % 2 == 0 {
            let out = diglot(tmp.path())
                .arg("xliff")
                .args(args)
                .arg(&input)
                .assert()
                .success()
                .get_output()
                .stdout
                .clone();
            out
        } else {
            let out = tmp.path().join(format!("{name}.xlf"));
            diglot(tmp.path())
                .arg("xliff")
                .args(args)
                .arg(&input)
                .arg("--out")
                .arg(&out)
                .assert()
                .success();
            std::fs::read(&out).unwrap()
        };
        if let Err(d) = same_xml(&got, &want) {
            panic!("{name}: differs from _out, {d}");
        }
        if *name == "toRewrite1" {
            assert_eq!(got, before, "rewrite keeps the bytes");
        }
        assert_eq!(
            std::fs::read(&input).unwrap(),
            before,
            "{name}: input left as it was"
        );
        // The result is valid XLIFF.
        let check = tmp.path().join(format!("{name}.check.xlf"));
        std::fs::write(&check, &got).unwrap();
        diglot(tmp.path())
            .arg("validate")
            .arg(&check)
            .assert()
            .success();
    }
}

#[test]
fn tool_samples() {
    let tmp = tempfile::tempdir().unwrap();
    // OpenXLIFF (519 units): rewrite and join change nothing, byte for byte.
    let openxliff = sample("openxliff/OpenXLIFF_Java_es.xlf");
    let bytes = std::fs::read(&openxliff).unwrap();
    for op in ["rewrite", "join"] {
        let out = diglot(tmp.path())
            .args(["xliff", op])
            .arg(&openxliff)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert!(out == bytes, "{op} changed the OpenXLIFF sample");
    }
    // Removing extensions and modules but metadata: the `mda:` metadata
    // stays, nothing else changes, the result is valid.
    let out = tmp.path().join("openxliff.xlf");
    diglot(tmp.path())
        .args([
            "xliff",
            "remove-markup",
            "--annotations",
            "none",
            "--extensions",
        ])
        .args(["--keep-namespace", "urn:oasis:names:tc:xliff:metadata:2.0"])
        .arg(&openxliff)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert!(std::fs::read(&out).unwrap() == bytes);
    // Without keeping it, every module element goes.
    diglot(tmp.path())
        .args(["xliff", "remove-markup", "--extensions"])
        .arg(&openxliff)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("<mda:"), "metadata left");
    assert_eq!(text.matches("<unit ").count(), 519);
    diglot(tmp.path())
        .arg("validate")
        .arg(&out)
        .assert()
        .success();
    // Symfony's multi-segment unit: joined, the rest of the file as it was.
    let symfony = sample("symfony-fixtures/resources-2.0-multi-segment-unit.xlf");
    let input = std::fs::read_to_string(&symfony).unwrap();
    let got = diglot(tmp.path())
        .args(["xliff", "join"])
        .arg(&symfony)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let want = input.replace(
        "<source>foo</source>\n                <target>foo (translated)</target>\n            </segment>\n            <segment id=\"id-bar\">\n                <source>bar</source>\n                <target>bar (translated)</target>",
        "<source>foobar</source>\n                <target>foo (translated)bar (translated)</target>",
    );
    assert_ne!(want, input);
    assert_eq!(String::from_utf8(got).unwrap(), want);
}

#[test]
fn join_only_the_units_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\"><file id=\"f\">\
<unit id=\"a\"><segment><source>A. </source></segment><segment><source>B.</source></segment></unit>\
<unit id=\"b\"><segment><source>C. </source></segment><segment><source>D.</source></segment></unit>\
</file></xliff>";
    let f = tmp.path().join("two.xlf");
    std::fs::write(&f, doc).unwrap();
    let out = diglot(tmp.path())
        .args(["xliff", "join", "--unit", "b"])
        .arg(&f)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("<source>A. </source></segment><segment><source>B.</source>"),
        "{out}"
    );
    assert!(out.contains("<source>C. D.</source>"), "{out}");
    // An id the file does not have is a usage error, not a silent no-op.
    diglot(tmp.path())
        .args(["xliff", "join", "--unit", "b", "--unit", "zz"])
        .arg(&f)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("no unit with id `zz`"));
}

#[test]
fn the_input_is_rewritten_only_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("multi.xlf");
    std::fs::copy(
        sample("symfony-fixtures/resources-2.0-multi-segment-unit.xlf"),
        &f,
    )
    .unwrap();
    let before = std::fs::read(&f).unwrap();
    diglot(tmp.path())
        .args(["xliff", "join"])
        .arg(&f)
        .arg("--out")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--in-place"));
    assert_eq!(std::fs::read(&f).unwrap(), before);
    diglot(tmp.path())
        .args(["xliff", "join", "--in-place"])
        .arg(&f)
        .assert()
        .success()
        .stdout("");
    let after = std::fs::read_to_string(&f).unwrap();
    assert!(after.contains("<source>foobar</source>"), "{after}");
    // No temporary file left beside it.
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    diglot(tmp.path())
        .args(["xliff", "join", "--in-place", "--out", "x.xlf"])
        .arg(&f)
        .assert()
        .code(2);
}

#[test]
fn errors_name_the_place_and_set_the_exit_code() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.xlf");
    // XLIFF 1.2: not for these operations (usage, exit 2).
    let v12 = sample("okapi-testdata/MQ-12-Test01.xlf");
    let a = diglot(tmp.path())
        .args(["xliff", "join"])
        .arg(&v12)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        err.contains(&format!("{}:", v12.display())) && err.contains("XLIFF 2"),
        "{err}"
    );
    // Not well-formed: a validation failure with line and column (exit 1).
    let broken = tmp.path().join("broken.xlf");
    std::fs::write(
        &broken,
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\">\n<file id=\"f\">\n<unit id=\"u\"><segment><source>A</sourc></segment></unit>",
    )
    .unwrap();
    let a = diglot(tmp.path())
        .args(["xliff", "rewrite"])
        .arg(&broken)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains(&format!("{}:3:", broken.display())), "{err}");
    // Well-formed but invalid XLIFF 2: the violations, nothing written.
    if let Some(bad) =
        shared("xliff/oasis-xliff-2/xliff-21/test-suite/core/invalid/bad_EcBeforeSc.xlf")
    {
        let a = diglot(tmp.path())
            .args(["xliff", "join"])
            .arg(&bad)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(1);
        let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
        assert!(err.contains(&format!("{}:", bad.display())), "{err}");
    }
    assert!(!out.exists());
    // A missing file: I/O, exit 2.
    diglot(tmp.path())
        .args(["xliff", "rewrite", "missing.xlf"])
        .assert()
        .code(2);
}
