//! Fluent linter: a target-language FTL file against its reference (English).
//!
//! [`lint_pair`] parses both texts with `fluent-syntax` and reports, with the
//! file, 1-based line and column (in characters) and a one-line snippet:
//!
//! | rule | severity | reports |
//! |------|----------|---------|
//! | `fluent-syntax` | error | a syntax error (a Junk entry), at the parser's error position, in either file |
//! | `fluent-duplicate` | error | a message, term or attribute defined twice in one file (at the second definition) |
//! | `fluent-missing` | error | a message, term, value or attribute of the reference that the target lacks (or has only in a broken entry) |
//! | `fluent-obsolete` | warning | a message, term, value or attribute of the target that the reference does not have |
//! | `fluent-variables` | error | a variable the reference uses in a value or attribute that the target's does not use anywhere, or a variable the target uses that the reference does not |
//! | `fluent-plurals` | error / warning | the plural-category policy below |
//!
//! A missing entry has no position in the target file: it is reported on the
//! target's path with line and column 0, and the message names the
//! reference's line.
//!
//! # Variables
//!
//! Variables are compared per pattern (the value and each attribute). A
//! variable counts as used when it appears anywhere in the pattern: in text
//! placeables, in a select expression's selector, in any variant, in
//! function arguments. So a plural variant may legitimately omit the number
//! (`[one] un fichier`) as long as another variant or the selector uses it.
//!
//! # Plural policy
//!
//! A *plural select* is a select expression whose selector is a variable or a
//! `NUMBER()` call and whose variant keys are all CLDR plural categories or
//! numbers. In the target language (categories from
//! [`crate::locale::plural_categories`], the policy from the `[plurals]`
//! table of its folder's `language.toml`):
//!
//! 1. **error** — the default variant of a plural select must be `*[other]`;
//! 2. **error** — when the reference has a plural select on `$x` with a
//!    `[one]` variant and the target language has the `one` category, the
//!    target must have a plural select on `$x` with a `[one]` variant
//!    (French `one` covers 0 and 1: without it, "0 fichiers"); the same for
//!    every category in the folder's `plurals.required` (default `one`);
//! 3. **warning** — a category key the target language does not have
//!    (`[zero]`, `[two]`, `[few]` in French) is never selected by the plural
//!    rules (use a number key such as `[0]` for an exact value);
//! 4. categories not required (`[many]` in French and Spanish) are optional
//!    and never reported: CLDR's French `many` (round millions: "1 000 000
//!    de fichiers") falls back to `*[other]`, which reads correctly in a UI.

use crate::locale;
use fluent_syntax::ast;
use fluent_syntax::parser::{self, ParserError};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use crate::diagnostic::{Diagnostic, Severity};

/// An FTL text and the path it is reported under.
#[derive(Debug, Clone, Copy)]
pub struct Ftl<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

const CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

type Res<'s> = ast::Resource<&'s str>;

/// Byte offset of a slice of `src` (0 if it is not one).
/// Byte range and id of every message and term of a resource: from the
/// start of its entry (its comment, if attached) to the start of the next
/// entry of any kind.
fn entry_spans(src: &str, res: &Res<'_>) -> Vec<(std::ops::Range<usize>, String)> {
    let start_of = |e: &ast::Entry<&str>| -> Option<usize> {
        let first = match e {
            ast::Entry::Message(m) => m
                .comment
                .as_ref()
                .and_then(|c| c.content.first().copied())
                .unwrap_or(m.id.name),
            ast::Entry::Term(t) => t
                .comment
                .as_ref()
                .and_then(|c| c.content.first().copied())
                .unwrap_or(t.id.name),
            ast::Entry::Comment(c)
            | ast::Entry::GroupComment(c)
            | ast::Entry::ResourceComment(c) => c.content.first().copied()?,
            ast::Entry::Junk { content } => content,
        };
        // An id slice starts after a term's `-` and a comment line's `# `:
        // back to the start of the line.
        let at = offset(src, first);
        Some(src[..at].rfind('\n').map(|i| i + 1).unwrap_or(0))
    };
    let starts: Vec<Option<usize>> = res.body.iter().map(start_of).collect();
    // The end of entry k is the first later start greater than its own:
    // found for every entry in one backward pass with a stack of the
    // candidates (the nearest later starts, increasing), so that no file
    // shape makes this quadratic.
    let mut ends: Vec<usize> = vec![src.len(); starts.len()];
    let mut later: Vec<usize> = Vec::new();
    for (k, start) in starts.iter().enumerate().rev() {
        let Some(start) = *start else { continue };
        while later.last().is_some_and(|&s| s <= start) {
            later.pop();
        }
        if let Some(&s) = later.last() {
            ends[k] = s;
        }
        later.push(start);
    }
    let mut out = Vec::new();
    for (k, e) in res.body.iter().enumerate() {
        let id = match e {
            ast::Entry::Message(m) => m.id.name.to_string(),
            ast::Entry::Term(t) => format!("-{}", t.id.name),
            _ => continue,
        };
        let Some(start) = starts[k] else { continue };
        out.push((start..ends[k], id));
    }
    out
}

fn offset(src: &str, part: &str) -> usize {
    let (s, p) = (src.as_ptr() as usize, part.as_ptr() as usize);
    if p >= s && p <= s + src.len() {
        p - s
    } else {
        0
    }
}

/// The largest char boundary of `src` at or before `at`.
fn floor_boundary(src: &str, at: usize) -> usize {
    let mut at = at.min(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn snippet_at(src: &str, at: usize) -> String {
    let at = floor_boundary(src, at);
    let start = src[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let end = src[at..].find('\n').map(|i| at + i).unwrap_or(src.len());
    let line = src[start..end].trim_end_matches('\r').trim_end();
    if line.chars().count() > 100 {
        let mut s: String = line.chars().take(99).collect();
        s.push('…');
        s
    } else {
        line.to_string()
    }
}

struct File<'s> {
    path: &'s Path,
    src: &'s str,
    res: Res<'s>,
    errors: Vec<ParserError>,
    /// Byte offset of the start of every line.
    lines: crate::model::LineIndex,
    /// Byte range and id of every message and term, in order.
    spans: Vec<(std::ops::Range<usize>, String)>,
}

impl<'s> File<'s> {
    fn parse(f: Ftl<'s>) -> File<'s> {
        let (res, errors) = match parser::parse(f.text) {
            Ok(r) => (r, Vec::new()),
            Err((r, e)) => (r, e),
        };
        let lines = crate::model::LineIndex::new(f.text);
        let spans = entry_spans(f.text, &res);
        File {
            path: f.path,
            src: f.text,
            res,
            errors,
            lines,
            spans,
        }
    }

    /// The id of the message or term whose entry holds byte `at`.
    fn id_at(&self, at: usize) -> Option<String> {
        let i = self.spans.partition_point(|(r, _)| r.start <= at);
        let (r, id) = self.spans.get(i.checked_sub(1)?)?;
        r.contains(&at).then(|| id.clone())
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn line_col(&self, at: usize) -> (usize, usize) {
        self.lines.line_col(self.src, at)
    }

    fn finding(
        &self,
        rule: &'static str,
        severity: Severity,
        at: usize,
        message: String,
    ) -> Diagnostic {
        let at = floor_boundary(self.src, at);
        let (line, column) = self.line_col(at);
        let mut d = Diagnostic::new(rule, severity, self.path, line, column, message)
            .with_snippet(snippet_at(self.src, at));
        d.id = self.id_at(at);
        d
    }

    /// A finding about the whole file, concerning message or term `id`.
    fn file_finding(
        &self,
        rule: &'static str,
        severity: Severity,
        id: Option<&str>,
        message: String,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(rule, severity, self.path, 0, 0, message);
        d.id = id.map(str::to_string);
        d
    }

    /// The path as shown in messages.
    fn name(&self) -> String {
        self.path.display().to_string()
    }
}

/// A message or term, by id (terms keep their leading `-`).
struct Entry<'a, 's> {
    id: String,
    at: usize,
    value: Option<&'a ast::Pattern<&'s str>>,
    attributes: Vec<(&'s str, usize, &'a ast::Pattern<&'s str>)>,
}

fn entries<'a, 's>(f: &'a File<'s>) -> Vec<Entry<'a, 's>> {
    let mut out = Vec::new();
    for e in &f.res.body {
        match e {
            ast::Entry::Message(m) => out.push(Entry {
                id: m.id.name.to_string(),
                at: offset(f.src, m.id.name),
                value: m.value.as_ref(),
                attributes: m
                    .attributes
                    .iter()
                    .map(|a| (a.id.name, offset(f.src, a.id.name), &a.value))
                    .collect(),
            }),
            ast::Entry::Term(t) => out.push(Entry {
                id: format!("-{}", t.id.name),
                // The identifier slice excludes the `-`.
                at: offset(f.src, t.id.name).saturating_sub(1),
                value: Some(&t.value),
                attributes: t
                    .attributes
                    .iter()
                    .map(|a| (a.id.name, offset(f.src, a.id.name), &a.value))
                    .collect(),
            }),
            _ => {}
        }
    }
    out
}

fn kind_of(id: &str) -> &'static str {
    if id.starts_with('-') {
        "term"
    } else {
        "message"
    }
}

/// Syntax errors: one finding per Junk entry, at the parser's error position.
fn syntax(f: &File, out: &mut Vec<Diagnostic>) {
    // The error of a Junk entry is the first error (in the parser's order)
    // whose slice starts where the Junk starts or whose position lies in
    // the Junk. Found through two indexes, not by scanning every error for
    // every Junk: a file of 100,000 broken lines was quadratic (minutes).
    let mut by_slice: HashMap<usize, usize> = HashMap::new();
    for (i, er) in f.errors.iter().enumerate() {
        if let Some(s) = &er.slice {
            by_slice.entry(s.start).or_insert(i);
        }
    }
    let mut by_pos: Vec<(usize, usize)> = f
        .errors
        .iter()
        .enumerate()
        .map(|(i, er)| (er.pos.start, i))
        .collect();
    by_pos.sort_unstable();
    for e in &f.res.body {
        let ast::Entry::Junk { content } = e else {
            continue;
        };
        let start = offset(f.src, content);
        let end = start + content.len();
        // Junk entries do not overlap: the errors positioned in each are
        // visited once in all.
        let from = by_pos.partition_point(|&(p, _)| p < start);
        let in_junk = by_pos[from..]
            .iter()
            .take_while(|&&(p, _)| p < end.max(start + 1))
            .map(|&(_, i)| i)
            .min();
        let first = match (by_slice.get(&start).copied(), in_junk) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let err = first.map(|i| &f.errors[i]);
        let (at, what) = match err {
            Some(er) => (
                // An error found on the first character after the junk is
                // shown at the end of the junk's last line.
                er.pos.start.clamp(start, end.saturating_sub(1).max(start)),
                er.kind.to_string(),
            ),
            None => (start, "unparsable content".to_string()),
        };
        let mut at = floor_boundary(f.src, at);
        // Point at a CRLF line end's `\r`, as at an LF line end's `\n`.
        if at > start && f.src[at..].starts_with('\n') && f.src[..at].ends_with('\r') {
            at -= 1;
        }
        out.push(f.finding(
            "fluent-syntax",
            Severity::Error,
            at,
            format!("syntax error: {what}; the entry is ignored"),
        ));
    }
}

fn duplicates(f: &File, es: &[Entry], out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for e in es {
        if let Some(first) = seen.get(e.id.as_str()) {
            let (line, _) = f.line_col(*first);
            out.push(f.finding(
                "fluent-duplicate",
                Severity::Error,
                e.at,
                format!(
                    "{} `{}` is defined twice (first at line {line})",
                    kind_of(&e.id),
                    e.id
                ),
            ));
        } else {
            seen.insert(&e.id, e.at);
        }
        let mut attrs: HashMap<&str, usize> = HashMap::new();
        for (name, at, _) in &e.attributes {
            if let Some(first) = attrs.get(name) {
                let (line, _) = f.line_col(*first);
                out.push(f.finding(
                    "fluent-duplicate",
                    Severity::Error,
                    *at,
                    format!(
                        "attribute `{}.{name}` is defined twice (first at line {line})",
                        e.id
                    ),
                ));
            } else {
                attrs.insert(name, *at);
            }
        }
    }
}

/// Identifiers of the entries swallowed by broken (Junk) content — every
/// line of a Junk that looks like `id =` or `-id =` — and where.
fn junk_ids<'s>(f: &File<'s>) -> HashMap<&'s str, usize> {
    let mut out = HashMap::new();
    for e in &f.res.body {
        let ast::Entry::Junk { content } = e else {
            continue;
        };
        for line in content.split('\n') {
            let id_end = line
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(line.len());
            let id = &line[..id_end];
            let starts_ok = id
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '-');
            if starts_ok && line[id_end..].trim_start().starts_with('=') {
                out.entry(id).or_insert_with(|| offset(f.src, line));
            }
        }
    }
    out
}

// ---- variables and selects -------------------------------------------------

fn pattern_vars<'s>(p: &ast::Pattern<&'s str>, out: &mut BTreeSet<&'s str>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expr_vars(expression, out);
        }
    }
}

fn expr_vars<'s>(e: &ast::Expression<&'s str>, out: &mut BTreeSet<&'s str>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn args_vars<'s>(a: &ast::CallArguments<&'s str>, out: &mut BTreeSet<&'s str>) {
    for p in &a.positional {
        inline_vars(p, out);
    }
    for n in &a.named {
        inline_vars(&n.value, out);
    }
}

fn inline_vars<'s>(e: &ast::InlineExpression<&'s str>, out: &mut BTreeSet<&'s str>) {
    match e {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name);
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => args_vars(arguments, out),
        ast::InlineExpression::TermReference {
            arguments: Some(a), ..
        } => args_vars(a, out),
        ast::InlineExpression::Placeable { expression } => expr_vars(expression, out),
        _ => {}
    }
}

/// A plural select expression found in a pattern.
struct PluralSelect<'s> {
    /// The variable it selects on (`num` for `$num` or `NUMBER($num)`).
    var: Option<&'s str>,
    /// Identifier keys with their offsets.
    keys: Vec<(&'s str, usize)>,
    default: Option<(&'s str, usize)>,
}

fn selector_var<'s>(e: &ast::InlineExpression<&'s str>) -> Option<Option<&'s str>> {
    match e {
        ast::InlineExpression::VariableReference { id } => Some(Some(id.name)),
        ast::InlineExpression::FunctionReference { id, arguments } if id.name == "NUMBER" => {
            Some(arguments.positional.first().and_then(|p| match p {
                ast::InlineExpression::VariableReference { id } => Some(id.name),
                _ => None,
            }))
        }
        _ => None,
    }
}

fn plural_selects<'s>(src: &'s str, p: &ast::Pattern<&'s str>, out: &mut Vec<PluralSelect<'s>>) {
    for el in &p.elements {
        let ast::PatternElement::Placeable { expression } = el else {
            continue;
        };
        collect_selects(src, expression, out);
    }
}

fn collect_selects<'s>(
    src: &'s str,
    e: &ast::Expression<&'s str>,
    out: &mut Vec<PluralSelect<'s>>,
) {
    match e {
        ast::Expression::Select { selector, variants } => {
            let plural_keys = variants.iter().all(|v| match &v.key {
                ast::VariantKey::Identifier { name } => CATEGORIES.contains(name),
                ast::VariantKey::NumberLiteral { .. } => true,
            });
            if let (Some(var), true) = (selector_var(selector), plural_keys) {
                let mut keys = Vec::new();
                let mut default = None;
                for v in variants {
                    if let ast::VariantKey::Identifier { name } = &v.key {
                        keys.push((*name, offset(src, name)));
                        if v.default {
                            default = Some((*name, offset(src, name)));
                        }
                    } else if let ast::VariantKey::NumberLiteral { value } = &v.key {
                        if v.default {
                            default = Some((*value, offset(src, value)));
                        }
                    }
                }
                out.push(PluralSelect { var, keys, default });
            }
            for v in variants {
                plural_selects(src, &v.value, out);
            }
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
            collect_selects(src, expression, out)
        }
        ast::Expression::Inline(_) => {}
    }
}

/// Compare one pattern (a value or an attribute) of both files.
#[allow(clippy::too_many_arguments)]
fn compare_pattern(
    r: &File,
    t: &File,
    what: &str,
    rp: &ast::Pattern<&str>,
    tp: &ast::Pattern<&str>,
    t_at: usize,
    categories: &Categories,
    out: &mut Vec<Diagnostic>,
) {
    let (mut rv, mut tv) = (BTreeSet::new(), BTreeSet::new());
    pattern_vars(rp, &mut rv);
    pattern_vars(tp, &mut tv);
    for v in rv.difference(&tv) {
        out.push(t.finding(
            "fluent-variables",
            Severity::Error,
            t_at,
            format!(
                "{what} does not use {{ ${v} }}, which the reference ({}) uses",
                r.name()
            ),
        ));
    }
    for v in tv.difference(&rv) {
        out.push(t.finding(
            "fluent-variables",
            Severity::Error,
            t_at,
            format!(
                "{what} uses {{ ${v} }}, which the reference ({}) does not provide",
                r.name()
            ),
        ));
    }
    // Plural policy.
    let (mut rs, mut ts) = (Vec::new(), Vec::new());
    plural_selects(r.src, rp, &mut rs);
    plural_selects(t.src, tp, &mut ts);
    for s in &ts {
        if let Some((key, at)) = s.default {
            if key != "other" {
                out.push(t.finding(
                    "fluent-plurals",
                    Severity::Error,
                    at,
                    format!("{what}: the default plural variant must be *[other], not *[{key}]"),
                ));
            }
        }
        for (key, at) in &s.keys {
            if !categories.contains(key) {
                out.push(t.finding(
                    "fluent-plurals",
                    Severity::Warning,
                    *at,
                    format!(
                        "{what}: [{key}] is not a plural category of this language and is never selected (categories: {})",
                        categories.join(", ")
                    ),
                ));
            }
        }
    }
    for required in categories.required() {
        for s in &rs {
            if !s.keys.iter().any(|(k, _)| *k == required) {
                continue;
            }
            let has_it = ts
                .iter()
                .any(|x| x.var == s.var && x.keys.iter().any(|(k, _)| *k == required));
            if !has_it {
                let var = s.var.map(|v| format!(" on ${v}")).unwrap_or_default();
                out.push(t.finding(
                    "fluent-plurals",
                    Severity::Error,
                    t_at,
                    format!(
                        "{what}: the reference ({}) has a [{required}] plural variant{var}; this translation needs one too",
                        r.name()
                    ),
                ));
            }
        }
    }
}

/// The target language's plural categories (CLDR, through
/// [`crate::locale`]) and the policy of its folder's `language.toml`.
struct Categories {
    all: Vec<&'static str>,
    /// Categories a translation must give when its reference does.
    required: Vec<&'static str>,
}

impl Categories {
    fn of(lang: &str) -> Categories {
        let all = locale::plural_categories(lang).unwrap_or_else(|_| vec!["one", "other"]);
        // Without a policy: `one`, the category a translation most often
        // cannot do without (French `one` covers 0 and 1).
        let wanted = crate::languages::language(lang)
            .plurals
            .required
            .unwrap_or_else(|| vec!["one".to_string()]);
        let required = all
            .iter()
            .copied()
            .filter(|c| wanted.iter().any(|w| w == c))
            .collect();
        Categories { all, required }
    }

    fn contains(&self, key: &&str) -> bool {
        self.all.contains(key)
    }

    fn join(&self, sep: &str) -> String {
        self.all.join(sep)
    }

    fn required(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.required.iter().copied()
    }
}

/// Entries nested too deeply for the parser (see [`super::nesting`]):
/// `fluent-syntax` findings, and the text with those entries blanked.
fn too_deep<'a>(file: Ftl<'a>) -> (Vec<Diagnostic>, std::borrow::Cow<'a, str>) {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(file.text);
    let deep = super::nesting::deep_entries(text);
    if deep.is_empty() {
        return (Vec::new(), std::borrow::Cow::Borrowed(text));
    }
    let lines = crate::model::LineIndex::new(text);
    let findings = deep
        .iter()
        .map(|d| {
            let (line, column) = lines.line_col(text, d.at);
            let id = text[d.range.clone()]
                .split(|c: char| c == '=' || c.is_whitespace())
                .next()
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            let mut diag = Diagnostic::new(
                "fluent-syntax",
                Severity::Error,
                file.path,
                line,
                column,
                d.message(),
            );
            diag.id = id;
            diag
        })
        .collect();
    (
        findings,
        std::borrow::Cow::Owned(super::nesting::blank(text, &deep)),
    )
}

/// Lint one file on its own: syntax errors, nesting and duplicates.
pub fn lint_file(file: Ftl) -> Vec<Diagnostic> {
    let (mut out, text) = too_deep(file);
    let f = File::parse(Ftl {
        path: file.path,
        text: &text,
    });
    syntax(&f, &mut out);
    duplicates(&f, &entries(&f), &mut out);
    out.extend(reference_cycles(&[file]));
    out.sort_by_key(|f| (f.line, f.column));
    out
}

/// Lint a target file against its reference. `target_lang` chooses the plural
/// categories. Findings come sorted by path, line and column.
pub fn lint_pair(reference: Ftl, target: Ftl, target_lang: &str) -> Vec<Diagnostic> {
    let (mut out, rtext) = too_deep(reference);
    let (mut tdeep, ttext) = too_deep(target);
    out.append(&mut tdeep);
    let r = File::parse(Ftl {
        path: reference.path,
        text: &rtext,
    });
    let t = File::parse(Ftl {
        path: target.path,
        text: &ttext,
    });
    let categories = Categories::of(target_lang);
    syntax(&r, &mut out);
    syntax(&t, &mut out);
    let re = entries(&r);
    let te = entries(&t);
    duplicates(&r, &re, &mut out);
    duplicates(&t, &te, &mut out);
    let mut tmap: HashMap<&str, &Entry> = HashMap::new();
    for e in &te {
        tmap.entry(e.id.as_str()).or_insert(e);
    }
    let mut rmap: HashMap<&str, &Entry> = HashMap::new();
    for e in &re {
        rmap.entry(e.id.as_str()).or_insert(e);
    }
    let broken = junk_ids(&t);
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for e in &re {
        if !done.insert(e.id.as_str()) {
            continue;
        }
        let kind = kind_of(&e.id);
        let (rline, _) = r.line_col(e.at);
        let Some(te) = tmap.get(e.id.as_str()) else {
            let message = match broken.get(e.id.as_str()) {
                Some(at) => format!(
                    "{kind} `{}` is unusable: its entry has a syntax error at line {}",
                    e.id,
                    t.line_col(*at).0
                ),
                None => format!(
                    "{kind} `{}` is missing (defined in {}:{rline})",
                    e.id,
                    r.name()
                ),
            };
            out.push(t.file_finding("fluent-missing", Severity::Error, Some(&e.id), message));
            continue;
        };
        match (e.value, te.value) {
            (Some(rp), Some(tp)) => compare_pattern(
                &r,
                &t,
                &format!("{kind} `{}`", e.id),
                rp,
                tp,
                te.at,
                &categories,
                &mut out,
            ),
            (Some(_), None) => out.push(t.finding(
                "fluent-missing",
                Severity::Error,
                te.at,
                format!(
                    "{kind} `{}` has no value (the reference has one: {}:{rline})",
                    e.id,
                    r.name()
                ),
            )),
            (None, Some(_)) => out.push(t.finding(
                "fluent-obsolete",
                Severity::Warning,
                te.at,
                format!(
                    "{kind} `{}` has a value that the reference ({}) does not have",
                    e.id,
                    r.name()
                ),
            )),
            (None, None) => {}
        }
        for (name, at, rp) in &e.attributes {
            match te.attributes.iter().find(|(n, _, _)| n == name) {
                Some((_, tat, tp)) => compare_pattern(
                    &r,
                    &t,
                    &format!("attribute `{}.{name}`", e.id),
                    rp,
                    tp,
                    *tat,
                    &categories,
                    &mut out,
                ),
                None => out.push(t.finding(
                    "fluent-missing",
                    Severity::Error,
                    te.at,
                    format!(
                        "attribute `{}.{name}` is missing (defined in {}:{})",
                        e.id,
                        r.name(),
                        r.line_col(*at).0
                    ),
                )),
            }
        }
        for (name, at, _) in &te.attributes {
            if !e.attributes.iter().any(|(n, _, _)| n == name) {
                out.push(t.finding(
                    "fluent-obsolete",
                    Severity::Warning,
                    *at,
                    format!(
                        "attribute `{}.{name}` is not in the reference ({}): obsolete",
                        e.id,
                        r.name()
                    ),
                ));
            }
        }
    }
    // An entry broken in the reference is reported there, not as obsolete.
    let broken_in_reference = junk_ids(&r);
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for e in &te {
        if !rmap.contains_key(e.id.as_str())
            && !broken_in_reference.contains_key(e.id.as_str())
            && seen.insert(e.id.as_str())
        {
            out.push(t.finding(
                "fluent-obsolete",
                Severity::Warning,
                e.at,
                format!(
                    "{} `{}` is not in the reference ({}): obsolete",
                    kind_of(&e.id),
                    e.id,
                    r.name()
                ),
            ));
        }
    }
    out.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    out
}

// ---- reference cycles --------------------------------------------------------

/// A message/term reference: node key (`id`, `id.attr`, terms with `-`) and
/// the byte offset of the reference.
fn pattern_refs(src: &str, p: &ast::Pattern<&str>, out: &mut Vec<(String, usize)>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expr_refs(src, expression, out);
        }
    }
}

fn expr_refs(src: &str, e: &ast::Expression<&str>, out: &mut Vec<(String, usize)>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_refs(src, selector, out);
            for v in variants {
                pattern_refs(src, &v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_refs(src, i, out),
    }
}

fn args_refs(src: &str, a: &ast::CallArguments<&str>, out: &mut Vec<(String, usize)>) {
    for p in &a.positional {
        inline_refs(src, p, out);
    }
    for n in &a.named {
        inline_refs(src, &n.value, out);
    }
}

fn inline_refs(src: &str, e: &ast::InlineExpression<&str>, out: &mut Vec<(String, usize)>) {
    let key = |prefix: &str, id: &str, attr: &Option<ast::Identifier<&str>>| match attr {
        Some(a) => format!("{prefix}{id}.{}", a.name),
        None => format!("{prefix}{id}"),
    };
    match e {
        ast::InlineExpression::MessageReference { id, attribute } => {
            out.push((key("", id.name, attribute), offset(src, id.name)));
        }
        ast::InlineExpression::TermReference {
            id,
            attribute,
            arguments,
        } => {
            out.push((key("-", id.name, attribute), offset(src, id.name)));
            if let Some(a) = arguments {
                args_refs(src, a, out);
            }
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            args_refs(src, arguments, out)
        }
        ast::InlineExpression::Placeable { expression } => expr_refs(src, expression, out),
        _ => {}
    }
}

/// Messages and terms that refer to themselves, directly or through others,
/// across the files of one language (one bundle): formatting them fails
/// (`fluent-bundle` reports a cyclic reference), so `build` would stop.
/// One `fluent-cycle` finding per cycle, at the reference that closes it.
pub fn reference_cycles(files: &[Ftl]) -> Vec<Diagnostic> {
    let cleaned: Vec<(Ftl, std::borrow::Cow<'_, str>)> =
        files.iter().map(|f| (*f, too_deep(*f).1)).collect();
    let parsed: Vec<File> = cleaned
        .iter()
        .map(|(f, text)| File::parse(Ftl { path: f.path, text }))
        .collect();
    // Node key → (file, references); the first definition wins, as in a
    // bundle.
    let mut nodes: HashMap<String, (usize, Vec<(String, usize)>)> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for (k, f) in parsed.iter().enumerate() {
        for entry in &f.res.body {
            let (prefix, id, value, attributes) = match entry {
                ast::Entry::Message(m) => ("", m.id.name, m.value.as_ref(), &m.attributes),
                ast::Entry::Term(t) => ("-", t.id.name, Some(&t.value), &t.attributes),
                _ => continue,
            };
            let mut add = |key: String, p: &ast::Pattern<&str>| {
                if nodes.contains_key(&key) {
                    return;
                }
                let mut refs = Vec::new();
                pattern_refs(f.src, p, &mut refs);
                order.push(key.clone());
                nodes.insert(key, (k, refs));
            };
            if let Some(v) = value {
                add(format!("{prefix}{id}"), v);
            }
            for a in attributes {
                add(format!("{prefix}{id}.{}", a.id.name), &a.value);
            }
        }
    }
    // Iterative depth-first search (a chain of thousands of references must
    // not recurse): 1 = on the path, 2 = done.
    let mut state: HashMap<&str, u8> = HashMap::new();
    let mut out = Vec::new();
    for root in &order {
        if state.contains_key(root.as_str()) {
            continue;
        }
        let mut path: Vec<(&str, usize)> = vec![(root.as_str(), 0)];
        // Where each node of the path is on it.
        let mut depth: HashMap<&str, usize> = HashMap::from([(root.as_str(), 0)]);
        state.insert(root.as_str(), 1);
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let (file, refs) = &nodes[node];
            let Some((target, at)) = refs.get(*next) else {
                state.insert(node, 2);
                depth.remove(node);
                path.pop();
                continue;
            };
            *next += 1;
            let Some((tkey, _)) = nodes.get_key_value(target.as_str()) else {
                continue;
            };
            match state.get(tkey.as_str()) {
                Some(1) => {
                    let from = depth.get(tkey.as_str()).copied().unwrap_or(0);
                    let f = &parsed[*file];
                    let mut finding = f.finding(
                        "fluent-cycle",
                        Severity::Error,
                        *at,
                        format!(
                            "`{}` refers to itself ({}): formatting it fails, so build would stop",
                            tkey,
                            cycle_chain(&path[from..], tkey)
                        ),
                    );
                    finding.id = Some(node.split('.').next().unwrap_or(node).to_string());
                    out.push(finding);
                }
                Some(_) => {}
                None => {
                    state.insert(tkey.as_str(), 1);
                    depth.insert(tkey.as_str(), path.len());
                    path.push((tkey.as_str(), 0));
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    out
}

/// Most names a cycle's message lists: a longer cycle shows its first and
/// last ones and how many are left out. Without a bound, a chain of n
/// messages each also referring to the first gave n findings listing up to
/// n names each (145 MB of output for a 120 KB file).
const CHAIN_SHOWN: usize = 8;

/// `` `a` → `b` → … → `a` ``: the nodes of a cycle (`path`, starting at the
/// node referred to again) and that node once more.
fn cycle_chain(path: &[(&str, usize)], again: &str) -> String {
    let quote = |ns: &mut dyn Iterator<Item = &str>| {
        ns.map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" → ")
    };
    let names = || path.iter().map(|(n, _)| *n).chain([again]);
    let len = path.len() + 1;
    if len <= CHAIN_SHOWN {
        return quote(&mut names());
    }
    // Only the names shown are visited: a long cycle costs no more than a
    // short one.
    let (head, tail) = (CHAIN_SHOWN / 2, CHAIN_SHOWN / 2 - 1);
    let last = path[path.len() + 1 - tail..].iter().map(|(n, _)| *n);
    format!(
        "{} → … {} more … → {}",
        quote(&mut names().take(head)),
        len - head - tail,
        quote(&mut last.chain([again]))
    )
}

/// Read and lint a pair of files.
pub fn lint_pair_files(
    reference: &Path,
    target: &Path,
    target_lang: &str,
) -> Result<Vec<Diagnostic>, LintError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|source| LintError::Io {
            path: p.to_path_buf(),
            source,
        })
    };
    let (r, t) = (read(reference)?, read(target)?);
    Ok(lint_pair(
        Ftl {
            path: reference,
            text: &r,
        },
        Ftl {
            path: target,
            text: &t,
        },
        target_lang,
    ))
}

#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::line_col;

    const EN: &str = include_str!("../../tests/fixtures/fluent/mozilla-send/en-US.send.ftl");
    const FR: &str = include_str!("../../tests/fixtures/fluent/mozilla-send/fr.send.ftl");

    fn pair(en: &str, fr: &str) -> Vec<Diagnostic> {
        lint_pair(
            Ftl {
                path: Path::new("en-US/send.ftl"),
                text: en,
            },
            Ftl {
                path: Path::new("fr/send.ftl"),
                text: fr,
            },
            "fr",
        )
    }

    /// 1-based line of the first line of `text` starting with `prefix`.
    fn line_of(text: &str, prefix: &str) -> usize {
        text.lines()
            .position(|l| l.starts_with(prefix))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("no line starts with {prefix:?}"))
    }

    fn summary(f: &[Diagnostic]) -> Vec<(&str, String, usize, usize)> {
        f.iter()
            .map(|f| {
                let file = f.path.to_string_lossy().into_owned();
                (f.rule.as_str(), file, f.line, f.column)
            })
            .collect()
    }

    /// Each finding names the message or term it is about (`id`), found by
    /// position (a comment attached to a message belongs to it); a syntax
    /// error outside any entry has none.
    #[test]
    fn findings_carry_the_message_id() {
        let en = "# Greeting\nhello = Hello { $name }\n    .title = Hi\n-brand = Diglot\nbye = Bye\ngone = Gone\n";
        let fr = "# Salutation\nhello = Bonjour\n-brand = Diglot\n    .genre = masculin\nbye = Au revoir { $x }\n}}} junk\nextra = En trop\n";
        let found = pair(en, fr);
        let got: Vec<(&str, Option<String>)> = found
            .iter()
            .map(|f| (f.rule.as_str(), f.id.clone()))
            .collect();
        let id = |s: &str| Some(s.to_string());
        for want in [
            ("fluent-variables", id("hello")),
            ("fluent-missing", id("hello")),
            ("fluent-obsolete", id("-brand")),
            ("fluent-variables", id("bye")),
            ("fluent-missing", id("gone")),
            ("fluent-obsolete", id("extra")),
            ("fluent-syntax", None),
        ] {
            assert!(got.contains(&want), "{want:?} not in {got:?}");
        }
    }

    #[test]
    fn the_real_send_pair_is_clean() {
        assert_eq!(pair(EN, FR), vec![]);
    }

    #[test]
    fn seeded_faults_in_the_send_pair() {
        // Remove a message, add one, break one, drop a variable, drop [one].
        let mut fr = FR
            .replace("updateFirefox = Mettre à jour Firefox\n", "")
            .replace(
                "copiedUrl = Lien copié\u{A0}!",
                "copiedUrl = Lien copié { !",
            )
            .replace(
                "Sa taille doit être inférieure à { $size }.",
                "Sa taille doit être inférieure à la limite.",
            )
            .replace("        [one] 1\u{A0}heure\n", "");
        fr.push_str("oldMessage = Ancien message\n");
        let f = pair(EN, &fr);
        let fr_path = "fr/send.ftl".to_string();
        let broken = line_of(&fr, "copiedUrl");
        assert!(fr.contains("copiedUrl = Lien copié { !"), "fault seeded");
        let col = fr
            .lines()
            .nth(broken - 1)
            .unwrap()
            .chars()
            .position(|c| c == '!')
            .unwrap()
            + 1;
        let expected = vec![
            ("fluent-missing", fr_path.clone(), 0, 0),
            ("fluent-missing", fr_path.clone(), 0, 0),
            (
                "fluent-plurals",
                fr_path.clone(),
                line_of(&fr, "timespanHours"),
                1,
            ),
            ("fluent-syntax", fr_path.clone(), broken, col),
            (
                "fluent-variables",
                fr_path.clone(),
                line_of(&fr, "fileTooBig"),
                1,
            ),
            (
                "fluent-obsolete",
                fr_path.clone(),
                line_of(&fr, "oldMessage"),
                1,
            ),
        ];
        assert_eq!(summary(&f), expected, "{f:#?}");
        let msgs: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            msgs[0],
            format!(
                "message `copiedUrl` is unusable: its entry has a syntax error at line {broken}"
            )
        );
        assert_eq!(
            msgs[1],
            format!(
                "message `updateFirefox` is missing (defined in en-US/send.ftl:{})",
                line_of(EN, "updateFirefox")
            )
        );
        assert!(msgs[2].contains("[one]"), "{}", msgs[2]);
        assert!(msgs[3].starts_with("syntax error: "), "{}", msgs[3]);
        assert_eq!(f[3].snippet.as_deref(), Some("copiedUrl = Lien copié { !"));
        assert_eq!(
            msgs[4],
            "message `fileTooBig` does not use { $size }, which the reference (en-US/send.ftl) uses"
        );
        assert_eq!(f[5].severity, Severity::Warning);
    }

    /// The benchmark case: six French messages that drop a
    /// variable (compare-locales reports none of them), plus a removed and an
    /// added term.
    #[test]
    fn six_dropped_variables_and_terms_in_the_send_pair() {
        let drops = [
            ("fileSizeProgress", "{ $totalSize }", "le total"),
            ("expiresMinutes", "{ $minutes }", "quelques"),
            ("maxPasswordLength", "{ $length }", "limitée"),
            ("totalSize", "{ $size }", "inconnue"),
            ("orClickWithSize", "{ $size }", "la limite"),
            ("fileSize", "{ $units }", "octets"),
        ];
        let mut fr = FR.to_string();
        for (id, from, to) in drops {
            let start = fr.find(&format!("\n{id} =")).expect("message") + 1;
            let end = start + fr[start..].find('\n').expect("line end");
            let line = fr[start..end].replace(from, to);
            assert_ne!(line, fr[start..end], "{id}: fault seeded");
            fr.replace_range(start..end, &line);
        }
        fr = fr.replace("-mozilla = Mozilla\n", "") + "-old-brand = Firefox Send\n";
        let f = pair(EN, &fr);
        let vars: Vec<(usize, &str)> = f
            .iter()
            .filter(|f| f.rule == "fluent-variables")
            .map(|f| (f.line, f.message.as_str()))
            .collect();
        let mut expected: Vec<usize> = drops
            .iter()
            .map(|(id, _, _)| line_of(&fr, &format!("{id} =")))
            .collect();
        expected.sort_unstable();
        assert_eq!(
            vars.iter().map(|v| v.0).collect::<Vec<_>>(),
            expected,
            "{vars:#?}"
        );
        let terms: Vec<(&str, &str)> = f
            .iter()
            .filter(|f| f.rule != "fluent-variables")
            .map(|f| (f.rule.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            terms,
            vec![
                (
                    "fluent-missing",
                    "term `-mozilla` is missing (defined in en-US/send.ftl:52)"
                ),
                (
                    "fluent-obsolete",
                    "term `-old-brand` is not in the reference (en-US/send.ftl): obsolete"
                ),
            ]
        );
    }

    #[test]
    fn variables_omitted_in_a_plural_variant_are_fine() {
        let en = "n = { $num ->\n    [one] one file from { $user }\n   *[other] { $num } files from { $user }\n}\n";
        let fr = "n = { $num ->\n    [one] un fichier de { $user }\n   *[other] { $num } fichiers de { $user }\n}\n";
        assert_eq!(pair(en, fr), vec![]);
        // Selector only: still used.
        let fr2 = "n = { $num ->\n    [one] un fichier de { $user }\n   *[other] des fichiers de { $user }\n}\n";
        assert_eq!(pair(en, fr2), vec![]);
        // Dropped everywhere: reported.
        let fr3 = "n = { $num ->\n    [one] un fichier\n   *[other] { $num } fichiers\n}\n";
        let f = pair(en, fr3);
        assert_eq!(
            summary(&f),
            vec![("fluent-variables", "fr/send.ftl".into(), 1, 1)]
        );
        assert!(f[0].message.contains("{ $user }"));
        // A variable the English does not provide.
        let f = pair("a = Hello\n", "a = Bonjour { $name }\n");
        assert_eq!(f[0].rule, "fluent-variables");
        assert!(f[0].message.contains("does not provide"));
    }

    /// Every folder's starter `site.ftl` is clean on its own and against
    /// the English one (same ids, variables and plural policy).
    #[test]
    fn every_starter_message_file_is_clean() {
        let en = crate::languages::file("en", "site.ftl").unwrap();
        let en_path = Path::new("en/site.ftl");
        for f in crate::languages::all_files("site.ftl") {
            let path = std::path::PathBuf::from(format!("{}/site.ftl", f.tag));
            let alone = lint_file(Ftl {
                path: &path,
                text: f.text,
            });
            assert!(alone.is_empty(), "{}: {alone:?}", f.tag);
            let pair = lint_pair(
                Ftl {
                    path: en_path,
                    text: en.text,
                },
                Ftl {
                    path: &path,
                    text: f.text,
                },
                f.tag,
            );
            assert!(pair.is_empty(), "{}: {pair:?}", f.tag);
        }
    }

    /// The policy comes from the target's folder (`plurals.required`):
    /// Spanish requires `one`, `many` stays optional; a language without a
    /// folder requires `one` when CLDR gives it.
    #[test]
    fn plural_policy_from_the_language_folder() {
        let lint = |lang: &str, t: &str| {
            lint_pair(
                Ftl {
                    path: Path::new("en/site.ftl"),
                    text: "n = { $num ->\n    [one] one file\n   *[other] { $num } files\n}\n",
                },
                Ftl {
                    path: Path::new("x/site.ftl"),
                    text: t,
                },
                lang,
            )
        };
        let ok = "n = { $num ->\n    [one] un archivo\n   *[other] { $num } archivos\n}\n";
        assert_eq!(lint("es", ok), vec![]);
        let many = "n = { $num ->\n    [one] un archivo\n    [many] { $num } de archivos\n   *[other] { $num } archivos\n}\n";
        assert_eq!(lint("es", many), vec![]);
        let no_one = "n = { $num ->\n   *[other] { $num } archivos\n}\n";
        let f = lint("es", no_one);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.contains("[one] plural variant"),
            "{}",
            f[0].message
        );
        assert_eq!(lint("de", no_one).len(), 1);
        // Japanese has no `one`: nothing is required.
        assert_eq!(lint("ja", no_one), vec![]);
    }

    #[test]
    fn plural_policy() {
        let en = "n = { $num ->\n    [one] one file\n   *[other] { $num } files\n}\n";
        // many is optional; other must be the default; unknown categories warn.
        let ok = "n = { $num ->\n    [one] un fichier\n    [many] { $num } de fichiers\n   *[other] { $num } fichiers\n}\n";
        assert_eq!(pair(en, ok), vec![]);
        let bad = "n = { NUMBER($num) ->\n   *[one] un fichier\n    [two] deux fichiers\n    [other] { $num } fichiers\n}\n";
        let f = pair(en, bad);
        assert_eq!(
            summary(&f),
            vec![
                ("fluent-plurals", "fr/send.ftl".into(), 2, 6),
                ("fluent-plurals", "fr/send.ftl".into(), 3, 6),
            ]
        );
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[1].severity, Severity::Warning);
        // No plural handling at all in French.
        let f = pair(en, "n = { $num } fichier(s)\n");
        assert_eq!(
            summary(&f),
            vec![("fluent-plurals", "fr/send.ftl".into(), 1, 1)]
        );
        // A non-plural select (gender) is not a plural select.
        let g = "g = { $g ->\n    [feminine] elle\n   *[masculine] il\n}\n";
        assert_eq!(pair(g, g), vec![]);
    }

    #[test]
    fn terms_attributes_and_duplicates() {
        let en = "-brand = Send\n    .gender = masculine\nlogin = Log in\n    .title = Log in to { -brand }\n    .accesskey = L\n";
        let fr = "-brand = Send\nlogin = Connexion\n    .title = Connexion à { -brand }\n    .tooltip = Se connecter\nlogin = Encore\n";
        let f = pair(en, fr);
        let got: Vec<(&str, usize, usize, &str)> = f
            .iter()
            .map(|f| (f.rule.as_str(), f.line, f.column, f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "fluent-missing",
                    1,
                    1,
                    "attribute `-brand.gender` is missing (defined in en-US/send.ftl:2)"
                ),
                (
                    "fluent-missing",
                    2,
                    1,
                    "attribute `login.accesskey` is missing (defined in en-US/send.ftl:5)"
                ),
                (
                    "fluent-obsolete",
                    4,
                    6,
                    "attribute `login.tooltip` is not in the reference (en-US/send.ftl): obsolete"
                ),
                (
                    "fluent-duplicate",
                    5,
                    1,
                    "message `login` is defined twice (first at line 2)"
                ),
            ]
        );
        // Missing term.
        let f = pair(
            en,
            "login = Connexion\n    .title = x\n    .accesskey = C\n",
        );
        assert_eq!(
            f[0].message,
            "term `-brand` is missing (defined in en-US/send.ftl:1)"
        );
    }

    #[test]
    fn broken_reference_entries_are_not_obsolete_translations() {
        let f = pair("a = A\nb = { \nc = C\n", "a = A\nb = B\nc = C\n");
        let got: Vec<(&str, String)> = f
            .iter()
            .map(|f| (f.rule.as_str(), f.path.display().to_string()))
            .collect();
        assert_eq!(got, vec![("fluent-syntax", "en-US/send.ftl".to_string())]);
    }

    #[test]
    fn unreadable_files_are_typed_errors() {
        let e = lint_pair_files(
            Path::new("/nonexistent/en.ftl"),
            Path::new("/nonexistent/fr.ftl"),
            "fr",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/nonexistent/en.ftl: cannot read"),
            "{e}"
        );
    }

    #[test]
    fn lint_file_reports_syntax_and_duplicates_only() {
        let f = lint_file(Ftl {
            path: Path::new("a.ftl"),
            text: "a = A\nb = }\na = B\n",
        });
        let got: Vec<(&str, usize)> = f.iter().map(|f| (f.rule.as_str(), f.line)).collect();
        assert_eq!(got, vec![("fluent-syntax", 2), ("fluent-duplicate", 3)]);
    }

    /// Every Junk of the spec's reference AST gets exactly one syntax error,
    /// placed within that Junk's lines; nothing else is reported as syntax.
    #[test]
    fn spec_fixtures_junk_positions() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fluent/fluent-spec");
        let names = [
            "junk",
            "select_expressions",
            "leading_dots",
            "eof_junk",
            "terms",
            "messages",
        ];
        for name in names {
            let ftl = std::fs::read_to_string(dir.join(format!("{name}.ftl"))).expect("fixture");
            let json: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("fixture"),
            )
            .expect("fixture JSON");
            let junks: Vec<String> = json["body"]
                .as_array()
                .expect("body")
                .iter()
                .filter(|e| e["type"] == "Junk")
                .map(|e| e["content"].as_str().unwrap_or_default().to_string())
                .collect();
            // Line span of each junk, located in order in the source.
            let mut from = 0;
            let mut spans = Vec::new();
            for j in &junks {
                let at = ftl[from..]
                    .find(j.as_str())
                    .map(|i| from + i)
                    .unwrap_or_else(|| panic!("{name}: junk {j:?} not in source"));
                let first = line_col(&ftl, at).0;
                let last = line_col(&ftl, at + j.trim_end().len()).0;
                spans.push((first, last));
                from = at + j.len();
            }
            let f = lint_file(Ftl {
                path: Path::new(name),
                text: &ftl,
            });
            let syntax: Vec<usize> = f
                .iter()
                .filter(|f| f.rule == "fluent-syntax")
                .map(|f| f.line)
                .collect();
            assert_eq!(syntax.len(), spans.len(), "{name}: {f:#?}");
            for (line, (a, b)) in syntax.iter().zip(&spans) {
                assert!(
                    a <= line && line <= b,
                    "{name}: error at line {line} outside junk lines {a}-{b}"
                );
            }
        }
    }

    /// CRLF line ends give the same lines and columns as LF ones.
    #[test]
    fn crlf_positions() {
        let lf = "a = A\nb = }\nc = { $x\n";
        let crlf = lf.replace('\n', "\r\n");
        let pos = |t: &str| {
            lint_file(Ftl {
                path: Path::new("x.ftl"),
                text: t,
            })
            .into_iter()
            .map(|f| (f.rule, f.line, f.column, f.snippet))
            .collect::<Vec<_>>()
        };
        assert_eq!(pos(lf).len(), 2);
        assert_eq!(pos(lf), pos(&crlf));
    }

    /// Positions never split a character, even for junk ending in one.
    #[test]
    fn junk_ending_in_a_multibyte_character() {
        for text in ["a = { é", "a = { é\n", "é = x\n", "a = A\n  .b = { ą"] {
            let f = lint_file(Ftl {
                path: Path::new("x.ftl"),
                text,
            });
            assert_eq!(f.len(), 1, "{text:?}: {f:?}");
            assert_eq!(f[0].rule, "fluent-syntax");
            assert!(f[0].line >= 1 && f[0].column >= 1);
        }
    }

    fn cycles(text: &str) -> Vec<(usize, String)> {
        lint_file(Ftl {
            path: Path::new("c.ftl"),
            text,
        })
        .into_iter()
        .filter(|d| d.rule == "fluent-cycle")
        .map(|d| (d.line, d.message))
        .collect()
    }

    #[test]
    fn a_cycle_lists_its_messages() {
        assert_eq!(
            cycles("a = { b }\nb = { -t }\n-t = { a }\n"),
            vec![(
                3,
                "`a` refers to itself (`a` → `b` → `-t` → `a`): formatting it fails, so build would stop"
                    .to_string()
            )]
        );
    }

    /// A long cycle shows its first and last names; a chain of messages
    /// each referring back to the first gives one finding per message, each
    /// of bounded length (it was quadratic in time and output).
    #[test]
    fn long_cycles_are_shortened() {
        let ring: String = (0..20)
            .map(|i| format!("m{i} = {{ m{} }}\n", (i + 1) % 20))
            .collect();
        assert_eq!(
            cycles(&ring),
            vec![(
                20,
                "`m0` refers to itself (`m0` → `m1` → `m2` → `m3` → … 14 more … → `m18` → `m19` → `m0`): formatting it fails, so build would stop"
                    .to_string()
            )]
        );
        let n = 20_000;
        let fan: String = (0..n)
            .map(|i| format!("m{i} = {{ m{} }}{{ m0 }}\n", i + 1))
            .collect();
        let found = cycles(&fan);
        assert_eq!(found.len(), n);
        assert!(
            found.iter().all(|(_, m)| m.len() < 200),
            "{:?}",
            found.last()
        );
        assert!(found[n - 1].1.contains("→ … "), "{:?}", found[n - 1]);
        assert!(found[0].1.contains("(`m0` → `m0`)"), "{:?}", found[0]);
    }

    /// Thousands of broken lines between messages: each Junk gets its own
    /// error, at its own line and column, and belongs to no message; the
    /// messages between them keep their ids (duplicates are found by id).
    #[test]
    fn every_junk_of_many_gets_its_own_error() {
        let unit = "padd}}}\nm = M\nem\nvariad.\n";
        let n = 3_000;
        let f = lint_file(Ftl {
            path: Path::new("x.ftl"),
            text: &unit.repeat(n),
        });
        let syntax: Vec<(usize, usize)> = f
            .iter()
            .filter(|d| d.rule == "fluent-syntax")
            .map(|d| {
                assert_eq!(d.id, None, "{d:?}");
                (d.line, d.column)
            })
            .collect();
        let want: Vec<(usize, usize)> = (0..n)
            .flat_map(|k| [(4 * k + 1, 5), (4 * k + 3, 3), (4 * k + 4, 7)])
            .collect();
        assert_eq!(syntax, want);
        let dups: Vec<(usize, Option<String>)> = f
            .iter()
            .filter(|d| d.rule == "fluent-duplicate")
            .map(|d| (d.line, d.id.clone()))
            .collect();
        assert_eq!(dups.len(), n - 1);
        assert!(dups
            .iter()
            .enumerate()
            .all(|(k, d)| *d == (4 * (k + 1) + 2, Some("m".to_string()))));
    }
    /// Random FTL made of valid and broken pieces never makes the linter
    /// panic, and every position is on a real line.
    #[test]
    fn random_ftl_never_panics() {
        const PIECES: &[&str] = &[
            "a = A\n",
            "b = { $x }\n",
            "-t = T\n",
            "    .attr = V\n",
            "{",
            "}",
            "$",
            "->",
            "    [one] un\n",
            "   *[other] { $n }\n",
            "é",
            "\r\n",
            "\n",
            "# c\n",
            "c = { -t }\n",
            "d = { NUMBER($n) ->\n",
            "= ",
            "ą",
            "\t",
            "[",
            "]",
            "*",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..500 {
            let mut make = || {
                let n = next() % 14;
                (0..n)
                    .map(|_| PIECES[(next() >> 3) as usize % PIECES.len()])
                    .collect::<String>()
            };
            let (en, fr) = (make(), make());
            for f in pair(&en, &fr) {
                let lines = if f.path.starts_with("fr") {
                    fr.lines().count()
                } else {
                    en.lines().count()
                };
                assert!(f.line <= lines.max(1), "{f:?} in {en:?} / {fr:?}");
            }
        }
    }
}
