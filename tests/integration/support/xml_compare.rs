//! Comparing XML documents as the XLIFF in-out tests do: element and
//! attribute names (namespace URI + local name), attribute values and text;
//! namespace declarations, comments, processing instructions and
//! insignificant whitespace are not compared.

use std::collections::BTreeMap;

const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";

/// An element or a text in comparable form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum C {
    El {
        ns: String,
        name: String,
        attrs: BTreeMap<(String, String), String>,
        preserve: bool,
        children: Vec<C>,
    },
    Text(String),
}

pub fn canon(node: roxmltree::Node, inherited: bool) -> C {
    let preserve = node
        .attribute((NS_XML, "space"))
        .map(|v| v == "preserve")
        .unwrap_or(inherited);
    let attrs = node
        .attributes()
        .filter(|a| !(a.namespace() == Some(NS_XML) && a.name() == "space"))
        .map(|a| {
            (
                (
                    a.namespace().unwrap_or_default().to_string(),
                    a.name().to_string(),
                ),
                a.value().to_string(),
            )
        })
        .collect();
    let mut children = Vec::new();
    for c in node.children() {
        if c.is_element() {
            children.push(canon(c, preserve));
        } else if c.is_text() {
            push_text(&mut children, c.text().unwrap_or_default());
        }
    }
    let mut el = C::El {
        ns: node.tag_name().namespace().unwrap_or_default().to_string(),
        name: node.tag_name().name().to_string(),
        attrs,
        preserve,
        children,
    };
    drop_blank(&mut el);
    el
}

pub fn push_text(children: &mut Vec<C>, t: &str) {
    if let Some(C::Text(prev)) = children.last_mut() {
        prev.push_str(t);
    } else {
        children.push(C::Text(t.to_string()));
    }
}

/// Whitespace-only text is insignificant where space is not preserved, and
/// in XLIFF core elements whose content is elements only (`xml:space`
/// governs text: `unit`, `segment`, `notes`… have none).
pub fn drop_blank(c: &mut C) {
    if let C::El {
        ns,
        name,
        preserve,
        children,
        ..
    } = c
    {
        let core = ns.starts_with("urn:oasis:names:tc:xliff:document:2.");
        let mixed = matches!(
            name.as_str(),
            "source" | "target" | "pc" | "mrk" | "note" | "data" | "skeleton"
        );
        if !*preserve || (core && !mixed) {
            children.retain(|c| !matches!(c, C::Text(t) if t.trim().is_empty()));
        }
    }
}

/// One way of writing inline markup: `pc` → `sc`…`ec`, `mrk` → `sm`…`em`.
pub fn inline_form(c: C, inside: bool) -> Vec<C> {
    let C::El {
        ns,
        name,
        attrs,
        preserve,
        children,
    } = c
    else {
        return vec![c];
    };
    let core = ns.starts_with("urn:oasis:names:tc:xliff:document:2.");
    let here = inside || (core && matches!(name.as_str(), "source" | "target"));
    let mut kids = Vec::new();
    for k in children {
        for n in inline_form(k, here) {
            match n {
                C::Text(t) => push_text(&mut kids, &t),
                e => kids.push(e),
            }
        }
    }
    let mk = |name: &str, attrs: BTreeMap<(String, String), String>| C::El {
        ns: ns.clone(),
        name: name.into(),
        attrs,
        preserve,
        children: Vec::new(),
    };
    let key = |n: &str| (String::new(), n.to_string());
    if !(inside && core) {
        let mut el = C::El {
            ns: ns.clone(),
            name,
            attrs,
            preserve,
            children: kids,
        };
        drop_blank(&mut el);
        return vec![el];
    }
    match name.as_str() {
        "pc" => {
            let mut start = BTreeMap::new();
            let mut end = BTreeMap::new();
            for ((ans, n), v) in attrs {
                let own = ans.is_empty();
                match n.as_str() {
                    "dataRefStart" | "dispStart" | "equivStart" | "subFlowsStart" if own => {
                        start.insert(key(n.trim_end_matches("Start")), v);
                    }
                    "dataRefEnd" | "dispEnd" | "equivEnd" | "subFlowsEnd" if own => {
                        end.insert(key(n.trim_end_matches("End")), v);
                    }
                    "id" if own => {
                        end.insert(key("startRef"), v.clone());
                        start.insert(key("id"), v);
                    }
                    "canOverlap" if own => {
                        end.insert(key("canOverlap"), v.clone());
                        start.insert(key("canOverlap"), v);
                    }
                    _ => {
                        start.insert((ans, n), v);
                    }
                }
            }
            start
                .entry(key("canOverlap"))
                .or_insert_with(|| "no".into());
            end.entry(key("canOverlap")).or_insert_with(|| "no".into());
            let mut v = vec![mk("sc", start)];
            v.extend(kids);
            v.push(mk("ec", end));
            v
        }
        "mrk" => {
            let id = attrs.get(&key("id")).cloned().unwrap_or_default();
            let mut v = vec![mk("sm", attrs)];
            v.extend(kids);
            v.push(mk("em", BTreeMap::from([(key("startRef"), id)])));
            v
        }
        "sc" => {
            let mut a = attrs;
            a.entry(key("canOverlap")).or_insert_with(|| "yes".into());
            vec![mk("sc", a)]
        }
        "ec" => {
            let mut a: BTreeMap<_, _> = attrs
                .into_iter()
                .filter(|((ans, n), _)| {
                    ans.is_empty()
                        && matches!(
                            n.as_str(),
                            "startRef"
                                | "id"
                                | "isolated"
                                | "dataRef"
                                | "canOverlap"
                                | "disp"
                                | "equiv"
                                | "subFlows"
                        )
                })
                .collect();
            a.entry(key("canOverlap")).or_insert_with(|| "yes".into());
            vec![mk("ec", a)]
        }
        "em" => {
            let a = attrs
                .into_iter()
                .filter(|((ans, n), _)| ans.is_empty() && n == "startRef")
                .collect();
            vec![mk("em", a)]
        }
        _ => vec![C::El {
            ns,
            name,
            attrs,
            preserve,
            children: kids,
        }],
    }
}

/// Lines of a readable rendering, to show where two trees differ.
pub fn render(c: &C, depth: usize, out: &mut Vec<String>) {
    let pad = "  ".repeat(depth);
    match c {
        C::Text(t) => out.push(format!("{pad}{t:?}")),
        C::El {
            name,
            attrs,
            preserve,
            children,
            ..
        } => {
            let a: Vec<String> = attrs
                .iter()
                .map(|((_, n), v)| format!("{n}={v:?}"))
                .collect();
            let sp = if *preserve { " [preserve]" } else { "" };
            out.push(format!("{pad}<{name} {}>{sp}", a.join(" ")));
            for k in children {
                render(k, depth + 1, out);
            }
        }
    }
}

pub fn first_difference(a: &C, b: &C) -> String {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    render(a, 0, &mut x);
    render(b, 0, &mut y);
    for i in 0..x.len().max(y.len()) {
        let l = x.get(i).map(String::as_str).unwrap_or("<end>");
        let r = y.get(i).map(String::as_str).unwrap_or("<end>");
        if l != r {
            return format!("line {i}:\n      got:      {l}\n      expected: {r}");
        }
    }
    String::new()
}

pub fn tree(bytes: &[u8]) -> Result<C, String> {
    let s = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let doc = roxmltree::Document::parse(s).map_err(|e| e.to_string())?;
    Ok(canon(doc.root_element(), false))
}

/// `Ok` when the two documents are equal as XML, else where they differ.
pub fn same_xml(got: &[u8], want: &[u8]) -> Result<(), String> {
    let (g, w) = (tree(got)?, tree(want)?);
    if g == w {
        Ok(())
    } else {
        Err(first_difference(&g, &w))
    }
}
