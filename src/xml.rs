//! The safe XML reader every XML format of diglot goes through (XLIFF, TMX,
//! SRX): a small tree, or a stream of events, over quick-xml. No other module
//! reads XML with quick-xml (the writers build their XML as text with
//! [`escape`]).
//!
//! * Bytes are decoded from UTF-8 or UTF-16 (with or without BOM) or from the
//!   encoding the XML declaration names (via `encoding_rs`).
//! * DTDs are never fetched; a document type declaration that declares
//!   entities is refused (entity-expansion bombs, external entities), and any
//!   reference to an entity other than the five predefined ones is an error.
//! * Every element records the byte offsets of its start tag and its end in
//!   the decoded text, so callers can splice into the original text without
//!   re-serialising it.
//! * Namespaces are resolved: each element and attribute carries its
//!   namespace URI.
//! * Files are refused past a size limit ([`MAX_INPUT_BYTES`] for exchange
//!   files, [`MAX_MEMORY_BYTES`] for memories) and elements past a nesting
//!   depth ([`MAX_DEPTH`]); characters XML forbids are refused, and so are
//!   the private-use characters diglot reserves for inline-code placeholders
//!   in translatable text (XLIFF, TMX).
//!
//! Errors are [`XmlError`]s naming file, line and column; each format turns
//! them into its own error type.

use crate::model::line_col;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::path::{Path, PathBuf};

/// An XML file that cannot be read: too large, badly encoded, not
/// well-formed, or refused by a protection (DTD entities, depth, reserved
/// characters); or, for a format read over this module, content that breaks
/// the format's structure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct XmlError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// One broken rule of a format, found by a validator (XLIFF, TMX).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Name of the rule or constraint (e.g. `xliff2:unique-unit-id`).
    pub rule: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Violation {
    /// A broken `rule` at element `el` of `doc`.
    pub(crate) fn at(doc: &XmlDoc, el: &Element, rule: &str, message: String) -> Violation {
        let (line, column) = doc.line_col(el.start);
        Violation {
            rule: rule.to_string(),
            line,
            column,
            message,
        }
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: [{}] {}",
            self.line, self.column, self.rule, self.message
        )
    }
}

impl Violation {
    /// The `xml:well-formed` violation of a file that cannot be parsed.
    pub fn not_well_formed(e: XmlError) -> Violation {
        Violation {
            rule: "xml:well-formed".into(),
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
}

/// Largest exchange file accepted (an XLIFF, TMX or FTL file sent by a
/// translator or another system, to import, validate or pretranslate), in
/// bytes.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
/// Largest translation-memory file accepted (the project's memory store, a
/// reference memory, a TMX/XLIFF file given to `tm import` or `--tm`), in
/// bytes: memories are legitimately larger than exchange files (the 111,564
/// Acts units make a 72 MB store).
pub const MAX_MEMORY_BYTES: usize = 1 << 31;
/// Deepest element nesting accepted.
pub const MAX_DEPTH: usize = 512;

/// The `xml:` namespace.
pub(crate) const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";

/// How the bytes were encoded, to encode spliced text the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Other(&'static encoding_rs::Encoding),
}

/// Decoded text of a file.
#[derive(Debug, Clone)]
pub(crate) struct Decoded {
    pub text: String,
    /// Byte order mark found at the start (kept when encoding again).
    pub bom: Vec<u8>,
    pub encoding: TextEncoding,
}

impl Decoded {
    /// Encode text in the file's own encoding, with its BOM. Characters the
    /// encoding cannot carry become numeric character references.
    /// [`Decoded::encode`] of text the caller gives away: UTF-8 text
    /// without a BOM becomes the bytes without a copy.
    pub fn encode_owned(&self, text: String) -> Vec<u8> {
        match self.encoding {
            TextEncoding::Utf8 if self.bom.is_empty() => text.into_bytes(),
            _ => self.encode(&text),
        }
    }

    pub fn encode(&self, text: &str) -> Vec<u8> {
        let mut out = self.bom.clone();
        match self.encoding {
            TextEncoding::Utf8 => out.extend_from_slice(text.as_bytes()),
            TextEncoding::Utf16Le => {
                for u in text.encode_utf16() {
                    out.extend_from_slice(&u.to_le_bytes());
                }
            }
            TextEncoding::Utf16Be => {
                for u in text.encode_utf16() {
                    out.extend_from_slice(&u.to_be_bytes());
                }
            }
            TextEncoding::Other(enc) => {
                let (bytes, _, _) = enc.encode(text);
                out.extend_from_slice(&bytes);
            }
        }
        out
    }
}

/// An [`XmlError`] at `line`:`column` of `path`.
pub(crate) fn syntax(
    path: &Path,
    line: usize,
    column: usize,
    message: impl Into<String>,
) -> XmlError {
    XmlError {
        path: path.to_path_buf(),
        line,
        column,
        message: message.into(),
    }
}

/// The `encoding` pseudo-attribute of an ASCII-compatible XML declaration.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(200)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let i = decl.find("encoding")?;
    let rest = decl[i + "encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let q = rest.chars().next()?;
    if q != '"' && q != '\'' {
        return None;
    }
    let rest = &rest[1..];
    let j = rest.find(q)?;
    Some(rest[..j].to_string())
}

/// Decode the bytes of an XML file of at most `limit` bytes.
pub(crate) fn decode(bytes: &[u8], path: &Path, limit: usize) -> Result<Decoded, XmlError> {
    if bytes.len() > limit {
        return Err(syntax(
            path,
            1,
            1,
            format!(
                "file too large: {} bytes (at most {} accepted)",
                bytes.len(),
                limit
            ),
        ));
    }
    let utf16 = |rest: &[u8], le: bool, bom: &[u8]| -> Result<Decoded, XmlError> {
        if !rest.len().is_multiple_of(2) {
            return Err(syntax(path, 1, 1, "truncated UTF-16 text (odd byte count)"));
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
        let text = String::from_utf16(&units)
            .map_err(|e| syntax(path, 1, 1, format!("invalid UTF-16: {e}")))?;
        Ok(Decoded {
            text,
            bom: bom.to_vec(),
            encoding: if le {
                TextEncoding::Utf16Le
            } else {
                TextEncoding::Utf16Be
            },
        })
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true, &[0xFF, 0xFE]);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false, &[0xFE, 0xFF]);
    }
    if bytes.starts_with(&[b'<', 0, b'?', 0]) {
        return utf16(bytes, true, &[]);
    }
    if bytes.starts_with(&[0, b'<', 0, b'?']) {
        return utf16(bytes, false, &[]);
    }
    let (bom, rest): (&[u8], &[u8]) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (&bytes[..3], rest),
        None => (&[], bytes),
    };
    if bom.is_empty() {
        if let Some(label) = declared_encoding(rest) {
            let enc =
                encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
                    syntax(path, 1, 1, format!("unknown declared encoding \"{label}\""))
                })?;
            if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                // Declared UTF-16 but read as ASCII: the declaration lies.
                return Err(syntax(
                    path,
                    1,
                    1,
                    format!("declared encoding \"{label}\" does not match the bytes"),
                ));
            }
            if enc != encoding_rs::UTF_8 {
                let text = enc
                    .decode_without_bom_handling_and_without_replacement(rest)
                    .ok_or_else(|| {
                        syntax(
                            path,
                            1,
                            1,
                            format!("bytes invalid in declared encoding {label}"),
                        )
                    })?;
                return Ok(Decoded {
                    text: text.into_owned(),
                    bom: Vec::new(),
                    encoding: TextEncoding::Other(enc),
                });
            }
        }
    }
    match std::str::from_utf8(rest) {
        Ok(s) => Ok(Decoded {
            text: s.to_string(),
            bom: bom.to_vec(),
            encoding: TextEncoding::Utf8,
        }),
        Err(e) => {
            let ok = &rest[..e.valid_up_to()];
            let s = String::from_utf8_lossy(ok);
            let (line, column) = line_col(&s, s.len());
            Err(syntax(
                path,
                line,
                column,
                "invalid UTF-8 (declare the encoding or save the file as UTF-8)",
            ))
        }
    }
}

/// An attribute with its resolved namespace.
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    /// Qualified name as written.
    pub name: String,
    pub local: String,
    pub ns: String,
    pub value: String,
}

/// A child of an element.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Element(Element),
    /// Character data (entities and CDATA resolved), with its byte span.
    Text(String, usize, usize),
}

/// An element with its byte span in the decoded text.
#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub name: String,
    pub local: String,
    pub ns: String,
    pub attrs: Vec<Attr>,
    pub children: Vec<Node>,
    /// Offset of `<` of the start tag.
    pub start: usize,
    /// Offset just after the start tag (`>` or `/>`).
    pub head_end: usize,
    /// Offset of the `<` of the end tag (== `head_end` for an empty element).
    pub tail_start: usize,
    /// Offset just after the end tag.
    pub end: usize,
    /// Written as `<x/>`.
    pub empty: bool,
}

impl Element {
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns.is_empty() && a.local == local)
            .map(|a| a.value.as_str())
    }

    pub fn attr_ns(&self, ns: &str, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns == ns && a.local == local)
            .map(|a| a.value.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    pub fn child(&self, local: &str) -> Option<&Element> {
        self.elements().find(|e| e.local == local)
    }

    pub fn children_named<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.local == local)
    }

    /// All text inside, markup removed.
    pub fn text(&self) -> String {
        let mut s = String::new();
        fn walk(e: &Element, s: &mut String) {
            for n in &e.children {
                match n {
                    Node::Text(t, _, _) => s.push_str(t),
                    Node::Element(c) => walk(c, s),
                }
            }
        }
        walk(self, &mut s);
        s
    }
}

/// A parsed document.
#[derive(Debug, Clone)]
pub(crate) struct XmlDoc {
    pub decoded: Decoded,
    pub root: Element,
    /// Where lines start, computed on first use.
    lines: std::sync::OnceLock<crate::model::LineIndex>,
}

impl XmlDoc {
    pub fn text(&self) -> &str {
        &self.decoded.text
    }

    /// 1-based line and column (in characters) of a byte offset (a document
    /// with many units asks for many positions: see [`LineIndex`](crate::model::LineIndex)).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let text = &self.decoded.text;
        self.lines
            .get_or_init(|| crate::model::LineIndex::new(text))
            .line_col(text, offset)
    }
}

/// Decode at most `limit` bytes and refuse the characters no XML document
/// may contain.
pub(crate) fn decode_checked(bytes: &[u8], path: &Path, limit: usize) -> Result<Decoded, XmlError> {
    let decoded = decode(bytes, path, limit)?;
    // Characters XML forbids, and the private-use characters diglot uses as
    // inline-code placeholders, are refused wherever they appear.
    check_chars(&decoded.text, path, true)?;
    Ok(decoded)
}

/// [`decode_checked`] of bytes the caller gives away: UTF-8 text (the usual
/// case) becomes the decoded text in place, without a copy — a memory file
/// of hundreds of MB is held once, not twice.
pub(crate) fn decode_checked_owned(
    bytes: Vec<u8>,
    path: &Path,
    limit: usize,
) -> Result<Decoded, XmlError> {
    let decoded = decode_owned(bytes, path, limit)?;
    check_chars(&decoded.text, path, true)?;
    Ok(decoded)
}

fn decode_owned(mut bytes: Vec<u8>, path: &Path, limit: usize) -> Result<Decoded, XmlError> {
    const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
    let has_bom = bytes.starts_with(&BOM);
    // Anything but UTF-8 (UTF-16, another declared encoding, an error) is
    // left to `decode`.
    let utf8 = bytes.len() <= limit
        && !bytes.starts_with(&[0xFF, 0xFE])
        && !bytes.starts_with(&[0xFE, 0xFF])
        && !bytes.starts_with(&[b'<', 0, b'?', 0])
        && !bytes.starts_with(&[0, b'<', 0, b'?'])
        && (has_bom
            || declared_encoding(&bytes).is_none_or(|label| {
                encoding_rs::Encoding::for_label(label.trim().as_bytes())
                    == Some(encoding_rs::UTF_8)
            }));
    if !utf8 {
        return decode(&bytes, path, limit);
    }
    if has_bom {
        bytes.drain(..BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            bom: if has_bom { BOM.to_vec() } else { Vec::new() },
            encoding: TextEncoding::Utf8,
        }),
        Err(e) => {
            let mut bytes = if has_bom { BOM.to_vec() } else { Vec::new() };
            bytes.extend_from_slice(e.as_bytes());
            decode(&bytes, path, limit)
        }
    }
}

/// Refuse the first character XML forbids and, when `reserved`, the first
/// character diglot reserves for inline-code placeholders.
fn check_chars(text: &str, path: &Path, reserved: bool) -> Result<(), XmlError> {
    if let Some((i, c)) = first_bad_char(text, reserved) {
        let (line, column) = line_col(text, i);
        let why = if is_xml_char(c) {
            "is reserved by diglot for inline-code placeholders"
        } else {
            "is not allowed in XML"
        };
        return Err(syntax(
            path,
            line,
            column,
            format!("character U+{:04X} {why}", c as u32),
        ));
    }
    Ok(())
}

/// The first character XML forbids or (when `reserved`) diglot reserves, if
/// any. ASCII control characters are the only ASCII ones concerned, so ASCII
/// runs are checked byte by byte and only the rest decoded.
fn first_bad_char(text: &str, reserved: bool) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip 16 printable ASCII bytes at a time.
        if let Some(chunk) = bytes.get(i..i + 16) {
            if chunk
                .iter()
                .fold(true, |ok, &b| ok & (0x20..0x80).contains(&b))
            {
                i += 16;
                continue;
            }
        }
        let b = bytes[i];
        if b < 0x80 {
            if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') {
                return Some((i, b as char));
            }
            i += 1;
            continue;
        }
        // A two-byte sequence is U+0080..U+07FF: allowed, no placeholder.
        if b < 0xE0 {
            i += 2;
            continue;
        }
        // A non-ASCII character: `i` is on a boundary (ASCII bytes are
        // never inside a multi-byte sequence).
        let c = text[i..].chars().next()?;
        if !is_xml_char(c) || (reserved && crate::model::placeholder_index(c).is_some()) {
            return Some((i, c));
        }
        i += c.len_utf8();
    }
    None
}

/// Parse an exchange file (at most [`MAX_INPUT_BYTES`]) into a tree.
pub(crate) fn parse(bytes: &[u8], path: &Path) -> Result<XmlDoc, XmlError> {
    parse_limited(bytes, path, MAX_INPUT_BYTES)
}

/// Parse at most `limit` bytes into a tree.
pub(crate) fn parse_limited(bytes: &[u8], path: &Path, limit: usize) -> Result<XmlDoc, XmlError> {
    let decoded = decode_checked(bytes, path, limit)?;
    let root = parse_str(&decoded.text, path)?;
    Ok(XmlDoc {
        decoded,
        root,
        lines: Default::default(),
    })
}

/// Parse text already decoded (a rules file such as SRX, at most
/// [`MAX_INPUT_BYTES`]) into a tree. The private-use characters diglot
/// reserves in translatable text are allowed: this is not translatable text.
pub(crate) fn parse_text(text: &str, path: &Path) -> Result<Element, XmlError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(syntax(
            path,
            1,
            1,
            format!(
                "file too large: {} bytes (at most {} accepted)",
                text.len(),
                MAX_INPUT_BYTES
            ),
        ));
    }
    check_chars(text, path, false)?;
    parse_str(text, path)
}

/// What [`parse_events`] reports, in document order. Returning an error
/// message stops the parse with that message at the current position.
pub(crate) trait XmlSink {
    /// A start tag (an empty element is followed by its [`end`](Self::end)).
    /// `el` has no children yet; its end offsets are those of its start tag.
    fn start(&mut self, el: Element) -> Result<(), String>;
    /// Character data (entities and CDATA resolved) at `start..end`.
    fn text(&mut self, s: &str, start: usize, end: usize) -> Result<(), String>;
    /// The end of the innermost open element: offsets of its end tag
    /// (both equal to the end of the start tag for an empty element).
    fn end(&mut self, tail_start: usize, end: usize) -> Result<(), String>;
}

/// Builds the tree of [`parse`] (or of one element and its content, when
/// only that element's events are passed on).
#[derive(Default)]
pub(crate) struct TreeSink {
    stack: Vec<Element>,
    root: Option<Element>,
}

impl TreeSink {
    /// The element completed, once its end has been reported.
    pub fn take_root(&mut self) -> Option<Element> {
        self.root.take()
    }

    /// True while an element is open.
    pub fn is_open(&self) -> bool {
        !self.stack.is_empty()
    }
}

impl XmlSink for TreeSink {
    fn start(&mut self, el: Element) -> Result<(), String> {
        self.stack.push(el);
        Ok(())
    }

    fn text(&mut self, s: &str, start: usize, end: usize) -> Result<(), String> {
        let Some(top) = self.stack.last_mut() else {
            return Ok(());
        };
        if let Some(Node::Text(t, _, e)) = top.children.last_mut() {
            if *e == start {
                t.push_str(s);
                *e = end;
                return Ok(());
            }
        }
        top.children.push(Node::Text(s.to_string(), start, end));
        Ok(())
    }

    fn end(&mut self, tail_start: usize, end: usize) -> Result<(), String> {
        let Some(mut el) = self.stack.pop() else {
            return Ok(());
        };
        if !el.empty {
            el.tail_start = tail_start;
            el.end = end;
        }
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(Node::Element(el)),
            None => self.root = Some(el),
        }
        Ok(())
    }
}

fn parse_str(src: &str, path: &Path) -> Result<Element, XmlError> {
    let mut sink = TreeSink::default();
    parse_events(src, path, &mut sink)?;
    match sink.root {
        Some(r) => Ok(r),
        None => Err(syntax(path, 1, 1, "no root element")),
    }
}

/// The qualified name of the tag starting at `start` (for messages).
fn tag_name(src: &str, start: usize) -> &str {
    let rest = src.get(start + 1..).unwrap_or("");
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Parse decoded text, reporting elements and text to `sink`: the checks
/// of [`parse`] (well-formedness, entities, namespaces, depth) without
/// building a tree.
pub(crate) fn parse_events(
    src: &str,
    path: &Path,
    sink: &mut impl XmlSink,
) -> Result<(), XmlError> {
    let err_at = |pos: usize, message: String| {
        let (line, column) = line_col(src, pos);
        syntax(path, line, column, message)
    };
    if src.trim().is_empty() {
        return Err(syntax(path, 1, 1, "empty file: no XML content"));
    }
    let mut reader = Reader::from_str(src);
    reader.config_mut().check_end_names = true;
    reader.config_mut().check_comments = true;
    // Open elements: (offset of the start tag, namespace scope length).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut scope: Vec<(String, String)> = vec![("xml".into(), NS_XML.into())];
    let mut seen_root = false;
    // Whitespace outside the root element is allowed, nothing else.
    let outside = |start: usize, end: usize| -> Result<(), XmlError> {
        if src[start..end].trim().is_empty() {
            Ok(())
        } else {
            Err(err_at(start, "text outside the root element".into()))
        }
    };
    loop {
        let pos = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| {
            err_at(
                reader.error_position() as usize,
                format!("not well-formed XML: {e}"),
            )
        })?;
        let after = reader.buffer_position() as usize;
        match ev {
            Event::Eof => break,
            Event::DocType(d) => {
                let body = d.as_ref().to_string();
                if body.contains("<!ENTITY") {
                    return Err(err_at(
                        pos,
                        "the document type declaration declares entities; diglot refuses \
                         DTD entities (entity-expansion and external-entity attacks)"
                            .into(),
                    ));
                }
                // An external DTD (SYSTEM/PUBLIC) is never fetched.
            }
            ev @ (Event::Start(_) | Event::Empty(_)) => {
                let empty = matches!(ev, Event::Empty(_));
                let (Event::Start(e) | Event::Empty(e)) = ev else {
                    continue;
                };
                if seen_root && stack.is_empty() {
                    return Err(err_at(pos, "content after the root element".into()));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(err_at(
                        pos,
                        format!("elements nested deeper than {MAX_DEPTH} levels"),
                    ));
                }
                seen_root = true;
                let scope_len = scope.len();
                let el = element(&e, &mut scope, pos, after, empty).map_err(|m| err_at(pos, m))?;
                sink.start(el).map_err(|m| err_at(pos, m))?;
                if empty {
                    scope.truncate(scope_len);
                    sink.end(after, after).map_err(|m| err_at(pos, m))?;
                } else {
                    stack.push((pos, scope_len));
                }
            }
            Event::End(_) => {
                let Some((_, scope_len)) = stack.pop() else {
                    return Err(err_at(pos, "end tag without start tag".into()));
                };
                scope.truncate(scope_len);
                sink.end(pos, after).map_err(|m| err_at(pos, m))?;
            }
            Event::Text(t) => {
                if stack.is_empty() {
                    outside(pos, after)?;
                } else {
                    let s = t.xml10_content();
                    sink.text(&s, pos, after).map_err(|m| err_at(pos, m))?;
                }
            }
            Event::CData(t) => {
                if stack.is_empty() {
                    outside(pos, after)?;
                } else {
                    let s = t.as_ref().to_string();
                    sink.text(&s, pos, after).map_err(|m| err_at(pos, m))?;
                }
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.as_ref().to_string();
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
                    }
                    Err(e) => return Err(err_at(pos, format!("bad character reference: {e}"))),
                };
                if stack.is_empty() {
                    outside(pos, after)?;
                } else {
                    sink.text(&ch, pos, after).map_err(|m| err_at(pos, m))?;
                }
            }
            _ => {}
        }
    }
    if let Some(&(start, _)) = stack.last() {
        let (line, column) = line_col(src, start);
        return Err(err_at(
            src.len(),
            format!(
                "unexpected end of file: <{}> opened at {}:{} is not closed (truncated file?)",
                tag_name(src, start),
                line,
                column
            ),
        ));
    }
    if !seen_root {
        return Err(err_at(src.len(), "no root element".into()));
    }
    Ok(())
}

fn split(name: &str) -> (&str, &str) {
    match name.find(':') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => ("", name),
    }
}

fn resolve(scope: &[(String, String)], prefix: &str) -> Option<String> {
    scope
        .iter()
        .rev()
        .find(|(p, _)| p == prefix)
        .map(|(_, u)| u.clone())
}

fn element(
    e: &BytesStart,
    scope: &mut Vec<(String, String)>,
    start: usize,
    head_end: usize,
    empty: bool,
) -> Result<Element, String> {
    let name = e.name().as_ref().to_string();
    let mut raw = Vec::new();
    for a in e.attributes().with_checks(true) {
        let a = a.map_err(|e| format!("bad attribute: {e}"))?;
        let key = a.key.as_ref().to_string();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("bad value of attribute {key}: {e}"))?
            .to_string();
        raw.push((key, value));
    }
    let mut ns_decls = Vec::new();
    for (k, v) in &raw {
        if k == "xmlns" {
            ns_decls.push((String::new(), v.clone()));
        } else if let Some(p) = k.strip_prefix("xmlns:") {
            ns_decls.push((p.to_string(), v.clone()));
        }
    }
    scope.extend(ns_decls);
    let (prefix, local) = split(&name);
    let ns = match resolve(scope, prefix) {
        Some(u) => u,
        None if prefix.is_empty() => String::new(),
        None => {
            return Err(format!(
                "undeclared namespace prefix \"{prefix}\" on <{name}>"
            ))
        }
    };
    let mut attrs = Vec::new();
    for (k, v) in raw {
        if k == "xmlns" || k.starts_with("xmlns:") {
            continue;
        }
        let (p, l) = split(&k);
        let ans = if p.is_empty() {
            String::new()
        } else {
            resolve(scope, p)
                .ok_or_else(|| format!("undeclared namespace prefix \"{p}\" on attribute {k}"))?
        };
        attrs.push(Attr {
            local: l.to_string(),
            name: k,
            ns: ans,
            value: v,
        });
    }
    Ok(Element {
        local: local.to_string(),
        name,
        ns,
        attrs,
        children: Vec::new(),
        start,
        head_end,
        tail_start: head_end,
        end: head_end,
        empty,
    })
}

/// Escape text content (and attribute values: quotes too). Characters XML 1.0
/// cannot carry are dropped.
pub(crate) fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, attr);
    out
}

/// [`escape`], appended to `out`: runs that need no escaping are copied
/// whole, nothing is allocated.
pub(crate) fn escape_into(out: &mut String, s: &str, attr: bool) {
    // Byte by byte: everything to replace or drop is ASCII, but for the
    // two non-characters U+FFFE and U+FFFF (EF BF BE, EF BF BF), so the
    // cuts are on character boundaries.
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let (rep, len) = match b[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if attr => ("&quot;", 1),
            b'\n' if attr => ("&#10;", 1),
            b'\t' if attr => ("&#9;", 1),
            b'\r' => ("&#13;", 1),
            b'\n' | b'\t' => {
                i += 1;
                continue;
            }
            0..=0x1F => ("", 1),
            0xEF if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) => {
                ("", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        i += len;
        start = i;
    }
    out.push_str(&s[start..]);
}

pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_decoding_is_decoding() {
        let path = Path::new("t.xml");
        let cases: Vec<Vec<u8>> = vec![
            b"<?xml version=\"1.0\"?><a>\xc3\xa9</a>".to_vec(),
            b"\xEF\xBB\xBF<a>x</a>".to_vec(),
            b"<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>".to_vec(),
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xe9</a>".to_vec(),
            b"<?xml version=\"1.0\" encoding=\"nope\"?><a/>".to_vec(),
            b"<a>\xff</a>".to_vec(),
            b"\xEF\xBB\xBF<a>\n\xff</a>".to_vec(),
            b"\xFF\xFE<\0a\0/\0>\0".to_vec(),
            b"<a>\x01</a>".to_vec(),
            b"<a>too long</a>".to_vec(),
        ];
        for (k, bytes) in cases.into_iter().enumerate() {
            let limit = if k == 9 { 4 } else { 1 << 20 };
            let borrowed = decode_checked(&bytes, path, limit);
            let owned = decode_checked_owned(bytes.clone(), path, limit);
            match (borrowed, owned) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a.text, b.text, "case {k}");
                    assert_eq!(a.bom, b.bom, "case {k}");
                    assert_eq!(a.encode(&a.text), b.encode(&b.text), "case {k}");
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "case {k}"),
                (a, b) => panic!("case {k}: {:?} / {:?}", a.is_ok(), b.is_ok()),
            }
        }
    }

    #[test]
    fn escape_drops_what_xml_cannot_carry() {
        let s = "a&b<c>d\"e\nf\tg\rh\u{1}i\u{7f}j\u{fffe}k\u{ffff}l\u{fffd}m\u{e9}\u{10000}";
        assert_eq!(
            escape(s, false),
            "a&amp;b&lt;c&gt;d\"e\nf\tg&#13;hi\u{7f}jkl\u{fffd}m\u{e9}\u{10000}"
        );
        assert_eq!(
            escape(s, true),
            "a&amp;b&lt;c&gt;d&quot;e&#10;f&#9;g&#13;hi\u{7f}jkl\u{fffd}m\u{e9}\u{10000}"
        );
        // The same as keeping the characters XML allows, one by one.
        for attr in [false, true] {
            let by_char: String = s
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".into(),
                    '>' => "&gt;".into(),
                    '"' if attr => "&quot;".into(),
                    '\n' if attr => "&#10;".into(),
                    '\t' if attr => "&#9;".into(),
                    '\r' => "&#13;".into(),
                    c if is_xml_char(c) => c.to_string(),
                    _ => String::new(),
                })
                .collect();
            assert_eq!(escape(s, attr), by_char);
        }
    }

    fn p(s: &str) -> Result<XmlDoc, XmlError> {
        parse(s.as_bytes(), Path::new("t.xml"))
    }

    #[test]
    fn spans_and_namespaces() {
        let s = "<?xml version=\"1.0\"?>\n<a xmlns=\"urn:a\" xmlns:b=\"urn:b\"><b:c x=\"1\" b:y=\"2\"/>t&amp;u<d>e</d></a>";
        let d = p(s).unwrap();
        assert_eq!(d.root.ns, "urn:a");
        let c = d.root.child("c").unwrap();
        assert_eq!(c.ns, "urn:b");
        assert!(c.empty);
        assert_eq!(&s[c.start..c.end], "<b:c x=\"1\" b:y=\"2\"/>");
        assert_eq!(c.attr("x"), Some("1"));
        assert_eq!(c.attr_ns("urn:b", "y"), Some("2"));
        let dd = d.root.child("d").unwrap();
        assert_eq!(&s[dd.start..dd.head_end], "<d>");
        assert_eq!(&s[dd.tail_start..dd.end], "</d>");
        assert_eq!(d.root.text(), "t&ue");
    }

    #[test]
    fn refuses_entities_and_truncation() {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<lolz>&lol2;</lolz>";
        let e = p(bomb).unwrap_err().to_string();
        assert!(e.starts_with("t.xml:2:1: "), "{e}");
        assert!(e.contains("entit"), "{e}");
        let e = p("<a><b>text").unwrap_err().to_string();
        assert!(e.contains("not closed"), "{e}");
        let e = p("<a>&foo;</a>").unwrap_err().to_string();
        assert!(e.contains("undefined entity"), "{e}");
        assert!(p("").unwrap_err().to_string().contains("empty"));
    }

    #[test]
    fn encodings() {
        let s = "<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>caf\u{e9} \u{20ac}</a>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(s);
        let d = parse(&bytes, Path::new("w.xml")).unwrap();
        assert_eq!(d.root.text(), "caf\u{e9} \u{20ac}");
        assert_eq!(d.decoded.encode(&d.decoded.text), bytes.to_vec());
        let mut u16le = vec![0xFF, 0xFE];
        for u in "<a>\u{e9}t\u{e9}</a>".encode_utf16() {
            u16le.extend_from_slice(&u.to_le_bytes());
        }
        let d = parse(&u16le, Path::new("u.xml")).unwrap();
        assert_eq!(d.root.text(), "\u{e9}t\u{e9}");
        assert_eq!(d.decoded.encode(&d.decoded.text), u16le);
    }
}
