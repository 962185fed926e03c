//! Lossless target update: write new targets (and states) into an existing
//! XLIFF file, leaving every other byte as it was.
//!
//! This is the "export back" of a file received from another tool: only the
//! targets (and state attributes) of the units that get an update change;
//! untouched units, unknown namespaces and attributes, notes, `alt-trans`,
//! comments and whitespace stay byte for byte.
//!
//! * XLIFF 1.x: the `target` is replaced (or inserted after the
//!   `seg-source`/`source`); `state` and `state-qualifier` are set on it and
//!   `approved="yes"` on the `trans-unit` for a final state. For a Trados
//!   `seg-source` segment, the content of the target's `mrk` with the same
//!   `mid` is replaced and the `sdl:seg` `conf` set; a segment whose target
//!   `mrk` does not exist is left alone.
//! * XLIFF 2.x (one segment per unit): the `target` is replaced or inserted
//!   after the `source`; `state` (and `subState` from the qualifier, when it
//!   has the `prefix:value` form) are set on the segment. Units with several
//!   segments are left alone.
//! * Codes are written with the file's own markup for the same code of the
//!   source; when a code is not in the source, the whole target is written
//!   in diglot's own markup (`g`/`x`/`bx`/`ex`, or `pc`/`ph`/`sc`/`ec`).

use super::pretranslate::{
    fill_content, layout, prefix_of, source_codes, splice, strip_attrs, Edit,
};
use super::read::{major, read_tree, UnitLoc};
use super::write::{escape, inline, DataRefs};
use super::write12::{inline12, state12};
use super::{State, Unit, XliffError};
use crate::model::CodedText;
use crate::xml::{parse, Element};
use std::collections::HashMap;
use std::path::Path;

/// A new target for a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetUpdate {
    pub target: CodedText,
    /// New state; `None` keeps the file's state attributes as they are.
    pub state: Option<State>,
    /// XLIFF 1.2 `state-qualifier` (`exact-match`…) or XLIFF 2 `subState`.
    pub state_qualifier: Option<String>,
}

/// Write new targets into an XLIFF file without re-serialising it. `update`
/// is called for every unit (every segment of a Trados unit); units it
/// returns `None` for stay byte for byte as they were.
pub fn update_targets(
    bytes: &[u8],
    path: &Path,
    update: &dyn Fn(&Unit) -> Option<TargetUpdate>,
) -> Result<Vec<u8>, XliffError> {
    let tree = parse(bytes, path)?;
    let (doc, locs) = read_tree(&tree, path)?;
    let text = tree.text();
    let v2 = major(&tree.root) == 2;
    let mut edits = Vec::new();
    for loc in &locs {
        let unit = &doc.files[loc.file].units[loc.index];
        let Some(up) = update(unit) else { continue };
        if v2 {
            unit2(text, loc.unit, &up, &mut edits);
        } else {
            unit1(text, loc, &up, &mut edits);
        }
    }
    Ok(splice(&tree, bytes, edits))
}

/// Set attributes on the text of a start tag without its closing `>`/`/>`.
pub(super) fn set_attrs(head: &str, sets: &[(&str, Option<&str>)]) -> String {
    let names: Vec<&str> = sets.iter().map(|(n, _)| *n).collect();
    let mut t = strip_attrs(head, &names).trim_end().to_string();
    for (n, v) in sets {
        if let Some(v) = v {
            t.push_str(&format!(" {n}=\"{}\"", escape(v, true, false)));
        }
    }
    t
}

/// The start tag of an element without its closing `>` or `/>`.
pub(super) fn head<'t>(text: &'t str, el: &Element) -> &'t str {
    text[el.start..el.head_end]
        .trim_end_matches('>')
        .trim_end_matches('/')
        .trim_end()
}

fn content(text: &str, source: Option<&Element>, target: &CodedText, v2: bool) -> String {
    let mut codes = HashMap::new();
    if let Some(s) = source {
        source_codes(text, s, v2, &mut codes);
    }
    fill_content(target, &codes).unwrap_or_else(|| {
        let mut out = String::new();
        if v2 {
            inline(&mut out, target, &DataRefs::of(std::iter::empty()));
        } else {
            inline12(&mut out, target);
        }
        out
    })
}

fn unit1(text: &str, loc: &UnitLoc, up: &TargetUpdate, edits: &mut Vec<Edit>) {
    let u = loc.unit;
    let prefix = prefix_of(u);
    let target = u.child("target");
    if let Some(mrk) = loc.mrk {
        // A Trados segment: the target mrk with the same mid.
        let mid = mrk.attr("mid").unwrap_or_default();
        let Some(tmrk) = target.and_then(|t| find_mrk(t, mid)) else {
            return;
        };
        let body = content(text, Some(mrk), &up.target, false);
        let edit = if tmrk.empty {
            Edit {
                start: tmrk.start,
                end: tmrk.end,
                text: format!("{}>{body}</{}>", head(text, tmrk), tmrk.name),
            }
        } else {
            Edit {
                start: tmrk.head_end,
                end: tmrk.tail_start,
                text: body,
            }
        };
        edits.push(edit);
        if let Some(state) = up.state {
            let seg = u
                .elements()
                .filter(|e| e.local == "seg-defs")
                .flat_map(|d| d.children_named("seg"))
                .find(|s| s.attr("id") == Some(mid));
            if let Some(seg) = seg {
                let conf = match state {
                    State::Initial => "Draft",
                    State::Translated => "Translated",
                    State::Reviewed => "ApprovedTranslation",
                    State::Final => "ApprovedSignOff",
                };
                let close = if seg.empty { "/>" } else { ">" };
                edits.push(Edit {
                    start: seg.start,
                    end: seg.head_end,
                    text: format!(
                        "{}{close}",
                        set_attrs(head(text, seg), &[("conf", Some(conf))])
                    ),
                });
            }
        }
        return;
    }
    let source = u.child("source");
    let body = content(text, source, &up.target, false);
    let state_sets = |h: &str| match up.state {
        Some(s) => set_attrs(
            h,
            &[
                ("state", Some(state12(s))),
                ("state-qualifier", up.state_qualifier.as_deref()),
            ],
        ),
        None => h.to_string(),
    };
    match target {
        Some(t) => edits.push(Edit {
            start: t.start,
            end: t.end,
            text: format!("{}>{body}</{}>", state_sets(head(text, t)), t.name),
        }),
        None => {
            let Some(anchor) = u.child("seg-source").or(source) else {
                return;
            };
            let (nl, indent) = layout(text, anchor.start);
            edits.push(Edit {
                start: anchor.end,
                end: anchor.end,
                text: format!(
                    "{nl}{indent}{}>{body}</{prefix}target>",
                    state_sets(&format!("<{prefix}target"))
                ),
            });
        }
    }
    if let Some(state) = up.state {
        let approved = (state == State::Final).then_some("yes");
        if approved.is_some() || u.attr("approved").is_some() {
            edits.push(Edit {
                start: u.start,
                end: u.head_end,
                text: format!("{}>", set_attrs(head(text, u), &[("approved", approved)])),
            });
        }
    }
}

fn find_mrk<'e>(el: &'e Element, mid: &str) -> Option<&'e Element> {
    for c in el.elements() {
        if c.local == "mrk" && c.attr("mtype") == Some("seg") && c.attr("mid") == Some(mid) {
            return Some(c);
        }
        if let Some(m) = find_mrk(c, mid) {
            return Some(m);
        }
    }
    None
}

fn unit2(text: &str, u: &Element, up: &TargetUpdate, edits: &mut Vec<Edit>) {
    let segments: Vec<&Element> = u
        .elements()
        .filter(|e| e.ns == u.ns && e.local == "segment")
        .collect();
    let [seg] = segments.as_slice() else { return };
    let Some(source) = seg.child("source") else {
        return;
    };
    let body = content(text, Some(source), &up.target, true);
    match seg.child("target") {
        Some(t) => edits.push(Edit {
            start: t.start,
            end: t.end,
            text: format!("{}>{body}</{}>", head(text, t), t.name),
        }),
        None => {
            let p = prefix_of(source);
            let (nl, indent) = layout(text, source.start);
            edits.push(Edit {
                start: source.end,
                end: source.end,
                text: format!("{nl}{indent}<{p}target>{body}</{p}target>"),
            });
        }
    }
    if let Some(state) = up.state {
        let sub = up
            .state_qualifier
            .as_deref()
            .filter(|q| q.split(':').count() == 2 && !q.starts_with(':') && !q.ends_with(':'));
        let close = if seg.empty { "/>" } else { ">" };
        edits.push(Edit {
            start: seg.start,
            end: seg.head_end,
            text: format!(
                "{}{close}",
                set_attrs(
                    head(text, seg),
                    &[("state", Some(state.as_xliff2())), ("subState", sub)]
                )
            ),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_set_and_removed() {
        assert_eq!(
            set_attrs(
                "<target xml:lang=\"fr\" state=\"new\"",
                &[("state", Some("final")), ("x", None)]
            ),
            "<target xml:lang=\"fr\" state=\"final\""
        );
        assert_eq!(
            set_attrs(
                "<trans-unit id=\"1\" approved=\"yes\"",
                &[("approved", None)]
            ),
            "<trans-unit id=\"1\""
        );
    }
}
