//! XLIFF 2 writer: deterministic, indented, one unit per segment.

use super::{Document, Match, State, Unit, NS_MDA, NS_MTC, NS_XLIFF2, NS_XLIFF22};
use crate::model::{Code, CodeKind, CodedText, Piece};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Escape text content (and attribute values: quotes too). Characters XML 1.0
/// cannot carry become `<cp>` elements in content (`allow_cp`) or are
/// dropped (the rest is [`crate::xml::escape`]).
pub(crate) fn escape(s: &str, attr: bool, allow_cp: bool) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, attr, allow_cp);
    out
}

/// [`escape`], appended to `out`.
pub(crate) fn escape_into(out: &mut String, s: &str, attr: bool, allow_cp: bool) {
    if !allow_cp || s.chars().all(is_xml_char) {
        return crate::xml::escape_into(out, s, attr);
    }
    let mut run = 0;
    for (i, c) in s.char_indices() {
        if !is_xml_char(c) {
            crate::xml::escape_into(out, &s[run..i], attr);
            let _ = write!(out, "<cp hex=\"{:04X}\"/>", c as u32);
            run = i + c.len_utf8();
        }
    }
    crate::xml::escape_into(out, &s[run..], attr);
}

use crate::xml::is_xml_char;

/// XLIFF 2 `type` and `subType` for a code type.
pub(crate) fn type_of(ctype: &str) -> (&str, Option<String>) {
    match ctype {
        "link" => ("link", None),
        "image" => ("image", None),
        "emphasis" => ("fmt", Some("xlf:i".into())),
        "strong" => ("fmt", Some("xlf:b".into())),
        "linebreak" => ("fmt", Some("xlf:lb".into())),
        "fmt" | "ui" | "quote" | "other" => (ctype, None),
        c if c.contains(':') => ("other", Some(c.to_string())),
        c => ("other", Some(format!("diglot:{c}"))),
    }
}

/// How each code of a text is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `pc` start, with the index of its closing code.
    PcOpen(usize),
    PcClose,
    /// `sc`/`ec` pair that overlaps others (not isolated).
    Sc,
    Ec,
    /// `sc`/`ec` without partner in the text (`isolated="yes"`).
    Isolated,
    Ph,
}

fn shapes(text: &CodedText) -> Vec<Shape> {
    let order: Vec<usize> = text
        .text
        .chars()
        .filter_map(crate::model::placeholder_index)
        .collect();
    let mut shape = vec![Shape::Isolated; text.codes.len()];
    let mut stack: Vec<usize> = Vec::new();
    for &i in &order {
        let Some(c) = text.codes.get(i) else { continue };
        match c.kind {
            CodeKind::Standalone => shape[i] = Shape::Ph,
            CodeKind::Open => stack.push(i),
            CodeKind::Close => {
                if let Some(pos) = stack.iter().rposition(|&o| text.codes[o].id == c.id) {
                    let open = stack.remove(pos);
                    if pos == stack.len() {
                        // It was the innermost open code: well nested.
                        shape[open] = Shape::PcOpen(i);
                        shape[i] = Shape::PcClose;
                    } else {
                        shape[open] = Shape::Sc;
                        shape[i] = Shape::Ec;
                    }
                }
            }
        }
    }
    shape
}

/// Native data of the unit's codes, shared by source and target.
pub(crate) struct DataRefs {
    by_key: BTreeMap<(CodeKind, String), String>,
    pub(crate) entries: Vec<(String, String)>,
}

impl DataRefs {
    pub(crate) fn of<'a>(texts: impl Iterator<Item = &'a CodedText>) -> DataRefs {
        let mut d = DataRefs {
            by_key: BTreeMap::new(),
            entries: Vec::new(),
        };
        for t in texts {
            for c in &t.codes {
                if let Some(data) = &c.data {
                    let key = (c.kind, c.id.clone());
                    if d.by_key.contains_key(&key) {
                        continue;
                    }
                    let id = match d.entries.iter().find(|(_, v)| v == data) {
                        Some((id, _)) => id.clone(),
                        None => {
                            let id = format!("d{}", d.entries.len() + 1);
                            d.entries.push((id.clone(), data.clone()));
                            id
                        }
                    };
                    d.by_key.insert(key, id);
                }
            }
        }
        d
    }

    fn get(&self, c: &Code) -> Option<&str> {
        self.by_key.get(&(c.kind, c.id.clone())).map(|s| s.as_str())
    }
}

fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_into(out, value, true, false);
    out.push('"');
}

fn type_attrs(out: &mut String, c: &Code) {
    let (ty, sub) = type_of(&c.ctype);
    attr(out, "type", ty);
    if let Some(sub) = sub {
        attr(out, "subType", &sub);
    }
}

/// Write coded text as XLIFF 2 inline content.
pub(crate) fn inline(out: &mut String, text: &CodedText, refs: &DataRefs) {
    if text.codes.is_empty()
        && !text
            .text
            .chars()
            .any(|c| crate::model::placeholder_index(c).is_some())
    {
        // Plain text (most units): no shapes or pieces to work out.
        return escape_into(out, &text.text, false, true);
    }
    let shape = shapes(text);
    for p in text.pieces() {
        match p {
            Piece::Text(t) => escape_into(out, t, false, true),
            Piece::Code(c) => {
                let ix = text
                    .codes
                    .iter()
                    .position(|x| std::ptr::eq(x, c))
                    .unwrap_or(0);
                match shape[ix] {
                    Shape::Ph => {
                        out.push_str("<ph");
                        attr(out, "id", &c.id);
                        if let Some(d) = refs.get(c) {
                            attr(out, "dataRef", d);
                        }
                        if let Some(disp) = &c.disp {
                            attr(out, "disp", disp);
                            attr(out, "equiv", disp);
                        }
                        type_attrs(out, c);
                        out.push_str("/>");
                    }
                    Shape::PcOpen(close) => {
                        let end = &text.codes[close];
                        out.push_str("<pc");
                        attr(out, "id", &c.id);
                        if let Some(d) = refs.get(c) {
                            attr(out, "dataRefStart", d);
                        }
                        if let Some(d) = refs.get(end) {
                            attr(out, "dataRefEnd", d);
                        }
                        if let Some(disp) = &c.disp {
                            attr(out, "dispStart", disp);
                        }
                        if let Some(disp) = &end.disp {
                            attr(out, "dispEnd", disp);
                        }
                        type_attrs(out, c);
                        out.push('>');
                    }
                    Shape::PcClose => out.push_str("</pc>"),
                    Shape::Sc | Shape::Ec | Shape::Isolated => {
                        let open = c.kind == CodeKind::Open;
                        out.push_str(if open { "<sc" } else { "<ec" });
                        match (open, shape[ix]) {
                            (false, Shape::Ec) => attr(out, "startRef", &c.id),
                            _ => attr(out, "id", &c.id),
                        }
                        if let Some(d) = refs.get(c) {
                            attr(out, "dataRef", d);
                        }
                        if let Some(disp) = &c.disp {
                            attr(out, "disp", disp);
                        }
                        if shape[ix] == Shape::Isolated {
                            attr(out, "isolated", "yes");
                        }
                        type_attrs(out, c);
                        out.push_str("/>");
                    }
                }
            }
        }
    }
}

/// Serialise a document as XLIFF 2 (`version` from the document, `2.1` when
/// empty). The output depends only on the document: no timestamps.
pub fn write_v2(doc: &Document) -> String {
    let version = if doc.version.starts_with('2') {
        doc.version.as_str()
    } else {
        "2.1"
    };
    let has_meta = doc.units().any(|u| !u.meta.is_empty());
    let has_mtc = doc.units().any(|u| !u.matches.is_empty());
    let mut out = String::new();
    root_head(
        &mut out,
        version,
        &doc.source_lang,
        doc.target_lang.as_deref(),
        has_meta,
        has_mtc,
    );
    for f in &doc.files {
        file_head(&mut out, &f.id, f.original.as_deref());
        for g in groups(&f.units) {
            write_unit(&mut out, g);
        }
        out.push_str(FILE_TAIL);
    }
    out.push_str(ROOT_TAIL);
    out
}

const FILE_TAIL: &str = "  </file>\n";
const ROOT_TAIL: &str = "</xliff>\n";

/// The XML declaration and the root start tag.
fn root_head(
    out: &mut String,
    version: &str,
    source_lang: &str,
    target_lang: Option<&str>,
    has_meta: bool,
    has_mtc: bool,
) {
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff");
    let ns = if version == "2.2" {
        NS_XLIFF22
    } else {
        NS_XLIFF2
    };
    attr(out, "xmlns", ns);
    if has_meta {
        attr(out, "xmlns:mda", NS_MDA);
    }
    if has_mtc {
        attr(out, "xmlns:mtc", NS_MTC);
    }
    attr(out, "version", version);
    attr(out, "srcLang", source_lang);
    if let Some(t) = target_lang {
        attr(out, "trgLang", t);
    }
    out.push_str(">\n");
}

fn file_head(out: &mut String, id: &str, original: Option<&str>) {
    out.push_str("  <file");
    attr(out, "id", id);
    if let Some(o) = original {
        attr(out, "original", o);
    }
    out.push_str(">\n");
}

/// A translation-memory unit as [`write_store_unit`] writes it, borrowed
/// from wherever it is kept: one segment with a target and a state, and
/// diglot metadata; no name, notes or candidates.
#[derive(Debug, Clone, Copy)]
pub struct StoreUnit<'a> {
    pub id: &'a str,
    pub source: &'a CodedText,
    pub target: &'a CodedText,
    pub state: State,
    /// The diglot metadata group, in order.
    pub meta: &'a [(&'a str, &'a str)],
}

/// A translation-memory store written piece by piece (to a file, unit by
/// unit, without a [`Document`]): [`store_head`], [`write_store_unit`] for
/// each unit in order, then [`STORE_TAIL`]. The bytes are those
/// [`write_v2`] writes for a version 2.1 document of one file (`file_id`,
/// no `original`) of these units — `has_meta` tells whether any of them has
/// metadata.
pub fn store_head(source_lang: &str, target_lang: &str, file_id: &str, has_meta: bool) -> String {
    let mut out = String::new();
    root_head(
        &mut out,
        "2.1",
        source_lang,
        Some(target_lang),
        has_meta,
        false,
    );
    file_head(&mut out, file_id, None);
    out
}

/// The end of a store (see [`store_head`]).
pub const STORE_TAIL: &str = "  </file>\n</xliff>\n";

/// Append one unit of a store (see [`store_head`]).
pub fn write_store_unit(out: &mut String, u: &StoreUnit<'_>) {
    unit_head(out, u.id, None, true);
    if !u.meta.is_empty() {
        meta_group(out, u.meta.iter().copied());
    }
    let refs = DataRefs::of([u.source, u.target].into_iter());
    original_data(out, &refs);
    segment(
        out,
        None,
        Some(u.state),
        None,
        u.source,
        Some(u.target),
        &refs,
    );
    out.push_str(UNIT_TAIL);
}

const UNIT_TAIL: &str = "    </unit>\n";

fn unit_head(out: &mut String, id: &str, name: Option<&str>, translate: bool) {
    out.push_str("    <unit");
    attr(out, "id", id);
    if let Some(n) = name {
        attr(out, "name", n);
    }
    if !translate {
        attr(out, "translate", "no");
    }
    out.push_str(">\n");
}

fn meta_group<'a>(out: &mut String, meta: impl Iterator<Item = (&'a str, &'a str)>) {
    out.push_str("      <mda:metadata>\n        <mda:metaGroup category=\"diglot\">\n");
    for (k, v) in meta {
        out.push_str("          <mda:meta");
        attr(out, "type", k);
        out.push('>');
        escape_into(out, v, false, false);
        out.push_str("</mda:meta>\n");
    }
    out.push_str("        </mda:metaGroup>\n      </mda:metadata>\n");
}

fn original_data(out: &mut String, refs: &DataRefs) {
    if refs.entries.is_empty() {
        return;
    }
    out.push_str("      <originalData>\n");
    for (id, v) in &refs.entries {
        out.push_str("        <data");
        attr(out, "id", id);
        out.push('>');
        escape_into(out, v, false, true);
        out.push_str("</data>\n");
    }
    out.push_str("      </originalData>\n");
}

/// One `<segment>` (`id` written when given).
fn segment(
    out: &mut String,
    id: Option<&str>,
    state: Option<State>,
    sub_state: Option<&str>,
    source: &CodedText,
    target: Option<&CodedText>,
    refs: &DataRefs,
) {
    out.push_str("      <segment");
    if let Some(id) = id {
        attr(out, "id", id);
    }
    if let Some(s) = state {
        attr(out, "state", s.as_xliff2());
        if let Some(s) = sub_state {
            attr(out, "subState", s);
        }
    }
    out.push_str(">\n        <source>");
    inline(out, source, refs);
    out.push_str("</source>\n");
    if let Some(t) = target {
        out.push_str("        <target>");
        inline(out, t, refs);
        out.push_str("</target>\n");
    }
    out.push_str("      </segment>\n");
}

/// Consecutive units that are segments of one file unit (same id, each
/// with a `segment`), or single units.
pub(crate) fn groups(units: &[Unit]) -> Vec<&[Unit]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let mut j = i + 1;
        if units[i].segment.is_some() {
            while j < units.len() && units[j].segment.is_some() && units[j].id == units[i].id {
                j += 1;
            }
        }
        out.push(&units[i..j]);
        i = j;
    }
    out
}

/// Segment ids of a group: the `segment` values made NMTOKENs and unique.
pub(crate) fn segment_ids(parts: &[Unit]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    parts
        .iter()
        .map(|u| {
            let base: String = u
                .segment
                .as_deref()
                .unwrap_or(SEGMENT_ID)
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let base = if base.is_empty() { "s".into() } else { base };
            let mut id = base.clone();
            let mut n = 1;
            while !seen.insert(id.clone()) {
                n += 1;
                id = format!("{base}_{n}");
            }
            id
        })
        .collect()
}

/// Write one `<unit>`: a single unit, or the segments of one file unit.
pub(crate) fn write_unit(out: &mut String, parts: &[Unit]) {
    let u = &parts[0];
    let segmented = u.segment.is_some();
    let seg_ids = segment_ids(parts);
    unit_head(out, &u.id, u.name.as_deref(), u.translate);
    if parts.iter().any(|p| !p.matches.is_empty()) {
        out.push_str("      <mtc:matches>\n");
        let mut n = 0;
        for (p, sid) in parts.iter().zip(&seg_ids) {
            for m in &p.matches {
                n += 1;
                let mut m = m.clone();
                if segmented || m.segment.is_none() {
                    m.segment = Some(sid.clone());
                }
                write_match(out, &m, n, "        ");
            }
        }
        out.push_str("      </mtc:matches>\n");
    }
    if !u.meta.is_empty() {
        meta_group(out, u.meta.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    }
    if !u.notes.is_empty() {
        out.push_str("      <notes>\n");
        for n in &u.notes {
            out.push_str("        <note");
            if let Some(c) = &n.category {
                attr(out, "category", c);
            }
            let _ = writeln!(out, ">{}</note>", escape(&n.text, false, false));
        }
        out.push_str("      </notes>\n");
    }
    let refs = DataRefs::of(
        parts
            .iter()
            .flat_map(|p| std::iter::once(&p.source).chain(p.target.iter())),
    );
    original_data(out, &refs);
    for (p, sid) in parts.iter().zip(&seg_ids) {
        let id = (segmented || !p.matches.is_empty()).then_some(sid.as_str());
        segment(
            out,
            id,
            p.state,
            p.sub_state.as_deref(),
            &p.source,
            p.target.as_ref(),
            &refs,
        );
    }
    out.push_str(UNIT_TAIL);
}

/// Id given to the segment of a unit with candidates (their `ref`).
pub(crate) const SEGMENT_ID: &str = "s1";

/// Write one `mtc:match` (the `mtc` prefix must be in scope).
pub(crate) fn write_match(out: &mut String, m: &Match, n: usize, indent: &str) {
    let _ = write!(out, "{indent}<mtc:match");
    attr(out, "id", &format!("m{n}"));
    let seg = m.segment.as_deref().unwrap_or(SEGMENT_ID);
    attr(out, "ref", &format!("#{seg}"));
    if let Some(q) = m.quality {
        attr(
            out,
            "matchQuality",
            &format!("{:.1}", f64::from(q.min(100))),
        );
    }
    if let Some(o) = &m.origin {
        attr(out, "origin", o);
    }
    if let Some(k) = &m.kind {
        if MTC_TYPES.contains(&k.as_str()) {
            attr(out, "type", k);
        }
    }
    out.push_str(">\n");
    let refs = DataRefs::of([&m.source, &m.target].into_iter());
    if !refs.entries.is_empty() {
        let _ = writeln!(out, "{indent}  <originalData>");
        for (id, v) in &refs.entries {
            let _ = write!(out, "{indent}    <data");
            attr(out, "id", id);
            let _ = writeln!(out, ">{}</data>", escape(v, false, true));
        }
        let _ = writeln!(out, "{indent}  </originalData>");
    }
    let _ = write!(out, "{indent}  <source>");
    inline(out, &m.source, &refs);
    let _ = write!(out, "</source>\n{indent}  <target>");
    inline(out, &m.target, &refs);
    let _ = writeln!(out, "</target>\n{indent}</mtc:match>");
}

/// Values of `mtc:match/@type`.
const MTC_TYPES: &[&str] = &["am", "mt", "icm", "idm", "tb", "tm", "other"];
