//! TMX conformance checks (TMX 1.1–1.4b): the version, the header's
//! required attributes, a body, unique `tuid`s, a language and a segment in
//! every variant, a variant in the source language, and paired
//! `bpt`/`ept` codes. Each [`Violation`] names its `tmx:…` rule.

use crate::xml::{parse, Element, Violation, XmlDoc, NS_XML};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// Check a TMX file. An empty list means valid; a file that is not
/// well-formed XML gives one `xml:well-formed` violation.
pub fn validate(bytes: &[u8], path: &Path) -> Vec<Violation> {
    match parse(bytes, path) {
        Ok(doc) if doc.root.local == "tmx" => check(&doc),
        Ok(doc) => {
            let (line, column) = doc.line_col(doc.root.start);
            vec![Violation {
                rule: "xml:root".into(),
                line,
                column,
                message: format!("<{}> is not <tmx>", doc.root.local),
            }]
        }
        Err(e) => vec![Violation::not_well_formed(e)],
    }
}

/// Check a parsed document whose root is `<tmx>`.
pub(crate) fn check(doc: &XmlDoc) -> Vec<Violation> {
    let mut c = Checker {
        doc,
        out: Vec::new(),
    };
    c.tmx();
    c.out
}

struct Checker<'a> {
    doc: &'a XmlDoc,
    out: Vec<Violation>,
}

impl Checker<'_> {
    fn push(&mut self, el: &Element, rule: &str, message: String) {
        self.out.push(Violation::at(self.doc, el, rule, message));
    }

    fn tmx(&mut self) {
        let root = &self.doc.root;
        let Some(version) = root.attr("version") else {
            self.push(root, "tmx:version", "<tmx> has no version".into());
            return;
        };
        if !matches!(version, "1.1" | "1.2" | "1.3" | "1.4" | "1.4b") {
            self.push(
                root,
                "tmx:version",
                format!("TMX version \"{version}\" is unknown"),
            );
        }
        let header = root.child("header");
        match header {
            None => self.push(root, "tmx:header", "<tmx> has no <header>".into()),
            Some(h) => {
                for a in [
                    "creationtool",
                    "creationtoolversion",
                    "segtype",
                    "o-tmf",
                    "adminlang",
                    "srclang",
                    "datatype",
                ] {
                    if h.attr(a).is_none() {
                        self.push(
                            h,
                            "tmx:header-required-attribute",
                            format!("<header> requires the attribute {a}"),
                        );
                    }
                }
            }
        }
        let Some(body) = root.child("body") else {
            self.push(root, "tmx:body", "<tmx> has no <body>".into());
            return;
        };
        let srclang = header.and_then(|h| h.attr("srclang")).unwrap_or("*all*");
        let mut ids = HashSet::new();
        for tu in body.children_named("tu") {
            if let Some(id) = tu.attr("tuid") {
                if !ids.insert(id) {
                    self.push(
                        tu,
                        "tmx:unique-tuid",
                        format!("tuid \"{id}\" is not unique"),
                    );
                }
            }
            let langs: Vec<String> = tu
                .children_named("tuv")
                .filter_map(|v| {
                    v.attr_ns(NS_XML, "lang")
                        .or_else(|| v.attr("lang"))
                        .map(str::to_string)
                })
                .collect();
            for v in tu.children_named("tuv") {
                if v.attr_ns(NS_XML, "lang")
                    .or_else(|| v.attr("lang"))
                    .is_none()
                {
                    self.push(v, "tmx:tuv-lang", "<tuv> has no xml:lang".into());
                }
                match v.child("seg") {
                    None => self.push(v, "tmx:tuv-seg", "<tuv> has no <seg>".into()),
                    Some(seg) => self.tmx_seg(seg),
                }
            }
            if langs.is_empty() {
                self.push(tu, "tmx:tu-tuv", "<tu> has no <tuv>".into());
            } else if srclang != "*all*" && !langs.iter().any(|l| l.eq_ignore_ascii_case(srclang)) {
                self.push(
                    tu,
                    "tmx:tu-srclang",
                    format!("<tu> has no <tuv> in the source language {srclang}"),
                );
            }
        }
    }

    /// bpt/ept pairing inside a TMX segment.
    fn tmx_seg(&mut self, seg: &Element) {
        let mut open: BTreeSet<String> = BTreeSet::new();
        fn walk<'e>(e: &'e Element, out: &mut Vec<&'e Element>) {
            for c in e.elements() {
                out.push(c);
                if c.local == "hi" || c.local == "sub" {
                    walk(c, out);
                }
            }
        }
        let mut all = Vec::new();
        walk(seg, &mut all);
        for c in all {
            match c.local.as_str() {
                "bpt" => match c.attr("i") {
                    Some(i) => {
                        if !open.insert(i.to_string()) {
                            self.push(c, "tmx:bpt-i", format!("<bpt i=\"{i}\"> is repeated"));
                        }
                    }
                    None => self.push(c, "tmx:bpt-i", "<bpt> requires i".into()),
                },
                "ept" => match c.attr("i") {
                    Some(i) => {
                        if !open.remove(i) {
                            self.push(c, "tmx:ept-i", format!("<ept i=\"{i}\"> has no <bpt>"));
                        }
                    }
                    None => self.push(c, "tmx:ept-i", "<ept> requires i".into()),
                },
                "it" if !matches!(c.attr("pos"), Some("begin" | "end")) => {
                    self.push(
                        c,
                        "tmx:it-pos",
                        "<it> requires pos=\"begin\" or \"end\"".into(),
                    );
                }
                _ => {}
            }
        }
        if let Some(i) = open.iter().next() {
            self.push(seg, "tmx:bpt-ept", format!("<bpt i=\"{i}\"> has no <ept>"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmx_rules_are_checked_beside_the_reader() {
        let tmx = "<tmx version=\"1.4\">\n<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>\n<body>\n<tu tuid=\"1\"><tuv xml:lang=\"en\"><seg>A <bpt i=\"1\">x</bpt>b</seg></tuv></tu>\n<tu tuid=\"1\"><tuv xml:lang=\"fr\"><seg>B</seg></tuv></tu>\n</body></tmx>";
        let v = validate(tmx.as_bytes(), Path::new("t.tmx"));
        let rules: Vec<(&str, usize)> = v.iter().map(|v| (v.rule.as_str(), v.line)).collect();
        assert_eq!(
            rules,
            [
                ("tmx:bpt-ept", 4),
                ("tmx:unique-tuid", 5),
                ("tmx:tu-srclang", 5)
            ],
            "{v:?}"
        );
        // Not TMX, not XML.
        let v = validate(b"<xliff/>", Path::new("x.xlf"));
        assert_eq!(v[0].rule, "xml:root");
        let v = validate(b"<tmx>", Path::new("x.tmx"));
        assert_eq!(v[0].rule, "xml:well-formed");
    }
}
