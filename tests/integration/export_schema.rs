//! What the commands write validates against the official schemas with
//! xmllint (offline, via tests/fixtures/schemas/catalog.xml): exports in
//! every XLIFF version with TM candidates and pre-filled targets, the memory
//! store itself, and `tm export` TMX.

use crate::support::{copy_dir, diglot, have_xmllint, repo, xmllint, Check};
use std::path::Path;

/// Run the binary in `dir`; panics unless it succeeds. Returns its stdout.
fn ok(dir: &Path, args: &[&str]) -> String {
    let out = diglot(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn exports_memory_and_tmx_validate() {
    if !have_xmllint() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    for part in ["corpus", "locales", "theme"] {
        copy_dir(&repo().join(part), &p.join(part));
    }
    // Pre-fill from the memory, and revise the statement so that export has
    // work with candidates: a changed date, an edited word, a link.
    let cfg = std::fs::read_to_string(repo().join("diglot.toml")).unwrap();
    std::fs::write(
        p.join("diglot.toml"),
        format!("{cfg}\n[exchange]\nprefill = 95\n"),
    )
    .unwrap();
    let st = p.join("corpus/statements/civil-society-condemns-us-sanctions-june-2025.md");
    let text = std::fs::read_to_string(&st).unwrap();
    let text = text
        .replace("On 5 June 2025,", "On 6 June 2025,")
        .replace("nowhere else to turn.", "nowhere else to go.")
        .replace("Justice cannot be silenced\n\n", "Justice cannot be silenced\n\nSee *the* [Court's page](https://www.icc-cpi.int/?a=1&b=2) for `E.O. 14203`. ");
    std::fs::write(&st, text).unwrap();
    for (version, schema, all) in [
        ("2.1", "xliff2/diglot-xliff2.xsd", false),
        ("2.0", "xliff2/diglot-xliff2.xsd", true),
        ("2.2", "xliff22/diglot-xliff22.xsd", false),
        ("1.2", "xliff12/xliff-core-1.2-strict.xsd", false),
    ] {
        let out = format!("x{version}");
        let mut args = vec!["export", "--lang", "fr", "--xliff", version, "--out", &out];
        if all {
            args.push("--all");
        }
        ok(p, &args);
        let f = p
            .join(&out)
            .join("civil-society-condemns-us-sanctions-june-2025.fr.xlf");
        let bytes = std::fs::read(&f).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        if version != "1.2" {
            assert!(
                text.contains("mtc:match"),
                "{version}: no candidates\n{text}"
            );
        } else {
            assert!(text.contains("<alt-trans"), "1.2: no candidates\n{text}");
        }
        assert!(
            text.contains("6 juin 2025"),
            "{version}: the date candidate is not substituted"
        );
        xmllint(&bytes, Check::Schema(schema), "export.xlf")
            .unwrap_or_else(|e| panic!("XLIFF {version} export invalid:\n{e}\n{text}"));
    }
    let mem = std::fs::read(p.join("corpus/memory/fr.xlf")).unwrap();
    xmllint(&mem, Check::Schema("xliff2/diglot-xliff2.xsd"), "fr.xlf")
        .unwrap_or_else(|e| panic!("memory invalid:\n{e}"));
    let tmx = ok(p, &["tm", "export", "--lang", "fr", "--format", "tmx"]);
    xmllint(tmx.as_bytes(), Check::Dtd("tmx14.dtd"), "fr.tmx")
        .unwrap_or_else(|e| panic!("TMX invalid:\n{e}"));
}
