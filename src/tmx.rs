//! TMX codec: read TMX 1.1–1.4b, write TMX 1.4 (valid against `tmx14.dtd`).
//!
//! Inline markup becomes [`Code`]s instead of being flattened:
//!
//! | TMX | code |
//! |---|---|
//! | `<bpt i x type>` / `<ept i>` | `Open` / `Close`, id = `x` of the `bpt` (else `i`) |
//! | `<it pos="begin"/"end" x>` | isolated `Open` / `Close` |
//! | `<ph x type>`, `<ut>` | `Standalone` |
//! | `<hi x type>…</hi>` | `Open` … `Close` around its content (ctype `hi` or `hi:TYPE`) |
//!
//! The native code inside `bpt`/`ept`/`it`/`ph`/`ut` becomes the code's
//! `data`. Files are decoded like XLIFF ones (UTF-16 with BOM, declared
//! encodings) by the same safe reader: no DTD is fetched, no entity expanded.
//! Errors are [`XliffError`]s naming file:line:col.

use crate::model::{Code, CodeKind, CodedText, Piece};
use crate::xliff::xml::{escape, parse_limited, Element, Node, NS_XML};
use crate::xliff::XliffError;
use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

/// A translation memory file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TmxDocument {
    /// `1.4`, `1.3`... as declared.
    pub version: String,
    /// `srclang` of the header (`*all*` when any variant may be the source).
    pub source_lang: String,
    /// `creationtool` of the header.
    pub creation_tool: Option<String>,
    /// Header `prop`s: (type, value).
    pub props: Vec<(String, String)>,
    pub notes: Vec<String>,
    pub units: Vec<TmxUnit>,
}

/// A `<tu>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TmxUnit {
    /// `tuid`.
    pub id: Option<String>,
    /// One text per language (`<tuv>`), in file order.
    pub variants: Vec<TmxVariant>,
    pub props: Vec<(String, String)>,
    pub notes: Vec<String>,
    /// Line of the `<tu>` in the file (0 when built in memory).
    pub line: usize,
}

/// A `<tuv>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TmxVariant {
    pub lang: String,
    pub text: CodedText,
    pub props: Vec<(String, String)>,
    pub notes: Vec<String>,
}

impl TmxUnit {
    /// The text of the first variant in a language (compared ignoring case,
    /// and matching a region-less tag: `fr` matches `fr-CA`).
    pub fn text(&self, lang: &str) -> Option<&CodedText> {
        let exact = self
            .variants
            .iter()
            .find(|v| v.lang.eq_ignore_ascii_case(lang));
        exact
            .or_else(|| {
                self.variants
                    .iter()
                    .find(|v| primary(&v.lang).eq_ignore_ascii_case(primary(lang)))
            })
            .map(|v| &v.text)
    }
}

impl TmxDocument {
    /// (source, target) texts of every unit that has both languages, in
    /// file order (languages matched as in [`TmxUnit::text`]).
    pub fn pairs(&self, source_lang: &str, target_lang: &str) -> Vec<(&CodedText, &CodedText)> {
        self.units
            .iter()
            .filter_map(|u| Some((u.text(source_lang)?, u.text(target_lang)?)))
            .collect()
    }

    /// A memory of (source, target) pairs, ready for [`write_tmx`].
    pub fn from_pairs<'a>(
        source_lang: &str,
        target_lang: &str,
        pairs: impl IntoIterator<Item = (Option<String>, &'a CodedText, &'a CodedText)>,
    ) -> TmxDocument {
        TmxDocument {
            version: "1.4".into(),
            source_lang: source_lang.into(),
            creation_tool: Some("diglot".into()),
            units: pairs
                .into_iter()
                .map(|(id, s, t)| TmxUnit {
                    id,
                    variants: vec![
                        TmxVariant {
                            lang: source_lang.into(),
                            text: s.clone(),
                            ..TmxVariant::default()
                        },
                        TmxVariant {
                            lang: target_lang.into(),
                            text: t.clone(),
                            ..TmxVariant::default()
                        },
                    ],
                    ..TmxUnit::default()
                })
                .collect(),
            ..TmxDocument::default()
        }
    }
}

fn primary(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or(lang)
}

/// Read a TMX file.
pub fn read_tmx(bytes: &[u8], path: &Path) -> Result<TmxDocument, XliffError> {
    // A TMX file is a memory: the memory limit applies, not the exchange one.
    let doc = parse_limited(bytes, path, crate::xliff::MAX_MEMORY_BYTES)?;
    let err = |el: &Element, message: String| {
        let (line, column) = doc.line_col(el.start);
        XliffError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let root = &doc.root;
    if root.local != "tmx" {
        return Err(err(
            root,
            format!("the root element is <{}>, not <tmx>", root.name),
        ));
    }
    let mut out = TmxDocument {
        version: root.attr("version").unwrap_or_default().to_string(),
        ..TmxDocument::default()
    };
    if let Some(h) = root.child("header") {
        out.source_lang = h.attr("srclang").unwrap_or_default().to_string();
        out.creation_tool = h.attr("creationtool").map(str::to_string);
        read_props(h, &mut out.props, &mut out.notes);
    }
    let body = root
        .child("body")
        .ok_or_else(|| err(root, "<tmx> has no <body>".into()))?;
    for tu in body.children_named("tu") {
        let mut unit = TmxUnit {
            id: tu.attr("tuid").map(str::to_string),
            line: doc.line_col(tu.start).0,
            ..TmxUnit::default()
        };
        read_props(tu, &mut unit.props, &mut unit.notes);
        for tuv in tu.children_named("tuv") {
            let lang = tuv
                .attr_ns(NS_XML, "lang")
                .or_else(|| tuv.attr("lang"))
                .ok_or_else(|| err(tuv, "<tuv> without xml:lang".into()))?;
            let mut v = TmxVariant {
                lang: lang.to_string(),
                ..TmxVariant::default()
            };
            read_props(tuv, &mut v.props, &mut v.notes);
            if let Some(seg) = tuv.child("seg") {
                let mut st = SegState::default();
                seg_content(seg, &mut v.text, &mut st);
            }
            unit.variants.push(v);
        }
        out.units.push(unit);
    }
    Ok(out)
}

fn read_props(el: &Element, props: &mut Vec<(String, String)>, notes: &mut Vec<String>) {
    for c in el.elements() {
        match c.local.as_str() {
            "prop" => props.push((c.attr("type").unwrap_or_default().to_string(), c.text())),
            "note" => notes.push(c.text()),
            _ => {}
        }
    }
}

#[derive(Default)]
struct SegState {
    /// bpt `i` → code id, to give the ept the same id.
    pairs: HashMap<String, String>,
    auto: usize,
}

impl SegState {
    fn auto_id(&mut self, prefix: &str) -> String {
        self.auto += 1;
        format!("{prefix}{}", self.auto)
    }
}

fn native(e: &Element) -> Option<String> {
    let t = e.text();
    if t.is_empty() {
        None
    } else {
        Some(t)
    }
}

fn seg_content(el: &Element, out: &mut CodedText, st: &mut SegState) {
    for n in &el.children {
        let e = match n {
            Node::Text(t, _, _) => {
                out.push_str(t);
                continue;
            }
            Node::Element(e) => e,
        };
        let ctype = e.attr("type").unwrap_or("x").to_string();
        match e.local.as_str() {
            "bpt" => {
                let i = e.attr("i").unwrap_or_default().to_string();
                let id = e.attr("x").map(str::to_string).unwrap_or_else(|| i.clone());
                st.pairs.insert(i, id.clone());
                let mut c = Code::new(CodeKind::Open, id, ctype);
                c.data = native(e);
                out.push_code(c);
            }
            "ept" => {
                let i = e.attr("i").unwrap_or_default();
                let id = st.pairs.get(i).cloned().unwrap_or_else(|| i.to_string());
                // The closing code takes the type of its opening code.
                let ctype = out
                    .codes
                    .iter()
                    .rev()
                    .find(|c| c.kind == CodeKind::Open && c.id == id)
                    .map(|c| c.ctype.clone())
                    .unwrap_or_else(|| "x".into());
                let mut c = Code::new(CodeKind::Close, id, ctype);
                c.data = native(e);
                out.push_code(c);
            }
            "it" => {
                let kind = if e.attr("pos") == Some("end") {
                    CodeKind::Close
                } else {
                    CodeKind::Open
                };
                let id = e
                    .attr("x")
                    .map(str::to_string)
                    .unwrap_or_else(|| st.auto_id("it"));
                let mut c = Code::new(kind, id, ctype);
                c.data = native(e);
                out.push_code(c);
            }
            "ph" | "ut" => {
                let id = e
                    .attr("x")
                    .map(str::to_string)
                    .unwrap_or_else(|| st.auto_id("ph"));
                let ctype = if e.local == "ut" {
                    "ut".to_string()
                } else {
                    ctype
                };
                let mut c = Code::new(CodeKind::Standalone, id, ctype);
                c.data = native(e);
                out.push_code(c);
            }
            "hi" => {
                let id = e
                    .attr("x")
                    .map(str::to_string)
                    .unwrap_or_else(|| st.auto_id("hi"));
                let ctype = match e.attr("type") {
                    Some(t) => format!("hi:{t}"),
                    None => "hi".to_string(),
                };
                out.push_code(Code::new(CodeKind::Open, id.clone(), ctype.clone()));
                seg_content(e, out, st);
                out.push_code(Code::new(CodeKind::Close, id, ctype));
            }
            // Anything else: keep its text.
            _ => seg_content(e, out, st),
        }
    }
}

fn attr(out: &mut String, name: &str, value: &str) {
    let _ = write!(out, " {}=\"{}\"", name, escape(value, true));
}

/// Serialise as TMX 1.4 (UTF-8, with the `tmx14.dtd` document type).
/// Deterministic: no dates are written.
pub fn write_tmx(doc: &TmxDocument) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n  <header",
    );
    attr(
        &mut out,
        "creationtool",
        doc.creation_tool.as_deref().unwrap_or("diglot"),
    );
    attr(&mut out, "creationtoolversion", env!("CARGO_PKG_VERSION"));
    attr(&mut out, "segtype", "sentence");
    attr(&mut out, "o-tmf", "diglot");
    let src = if doc.source_lang.is_empty() {
        "*all*"
    } else {
        doc.source_lang.as_str()
    };
    attr(
        &mut out,
        "adminlang",
        if src == "*all*" { "en" } else { src },
    );
    attr(&mut out, "srclang", src);
    attr(&mut out, "datatype", "plaintext");
    if doc.props.is_empty() && doc.notes.is_empty() {
        out.push_str("/>\n");
    } else {
        out.push_str(">\n");
        write_props(&mut out, &doc.props, &doc.notes, "    ");
        out.push_str("  </header>\n");
    }
    out.push_str("  <body>\n");
    for u in &doc.units {
        out.push_str("    <tu");
        if let Some(id) = &u.id {
            attr(&mut out, "tuid", id);
        }
        out.push_str(">\n");
        write_props(&mut out, &u.props, &u.notes, "      ");
        for v in &u.variants {
            out.push_str("      <tuv");
            attr(&mut out, "xml:lang", &v.lang);
            out.push_str(">\n");
            write_props(&mut out, &v.props, &v.notes, "        ");
            out.push_str("        <seg>");
            write_seg(&mut out, &v.text);
            out.push_str("</seg>\n      </tuv>\n");
        }
        out.push_str("    </tu>\n");
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}

fn write_props(out: &mut String, props: &[(String, String)], notes: &[String], indent: &str) {
    for n in notes {
        let _ = writeln!(out, "{indent}<note>{}</note>", escape(n, false));
    }
    for (k, v) in props {
        let _ = write!(out, "{indent}<prop");
        attr(out, "type", k);
        let _ = writeln!(out, ">{}</prop>", escape(v, false));
    }
}

/// Write coded text as TMX 1.4 `seg` content: nested pairs as `bpt`/`ept`
/// (`i` numbered per segment, `x` = code id), unpaired codes as `it`,
/// standalone codes as `ph`.
fn write_seg(out: &mut String, text: &CodedText) {
    let order: Vec<usize> = text
        .text
        .chars()
        .filter_map(crate::model::placeholder_index)
        .collect();
    // Pair opening and closing codes that nest properly.
    let mut pair_of: HashMap<usize, usize> = HashMap::new();
    let mut stack: Vec<usize> = Vec::new();
    for &i in &order {
        let Some(c) = text.codes.get(i) else { continue };
        match c.kind {
            CodeKind::Open => stack.push(i),
            CodeKind::Close => {
                if let Some(pos) = stack.iter().rposition(|&o| text.codes[o].id == c.id) {
                    let open = stack.remove(pos);
                    pair_of.insert(open, i);
                    pair_of.insert(i, open);
                }
            }
            CodeKind::Standalone => {}
        }
    }
    let mut numbers: HashMap<usize, usize> = HashMap::new();
    let mut next = 0;
    let mut ix = 0;
    for p in text.pieces() {
        match p {
            Piece::Text(t) => out.push_str(&escape(t, false)),
            Piece::Code(c) => {
                let i = order.get(ix).copied().unwrap_or(0);
                ix += 1;
                let data = escape(c.data.as_deref().unwrap_or(""), false);
                let hi_type = c.ctype.strip_prefix("hi:");
                match c.kind {
                    CodeKind::Standalone => {
                        out.push_str("<ph");
                        attr(out, "x", &c.id);
                        attr(out, "type", &c.ctype);
                        let _ = write!(out, ">{data}</ph>");
                    }
                    CodeKind::Open if c.ctype == "hi" || hi_type.is_some() => {
                        // `hi` is only written when closed in the same segment.
                        if pair_of.contains_key(&i) {
                            out.push_str("<hi");
                            attr(out, "x", &c.id);
                            if let Some(t) = hi_type {
                                attr(out, "type", t);
                            }
                            out.push('>');
                        } else {
                            write_it(out, c, "begin", &data);
                        }
                    }
                    CodeKind::Close
                        if (c.ctype == "hi" || hi_type.is_some()) && pair_of.contains_key(&i) =>
                    {
                        out.push_str("</hi>");
                    }
                    CodeKind::Open if pair_of.contains_key(&i) => {
                        next += 1;
                        numbers.insert(i, next);
                        out.push_str("<bpt");
                        attr(out, "i", &next.to_string());
                        attr(out, "x", &c.id);
                        attr(out, "type", &c.ctype);
                        let _ = write!(out, ">{data}</bpt>");
                    }
                    CodeKind::Close if pair_of.contains_key(&i) => {
                        let n = numbers.get(&pair_of[&i]).copied().unwrap_or(0);
                        out.push_str("<ept");
                        attr(out, "i", &n.to_string());
                        let _ = write!(out, ">{data}</ept>");
                    }
                    CodeKind::Open => write_it(out, c, "begin", &data),
                    CodeKind::Close => write_it(out, c, "end", &data),
                }
            }
        }
    }
}

fn write_it(out: &mut String, c: &Code, pos: &str, data: &str) {
    out.push_str("<it");
    attr(out, "pos", pos);
    attr(out, "x", &c.id);
    attr(out, "type", &c.ctype);
    let _ = write!(out, ">{data}</it>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        let x = r#"<?xml version="1.0"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en-us" datatype="html"/>
<body><tu tuid="7"><prop type="domain">law</prop>
<tuv xml:lang="en-us"><seg>The <bpt i="1" x="1">&lt;b></bpt>big<ept i="1">&lt;/b></ept> <ph x="2" type="img">&lt;img/></ph> <it pos="begin" x="3">&lt;i></it>cat <hi type="term">sleeps</hi>.</seg></tuv>
<tuv lang="fr-ca"><seg>Le <bpt i="5" x="1">&lt;b></bpt>gros<ept i="5">&lt;/b></ept>.</seg></tuv></tu></body></tmx>"#;
        let d = read_tmx(x.as_bytes(), Path::new("t.tmx")).unwrap();
        let u = &d.units[0];
        assert_eq!(u.id.as_deref(), Some("7"));
        assert_eq!(u.props, vec![("domain".to_string(), "law".to_string())]);
        let en = u.text("en-US").unwrap();
        assert_eq!(
            en.display(),
            "The {1}big{/1} {2/} {3}cat {hi1}sleeps{/hi1}."
        );
        assert_eq!(en.codes[0].data.as_deref(), Some("<b>"));
        assert_eq!(en.codes[2].ctype, "img");
        let fr = u.text("fr").unwrap();
        assert_eq!(fr.display(), "Le {1}gros{/1}.");
        let back = read_tmx(write_tmx(&d).as_bytes(), Path::new("o.tmx")).unwrap();
        assert_eq!(back.units[0].variants, d.units[0].variants);
        assert_eq!(write_tmx(&back), write_tmx(&d));
        let pairs = d.pairs("en", "fr");
        assert_eq!(pairs.len(), 1);
        let m = TmxDocument::from_pairs(
            "en",
            "fr",
            [(Some("a".to_string()), pairs[0].0, pairs[0].1)],
        );
        let again = read_tmx(write_tmx(&m).as_bytes(), Path::new("m.tmx")).unwrap();
        assert_eq!(again.pairs("en", "fr")[0].1.display(), "Le {1}gros{/1}.");
    }
}
