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
//! Errors are [`XmlError`]s naming file:line:col. [`validate`] checks a
//! TMX document against the format's rules (what `diglot validate` reports).

pub mod validate;

pub use validate::validate;

use crate::model::line_col;
use crate::model::{Code, CodeKind, CodedText, Piece};
use crate::xml::{decode_checked, escape, parse_events, Element, XmlError, XmlSink, NS_XML};
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
///
/// The file is read in one pass over the parser's events, without building
/// a tree: `header` and `body` are the first such children of `<tmx>`, units
/// the `tu` children of the body, variants the `tuv` children of a unit and
/// their text the first `seg` child of a variant; `prop` and `note` children
/// of the header, units and variants are kept (all the text inside them).
/// Syntax errors anywhere in the file are reported before structural ones
/// (root element, missing body, `tuv` without language).
pub fn read_tmx(bytes: &[u8], path: &Path) -> Result<TmxDocument, XmlError> {
    // A TMX file is a memory: the memory limit applies, not the exchange one.
    read_decoded(
        decode_checked(bytes, path, crate::xml::MAX_MEMORY_BYTES)?,
        path,
    )
}

/// [`read_tmx`] of bytes the caller gives away (UTF-8 is read in place,
/// without a copy of the file's text).
pub fn read_tmx_owned(bytes: Vec<u8>, path: &Path) -> Result<TmxDocument, XmlError> {
    read_decoded(
        crate::xml::decode_checked_owned(bytes, path, crate::xml::MAX_MEMORY_BYTES)?,
        path,
    )
}

fn read_decoded(decoded: crate::xml::Decoded, path: &Path) -> Result<TmxDocument, XmlError> {
    let src = decoded.text.as_str();
    let mut sink = TmxSink {
        src,
        line: Lines { pos: 0, line: 1 },
        doc: TmxDocument::default(),
        frames: Vec::new(),
        header_seen: false,
        body_seen: false,
        root_start: None,
        error: None,
        unit: TmxUnit::default(),
        variant: None,
        seg_seen: false,
        seg: SegState::default(),
        buf: String::new(),
    };
    parse_events(src, path, &mut sink)?;
    let err = |pos: usize, message: String| {
        let (line, column) = line_col(src, pos);
        XmlError {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    if let Some((pos, message)) = sink.error {
        return Err(err(pos, message));
    }
    if !sink.body_seen {
        return Err(err(
            sink.root_start.unwrap_or(0),
            "<tmx> has no <body>".into(),
        ));
    }
    Ok(sink.doc)
}

/// Line numbers of increasing offsets, counted incrementally.
struct Lines {
    pos: usize,
    line: usize,
}

impl Lines {
    fn at(&mut self, src: &str, pos: usize) -> usize {
        let pos = pos.min(src.len());
        if pos >= self.pos {
            // Offsets of tags are on character boundaries: the newlines
            // are found by the (memchr-based) string searcher.
            self.line += match src.get(self.pos..pos) {
                Some(t) => t.matches('\n').count(),
                None => src.as_bytes()[self.pos..pos]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count(),
            };
            self.pos = pos;
            self.line
        } else {
            line_col(src, pos).0
        }
    }
}

/// Where an element sits, which decides what its children and text are.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Frame {
    /// Nothing of interest inside.
    Skip,
    Tmx,
    Header,
    Body,
    Tu,
    Tuv,
    /// `prop` (with its type) or `note` of the header, a unit or a variant:
    /// its text is collected in `buf`.
    Prop(Owner, Option<String>),
    Note(Owner),
    /// Inside a prop, a note or a code: text only.
    Inner,
    /// Segment content: the `seg`, or an element in it kept for its content.
    Content,
    /// `hi` in segment content: its id and type close it.
    Hi(String, String),
    /// A native-code element (`bpt`, `ept`, `it`, `ph`, `ut`): its text is
    /// collected in `buf`.
    Code(CodeEl),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Header,
    Unit,
    Variant,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum CodeEl {
    /// `bpt`: `i`, id (`x`, else `i`), type.
    Bpt(String, String, String),
    /// `ept`: `i`.
    Ept(String),
    /// `it`: kind, `x`, type.
    It(CodeKind, Option<String>, String),
    /// `ph` or `ut`: `x`, type (`ut` for `ut`).
    Ph(Option<String>, String),
}

struct TmxSink<'a> {
    src: &'a str,
    line: Lines,
    doc: TmxDocument,
    frames: Vec<Frame>,
    header_seen: bool,
    body_seen: bool,
    root_start: Option<usize>,
    /// The first structural error: offset and message.
    error: Option<(usize, String)>,
    unit: TmxUnit,
    variant: Option<TmxVariant>,
    /// Whether the current variant's first `seg` was read.
    seg_seen: bool,
    seg: SegState,
    /// Text of the current prop, note or code.
    buf: String,
}

impl TmxSink<'_> {
    fn owner_lists(&mut self, owner: Owner) -> (&mut Vec<(String, String)>, &mut Vec<String>) {
        match owner {
            Owner::Header => (&mut self.doc.props, &mut self.doc.notes),
            Owner::Unit => (&mut self.unit.props, &mut self.unit.notes),
            Owner::Variant => match self.variant.as_mut() {
                Some(v) => (&mut v.props, &mut v.notes),
                // Not reached: a variant's frames only exist while it does.
                None => (&mut self.unit.props, &mut self.unit.notes),
            },
        }
    }

    fn text_mut(&mut self) -> Option<&mut CodedText> {
        self.variant.as_mut().map(|v| &mut v.text)
    }

    /// The frame of a child of `parent`.
    fn child(&mut self, parent: Option<&Frame>, el: &Element) -> Frame {
        let local = el.local.as_str();
        let owned = |owner: Owner, this: &mut Self| match local {
            "prop" => {
                this.buf.clear();
                Some(Frame::Prop(
                    owner,
                    Some(el.attr("type").unwrap_or_default().to_string()),
                ))
            }
            "note" => {
                this.buf.clear();
                Some(Frame::Note(owner))
            }
            _ => None,
        };
        match parent {
            None => {
                self.root_start = Some(el.start);
                if local == "tmx" {
                    self.doc.version = el.attr("version").unwrap_or_default().to_string();
                    Frame::Tmx
                } else {
                    self.fail(
                        el.start,
                        format!("the root element is <{}>, not <tmx>", el.name),
                    );
                    Frame::Skip
                }
            }
            Some(Frame::Tmx) => match local {
                "header" if !self.header_seen => {
                    self.header_seen = true;
                    self.doc.source_lang = el.attr("srclang").unwrap_or_default().to_string();
                    self.doc.creation_tool = el.attr("creationtool").map(str::to_string);
                    Frame::Header
                }
                "body" if !self.body_seen => {
                    self.body_seen = true;
                    Frame::Body
                }
                _ => Frame::Skip,
            },
            Some(Frame::Header) => owned(Owner::Header, self).unwrap_or(Frame::Skip),
            Some(Frame::Body) => {
                if local != "tu" {
                    return Frame::Skip;
                }
                self.unit = TmxUnit {
                    id: el.attr("tuid").map(str::to_string),
                    line: self.line.at(self.src, el.start),
                    ..TmxUnit::default()
                };
                Frame::Tu
            }
            Some(Frame::Tu) => {
                if let Some(f) = owned(Owner::Unit, self) {
                    return f;
                }
                if local != "tuv" {
                    return Frame::Skip;
                }
                let Some(lang) = el.attr_ns(NS_XML, "lang").or_else(|| el.attr("lang")) else {
                    self.fail(el.start, "<tuv> without xml:lang".into());
                    return Frame::Skip;
                };
                self.variant = Some(TmxVariant {
                    lang: lang.to_string(),
                    ..TmxVariant::default()
                });
                self.seg_seen = false;
                Frame::Tuv
            }
            Some(Frame::Tuv) => {
                if let Some(f) = owned(Owner::Variant, self) {
                    return f;
                }
                if local == "seg" && !self.seg_seen {
                    self.seg_seen = true;
                    self.seg = SegState::default();
                    return Frame::Content;
                }
                Frame::Skip
            }
            Some(Frame::Content | Frame::Hi(..)) => self.content_child(el),
            Some(Frame::Prop(..) | Frame::Note(_) | Frame::Code(_) | Frame::Inner) => Frame::Inner,
            Some(Frame::Skip) => Frame::Skip,
        }
    }

    /// The frame of an element in segment content.
    fn content_child(&mut self, el: &Element) -> Frame {
        let ctype = || el.attr("type").unwrap_or("x").to_string();
        let x = || el.attr("x").map(str::to_string);
        let code = |c: CodeEl, this: &mut Self| {
            this.buf.clear();
            Frame::Code(c)
        };
        match el.local.as_str() {
            "bpt" => {
                let i = el.attr("i").unwrap_or_default().to_string();
                let id = x().unwrap_or_else(|| i.clone());
                code(CodeEl::Bpt(i, id, ctype()), self)
            }
            "ept" => code(
                CodeEl::Ept(el.attr("i").unwrap_or_default().to_string()),
                self,
            ),
            "it" => {
                let kind = if el.attr("pos") == Some("end") {
                    CodeKind::Close
                } else {
                    CodeKind::Open
                };
                code(CodeEl::It(kind, x(), ctype()), self)
            }
            "ph" => code(CodeEl::Ph(x(), ctype()), self),
            "ut" => code(CodeEl::Ph(x(), "ut".to_string()), self),
            "hi" => {
                let id = x().unwrap_or_else(|| self.seg.auto_id("hi"));
                let ctype = match el.attr("type") {
                    Some(t) => format!("hi:{t}"),
                    None => "hi".to_string(),
                };
                if let Some(out) = self.text_mut() {
                    out.push_code(Code::new(CodeKind::Open, id.clone(), ctype.clone()));
                }
                Frame::Hi(id, ctype)
            }
            // Anything else: keep its content.
            _ => Frame::Content,
        }
    }

    fn fail(&mut self, pos: usize, message: String) {
        if self.error.is_none() {
            self.error = Some((pos, message));
        }
    }

    /// The code of a native-code element whose text is `buf`.
    fn close_code(&mut self, c: CodeEl) {
        let data = (!self.buf.is_empty()).then(|| std::mem::take(&mut self.buf));
        let Some(v) = self.variant.as_mut() else {
            return;
        };
        let st = &mut self.seg;
        let out = &mut v.text;
        let mut code = match c {
            CodeEl::Bpt(i, id, ctype) => {
                st.pairs.insert(i, id.clone());
                Code::new(CodeKind::Open, id, ctype)
            }
            CodeEl::Ept(i) => {
                let id = st.pairs.get(&i).cloned().unwrap_or(i);
                // The closing code takes the type of its opening code.
                let ctype = out
                    .codes
                    .iter()
                    .rev()
                    .find(|c| c.kind == CodeKind::Open && c.id == id)
                    .map(|c| c.ctype.clone())
                    .unwrap_or_else(|| "x".into());
                Code::new(CodeKind::Close, id, ctype)
            }
            CodeEl::It(kind, x, ctype) => {
                let id = x.unwrap_or_else(|| st.auto_id("it"));
                Code::new(kind, id, ctype)
            }
            CodeEl::Ph(x, ctype) => {
                let id = x.unwrap_or_else(|| st.auto_id("ph"));
                Code::new(CodeKind::Standalone, id, ctype)
            }
        };
        code.data = data;
        out.push_code(code);
    }
}

impl XmlSink for TmxSink<'_> {
    fn start(&mut self, el: Element) -> Result<(), String> {
        // Each inline code takes one placeholder character: a segment with
        // more than the model can number is refused (it panicked; found by
        // tests/fuzz.rs). The margin covers the closing codes still to come
        // (elements nest at most MAX_DEPTH deep).
        let limit = crate::model::PLACEHOLDER_MAX as usize - 2 * crate::xml::MAX_DEPTH - 2;
        if self
            .variant
            .as_ref()
            .is_some_and(|v| v.text.codes.len() >= limit)
        {
            return Err(format!(
                "a segment with more than {limit} inline codes: split it"
            ));
        }
        let parent = self.frames.last().cloned();
        let frame = self.child(parent.as_ref(), &el);
        self.frames.push(frame);
        Ok(())
    }

    fn text(&mut self, s: &str, _start: usize, _end: usize) -> Result<(), String> {
        match self.frames.last() {
            Some(Frame::Prop(..) | Frame::Note(_) | Frame::Code(_) | Frame::Inner) => {
                self.buf.push_str(s)
            }
            Some(Frame::Content | Frame::Hi(..)) => {
                if let Some(out) = self.text_mut() {
                    out.push_str(s);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, _tail_start: usize, _end: usize) -> Result<(), String> {
        match self.frames.pop() {
            Some(Frame::Prop(owner, ty)) => {
                let value = std::mem::take(&mut self.buf);
                self.owner_lists(owner)
                    .0
                    .push((ty.unwrap_or_default(), value));
            }
            Some(Frame::Note(owner)) => {
                let value = std::mem::take(&mut self.buf);
                self.owner_lists(owner).1.push(value);
            }
            Some(Frame::Code(c)) => self.close_code(c),
            Some(Frame::Hi(id, ctype)) => {
                if let Some(out) = self.text_mut() {
                    out.push_code(Code::new(CodeKind::Close, id, ctype));
                }
            }
            Some(Frame::Tuv) => {
                if let Some(v) = self.variant.take() {
                    self.unit.variants.push(v);
                }
            }
            Some(Frame::Tu) => {
                let unit = std::mem::take(&mut self.unit);
                self.doc.units.push(unit);
            }
            _ => {}
        }
        Ok(())
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
