//! XLIFF reader (2.x, with the common 1.x elements), tolerant of prefixes.

use super::{Document, File, Note, State, Unit, XliffError};
use crate::model::{line_col, Code, CodeKind, CodedText};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::BTreeMap;
use std::path::Path;

/// Decode the bytes of an XML file: UTF-8 (with or without BOM) or UTF-16
/// with BOM.
pub(crate) fn decode(bytes: &[u8], path: &Path) -> Result<String, XliffError> {
    let bad = |message: String| XliffError::Syntax {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message,
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec()).map_err(|e| bad(format!("invalid UTF-8: {e}")));
    }
    let utf16 = |rest: &[u8], le: bool| -> Result<String, XliffError> {
        if !rest.len().is_multiple_of(2) {
            return Err(bad("truncated UTF-16 text".into()));
        }
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|e| bad(format!("invalid UTF-16: {e}")))
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let (line, column) = line_col(
            &String::from_utf8_lossy(&bytes[..e.utf8_error().valid_up_to()]),
            e.utf8_error().valid_up_to(),
        );
        XliffError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message: "invalid UTF-8 (declare the encoding or save the file as UTF-8)".into(),
        }
    })
}

fn local(name: &str) -> &str {
    match name.rfind(':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn attrs(e: &BytesStart) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for a in e.attributes().flatten() {
        let key = a.key.as_ref().to_string();
        let v = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.to_string())
            .unwrap_or_else(|_| a.value.to_string());
        m.insert(key, v);
    }
    m
}

/// Code type from XLIFF 2 `type`/`subType` or XLIFF 1.2 `ctype`.
fn ctype_of(a: &BTreeMap<String, String>) -> String {
    let ty = a.get("type").or_else(|| a.get("ctype")).map(|s| s.as_str());
    let sub = a.get("subType").map(|s| s.as_str());
    match (ty, sub) {
        (_, Some("xlf:i")) => "emphasis".into(),
        (_, Some("xlf:b")) => "strong".into(),
        (_, Some("xlf:lb")) => "linebreak".into(),
        (_, Some(s)) if s.starts_with("diglot:") => s["diglot:".len()..].to_string(),
        (_, Some(s)) => s.to_string(),
        (Some("bold"), None) | (Some("x-bold"), None) => "strong".into(),
        (Some("italic"), None) | (Some("x-italic"), None) => "emphasis".into(),
        (Some("link"), None) | (Some("x-link"), None) => "link".into(),
        (Some(t), None) => t.to_string(),
        (None, None) => "x".into(),
    }
}

struct Inline {
    text: CodedText,
    /// open `pc`/`g` ids, to close them with the right id
    stack: Vec<String>,
    /// code index → dataRef id, resolved at the end of the unit
    refs: Vec<(usize, String)>,
    /// depth of elements whose content is skipped (1.2 `sub` kept; `bpt` content is native code)
    skip_depth: usize,
}

impl Inline {
    fn new() -> Inline {
        Inline {
            text: CodedText::default(),
            stack: Vec::new(),
            refs: Vec::new(),
            skip_depth: 0,
        }
    }

    fn push(&mut self, mut code: Code, a: &BTreeMap<String, String>, data_attr: &str) {
        if code.disp.is_none() {
            code.disp = a
                .get("disp")
                .or_else(|| a.get("dispStart"))
                .or_else(|| a.get("equiv-text"))
                .cloned();
        }
        if let Some(r) = a.get(data_attr) {
            self.refs.push((self.text.codes.len(), r.clone()));
        }
        self.text.push_code(code);
    }
}

#[derive(Default)]
struct Ctx {
    unit: Option<Unit>,
    inline: Option<(bool, Inline)>, // (is_target, content)
    segment_state: Option<String>,
    segment_sub: Option<String>,
    unit_refs: Vec<(bool, usize, String)>,
    data: BTreeMap<String, String>,
    data_id: Option<String>,
    note: Option<Note>,
    /// Byte offset and 1-based line of the last unit start, so that unit
    /// lines are counted incrementally (not from the start of the file).
    line_mark: (usize, usize),
    meta_key: Option<String>,
    meta_diglot: bool,
    text_buf: String,
    sources: Vec<CodedText>,
    targets: Vec<Option<CodedText>>,
}

/// Read an XLIFF document (2.x or 1.x) from bytes.
pub fn read_document(bytes: &[u8], path: &Path) -> Result<Document, XliffError> {
    let src = decode(bytes, path)?;
    let mut reader = Reader::from_str(&src);
    reader.config_mut().check_end_names = true;
    let err_at = |pos: u64, message: String| {
        let (line, column) = line_col(&src, pos as usize);
        XliffError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let mut doc = Document {
        version: String::new(),
        source_lang: String::new(),
        target_lang: None,
        files: Vec::new(),
    };
    let mut seen_root = false;
    let mut cx = Ctx::default();
    loop {
        let pos = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| err_at(reader.error_position(), format!("not well-formed XML: {e}")))?;
        match ev {
            Event::Eof => break,
            Event::DocType(_) => {
                // DTDs are never fetched and entities never expanded.
            }
            Event::Start(e) | Event::Empty(e) if !seen_root => {
                if local(e.name().as_ref()) != "xliff" {
                    return Err(err_at(
                        pos,
                        format!("the root element is <{}>, not <xliff>", e.name().as_ref()),
                    ));
                }
                let a = attrs(&e);
                doc.version = a.get("version").cloned().unwrap_or_default();
                if doc.version.is_empty() {
                    return Err(err_at(pos, "<xliff> has no version attribute".into()));
                }
                doc.source_lang = a.get("srcLang").cloned().unwrap_or_default();
                doc.target_lang = a.get("trgLang").cloned();
                seen_root = true;
            }
            ref ev @ (Event::Start(ref e) | Event::Empty(ref e)) => {
                let empty = matches!(ev, Event::Empty(_));
                let a = attrs(e);
                let name = local(e.name().as_ref()).to_string();
                start(&mut doc, &mut cx, &name, &a, empty, &src, pos)
                    .map_err(|m| err_at(pos, m))?;
                if empty {
                    end(&mut doc, &mut cx, &name, true).map_err(|m| err_at(pos, m))?;
                }
            }
            Event::End(e) => {
                let name = local(e.name().as_ref()).to_string();
                end(&mut doc, &mut cx, &name, false).map_err(|m| err_at(pos, m))?;
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                text(&mut cx, &s);
            }
            Event::GeneralRef(r) => {
                let name = r.to_string();
                let ch = if let Some(c) = r
                    .resolve_char_ref()
                    .map_err(|e| err_at(pos, format!("bad character reference: {e}")))?
                {
                    c.to_string()
                } else {
                    match name.as_str() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        _ => {
                            return Err(err_at(
                                pos,
                                format!(
                                    "undefined entity &{name}; (diglot never expands DTD entities)"
                                ),
                            ))
                        }
                    }
                };
                text(&mut cx, &ch);
            }
            Event::CData(t) => {
                let s = t.to_string();
                text(&mut cx, &s);
            }
            _ => {}
        }
    }
    if !seen_root {
        return Err(err_at(0, "empty document: no <xliff> element".into()));
    }
    Ok(doc)
}

fn text(cx: &mut Ctx, s: &str) {
    if let Some((_, inl)) = cx.inline.as_mut() {
        if inl.skip_depth == 0 {
            inl.text.push_str(s);
        }
    } else {
        cx.text_buf.push_str(s);
    }
}

fn start(
    doc: &mut Document,
    cx: &mut Ctx,
    name: &str,
    a: &BTreeMap<String, String>,
    _empty: bool,
    src: &str,
    pos: u64,
) -> Result<(), String> {
    if let Some((_, inl)) = cx.inline.as_mut() {
        if inl.skip_depth > 0 {
            inl.skip_depth += 1;
            return Ok(());
        }
        let id = a.get("id").cloned().unwrap_or_default();
        match name {
            "pc" | "g" => {
                inl.stack.push(id.clone());
                inl.push(
                    Code::new(CodeKind::Open, id, ctype_of(a)),
                    a,
                    "dataRefStart",
                );
            }
            "ph" | "x" => {
                inl.push(
                    Code::new(CodeKind::Standalone, id, ctype_of(a)),
                    a,
                    "dataRef",
                );
                if name == "ph" && doc.version.starts_with('1') {
                    inl.skip_depth = 1; // 1.2 <ph> content is native code
                }
            }
            "sc" | "bx" | "bpt" => {
                let id = a.get("rid").cloned().filter(|_| name != "sc").unwrap_or(id);
                inl.push(Code::new(CodeKind::Open, id, ctype_of(a)), a, "dataRef");
                if name == "bpt" {
                    inl.skip_depth = 1;
                }
            }
            "ec" | "ex" | "ept" => {
                let id = a
                    .get("startRef")
                    .or_else(|| a.get("rid").filter(|_| name != "ec"))
                    .cloned()
                    .unwrap_or(id);
                inl.push(Code::new(CodeKind::Close, id, ctype_of(a)), a, "dataRef");
                if name == "ept" {
                    inl.skip_depth = 1;
                }
            }
            "it" => {
                let kind = if a.get("pos").map(|p| p == "close").unwrap_or(false) {
                    CodeKind::Close
                } else {
                    CodeKind::Open
                };
                inl.push(Code::new(kind, id, ctype_of(a)), a, "dataRef");
                inl.skip_depth = 1;
            }
            "cp" => {
                let hex = a.get("hex").ok_or("<cp> without hex attribute")?;
                let c = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("<cp hex=\"{hex}\"> is not a code point"))?;
                inl.text.text.push(c);
            }
            // Annotations and markers: keep their content, drop the markup.
            "mrk" | "sm" | "em" | "sub" => {}
            other => {
                return Err(format!(
                    "unexpected <{}> inside <{}>",
                    other,
                    if cx.inline.as_ref().map(|i| i.0).unwrap_or(false) {
                        "target"
                    } else {
                        "source"
                    }
                ))
            }
        }
        return Ok(());
    }
    match name {
        "file" => {
            if doc.source_lang.is_empty() {
                doc.source_lang = a.get("source-language").cloned().unwrap_or_default();
            }
            if doc.target_lang.is_none() {
                doc.target_lang = a.get("target-language").cloned();
            }
            doc.files.push(File {
                id: a
                    .get("id")
                    .cloned()
                    .unwrap_or_else(|| format!("f{}", doc.files.len() + 1)),
                original: a.get("original").cloned(),
                units: Vec::new(),
            });
        }
        "unit" | "trans-unit" => {
            let id = a
                .get("id")
                .cloned()
                .ok_or_else(|| format!("<{}> without id", name))?;
            let mut u = Unit::new(id, CodedText::default());
            let pos = (pos as usize).min(src.len());
            let (mark, line) = match cx.line_mark {
                (0, 0) => (0, 1),
                m if m.0 <= pos => m,
                _ => (0, 1),
            };
            u.line = line
                + src.as_bytes()[mark..pos]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
            cx.line_mark = (pos, u.line);
            if let Some(s) = a.get("approved") {
                if s == "yes" {
                    u.state = Some(State::Final);
                    u.state_raw = Some("approved=yes".into());
                }
            }
            cx.unit = Some(u);
            cx.sources.clear();
            cx.targets.clear();
            cx.unit_refs.clear();
            cx.data.clear();
            cx.segment_state = None;
            cx.segment_sub = None;
        }
        "segment" => {
            cx.segment_state = a.get("state").cloned();
            cx.segment_sub = a.get("subState").cloned();
        }
        "source" | "target" if cx.unit.is_some() => {
            let is_target = name == "target";
            if is_target {
                if let Some(s) = a.get("state") {
                    cx.segment_state = Some(s.clone());
                }
            }
            cx.inline = Some((is_target, Inline::new()));
        }
        "note" => {
            cx.note = Some(Note {
                category: a.get("category").or_else(|| a.get("from")).cloned(),
                text: String::new(),
            });
            cx.text_buf.clear();
        }
        "metaGroup" => {
            cx.meta_diglot = a.get("category").map(|c| c == "diglot").unwrap_or(false);
        }
        "meta" if cx.meta_diglot => {
            cx.meta_key = a.get("type").cloned();
            cx.text_buf.clear();
        }
        "data" => {
            cx.data_id = a.get("id").cloned();
            cx.text_buf.clear();
        }
        _ => {}
    }
    Ok(())
}

fn end(doc: &mut Document, cx: &mut Ctx, name: &str, _empty: bool) -> Result<(), String> {
    if let Some((is_target, inl)) = cx.inline.as_mut() {
        if inl.skip_depth > 0 {
            inl.skip_depth -= 1;
            return Ok(());
        }
        match name {
            "pc" | "g" => {
                let id = inl.stack.pop().unwrap_or_default();
                inl.text.push_code(Code::new(CodeKind::Close, id, "x"));
                // The closing code takes the opening code's type.
                let n = inl.text.codes.len();
                if let Some(open) = inl.text.codes[..n - 1]
                    .iter()
                    .rev()
                    .find(|c| c.kind == CodeKind::Open && c.id == inl.text.codes[n - 1].id)
                {
                    let ctype = open.ctype.clone();
                    inl.text.codes[n - 1].ctype = ctype;
                }
            }
            "source" | "target" => {
                let is_target = *is_target;
                let (_, inl) = cx.inline.take().expect("inline open");
                let index = if is_target {
                    cx.targets.len()
                } else {
                    cx.sources.len()
                };
                let _ = index;
                for (ci, r) in inl.refs {
                    cx.unit_refs.push((is_target, ci, r));
                }
                if is_target {
                    cx.targets.push(Some(inl.text));
                } else {
                    cx.sources.push(inl.text);
                }
            }
            _ => {}
        }
        return Ok(());
    }
    match name {
        "unit" | "trans-unit" => {
            let Some(mut u) = cx.unit.take() else {
                return Ok(());
            };
            // One source and at most one target per unit for diglot; several
            // segments are joined in order.
            let mut source = CodedText::default();
            for s in &cx.sources {
                source.append(s);
            }
            let has_target = cx.targets.iter().any(|t| t.is_some());
            let mut target = CodedText::default();
            for t in cx.targets.iter().flatten() {
                target.append(t);
            }
            // Resolve data references (only meaningful with one segment).
            if cx.sources.len() <= 1 {
                for (is_t, ci, r) in &cx.unit_refs {
                    let t = if *is_t { &mut target } else { &mut source };
                    if let (Some(code), Some(d)) = (t.codes.get_mut(*ci), cx.data.get(r)) {
                        code.data = Some(d.clone());
                    }
                }
            }
            u.source = source;
            if has_target {
                u.target = Some(target);
            }
            if let Some(s) = cx.segment_state.take() {
                u.state = State::from_attr(&s);
                u.state_raw = Some(s);
            }
            u.sub_state = cx.segment_sub.take();
            if let Some(f) = doc.files.last_mut() {
                f.units.push(u);
            } else {
                return Err("unit outside of any <file>".into());
            }
        }
        "note" => {
            if let (Some(mut n), Some(u)) = (cx.note.take(), cx.unit.as_mut()) {
                n.text = std::mem::take(&mut cx.text_buf);
                u.notes.push(n);
            }
        }
        "meta" => {
            if let (Some(k), Some(u)) = (cx.meta_key.take(), cx.unit.as_mut()) {
                u.meta.push((k, std::mem::take(&mut cx.text_buf)));
            }
        }
        "metaGroup" => cx.meta_diglot = false,
        "data" => {
            if let Some(id) = cx.data_id.take() {
                cx.data.insert(id, std::mem::take(&mut cx.text_buf));
            }
        }
        _ => {}
    }
    Ok(())
}
