//! Size limits through the real binary: translation memories (the store, a
//! reference memory, a TMX file given to `tm import`) may be larger than the
//! 64 MiB accepted for exchange files; an exchange file that large is
//! refused with a clear message and nothing changes.

use crate::support::diglot;
use diglot::xliff::MAX_INPUT_BYTES;
use std::path::Path;

/// An XML comment that takes the file past the exchange limit.
fn padding() -> String {
    let mut s = String::with_capacity(MAX_INPUT_BYTES + 64);
    s.push_str("<!--");
    s.push_str(&" ".repeat(MAX_INPUT_BYTES + 1));
    s.push_str("-->\n");
    s
}

/// Insert `pad` before the closing root tag `close`.
fn pad_before(path: &Path, close: &str, pad: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let i = text.rfind(close).unwrap();
    std::fs::write(path, format!("{}{pad}{}", &text[..i], &text[i..])).unwrap();
    assert!(std::fs::metadata(path).unwrap().len() > MAX_INPUT_BYTES as u64);
}

#[test]
fn memories_past_the_exchange_limit_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    diglot(root).args(["init", "-q"]).assert().success();
    let pad = padding();

    // A TMX file past the exchange limit is imported as a reference memory.
    let tmx = root.join("big.tmx");
    std::fs::write(
        &tmx,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" \
         creationtoolversion=\"1\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" \
         srclang=\"en\" o-tmf=\"t\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>The Registry opened a \
         field office in Bunia today.</seg></tuv><tuv xml:lang=\"fr\"><seg>Le Greffe a ouvert \
         aujourd’hui un bureau extérieur à Bunia.</seg></tuv></tu>\n</body></tmx>\n",
    )
    .unwrap();
    pad_before(&tmx, "</body>", &pad);
    diglot(root)
        .args(["tm", "import", "big.tmx"])
        .assert()
        .success();
    std::fs::remove_file(&tmx).unwrap();

    // The reference memory itself grows past the limit (as the 111,564
    // Acts units do: 72 MB) and is still read for lookups.
    let store = root.join("corpus/memory/reference/big.fr.xlf");
    pad_before(&store, "</xliff>", &pad);
    let out = diglot(root)
        .args([
            "tm",
            "lookup",
            "--format",
            "json",
            "The Registry opened a field office in Gulu today.",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let matches: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        matches[0]["target"].as_str(),
        Some("Le Greffe a ouvert aujourd’hui un bureau extérieur à Bunia."),
        "{matches}"
    );
}

#[test]
fn an_exchange_file_past_the_limit_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    diglot(root).args(["init", "-q"]).assert().success();
    let xlf = root.join("big.xlf");
    std::fs::write(
        &xlf,
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"en\" \
         trgLang=\"fr\"><file id=\"f\"></file></xliff>\n",
    )
    .unwrap();
    pad_before(&xlf, "</xliff>", &padding());
    let err = diglot(root)
        .args(["import", "big.xlf"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("big.xlf") && err.contains("exchange files up to 64 MiB"),
        "{err}"
    );
    assert!(!root.join("corpus/memory/fr.xlf").exists());
}
