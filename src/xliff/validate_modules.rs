//! Processing requirements and constraints of the XLIFF 2 modules beyond
//! their schemas' element names: validation (`val`), size and length
//! restriction (`slr`), resource data (`res`), glossary (`gls`) and change
//! tracking (`ctr`). Each violation names the module's rule
//! (`val:one-test`, `slr:sizeInfoRef-target`...). Translation candidates
//! and metadata are checked in `validate` itself.

use super::read::NS_XLIFF2_PREFIX;
use super::xml::{Element, Node, NS_XML};
use std::collections::HashSet;

const NS_VAL: &str = "urn:oasis:names:tc:xliff:validation:2.0";
const NS_SLR: &str = "urn:oasis:names:tc:xliff:sizerestriction:2.0";
const NS_RES: &str = "urn:oasis:names:tc:xliff:resourcedata:2.0";
const NS_GLS: &str = "urn:oasis:names:tc:xliff:glossary:2.0";
const NS_CTR: &str = "urn:oasis:names:tc:xliff:changetracking:2.0";

/// A violation found: the element, the rule, the message.
pub(super) type Found<'e> = (&'e Element, &'static str, String);

/// Check every module element and attribute under `root`.
pub(super) fn check<'e>(root: &'e Element, out: &mut Vec<Found<'e>>) {
    let src_lang = root.attr("srcLang").unwrap_or_default();
    let mut ancestors: Vec<&'e Element> = Vec::new();
    walk(root, &mut ancestors, src_lang, out);
}

fn walk<'e>(
    el: &'e Element,
    ancestors: &mut Vec<&'e Element>,
    src_lang: &str,
    out: &mut Vec<Found<'e>>,
) {
    slr_attrs(el, ancestors, out);
    match el.ns.as_str() {
        NS_VAL => val(el, out),
        NS_RES => res(el, src_lang, out),
        NS_GLS => gls(el, out),
        NS_CTR => ctr(el, ancestors, out),
        _ => {}
    }
    ancestors.push(el);
    for c in el.elements() {
        walk(c, ancestors, src_lang, out);
    }
    ancestors.pop();
}

fn yes_no(v: &str) -> bool {
    v == "yes" || v == "no"
}

/// Non-whitespace text directly inside an element whose content is
/// elements only.
fn stray_text(el: &Element) -> bool {
    el.children
        .iter()
        .any(|n| matches!(n, Node::Text(t, _, _) if !t.trim().is_empty()))
}

// ------------------------------------------------------------ validation --

fn val<'e>(el: &'e Element, out: &mut Vec<Found<'e>>) {
    match el.local.as_str() {
        "validation" => {
            let rules = el
                .elements()
                .filter(|c| c.ns == NS_VAL && c.local == "rule")
                .count();
            if rules == 0 || el.elements().any(|c| c.ns == NS_VAL && c.local != "rule") {
                out.push((
                    el,
                    "val:schema",
                    "<validation> must hold one or more <rule> and nothing else".into(),
                ));
            }
        }
        "rule" => {
            const TESTS: &[&str] = &["isPresent", "isNotPresent", "startsWith", "endsWith"];
            for a in &el.attrs {
                if !a.ns.is_empty() {
                    continue;
                }
                let bad = match a.local.as_str() {
                    "isPresent" | "isNotPresent" | "startsWith" | "endsWith" => None,
                    "occurs" => (a.value.parse::<u64>().map(|n| n == 0).unwrap_or(true))
                        .then_some("a positive integer"),
                    "existsInSource" | "caseSensitive" | "disabled" => {
                        (!yes_no(&a.value)).then_some("yes or no")
                    }
                    "normalization" => (!matches!(a.value.as_str(), "none" | "nfc" | "nfd"))
                        .then_some("none, nfc or nfd"),
                    _ => {
                        out.push((
                            el,
                            "val:schema",
                            format!("<rule> does not allow the attribute {}", a.name),
                        ));
                        None
                    }
                };
                if let Some(want) = bad {
                    out.push((
                        el,
                        "val:schema",
                        format!("{}=\"{}\" on <rule> must be {want}", a.name, a.value),
                    ));
                }
            }
            // A custom rule: an attribute of another namespace (not xml:).
            let custom = el
                .attrs
                .iter()
                .filter(|a| !a.ns.is_empty() && a.ns != NS_XML && a.ns != NS_VAL)
                .count();
            let tests = TESTS.iter().filter(|t| el.attr(t).is_some()).count() + custom;
            if tests != 1 {
                out.push((
                    el,
                    "val:one-test",
                    format!(
                        "a <rule> needs exactly one of isPresent, isNotPresent, startsWith, endsWith or a custom rule (found {tests})"
                    ),
                ));
            }
            if el.attr("existsInSource") == Some("yes") {
                let n = ["isPresent", "startsWith", "endsWith"]
                    .iter()
                    .filter(|t| el.attr(t).is_some())
                    .count();
                if n != 1 {
                    out.push((
                        el,
                        "val:existsInSource",
                        "existsInSource=\"yes\" needs exactly one of isPresent, startsWith or endsWith".into(),
                    ));
                }
            }
        }
        _ => {}
    }
}

// --------------------------------------------------- size restriction --

/// `*`, `N`, `N,N` or `N,*`.
fn restriction_ok(v: &str) -> bool {
    let int = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match v.split_once(',') {
        None => v == "*" || int(v),
        Some((a, b)) => int(a) && (b == "*" || int(b)),
    }
}

fn slr_attrs<'e>(el: &'e Element, ancestors: &[&'e Element], out: &mut Vec<Found<'e>>) {
    let has = |name: &str| el.attr_ns(NS_SLR, name);
    for name in ["sizeRestriction", "storageRestriction"] {
        if let Some(v) = has(name) {
            if !restriction_ok(v) {
                out.push((
                    el,
                    "slr:restriction-pattern",
                    format!("slr:{name}=\"{v}\" is not `*`, `N`, `N,N` or `N,*`"),
                ));
            }
        }
    }
    // sizeInfo is not checked as an integer: the specification's prose
    // says it is one, but the schema types it as a string and the OASIS
    // core suite has a valid file with `slr:sizeInfo="some info"`.
    for name in ["equivStorage"] {
        if let Some(v) = has(name) {
            if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                out.push((
                    el,
                    "slr:integer",
                    format!("slr:{name}=\"{v}\" is not a non-negative integer"),
                ));
            }
        }
    }
    let info = has("sizeInfo");
    let info_ref = has("sizeInfoRef");
    if info.is_some() && info_ref.is_some() {
        out.push((
            el,
            "slr:sizeInfo-sizeInfoRef",
            "slr:sizeInfo and slr:sizeInfoRef cannot be on the same element".into(),
        ));
    }
    let core_ec = el.ns.starts_with(NS_XLIFF2_PREFIX) && el.local == "ec";
    if core_ec && el.attr("isolated") != Some("yes") {
        for name in ["equivStorage", "sizeInfo", "sizeInfoRef"] {
            if has(name).is_some() {
                out.push((
                    el,
                    "slr:ec-isolated",
                    format!("slr:{name} is allowed on <ec> only with isolated=\"yes\""),
                ));
            }
        }
    }
    if let Some(r) = info_ref {
        // The target must be inside a <slr:data> that is a sibling of the
        // element or of one of its ancestors.
        let mut found = false;
        let chain: Vec<&Element> = ancestors.iter().copied().chain([el]).collect();
        for w in chain.windows(2) {
            let parent = w[0];
            if parent
                .elements()
                .filter(|s| s.ns == NS_SLR && s.local == "data")
                .any(|d| has_id(d, r))
            {
                found = true;
                break;
            }
        }
        if !found {
            out.push((
                el,
                "slr:sizeInfoRef-target",
                format!(
                    "slr:sizeInfoRef=\"{r}\" names no element of a <slr:data> beside this element or one of its ancestors"
                ),
            ));
        }
    }
}

/// Whether an element below `el` (not `el` itself) has this id.
fn has_id(el: &Element, id: &str) -> bool {
    el.elements()
        .any(|c| c.attr("id") == Some(id) || c.attr_ns(NS_XML, "id") == Some(id) || has_id(c, id))
}

// -------------------------------------------------------- resource data --

fn res<'e>(el: &'e Element, src_lang: &str, out: &mut Vec<Found<'e>>) {
    if !matches!(el.local.as_str(), "source" | "target" | "reference") {
        return;
    }
    let empty = el.elements().next().is_none() && el.text().trim().is_empty();
    let href = el.attr("href").is_some();
    if el.local != "reference" && empty != href {
        out.push((
            el,
            "res:href-iff-empty",
            format!(
                "<res:{}> {}",
                el.local,
                if href {
                    "has both content and href (href is required if and only if it is empty)"
                } else {
                    "is empty and has no href"
                }
            ),
        ));
    }
    if el.local == "source" {
        if let Some(l) = el.attr_ns(NS_XML, "lang") {
            if !l.eq_ignore_ascii_case(src_lang) {
                out.push((
                    el,
                    "res:source-lang",
                    format!(
                        "xml:lang=\"{l}\" on <res:source> is not the file's srcLang \"{src_lang}\""
                    ),
                ));
            }
        }
    }
}

// ------------------------------------------------------------ glossary --

fn gls<'e>(el: &'e Element, out: &mut Vec<Found<'e>>) {
    if !matches!(el.local.as_str(), "glossary" | "glossEntry") {
        return;
    }
    if stray_text(el) {
        out.push((
            el,
            "gls:schema",
            format!("<gls:{}> holds elements only, not text", el.local),
        ));
    }
    if el.local == "glossEntry"
        && !el
            .elements()
            .any(|c| c.ns == NS_GLS && matches!(c.local.as_str(), "translation" | "definition"))
    {
        out.push((
            el,
            "gls:entry-content",
            "a <glossEntry> must contain a <translation> or a <definition>".into(),
        ));
    }
}

// ----------------------------------------------------- change tracking --

fn ctr<'e>(el: &'e Element, ancestors: &[&'e Element], out: &mut Vec<Found<'e>>) {
    match el.local.as_str() {
        "revision" => {
            let mut seen = HashSet::new();
            for item in el
                .elements()
                .filter(|c| c.ns == NS_CTR && c.local == "item")
            {
                if let Some(p) = item.attr("property") {
                    if !seen.insert(p) {
                        out.push((
                            item,
                            "ctr:unique-property",
                            format!("property \"{p}\" appears twice in one <revision>"),
                        ));
                    }
                }
            }
        }
        "revisions" => {
            // The element enclosing <changeTrack>: where ref is resolved.
            let Some(enclosing) = ancestors.iter().rev().nth(1).copied() else {
                return;
            };
            let applies = el.attr("appliesTo").unwrap_or_default();
            let target = match el.attr("ref") {
                Some(r) => {
                    match find_id(enclosing, r) {
                        Some(t) => Some(t),
                        None => {
                            out.push((
                            el,
                            "ctr:ref-target",
                            format!("ref=\"{r}\" names no element with that id in the enclosing <{}>", enclosing.local),
                        ));
                            None
                        }
                    }
                }
                None => {
                    // Several instances of the element, some with ids: ref
                    // must say which.
                    let instances: Vec<&Element> = instances(enclosing, applies);
                    if instances.len() > 1 && instances.iter().any(|i| i.attr("id").is_some()) {
                        out.push((
                            el,
                            "ctr:ref-required",
                            format!("appliesTo=\"{applies}\" names one of several <{applies}> with ids: ref is required"),
                        ));
                    }
                    None
                }
            };
            if let Some(t) = target {
                for item in el
                    .elements()
                    .filter(|c| c.ns == NS_CTR && c.local == "revision")
                    .flat_map(|r| r.elements())
                    .filter(|c| c.ns == NS_CTR && c.local == "item")
                {
                    if let Some(p) = item.attr("property") {
                        if p != "content" && !t.attrs.iter().any(|a| a.name == p) {
                            out.push((
                                item,
                                "ctr:property",
                                format!(
                                    "property \"{p}\" is neither content nor an attribute of the <{}> it refers to",
                                    t.local
                                ),
                            ));
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// The core elements named `local` inside `el` (any depth, not inside
/// modules).
fn instances<'e>(el: &'e Element, local: &str) -> Vec<&'e Element> {
    let mut v = Vec::new();
    for c in el.elements() {
        if c.ns.starts_with(NS_XLIFF2_PREFIX) {
            if c.local == local {
                v.push(c);
            }
            v.extend(instances(c, local));
        }
    }
    v
}

/// The core element with this id inside `el`.
fn find_id<'e>(el: &'e Element, id: &str) -> Option<&'e Element> {
    for c in el.elements() {
        if !c.ns.starts_with(NS_XLIFF2_PREFIX) {
            continue;
        }
        if c.attr("id") == Some(id) {
            return Some(c);
        }
        if let Some(f) = find_id(c, id) {
            return Some(f);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    fn rules(body: &str) -> Vec<String> {
        let xml = format!(
            "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"fr\" \
             xmlns:val=\"urn:oasis:names:tc:xliff:validation:2.0\" xmlns:slr=\"urn:oasis:names:tc:xliff:sizerestriction:2.0\" \
             xmlns:res=\"urn:oasis:names:tc:xliff:resourcedata:2.0\" xmlns:gls=\"urn:oasis:names:tc:xliff:glossary:2.0\" \
             xmlns:ctr=\"urn:oasis:names:tc:xliff:changetracking:2.0\" xmlns:x=\"urn:x\"><file id=\"f\">{body}</file></xliff>"
        );
        let mut v: Vec<String> =
            crate::xliff::validate(xml.as_bytes(), std::path::Path::new("t.xlf"))
                .into_iter()
                .map(|v| v.rule)
                .collect();
        v.sort();
        v.dedup();
        v
    }

    const SEG: &str = "<segment><source>a</source></segment>";

    #[test]
    fn each_module_rule_is_named() {
        let unit = |inner: &str| format!("<unit id=\"u\">{inner}{SEG}</unit>");
        assert!(rules(&unit(
            "<val:validation><val:rule startsWith=\"a\"/></val:validation>"
        ))
        .is_empty());
        assert!(rules(&unit(
            "<val:validation><val:rule x:mine=\"1\"/></val:validation>"
        ))
        .is_empty());
        assert_eq!(
            rules(&unit("<val:validation><val:rule/></val:validation>")),
            ["val:one-test"]
        );
        assert_eq!(
            rules(&unit(
                "<val:validation><val:rule isPresent=\"a\" occurs=\"0\"/></val:validation>"
            )),
            ["val:schema"]
        );
        assert_eq!(
            rules(&unit("<val:validation><val:rule isNotPresent=\"a\" existsInSource=\"yes\"/></val:validation>")),
            ["val:existsInSource"]
        );
        assert!(rules("<unit id=\"u\" slr:sizeRestriction=\"10,*\"><segment><source>a</source></segment></unit>").is_empty());
        assert_eq!(
            rules("<unit id=\"u\" slr:sizeRestriction=\"ten\"><segment><source>a</source></segment></unit>"),
            ["slr:restriction-pattern"]
        );
        assert_eq!(
            rules("<unit id=\"u\"><segment><source><sc id=\"1\"/>a<ec startRef=\"1\" slr:equivStorage=\"2\"/></source></segment></unit>"),
            ["slr:ec-isolated"]
        );
        assert_eq!(
            rules("<slr:data profile=\"p\"><x:d id=\"d1\"/></slr:data><unit id=\"u\" slr:sizeInfoRef=\"d2\">{SEG}</unit>".replace("{SEG}", SEG).as_str()),
            ["slr:sizeInfoRef-target"]
        );
        assert!(rules("<slr:data profile=\"p\"><x:d id=\"d1\"/></slr:data><unit id=\"u\" slr:sizeInfoRef=\"d1\">{SEG}</unit>".replace("{SEG}", SEG).as_str()).is_empty());
        assert_eq!(
            rules(&unit("<res:resourceData><res:resourceItem><res:source href=\"a.png\">x</res:source></res:resourceItem></res:resourceData>")),
            ["res:href-iff-empty"]
        );
        assert_eq!(
            rules(&unit("<res:resourceData><res:resourceItem><res:source xml:lang=\"de\" href=\"a.png\"/></res:resourceItem></res:resourceData>")),
            ["res:source-lang"]
        );
        assert_eq!(
            rules(&unit("<gls:glossary><gls:glossEntry><gls:term>a</gls:term></gls:glossEntry></gls:glossary>")),
            ["gls:entry-content"]
        );
        let notes =
            "<notes><note id=\"n1\">a</note><note id=\"n2\" category=\"c\">b</note></notes>";
        let track = |revisions: &str| {
            format!(
                "<unit id=\"u\"><ctr:changeTrack>{revisions}</ctr:changeTrack>{notes}{SEG}</unit>"
            )
        };
        assert!(rules(&track("<ctr:revisions appliesTo=\"note\" ref=\"n2\"><ctr:revision><ctr:item property=\"category\">d</ctr:item></ctr:revision></ctr:revisions>")).is_empty());
        assert_eq!(
            rules(&track("<ctr:revisions appliesTo=\"note\" ref=\"n1\"><ctr:revision><ctr:item property=\"category\">d</ctr:item></ctr:revision></ctr:revisions>")),
            ["ctr:property"]
        );
        assert_eq!(
            rules(&track("<ctr:revisions appliesTo=\"note\"><ctr:revision><ctr:item property=\"content\">d</ctr:item></ctr:revision></ctr:revisions>")),
            ["ctr:ref-required"]
        );
        assert_eq!(
            rules(&track("<ctr:revisions appliesTo=\"note\" ref=\"n9\"><ctr:revision><ctr:item property=\"content\">d</ctr:item><ctr:item property=\"content\">e</ctr:item></ctr:revision></ctr:revisions>")),
            ["ctr:ref-target", "ctr:unique-property"]
        );
    }
}
