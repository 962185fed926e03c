//! Lossless rewrite of an XLIFF 2 store (a translation memory).
//!
//! A store is rewritten by splicing, like [`pretranslate`](super::pretranslate):
//! the file is read once, in a streaming pass, and only what changed is
//! replaced in its text.
//!
//! * A unit the caller says is the same (`same(old, new)`) keeps its bytes:
//!   notes, comments, foreign namespaces and attributes, whitespace.
//! * A changed unit with the same source and one segment gets a new target
//!   (written with the source's own code markup), `state` attribute and
//!   diglot metadata group, each only if it changed; everything else in it
//!   stays. Any other changed unit is written anew in place.
//! * A unit no longer in the store is removed with its line; a new unit is
//!   inserted before the first unit with a greater id (the file's `</file>`
//!   when there is none), indented like diglot writes.
//! * The rest of the file (declaration, root, comments between units,
//!   encoding, BOM) is kept.
//!
//! A file that is not one XLIFF 2 `<file>` of units with unique ids, or that
//! would need the metadata namespace where its root does not declare it, is
//! not spliced: [`rewrite_store`] returns `None` and the caller writes the
//! store anew.

use super::pretranslate::{fill_content, layout, prefix_of, source_codes};
use super::read::{read_decoded, NS_XLIFF2_PREFIX};
use super::update::{head, set_attrs};
use super::write::{escape, write_unit};
use super::xml::{decode_checked_owned, Element};
use super::{Document, Unit, XliffError, MAX_MEMORY_BYTES, NS_MDA};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::path::Path;

struct Edit {
    start: usize,
    end: usize,
    text: String,
}

/// What splicing needs from the root and the units' own edits.
#[derive(Default)]
struct Plan {
    edits: Vec<Edit>,
    /// Old units in file order: (id, position to insert before it).
    anchors: Vec<(String, usize)>,
    present: HashSet<String>,
    /// A unit id seen twice, or a unit element read as several units.
    unusable: bool,
    /// Text written anew uses the `mda:` prefix.
    needs_mda: bool,
}

/// Rewrite the XLIFF 2 store `bytes` so that it holds exactly the units of
/// `new` (one file, units in id order), keeping every byte of the units
/// `same` accepts and of everything between them. `None` when the file
/// cannot be spliced (see the module documentation).
pub fn rewrite_store(
    bytes: Vec<u8>,
    path: &Path,
    new: &Document,
    same: &dyn Fn(&Unit, &Unit) -> bool,
) -> Result<Option<Vec<u8>>, XliffError> {
    let [new_file] = new.files.as_slice() else {
        return Ok(None);
    };
    let by_id: HashMap<&str, &Unit> = new_file.units.iter().map(|u| (u.id.as_str(), u)).collect();
    if by_id.len() != new_file.units.len() || new_file.units.iter().any(|u| u.segment.is_some()) {
        return Ok(None);
    }
    // The file's bytes become its text in place when they are UTF-8 (a
    // memory of hundreds of MB is held once, not twice); other encodings
    // keep the bytes for the case where nothing changes (returned as they
    // were, never re-encoded).
    let original = std::str::from_utf8(&bytes).is_err().then(|| bytes.clone());
    let mut decoded = decode_checked_owned(bytes, path, MAX_MEMORY_BYTES)?;
    let text = decoded.text.as_str();
    let mut plan = Plan::default();
    let mut visit = |el: &Element, units: Vec<Unit>| {
        let [old] = units.as_slice() else {
            plan.unusable = true;
            return;
        };
        if !plan.present.insert(old.id.clone()) {
            plan.unusable = true;
            return;
        }
        plan.anchors
            .push((old.id.clone(), leading_start(text, el.start)));
        match by_id.get(old.id.as_str()) {
            None => plan.edits.push(removal(text, el)),
            Some(n) if same(old, n) => {}
            Some(n) => unit_edits(text, el, old, n, &mut plan),
        }
    };
    let read = read_decoded(text, path, Some(&mut visit))?;
    if plan.unusable || read.file_tails.len() != 1 || !read.doc.version.starts_with('2') {
        return Ok(None);
    }
    // New units, in id order, before the first old unit with a greater id.
    let end_anchor = line_start(text, read.file_tails[0]);
    // The first old unit (in file order) whose id is greater than a new
    // unit's is the first whose running maximum of ids is: a binary search
    // over the running maxima, so that inserting many units into a large
    // memory stays O(n log n) whatever the file's order.
    let mut running: Vec<&str> = Vec::with_capacity(plan.anchors.len());
    for (id, _) in &plan.anchors {
        let m = match running.last() {
            Some(&last) if last >= id.as_str() => last,
            _ => id.as_str(),
        };
        running.push(m);
    }
    let mut inserts = Vec::new();
    for u in &new_file.units {
        if plan.present.contains(&u.id) {
            continue;
        }
        let k = running.partition_point(|&m| m <= u.id.as_str());
        let at = plan.anchors.get(k).map(|(_, p)| *p).unwrap_or(end_anchor);
        let mut fresh = String::new();
        write_unit(&mut fresh, std::slice::from_ref(u));
        plan.needs_mda |= !u.meta.is_empty();
        if !text[..at].ends_with('\n') {
            // The anchor does not start a line: keep the file's layout.
            fresh = fresh.trim().to_string();
        }
        inserts.push(Edit {
            start: at,
            end: at,
            text: fresh,
        });
    }
    if plan.needs_mda && !declares_mda(&text[read.root_head.0..read.root_head.1]) {
        return Ok(None);
    }
    if inserts.is_empty() && plan.edits.is_empty() {
        return Ok(Some(match original {
            Some(bytes) => bytes,
            None => {
                let text = std::mem::take(&mut decoded.text);
                decoded.encode_owned(text)
            }
        }));
    }
    // Insertions first at a shared position, each in order.
    let mut edits: Vec<(usize, usize, Edit)> = inserts
        .into_iter()
        .enumerate()
        .map(|(k, e)| (0, k, e))
        .chain(plan.edits.into_iter().enumerate().map(|(k, e)| (1, k, e)))
        .collect();
    edits.sort_by_key(|(kind, k, e)| (e.start, *kind, *k));
    let mut out = String::with_capacity(text.len() + 4096);
    let mut pos = 0;
    for (_, _, e) in edits {
        if e.start < pos {
            continue; // overlapping: never produced
        }
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.text);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    // The spliced text must read back as exactly the new units (a target
    // whose codes nest otherwise than the source's markup allows would not):
    // otherwise the store is written anew.
    if !reads_as(&out, path, &by_id, same) {
        return Ok(None);
    }
    Ok(Some(decoded.encode_owned(out)))
}

/// Whether `text` reads as a store of exactly the units of `by_id`.
fn reads_as(
    text: &str,
    path: &Path,
    by_id: &HashMap<&str, &Unit>,
    same: &dyn Fn(&Unit, &Unit) -> bool,
) -> bool {
    let mut ok = true;
    let mut seen = 0;
    let mut visit = |_: &Element, units: Vec<Unit>| {
        for u in units {
            seen += 1;
            ok &= by_id.get(u.id.as_str()).is_some_and(|n| same(&u, n));
        }
    };
    read_decoded(text, path, Some(&mut visit)).is_ok() && ok && seen == by_id.len()
}

/// Start of the line `pos` is on when only spaces or tabs precede it there,
/// else `pos`.
fn line_start(text: &str, pos: usize) -> usize {
    let before = &text[..pos];
    let ls = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    if ls > 0 && before[ls..].chars().all(|c| c == ' ' || c == '\t') {
        ls
    } else {
        pos
    }
}

/// Where a unit's leading comments and processing instructions begin (a
/// comment just before a unit belongs to it: a new unit goes before both),
/// at the start of their line.
fn leading_start(text: &str, pos: usize) -> usize {
    let mut pos = pos;
    loop {
        let t = text[..pos].trim_end();
        let open = if t.ends_with("-->") {
            // A comment cannot hold `--`: the last `<!--` opens this one.
            t.rfind("<!--")
        } else if t.ends_with("?>") {
            t.rfind("<?")
        } else {
            None
        };
        match open {
            Some(i) => pos = i,
            None => break,
        }
    }
    line_start(text, pos)
}

/// Whether a root start tag binds `mda` to the metadata namespace.
fn declares_mda(root_head: &str) -> bool {
    ['"', '\''].iter().any(|q| {
        root_head.contains(&format!("xmlns:mda={q}{NS_MDA}{q}"))
            || root_head.contains(&format!("xmlns:mda = {q}{NS_MDA}{q}"))
    })
}

/// Remove a unit with its line (its indentation and line end) when it
/// stands on lines of its own.
fn removal(text: &str, el: &Element) -> Edit {
    let start = line_start(text, el.start);
    let mut end = el.end;
    if start < el.start || text[..start].ends_with('\n') {
        let rest = &text[end..];
        let trailing = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let after = &rest[trailing..];
        if after.starts_with("\r\n") {
            end += trailing + 2;
        } else if after.starts_with('\n') {
            end += trailing + 1;
        }
    }
    Edit {
        start,
        end,
        text: String::new(),
    }
}

/// The edits that turn unit element `el` (read as `old`) into `new`.
fn unit_edits(text: &str, el: &Element, old: &Unit, new: &Unit, plan: &mut Plan) {
    match partial_edits(text, el, old, new) {
        Some(edits) => {
            plan.needs_mda |= edits.1;
            plan.edits.extend(edits.0);
        }
        None => {
            let mut fresh = String::new();
            write_unit(&mut fresh, std::slice::from_ref(new));
            plan.needs_mda |= !new.meta.is_empty();
            plan.edits.push(Edit {
                start: el.start,
                end: el.end,
                text: fresh.trim().to_string(),
            });
        }
    }
}

/// Edits of the parts diglot owns in a unit with one segment and the same
/// source: target, `state`, diglot metadata group. `None` when the unit
/// must be written anew. The flag tells whether the `mda:` prefix is used.
fn partial_edits(text: &str, el: &Element, old: &Unit, new: &Unit) -> Option<(Vec<Edit>, bool)> {
    let core = |e: &&Element| e.ns.starts_with(NS_XLIFF2_PREFIX);
    let parts: Vec<&Element> = el
        .elements()
        .filter(core)
        .filter(|e| e.local == "segment" || e.local == "ignorable")
        .collect();
    let [seg] = parts.as_slice() else { return None };
    if seg.local != "segment" || old.source != new.source || seg.empty {
        return None;
    }
    let source = seg.elements().filter(core).find(|e| e.local == "source")?;
    let mut edits = Vec::new();
    if old.target != new.target {
        let target = seg.elements().filter(core).find(|e| e.local == "target")?;
        let new_target = new.target.as_ref()?;
        let mut codes = HashMap::new();
        source_codes(text, source, true, &mut codes);
        let body = fill_content(new_target, &codes)?;
        edits.push(Edit {
            start: target.start,
            end: target.end,
            text: format!("{}>{body}</{}>", head(text, target), target.name),
        });
    }
    if old.state != new.state {
        let state = new.state.map(|s| s.as_xliff2());
        edits.push(Edit {
            start: seg.start,
            end: seg.head_end,
            text: format!("{}>", set_attrs(head(text, seg), &[("state", state)])),
        });
    }
    if old.meta != new.meta {
        let group = el
            .elements()
            .filter(|e| e.ns == NS_MDA && e.local == "metadata")
            .flat_map(|m| m.elements())
            .find(|g| {
                g.ns == NS_MDA && g.local == "metaGroup" && g.attr("category") == Some("diglot")
            })?;
        if group.empty || new.meta.is_empty() {
            return None;
        }
        let p = prefix_of(group);
        let (nl, indent) = layout(text, group.start);
        let child_indent = group
            .elements()
            .next()
            .map(|c| layout(text, c.start).1)
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| format!("{indent}  "));
        let mut body = String::new();
        for (k, v) in &new.meta {
            let ci = if nl.is_empty() { "" } else { &child_indent };
            let _ = write!(
                body,
                "{nl}{ci}<{p}meta type=\"{}\">{}</{p}meta>",
                escape(k, true, false),
                escape(v, false, false)
            );
        }
        body.push_str(&nl);
        body.push_str(&indent);
        edits.push(Edit {
            start: group.head_end,
            end: group.tail_start,
            text: body,
        });
    }
    Some((edits, false))
}

#[cfg(test)]
mod tests {
    use super::super::{read_memory_document, write_v2, File, State};
    use super::*;
    use crate::model::CodedText;

    fn unit(id: &str, src: &str, tgt: &str) -> Unit {
        let mut u = Unit::new(id, CodedText::plain(src));
        u.target = Some(CodedText::plain(tgt));
        u.state = Some(State::Final);
        u.meta.push(("statement".into(), "s".into()));
        u
    }

    fn doc(units: Vec<Unit>) -> Document {
        Document {
            version: "2.1".into(),
            source_lang: "en".into(),
            target_lang: Some("fr".into()),
            files: vec![File {
                id: "memory".into(),
                original: None,
                units,
            }],
        }
    }

    fn same(a: &Unit, b: &Unit) -> bool {
        a.source == b.source && a.target == b.target && a.state == b.state && a.meta == b.meta
    }

    fn rewrite(bytes: &[u8], new: &Document) -> String {
        let out = rewrite_store(bytes.to_vec(), Path::new("m.xlf"), new, &same)
            .unwrap()
            .expect("spliceable");
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn canonical_store_splices_to_the_canonical_bytes() {
        let old = doc(vec![unit("u1", "A.", "Un."), unit("u3", "C.", "Trois.")]);
        let bytes = write_v2(&old);
        let new = doc(vec![
            unit("u0", "Z.", "Zéro."),
            unit("u1", "A.", "Un !"),
            unit("u2", "B.", "Deux."),
        ]);
        assert_eq!(rewrite(bytes.as_bytes(), &new), write_v2(&new));
        // Every unit removed: the root (with its namespaces) stays.
        let empty = rewrite(bytes.as_bytes(), &doc(vec![]));
        assert_eq!(
            empty,
            write_v2(&old)
                .split("    <unit")
                .next()
                .unwrap()
                .to_string()
                + "  </file>\n</xliff>\n"
        );
    }

    #[test]
    fn foreign_content_survives_in_kept_and_changed_units() {
        let old = doc(vec![unit("u1", "A.", "Un."), unit("u2", "B.", "Deux.")]);
        let canon = write_v2(&old);
        let bytes = canon
            .replace(
                "<xliff ",
                "<xliff xmlns:my=\"urn:x-my\" ",
            )
            .replace(
                "<unit id=\"u1\">",
                "<!-- reviewed by C. -->\n    <unit id=\"u1\" my:r=\"A\">\n      <notes><note>keep</note></notes>",
            )
            .replace(
                "<unit id=\"u2\">",
                "<unit id=\"u2\" my:r=\"B\">\n      <notes>  <note category=\"x\">mine</note></notes>",
            );
        let mut changed = unit("u2", "B.", "Deux !");
        changed.state = Some(State::Translated);
        changed.meta.push(("origin".into(), "x.xlf".into()));
        let new = doc(vec![unit("u1", "A.", "Un."), changed.clone()]);
        let out = rewrite(bytes.as_bytes(), &new);
        // u1 is byte for byte what it was.
        let u1_start = bytes.find("<!-- reviewed").unwrap();
        let u1_end = bytes.find("</unit>").unwrap();
        assert!(out.contains(&bytes[u1_start..u1_end]), "{out}");
        assert!(out.contains("my:r=\"B\""), "{out}");
        assert!(out.contains("<note category=\"x\">mine</note>"), "{out}");
        let back = read_memory_document(out.as_bytes(), Path::new("m.xlf")).unwrap();
        let u2 = &back.files[0].units[1];
        assert_eq!(u2.target, changed.target);
        assert_eq!(u2.state, Some(State::Translated));
        assert_eq!(u2.meta, changed.meta);
    }

    /// A hand-ordered file: a new unit goes before the first old unit, in
    /// file order, whose id is greater than its own (as a linear scan
    /// finds it), after every old unit when there is none.
    #[test]
    fn new_units_go_before_the_first_greater_id_in_file_order() {
        let bytes = write_v2(&doc(vec![
            unit("u3", "C.", "Trois."),
            unit("u1", "A.", "Un."),
            unit("u5", "E.", "Cinq."),
        ]));
        let ids_in = |out: &str| -> Vec<String> {
            out.match_indices("<unit id=\"")
                .map(|(i, m)| {
                    let rest = &out[i + m.len()..];
                    rest[..rest.find('"').unwrap()].to_string()
                })
                .collect()
        };
        let new = doc(vec![
            unit("u0", "Z.", "Zéro."),
            unit("u1", "A.", "Un."),
            unit("u2", "B.", "Deux."),
            unit("u3", "C.", "Trois."),
            unit("u4", "D.", "Quatre."),
            unit("u5", "E.", "Cinq."),
            unit("u6", "F.", "Six."),
        ]);
        let out = rewrite(bytes.as_bytes(), &new);
        // u0, u2 before u3 (the first id greater than theirs); u4 before
        // u5; u6 at the end.
        assert_eq!(ids_in(&out), ["u0", "u2", "u3", "u1", "u4", "u5", "u6"]);
    }
}
