//! Lossless operations on XLIFF 2.x files: the translator round trip's
//! "in-out" transformations (the OASIS test suites' `toJoin`, `toSegment`,
//! `toRemoveAnnotations`, `toRemoveExtensions` and `toRewrite` pairs).
//!
//! Like [`pretranslate`](super::pretranslate), every operation parses the
//! file once to learn byte offsets and then *splices* replacements into the
//! original text: whatever an operation does not touch keeps its bytes
//! (encoding, BOM, whitespace, comments, processing instructions, namespace
//! prefixes, extensions). An operation with nothing to do returns the input.
//!
//! * [`rewrite`]: read and write back. diglot never re-serialises, so the
//!   output is the input once it has been checked to be an XLIFF 2 document.
//! * [`remove_markup`]: remove annotations (`mrk` keeps its content, `sm`
//!   and the matching `em` go), all of them or only those of a user-defined
//!   type (`prefix:value`), and optionally the extensions and modules diglot
//!   does not own (elements and attributes of other namespaces).
//! * [`join_segments`] ([`join_units`] for some units): join the segments
//!   of each unit into one, in display order (see below); runs stop at a
//!   segment with `canResegment="no"` (inherited from `file`, `group`,
//!   `unit`).
//! * [`segment_units`]: split each segment's content into sentences with a
//!   caller-supplied segmenter (e.g. [`crate::segment::Segmenter`]); paired
//!   codes (`pc`) and annotations (`mrk`) that a boundary cuts become
//!   `sc`/`ec` and `sm`/`em`.
//!
//! Joined and split segments are written with the file's own markup for
//! everything they carry over (inline codes, source/target start tags).
//! Where the representation of a code must or may change, XLIFF 2's
//! mapping of attributes applies ("When converting representation between
//! a pair of `<sc>` and `<ec>` elements and a `<pc>` element or vice-versa,
//! Modifiers must map their attributes as shown in the following table",
//! XLIFF 2.1, section "Usage of `<pc>` and `<sc>`/`<ec>`"):
//!
//! * joining: a `sc`/`ec` pair whose two ends end up in one source or
//!   target, nesting with everything between them, becomes a `pc`
//!   (`dataRef`/`disp`/`equiv`/`subFlows` of the `sc` and the `ec` become
//!   the `…Start`/`…End` attributes, `canOverlap="yes"` unless the `sc`
//!   says otherwise, since `sc` overlaps by default and `pc` does not); a
//!   `sm`/`em` pair becomes a `mrk`. Modifiers "may convert, if it is
//!   possible, any pair of `<sc>` and `<ec>` elements into a `<pc>`
//!   element" (section "Target Content Modification"), and this is what the
//!   OASIS `toJoin` outputs do;
//! * splitting: a `pc` or `mrk` that a boundary cuts becomes `sc`/`ec` or
//!   `sm`/`em`;
//! * removing markup: a `pc` that a spanning code crosses (a `sc` inside
//!   it whose `ec` is in a later segment) becomes `sc`/`ec`: "A spanning
//!   code must be represented using a `<sc>` element and a `<ec>` element
//!   if the code is not well-formed or orphan" (same section); the OASIS
//!   `toRemoveExtensions` output does the same.
//!
//! ## Joining and the `order` attribute
//!
//! When targets are reordered (`order`), segments are joined in *display
//! order*: the joined target is the targets as a reader sees them, the
//! joined source takes the segments in the same sequence, and the segment
//! displayed first keeps its id (OASIS `toJoin3`/`toJoin4`: sources
//! `a1 b2 c3` with targets displayed `A1 C2 B3` join to `a1 c3 b2` /
//! `a1 C2 B3`; `s5`+`s6` displayed `s6`,`s5` join as `s6`). XLIFF 2.1,
//! section "Segmentation Modification", says "Two elements (`<segment>` or
//! `<ignorable>`) must not be joined if their `<target>` have resolved
//! `order` values that are not consecutive" and that after a join the
//! `order` attributes must be "updated to preserve the ordering of the
//! target content prior the segmentation modification"; it asks that "the
//! entire source content of any one `<unit>` element must remain logically
//! unchanged: `<segment>` elements or their data must not be moved or
//! joined across units". It does not say in which sequence the sources of
//! joined segments are concatenated. Reading "logically unchanged" as the
//! constraint spells it out (nothing moves across units), a join within a
//! unit may follow the display sequence, and doing so keeps the joined
//! source aligned with its target, which is the point of joining aligned
//! segments. Nothing in the text forbids it, and it is what the TC's own
//! test suite expects, so diglot follows the suite. Runs whose targets are
//! displayed among segments outside the run are not joined (their resolved
//! `order` values are not the run's own consecutive positions). The joined
//! segment's `state` is the earliest of the run's, with the `subState` of
//! the segment it comes from ("The `subState` attribute must be the one
//! associated with the `state` attribute selected"); a target that had an
//! `order` keeps one, renumbered among the unit's new segments.

use super::pretranslate::{layout, prefix_of, splice, Edit};
use super::read::{major, NS_XLIFF2_PREFIX};
use super::write::escape;
use super::XliffError;
use crate::xml::{parse, Element, Node, XmlDoc, NS_XML};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;
use std::ops::Range;
use std::path::Path;

/// Which annotations [`remove_markup`] removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AnnotationScope {
    /// Keep every annotation.
    #[default]
    None,
    /// Remove every `mrk` (keeping its content), `sm` and `em`.
    All,
    /// Remove only annotations whose `type` is user-defined (`prefix:value`,
    /// an extension of the annotation types), with the `em` ending them.
    UserDefined,
}

/// What [`remove_markup`] removes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemoveOptions {
    pub annotations: AnnotationScope,
    /// Remove elements and attributes of namespaces other than the XLIFF
    /// core, `xml:` and [`RemoveOptions::keep_namespaces`] (the content of
    /// `skeleton` is never touched).
    pub foreign: bool,
    /// Namespaces kept when `foreign` is set (the modules a caller owns).
    pub keep_namespaces: Vec<String>,
}

fn unsupported(tree: &XmlDoc, path: &Path, el: &Element, message: String) -> XliffError {
    let (line, column) = tree.line_col(el.start);
    XliffError::Unsupported {
        path: path.to_path_buf(),
        line,
        column,
        message,
    }
}

/// Parse an XLIFF 2 document; anything else is refused.
fn open_v2(bytes: &[u8], path: &Path) -> Result<XmlDoc, XliffError> {
    let tree = parse(bytes, path)?;
    if tree.root.local != "xliff" || major(&tree.root) != 2 {
        return Err(unsupported(
            &tree,
            path,
            &tree.root,
            format!(
                "<{}> is not an XLIFF 2 document (these operations need XLIFF 2.x)",
                tree.root.name
            ),
        ));
    }
    Ok(tree)
}

/// Apply the edits and make sure the result is still well-formed XML: an
/// edit that would break it (a namespace declaration lost with a removed
/// tag, say) is refused rather than written.
fn finish(
    tree: &XmlDoc,
    bytes: &[u8],
    edits: Vec<Edit>,
    path: &Path,
) -> Result<Vec<u8>, XliffError> {
    let out = splice(tree, bytes, edits);
    if let Err(e) = parse(&out, path) {
        return Err(unsupported(
            tree,
            path,
            &tree.root,
            format!("the operation would produce a broken document ({e}); file left as it is"),
        ));
    }
    Ok(out)
}

fn is_core(e: &Element) -> bool {
    e.ns.starts_with(NS_XLIFF2_PREFIX)
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Attributes of a start tag as written: qualified name and the span of
/// ` name="value"` (with its leading whitespace) within `head`.
fn attr_spans(head: &str) -> Vec<(String, Range<usize>)> {
    let b = head.as_bytes();
    let mut i = 1;
    while i < b.len() && !is_ws(b[i]) && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let mut out = Vec::new();
    loop {
        let from = i;
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' || b[i] == b'/' {
            break;
        }
        let name_start = i;
        while i < b.len() && b[i] != b'=' && !is_ws(b[i]) {
            i += 1;
        }
        let name = head[name_start..i].to_string();
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            break;
        }
        i += 1;
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        if i >= b.len() || (b[i] != b'"' && b[i] != b'\'') {
            break;
        }
        let q = b[i];
        i += 1;
        while i < b.len() && b[i] != q {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        i += 1;
        out.push((name, from..i));
    }
    out
}

/// A start tag with attributes removed (`remove` on the qualified name) and
/// set (replaced in place, or added at the end). Untouched attributes keep
/// their bytes.
fn edit_head(head: &str, remove: &dyn Fn(&str) -> bool, set: &[(&str, &str)]) -> String {
    let spans = attr_spans(head);
    let name_end = head
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(head.len());
    let mut out = head[..name_end].to_string();
    let mut pos = name_end;
    let mut done: HashSet<&str> = HashSet::new();
    for (name, span) in &spans {
        out.push_str(&head[pos..span.start]);
        pos = span.end;
        if let Some((n, v)) = set.iter().find(|(n, _)| n == name) {
            let raw = &head[span.clone()];
            let ws = &raw[..raw.len() - raw.trim_start().len()];
            let _ = write!(out, "{ws}{n}=\"{}\"", escape(v, true, false));
            done.insert(n);
        } else if !remove(name) {
            out.push_str(&head[span.clone()]);
        }
    }
    let tail = &head[pos..];
    let close = tail.trim_start();
    out.push_str(&tail[..tail.len() - close.len()]);
    for (n, v) in set {
        if !done.contains(n) {
            let _ = write!(out, " {n}=\"{}\"", escape(v, true, false));
        }
    }
    if close.starts_with('/') && !out.ends_with(' ') && !out.ends_with('"') {
        out.push(' ');
    }
    out.push_str(close);
    out
}

/// The namespace declarations written on a start tag: (attribute, value).
fn xmlns_decls(head: &str) -> Vec<(String, String)> {
    attr_spans(head)
        .into_iter()
        .filter(|(n, _)| n == "xmlns" || n.starts_with("xmlns:"))
        .filter_map(|(n, span)| {
            let raw = &head[span];
            let eq = raw.find('=')?;
            let v = raw[eq + 1..].trim();
            Some((n, v[1..v.len().saturating_sub(1)].to_string()))
        })
        .collect()
}

fn head(text: &str, el: &Element) -> String {
    text[el.start..el.head_end].to_string()
}

// ------------------------------------------------------------------ rewrite

/// Read an XLIFF 2 file and write it back. diglot does not re-serialise, so
/// the result is the input itself once it parses as an XLIFF 2 document.
pub fn rewrite(bytes: &[u8], path: &Path) -> Result<Vec<u8>, XliffError> {
    let tree = open_v2(bytes, path)?;
    Ok(splice(&tree, bytes, Vec::new()))
}

// ------------------------------------------------------------- remove markup

/// Remove annotations and/or foreign extensions from an XLIFF 2 file.
///
/// A `pc` that a spanning code crosses (a `sc` inside it whose `ec` is in a
/// later segment, say) is written as a `sc`/`ec` pair on the way, as XLIFF 2
/// requires for a code that is not well-formed.
pub fn remove_markup(
    bytes: &[u8],
    path: &Path,
    opts: &RemoveOptions,
) -> Result<Vec<u8>, XliffError> {
    let tree = open_v2(bytes, path)?;
    let text = tree.text();
    let mut edits = Vec::new();
    foreign_attrs(text, &tree.root, opts, &mut edits);
    remove_walk(text, &tree.root, opts, &mut edits);
    finish(&tree, bytes, edits, path)
}

/// The ids that `ref` attributes inside `e` point to (`#m1`, `#t=m2`,
/// `#/f=f1/u=1/s2`: the last step's id).
fn refs(e: &Element, out: &mut HashSet<String>) {
    for a in e
        .attrs
        .iter()
        .filter(|a| a.ns.is_empty() && a.local == "ref")
    {
        if let Some(frag) = a.value.strip_prefix('#') {
            let last = frag.rsplit('/').next().unwrap_or(frag);
            out.insert(last.rsplit('=').next().unwrap_or(last).to_string());
        }
    }
    for c in e.elements() {
        refs(c, out);
    }
}

fn keep_ns(ns: &str, opts: &RemoveOptions) -> bool {
    ns.is_empty()
        || ns.starts_with(NS_XLIFF2_PREFIX)
        || ns == NS_XML
        || opts.keep_namespaces.iter().any(|k| k == ns)
}

/// With `opts.foreign`, remove `el` when it is an extension element (a
/// namespace not kept); true when it was removed.
fn drop_foreign(el: &Element, opts: &RemoveOptions, edits: &mut Vec<Edit>) -> bool {
    if !opts.foreign || keep_ns(&el.ns, opts) {
        return false;
    }
    edits.push(Edit {
        start: el.start,
        end: el.end,
        text: String::new(),
    });
    true
}

fn user_defined(el: &Element) -> bool {
    el.attr("type").is_some_and(|t| t.contains(':'))
}

fn remove_walk(text: &str, el: &Element, opts: &RemoveOptions, edits: &mut Vec<Edit>) {
    if is_core(el) && el.local == "unit" {
        // `sm` and the `em` that ends it may sit in different segments.
        let mut ended: HashSet<String> = HashSet::new();
        fn markers(e: &Element, scope: AnnotationScope, out: &mut HashSet<String>) {
            for c in e.elements() {
                if is_core(c)
                    && c.local == "sm"
                    && (scope == AnnotationScope::All || user_defined(c))
                {
                    if let Some(id) = c.attr("id") {
                        out.insert(id.to_string());
                    }
                }
                markers(c, scope, out);
            }
        }
        if opts.annotations != AnnotationScope::None {
            markers(el, opts.annotations, &mut ended);
        }
        // An annotation something points to (`mtc:match ref="#m1"`, a
        // fragment `#t=m2`) stays, or the reference would dangle.
        let mut pointed: HashSet<String> = HashSet::new();
        refs(el, &mut pointed);
        ended.retain(|id| !pointed.contains(id));
        unit_annotations(text, el, opts, &ended, &pointed, edits);
    }
    for c in el.elements() {
        if drop_foreign(c, opts, edits) {
            continue;
        }
        if is_core(c) && c.local == "skeleton" {
            foreign_attrs(text, c, opts, edits);
            continue;
        }
        foreign_attrs(text, c, opts, edits);
        if !(is_core(c) && matches!(c.local.as_str(), "source" | "target")) {
            remove_walk(text, c, opts, edits);
        }
    }
}

/// Attribute removal on one start tag (foreign namespaces).
fn foreign_attrs(text: &str, el: &Element, opts: &RemoveOptions, edits: &mut Vec<Edit>) {
    if !opts.foreign {
        return;
    }
    let drop: HashSet<&str> = el
        .attrs
        .iter()
        .filter(|a| !keep_ns(&a.ns, opts))
        .map(|a| a.name.as_str())
        .collect();
    if drop.is_empty() {
        return;
    }
    let h = head(text, el);
    edits.push(Edit {
        start: el.start,
        end: el.head_end,
        text: edit_head(&h, &|n| drop.contains(n), &[]),
    });
}

/// Annotations (and foreign attributes) inside a unit.
fn unit_annotations(
    text: &str,
    unit: &Element,
    opts: &RemoveOptions,
    ended: &HashSet<String>,
    pointed: &HashSet<String>,
    edits: &mut Vec<Edit>,
) {
    #[allow(clippy::too_many_arguments)]
    fn inline(
        text: &str,
        el: &Element,
        opts: &RemoveOptions,
        ended: &HashSet<String>,
        pointed: &HashSet<String>,
        crossed: &HashSet<usize>,
        edits: &mut Vec<Edit>,
    ) {
        for c in el.elements() {
            if drop_foreign(c, opts, edits) {
                continue;
            }
            let all = opts.annotations == AnnotationScope::All;
            let some = opts.annotations != AnnotationScope::None
                && !c.attr("id").is_some_and(|id| pointed.contains(id));
            let core = is_core(c);
            match c.local.as_str() {
                "mrk" if core && some && (all || user_defined(c)) => {
                    edits.push(Edit {
                        start: c.start,
                        end: c.head_end,
                        text: String::new(),
                    });
                    if !c.empty {
                        edits.push(Edit {
                            start: c.tail_start,
                            end: c.end,
                            text: String::new(),
                        });
                    }
                    inline(text, c, opts, ended, pointed, crossed, edits);
                }
                "sm" if core && some && (all || user_defined(c)) => edits.push(Edit {
                    start: c.start,
                    end: c.end,
                    text: String::new(),
                }),
                "em" if core && c.attr("startRef").is_some_and(|r| ended.contains(r)) => edits
                    .push(Edit {
                        start: c.start,
                        end: c.end,
                        text: String::new(),
                    }),
                "pc" if core && crossed.contains(&c.start) => {
                    let mut kept = c.clone();
                    if opts.foreign {
                        kept.attrs.retain(|a| keep_ns(&a.ns, opts));
                    }
                    edits.push(Edit {
                        start: c.start,
                        end: c.head_end,
                        text: start_marker(&kept, &head(text, c)),
                    });
                    edits.push(Edit {
                        start: c.tail_start,
                        end: c.end,
                        text: end_marker(c),
                    });
                    inline(text, c, opts, ended, pointed, crossed, edits);
                }
                _ => {
                    foreign_attrs(text, c, opts, edits);
                    inline(text, c, opts, ended, pointed, crossed, edits);
                }
            }
        }
    }
    for c in unit.elements() {
        if is_core(c) && matches!(c.local.as_str(), "segment" | "ignorable") {
            for st in c.elements() {
                if is_core(st) && matches!(st.local.as_str(), "source" | "target") {
                    let mut crossed = HashSet::new();
                    crossed_pcs(st, &mut crossed);
                    inline(text, st, opts, ended, pointed, &crossed, edits);
                }
            }
        }
    }
}

/// The `pc` elements (by start offset) inside `el` that a spanning code
/// crosses: a `sc` or `ec` inside whose other end is outside, in another
/// segment say. XLIFF 2 requires such a code to be written as a `sc`/`ec`
/// pair ("A spanning code must be represented using a `<sc>` element and a
/// `<ec>` element if the code is not well-formed or orphan", Usage of
/// `<pc>` and `<sc>`/`<ec>`).
fn crossed_pcs(el: &Element, out: &mut HashSet<usize>) {
    fn codes<'e>(e: &'e Element, starts: &mut HashSet<&'e str>, ends: &mut HashSet<&'e str>) {
        for d in e.elements() {
            if is_core(d) && d.attr("isolated") != Some("yes") {
                match d.local.as_str() {
                    "sc" => {
                        starts.extend(d.attr("id"));
                    }
                    "ec" => {
                        ends.extend(d.attr("startRef"));
                    }
                    _ => {}
                }
            }
            codes(d, starts, ends);
        }
    }
    for c in el.elements() {
        if is_core(c) && c.local == "pc" && !c.empty {
            let (mut starts, mut ends) = (HashSet::new(), HashSet::new());
            codes(c, &mut starts, &mut ends);
            if starts != ends {
                out.insert(c.start);
            }
        }
        crossed_pcs(c, out);
    }
}

// ----------------------------------------------------------------- units

/// Units of a document with the `canResegment` and `xml:space` they inherit.
struct UnitCtx<'a> {
    unit: &'a Element,
    can_resegment: bool,
    preserve: bool,
}

fn collect_units<'a>(el: &'a Element, resegment: bool, preserve: bool, out: &mut Vec<UnitCtx<'a>>) {
    for c in el.elements() {
        if !is_core(c) {
            continue;
        }
        let r = c
            .attr("canResegment")
            .map(|v| v != "no")
            .unwrap_or(resegment);
        let p = c
            .attr_ns(NS_XML, "space")
            .map(|v| v == "preserve")
            .unwrap_or(preserve);
        match c.local.as_str() {
            "file" | "group" => collect_units(c, r, p, out),
            "unit" => out.push(UnitCtx {
                unit: c,
                can_resegment: r,
                preserve: p,
            }),
            _ => {}
        }
    }
}

fn space_preserve(el: &Element, inherited: bool) -> bool {
    el.attr_ns(NS_XML, "space")
        .map(|v| v == "preserve")
        .unwrap_or(inherited)
}

fn state_rank(s: Option<&str>) -> u8 {
    match s {
        Some("translated") => 1,
        Some("reviewed") => 2,
        Some("final") => 3,
        _ => 0,
    }
}

const STATES: [&str; 4] = ["initial", "translated", "reviewed", "final"];

/// A `segment` or `ignorable` of a unit.
struct Part<'a> {
    el: &'a Element,
    segment: bool,
    source: Option<&'a Element>,
    target: Option<&'a Element>,
    /// Position among the unit's segments and ignorables, from 1.
    index: usize,
    /// Where its target is displayed (`order`, else `index`).
    display: usize,
}

fn parts(unit: &Element) -> Vec<Part<'_>> {
    let mut v = Vec::new();
    for c in unit.elements() {
        if !is_core(c) || !matches!(c.local.as_str(), "segment" | "ignorable") {
            continue;
        }
        let index = v.len() + 1;
        let source = c.elements().find(|e| is_core(e) && e.local == "source");
        let target = c.elements().find(|e| is_core(e) && e.local == "target");
        let display = target
            .and_then(|t| t.attr("order"))
            .and_then(|o| o.trim().parse().ok())
            .unwrap_or(index);
        v.push(Part {
            el: c,
            segment: c.local == "segment",
            source,
            target,
            index,
            display,
        });
    }
    v
}

/// Assemble a segment from its start tag, the source and target start tags
/// and contents, laid out like `like` (the segment it replaces).
struct SegmentText<'s> {
    text: &'s str,
    like: &'s Element,
    head: String,
    source_head: String,
    source: String,
    target: Option<(String, String)>,
}

impl SegmentText<'_> {
    fn render(&self) -> String {
        let p = prefix_of(self.like);
        let children: Vec<&Element> = self.like.elements().collect();
        let ws = |a: usize, b: usize| -> &str {
            match self.text.get(a..b) {
                Some(s) if s.trim().is_empty() => s,
                _ => "",
            }
        };
        let (open_ws, mid_ws, close_ws) = match children.as_slice() {
            [] => ("", "", ""),
            [one] => (
                ws(self.like.head_end, one.start),
                ws(self.like.head_end, one.start),
                ws(one.end, self.like.tail_start),
            ),
            [first, second, ..] => (
                ws(self.like.head_end, first.start),
                ws(first.end, second.start),
                ws(children[children.len() - 1].end, self.like.tail_start),
            ),
        };
        let mut out = self.head.trim_end_matches("/>").to_string();
        if self.head.ends_with("/>") {
            out.push('>');
        }
        out.push_str(open_ws);
        push_element(&mut out, &self.source_head, &self.source, p, "source");
        if let Some((h, c)) = &self.target {
            out.push_str(mid_ws);
            push_element(&mut out, h, c, p, "target");
        }
        out.push_str(close_ws);
        let _ = write!(out, "</{p}segment>");
        out
    }
}

fn push_element(out: &mut String, head: &str, content: &str, prefix: &str, local: &str) {
    if let Some(h) = head.strip_suffix("/>") {
        out.push_str(h.trim_end());
        out.push('>');
    } else {
        out.push_str(head);
    }
    out.push_str(content);
    let _ = write!(out, "</{prefix}{local}>");
}

/// A start tag's `xml:space` made `preserve` when `want` and not already.
fn with_space(head: &str, own: bool, want: bool) -> String {
    if want && !own {
        edit_head(head, &|_| false, &[("xml:space", "preserve")])
    } else {
        head.to_string()
    }
}

// ------------------------------------------------------------------- join

/// Join the segments of every XLIFF 2 unit into one segment. Ignorables
/// between joined segments become part of it; a segment with
/// `canResegment="no"` is kept and stops the run.
///
/// The parts of a run are joined in *display order* (the targets' resolved
/// `order`): the joined target is the targets in the order a reader sees
/// them, and the joined source follows the same sequence of segments, so
/// that source and target stay aligned (see the module documentation for
/// the reading of the specification). The joined segment keeps the id and
/// attributes of the first segment in display order, with the earliest
/// `state` of the run and the `subState` of the segment that state comes
/// from. Its target keeps an `order` the first target had (renumbered), or
/// gets one when the joined segment is displayed away from its position.
///
/// In the joined content, a `sc`/`ec` pair whose two ends are now in the
/// same source or target and nest with everything between them becomes a
/// `pc` (attributes mapped as XLIFF 2 prescribes, `canOverlap="yes"` unless
/// the `sc` says otherwise), and a `sm`/`em` pair becomes a `mrk`.
///
/// A run whose targets are reordered with segments outside it (their
/// resolved `order` values are not the run's own positions), whose parts
/// declare one namespace prefix differently, or with a segment other than
/// the one that keeps its id that a `ref` points to, is left as it is.
/// Comments and processing instructions between joined segments are not
/// kept (they sit between elements that no longer exist).
pub fn join_segments(bytes: &[u8], path: &Path) -> Result<Vec<u8>, XliffError> {
    join_units(bytes, path, &[])
}

/// [`join_segments`] in the units whose `id` is one of `only` (in every
/// unit when `only` is empty).
pub fn join_units(bytes: &[u8], path: &Path, only: &[String]) -> Result<Vec<u8>, XliffError> {
    let tree = open_v2(bytes, path)?;
    let text = tree.text();
    let mut units = Vec::new();
    collect_units(&tree.root, true, false, &mut units);
    let mut edits = Vec::new();
    for u in &units {
        let asked = only.is_empty()
            || u.unit
                .attr("id")
                .is_some_and(|id| only.iter().any(|o| o == id));
        if asked {
            join_unit(text, u, &mut edits);
        }
    }
    finish(&tree, bytes, edits, path)
}

/// The members of a group in display order (stable on document order).
fn display_sorted<'p, 'a>(members: &[&'p Part<'a>]) -> Vec<&'p Part<'a>> {
    let mut v = members.to_vec();
    v.sort_by_key(|m| (m.display, m.index));
    v
}

fn join_unit(text: &str, u: &UnitCtx, edits: &mut Vec<Edit>) {
    let parts = parts(u.unit);
    if parts.iter().filter(|p| p.segment).count() < 2 {
        return;
    }
    let joinable = |p: &Part| {
        p.el.attr("canResegment")
            .map(|v| v != "no")
            .unwrap_or(u.can_resegment)
    };
    // Groups of part indices: runs to join and parts kept alone.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, groups: &mut Vec<Vec<usize>>| {
        let last_seg = run.iter().rposition(|&k| parts[k].segment);
        let tail = match last_seg {
            Some(i) => run.split_off(i + 1),
            None => std::mem::take(run),
        };
        if !run.is_empty() {
            groups.push(std::mem::take(run));
        }
        groups.extend(tail.into_iter().map(|k| vec![k]));
    };
    for (k, p) in parts.iter().enumerate() {
        let extends = if p.segment {
            joinable(p)
        } else {
            run.iter().any(|&r| parts[r].segment)
        };
        if extends {
            run.push(k);
        } else {
            flush(&mut run, &mut groups);
            groups.push(vec![k]);
        }
    }
    flush(&mut run, &mut groups);
    // A run can be joined when its targets are displayed among themselves
    // (consecutive resolved `order` values, the run's own positions) and
    // nothing points to a segment that would disappear.
    let mut pointed = HashSet::new();
    refs(u.unit, &mut pointed);
    let mut final_groups: Vec<Vec<usize>> = Vec::new();
    for g in groups {
        let members: Vec<&Part> = g.iter().map(|&k| &parts[k]).collect();
        let keeper = display_sorted(&members)
            .into_iter()
            .find(|m| m.segment)
            .map(|m| m.index);
        let lost = members.iter().any(|m| {
            Some(m.index) != keeper && m.el.attr("id").is_some_and(|id| pointed.contains(id))
        });
        let mut own: Vec<usize> = members.iter().map(|m| m.index).collect();
        let mut shown: Vec<usize> = members.iter().map(|m| m.display).collect();
        own.sort_unstable();
        shown.sort_unstable();
        if g.len() > 1 && (lost || own != shown || !namespaces_agree(text, &parts, &g)) {
            final_groups.extend(g.into_iter().map(|k| vec![k]));
        } else {
            final_groups.push(g);
        }
    }
    if final_groups.iter().all(|g| g.len() == 1) {
        return;
    }
    // New display ranks.
    let mut keys: Vec<(usize, usize)> = final_groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.iter().map(|&k| parts[k].display).min().unwrap_or(0), i))
        .collect();
    keys.sort_unstable();
    let mut rank = vec![0; final_groups.len()];
    for (r, (_, i)) in keys.into_iter().enumerate() {
        rank[i] = r + 1;
    }
    for (i, g) in final_groups.iter().enumerate() {
        let new_index = i + 1;
        if g.len() == 1 {
            let p = &parts[g[0]];
            let Some(t) = p.target else { continue };
            let had = t.attr("order").map(str::to_string);
            let order = new_order(had.is_some(), rank[i], new_index);
            if had == order {
                continue;
            }
            let h = head(text, t);
            let new = match &order {
                Some(o) => edit_head(&h, &|_| false, &[("order", o)]),
                None => edit_head(&h, &|n| n == "order", &[]),
            };
            edits.push(Edit {
                start: t.start,
                end: t.head_end,
                text: new,
            });
            continue;
        }
        let members: Vec<&Part> = g.iter().map(|&k| &parts[k]).collect();
        edits.push(Edit {
            start: members[0].el.start,
            end: members[members.len() - 1].el.end,
            text: joined(text, u, &members, rank[i], new_index),
        });
    }
}

/// The `order` of a target now displayed at `rank` among `index` parts: a
/// target that had one keeps it (renumbered); another gets one only when it
/// is displayed away from its position.
fn new_order(had: bool, rank: usize, index: usize) -> Option<String> {
    (had || rank != index).then(|| rank.to_string())
}

/// Whether the namespace declarations on the parts' tags agree.
fn namespaces_agree(text: &str, parts: &[Part], g: &[usize]) -> bool {
    let mut seen: HashMap<String, String> = HashMap::new();
    for &k in g {
        let p = &parts[k];
        for el in [Some(p.el), p.source, p.target].into_iter().flatten() {
            for (n, v) in xmlns_decls(&head(text, el)) {
                if seen.get(&n).is_some_and(|old| *old != v) {
                    return false;
                }
                seen.insert(n, v);
            }
        }
    }
    true
}

fn joined(text: &str, u: &UnitCtx, members: &[&Part], rank: usize, new_index: usize) -> String {
    let shown = display_sorted(members);
    // The segment that keeps its id and attributes: the first in display
    // order (a group always holds a segment).
    let first = shown
        .iter()
        .copied()
        .find(|m| m.segment)
        .unwrap_or(members[0]);
    let seg_preserve = space_preserve(first.el, u.preserve);
    // Namespace declarations of the other parts move to the joined segment.
    let mut decls: BTreeMap<String, String> = BTreeMap::new();
    let first_decls: HashSet<String> = xmlns_decls(&head(text, first.el))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for p in members {
        for el in [Some(p.el), p.source, p.target].into_iter().flatten() {
            for (n, v) in xmlns_decls(&head(text, el)) {
                if !first_decls.contains(&n) {
                    decls.insert(n, v);
                }
            }
        }
    }
    // State: the earliest of the joined segments, with the subState of the
    // (first in display order) segment it comes from.
    let from = shown
        .iter()
        .filter(|p| p.segment)
        .min_by_key(|p| state_rank(p.el.attr("state")))
        .copied()
        .unwrap_or(first);
    let min = state_rank(from.el.attr("state"));
    let mut seg_head = head(text, first.el);
    if min != state_rank(first.el.attr("state")) {
        let state = STATES[min as usize];
        seg_head = match (min, from.el.attr("subState")) {
            (0, _) => edit_head(&seg_head, &|n| n == "state" || n == "subState", &[]),
            (_, Some(sub)) => edit_head(
                &seg_head,
                &|_| false,
                &[("state", state), ("subState", sub)],
            ),
            (_, None) => edit_head(&seg_head, &|n| n == "subState", &[("state", state)]),
        };
    }
    if !decls.is_empty() {
        let set: Vec<(&str, &str)> = decls
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        seg_head = edit_head(&seg_head, &|_| false, &set);
    }
    let p = prefix_of(first.el).to_string();
    // Source: the sources in display order.
    let sources: Vec<&Element> = shown.iter().filter_map(|m| m.source).collect();
    let source = joined_content(text, &sources);
    let src_preserve = shown.iter().any(|m| {
        m.source
            .is_some_and(|s| space_preserve(s, space_preserve(m.el, u.preserve)))
    });
    let src_model = first.source.or_else(|| sources.first().copied());
    let (src_head, src_own) = match src_model {
        Some(s) => (head(text, s), space_preserve(s, seg_preserve)),
        None => (format!("<{p}source>"), seg_preserve),
    };
    let source_head = with_space(&src_head, src_own, src_preserve);
    // Target: the targets in display order.
    let targets: Vec<&Element> = shown.iter().filter_map(|m| m.target).collect();
    let target = if targets.is_empty() {
        None
    } else {
        let content = joined_content(text, &targets);
        let preserve = shown.iter().any(|m| {
            m.target
                .is_some_and(|t| space_preserve(t, space_preserve(m.el, u.preserve)))
        });
        let model = first.target.unwrap_or(targets[0]);
        let (h, own) = (head(text, model), space_preserve(model, seg_preserve));
        let h = match new_order(model.attr("order").is_some(), rank, new_index) {
            Some(o) => edit_head(&h, &|_| false, &[("order", &o)]),
            None => edit_head(&h, &|n| n == "order", &[]),
        };
        Some((with_space(&h, own, preserve), content))
    };
    SegmentText {
        text,
        like: first.el,
        head: seg_head,
        source_head,
        source,
        target,
    }
    .render()
}

/// The contents of `sides` (sources, or targets) one after the other, with
/// the spanning-code and annotation pairs that now nest in one content
/// written as `pc` and `mrk` ([`pair_conversions`]).
fn joined_content(text: &str, sides: &[&Element]) -> String {
    let mut repl = pair_conversions(text, sides);
    repl.sort_by_key(|r| r.0);
    let mut out = String::new();
    for el in sides {
        if el.empty {
            continue;
        }
        let mut pos = el.head_end;
        for (start, end, with) in repl
            .iter()
            .filter(|r| r.0 >= el.head_end && r.1 <= el.tail_start)
        {
            if *start < pos {
                continue;
            }
            out.push_str(&text[pos..*start]);
            out.push_str(with);
            pos = *end;
        }
        out.push_str(&text[pos..el.tail_start]);
    }
    out
}

fn is_marker(e: &Element) -> bool {
    is_core(e) && matches!(e.local.as_str(), "sc" | "ec" | "sm" | "em")
}

/// Whether the attributes of an `ec` say nothing a `pc` made from it and
/// its `sc` would lose (XLIFF 2 maps `dataRef`, `disp`, `equiv` and
/// `subFlows` of the `ec` to the `pc`'s `…End` attributes; the others must
/// agree with the `sc`).
fn ec_fits(sc: &Element, ec: &Element) -> bool {
    ec.attrs.iter().all(|a| {
        if !a.ns.is_empty() {
            return false;
        }
        let on_sc = |n: &str, default: &'static str| sc.attr(n).unwrap_or(default).to_string();
        match a.local.as_str() {
            "startRef" | "dataRef" | "disp" | "equiv" | "subFlows" => true,
            "isolated" => a.value == "no",
            "canReorder" => {
                let s = on_sc("canReorder", "yes");
                a.value == s || (a.value == "no" && s == "firstNo")
            }
            "canOverlap" | "canCopy" | "canDelete" => a.value == on_sc(&a.local, "yes"),
            "type" | "subType" | "dir" => sc.attr(&a.local) == Some(a.value.as_str()),
            _ => false,
        }
    })
}

/// The attributes of a start tag as written, renamed by `rename` (`None`:
/// kept as is, `Some("")`: dropped).
fn renamed_attrs(head: &str, rename: &dyn Fn(&str) -> Option<&'static str>) -> String {
    let mut out = String::new();
    for (name, span) in attr_spans(head) {
        let raw = &head[span];
        let ws = raw.len() - raw.trim_start().len();
        let rest = &raw[ws + name.len()..];
        match rename(&name) {
            Some("") => {}
            Some(n) => {
                out.push_str(&raw[..ws]);
                out.push_str(n);
                out.push_str(rest);
            }
            None => out.push_str(raw),
        }
    }
    out
}

/// Replacements `(start, end, text)` that write each `sc`/`ec` pair of the
/// concatenated `sides` as a `pc`, and each `sm`/`em` pair as a `mrk`, when
/// both ends are there and every spanning code or annotation between them
/// starts and ends between them too (a `pc` never encloses half of a code).
fn pair_conversions(text: &str, sides: &[&Element]) -> Vec<(usize, usize, String)> {
    let mut evs = Vec::new();
    for el in sides {
        flatten(el, &mut evs);
    }
    let n = evs.len();
    let mut partner: Vec<Option<usize>> = vec![None; n];
    let mut structural = vec![false; n];
    let mut open_at: HashMap<*const Element, usize> = HashMap::new();
    let mut pending: HashMap<(bool, String), usize> = HashMap::new();
    for (k, e) in evs.iter().enumerate() {
        match e {
            Ev::Open(el) => {
                structural[k] = true;
                open_at.insert(*el as *const Element, k);
            }
            Ev::Close(el) => {
                structural[k] = true;
                if let Some(&o) = open_at.get(&(*el as *const Element)) {
                    partner[o] = Some(k);
                    partner[k] = Some(o);
                }
            }
            Ev::Whole(el) if is_marker(el) => {
                structural[k] = true;
                let code = matches!(el.local.as_str(), "sc" | "ec");
                if el.attr("isolated") == Some("yes") {
                    continue;
                }
                match el.local.as_str() {
                    "sc" | "sm" => {
                        if let Some(id) = el.attr("id") {
                            pending.insert((code, id.to_string()), k);
                        }
                    }
                    _ => {
                        if let Some(s) = el
                            .attr("startRef")
                            .and_then(|r| pending.remove(&(code, r.to_string())))
                        {
                            partner[s] = Some(k);
                            partner[k] = Some(s);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in 0..n {
        let (Ev::Whole(start), Some(e)) = (&evs[s], partner[s]) else {
            continue;
        };
        if e < s || !is_marker(start) {
            continue;
        }
        let Ev::Whole(end) = &evs[e] else { continue };
        let nested = (s + 1..e)
            .filter(|&k| structural[k])
            .all(|k| partner[k].is_some_and(|p| p > s && p < e));
        if !nested {
            continue;
        }
        let p = prefix_of(start);
        let sh = &text[start.start..start.head_end];
        if start.local == "sc" {
            if !ec_fits(start, end) {
                continue;
            }
            let mut head = format!("<{p}pc");
            head.push_str(&renamed_attrs(sh, &|n| match n {
                "dataRef" => Some("dataRefStart"),
                "disp" => Some("dispStart"),
                "equiv" => Some("equivStart"),
                "subFlows" => Some("subFlowsStart"),
                "isolated" => Some(""),
                _ => None,
            }));
            if start.attr("canOverlap").is_none() {
                // `sc` overlaps by default, `pc` does not.
                head.push_str(" canOverlap=\"yes\"");
            }
            let eh = &text[end.start..end.head_end];
            let ends: String = renamed_attrs(eh, &|n| match n {
                "dataRef" => Some("dataRefEnd"),
                "disp" => Some("dispEnd"),
                "equiv" => Some("equivEnd"),
                "subFlows" => Some("subFlowsEnd"),
                _ => Some(""),
            });
            head.push_str(&ends);
            head.push('>');
            out.push((start.start, start.end, head));
            out.push((end.start, end.end, format!("</{p}pc>")));
        } else {
            if end
                .attrs
                .iter()
                .any(|a| !a.ns.is_empty() || a.local != "startRef")
            {
                continue;
            }
            let mut head = format!("<{p}mrk");
            head.push_str(&renamed_attrs(sh, &|_| None));
            head.push('>');
            out.push((start.start, start.end, head));
            out.push((end.start, end.end, format!("</{p}mrk>")));
        }
    }
    out
}

// ---------------------------------------------------------------- segment

/// A segmenter for [`segment_units`]: language, side, text → sentences.
pub type SplitFn<'a> = dyn Fn(&str, Side, &str) -> Vec<Range<usize>> + 'a;

/// Which side of a segment the segmenter is asked to split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

/// The character standing for an inline element in the text given to the
/// segmenter (one of diglot's inline-code placeholders).
pub fn code_placeholder() -> char {
    crate::model::placeholder(0)
}

enum Ev<'a> {
    Text(String),
    /// An inline element copied as written (`ph`, `sc`, `ec`, `sm`, `em`,
    /// `cp`, an empty `pc`/`mrk`, anything unknown).
    Whole(&'a Element),
    Open(&'a Element),
    Close(&'a Element),
}

fn flatten<'a>(el: &'a Element, out: &mut Vec<Ev<'a>>) {
    for n in &el.children {
        match n {
            Node::Text(t, _, _) => out.push(Ev::Text(t.clone())),
            Node::Element(c) => {
                if is_core(c) && matches!(c.local.as_str(), "pc" | "mrk") && !c.empty {
                    out.push(Ev::Open(c));
                    flatten(c, out);
                    out.push(Ev::Close(c));
                } else {
                    out.push(Ev::Whole(c));
                }
            }
        }
    }
}

/// The text a segmenter sees (codes as placeholders) and each event's
/// offset in it.
/// The flattened content of a source or target, the offsets of its pieces in
/// the flat text, and where the segmenter cuts it (starts of the second and
/// later sentences).
fn sentence_cuts<'a>(
    el: &'a Element,
    lang: &str,
    side: Side,
    split: &SplitFn,
) -> (Vec<Ev<'a>>, Vec<usize>, Vec<usize>) {
    let mut evs = Vec::new();
    flatten(el, &mut evs);
    let (flat, at) = flat_text(&evs);
    let cuts = split(lang, side, &flat)
        .iter()
        .skip(1)
        .map(|r| r.start)
        .filter(|&c| c > 0 && c < flat.len() && flat.is_char_boundary(c))
        .collect();
    (evs, at, cuts)
}

fn flat_text(evs: &[Ev]) -> (String, Vec<usize>) {
    let mut s = String::new();
    let mut at = Vec::with_capacity(evs.len());
    for e in evs {
        at.push(s.len());
        match e {
            Ev::Text(t) => s.push_str(t),
            _ => s.push(code_placeholder()),
        }
    }
    (s, at)
}

/// Split the content of a source or target at `cuts` (offsets in its flat
/// text): one content string per piece.
fn cut_content(text: &str, evs: &[Ev], at: &[usize], cuts: &[usize]) -> Vec<String> {
    let mut cuts = cuts.to_vec();
    cuts.sort_unstable();
    cuts.dedup();
    let cuts = cuts.as_slice();
    let piece_of = |off: usize| cuts.iter().filter(|&&c| c <= off).count();
    // Piece of each Open's Close.
    let mut close_piece: HashMap<*const Element, usize> = HashMap::new();
    for (e, &off) in evs.iter().zip(at) {
        if let Ev::Close(el) = e {
            close_piece.insert(*el as *const Element, piece_of(off));
        }
    }
    let mut open_piece: HashMap<*const Element, usize> = HashMap::new();
    let mut pieces = vec![String::new(); cuts.len() + 1];
    for (e, &off) in evs.iter().zip(at) {
        match e {
            Ev::Text(t) => {
                let mut start = 0;
                for (k, &c) in cuts.iter().enumerate() {
                    if c > off && c < off + t.len() && t.is_char_boundary(c - off) {
                        let _ = k;
                        let i = piece_of(off + start);
                        pieces[i].push_str(&escape(&t[start..c - off], false, false));
                        start = c - off;
                    }
                }
                let i = piece_of(off + start);
                pieces[i].push_str(&escape(&t[start..], false, false));
            }
            Ev::Whole(el) => pieces[piece_of(off)].push_str(&text[el.start..el.end]),
            Ev::Open(el) => {
                let here = piece_of(off);
                open_piece.insert(*el as *const Element, here);
                let same = close_piece.get(&(*el as *const Element)) == Some(&here);
                if same {
                    pieces[here].push_str(&text[el.start..el.head_end]);
                } else {
                    pieces[here].push_str(&start_marker(el, &text[el.start..el.head_end]));
                }
            }
            Ev::Close(el) => {
                let here = piece_of(off);
                let same = open_piece.get(&(*el as *const Element)) == Some(&here);
                if same {
                    pieces[here].push_str(&text[el.tail_start..el.end]);
                } else {
                    pieces[here].push_str(&end_marker(el));
                }
            }
        }
    }
    pieces
}

fn push_attr(out: &mut String, name: &str, value: &str) {
    let _ = write!(out, " {name}=\"{}\"", escape(value, true, false));
}

/// `pc` → `sc`, `mrk` → `sm`, with the attributes that apply to the start.
fn start_marker(el: &Element, raw_head: &str) -> String {
    let p = prefix_of(el);
    let mut out = String::new();
    let decls = xmlns_decls(raw_head);
    if el.local == "pc" {
        let _ = write!(out, "<{p}sc");
        let mut overlap = false;
        for a in &el.attrs {
            let name = match (a.ns.is_empty(), a.local.as_str()) {
                (true, "dataRefStart") => "dataRef",
                (true, "dispStart") => "disp",
                (true, "equivStart") => "equiv",
                (true, "subFlowsStart") => "subFlows",
                (true, "dataRefEnd" | "dispEnd" | "equivEnd" | "subFlowsEnd") => continue,
                (true, "canOverlap") => {
                    overlap = true;
                    "canOverlap"
                }
                _ => a.name.as_str(),
            };
            push_attr(&mut out, name, &a.value);
        }
        if !overlap {
            // `pc` does not overlap by default; `sc` does.
            push_attr(&mut out, "canOverlap", "no");
        }
    } else {
        let _ = write!(out, "<{p}sm");
        for a in &el.attrs {
            push_attr(&mut out, &a.name, &a.value);
        }
    }
    for (n, v) in decls {
        push_attr(&mut out, &n, &v);
    }
    out.push_str("/>");
    out
}

/// `</pc>` → `ec`, `</mrk>` → `em`.
fn end_marker(el: &Element) -> String {
    let p = prefix_of(el);
    let id = el.attr("id").unwrap_or_default();
    let mut out = String::new();
    if el.local == "pc" {
        let _ = write!(out, "<{p}ec");
        push_attr(&mut out, "startRef", id);
        let mut overlap = false;
        for a in el.attrs.iter().filter(|a| a.ns.is_empty()) {
            let name = match a.local.as_str() {
                "dataRefEnd" => "dataRef",
                "dispEnd" => "disp",
                "equivEnd" => "equiv",
                "subFlowsEnd" => "subFlows",
                "canOverlap" => {
                    overlap = true;
                    "canOverlap"
                }
                "canReorder" => {
                    // `firstNo` applies to the start; the end says `no`.
                    let v = if a.value == "firstNo" { "no" } else { &a.value };
                    push_attr(&mut out, "canReorder", v);
                    continue;
                }
                n @ ("type" | "subType" | "canCopy" | "canDelete" | "dir") => n,
                _ => continue,
            };
            push_attr(&mut out, name, &a.value);
        }
        if !overlap {
            push_attr(&mut out, "canOverlap", "no");
        }
    } else {
        let _ = write!(out, "<{p}em");
        push_attr(&mut out, "startRef", id);
    }
    out.push_str("/>");
    out
}

/// Split the segments of every XLIFF 2 unit into sentences. `split` gets
/// the language, the side and the segment's text with each inline element
/// as [`code_placeholder`], and returns the sentences' byte ranges in it
/// (as [`crate::segment::Segmenter::split_text`] does); each boundary is the
/// start of a sentence, so the space after a sentence stays with it.
///
/// A segment is split when it may be (`canResegment`), its source yields
/// several sentences and its target (when it has one) the same number.
/// New segments get fresh ids (`s1`, `s2`… not used in the unit) and the
/// original's attributes; a `reviewed` or `final` segment with a target
/// becomes `translated` (the review covered the whole). Units whose targets
/// are reordered (`order`) are left as they are.
pub fn segment_units(bytes: &[u8], path: &Path, split: &SplitFn) -> Result<Vec<u8>, XliffError> {
    let tree = open_v2(bytes, path)?;
    let text = tree.text();
    let src_lang = tree.root.attr("srcLang").unwrap_or_default().to_string();
    let trg_lang = tree.root.attr("trgLang").unwrap_or_default().to_string();
    let mut units = Vec::new();
    collect_units(&tree.root, true, false, &mut units);
    let mut edits = Vec::new();
    for u in &units {
        let parts = parts(u.unit);
        if parts
            .iter()
            .any(|p| p.target.is_some_and(|t| t.attr("order").is_some()))
        {
            continue;
        }
        let mut ids: HashSet<String> = HashSet::new();
        fn all_ids(e: &Element, out: &mut HashSet<String>) {
            for c in e.elements() {
                if let Some(id) = c.attr("id") {
                    out.insert(id.to_string());
                }
                all_ids(c, out);
            }
        }
        all_ids(u.unit, &mut ids);
        let mut next = 1usize;
        for p in parts.iter().filter(|p| p.segment) {
            let may =
                p.el.attr("canResegment")
                    .map(|v| v != "no")
                    .unwrap_or(u.can_resegment);
            let Some(src) = p.source else { continue };
            if !may || src.empty {
                continue;
            }
            let (sevs, sat, scuts) = sentence_cuts(src, &src_lang, Side::Source, split);
            if scuts.is_empty() {
                continue;
            }
            let mut tgt_pieces = None;
            if let Some(t) = p.target {
                let (tevs, tat, tcuts) = sentence_cuts(t, &trg_lang, Side::Target, split);
                if tcuts.len() != scuts.len() {
                    continue;
                }
                tgt_pieces = Some(cut_content(text, &tevs, &tat, &tcuts));
            }
            let src_pieces = cut_content(text, &sevs, &sat, &scuts);
            // Attributes of the pieces.
            let mut seg_head = head(text, p.el);
            if p.target.is_some() && state_rank(p.el.attr("state")) >= 2 {
                seg_head = edit_head(&seg_head, &|n| n == "subState", &[("state", "translated")]);
            }
            let (nl, indent) = layout(text, p.el.start);
            let sep = if nl.is_empty() {
                String::new()
            } else {
                format!("{nl}{indent}")
            };
            let mut out = String::new();
            for (k, s) in src_pieces.into_iter().enumerate() {
                let h = if k == 0 {
                    seg_head.clone()
                } else {
                    while ids.contains(&format!("s{next}")) {
                        next += 1;
                    }
                    let id = format!("s{next}");
                    ids.insert(id.clone());
                    out.push_str(&sep);
                    edit_head(&seg_head, &|_| false, &[("id", &id)])
                };
                let target = match (&tgt_pieces, p.target) {
                    (Some(tp), Some(t)) => Some((head(text, t), tp[k].clone())),
                    _ => None,
                };
                out.push_str(
                    &SegmentText {
                        text,
                        like: p.el,
                        head: h,
                        source_head: head(text, src),
                        source: s,
                        target,
                    }
                    .render(),
                );
            }
            edits.push(Edit {
                start: p.el.start,
                end: p.el.end,
                text: out,
            });
        }
    }
    finish(&tree, bytes, edits, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_keep_untouched_attributes() {
        let h = "<segment id='s1'\n  state=\"final\" subState=\"x:y\">";
        assert_eq!(
            edit_head(h, &|n| n == "subState", &[("state", "translated")]),
            "<segment id='s1'\n  state=\"translated\">"
        );
        assert_eq!(
            edit_head("<target/>", &|_| false, &[("order", "2")]),
            "<target order=\"2\"/>"
        );
        assert_eq!(edit_head("<a b=\"1\" />", &|n| n == "b", &[]), "<a />");
    }
    const HEAD: &str = "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"en\" trgLang=\"fr\"";

    fn doc(extra: &str, units: &str) -> String {
        format!("{HEAD}{extra}>\n <file id=\"f\">\n{units}\n </file>\n</xliff>\n")
    }

    fn p() -> &'static Path {
        Path::new("t.xlf")
    }

    fn valid(out: &[u8]) {
        let v = super::super::validate(out, p());
        assert!(v.is_empty(), "{v:?}\n{}", String::from_utf8_lossy(out));
    }

    #[test]
    fn untouched_units_keep_their_bytes() {
        let keep = "  <unit id=\"a\"><!-- c --><?pi x?>\n   <segment id=\"s1\"><source>One  &amp; only.</source></segment>\n  </unit>";
        let join = "  <unit id=\"b\">\n   <segment id=\"s1\"><source>A.</source></segment>\n   <ignorable><source> </source></ignorable>\n   <segment id=\"s2\"><source>B.</source></segment>\n  </unit>";
        let s = doc("", &format!("{keep}\n{join}"));
        let out = join_segments(s.as_bytes(), p()).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains(keep), "{out}");
        assert!(
            out.contains("<segment id=\"s1\"><source>A. B.</source></segment>"),
            "{out}"
        );
        assert!(!out.contains("s2"), "{out}");
        valid(out.as_bytes());
        // Nothing to do: the input itself.
        let one = doc("", keep);
        assert_eq!(join_segments(one.as_bytes(), p()).unwrap(), one.as_bytes());
        assert_eq!(rewrite(one.as_bytes(), p()).unwrap(), one.as_bytes());
    }

    #[test]
    fn join_respects_inherited_can_resegment_and_order() {
        let s = doc(
            "",
            "  <unit id=\"u\" canResegment=\"no\"><segment><source>A.</source></segment><segment><source>B.</source></segment></unit>",
        );
        assert_eq!(join_segments(s.as_bytes(), p()).unwrap(), s.as_bytes());
        // Targets displayed across runs: s3 shows first, so s1+s2 cannot
        // be joined without moving s3's target.
        let s = doc(
            "",
            "  <unit id=\"u\"><segment id=\"s1\"><source>A.</source><target order=\"2\">a.</target></segment><segment id=\"s2\"><source>B.</source><target order=\"3\">b.</target></segment><segment id=\"s3\" canResegment=\"no\"><source>C.</source><target order=\"1\">c.</target></segment></unit>",
        );
        assert_eq!(join_segments(s.as_bytes(), p()).unwrap(), s.as_bytes());
        // Swapped targets inside a run are joined in display order.
        let s = doc(
            "",
            "  <unit id=\"u\"><segment id=\"s1\" state=\"final\"><source>A. </source><target order=\"2\">a. </target></segment><segment id=\"s2\" state=\"translated\" subState=\"x:y\"><source>B.</source><target order=\"1\">b. </target></segment></unit>",
        );
        let out = String::from_utf8(join_segments(s.as_bytes(), p()).unwrap()).unwrap();
        // The segment displayed first keeps its id, state and `order`; the
        // source follows the display order.
        assert!(out.contains("<segment id=\"s2\" state=\"translated\" subState=\"x:y\"><source>B.A. </source><target order=\"1\">b. a. </target></segment>"), "{out}");
        valid(out.as_bytes());
    }

    #[test]
    fn join_writes_nested_pairs_as_pc_and_mrk() {
        let data = "<originalData><data id=\"d1\">&lt;b></data><data id=\"d2\">&lt;/b></data></originalData>";
        let s = doc(
            "",
            &format!("  <unit id=\"u\">{data}<segment><source><sm id=\"m1\" type=\"comment\" value=\"v\"/><sc id=\"1\" dataRef=\"d1\" canCopy=\"no\" canDelete=\"no\" canReorder=\"firstNo\"/>A. </source></segment><segment><source>B.<ec startRef=\"1\" dataRef=\"d2\" canCopy=\"no\" canDelete=\"no\" canReorder=\"no\"/><em startRef=\"m1\"/></source></segment></unit>"),
        );
        valid(s.as_bytes());
        let out = String::from_utf8(join_segments(s.as_bytes(), p()).unwrap()).unwrap();
        valid(out.as_bytes());
        assert!(
            out.contains("<source><mrk id=\"m1\" type=\"comment\" value=\"v\"><pc id=\"1\" dataRefStart=\"d1\" canCopy=\"no\" canDelete=\"no\" canReorder=\"firstNo\" canOverlap=\"yes\" dataRefEnd=\"d2\">A. B.</pc></mrk></source>"),
            "{out}"
        );
        // Overlapping pairs stay `sc`/`ec`; a pair nested in them becomes a
        // `pc` inside.
        let s = doc(
            "",
            "  <unit id=\"u\"><segment><source><sc id=\"1\"/>A <sc id=\"2\"/>b. </source></segment><segment><source>C<ec startRef=\"1\"/> <sc id=\"3\"/>d.<ec startRef=\"3\"/><ec startRef=\"2\"/></source></segment></unit>",
        );
        valid(s.as_bytes());
        let out = String::from_utf8(join_segments(s.as_bytes(), p()).unwrap()).unwrap();
        valid(out.as_bytes());
        assert!(
            out.contains("<source><sc id=\"1\"/>A <sc id=\"2\"/>b. C<ec startRef=\"1\"/> <pc id=\"3\" canOverlap=\"yes\">d.</pc><ec startRef=\"2\"/></source>"),
            "{out}"
        );
    }

    #[test]
    fn remove_writes_crossed_pc_as_sc_ec() {
        let s = doc(
            "",
            "  <unit id=\"u\"><segment><source><pc id=\"1\" type=\"fmt\">A <sc id=\"2\"/>b;</pc> <pc id=\"3\">c</pc></source></segment><segment><source>d.<ec startRef=\"2\"/></source></segment></unit>",
        );
        valid(s.as_bytes());
        let out = remove_markup(s.as_bytes(), p(), &RemoveOptions::default()).unwrap();
        valid(&out);
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("<source><sc id=\"1\" type=\"fmt\" canOverlap=\"no\"/>A <sc id=\"2\"/>b;<ec startRef=\"1\" type=\"fmt\" canOverlap=\"no\"/> <pc id=\"3\">c</pc></source>"),
            "{out}"
        );
        assert_eq!(
            remove_markup(out.as_bytes(), p(), &RemoveOptions::default()).unwrap(),
            out.as_bytes()
        );
    }

    #[test]
    fn join_keeps_segments_something_points_to() {
        let s = doc(
            " xmlns:mtc=\"urn:oasis:names:tc:xliff:matches:2.0\"",
            "  <unit id=\"u\"><mtc:matches><mtc:match ref=\"#s2\"><source>B.</source><target>b.</target></mtc:match></mtc:matches><segment id=\"s1\"><source>A.</source></segment><segment id=\"s2\"><source>B.</source></segment></unit>",
        );
        valid(s.as_bytes());
        assert_eq!(join_segments(s.as_bytes(), p()).unwrap(), s.as_bytes());
    }

    #[test]
    fn join_moves_namespace_declarations() {
        let s = doc(
            "",
            "  <unit id=\"u\"><segment><source>A. </source></segment><segment><source xmlns:fs=\"urn:oasis:names:tc:xliff:fs:2.0\"><pc id=\"1\" fs:fs=\"b\">B.</pc></source></segment></unit>",
        );
        let out = join_segments(s.as_bytes(), p()).unwrap();
        valid(&out);
        assert!(String::from_utf8(out)
            .unwrap()
            .contains("<segment xmlns:fs="));
    }

    #[test]
    fn remove_foreign_and_annotations() {
        let s = doc(
            " xmlns:my=\"urn:my\" xmlns:fs=\"urn:oasis:names:tc:xliff:fs:2.0\" my:a=\"1\"",
            "  <unit id=\"u\" my:b=\"2\" fs:fs=\"p\"><my:x>data</my:x><segment><source><mrk id=\"m1\" type=\"comment\" value=\"v\">A <sm id=\"m2\" type=\"my:t\"/>b</mrk> c.<em startRef=\"m2\"/></source></segment></unit>",
        );
        let user = RemoveOptions {
            annotations: AnnotationScope::UserDefined,
            ..Default::default()
        };
        let out = String::from_utf8(remove_markup(s.as_bytes(), p(), &user).unwrap()).unwrap();
        assert!(
            out.contains(
                "<source><mrk id=\"m1\" type=\"comment\" value=\"v\">A b</mrk> c.</source>"
            ),
            "{out}"
        );
        valid(out.as_bytes());
        // Extensions only: annotations of a user-defined type stay whole.
        let foreign = RemoveOptions {
            foreign: true,
            ..Default::default()
        };
        let out = String::from_utf8(remove_markup(s.as_bytes(), p(), &foreign).unwrap()).unwrap();
        assert!(out.contains("<em startRef=\"m2\"/>"), "{out}");
        valid(out.as_bytes());
        let all = RemoveOptions {
            annotations: AnnotationScope::All,
            foreign: true,
            keep_namespaces: vec!["urn:oasis:names:tc:xliff:fs:2.0".into()],
        };
        let out = String::from_utf8(remove_markup(s.as_bytes(), p(), &all).unwrap()).unwrap();
        assert!(
            out.contains("<unit id=\"u\" fs:fs=\"p\"><segment><source>A b c.</source>"),
            "{out}"
        );
        assert!(!out.contains("my:a") && !out.contains("my:x"), "{out}");
        valid(out.as_bytes());
    }

    #[test]
    fn segment_converts_cut_codes_and_keeps_whole_ones() {
        let s = doc(
            "",
            "  <unit id=\"u\">\n   <segment id=\"s1\" state=\"final\"><source>One. <pc id=\"1\" canReorder=\"firstNo\" canCopy=\"no\" canDelete=\"no\">Two. Three.</pc> <ph id=\"2\"/>Four.</source><target>Un. <pc id=\"1\" canReorder=\"firstNo\" canCopy=\"no\" canDelete=\"no\">Deux. Trois.</pc> <ph id=\"2\"/>Quatre.</target></segment>\n  </unit>",
        );
        let split = |_: &str, _: Side, t: &str| -> Vec<Range<usize>> {
            let mut v = Vec::new();
            let mut start = 0;
            for (i, _) in t.match_indices(". ") {
                v.push(start..i + 1);
                start = i + 2;
            }
            v.push(start..t.len());
            v
        };
        let out = String::from_utf8(segment_units(s.as_bytes(), p(), &split).unwrap()).unwrap();
        valid(out.as_bytes());
        assert_eq!(out.matches("<segment").count(), 3, "{out}");
        assert!(
            out.contains("<sc id=\"1\" canReorder=\"firstNo\" canCopy=\"no\" canDelete=\"no\" canOverlap=\"no\"/>Two. "),
            "{out}"
        );
        assert!(
            out.contains("Three.<ec startRef=\"1\" canReorder=\"no\" canCopy=\"no\" canDelete=\"no\" canOverlap=\"no\"/> "),
            "{out}"
        );
        assert!(
            out.contains("<segment id=\"s2\" state=\"translated\">"),
            "{out}"
        );
        // Different sentence counts on the two sides: left alone.
        let odd = |_: &str, side: Side, t: &str| -> Vec<Range<usize>> {
            if side == Side::Target {
                std::iter::once(0..t.len()).collect()
            } else {
                split("", side, t)
            }
        };
        assert_eq!(
            segment_units(s.as_bytes(), p(), &odd).unwrap(),
            s.as_bytes()
        );
    }

    #[test]
    fn utf16_stays_utf16() {
        let s = doc(
            "",
            "  <unit id=\"u\"><segment><source>Été. </source></segment><segment><source>Oui.</source></segment></unit>",
        );
        let mut bytes = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let out = join_segments(&bytes, p()).unwrap();
        assert_eq!(&out[..2], &[0xFF, 0xFE]);
        let units: Vec<u16> = out[2..]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let text = String::from_utf16(&units).unwrap();
        assert!(text.contains("<source>Été. Oui.</source>"), "{text}");
        valid(&out);
    }

    #[test]
    fn refuses_other_documents() {
        let v12 = "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"a\" source-language=\"en\" datatype=\"plaintext\"><body/></file></xliff>";
        assert!(matches!(
            rewrite(v12.as_bytes(), p()),
            Err(XliffError::Unsupported { .. })
        ));
        assert!(join_segments(b"<xliff", p()).is_err());
        assert!(remove_markup(b"", p(), &RemoveOptions::default()).is_err());
    }
}
