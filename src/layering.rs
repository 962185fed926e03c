//! The layering test: the imports in `src/` against the module map
//! ([`crate::MODULES`]), and README's "Architecture" diagram against both.
//!
//! Every `crate::name` path (also inside `crate::{…}` groups) and every
//! `super::…::name` path that leaves its top-level module is an import of
//! `name` by the module the file belongs to (`src/a.rs` and `src/a/**` are
//! module `a`). Comments are ignored. `lib.rs` (the map itself) and the
//! binary (`main.rs`, `cli.rs`) are not part of the library's layers.
//!
//! The README block between `<!-- architecture:begin -->` and
//! `<!-- architecture:end -->` must equal [`diagram`]; run the test with
//! `DIGLOT_UPDATE_ARCHITECTURE=1` to write it.

use crate::MODULES;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Files of the binary, not of the library.
const BINARY: &[&str] = &["main.rs", "cli.rs"];
/// Modules declared only under `#[cfg(test)]` in `lib.rs`.
const TEST_ONLY: &[&str] = &["layering"];

const BEGIN: &str = "<!-- architecture:begin -->";
const END: &str = "<!-- architecture:end -->";

/// One import found in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Import {
    from: String,
    to: String,
    /// `src/…` path and 1-based line, for messages.
    file: String,
    line: usize,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The text with `//` comments (and doc comments) blanked, keeping offsets
/// and line breaks. `//` inside a string literal ("https://…") also starts
/// a blanked run: only what follows on that line is lost.
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => format!("{}{}", &l[..i], " ".repeat(l.len() - i)),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_at(s: &str, i: usize) -> &str {
    let rest = &s[i..];
    let n = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..n]
}

/// The first path segment of each item of a `{…}` group starting at `open`
/// (nested groups belong to their item's first segment).
fn group_heads(s: &str, open: usize) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    let bytes = s.as_bytes();
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                depth += 1;
                if depth == 1 {
                    item_start = true;
                }
            }
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b',' if depth == 1 => item_start = true,
            c if depth == 1 && item_start && (c.is_ascii_alphabetic() || c == b'_') => {
                out.push((i, ident_at(s, i).to_string()));
                item_start = false;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The top-level module a file of `src/` belongs to, and how many `super`s
/// stay inside it: `src/a.rs` and `src/a/mod.rs` (module `a`) 0,
/// `src/a/b.rs` and `src/a/b/mod.rs` (module `a::b`) 1.
fn module_of(rel: &Path) -> (String, usize) {
    let parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let depth = if parts.last().is_some_and(|p| p == "mod") {
        parts.len() - 2
    } else {
        parts.len() - 1
    };
    (parts[0].clone(), depth)
}

/// Every import of another top-level module in the library's files.
fn imports() -> Vec<Import> {
    let known: BTreeSet<&str> = MODULES.iter().map(|m| m.0).collect();
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let rel = path.strip_prefix(&root).unwrap().to_path_buf();
        let rel_s = rel.to_string_lossy().replace('\\', "/");
        if rel_s == "lib.rs" || BINARY.contains(&rel_s.as_str()) {
            continue;
        }
        let (from, depth) = module_of(&rel);
        if TEST_ONLY.contains(&from.as_str()) {
            continue;
        }
        let text = without_comments(&std::fs::read_to_string(&path).unwrap());
        let mut found: Vec<(usize, String)> = Vec::new();
        for (at, _) in text.match_indices("crate::") {
            if text[..at].ends_with('$') || text[..at].ends_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            let after = at + "crate::".len();
            if text[after..].starts_with('{') {
                found.extend(group_heads(&text, after));
            } else {
                found.push((after, ident_at(&text, after).to_string()));
            }
        }
        for (at, _) in text.match_indices("super::") {
            if text[..at].ends_with("super::")
                || text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
            let mut n = 0;
            let mut i = at;
            while text[i..].starts_with("super::") {
                n += 1;
                i += "super::".len();
            }
            if n <= depth {
                continue;
            }
            if text[i..].starts_with('{') {
                found.extend(group_heads(&text, i));
            } else {
                found.push((i, ident_at(&text, i).to_string()));
            }
        }
        for (at, to) in found {
            if to == from || !known.contains(to.as_str()) {
                continue;
            }
            out.push(Import {
                from: from.clone(),
                to,
                file: format!("src/{rel_s}"),
                line: text[..at].matches('\n').count() + 1,
            });
        }
    }
    out
}

/// The README block the map gives: a Mermaid graph (an arrow goes from a
/// module to a module it imports) and a table in pipeline order.
pub(crate) fn diagram() -> String {
    let mut s = String::new();
    s.push_str("```mermaid\nflowchart BT\n");
    for (name, _, deps) in MODULES {
        for d in deps.iter() {
            s.push_str(&format!("  {name} --> {d}\n"));
        }
    }
    s.push_str("```\n\n| # | module | what | imports |\n|---|---|---|---|\n");
    for (i, (name, what, deps)) in MODULES.iter().enumerate() {
        let deps = if deps.is_empty() {
            "—".to_string()
        } else {
            deps.iter()
                .map(|d| format!("`{d}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        s.push_str(&format!("| {} | `{name}` | {what} | {deps} |\n", i + 1));
    }
    s
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<&str, BTreeSet<&str>>) -> Option<Vec<String>> {
    fn visit<'a>(
        n: &'a str,
        graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        state: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        state.insert(n, 1);
        stack.push(n);
        for &m in graph.get(n).into_iter().flatten() {
            match state.get(m) {
                Some(1) => {
                    let i = stack.iter().position(|&x| x == m).unwrap();
                    let mut c: Vec<String> = stack[i..].iter().map(|s| s.to_string()).collect();
                    c.push(m.to_string());
                    return Some(c);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(m, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n, 2);
        None
    }
    let mut state = BTreeMap::new();
    for &n in graph.keys() {
        if !state.contains_key(n) {
            if let Some(c) = visit(n, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_map_lists_every_module_in_an_order_without_cycles() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let declared: BTreeSet<String> = lib
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub ").unwrap_or(l);
            l.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(str::to_string)
        })
        .filter(|m| !TEST_ONLY.contains(&m.as_str()))
        .collect();
    let mapped: BTreeSet<String> = MODULES.iter().map(|m| m.0.to_string()).collect();
    assert_eq!(declared, mapped, "lib.rs's modules and MODULES differ");
    let mut problems = Vec::new();
    for (i, (name, _, deps)) in MODULES.iter().enumerate() {
        for d in deps.iter() {
            match MODULES.iter().position(|m| m.0 == *d) {
                None => problems.push(format!("{name} may import {d}, which is not a module")),
                Some(j) if j >= i => problems.push(format!(
                    "{name} may import {d}, which comes after it in the pipeline"
                )),
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn imports_follow_the_module_map() {
    let found = imports();
    let allowed: BTreeMap<&str, BTreeSet<&str>> = MODULES
        .iter()
        .map(|(n, _, deps)| (*n, deps.iter().copied().collect()))
        .collect();
    let mut problems: Vec<String> = found
        .iter()
        .filter(|i| {
            !allowed
                .get(i.from.as_str())
                .is_some_and(|a| a.contains(i.to.as_str()))
        })
        .map(|i| {
            format!(
                "{}:{}: {} imports {}, which the module map (MODULES in src/lib.rs) does not allow",
                i.file, i.line, i.from, i.to
            )
        })
        .collect();
    // The map is true: every import it lists is made.
    let made: BTreeSet<(&str, &str)> = found
        .iter()
        .map(|i| (i.from.as_str(), i.to.as_str()))
        .collect();
    for (n, deps) in &allowed {
        for d in deps {
            if !made.contains(&(*n, *d)) {
                problems.push(format!(
                    "src/lib.rs: MODULES says {n} imports {d}, but no file of {n} does (remove it)"
                ));
            }
        }
    }
    problems.dedup();
    // A cycle is named whatever the map says.
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for i in &found {
        graph.entry(&i.from).or_default().insert(&i.to);
    }
    if let Some(c) = find_cycle(&graph) {
        problems.push(format!("import cycle: {}", c.join(" → ")));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn readme_architecture_diagram_is_the_map() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (Some(b), Some(e)) = (readme.find(BEGIN), readme.find(END)) else {
        panic!("README.md has no {BEGIN} … {END} block (Architecture section)");
    };
    let current = &readme[b + BEGIN.len()..e];
    let want = format!("\n{}", diagram());
    if current != want {
        if std::env::var_os("DIGLOT_UPDATE_ARCHITECTURE").is_some() {
            let updated = format!("{}{want}{}", &readme[..b + BEGIN.len()], &readme[e..]);
            crate::fsutil::write_atomic(&path, updated.as_bytes()).unwrap();
        } else {
            panic!(
                "README.md's Architecture diagram differs from MODULES in src/lib.rs; \
                 run `DIGLOT_UPDATE_ARCHITECTURE=1 cargo test --lib layering` to write it. \
                 Expected:\n{want}"
            );
        }
    }
}

#[test]
fn the_scanner_sees_groups_super_paths_and_skips_comments() {
    let text = "use crate::{model::X, xml::{self, Y}};\n// crate::tm::Z\nuse super::super::tmx::T;";
    let t = without_comments(text);
    let heads: Vec<String> = group_heads(&t, t.find('{').unwrap())
        .into_iter()
        .map(|h| h.1)
        .collect();
    assert_eq!(heads, ["model", "xml"]);
    assert!(!t.contains("crate::tm"));
    assert_eq!(module_of(Path::new("xliff/read.rs")), ("xliff".into(), 1));
    assert_eq!(module_of(Path::new("tm/mod.rs")), ("tm".into(), 0));
    assert_eq!(module_of(Path::new("config.rs")), ("config".into(), 0));
    let mut g: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    g.entry("a").or_default().insert("b");
    g.entry("b").or_default().insert("c");
    assert_eq!(find_cycle(&g), None);
    g.entry("c").or_default().insert("a");
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
