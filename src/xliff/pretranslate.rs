//! Lossless pre-translation of any XLIFF file.
//!
//! The file is parsed once to learn where each unit, source and target sits
//! (byte offsets in the decoded text); candidates and filled targets are then
//! *spliced* into the original text. Nothing is re-serialised: every byte
//! outside the insertions stays as it was (encoding, BOM, line endings,
//! comments, processing instructions, unknown namespaces, whitespace).
//!
//! * XLIFF 1.x: one `alt-trans` per candidate (`match-quality`, `origin`,
//!   `mid` for a `seg-source` segment), inserted after the `target` (or the
//!   `seg-source`/`source`). A filled target gets
//!   `state="needs-review-translation"` and `state-qualifier="exact-match"`
//!   (100 %) or `"fuzzy-match"`.
//! * XLIFF 2.x: an `mtc:matches` element (namespace declared on it) first in
//!   the unit, one `mtc:match` per candidate with `matchQuality` and a `ref`
//!   to the segment (an `id` is added to the segment when it has none).
//!   A filled target is inserted after the `source`.
//! * A target is filled only when `fill_threshold` is given, the best
//!   candidate reaches it, the unit's target is missing or empty, and every
//!   code of the candidate's target exists in the unit's source: the codes
//!   are then written by copying the source's own markup for them.
//!   Segmented 1.2 units (`seg-source`) and multi-segment 2.x units get
//!   candidates but no fill; 2.x multi-segment units get no candidates
//!   (a candidate covers one segment).
//! * Units with `translate="no"` are skipped.

use super::read::{major, read_tree, UnitLoc};
use super::write::{escape, inline, DataRefs};
use super::write12::inline12;
use super::{Document, Match, Unit, XliffError, NS_MTC};
use crate::model::{CodeKind, CodedText, Piece};
use crate::xml::{parse, Element, Node, TextEncoding, XmlDoc};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::path::Path;

/// The candidates of a unit (`None`: none). Called from several threads.
pub type Lookup<'l> = dyn Fn(&Unit) -> Option<Vec<Match>> + Sync + 'l;

/// Replace `start..end` of the decoded text by `text`.
pub(super) struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Add TM candidates (and optionally fill empty targets) to an XLIFF file
/// without re-serialising it. With nothing to add, the output is the input.
pub fn pretranslate(
    bytes: &[u8],
    path: &Path,
    lookup: &Lookup,
    fill_threshold: Option<u8>,
) -> Result<Vec<u8>, XliffError> {
    Parsed::parse(bytes, path)?.pretranslate(lookup, fill_threshold)
}

/// An XLIFF file parsed once for [`Parsed::pretranslate`]: its document can
/// be read first (to look every unit up in one batch) without parsing the
/// file again.
pub struct Parsed<'b> {
    tree: XmlDoc,
    bytes: &'b [u8],
    path: std::path::PathBuf,
}

impl<'b> Parsed<'b> {
    pub fn parse(bytes: &'b [u8], path: &Path) -> Result<Parsed<'b>, XliffError> {
        Ok(Parsed {
            tree: parse(bytes, path)?,
            bytes,
            path: path.to_path_buf(),
        })
    }

    /// The document (as [`read_document`](super::read_document) reads it).
    pub fn document(&self) -> Result<Document, XliffError> {
        Ok(read_tree(&self.tree, &self.path)?.0)
    }

    /// [`pretranslate`] on the parsed file.
    pub fn pretranslate(
        &self,
        lookup: &Lookup,
        fill_threshold: Option<u8>,
    ) -> Result<Vec<u8>, XliffError> {
        pretranslate_tree(&self.tree, self.bytes, &self.path, lookup, fill_threshold)
    }
}

fn pretranslate_tree(
    tree: &XmlDoc,
    bytes: &[u8],
    path: &Path,
    lookup: &Lookup,
    fill_threshold: Option<u8>,
) -> Result<Vec<u8>, XliffError> {
    let (doc, locs) = read_tree(tree, path)?;
    let text = tree.text();
    let v2 = major(&tree.root) == 2;
    // 1.2 segmented units share one trans-unit: group by unit element.
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut i = 0;
    while i < locs.len() {
        let mut j = i;
        while j < locs.len() && std::ptr::eq(locs[j].unit, locs[i].unit) {
            j += 1;
        }
        groups.push(i..j);
        i = j;
    }
    // The edits of each unit are independent: made in parallel, kept in
    // the order of the units.
    let edits: Vec<Edit> = groups
        .into_par_iter()
        .flat_map_iter(|r| {
            let mut edits = Vec::new();
            let unit_el = locs[r.start].unit;
            let group: Vec<&UnitLoc> = locs[r].iter().collect();
            let units: Vec<&Unit> = group
                .iter()
                .map(|l| &doc.files[l.file].units[l.index])
                .collect();
            if !units[0].translate {
                return edits.into_iter();
            }
            if v2 {
                unit2(text, unit_el, units[0], lookup, fill_threshold, &mut edits);
            } else {
                unit1(
                    text,
                    unit_el,
                    &group,
                    &units,
                    lookup,
                    fill_threshold,
                    &mut edits,
                );
            }
            edits.into_iter()
        })
        .collect();
    Ok(splice(tree, bytes, edits))
}

/// Apply edits to the decoded text and encode it as the input was; the
/// input itself when there is nothing to do.
pub(super) fn splice(tree: &XmlDoc, bytes: &[u8], edits: Vec<Edit>) -> Vec<u8> {
    if edits.is_empty() {
        return bytes.to_vec();
    }
    let text = tree.text();
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&k| (edits[k].start, k));
    let mut out = String::with_capacity(text.len() + edits.len() * 200);
    let mut pos = 0;
    for k in order {
        let e = &edits[k];
        if e.start < pos {
            continue; // overlapping edit: never produced, but never apply twice
        }
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.text);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    match tree.decoded.encoding {
        TextEncoding::Utf8 => {
            let mut b = tree.decoded.bom.clone();
            b.extend_from_slice(out.as_bytes());
            b
        }
        _ => tree.decoded.encode(&out),
    }
}

/// Line ending and indentation of the line an element starts on, when it
/// starts a line; empty otherwise (the element shares its line).
pub(super) fn layout(text: &str, start: usize) -> (String, String) {
    let before = &text[..start];
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let indent = &before[line_start..];
    if line_start == 0 || !indent.chars().all(|c| c == ' ' || c == '\t') {
        return (String::new(), String::new());
    }
    let nl = if before[..line_start - 1].ends_with('\r') {
        "\r\n"
    } else {
        "\n"
    };
    (nl.to_string(), indent.to_string())
}

pub(super) fn prefix_of(el: &Element) -> &str {
    match el.name.find(':') {
        Some(i) => &el.name[..=i],
        None => "",
    }
}

fn attr(out: &mut String, name: &str, value: &str) {
    let _ = write!(out, " {}=\"{}\"", name, escape(value, true, false));
}

fn best(matches: &[Match]) -> Option<&Match> {
    matches.iter().max_by_key(|m| m.quality.unwrap_or(0))
}

/// Whether a target element is missing content (absent, empty or blank).
pub(super) fn is_empty_target(t: &Element) -> bool {
    t.children.iter().all(|n| match n {
        Node::Text(s, _, _) => s.trim().is_empty(),
        Node::Element(_) => false,
    })
}

/// Raw markup of the inline codes of a source: (kind, id) → text.
pub(super) fn source_codes(
    text: &str,
    el: &Element,
    v2: bool,
    out: &mut HashMap<(CodeKind, String), String>,
) {
    for c in el.elements() {
        let id = c.attr("id").unwrap_or_default().to_string();
        let whole = text[c.start..c.end].to_string();
        match c.local.as_str() {
            "pc" | "g" => {
                let open = if c.empty {
                    format!("{}>", text[c.start..c.head_end].trim_end_matches("/>"))
                } else {
                    text[c.start..c.head_end].to_string()
                };
                let close = if c.empty {
                    format!("</{}>", c.name)
                } else {
                    text[c.tail_start..c.end].to_string()
                };
                out.insert((CodeKind::Open, id.clone()), open);
                out.insert((CodeKind::Close, id), close);
                source_codes(text, c, v2, out);
            }
            "ph" | "x" => {
                out.insert((CodeKind::Standalone, id), whole);
            }
            "sc" | "bx" | "bpt" => {
                let id = if v2 {
                    id
                } else {
                    c.attr("rid").map(str::to_string).unwrap_or(id)
                };
                out.insert((CodeKind::Open, id), whole);
            }
            "ec" | "ex" | "ept" => {
                let id = if v2 {
                    c.attr("startRef").map(str::to_string).unwrap_or(id)
                } else {
                    c.attr("rid").map(str::to_string).unwrap_or(id)
                };
                out.insert((CodeKind::Close, id), whole);
            }
            "it" => {
                let kind = if c.attr("pos") == Some("close") {
                    CodeKind::Close
                } else {
                    CodeKind::Open
                };
                out.insert(
                    (kind, c.attr("rid").map(str::to_string).unwrap_or(id)),
                    whole,
                );
            }
            _ => source_codes(text, c, v2, out),
        }
    }
}

/// The target content written with the source's own code markup, or
/// `None` when a code of the candidate is not in the source.
pub(super) fn fill_content(
    target: &CodedText,
    codes: &HashMap<(CodeKind, String), String>,
) -> Option<String> {
    let mut out = String::new();
    for p in target.pieces() {
        match p {
            Piece::Text(t) => out.push_str(&escape(t, false, false)),
            Piece::Code(c) => out.push_str(codes.get(&(c.kind, c.id.clone()))?),
        }
    }
    Some(out)
}

#[allow(clippy::too_many_arguments)]
fn unit1(
    text: &str,
    u: &Element,
    locs: &[&UnitLoc],
    units: &[&Unit],
    lookup: &Lookup,
    fill_threshold: Option<u8>,
    edits: &mut Vec<Edit>,
) {
    let prefix = prefix_of(u);
    // Declare the namespace again on inserted elements when the file uses a
    // prefix for it.
    let xmlns = if prefix.is_empty() {
        String::new()
    } else {
        format!(" xmlns=\"{}\"", escape(&u.ns, true, false))
    };
    let source = u.child("source");
    let seg_source = u.child("seg-source");
    let target = u.child("target");
    let Some(anchor) = target.or(seg_source).or(source) else {
        return;
    };
    let (nl, indent) = layout(text, anchor.start);
    let segmented = locs.iter().any(|l| l.mrk.is_some());
    let mut alt = String::new();
    let mut fill: Option<String> = None;
    for unit in units {
        let Some(matches) = lookup(unit) else {
            continue;
        };
        for m in &matches {
            alt.push_str(&nl);
            alt.push_str(&indent);
            let _ = write!(alt, "<alt-trans{xmlns}");
            if let Some(mid) = unit.segment.as_deref().or(m.segment.as_deref()) {
                attr(&mut alt, "mid", mid);
            }
            if let Some(q) = m.quality {
                attr(&mut alt, "match-quality", &q.min(100).to_string());
            }
            attr(&mut alt, "origin", m.origin.as_deref().unwrap_or("diglot"));
            alt.push_str("><source>");
            inline12(&mut alt, &m.source);
            alt.push_str("</source><target>");
            inline12(&mut alt, &m.target);
            alt.push_str("</target></alt-trans>");
        }
        if segmented || fill.is_some() {
            continue;
        }
        let (Some(th), Some(b)) = (fill_threshold, best(&matches)) else {
            continue;
        };
        if b.quality.unwrap_or(0) < th || !target.is_none_or(is_empty_target) {
            continue;
        }
        let mut codes = HashMap::new();
        if let Some(s) = source {
            source_codes(text, s, false, &mut codes);
        }
        let Some(content) = fill_content(&b.target, &codes) else {
            continue;
        };
        let qualifier = if b.quality == Some(100) {
            "exact-match"
        } else {
            "fuzzy-match"
        };
        let head = match target {
            Some(t) => strip_attrs(
                text[t.start..t.head_end]
                    .trim_end_matches('>')
                    .trim_end_matches('/'),
                &["state", "state-qualifier"],
            ),
            None => format!("<{prefix}target"),
        };
        let mut t = head.trim_end().to_string();
        attr(&mut t, "state", "needs-review-translation");
        attr(&mut t, "state-qualifier", qualifier);
        let _ = write!(t, ">{content}</{prefix}target>");
        fill = Some(t);
    }
    match (fill, target) {
        (Some(f), Some(t)) => {
            edits.push(Edit {
                start: t.start,
                end: t.end,
                text: f,
            });
            if !alt.is_empty() {
                edits.push(Edit {
                    start: t.end,
                    end: t.end,
                    text: alt,
                });
            }
        }
        (Some(f), None) => {
            let (tnl, tindent) = layout(text, anchor.start);
            edits.push(Edit {
                start: anchor.end,
                end: anchor.end,
                text: format!("{tnl}{tindent}{f}{alt}"),
            });
        }
        (None, _) => {
            if !alt.is_empty() {
                edits.push(Edit {
                    start: anchor.end,
                    end: anchor.end,
                    text: alt,
                });
            }
        }
    }
}

/// Remove attributes from the text of a start tag (`<x a="1" b='2'`).
pub(super) fn strip_attrs(tag: &str, names: &[&str]) -> String {
    let mut out = String::new();
    let bytes = tag.as_bytes();
    let mut i = 0;
    // Copy the element name.
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    out.push_str(&tag[..i]);
    while i < bytes.len() {
        let ws_start = i;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len() && bytes[i] != b'=' && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let name = &tag[name_start..i];
        while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\'' {
            i += 1;
        }
        if i >= bytes.len() {
            out.push_str(&tag[ws_start..]);
            break;
        }
        let q = bytes[i];
        i += 1;
        while i < bytes.len() && bytes[i] != q {
            i += 1;
        }
        i = (i + 1).min(bytes.len());
        if !names.contains(&name) {
            out.push_str(&tag[ws_start..i]);
        }
    }
    out
}

fn unit2(
    text: &str,
    u: &Element,
    unit: &Unit,
    lookup: &Lookup,
    fill_threshold: Option<u8>,
    edits: &mut Vec<Edit>,
) {
    let core_prefix = prefix_of(u);
    let segments: Vec<&Element> = u
        .elements()
        .filter(|e| e.ns == u.ns && e.local == "segment")
        .collect();
    if segments.len() != 1 {
        return;
    }
    let seg = segments[0];
    let Some(matches) = lookup(unit).filter(|m| !m.is_empty()) else {
        return;
    };
    let mut used = HashSet::new();
    collect_ids(u, &mut used);
    // The segment's id, added when missing.
    let seg_id = match seg.attr("id") {
        Some(id) => id.to_string(),
        None => {
            let id = (1..)
                .map(|n| format!("s{n}"))
                .find(|c| !used.contains(c))
                .unwrap_or_else(|| "s1".into());
            let at = if seg.empty {
                seg.head_end - 2
            } else {
                seg.head_end - 1
            };
            edits.push(Edit {
                start: at,
                end: at,
                text: format!(" id=\"{id}\""),
            });
            id
        }
    };
    let first_child = u.elements().next();
    let (nl, indent) = first_child
        .map(|c| layout(text, c.start))
        .unwrap_or_default();
    let existing = u
        .elements()
        .find(|e| e.ns == NS_MTC && e.local == "matches" && !e.empty);
    let mtc = existing.map(prefix_of).unwrap_or("mtc:");
    let core_ns = if core_prefix.is_empty() {
        String::new()
    } else {
        format!(" xmlns=\"{}\"", escape(&u.ns, true, false))
    };
    let mut body = String::new();
    let mut n = 0;
    for m in &matches {
        // Match ids unused in the unit (a file may be pre-translated twice).
        let id = loop {
            n += 1;
            let id = format!("diglot-m{n}");
            if !used.contains(&id) {
                break id;
            }
        };
        let _ = write!(body, "<{mtc}match{core_ns}");
        attr(&mut body, "id", &id);
        attr(&mut body, "ref", &format!("#{seg_id}"));
        if let Some(q) = m.quality {
            attr(
                &mut body,
                "matchQuality",
                &format!("{:.1}", f64::from(q.min(100))),
            );
        }
        attr(&mut body, "origin", m.origin.as_deref().unwrap_or("diglot"));
        body.push('>');
        let refs = DataRefs::of([&m.source, &m.target].into_iter());
        if !refs.entries.is_empty() {
            body.push_str("<originalData>");
            for (id, v) in &refs.entries {
                let _ = write!(
                    body,
                    "<data id=\"{}\">{}</data>",
                    escape(id, true, false),
                    escape(v, false, true)
                );
            }
            body.push_str("</originalData>");
        }
        body.push_str("<source>");
        inline(&mut body, &m.source, &refs);
        body.push_str("</source><target>");
        inline(&mut body, &m.target, &refs);
        let _ = write!(body, "</target></{mtc}match>");
    }
    match existing {
        Some(e) => edits.push(Edit {
            start: e.tail_start,
            end: e.tail_start,
            text: body,
        }),
        None => edits.push(Edit {
            start: u.head_end,
            end: u.head_end,
            text: format!("{nl}{indent}<mtc:matches xmlns:mtc=\"{NS_MTC}\">{body}</mtc:matches>"),
        }),
    }
    // Fill the target.
    let (Some(th), Some(b)) = (fill_threshold, best(&matches)) else {
        return;
    };
    let target = seg.child("target");
    if b.quality.unwrap_or(0) < th || !target.is_none_or(is_empty_target) {
        return;
    }
    let Some(source) = seg.child("source") else {
        return;
    };
    let mut codes = HashMap::new();
    source_codes(text, source, true, &mut codes);
    let Some(content) = fill_content(&b.target, &codes) else {
        return;
    };
    match target {
        Some(t) => {
            let head = text[t.start..t.head_end]
                .trim_end_matches('>')
                .trim_end_matches('/')
                .trim_end();
            edits.push(Edit {
                start: t.start,
                end: t.end,
                text: format!("{head}>{content}</{}>", t.name),
            });
        }
        None => {
            let (snl, sindent) = layout(text, source.start);
            edits.push(Edit {
                start: source.end,
                end: source.end,
                text: format!("{snl}{sindent}<{core_prefix}target>{content}</{core_prefix}target>"),
            });
        }
    }
}

fn collect_ids(el: &Element, out: &mut HashSet<String>) {
    if let Some(id) = el.attr("id") {
        out.insert(id.to_string());
    }
    for c in el.elements() {
        collect_ids(c, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_attributes() {
        assert_eq!(
            strip_attrs("<target xml:lang=\"fr\" state='new' a=\"x\"", &["state"]),
            "<target xml:lang=\"fr\" a=\"x\""
        );
    }

    #[test]
    fn layout_of_lines() {
        let t = "<a>\r\n  <b/>\n\t<c/><d/>";
        assert_eq!(
            layout(t, t.find("<b").unwrap()),
            ("\r\n".into(), "  ".into())
        );
        assert_eq!(layout(t, t.find("<c").unwrap()), ("\n".into(), "\t".into()));
        assert_eq!(
            layout(t, t.find("<d").unwrap()),
            (String::new(), String::new())
        );
    }
}
