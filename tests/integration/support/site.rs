//! Shared helpers of the site tests: fixture projects built in a temporary
//! folder by the real binary, and reading the output back.

pub use super::{copy_dir, repo, shipped};
use scraper::{Html, Selector};
use std::path::{Component, Path, PathBuf};

/// A copy of `tests/fixtures/site/<name>` in a temporary folder, with the
/// repository's theme and locales where the fixture has none of its own.
pub fn project(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/site").join(name), dir.path());
    for shared in ["theme", "locales"] {
        if !dir.path().join(shared).exists() {
            copy_dir(&repo().join(shared), &dir.path().join(shared));
        }
    }
    dir
}

/// Run `diglot -C <project> build --out <project>/<out> <args>`; panics
/// unless it succeeds. Returns the output folder.
pub fn build_into(project: &Path, out: &str, args: &[&str]) -> PathBuf {
    let out = project.join(out);
    let o = super::diglot(&super::repo())
        .arg("-C")
        .arg(project)
        .arg("build")
        .arg("--out")
        .arg(&out)
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "build failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

pub fn build(project: &Path, args: &[&str]) -> PathBuf {
    build_into(project, "site", args)
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&read(out, rel))
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Every file of the output, relative, sorted, with `/` separators.
pub fn files(out: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, acc: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, acc);
            } else {
                let rel = p.strip_prefix(root).unwrap();
                acc.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy().to_string())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    let mut v = Vec::new();
    walk(out, out, &mut v);
    v.sort();
    v
}

/// Where a link of the page at `from` (output-relative) leads in the output:
/// `Some((file, fragment))` for a link into the site (absolute under
/// `base_url` or relative), `None` for an external one. A relative link
/// that climbs above the output root yields a path starting with `../`.
pub fn resolve(base_url: &str, from: &str, href: &str) -> Option<(String, String)> {
    let (rest, fragment) = match href.split_once('#') {
        Some((a, b)) => (a, b.to_string()),
        None => (href, String::new()),
    };
    let rest = rest.split('?').next().unwrap_or("");
    let (start, path): (Vec<String>, &str) = if let Some(p) = rest.strip_prefix(base_url) {
        (Vec::new(), p)
    } else if rest.starts_with("//") || rest.contains(':') && !rest.starts_with('.') {
        return None;
    } else if let Some(p) = rest.strip_prefix('/') {
        // Root-relative: the site's own path prefix.
        let prefix = base_url
            .split_once("://")
            .and_then(|(_, h)| h.split_once('/'))
            .map(|(_, p)| p)
            .unwrap_or("");
        (Vec::new(), p.strip_prefix(prefix).unwrap_or(p))
    } else {
        let mut dir: Vec<String> = from.split('/').map(String::from).collect();
        dir.pop();
        if rest.is_empty() {
            // Same page.
            return Some((from.to_string(), fragment));
        }
        (dir, rest)
    };
    let mut parts = start;
    let mut escaped = 0;
    for c in Path::new(path).components() {
        match c {
            Component::ParentDir if parts.pop().is_none() => escaped += 1,
            Component::ParentDir => {}
            Component::Normal(s) => parts.push(s.to_string_lossy().to_string()),
            _ => {}
        }
    }
    if path.is_empty() || path.ends_with('/') {
        parts.push("index.html".into());
    }
    let mut file = "../".repeat(escaped);
    file.push_str(&parts.join("/"));
    Some((file, fragment))
}

/// The `href`/`src` of every element of a page.
pub fn hrefs(doc: &Html) -> Vec<String> {
    let mut v = Vec::new();
    for (s, attr) in [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("img[src]", "src"),
        ("script[src]", "src"),
    ] {
        for e in doc.select(&sel(s)) {
            v.push(e.value().attr(attr).unwrap().to_string());
        }
    }
    v
}

pub fn base_url(project: &Path) -> String {
    let cfg = std::fs::read_to_string(project.join("diglot.toml")).unwrap();
    let v: toml::Value = toml::from_str(&cfg).unwrap();
    let b = v["base_url"].as_str().unwrap();
    format!("{}/", b.trim_end_matches('/'))
}

/// The text of the first element matching `selector` (panics when none).
pub fn first_text(doc: &Html, selector: &str) -> String {
    doc.select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text()
        .collect()
}
