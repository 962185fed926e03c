//! Conformance checks: XLIFF 2.0/2.1/2.2 (the core schema's structure and
//! the specification's processing requirements) and basic XLIFF 1.x rules;
//! a TMX file is handed to the TMX checks beside the TMX reader
//! ([`crate::tmx::validate`]).
//!
//! Every [`Violation`] names its rule (`xliff2:…`, `xliff12:…`, `tmx:…`,
//! `xml:…`) and where it happens.

use super::read::{major, NS_XLIFF2_PREFIX};
use crate::xml::{is_xml_char, parse, Element, Node, Violation, XmlDoc, NS_XML};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Check an XLIFF (1.x or 2.x) or TMX file. An empty list means valid.
/// A file that is not well-formed XML gives one `xml:well-formed` violation.
pub fn validate(bytes: &[u8], path: &Path) -> Vec<Violation> {
    let doc = match parse(bytes, path) {
        Ok(d) => d,
        Err(e) => return vec![Violation::not_well_formed(e)],
    };
    let mut v = Checker {
        doc: &doc,
        out: Vec::new(),
    };
    match doc.root.local.as_str() {
        "xliff" if major(&doc.root) == 2 => v.xliff2(),
        "xliff" => v.xliff12(),
        "tmx" => v.out = crate::tmx::validate::check(&doc),
        other => v.push(
            &doc.root,
            "xml:root",
            format!("<{other}> is neither <xliff> nor <tmx>"),
        ),
    }
    v.out
}

struct Checker<'a> {
    doc: &'a XmlDoc,
    out: Vec<Violation>,
}

// ------------------------------------------------------------ value types

/// Type of an attribute value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ty {
    Any,
    NmToken,
    NmTokens,
    YesNo,
    YesNoFirstNo,
    Dir,
    AppliesTo,
    UserDefined,
    CodeType,
    MrkType,
    Priority,
    State,
    PositiveInt,
    Hex,
    Lang,
    Space,
    /// Decimal 0.0–100.0 (`mtc:similarity`).
    Similarity,
    /// `mtc:match/@type`.
    MtcType,
    /// `mda:metaGroup/@appliesTo`.
    MdaAppliesTo,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '\u{B7}')
}

pub(crate) fn is_nmtoken(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_name_char)
}

/// BCP 47 well-formedness (language tag grammar, without registry look-up).
pub(crate) fn is_bcp47(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || p.len() > 8 || !p.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        return false;
    }
    let first = parts[0];
    if first.eq_ignore_ascii_case("x") || first.eq_ignore_ascii_case("i") {
        return parts.len() > 1;
    }
    if !(first.chars().all(|c| c.is_ascii_alphabetic())
        && (first.len() == 2 || first.len() == 3 || (5..=8).contains(&first.len())))
    {
        return false;
    }
    // After the language: extlang/script/region/variants/extensions/private use.
    let mut i = 1;
    let mut ext = 0;
    while i < parts.len()
        && parts[i].len() == 3
        && parts[i].chars().all(|c| c.is_ascii_alphabetic())
        && ext < 3
    {
        ext += 1;
        i += 1;
    }
    if i < parts.len() && parts[i].len() == 4 && parts[i].chars().all(|c| c.is_ascii_alphabetic()) {
        i += 1;
    }
    if i < parts.len()
        && ((parts[i].len() == 2 && parts[i].chars().all(|c| c.is_ascii_alphabetic()))
            || (parts[i].len() == 3 && parts[i].chars().all(|c| c.is_ascii_digit())))
    {
        i += 1;
    }
    while i < parts.len() {
        let p = parts[i];
        if p.len() == 1 {
            // extension or private use: needs at least one following subtag
            return i + 1 < parts.len();
        }
        let variant = (5..=8).contains(&p.len())
            || (p.len() == 4 && p.chars().next().is_some_and(|c| c.is_ascii_digit()));
        if !variant {
            return false;
        }
        i += 1;
    }
    true
}

fn is_user_defined(s: &str) -> bool {
    let mut it = s.splitn(2, ':');
    let (a, b) = (it.next().unwrap_or(""), it.next().unwrap_or(""));
    !a.is_empty() && !b.is_empty() && !b.contains(':') && !s.chars().any(char::is_whitespace)
}

fn ty_ok(ty: Ty, v: &str) -> Result<(), String> {
    let ok = match ty {
        Ty::Any => true,
        Ty::NmToken => is_nmtoken(v),
        Ty::NmTokens => !v.trim().is_empty() && v.split_ascii_whitespace().all(is_nmtoken),
        Ty::YesNo => matches!(v, "yes" | "no"),
        Ty::YesNoFirstNo => matches!(v, "yes" | "no" | "firstNo"),
        Ty::Dir => matches!(v, "ltr" | "rtl" | "auto"),
        Ty::AppliesTo => matches!(v, "source" | "target"),
        Ty::UserDefined => is_user_defined(v),
        Ty::CodeType => matches!(v, "fmt" | "ui" | "quote" | "link" | "image" | "other"),
        Ty::MrkType => matches!(v, "generic" | "comment" | "term") || is_user_defined(v),
        Ty::Priority => v.parse::<u32>().is_ok_and(|n| (1..=10).contains(&n)),
        Ty::State => matches!(v, "initial" | "translated" | "reviewed" | "final"),
        Ty::PositiveInt => v.parse::<u64>().is_ok_and(|n| n >= 1),
        Ty::Hex => {
            !v.is_empty() && v.len().is_multiple_of(2) && v.chars().all(|c| c.is_ascii_hexdigit())
        }
        Ty::Lang => is_bcp47(v),
        Ty::Space => matches!(v, "default" | "preserve"),
        Ty::Similarity => v.parse::<f64>().is_ok_and(|q| (0.0..=100.0).contains(&q)),
        Ty::MtcType => matches!(v, "am" | "mt" | "icm" | "idm" | "tb" | "tm" | "other"),
        Ty::MdaAppliesTo => matches!(v, "source" | "target" | "ignorable"),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("\"{v}\" is not a valid value"))
    }
}

// ------------------------------------------------------------ XLIFF 2 schema

/// Whether an element may carry attributes from other namespaces.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ext {
    No,
    Any,
    /// Inline codes: only attributes of XLIFF modules.
    Modules,
}

const CODE_ATTRS: &[(&str, Ty)] = &[
    ("canCopy", Ty::YesNo),
    ("canDelete", Ty::YesNo),
    ("canReorder", Ty::YesNoFirstNo),
    ("copyOf", Ty::NmToken),
    ("subType", Ty::UserDefined),
    ("type", Ty::CodeType),
];

/// Attributes (without namespace) of a core element; `None` for an unknown
/// element. Returns (attributes, required, xml: attributes, extension rule).
#[allow(clippy::type_complexity)]
fn core_attrs(
    local: &str,
) -> Option<(
    Vec<(&'static str, Ty)>,
    &'static [&'static str],
    &'static [&'static str],
    Ext,
)> {
    let structural = |extra: &[(&'static str, Ty)]| {
        let mut v = vec![
            ("id", Ty::NmToken),
            ("canResegment", Ty::YesNo),
            ("translate", Ty::YesNo),
            ("srcDir", Ty::Dir),
            ("trgDir", Ty::Dir),
        ];
        v.extend_from_slice(extra);
        v
    };
    let codes = |extra: &[(&'static str, Ty)]| {
        let mut v = CODE_ATTRS.to_vec();
        v.extend_from_slice(extra);
        v
    };
    Some(match local {
        "xliff" => (
            vec![
                ("version", Ty::Any),
                ("srcLang", Ty::Lang),
                ("trgLang", Ty::Lang),
            ],
            &["version", "srcLang"][..],
            &["space", "lang"][..],
            Ext::Any,
        ),
        "file" => (
            structural(&[("original", Ty::Any)]),
            &["id"],
            &["space", "lang"],
            Ext::Any,
        ),
        "skeleton" => (vec![("href", Ty::Any)], &[], &[], Ext::No),
        "group" | "unit" => (
            structural(&[("name", Ty::Any), ("type", Ty::UserDefined)]),
            &["id"],
            &["space", "lang"],
            Ext::Any,
        ),
        "segment" => (
            vec![
                ("id", Ty::NmToken),
                ("canResegment", Ty::YesNo),
                ("state", Ty::State),
                ("subState", Ty::UserDefined),
            ],
            &[],
            &[],
            Ext::No,
        ),
        "ignorable" => (vec![("id", Ty::NmToken)], &[], &[], Ext::No),
        "notes" | "originalData" => (vec![], &[], &[], Ext::No),
        "note" => (
            vec![
                ("id", Ty::NmToken),
                ("appliesTo", Ty::AppliesTo),
                ("category", Ty::Any),
                ("priority", Ty::Priority),
                // XLIFF 2.2
                ("ref", Ty::Any),
            ],
            &[],
            &[],
            Ext::Any,
        ),
        "data" => (
            vec![("id", Ty::NmToken), ("dir", Ty::Dir)],
            &["id"],
            &["space"],
            Ext::No,
        ),
        "source" => (vec![], &[], &["lang", "space"], Ext::No),
        "target" => (
            vec![("order", Ty::PositiveInt)],
            &[],
            &["lang", "space"],
            Ext::No,
        ),
        "cp" => (vec![("hex", Ty::Hex)], &["hex"], &[], Ext::No),
        "ph" => (
            codes(&[
                ("disp", Ty::Any),
                ("equiv", Ty::Any),
                ("id", Ty::NmToken),
                ("dataRef", Ty::NmToken),
                ("subFlows", Ty::NmTokens),
            ]),
            &["id"],
            &[],
            Ext::Modules,
        ),
        "pc" => (
            codes(&[
                ("canOverlap", Ty::YesNo),
                ("dispEnd", Ty::Any),
                ("dispStart", Ty::Any),
                ("equivEnd", Ty::Any),
                ("equivStart", Ty::Any),
                ("id", Ty::NmToken),
                ("dataRefEnd", Ty::NmToken),
                ("dataRefStart", Ty::NmToken),
                ("subFlowsEnd", Ty::NmTokens),
                ("subFlowsStart", Ty::NmTokens),
                ("dir", Ty::Dir),
            ]),
            &["id"],
            &[],
            Ext::Modules,
        ),
        "sc" | "ec" => (
            codes(&[
                ("canOverlap", Ty::YesNo),
                ("dataRef", Ty::NmToken),
                ("dir", Ty::Dir),
                ("disp", Ty::Any),
                ("equiv", Ty::Any),
                ("id", Ty::NmToken),
                ("isolated", Ty::YesNo),
                ("subFlows", Ty::NmTokens),
                ("startRef", Ty::NmToken),
            ]),
            if local == "sc" { &["id"] } else { &[] },
            &[],
            Ext::Modules,
        ),
        "mrk" | "sm" => (
            vec![
                ("id", Ty::NmToken),
                ("translate", Ty::YesNo),
                ("type", Ty::MrkType),
                ("ref", Ty::Any),
                ("value", Ty::Any),
            ],
            &["id"],
            &[],
            Ext::Any,
        ),
        "em" => (vec![("startRef", Ty::NmToken)], &["startRef"], &[], Ext::No),
        _ => return None,
    })
}

/// One slot of a content model.
#[derive(Clone, Copy)]
enum M {
    Core(&'static [&'static str]),
    Other,
}

fn content_model(local: &str, v22: bool) -> Option<&'static [(M, usize, usize)]> {
    const N: usize = usize::MAX;
    Some(match local {
        "xliff" if v22 => &[
            (M::Core(&["notes"]), 0, 1),
            (M::Other, 0, 1),
            (M::Core(&["file"]), 1, N),
        ],
        "xliff" => &[(M::Core(&["file"]), 1, N)],
        "file" => &[
            (M::Core(&["skeleton"]), 0, 1),
            (M::Other, 0, N),
            (M::Core(&["notes"]), 0, 1),
            (M::Core(&["unit", "group"]), 1, N),
        ],
        "group" => &[
            (M::Other, 0, N),
            (M::Core(&["notes"]), 0, 1),
            (M::Core(&["unit", "group"]), 0, N),
        ],
        "unit" => &[
            (M::Other, 0, N),
            (M::Core(&["notes"]), 0, 1),
            (M::Core(&["originalData"]), 0, 1),
            (M::Core(&["segment", "ignorable"]), 1, N),
        ],
        "segment" | "ignorable" => &[(M::Core(&["source"]), 1, 1), (M::Core(&["target"]), 0, 1)],
        "notes" => &[(M::Core(&["note"]), 1, N)],
        "originalData" => &[(M::Core(&["data"]), 1, N)],
        "data" => &[(M::Core(&["cp"]), 0, N)],
        "skeleton" => &[(M::Other, 0, N)],
        "note" | "cp" | "ph" | "sc" | "ec" | "sm" | "em" => &[],
        _ => return None,
    })
}

const INLINE: &[&str] = &["cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em"];

fn is_inline_container(local: &str) -> bool {
    matches!(local, "source" | "target" | "pc" | "mrk")
}

fn is_mixed(local: &str) -> bool {
    matches!(
        local,
        "source" | "target" | "pc" | "mrk" | "note" | "data" | "skeleton"
    )
}

/// XLIFF 2 module namespaces and their element names.
const MODULES: &[(&str, &[&str])] = &[
    (
        "urn:oasis:names:tc:xliff:matches:2.0",
        &["matches", "match"],
    ),
    (
        "urn:oasis:names:tc:xliff:glossary:2.0",
        &[
            "glossary",
            "glossEntry",
            "term",
            "translation",
            "definition",
        ],
    ),
    (
        "urn:oasis:names:tc:xliff:metadata:2.0",
        &["metadata", "metaGroup", "meta"],
    ),
    (
        "urn:oasis:names:tc:xliff:resourcedata:2.0",
        &[
            "resourceData",
            "resourceItemRef",
            "resourceItem",
            "source",
            "target",
            "reference",
        ],
    ),
    (
        "urn:oasis:names:tc:xliff:changetracking:2.0",
        &["changeTrack", "revisions", "revision", "item"],
    ),
    (
        "urn:oasis:names:tc:xliff:sizerestriction:2.0",
        &["profiles", "normalization", "data"],
    ),
    (
        "urn:oasis:names:tc:xliff:validation:2.0",
        &["validation", "rule"],
    ),
    ("urn:oasis:names:tc:xliff:fs:2.0", &[]),
];

/// The rule of a duplicate id on an element of namespace `ns`: the module's
/// own (`gls:unique-id`, `res:unique-id`...) or, for other extensions,
/// `xliff2:unique-extension-id`.
fn unique_id_rule(ns: &str) -> &'static str {
    match ns {
        "urn:oasis:names:tc:xliff:matches:2.0" => "mtc:unique-id",
        "urn:oasis:names:tc:xliff:glossary:2.0" => "gls:unique-id",
        "urn:oasis:names:tc:xliff:metadata:2.0" => "mda:unique-id",
        "urn:oasis:names:tc:xliff:resourcedata:2.0" => "res:unique-id",
        "urn:oasis:names:tc:xliff:changetracking:2.0" => "ctr:unique-id",
        "urn:oasis:names:tc:xliff:sizerestriction:2.0" => "slr:unique-id",
        "urn:oasis:names:tc:xliff:validation:2.0" => "val:unique-id",
        _ => "xliff2:unique-extension-id",
    }
}

const NS_FS: &str = "urn:oasis:names:tc:xliff:fs:2.0";
const NS_MTC: &str = super::NS_MTC;
const NS_MDA: &str = super::NS_MDA;

/// Namespaces whose attributes may appear on inline codes.
fn is_module_attr_ns(ns: &str) -> bool {
    ns == NS_FS
        || ns == "urn:oasis:names:tc:xliff:sizerestriction:2.0"
        || ns == "http://www.w3.org/2005/11/its"
        || ns.starts_with("urn:oasis:names:tc:xliff:itsm:")
        || ns == "urn:oasis:names:tc:xliff:changetracking:2.0"
        || ns == "urn:oasis:names:tc:xliff:resourcedata:2.0"
        || ns == "urn:oasis:names:tc:xliff:glossary:2.0"
        || ns.starts_with("urn:oasis:names:tc:xliff:pgs:")
}

/// HTML element names allowed as `fs:fs` values.
const FS_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "command",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "isindex",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "listing",
    "map",
    "mark",
    "menu",
    "meta",
    "meter",
    "nav",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "plaintext",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
];

/// `xlf:` subType values and the `type` each requires.
const XLF_SUBTYPES: &[(&str, &str)] = &[
    ("xlf:lb", "fmt"),
    ("xlf:pb", "fmt"),
    ("xlf:b", "fmt"),
    ("xlf:i", "fmt"),
    ("xlf:u", "fmt"),
    ("xlf:var", "ui"),
];

/// Fragment identifier prefixes reserved by the core and the modules, plus
/// the registered extension prefix `tbx` (ISO 30042 TermBase eXchange).
const FRAG_PREFIXES: &[&str] = &[
    "f", "g", "u", "n", "d", "t", "mtc", "gls", "mda", "res", "ctr", "slr", "val", "its", "pgs",
    "tbx",
];

/// Inherited `xml:space` and `xml:lang` from a stack of elements.
type Inherit = dyn Fn(&[&Element]) -> (String, Option<String>);

/// One inline event of a source or target, in document order.
#[derive(Clone)]
struct Ev<'a> {
    el: &'a Element,
    /// `ph`, `pc` (start), `/pc` (end), `sc`, `ec`, `mrk`, `sm`, `em`, `cp`.
    kind: &'static str,
    /// Index of the segment/ignorable.
    part: usize,
}

impl<'a> Checker<'a> {
    fn push(&mut self, el: &Element, rule: &str, message: String) {
        self.out.push(Violation::at(self.doc, el, rule, message));
    }

    // -------------------------------------------------------- XLIFF 2

    fn xliff2(&mut self) {
        let root = &self.doc.root;
        if !root.ns.starts_with(NS_XLIFF2_PREFIX) {
            self.push(
                root,
                "xliff2:namespace",
                format!("<xliff> is in namespace \"{}\"", root.ns),
            );
            return;
        }
        let version = root.attr("version").unwrap_or_default();
        if version == "2.2" && !root.ns.ends_with(":2.2") {
            self.push(
                root,
                "xliff2:version",
                "version 2.2 requires the namespace urn:oasis:names:tc:xliff:document:2.2".into(),
            );
        } else if !matches!(version, "2.0" | "2.1" | "2.2") {
            self.push(
                root,
                "xliff2:version",
                format!("version \"{version}\" is not 2.0, 2.1 or 2.2"),
            );
        }
        self.structure(root);
        let src_lang = root.attr("srcLang").unwrap_or_default().to_string();
        let trg_lang = root.attr("trgLang").map(str::to_string);
        let mut file_ids = HashSet::new();
        for f in root.children_named("file") {
            if let Some(id) = f.attr("id") {
                if !file_ids.insert(id.to_string()) {
                    self.push(
                        f,
                        "xliff2:unique-file-id",
                        format!("<file id=\"{id}\"> is not unique in the document"),
                    );
                }
            }
            self.file2(f, &src_lang, trg_lang.as_deref());
        }
        let mut found = Vec::new();
        super::validate_modules::check(root, &mut found);
        for (el, rule, message) in found {
            self.push(el, rule, message);
        }
    }

    /// Schema-level checks on a core element and everything inside.
    fn structure(&mut self, el: &Element) {
        let core = el.ns.starts_with(NS_XLIFF2_PREFIX);
        if !core {
            self.extension(el);
            return;
        }
        let Some((attrs, required, xml_attrs, ext)) = core_attrs(&el.local) else {
            self.push(
                el,
                "xliff2:schema-element",
                format!("<{}> is not an XLIFF 2 element", el.name),
            );
            return;
        };
        for r in required {
            if el.attr(r).is_none() {
                self.push(
                    el,
                    "xliff2:schema-required-attribute",
                    format!("<{}> requires the attribute {r}", el.local),
                );
            }
        }
        for a in &el.attrs {
            if a.ns.is_empty() {
                match attrs.iter().find(|(n, _)| *n == a.local) {
                    None => self.push(
                        el,
                        "xliff2:schema-attribute",
                        format!("<{}> does not allow the attribute {}", el.local, a.name),
                    ),
                    Some((_, ty)) => {
                        if let Err(m) = ty_ok(*ty, &a.value) {
                            self.push(
                                el,
                                "xliff2:schema-attribute-value",
                                format!("{} on <{}>: {m}", a.name, el.local),
                            );
                        }
                    }
                }
            } else if a.ns == NS_XML {
                if !xml_attrs.contains(&a.local.as_str()) {
                    self.push(
                        el,
                        "xliff2:xml-attribute",
                        format!("<{}> does not allow {}", el.local, a.name),
                    );
                } else {
                    let ty = if a.local == "lang" {
                        Ty::Lang
                    } else {
                        Ty::Space
                    };
                    if let Err(m) = ty_ok(ty, &a.value) {
                        self.push(
                            el,
                            "xliff2:xml-attribute-value",
                            format!("{} on <{}>: {m}", a.name, el.local),
                        );
                    }
                }
            } else {
                let allowed = match ext {
                    Ext::No => false,
                    Ext::Any => true,
                    Ext::Modules => is_module_attr_ns(&a.ns),
                };
                if !allowed {
                    self.push(
                        el,
                        "xliff2:extension-attribute",
                        format!(
                            "<{}> does not allow the extension attribute {}",
                            el.local, a.name
                        ),
                    );
                } else if a.ns == NS_FS {
                    self.fs_attr(el, &a.local, &a.value);
                }
            }
        }
        // Content model.
        if is_inline_container(&el.local) {
            for c in el.elements() {
                if !(c.ns.starts_with(NS_XLIFF2_PREFIX) && INLINE.contains(&c.local.as_str())) {
                    self.push(
                        c,
                        "xliff2:schema-content",
                        format!("<{}> is not allowed in <{}>", c.name, el.local),
                    );
                }
            }
        } else if let Some(model) = content_model(&el.local, el.ns.ends_with(":2.2")) {
            self.check_model(el, model);
        }
        if !is_mixed(&el.local) {
            for n in &el.children {
                if let Node::Text(t, s, _) = n {
                    if !t.trim().is_empty() {
                        let (line, column) = self.doc.line_col(*s);
                        self.out.push(Violation {
                            rule: "xliff2:schema-content".into(),
                            line,
                            column,
                            message: format!("<{}> cannot contain text", el.local),
                        });
                    }
                }
            }
        }
        for c in el.elements() {
            self.structure(c);
        }
    }

    fn check_model(&mut self, el: &Element, model: &[(M, usize, usize)]) {
        let mut slot = 0;
        let mut count = 0;
        let core = |c: &Element| c.ns.starts_with(NS_XLIFF2_PREFIX);
        for c in el.elements() {
            loop {
                if slot >= model.len() {
                    self.push(
                        c,
                        "xliff2:schema-content",
                        format!("<{}> is not allowed here in <{}>", c.name, el.local),
                    );
                    break;
                }
                let (m, min, max) = model[slot];
                let fits = match m {
                    M::Core(names) => core(c) && names.contains(&c.local.as_str()),
                    M::Other => !core(c),
                };
                if fits && count < max {
                    count += 1;
                    break;
                }
                if count < min {
                    self.push(
                        c,
                        "xliff2:schema-content",
                        format!(
                            "<{}> found where <{}> expects {}",
                            c.name,
                            el.local,
                            describe(m)
                        ),
                    );
                    return;
                }
                slot += 1;
                count = 0;
            }
        }
        while slot < model.len() {
            let (m, min, _) = model[slot];
            if count < min {
                self.push(
                    el,
                    "xliff2:schema-content",
                    format!("<{}> must contain {}", el.local, describe(m)),
                );
                return;
            }
            slot += 1;
            count = 0;
        }
    }

    fn fs_attr(&mut self, el: &Element, local: &str, value: &str) {
        match local {
            "fs" => {
                if !FS_ELEMENTS.contains(&value) {
                    self.push(
                        el,
                        "fs:fs-value",
                        format!("fs:fs=\"{value}\" is not an HTML element name"),
                    );
                }
                if el.local == "ec" && el.attr("isolated") != Some("yes") {
                    self.push(
                        el,
                        "fs:on-ec",
                        "fs:fs may be used on <ec> only when it is isolated".into(),
                    );
                }
            }
            "subFs" => {
                if el.attr_ns(NS_FS, "fs").is_none() {
                    self.push(el, "fs:subFs-without-fs", "fs:subFs requires fs:fs".into());
                }
            }
            other => self.push(
                el,
                "fs:attribute",
                format!("fs:{other} is not an attribute of the Format Style module"),
            ),
        }
    }

    /// Elements of other namespaces: module vocabularies; core elements
    /// inside (e.g. `mtc:match/source`) get the structural checks.
    fn extension(&mut self, el: &Element) {
        if let Some((_, names)) = MODULES.iter().find(|(ns, _)| *ns == el.ns) {
            if !names.contains(&el.local.as_str()) {
                self.push(
                    el,
                    "xliff2:module-element",
                    format!("<{}> is not an element of module {}", el.name, el.ns),
                );
            }
        }
        if el.ns == NS_MTC || el.ns == NS_MDA {
            self.module_schema(el);
        }
        for c in el.elements() {
            self.structure(c);
        }
    }

    /// Attributes and content of the translation candidates (mtc) and
    /// metadata (mda) modules, which diglot writes.
    fn module_schema(&mut self, el: &Element) {
        let (rule, attrs, required, ext): (&str, &[(&str, Ty)], &[&str], bool) =
            match (el.ns == NS_MTC, el.local.as_str()) {
                (true, "matches") => ("mtc:schema", &[], &[], false),
                (true, "match") => (
                    "mtc:schema",
                    &[
                        ("id", Ty::NmToken),
                        ("matchQuality", Ty::Similarity),
                        ("matchSuitability", Ty::Similarity),
                        ("similarity", Ty::Similarity),
                        ("origin", Ty::Any),
                        ("ref", Ty::Any),
                        ("reference", Ty::YesNo),
                        ("subType", Ty::UserDefined),
                        ("type", Ty::MtcType),
                    ],
                    &["ref"],
                    true,
                ),
                (false, "metadata") => ("mda:schema", &[("id", Ty::NmToken)], &[], false),
                (false, "metaGroup") => (
                    "mda:schema",
                    &[
                        ("id", Ty::NmToken),
                        ("category", Ty::Any),
                        ("appliesTo", Ty::MdaAppliesTo),
                    ],
                    &[],
                    false,
                ),
                (false, "meta") => ("mda:schema", &[("type", Ty::Any)], &["type"], false),
                _ => return,
            };
        for r in required {
            if el.attr(r).is_none() {
                self.push(
                    el,
                    rule,
                    format!("<{}> requires the attribute {r}", el.name),
                );
            }
        }
        for a in &el.attrs {
            if a.ns.is_empty() {
                match attrs.iter().find(|(n, _)| *n == a.local) {
                    None => self.push(
                        el,
                        rule,
                        format!("<{}> does not allow the attribute {}", el.name, a.name),
                    ),
                    Some((_, ty)) => {
                        if let Err(m) = ty_ok(*ty, &a.value) {
                            self.push(el, rule, format!("{} on <{}>: {m}", a.name, el.name));
                        }
                    }
                }
            } else if !ext || a.ns == NS_XML {
                self.push(
                    el,
                    rule,
                    format!("<{}> does not allow the attribute {}", el.name, a.name),
                );
            }
        }
        let kids: Vec<&Element> = el.elements().collect();
        let only = |names: &[&str]| {
            kids.iter()
                .all(|k| k.ns == el.ns && names.contains(&k.local.as_str()))
        };
        let ok = match el.local.as_str() {
            "matches" => !kids.is_empty() && only(&["match"]),
            "metadata" => !kids.is_empty() && only(&["metaGroup"]),
            "metaGroup" => !kids.is_empty() && only(&["meta", "metaGroup"]),
            "meta" => kids.is_empty(),
            "match" => {
                let core: Vec<&str> = kids
                    .iter()
                    .filter(|k| k.ns.starts_with(NS_XLIFF2_PREFIX))
                    .map(|k| k.local.as_str())
                    .collect();
                core == ["source", "target"] || core == ["originalData", "source", "target"]
            }
            _ => true,
        };
        if !ok {
            self.push(
                el,
                rule,
                format!(
                    "<{}> does not have the content its module requires",
                    el.name
                ),
            );
        }
        if el.ns == NS_MTC
            && el.local == "match"
            && el.attr("subType").is_some()
            && el.attr("type").is_none()
        {
            self.push(
                el,
                "mtc:subType-requires-type",
                "subType is used without type".into(),
            );
        }
        // Ids unique among siblings (matches in <matches>, groups in <metadata>).
        let mut seen = HashSet::new();
        for k in &kids {
            if let Some(id) = k.attr("id") {
                if k.ns == el.ns && !seen.insert(id) {
                    self.push(
                        k,
                        if el.ns == NS_MTC {
                            "mtc:unique-id"
                        } else {
                            "mda:unique-id"
                        },
                        format!("id \"{id}\" is not unique in <{}>", el.name),
                    );
                }
            }
        }
    }

    /// Ids of extension elements in a file/group/unit: unique there.
    fn extension_ids(&mut self, scope: &Element) {
        let mut seen: HashSet<String> = HashSet::new();
        fn walk<'e>(e: &'e Element, out: &mut Vec<(&'e Element, String)>) {
            for c in e.elements() {
                if c.ns.starts_with(NS_XLIFF2_PREFIX) {
                    continue;
                }
                for a in &c.attrs {
                    if a.local == "id" && (a.ns.is_empty() || a.ns == NS_XML) {
                        out.push((c, a.value.clone()));
                    }
                }
                walk(c, out);
            }
        }
        let mut ids = Vec::new();
        for c in scope.elements() {
            if c.ns.starts_with(NS_XLIFF2_PREFIX) {
                continue;
            }
            if let Some(id) = c.attr("id").or_else(|| c.attr_ns(NS_XML, "id")) {
                ids.push((c, id.to_string()));
            }
            // Ids among the children of each extension element.
            let mut inner = Vec::new();
            walk(c, &mut inner);
            let mut local = HashSet::new();
            for (e, id) in inner {
                if !local.insert(id.clone()) {
                    self.push(
                        e,
                        unique_id_rule(&e.ns),
                        format!("extension element id \"{id}\" is not unique"),
                    );
                }
            }
        }
        for (e, id) in ids {
            if !seen.insert(id.clone()) {
                self.push(
                    e,
                    unique_id_rule(&e.ns),
                    format!("extension element id \"{id}\" is not unique"),
                );
            }
        }
    }

    fn notes(&mut self, scope: &Element) {
        if let Some(notes) = scope.child("notes") {
            let mut seen = HashSet::new();
            for n in notes.children_named("note") {
                if let Some(id) = n.attr("id") {
                    if !seen.insert(id.to_string()) {
                        self.push(
                            n,
                            "xliff2:unique-note-id",
                            format!("<note id=\"{id}\"> is not unique in its <notes>"),
                        );
                    }
                }
            }
        }
    }

    fn file2(&mut self, f: &'a Element, src_lang: &str, trg_lang: Option<&str>) {
        if let Some(sk) = f.child("skeleton") {
            let has_content = sk.elements().next().is_some() || !sk.text().trim().is_empty();
            match (sk.attr("href").is_some(), has_content) {
                (true, true) => self.push(
                    sk,
                    "xliff2:skeleton",
                    "<skeleton> with href must be empty".into(),
                ),
                (false, false) => self.push(
                    sk,
                    "xliff2:skeleton",
                    "<skeleton> without href must have content".into(),
                ),
                _ => {}
            }
        }
        self.notes(f);
        self.extension_ids(f);
        // Unit and group ids of the file.
        let mut units = Vec::new();
        let mut groups = Vec::new();
        collect(f, &mut units, &mut groups);
        let mut seen = HashSet::new();
        for g in &groups {
            self.notes(g);
            self.extension_ids(g);
            if let Some(id) = g.attr("id") {
                if !seen.insert(id.to_string()) {
                    self.push(
                        g,
                        "xliff2:unique-group-id",
                        format!("<group id=\"{id}\"> is not unique in the file"),
                    );
                }
            }
        }
        let mut unit_ids = HashSet::new();
        for u in &units {
            if let Some(id) = u.attr("id") {
                if !unit_ids.insert(id.to_string()) {
                    self.push(
                        u,
                        "xliff2:unique-unit-id",
                        format!("<unit id=\"{id}\"> is not unique in the file"),
                    );
                }
            }
        }
        let file_id = f.attr("id").unwrap_or_default();
        // Inherited xml:space and xml:lang down to units.
        let space = |stack: &[&Element]| -> (String, Option<String>) {
            let find = |a: &str| {
                stack
                    .iter()
                    .rev()
                    .find_map(|e| e.attr_ns(NS_XML, a))
                    .map(str::to_string)
            };
            (
                find("space").unwrap_or_else(|| "default".into()),
                find("lang"),
            )
        };
        let mut stack = vec![&self.doc.root, f];
        self.walk_units(
            f, &mut stack, &space, &unit_ids, file_id, src_lang, trg_lang,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn walk_units(
        &mut self,
        el: &'a Element,
        stack: &mut Vec<&'a Element>,
        space: &Inherit,
        unit_ids: &HashSet<String>,
        file_id: &str,
        src_lang: &str,
        trg_lang: Option<&str>,
    ) {
        for c in el.elements() {
            if !c.ns.starts_with(NS_XLIFF2_PREFIX) {
                continue;
            }
            match c.local.as_str() {
                "group" => {
                    stack.push(c);
                    self.walk_units(c, stack, space, unit_ids, file_id, src_lang, trg_lang);
                    stack.pop();
                }
                "unit" => {
                    stack.push(c);
                    let (sp, lang) = space(stack);
                    self.unit2(
                        c,
                        (&sp, lang.as_deref()),
                        unit_ids,
                        file_id,
                        src_lang,
                        trg_lang,
                    );
                    stack.pop();
                }
                _ => {}
            }
        }
    }

    fn unit2(
        &mut self,
        u: &'a Element,
        (inherited_space, inherited_lang): (&str, Option<&str>),
        unit_ids: &HashSet<String>,
        file_id: &str,
        src_lang: &str,
        trg_lang: Option<&str>,
    ) {
        self.notes(u);
        self.extension_ids(u);
        let unit_id = u.attr("id").unwrap_or_default();
        let parts: Vec<&Element> = u
            .elements()
            .filter(|e| {
                e.ns.starts_with(NS_XLIFF2_PREFIX)
                    && matches!(e.local.as_str(), "segment" | "ignorable")
            })
            .collect();
        if !parts.is_empty() && !parts.iter().any(|p| p.local == "segment") {
            self.push(
                u,
                "xliff2:unit-segment",
                "a <unit> must contain at least one <segment>".into(),
            );
        }
        let data_ids: HashSet<&str> = u
            .child("originalData")
            .map(|od| {
                let mut seen = HashSet::new();
                for d in od.children_named("data") {
                    if let Some(id) = d.attr("id") {
                        if !seen.insert(id) {
                            self.push(
                                d,
                                "xliff2:unique-data-id",
                                format!("<data id=\"{id}\"> is not unique in <originalData>"),
                            );
                        }
                    }
                }
                seen
            })
            .unwrap_or_default();
        for od in u.children_named("originalData") {
            for d in od.children_named("data") {
                for cp in d.children_named("cp") {
                    self.cp(cp);
                }
            }
        }
        let note_ids: HashSet<&str> = u
            .child("notes")
            .map(|n| {
                n.children_named("note")
                    .filter_map(|n| n.attr("id"))
                    .collect()
            })
            .unwrap_or_default();
        // Parts: ids, languages, space, order, states.
        let mut part_ids: HashMap<String, &Element> = HashMap::new();
        let mut orders: BTreeMap<u64, &Element> = BTreeMap::new();
        let mut src_events: Vec<Ev> = Vec::new();
        let mut targets: Vec<(u64, usize, &Element)> = Vec::new();
        for (i, p) in parts.iter().enumerate() {
            if let Some(id) = p.attr("id") {
                if part_ids.insert(id.to_string(), p).is_some() {
                    self.push(
                        p,
                        "xliff2:unique-segment-id",
                        format!("<{} id=\"{id}\"> is not unique in the unit", p.local),
                    );
                }
            }
            if p.local == "segment" && p.attr("subState").is_some() && p.attr("state").is_none() {
                self.push(
                    p,
                    "xliff2:subState-requires-state",
                    "subState is used without state".into(),
                );
            }
            let src = p.child("source");
            let tgt = p.child("target");
            if let Some(s) = src {
                if let Some(l) = s.attr_ns(NS_XML, "lang").or(inherited_lang) {
                    if !l.eq_ignore_ascii_case(src_lang) {
                        self.push(
                            s,
                            "xliff2:source-lang",
                            format!(
                                "xml:lang=\"{l}\" on <source> differs from srcLang=\"{src_lang}\""
                            ),
                        );
                    }
                }
                events(s, i, &mut src_events);
            }
            if let Some(t) = tgt {
                match trg_lang {
                    None => self.push(
                        t,
                        "xliff2:trgLang-required",
                        "a <target> exists but <xliff> has no trgLang".into(),
                    ),
                    Some(tl) => {
                        if let Some(l) = t.attr_ns(NS_XML, "lang").or(inherited_lang) {
                            if !l.eq_ignore_ascii_case(tl) {
                                self.push(
                                    t,
                                    "xliff2:target-lang",
                                    format!("xml:lang=\"{l}\" on <target> differs from trgLang=\"{tl}\""),
                                );
                            }
                        }
                    }
                }
                let sspace = src
                    .and_then(|s| s.attr_ns(NS_XML, "space"))
                    .unwrap_or(inherited_space);
                let tspace = t.attr_ns(NS_XML, "space").unwrap_or(inherited_space);
                if sspace != tspace {
                    self.push(
                        t,
                        "xliff2:xml-space-source-target",
                        format!("<target> xml:space=\"{tspace}\" differs from <source> xml:space=\"{sspace}\""),
                    );
                }
                let order = t
                    .attr("order")
                    .and_then(|o| o.parse::<u64>().ok())
                    .unwrap_or(i as u64 + 1);
                if order > parts.len() as u64 {
                    self.push(
                        t,
                        "xliff2:target-order",
                        format!(
                            "order=\"{order}\" is beyond the {} parts of the unit",
                            parts.len()
                        ),
                    );
                }
                if orders.insert(order, t).is_some() {
                    self.push(
                        t,
                        "xliff2:target-order",
                        format!("order {order} is used by two targets of the unit"),
                    );
                }
                targets.push((order, i, t));
            }
        }
        targets.sort_by_key(|(o, i, _)| (*o, *i));
        let mut tgt_events: Vec<Ev> = Vec::new();
        for (_, i, t) in &targets {
            events(t, *i, &mut tgt_events);
        }
        // Inline ids: unique per side, and distinct from part ids.
        for (side, evs) in [("source", &src_events), ("target", &tgt_events)] {
            let mut seen: HashSet<&str> = HashSet::new();
            for e in evs.iter() {
                if matches!(e.kind, "ec" | "em" | "/pc" | "cp") {
                    continue;
                }
                let Some(id) = e.el.attr("id") else { continue };
                if part_ids.contains_key(id) || !seen.insert(id) {
                    self.push(
                        e.el,
                        "xliff2:unique-inline-id",
                        format!(
                            "id \"{id}\" of <{}> is not unique in the unit's {side}",
                            e.el.local
                        ),
                    );
                }
            }
        }
        for evs in [&src_events, &tgt_events] {
            self.pairs(evs);
            for e in evs.iter() {
                self.code(e, &data_ids, unit_ids, &note_ids, file_id, unit_id);
            }
        }
        // Candidate refs point to a span of this unit: a segment, an
        // ignorable or an annotation of the source, or `t=` one of the target.
        let span_ids = |evs: &[Ev]| -> HashSet<String> {
            evs.iter()
                .filter(|e| matches!(e.kind, "mrk" | "sm" | "pc"))
                .filter_map(|e| e.el.attr("id").map(str::to_string))
                .collect()
        };
        let (src_spans, tgt_spans) = (span_ids(&src_events), span_ids(&tgt_events));
        for m in u
            .elements()
            .filter(|e| e.ns == NS_MTC && e.local == "matches")
            .flat_map(|e| {
                e.elements()
                    .filter(|c| c.ns == NS_MTC && c.local == "match")
            })
        {
            let Some(r) = m.attr("ref") else { continue };
            let ok = match r.strip_prefix('#') {
                None => false,
                Some(frag) => match frag.rsplit('/').next().unwrap_or(frag).split_once('=') {
                    Some(("t", id)) => tgt_spans.contains(id),
                    Some(_) => false,
                    None => {
                        let id = frag.rsplit('/').next().unwrap_or(frag);
                        part_ids.contains_key(id) || src_spans.contains(id)
                    }
                },
            };
            if !ok {
                self.push(
                    m,
                    "mtc:ref",
                    format!("ref=\"{r}\" does not point to a segment or span of this unit"),
                );
            }
        }
        // copyOf references.
        let src_codes: HashMap<&str, &Element> = src_events
            .iter()
            .chain(tgt_events.iter())
            .filter(|e| matches!(e.kind, "ph" | "pc" | "sc"))
            .filter_map(|e| Some((e.el.attr("id")?, e.el)))
            .collect();
        for e in src_events.iter().chain(tgt_events.iter()) {
            if e.kind == "/pc" {
                continue;
            }
            if let Some(r) = e.el.attr("copyOf") {
                match src_codes.get(r) {
                    None => self.push(
                        e.el,
                        "xliff2:copyOf-reference",
                        format!("copyOf=\"{r}\" does not refer to a code of the unit"),
                    ),
                    Some(base) if base.attr("canCopy") == Some("no") => self.push(
                        e.el,
                        "xliff2:copyOf-canCopy",
                        format!("copyOf=\"{r}\" refers to a code with canCopy=\"no\""),
                    ),
                    _ => {}
                }
                if ["dataRef", "dataRefStart", "dataRefEnd"]
                    .iter()
                    .any(|a| e.el.attr(a).is_some())
                {
                    self.push(
                        e.el,
                        "xliff2:copyOf-originalData",
                        "a code with copyOf cannot have a dataRef".into(),
                    );
                }
            }
        }
        // Non-removable codes and reordering, when the unit has targets.
        let tgt_keys: HashSet<(String, &str)> = tgt_events.iter().filter_map(code_key).collect();
        for e in &src_events {
            let Some(key) = code_key(e) else { continue };
            let has_target = parts[e.part].child("target").is_some();
            if has_target && attr_or(e, "canDelete", "yes") == "no" && !tgt_keys.contains(&key) {
                self.push(
                    e.el,
                    "xliff2:canDelete",
                    format!(
                        "code {} has canDelete=\"no\" but is missing from the target",
                        key.0
                    ),
                );
            }
        }
        let src_seqs = self.sequences(&src_events);
        let all_targets = parts
            .iter()
            .filter(|p| p.local == "segment")
            .all(|p| p.child("target").is_some());
        if all_targets && !targets.is_empty() {
            let tgt_seqs = self.sequences(&tgt_events);
            let mut a = src_seqs.clone();
            let mut b = tgt_seqs;
            a.sort();
            b.sort();
            if a != b {
                self.push(
                    u,
                    "xliff2:canReorder",
                    "codes that cannot be reordered are not in the same sequence in the target"
                        .into(),
                );
            }
        }
    }

    /// sc/ec and sm/em pairing over one side of a unit.
    fn pairs(&mut self, evs: &[Ev]) {
        let mut open_sc: HashMap<&str, &Element> = HashMap::new();
        let isolated_sc: HashSet<&str> = evs
            .iter()
            .filter(|e| e.kind == "sc" && e.el.attr("isolated") == Some("yes"))
            .filter_map(|e| e.el.attr("id"))
            .collect();
        let mut open_sm: HashSet<&str> = HashSet::new();
        for e in evs {
            match e.kind {
                "sc" if e.el.attr("isolated") != Some("yes") => {
                    if let Some(id) = e.el.attr("id") {
                        open_sc.insert(id, e.el);
                    }
                }
                "ec" => {
                    let iso = e.el.attr("isolated") == Some("yes");
                    match (e.el.attr("startRef"), iso) {
                        (Some(r), true) => self.push(
                            e.el,
                            "xliff2:ec-isolated",
                            format!("an isolated <ec> uses id, not startRef=\"{r}\""),
                        ),
                        (Some(r), false) => {
                            if e.el.attr("id").is_some() {
                                self.push(
                                    e.el,
                                    "xliff2:ec-id",
                                    "a non-isolated <ec> uses startRef, not id".into(),
                                );
                            }
                            match open_sc.remove(r) {
                                Some(sc) => self.same_as_sc(sc, e.el),
                                None if isolated_sc.contains(r) => self.push(
                                    e.el,
                                    "xliff2:sc-isolated",
                                    format!("<sc id=\"{r}\"> is marked isolated but is closed in the unit"),
                                ),
                                None => self.push(
                                    e.el,
                                    "xliff2:ec-startRef",
                                    format!("<ec startRef=\"{r}\"> has no preceding <sc id=\"{r}\"> in the unit"),
                                ),
                            }
                        }
                        (None, true) => {
                            if e.el.attr("id").is_none() {
                                self.push(
                                    e.el,
                                    "xliff2:ec-isolated",
                                    "an isolated <ec> requires id".into(),
                                );
                            }
                        }
                        (None, false) => self.push(
                            e.el,
                            "xliff2:ec-startRef",
                            "a non-isolated <ec> requires startRef (or isolated=\"yes\")".into(),
                        ),
                    }
                }
                "sm" => {
                    if let Some(id) = e.el.attr("id") {
                        open_sm.insert(id);
                    }
                }
                "em" => {
                    if let Some(r) = e.el.attr("startRef") {
                        if !open_sm.remove(r) {
                            self.push(
                                e.el,
                                "xliff2:em-startRef",
                                format!("<em startRef=\"{r}\"> has no preceding <sm id=\"{r}\">"),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        for (id, sc) in open_sc {
            self.push(
                sc,
                "xliff2:sc-without-ec",
                format!("<sc id=\"{id}\"> has no <ec> in the unit and is not isolated"),
            );
        }
        for e in evs {
            if e.kind == "sm" {
                if let Some(id) = e.el.attr("id") {
                    if open_sm.contains(id) {
                        self.push(
                            e.el,
                            "xliff2:sm-without-em",
                            format!("<sm id=\"{id}\"> has no <em> in the unit"),
                        );
                    }
                }
            }
        }
    }

    fn same_as_sc(&mut self, sc: &Element, ec: &Element) {
        for (a, def) in [
            ("canCopy", "yes"),
            ("canDelete", "yes"),
            ("canOverlap", "yes"),
            ("type", ""),
            ("subType", ""),
            ("dir", ""),
            ("copyOf", ""),
        ] {
            let (s, e) = (sc.attr(a).unwrap_or(def), ec.attr(a).unwrap_or(def));
            if matches!(a, "dir" | "type" | "subType" | "copyOf") && (s.is_empty() || e.is_empty())
            {
                continue;
            }
            if s != e {
                self.push(
                    ec,
                    "xliff2:sc-ec-attributes",
                    format!("{a}=\"{e}\" on <ec> differs from {a}=\"{s}\" on its <sc>"),
                );
            }
        }
        let s = sc.attr("canReorder").unwrap_or("yes");
        let e = ec.attr("canReorder").unwrap_or("yes");
        let expected = if s == "firstNo" { "no" } else { s };
        if e != expected {
            self.push(
                ec,
                "xliff2:sc-ec-attributes",
                format!("canReorder=\"{e}\" on <ec> must be \"{expected}\" (its <sc> has \"{s}\")"),
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn code(
        &mut self,
        e: &Ev,
        data_ids: &HashSet<&str>,
        unit_ids: &HashSet<String>,
        note_ids: &HashSet<&str>,
        file_id: &str,
        unit_id: &str,
    ) {
        let el = e.el;
        if e.kind == "/pc" {
            return;
        }
        if e.kind == "cp" {
            self.cp(el);
            return;
        }
        for a in ["dataRef", "dataRefStart", "dataRefEnd"] {
            if let Some(r) = el.attr(a) {
                if !data_ids.contains(r) {
                    self.push(
                        el,
                        "xliff2:dataRef",
                        format!("{a}=\"{r}\" does not match any <data> of the unit"),
                    );
                }
            }
        }
        for a in ["subFlows", "subFlowsStart", "subFlowsEnd"] {
            if let Some(v) = el.attr(a) {
                for t in v.split_ascii_whitespace() {
                    if !unit_ids.contains(t) {
                        self.push(
                            el,
                            "xliff2:subFlows",
                            format!("{a} refers to \"{t}\", which is not a unit of the file"),
                        );
                    }
                }
            }
        }
        if matches!(e.kind, "ph" | "pc" | "sc" | "ec") {
            let reorder = el.attr("canReorder").unwrap_or("yes");
            if reorder != "yes"
                && (el.attr("canCopy") != Some("no") || el.attr("canDelete") != Some("no"))
            {
                self.push(
                    el,
                    "xliff2:canReorder-context",
                    format!(
                        "canReorder=\"{reorder}\" requires canCopy=\"no\" and canDelete=\"no\""
                    ),
                );
            }
            match (el.attr("type"), el.attr("subType")) {
                (None, Some(s)) => self.push(
                    el,
                    "xliff2:subType-requires-type",
                    format!("subType=\"{s}\" is used without type"),
                ),
                (Some(t), Some(s)) if s.starts_with("xlf:") => {
                    match XLF_SUBTYPES.iter().find(|(n, _)| *n == s) {
                        None => self.push(
                            el,
                            "xliff2:subType-value",
                            format!("subType=\"{s}\" is not a defined xlf: value"),
                        ),
                        Some((_, need)) if *need != t => self.push(
                            el,
                            "xliff2:subType-value",
                            format!("subType=\"{s}\" requires type=\"{need}\", not \"{t}\""),
                        ),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        if matches!(e.kind, "mrk" | "sm") {
            let value = el.attr("value");
            let r = el.attr("ref");
            if el.attr("type") == Some("comment") {
                match (value, r) {
                    (Some(_), Some(_)) => self.push(
                        el,
                        "xliff2:comment-annotation",
                        "a comment annotation has value or ref, not both".into(),
                    ),
                    (None, None) => self.push(
                        el,
                        "xliff2:comment-annotation",
                        "a comment annotation requires value or ref".into(),
                    ),
                    (None, Some(r)) => {
                        if let Some(frag) = r.strip_prefix('#') {
                            if !comment_ref_ok(frag, file_id, unit_id, note_ids) {
                                self.push(
                                    el,
                                    "xliff2:comment-annotation",
                                    format!("ref=\"{r}\" does not point to a <note> of the unit"),
                                );
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(r) = el.attr("ref") {
            self.fragment(el, r);
        }
    }

    fn cp(&mut self, el: &Element) {
        let Some(hex) = el.attr("hex") else { return };
        match u32::from_str_radix(hex, 16) {
            Err(_) => {} // reported as a schema value error
            Ok(v) => {
                let allowed_in_xml = char::from_u32(v).is_some_and(is_xml_char);
                if v > 0x10FFFF {
                    self.push(
                        el,
                        "xliff2:cp",
                        format!("hex=\"{hex}\" is not a code point"),
                    );
                } else if allowed_in_xml {
                    self.push(
                        el,
                        "xliff2:cp",
                        format!("U+{hex} is allowed in XML and must not be written as <cp>"),
                    );
                }
            }
        }
    }

    /// Syntax of a fragment identifier (`…#/f=f1/u=u1/n=n1`).
    fn fragment(&mut self, el: &Element, r: &str) {
        let Some(i) = r.find('#') else { return };
        let frag = &r[i + 1..];
        if let Err(m) = fragment_syntax(frag) {
            self.push(
                el,
                "xliff2:fragment-identifier",
                format!("ref=\"{r}\": {m}"),
            );
        }
    }

    /// Sequences of codes that cannot be reordered: each starts with a
    /// `firstNo` code and goes on with `no` codes.
    fn sequences(&mut self, evs: &[Ev]) -> Vec<Vec<(String, &'static str)>> {
        let mut out: Vec<Vec<(String, &'static str)>> = Vec::new();
        let mut cur: Option<Vec<(String, &'static str)>> = None;
        for e in evs {
            if !matches!(e.kind, "ph" | "pc" | "/pc" | "sc" | "ec") {
                continue;
            }
            let mut r = attr_or(e, "canReorder", "yes");
            if matches!(e.kind, "/pc" | "ec") && r == "firstNo" {
                r = "no";
            }
            let key = code_key(e).map(|k| k.0).unwrap_or_default();
            match r {
                "firstNo" => {
                    if let Some(c) = cur.take() {
                        out.push(c);
                    }
                    cur = Some(vec![(key, e.kind)]);
                }
                "no" => match cur.as_mut() {
                    Some(c) => c.push((key, e.kind)),
                    None => {
                        self.push(
                            e.el,
                            "xliff2:canReorder-firstNo",
                            "a sequence of canReorder=\"no\" codes must start with canReorder=\"firstNo\"".into(),
                        );
                        cur = Some(vec![(key, e.kind)]);
                    }
                },
                _ => {
                    if let Some(c) = cur.take() {
                        out.push(c);
                    }
                }
            }
        }
        if let Some(c) = cur.take() {
            out.push(c);
        }
        out
    }

    // -------------------------------------------------------- XLIFF 1.x

    fn xliff12(&mut self) {
        let root = &self.doc.root;
        let version = root.attr("version");
        if version.is_none() {
            self.push(root, "xliff12:version", "<xliff> has no version".into());
        }
        let mut files = 0;
        for f in root.elements().filter(|e| e.local == "file") {
            files += 1;
            for a in ["original", "source-language", "datatype"] {
                if f.attr(a).is_none() {
                    self.push(
                        f,
                        "xliff12:file-required-attribute",
                        format!("<file> requires the attribute {a}"),
                    );
                }
            }
            if f.child("body").is_none() {
                self.push(f, "xliff12:file-body", "<file> has no <body>".into());
            }
            let mut units = Vec::new();
            fn walk<'e>(e: &'e Element, out: &mut Vec<&'e Element>) {
                for c in e.elements() {
                    match c.local.as_str() {
                        "trans-unit" | "bin-unit" => out.push(c),
                        "group" | "body" => walk(c, out),
                        _ => {}
                    }
                }
            }
            walk(f, &mut units);
            let mut ids = HashSet::new();
            for u in units {
                match u.attr("id") {
                    None => self.push(
                        u,
                        "xliff12:unit-id",
                        format!("<{}> requires the attribute id", u.local),
                    ),
                    Some(id) => {
                        if !ids.insert(id.to_string()) {
                            self.push(
                                u,
                                "xliff12:unique-unit-id",
                                format!("<{} id=\"{id}\"> is not unique in the file", u.local),
                            );
                        }
                    }
                }
                if u.local != "trans-unit" {
                    continue;
                }
                let first = u.elements().next();
                if first.map(|e| e.local.as_str()) != Some("source") {
                    self.push(
                        u,
                        "xliff12:trans-unit-source",
                        "<trans-unit> must start with <source>".into(),
                    );
                }
                if let Some(t) = u.child("target") {
                    if let Some(s) = t.attr("state") {
                        if !(STATES12.contains(&s) || s.starts_with("x-")) {
                            self.push(
                                t,
                                "xliff12:state",
                                format!("state=\"{s}\" is not an XLIFF 1.2 state"),
                            );
                        }
                    }
                }
                for a in u.children_named("alt-trans") {
                    if a.child("target").is_none() {
                        self.push(
                            a,
                            "xliff12:alt-trans-target",
                            "<alt-trans> has no <target>".into(),
                        );
                    }
                }
            }
        }
        if files == 0 {
            self.push(root, "xliff12:file", "<xliff> has no <file>".into());
        }
    }
}

const STATES12: &[&str] = &[
    "final",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-adaptation",
    "needs-review-l10n",
    "needs-review-translation",
    "needs-translation",
    "new",
    "signed-off",
    "translated",
];

fn describe(m: M) -> String {
    match m {
        M::Core(names) => names
            .iter()
            .map(|n| format!("<{n}>"))
            .collect::<Vec<_>>()
            .join(" or "),
        M::Other => "extension elements".into(),
    }
}

fn collect<'e>(el: &'e Element, units: &mut Vec<&'e Element>, groups: &mut Vec<&'e Element>) {
    for c in el.elements() {
        if !c.ns.starts_with(NS_XLIFF2_PREFIX) {
            continue;
        }
        match c.local.as_str() {
            "unit" => units.push(c),
            "group" => {
                groups.push(c);
                collect(c, units, groups);
            }
            _ => {}
        }
    }
}

/// Inline events of a source or target.
fn events<'e>(el: &'e Element, part: usize, out: &mut Vec<Ev<'e>>) {
    for c in el.elements() {
        if !c.ns.starts_with(NS_XLIFF2_PREFIX) {
            continue;
        }
        let kind: &'static str = match c.local.as_str() {
            "ph" => "ph",
            "pc" => "pc",
            "sc" => "sc",
            "ec" => "ec",
            "mrk" => "mrk",
            "sm" => "sm",
            "em" => "em",
            "cp" => "cp",
            _ => continue,
        };
        out.push(Ev { el: c, kind, part });
        if kind == "pc" || kind == "mrk" {
            events(c, part, out);
        }
        if kind == "pc" {
            out.push(Ev {
                el: c,
                kind: "/pc",
                part,
            });
        }
    }
}

/// Identity of a code event, to find it in the other side.
fn code_key(e: &Ev) -> Option<(String, &'static str)> {
    let id = match e.kind {
        "ph" | "pc" | "/pc" | "sc" => e.el.attr("id")?,
        "ec" => e.el.attr("startRef").or_else(|| e.el.attr("id"))?,
        _ => return None,
    };
    Some((id.to_string(), e.kind))
}

fn attr_or<'e>(e: &Ev<'e>, name: &str, def: &'static str) -> &'e str {
    e.el.attr(name).unwrap_or(def)
}

/// Whether a same-document fragment points to a note of the current unit.
fn comment_ref_ok(frag: &str, file_id: &str, unit_id: &str, notes: &HashSet<&str>) -> bool {
    let frag = frag.strip_prefix('/').unwrap_or(frag);
    // With f= the path is absolute: a unit note also needs u=.
    if frag.contains("f=") && !frag.contains("u=") {
        return false;
    }
    let mut note = None;
    for part in frag.split('/') {
        match part.split_once('=') {
            Some(("f", v)) if v == file_id => {}
            Some(("u", v)) if v == unit_id => {}
            Some(("n", v)) => note = Some(v),
            _ => return false,
        }
    }
    note.is_some_and(|n| notes.contains(n))
}

/// Check the syntax of an XLIFF 2 fragment identifier (without `#`).
pub(crate) fn fragment_syntax(frag: &str) -> Result<(), String> {
    let body = frag.strip_prefix('/').unwrap_or(frag);
    if body.is_empty() {
        return Err("empty fragment identifier".into());
    }
    let parts: Vec<&str> = body.split('/').collect();
    // Ranks: f=0, g=1, u=2, leaf=3.
    let mut last_rank = -1i32;
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, p) in parts.iter().enumerate() {
        let is_last = i + 1 == parts.len();
        let (prefix, id) = match p.split_once('=') {
            Some((pre, id)) => (Some(pre), id),
            None => (None, *p),
        };
        if !is_nmtoken(id) {
            return Err(format!("\"{id}\" is not a valid id"));
        }
        let rank = match prefix {
            None => {
                if !is_last {
                    return Err(format!("\"{p}\" without prefix must be the last part"));
                }
                3
            }
            Some(pre) => {
                if !is_nmtoken(pre) || pre.contains(':') {
                    return Err(format!("prefix \"{pre}\" is not an NMTOKEN"));
                }
                if pre.len() == 1 && !FRAG_PREFIXES.contains(&pre) {
                    return Err(format!("one-letter prefix \"{pre}\" is reserved"));
                }
                if !FRAG_PREFIXES.contains(&pre) {
                    return Err(format!("prefix \"{pre}\" is not registered"));
                }
                if pre != "g" && !seen.insert(pre) {
                    return Err(format!("prefix \"{pre}\" is repeated"));
                }
                match pre {
                    "f" => 0,
                    "g" => 1,
                    "u" => 2,
                    _ => {
                        if !is_last {
                            return Err(format!("\"{p}\" must be the last part"));
                        }
                        3
                    }
                }
            }
        };
        if rank < last_rank || (rank == last_rank && rank != 1) {
            return Err(format!("\"{p}\" is out of order (f, g, u, then the leaf)"));
        }
        last_rank = rank;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcp47() {
        for ok in [
            "en",
            "fr-CA",
            "zh-Hant-TW",
            "x-klingon",
            "es-419",
            "de-CH-1901",
            "en-a-bbb",
        ] {
            assert!(is_bcp47(ok), "{ok}");
        }
        for bad in ["e", "f r", "", "en-", "abcdefghi", "en-a"] {
            assert!(!is_bcp47(bad), "{bad}");
        }
    }

    #[test]
    fn fragments() {
        for ok in [
            "n=n1",
            "/f=f1/u=u1/n=n1",
            "m1",
            "f=f1/g=g1/g=g2/u=1/t=m1",
            "f=f1/res=r1",
        ] {
            assert!(fragment_syntax(ok).is_ok(), "{ok}");
        }
        for bad in [
            "c1/c2",
            "n/n1",
            "/u=u1/f=f1/gls=g1",
            "/u=f1/u=1/gls=g1",
            "f=f1/d=d1/u=1",
            "/f=f1/u=1/z=x",
            "/f=f1/u=1/r$d=x",
            "/f=f1/u=1/my=x",
        ] {
            assert!(fragment_syntax(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_rules_with_positions() {
        let x = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en">
<file id="f"><unit id="u"><segment><source><ec startRef="1"/>a<sc id="1"/></source><target>b</target></segment></unit>
<unit id="u"><segment><source>x</source></segment></unit></file></xliff>"#;
        let v = validate(x.as_bytes(), Path::new("t.xlf"));
        let rules: Vec<&str> = v.iter().map(|v| v.rule.as_str()).collect();
        assert!(rules.contains(&"xliff2:ec-startRef"), "{v:?}");
        assert!(rules.contains(&"xliff2:sc-without-ec"), "{v:?}");
        assert!(rules.contains(&"xliff2:trgLang-required"), "{v:?}");
        assert!(rules.contains(&"xliff2:unique-unit-id"), "{v:?}");
        let u = v
            .iter()
            .find(|v| v.rule == "xliff2:unique-unit-id")
            .unwrap();
        assert_eq!(u.line, 3);
    }
}
