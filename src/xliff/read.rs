//! XLIFF reader: 1.0/1.1/1.2 and 2.0/2.1/2.2, tolerant of prefixes,
//! encodings and the extensions real tools add.

use super::{Document, File, Match, Note, State, Unit, XliffError, NS_MDA, NS_MTC};
use crate::xml::{decode_checked, parse_events, Element, Node, TreeSink, XmlDoc, XmlSink};

/// XLIFF 2 core namespaces: `…:document:2.0` (2.0, 2.1) and `…:document:2.2`.
pub(crate) const NS_XLIFF2_PREFIX: &str = "urn:oasis:names:tc:xliff:document:2.";
use crate::model::{Code, CodeKind, CodedText};
use std::collections::BTreeMap;
use std::path::Path;

/// Where a [`Unit`] came from in the tree (for splicing).
pub(crate) struct UnitLoc<'a> {
    /// `unit` / `trans-unit`.
    pub unit: &'a Element,
    /// The `mrk mtype="seg"` of a segmented 1.2 unit.
    pub mrk: Option<&'a Element>,
    /// Index of the unit in `Document::files[file].units`.
    pub file: usize,
    pub index: usize,
}

/// Major XLIFF version of a parsed tree: 1 or 2.
pub(crate) fn major(root: &Element) -> u8 {
    if root.ns.contains(":document:2") {
        2
    } else if root.ns.contains(":document:1") {
        1
    } else if root
        .attr("version")
        .map(|v| v.starts_with('2'))
        .unwrap_or(false)
    {
        2
    } else {
        1
    }
}

/// Read an XLIFF document (2.x or 1.x) from bytes.
pub fn read_document(bytes: &[u8], path: &Path) -> Result<Document, XliffError> {
    read_streaming(bytes, path, super::MAX_INPUT_BYTES)
}

/// [`read_document`] for a translation memory: files up to
/// [`MAX_MEMORY_BYTES`](super::MAX_MEMORY_BYTES) instead of the exchange
/// limit.
pub fn read_memory_document(bytes: &[u8], path: &Path) -> Result<Document, XliffError> {
    read_streaming(bytes, path, super::MAX_MEMORY_BYTES)
}

/// The document [`read_tree`] reads, without a tree of the whole file: one
/// pass over the parser's events, where only the unit being read is held as
/// a tree (a memory of 100,000 units never is). Same checks, same result;
/// syntax errors anywhere are reported before errors in units, as when the
/// whole tree is parsed first.
fn read_streaming(bytes: &[u8], path: &Path, limit: usize) -> Result<Document, XliffError> {
    let decoded = decode_checked(bytes, path, limit)?;
    read_decoded(&decoded.text, path, None).map(|r| r.doc)
}

/// What a streaming read of decoded text found.
pub(crate) struct StreamRead {
    /// The document (without units when a visitor took them).
    pub doc: Document,
    /// The root element's start tag (`start..head_end`).
    pub root_head: (usize, usize),
    /// Offset of each `<file>` element's end tag (`tail_start`), in order.
    pub file_tails: Vec<usize>,
}

/// Called with each unit element (a tree with offsets) and the units read
/// from it; a visitor takes the units (they are not kept in the document).
pub(crate) type UnitVisitor<'v> = &'v mut dyn FnMut(&Element, Vec<Unit>);

/// [`read_streaming`] on decoded text, optionally handing each unit to a
/// visitor instead of keeping it.
pub(crate) fn read_decoded(
    src: &str,
    path: &Path,
    visit: Option<UnitVisitor<'_>>,
) -> Result<StreamRead, XliffError> {
    let mut sink = DocSink {
        doc: Document {
            version: String::new(),
            source_lang: String::new(),
            target_lang: None,
            files: Vec::new(),
        },
        v2: false,
        depth: 0,
        file_depth: None,
        containers: 0,
        unit: TreeSink::default(),
        unit_starts: Vec::new(),
        error: None,
        visit,
        root_head: (0, 0),
        file_tails: Vec::new(),
    };
    parse_events(src, path, &mut sink)?;
    let lines = crate::model::LineIndex::new(src);
    let at = |pos: usize| lines.line_col(src, pos);
    if let Some((pos, e)) = sink.error {
        let (line, column) = at(pos);
        return Err(e.at(path, line, column));
    }
    // Line numbers, in one pass: units come in document order.
    let mut starts = sink.unit_starts.into_iter();
    for f in &mut sink.doc.files {
        for u in &mut f.units {
            if let Some(pos) = starts.next() {
                u.line = at(pos).0;
            }
        }
    }
    Ok(StreamRead {
        doc: sink.doc,
        root_head: sink.root_head,
        file_tails: sink.file_tails,
    })
}

enum UnitError {
    NotXliff(String),
    Syntax(String),
}

impl UnitError {
    fn at(self, path: &Path, line: usize, column: usize) -> XliffError {
        let path = path.to_path_buf();
        match self {
            UnitError::NotXliff(message) => XliffError::Unsupported {
                path,
                line,
                column,
                message,
            },
            UnitError::Syntax(message) => XliffError::Syntax {
                path,
                line,
                column,
                message,
            },
        }
    }
}

/// The document an `<xliff>` root starts (no files yet), and whether it is
/// XLIFF 2.
fn begin_document(root: &Element) -> Result<(Document, bool), UnitError> {
    if root.local != "xliff" {
        return Err(UnitError::NotXliff(format!(
            "the root element is <{}>, not <xliff>",
            root.name
        )));
    }
    let version = match root.attr("version") {
        Some(v) => v.to_string(),
        None if root.ns.is_empty() => "1.0".to_string(),
        None => return Err(UnitError::Syntax("<xliff> has no version attribute".into())),
    };
    let doc = Document {
        version,
        source_lang: root.attr("srcLang").unwrap_or_default().to_string(),
        target_lang: root.attr("trgLang").map(str::to_string),
        files: Vec::new(),
    };
    Ok((doc, major(root) == 2))
}

/// Add the file `f` starts to `doc` (1.x files carry the languages).
fn begin_file(doc: &mut Document, f: &Element) {
    if doc.source_lang.is_empty() {
        doc.source_lang = f.attr("source-language").unwrap_or_default().to_string();
    }
    if doc.target_lang.is_none() {
        doc.target_lang = f.attr("target-language").map(str::to_string);
    }
    let fi = doc.files.len();
    doc.files.push(File {
        id: f
            .attr("id")
            .map(str::to_string)
            .unwrap_or_else(|| format!("f{}", fi + 1)),
        original: f.attr("original").map(str::to_string),
        units: Vec::new(),
    });
}

/// The units of a `unit` (2.x) or `trans-unit` (1.x) element: one, or one
/// per `seg-source` segment, with the segment's `mrk`.
fn read_unit(u: &Element, v2: bool) -> Result<Vec<(Unit, Option<&Element>)>, String> {
    if v2 {
        read_unit2(u).map(|unit| vec![(unit, None)])
    } else {
        read_unit1(u)
    }
}

/// Collects a [`Document`] from parser events (see [`read_streaming`]).
struct DocSink<'v> {
    doc: Document,
    v2: bool,
    /// Depth of the current element (root = 1).
    depth: usize,
    /// Depth of the open `<file>`, if any.
    file_depth: Option<usize>,
    /// Open core `group`/`body` elements between the file and here, when
    /// every element from the file down is one (units are read only there).
    containers: usize,
    /// The unit being read, as a tree (open while inside a unit).
    unit: TreeSink,
    /// Start offset of each unit read (one per [`Unit`], in order).
    unit_starts: Vec<usize>,
    /// The first error in the document's structure (offset, error).
    error: Option<(usize, UnitError)>,
    /// Takes each unit instead of the document.
    visit: Option<UnitVisitor<'v>>,
    root_head: (usize, usize),
    file_tails: Vec<usize>,
}

impl DocSink<'_> {
    fn fail(&mut self, pos: usize, e: UnitError) {
        if self.error.is_none() {
            self.error = Some((pos, e));
        }
    }
}

impl XmlSink for DocSink<'_> {
    fn start(&mut self, el: Element) -> Result<(), String> {
        self.depth += 1;
        if self.unit.is_open() {
            return self.unit.start(el);
        }
        if self.error.is_some() {
            return Ok(());
        }
        if self.depth == 1 {
            self.root_head = (el.start, el.head_end);
            match begin_document(&el) {
                Ok((doc, v2)) => {
                    self.doc = doc;
                    self.v2 = v2;
                }
                Err(e) => self.fail(el.start, e),
            }
            return Ok(());
        }
        if self.depth == 2 {
            // `children_named("file")`: any namespace.
            if el.local == "file" {
                begin_file(&mut self.doc, &el);
                self.file_depth = Some(2);
                self.containers = 0;
            }
            return Ok(());
        }
        // Inside a file, on the path of core `group`/`body` elements only.
        let Some(fd) = self.file_depth else {
            return Ok(());
        };
        if self.depth != fd + self.containers + 1 || !is_core(&el, self.v2) {
            return Ok(());
        }
        match el.local.as_str() {
            "unit" if self.v2 => self.unit.start(el),
            "trans-unit" if !self.v2 => self.unit.start(el),
            "group" | "body" => {
                self.containers += 1;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn text(&mut self, s: &str, start: usize, end: usize) -> Result<(), String> {
        if self.unit.is_open() {
            self.unit.text(s, start, end)?;
        }
        Ok(())
    }

    fn end(&mut self, tail_start: usize, end: usize) -> Result<(), String> {
        let depth = self.depth;
        self.depth -= 1;
        if self.unit.is_open() {
            self.unit.end(tail_start, end)?;
            if self.unit.is_open() {
                return Ok(());
            }
            let Some(u) = self.unit.take_root() else {
                return Ok(());
            };
            if self.error.is_some() {
                return Ok(());
            }
            match read_unit(&u, self.v2) {
                Ok(units) => {
                    if let Some(visit) = self.visit.as_mut() {
                        visit(&u, units.into_iter().map(|(unit, _)| unit).collect());
                        return Ok(());
                    }
                    let file = self.doc.files.last_mut().expect("a unit is inside a file");
                    for (unit, _) in units {
                        self.unit_starts.push(u.start);
                        file.units.push(unit);
                    }
                }
                Err(m) => self.fail(u.start, UnitError::Syntax(m)),
            }
            return Ok(());
        }
        if let Some(fd) = self.file_depth {
            if depth == fd {
                self.file_tails.push(tail_start);
                self.file_depth = None;
                self.containers = 0;
            } else if self.containers > 0 && depth == fd + self.containers {
                self.containers -= 1;
            }
        }
        Ok(())
    }
}

pub(crate) fn read_tree<'a>(
    tree: &'a XmlDoc,
    path: &Path,
) -> Result<(Document, Vec<UnitLoc<'a>>), XliffError> {
    let err = |el: &Element, message: String| {
        let (line, column) = tree.line_col(el.start);
        XliffError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let root = &tree.root;
    let (mut doc, v2) = begin_document(root).map_err(|e| {
        let (line, column) = tree.line_col(root.start);
        e.at(path, line, column)
    })?;
    let mut locs = Vec::new();
    for f in root.children_named("file") {
        begin_file(&mut doc, f);
        let fi = doc.files.len() - 1;
        let mut units = Vec::new();
        collect_units(f, v2, &mut units);
        for u in units {
            let read = read_unit(u, v2).map_err(|m| err(u, m))?;
            for (mut unit, mrk) in read {
                unit.line = tree.line_col(u.start).0;
                let file = &mut doc.files[fi];
                locs.push(UnitLoc {
                    unit: u,
                    mrk,
                    file: fi,
                    index: file.units.len(),
                });
                file.units.push(unit);
            }
        }
    }
    Ok((doc, locs))
}

/// Units of a file, through `group`s and 1.2 `body`.
fn collect_units<'a>(el: &'a Element, v2: bool, out: &mut Vec<&'a Element>) {
    for c in el.elements() {
        if !is_core(c, v2) {
            continue;
        }
        match c.local.as_str() {
            "unit" if v2 => out.push(c),
            "trans-unit" if !v2 => out.push(c),
            "group" | "body" => collect_units(c, v2, out),
            _ => {}
        }
    }
}

/// An element of the XLIFF core namespace (or without namespace for 1.0).
fn is_core(e: &Element, v2: bool) -> bool {
    if v2 {
        e.ns.starts_with(NS_XLIFF2_PREFIX)
    } else {
        e.ns.is_empty() || e.ns.starts_with("urn:oasis:names:tc:xliff:document:1")
    }
}

fn yes(v: Option<&str>) -> bool {
    v.map(|v| v == "yes").unwrap_or(false)
}

fn quality(s: &str) -> Option<u8> {
    let t = s.trim().trim_end_matches('%').trim();
    let v: f64 = t.parse().ok()?;
    if !(0.0..=100.0).contains(&v) {
        return None;
    }
    Some(v.round() as u8)
}

// ---------------------------------------------------------------- XLIFF 2

/// The `originalData` of a unit or match: data id → native data.
fn original_data(el: &Element) -> BTreeMap<String, String> {
    el.child("originalData")
        .map(|od| {
            od.children_named("data")
                .filter_map(|d| Some((d.attr("id")?.to_string(), data_text(d))))
                .collect()
        })
        .unwrap_or_default()
}

fn read_unit2(u: &Element) -> Result<Unit, String> {
    let id = u.attr("id").ok_or("<unit> without id")?;
    let mut unit = Unit::new(id, CodedText::default());
    unit.name = u.attr("name").map(str::to_string);
    unit.translate = u.attr("translate") != Some("no");
    let data = original_data(u);
    let mut source = CodedText::default();
    let mut target = CodedText::default();
    // Targets in display order: a target's `order` is its position among
    // the unit's segments and ignorables (1-based), else its own position.
    let mut targets: Vec<(usize, usize, &Element)> = Vec::new();
    let mut position = 0;
    let mut first_state = true;
    for c in u.elements() {
        match (c.ns.starts_with(NS_XLIFF2_PREFIX), c.local.as_str()) {
            (true, "segment") | (true, "ignorable") => {
                position += 1;
                if let Some(s) = c.child("source") {
                    inline2(s, &data, &mut source)?;
                }
                if let Some(t) = c.child("target") {
                    let order = t
                        .attr("order")
                        .and_then(|o| o.trim().parse().ok())
                        .unwrap_or(position);
                    targets.push((order, position, t));
                }
                if c.local == "segment" && first_state {
                    first_state = false;
                    if let Some(s) = c.attr("state") {
                        unit.state = State::from_attr(s);
                        unit.state_raw = Some(s.to_string());
                    }
                    unit.sub_state = c.attr("subState").map(str::to_string);
                }
            }
            (true, "notes") => {
                for n in c.children_named("note") {
                    unit.notes.push(Note {
                        category: n.attr("category").map(str::to_string),
                        text: n.text(),
                    });
                }
            }
            (false, "metadata") if c.ns == NS_MDA => {
                for g in c.children_named("metaGroup") {
                    if g.attr("category") != Some("diglot") {
                        continue;
                    }
                    for m in g.children_named("meta") {
                        if let Some(k) = m.attr("type") {
                            unit.meta.push((k.to_string(), m.text()));
                        }
                    }
                }
            }
            (false, "matches") if c.ns == NS_MTC => {
                for m in c.children_named("match") {
                    unit.matches.push(read_match2(m)?);
                }
            }
            _ => {}
        }
    }
    // A candidate for the only segment applies to the unit as a whole.
    let segs: Vec<&Element> = u.children_named("segment").collect();
    if let [seg] = segs.as_slice() {
        if let Some(id) = seg.attr("id") {
            for m in &mut unit.matches {
                if m.segment.as_deref() == Some(id) {
                    m.segment = None;
                }
            }
        }
    }
    unit.source = source;
    if !targets.is_empty() {
        targets.sort_by_key(|&(order, position, _)| (order, position));
        for (_, _, t) in targets {
            inline2(t, &data, &mut target)?;
        }
        unit.target = Some(target);
    }
    Ok(unit)
}

fn read_match2(m: &Element) -> Result<Match, String> {
    let data = original_data(m);
    let mut source = CodedText::default();
    let mut target = CodedText::default();
    if let Some(s) = m.child("source") {
        inline2(s, &data, &mut source)?;
    }
    if let Some(t) = m.child("target") {
        inline2(t, &data, &mut target)?;
    }
    Ok(Match {
        quality: m.attr("matchQuality").and_then(quality),
        source,
        target,
        origin: m.attr("origin").map(str::to_string),
        kind: m.attr("type").map(str::to_string),
        segment: m.attr("ref").map(|r| r.trim_start_matches('#').to_string()),
    })
}

/// Text of a `data` element, `cp` included.
fn data_text(d: &Element) -> String {
    let mut s = String::new();
    for n in &d.children {
        match n {
            Node::Text(t, _, _) => s.push_str(t),
            Node::Element(e) if e.local == "cp" => {
                if let Some(c) = e
                    .attr("hex")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
                {
                    s.push(c);
                }
            }
            Node::Element(_) => {}
        }
    }
    s
}

/// Code type from XLIFF 2 `type`/`subType` or XLIFF 1.2 `ctype`.
pub(crate) fn ctype_of(e: &Element) -> String {
    let ty = e.attr("type").or_else(|| e.attr("ctype"));
    let sub = e.attr("subType");
    match (ty, sub) {
        (_, Some("xlf:i")) => "emphasis".into(),
        (_, Some("xlf:b")) => "strong".into(),
        (_, Some("xlf:lb")) => "linebreak".into(),
        (_, Some(s)) if s.starts_with("diglot:") => s["diglot:".len()..].to_string(),
        (_, Some(s)) => s.to_string(),
        (Some("bold"), None) | (Some("x-bold"), None) => "strong".into(),
        (Some("italic"), None) | (Some("x-italic"), None) => "emphasis".into(),
        (Some("link"), None) | (Some("x-link"), None) => "link".into(),
        (Some("lb"), None) | (Some("x-lb"), None) => "linebreak".into(),
        (Some(t), None) => t.strip_prefix("x-").unwrap_or(t).to_string(),
        (None, None) => "x".into(),
    }
}

fn disp(e: &Element, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| e.attr(n)).map(str::to_string)
}

fn code_with(
    kind: CodeKind,
    id: &str,
    e: &Element,
    data: Option<&String>,
    d: Option<String>,
) -> Code {
    let mut c = Code::new(kind, id, ctype_of(e));
    c.data = data.cloned();
    c.disp = d;
    c
}

/// XLIFF 2 inline content into coded text.
fn inline2(
    el: &Element,
    data: &BTreeMap<String, String>,
    out: &mut CodedText,
) -> Result<(), String> {
    for n in &el.children {
        let e = match n {
            Node::Text(t, _, _) => {
                out.push_str(t);
                continue;
            }
            Node::Element(e) => e,
        };
        let id = e.attr("id").unwrap_or_default();
        let lookup = |a: &str| e.attr(a).and_then(|r| data.get(r));
        match e.local.as_str() {
            "ph" => out.push_code(code_with(
                CodeKind::Standalone,
                id,
                e,
                lookup("dataRef"),
                disp(e, &["disp", "equiv"]),
            )),
            "pc" => {
                out.push_code(code_with(
                    CodeKind::Open,
                    id,
                    e,
                    lookup("dataRefStart"),
                    disp(e, &["dispStart", "equivStart"]),
                ));
                inline2(e, data, out)?;
                out.push_code(code_with(
                    CodeKind::Close,
                    id,
                    e,
                    lookup("dataRefEnd"),
                    disp(e, &["dispEnd", "equivEnd"]),
                ));
            }
            "sc" => out.push_code(code_with(
                CodeKind::Open,
                id,
                e,
                lookup("dataRef"),
                disp(e, &["disp", "equiv"]),
            )),
            "ec" => {
                let id = e.attr("startRef").unwrap_or(id);
                out.push_code(code_with(
                    CodeKind::Close,
                    id,
                    e,
                    lookup("dataRef"),
                    disp(e, &["disp", "equiv"]),
                ))
            }
            "cp" => {
                let hex = e.attr("hex").ok_or("<cp> without hex attribute")?;
                let c = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("<cp hex=\"{hex}\"> is not a code point"))?;
                out.text.push(c);
            }
            // Annotations: keep their content, drop the markup.
            "mrk" => inline2(e, data, out)?,
            "sm" | "em" => {}
            _ => inline2(e, data, out)?,
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- XLIFF 1.x

/// A `trans-unit` as one unit, or one unit per `seg-source` segment.
fn read_unit1(u: &Element) -> Result<Vec<(Unit, Option<&Element>)>, String> {
    let id = u.attr("id").ok_or("<trans-unit> without id attribute")?;
    let mut base = Unit::new(id, CodedText::default());
    base.name = u.attr("resname").map(str::to_string);
    base.translate = u.attr("translate") != Some("no");
    if yes(u.attr("approved")) {
        base.state = Some(State::Final);
        base.state_raw = Some("approved=yes".into());
    }
    // A trans-unit without source (seen in Angular files after a bad merge)
    // is read with an empty source; `validate` reports it.
    let source_el = u.children_named("source").next();
    let target_el = u.child("target");
    // memoQ keeps the status on the trans-unit.
    if let Some(st) = u.attr_ns(NS_MEMOQ, "status") {
        if let Some(state) = memoq_state(st) {
            base.state = Some(state);
            base.state_raw = Some(format!("mq:status={st}"));
        }
    }
    if let Some(t) = target_el {
        if let Some(s) = t.attr("state") {
            if base.state != Some(State::Final) {
                base.state = State::from_attr(s);
            }
            base.state_raw = Some(s.to_string());
        }
        base.state_qualifier = t.attr("state-qualifier").map(str::to_string);
    }
    for c in u.elements() {
        match c.local.as_str() {
            "note" => base.notes.push(Note {
                category: c
                    .attr("from")
                    .or_else(|| c.attr("category"))
                    .map(str::to_string),
                text: c.text(),
            }),
            "context-group" if c.attr("name").is_some_and(|n| n.starts_with("diglot")) => {
                for x in c.children_named("context") {
                    if let Some(k) = x
                        .attr("context-type")
                        .and_then(|t| t.strip_prefix("x-diglot-"))
                    {
                        base.meta.push((k.to_string(), x.text()));
                    }
                }
            }
            "context-group" => {
                for x in c.children_named("context") {
                    base.notes.push(Note {
                        category: Some(format!(
                            "context:{}",
                            x.attr("context-type").unwrap_or("x")
                        )),
                        text: x.text(),
                    });
                }
            }
            "alt-trans" => {
                let mut m = Match {
                    quality: c.attr("match-quality").and_then(quality),
                    source: CodedText::default(),
                    target: CodedText::default(),
                    origin: c.attr("origin").map(str::to_string),
                    kind: c.attr("alttranstype").map(str::to_string),
                    segment: c.attr("mid").map(str::to_string),
                };
                if let Some(s) = c.child("source").or(source_el) {
                    inline1(s, &mut m.source);
                }
                if let Some(t) = c.child("target") {
                    inline1(t, &mut m.target);
                }
                base.matches.push(m);
            }
            _ => {}
        }
    }
    let segs = u.child("seg-source").map(segments).unwrap_or_default();
    if segs.is_empty() {
        let mut unit = base;
        if let Some(s) = source_el {
            inline1(s, &mut unit.source);
        }
        if let Some(t) = target_el {
            let mut tt = CodedText::default();
            inline1(t, &mut tt);
            unit.target = Some(tt);
        }
        return Ok(vec![(unit, None)]);
    }
    let tsegs = target_el.map(segments).unwrap_or_default();
    // SDL Trados Studio keeps per-segment states in `sdl:seg-defs`.
    let sdl_segs: Vec<&Element> = u
        .elements()
        .filter(|e| e.ns == NS_SDL && e.local == "seg-defs")
        .flat_map(|d| d.children_named("seg"))
        .collect();
    let mut out = Vec::new();
    for (mid, mrk) in segs {
        let mut unit = base.clone();
        unit.segment = Some(mid.to_string());
        if let Some(seg) = sdl_segs.iter().find(|s| s.attr("id") == Some(mid)) {
            if let Some(conf) = seg.attr("conf") {
                if let Some(state) = sdl_state(conf) {
                    unit.state = Some(state);
                    unit.state_raw = Some(format!("sdl:conf={conf}"));
                }
            }
            unit.state_qualifier = match (seg.attr("origin"), seg.attr("percent")) {
                (Some("tm"), Some("100")) => Some("exact-match".into()),
                (Some("tm"), Some(_)) => Some("fuzzy-match".into()),
                (Some("tm"), None) => Some("leveraged-tm".into()),
                (Some("mt"), _) => Some("leveraged-mt".into()),
                _ => unit.state_qualifier,
            };
        }
        unit.matches
            .retain(|m| m.segment.as_deref().map(|s| s == mid).unwrap_or(true));
        inline1(mrk, &mut unit.source);
        if let Some((_, t)) = tsegs.iter().find(|(m, _)| *m == mid) {
            let mut tt = CodedText::default();
            inline1(t, &mut tt);
            unit.target = Some(tt);
        }
        out.push((unit, Some(mrk)));
    }
    Ok(out)
}

/// memoQ's namespace (`mq:status` and friends).
const NS_MEMOQ: &str = "MQXliff";
/// SDL Trados Studio's SDLXLIFF namespace.
const NS_SDL: &str = "http://sdl.com/FileTypes/SdlXliff/1.0";

/// A memoQ `mq:status` as a diglot state.
fn memoq_state(s: &str) -> Option<State> {
    Some(match s {
        "NotStarted" | "Rejected" => State::Initial,
        "Editing" | "PartiallyEdited" | "Pretranslated" | "ManuallyConfirmed" | "Confirmed" => {
            State::Translated
        }
        "Reviewer1Confirmed" | "Proofread" => State::Reviewed,
        "Reviewer2Confirmed" => State::Final,
        _ => return None,
    })
}

/// An SDLXLIFF `conf` as a diglot state.
fn sdl_state(s: &str) -> Option<State> {
    Some(match s {
        "Draft" | "Unspecified" | "RejectedTranslation" | "RejectedSignOff" => State::Initial,
        "Translated" => State::Translated,
        "ApprovedTranslation" => State::Reviewed,
        "ApprovedSignOff" => State::Final,
        _ => return None,
    })
}

/// `mrk mtype="seg"` elements below an element, with their `mid`.
fn segments(el: &Element) -> Vec<(&str, &Element)> {
    let mut out = Vec::new();
    fn walk<'a>(e: &'a Element, out: &mut Vec<(&'a str, &'a Element)>) {
        for c in e.elements() {
            if c.local == "mrk" && c.attr("mtype") == Some("seg") {
                out.push((c.attr("mid").unwrap_or_default(), c));
            } else {
                walk(c, out);
            }
        }
    }
    walk(el, &mut out);
    out
}

/// XLIFF 1.x inline content into coded text. Native code inside
/// `bpt`/`ept`/`ph`/`it` becomes the code's data.
pub(crate) fn inline1(el: &Element, out: &mut CodedText) {
    for n in &el.children {
        let e = match n {
            Node::Text(t, _, _) => {
                out.push_str(t);
                continue;
            }
            Node::Element(e) => e,
        };
        let id = e.attr("id").unwrap_or_default();
        let native = || {
            let t = e.text();
            if t.is_empty() {
                None
            } else {
                Some(t)
            }
        };
        let d = disp(e, &["equiv-text", "disp"]);
        match e.local.as_str() {
            "g" => {
                let mut open = Code::new(CodeKind::Open, id, ctype_of(e));
                open.disp = d;
                out.push_code(open);
                inline1(e, out);
                out.push_code(Code::new(CodeKind::Close, id, ctype_of(e)));
            }
            "x" => {
                let mut c = Code::new(CodeKind::Standalone, id, ctype_of(e));
                c.disp = d;
                out.push_code(c);
            }
            "bx" | "ex" => {
                let kind = if e.local == "bx" {
                    CodeKind::Open
                } else {
                    CodeKind::Close
                };
                let id = e.attr("rid").unwrap_or(id);
                let mut ctype = ctype_of(e);
                if kind == CodeKind::Close && e.attr("ctype").is_none() {
                    // `ex` has no ctype: it takes its `bx`'s.
                    if let Some(open) = out
                        .codes
                        .iter()
                        .rev()
                        .find(|c| c.kind == CodeKind::Open && c.id == id)
                    {
                        ctype = open.ctype.clone();
                    }
                }
                let mut c = Code::new(kind, id, ctype);
                c.disp = d;
                out.push_code(c);
            }
            "bpt" | "ept" => {
                let kind = if e.local == "bpt" {
                    CodeKind::Open
                } else {
                    CodeKind::Close
                };
                let mut c = Code::new(kind, e.attr("rid").unwrap_or(id), ctype_of(e));
                c.data = native();
                c.disp = d;
                out.push_code(c);
            }
            "ph" => {
                let mut c = Code::new(CodeKind::Standalone, id, ctype_of(e));
                c.data = native();
                c.disp = d;
                out.push_code(c);
            }
            "it" => {
                let kind = if e.attr("pos") == Some("close") {
                    CodeKind::Close
                } else {
                    CodeKind::Open
                };
                let mut c = Code::new(kind, e.attr("rid").unwrap_or(id), ctype_of(e));
                c.data = native();
                c.disp = d;
                out.push_code(c);
            }
            // Markers and anything unknown: keep the text, drop the markup.
            _ => inline1(e, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streaming reader and the tree reader agree on every XLIFF file
    /// of the fixtures and of `../shared/data/xliff` (when present): same
    /// document, or the same error.
    #[test]
    fn streaming_reader_equals_tree_reader() {
        fn walk(d: &Path, out: &mut Vec<std::path::PathBuf>) {
            let Ok(rd) = std::fs::read_dir(d) else {
                return;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p
                    .extension()
                    .is_some_and(|x| x == "xlf" || x == "xliff" || x == "xml")
                {
                    out.push(p);
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&root.join("tests/fixtures"), &mut files);
        walk(&root.join("../shared/data/xliff"), &mut files);
        assert!(files.len() > 40, "{} files", files.len());
        let (mut docs, mut errors) = (0, 0);
        for f in &files {
            let bytes = std::fs::read(f).unwrap();
            let tree = crate::xml::parse(&bytes, f)
                .map_err(XliffError::from)
                .and_then(|t| Ok(read_tree(&t, f)?.0));
            let streamed = read_document(&bytes, f);
            match (&tree, &streamed) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a, b, "{}", f.display());
                    let lines = |d: &Document| d.units().map(|u| u.line).collect::<Vec<_>>();
                    assert_eq!(lines(a), lines(b), "{}", f.display());
                    docs += 1;
                }
                (Err(a), Err(b)) => {
                    assert_eq!(a.to_string(), b.to_string(), "{}", f.display());
                    errors += 1;
                }
                _ => panic!("{}: tree {tree:?}, streamed {streamed:?}", f.display()),
            }
        }
        eprintln!("{docs} documents and {errors} errors equal");
    }

    /// Targets are read in display order (`order`), sources in document
    /// order: the OASIS `toJoin3` unit.
    #[test]
    fn reordered_targets_are_read_in_display_order() {
        let x = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"><file id="f1"><unit id="1">
<segment id="s1"><source>a1 </source><target>A1 </target></segment>
<segment id="s2"><source>b2 </source><target order="3">B3 </target></segment>
<segment id="s3"><source>c3 </source><target order="2">C2 </target></segment>
<segment id="s4"><source>d4.</source><target>D4.</target></segment>
</unit></file></xliff>"#;
        let d = read_document(x.as_bytes(), Path::new("o.xlf")).unwrap();
        let u = d.units().next().unwrap();
        assert_eq!(u.source.text, "a1 b2 c3 d4.");
        assert_eq!(u.target.as_ref().unwrap().text, "A1 C2 B3 D4.");
    }

    #[test]
    fn sdl_segments_and_alt_trans() {
        let x = r#"<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" target-language="fr" datatype="x" original="a"><body>
<trans-unit id="t1"><source>One. <g id="1">Two.</g></source>
<seg-source><mrk mtype="seg" mid="1">One.</mrk> <g id="1"><mrk mtype="seg" mid="2">Two.</mrk></g></seg-source>
<target><mrk mtype="seg" mid="1">Un.</mrk> <g id="1"><mrk mtype="seg" mid="2"/></g></target>
<alt-trans mid="2" match-quality="85%" origin="tm"><source>Two!</source><target>Deux !</target></alt-trans>
</trans-unit>
<trans-unit id="t2" translate="no" resname="k"><source>a<x id="2" ctype="lb"/>b<bpt id="3">&lt;b&gt;</bpt>c<ept id="3">&lt;/b&gt;</ept></source><target state="translated" state-qualifier="leveraged-tm">x</target><note from="dev">n</note></trans-unit>
</body></file></xliff>"#;
        let d = read_document(x.as_bytes(), Path::new("s.xlf")).unwrap();
        let u = &d.files[0].units;
        assert_eq!(u.len(), 3);
        assert_eq!(u[0].segment.as_deref(), Some("1"));
        assert_eq!(u[0].target.as_ref().unwrap().text, "Un.");
        assert_eq!(u[1].source.text, "Two.");
        assert_eq!(u[1].target.as_ref().unwrap().text, "");
        assert_eq!(u[1].matches.len(), 1);
        assert_eq!(u[1].matches[0].quality, Some(85));
        assert!(u[0].matches.is_empty());
        assert_eq!(u[2].source.display(), "a{2/}b{3}c{/3}");
        assert_eq!(u[2].source.codes[0].ctype, "linebreak");
        assert_eq!(u[2].source.codes[1].data.as_deref(), Some("<b>"));
        assert!(!u[2].translate);
        assert_eq!(u[2].state, Some(State::Translated));
        assert_eq!(u[2].state_qualifier.as_deref(), Some("leveraged-tm"));
        assert_eq!(u[2].notes[0].text, "n");
    }
}
