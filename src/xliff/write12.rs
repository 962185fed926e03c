//! XLIFF 1.2 writer (valid against the OASIS 1.2 strict schema).
//!
//! Codes: a well-nested opening/closing pair becomes `<g>`, a standalone
//! code `<x/>`, an unpaired opening or closing code `<bx/>`/`<ex/>` (with
//! `rid`). XLIFF 1.2 `g`/`x` carry no native data: a code's `data` is not
//! written (importers take it from their own source by code id); its type
//! goes to `ctype` (`link`, `bold`, `italic`, `lb`, `image` or `x-…`).
//! Candidates become `alt-trans` with `match-quality`, diglot metadata a
//! `context-group name="diglot"` of `x-diglot-KEY` contexts.

use super::write::{escape, groups, segment_ids};
use super::{Document, State, Unit, NS_XLIFF12};
use crate::model::{CodeKind, CodedText, Piece};
use std::fmt::Write;

fn attr(out: &mut String, name: &str, value: &str) {
    let _ = write!(out, " {}=\"{}\"", name, escape(value, true, false));
}

/// An `XTend` value (`x-…` without whitespace).
fn xtend(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    if clean.starts_with("x-") {
        clean
    } else {
        format!("x-{clean}")
    }
}

/// `ctype` of a paired code (`InlineDelimiters`).
fn ctype_delim(ctype: &str) -> String {
    match ctype {
        "link" => "link".into(),
        "strong" | "bold" => "bold".into(),
        "emphasis" | "italic" => "italic".into(),
        "underlined" => "underlined".into(),
        c => xtend(c),
    }
}

/// `ctype` of a standalone code (`InlinePlaceholders`).
fn ctype_ph(ctype: &str) -> String {
    match ctype {
        "image" => "image".into(),
        "linebreak" | "lb" => "lb".into(),
        "pb" => "pb".into(),
        c => xtend(c),
    }
}

/// The 1.2 `state` for a diglot state.
pub(crate) fn state12(s: State) -> &'static str {
    match s {
        State::Initial => "needs-translation",
        State::Translated => "translated",
        State::Reviewed => "x-reviewed",
        State::Final => "final",
    }
}

/// Write coded text as XLIFF 1.2 inline content.
pub(crate) fn inline12(out: &mut String, text: &CodedText) {
    let order: Vec<usize> = text
        .text
        .chars()
        .filter_map(crate::model::placeholder_index)
        .collect();
    // Which opening/closing codes nest properly (→ g).
    let mut paired = vec![false; text.codes.len()];
    let mut stack: Vec<usize> = Vec::new();
    for &i in &order {
        let Some(c) = text.codes.get(i) else { continue };
        match c.kind {
            CodeKind::Open => stack.push(i),
            CodeKind::Close => {
                if let Some(&top) = stack.last() {
                    if text.codes[top].id == c.id {
                        paired[top] = true;
                        paired[i] = true;
                        stack.pop();
                    }
                }
            }
            CodeKind::Standalone => {}
        }
    }
    let mut ix = 0usize;
    for p in text.pieces() {
        match p {
            Piece::Text(t) => out.push_str(&escape(t, false, false)),
            Piece::Code(c) => {
                let i = order.get(ix).copied().unwrap_or(0);
                ix += 1;
                match c.kind {
                    CodeKind::Standalone => {
                        out.push_str("<x");
                        attr(out, "id", &c.id);
                        attr(out, "ctype", &ctype_ph(&c.ctype));
                        if let Some(d) = &c.disp {
                            attr(out, "equiv-text", d);
                        }
                        out.push_str("/>");
                    }
                    CodeKind::Open if paired[i] => {
                        out.push_str("<g");
                        attr(out, "id", &c.id);
                        attr(out, "ctype", &ctype_delim(&c.ctype));
                        out.push('>');
                    }
                    CodeKind::Close if paired[i] => out.push_str("</g>"),
                    CodeKind::Open | CodeKind::Close => {
                        out.push_str(if c.kind == CodeKind::Open {
                            "<bx"
                        } else {
                            "<ex"
                        });
                        attr(out, "id", &c.id);
                        attr(out, "rid", &nmtoken(&c.id));
                        if c.kind == CodeKind::Open {
                            attr(out, "ctype", &ctype_delim(&c.ctype));
                        }
                        if let Some(d) = &c.disp {
                            attr(out, "equiv-text", d);
                        }
                        out.push_str("/>");
                    }
                }
            }
        }
    }
}

/// An NMTOKEN made from an id (characters outside the production become `_`).
fn nmtoken(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if t.is_empty() {
        "_".into()
    } else {
        t
    }
}

/// Serialise a document as XLIFF 1.2 (strict). Deterministic.
pub fn write_v12(doc: &Document) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff");
    attr(&mut out, "version", "1.2");
    attr(&mut out, "xmlns", NS_XLIFF12);
    out.push_str(">\n");
    for f in &doc.files {
        out.push_str("  <file");
        attr(
            &mut out,
            "original",
            f.original.as_deref().unwrap_or(f.id.as_str()),
        );
        attr(&mut out, "source-language", &doc.source_lang);
        if let Some(t) = &doc.target_lang {
            attr(&mut out, "target-language", t);
        }
        attr(&mut out, "datatype", "plaintext");
        out.push_str(">\n    <body>\n");
        for (i, g) in groups(&f.units).into_iter().enumerate() {
            write_unit(&mut out, g, i + 1, doc.target_lang.as_deref());
        }
        out.push_str("    </body>\n  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// Write one `trans-unit`: a single unit, or the segments of one file unit
/// as a `seg-source` with `mrk mtype="seg"` (target likewise). The target's
/// state is the least advanced of the segments'.
fn write_unit(out: &mut String, parts: &[Unit], n: usize, target_lang: Option<&str>) {
    let u = &parts[0];
    let segmented = u.segment.is_some();
    let mids = segment_ids(parts);
    let has_target = parts.iter().any(|p| p.target.is_some());
    let state = if has_target {
        parts.iter().map(|p| p.state).min().flatten()
    } else {
        None
    };
    out.push_str("      <trans-unit");
    attr(out, "id", &u.id);
    if let Some(n) = &u.name {
        attr(out, "resname", n);
    }
    if !u.translate {
        attr(out, "translate", "no");
    }
    if state == Some(State::Final) {
        attr(out, "approved", "yes");
    }
    out.push_str(">\n        <source>");
    let mut joined = CodedText::default();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            joined.push_str(" ");
        }
        joined.append(&p.source);
    }
    inline12(out, &joined);
    out.push_str("</source>\n");
    let segs = |out: &mut String, target: bool| {
        for (i, (p, mid)) in parts.iter().zip(&mids).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str("<mrk mtype=\"seg\"");
            attr(out, "mid", mid);
            out.push('>');
            let text = if target {
                p.target.as_ref()
            } else {
                Some(&p.source)
            };
            if let Some(t) = text {
                inline12(out, t);
            }
            out.push_str("</mrk>");
        }
    };
    if segmented {
        out.push_str("        <seg-source>");
        segs(out, false);
        out.push_str("</seg-source>\n");
    }
    if has_target {
        out.push_str("        <target");
        if let Some(s) = state {
            attr(out, "state", state12(s));
        }
        if let Some(q) = &u.state_qualifier {
            attr(out, "state-qualifier", &qualifier(q));
        }
        out.push('>');
        if segmented {
            segs(out, true);
        } else if let Some(t) = &u.target {
            inline12(out, t);
        }
        out.push_str("</target>\n");
    }
    if !u.meta.is_empty() {
        // Group names are unique in a file: `diglot-N`.
        let _ = writeln!(
            out,
            "        <context-group name=\"diglot-{n}\" purpose=\"information\">"
        );
        for (k, v) in &u.meta {
            out.push_str("          <context");
            attr(out, "context-type", &xtend(&format!("diglot-{k}")));
            let _ = writeln!(out, ">{}</context>", escape(v, false, false));
        }
        out.push_str("        </context-group>\n");
    }
    for n in &u.notes {
        out.push_str("        <note");
        if let Some(c) = &n.category {
            attr(out, "from", c);
        }
        let _ = writeln!(out, ">{}</note>", escape(&n.text, false, false));
    }
    let matches = parts
        .iter()
        .zip(&mids)
        .flat_map(|(p, mid)| p.matches.iter().map(move |m| (m, mid)));
    for (m, mid) in matches {
        out.push_str("        <alt-trans");
        if segmented {
            attr(out, "mid", mid);
        } else if let Some(s) = &m.segment {
            attr(out, "mid", &nmtoken(s));
        }
        if let Some(q) = m.quality {
            attr(out, "match-quality", &q.min(100).to_string());
        }
        if let Some(o) = &m.origin {
            attr(out, "origin", o);
        }
        if let Some(k) = &m.kind {
            if ALT_TRANS_TYPES.contains(&k.as_str()) {
                attr(out, "alttranstype", k);
            }
        }
        out.push_str(">\n          <source>");
        inline12(out, &m.source);
        out.push_str("</source>\n          <target");
        if let Some(t) = target_lang {
            attr(out, "xml:lang", t);
        }
        out.push('>');
        inline12(out, &m.target);
        out.push_str("</target>\n        </alt-trans>\n");
    }
    out.push_str("      </trans-unit>\n");
}

/// Values of 1.2 `state-qualifier`; others are written as `x-…`.
const QUALIFIERS: &[&str] = &[
    "exact-match",
    "fuzzy-match",
    "id-match",
    "leveraged-glossary",
    "leveraged-inherited",
    "leveraged-mt",
    "leveraged-repository",
    "leveraged-tm",
    "mt-suggestion",
    "rejected-grammar",
    "rejected-inaccurate",
    "rejected-length",
    "rejected-spelling",
    "tm-suggestion",
];

fn qualifier(q: &str) -> String {
    if QUALIFIERS.contains(&q) {
        q.to_string()
    } else {
        xtend(q)
    }
}

/// Values of 1.2 `alttranstype`.
const ALT_TRANS_TYPES: &[&str] = &[
    "proposal",
    "previous-version",
    "rejected",
    "reference",
    "accepted",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Code;
    use crate::xliff::{read_document, File, Match};

    #[test]
    fn v12_round_trip() {
        let mut src = CodedText::plain("See ");
        src.push_code(Code::new(CodeKind::Open, "1", "link"));
        src.push_str("the site");
        src.push_code(Code::new(CodeKind::Close, "1", "link"));
        src.push_code(Code::new(CodeKind::Open, "2", "emphasis"));
        src.push_str(" & <now>");
        let mut u = Unit::new("s1", src.clone());
        u.target = Some(CodedText::plain("Voir"));
        u.state = Some(State::Translated);
        u.state_qualifier = Some("fuzzy-match".into());
        u.meta.push(("prev".into(), "abc".into()));
        u.matches.push(Match::new(
            87,
            src.clone(),
            CodedText::plain("Voir le site"),
        ));
        let doc = Document {
            version: "1.2".into(),
            source_lang: "en".into(),
            target_lang: Some("fr".into()),
            files: vec![File {
                id: "f1".into(),
                original: Some("a.md".into()),
                units: vec![u],
            }],
        };
        let x = write_v12(&doc);
        assert!(x.contains("<g id=\"1\" ctype=\"link\">the site</g>"), "{x}");
        assert!(
            x.contains("<bx id=\"2\" rid=\"2\" ctype=\"italic\"/>"),
            "{x}"
        );
        assert!(x.contains("match-quality=\"87\""), "{x}");
        let back = read_document(x.as_bytes(), std::path::Path::new("x.xlf")).unwrap();
        let b = &back.files[0].units[0];
        assert_eq!(b.source.display(), src.display());
        assert_eq!(b.state, Some(State::Translated));
        assert_eq!(b.state_qualifier.as_deref(), Some("fuzzy-match"));
        assert_eq!(b.matches[0].quality, Some(87));
        assert_eq!(b.matches[0].target.text, "Voir le site");
        assert_eq!(b.meta, vec![("prev".to_string(), "abc".to_string())]);
        assert_eq!(write_v12(&back), x);
    }
}
