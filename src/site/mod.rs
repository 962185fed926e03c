//! The release site: HTML pages from the theme's minijinja templates, the
//! sitemap with language alternates, and Atom feeds.
//!
//! This module receives localised, already-formatted content (from
//! [`crate::project`]) and only renders: coded text becomes HTML here, with
//! every text escaped and links limited to http(s), mailto and relative URLs.
//! It is the only module that touches minijinja.

use crate::config::Config;
use crate::model::{CodeKind, CodedText, Piece};
use crate::source::BlockKind;
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("{path}: cannot read theme: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("theme template {name}: {message}")]
    Template { name: String, message: String },
}

/// Text to render, with where its translation came from.
#[derive(Debug, Clone)]
pub struct RenderText {
    /// Coded text whose codes carry their native data (link URLs...).
    pub text: CodedText,
    /// Set when the text is shown in another language (fallback).
    pub fallback_lang: Option<String>,
}

/// A block of a localised statement.
#[derive(Debug, Clone)]
pub struct LocalizedBlock {
    pub kind: BlockKind,
    pub list: Option<usize>,
    pub segments: Vec<RenderText>,
}

/// A statement in one language.
#[derive(Debug, Clone)]
pub struct LocalizedStatement {
    pub slug: String,
    /// ISO date.
    pub date: String,
    pub date_label: String,
    pub dateline: String,
    pub title: RenderText,
    pub summary: Option<RenderText>,
    pub blocks: Vec<LocalizedBlock>,
}

/// Everything of one language.
#[derive(Debug, Clone)]
pub struct LanguageSite {
    pub lang: String,
    /// Formatted site messages by id.
    pub messages: BTreeMap<String, String>,
    /// Newest first.
    pub statements: Vec<LocalizedStatement>,
}

/// One output file, path relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Whether a URL may become a link: http(s), mailto, or relative (no scheme).
pub fn is_safe_url(url: &str) -> bool {
    let u = url.trim();
    let lower: String = u
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(i) => {
            // A colon after a path/query/fragment start is not a scheme.
            if lower[..i].contains(['/', '?', '#']) {
                return true;
            }
            matches!(&lower[..i], "http" | "https" | "mailto")
        }
    }
}

/// Escape text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Render coded text as HTML. Codes without a safe rendering become nothing;
/// their content stays as text.
pub fn coded_to_html(t: &RenderText) -> String {
    let mut out = String::new();
    if let Some(l) = &t.fallback_lang {
        out.push_str(&format!(
            "<span lang=\"{}\" class=\"fallback\">",
            escape_html(l)
        ));
    }
    // Closing tags are chosen by the opening code's rendering.
    let mut open: Vec<(String, &'static str)> = Vec::new();
    for p in t.text.pieces() {
        match p {
            Piece::Text(s) => out.push_str(&escape_html(s)),
            Piece::Code(c) => match c.kind {
                CodeKind::Standalone => match c.ctype.as_str() {
                    "code" => {
                        out.push_str("<code>");
                        out.push_str(&escape_html(
                            c.data.as_deref().or(c.disp.as_deref()).unwrap_or(""),
                        ));
                        out.push_str("</code>");
                    }
                    "linebreak" => out.push_str("<br>"),
                    _ => {
                        if let Some(d) = c.disp.as_deref() {
                            out.push_str(&escape_html(d));
                        }
                    }
                },
                CodeKind::Open => {
                    let (tag, close): (String, &'static str) = match c.ctype.as_str() {
                        "emphasis" => ("<em>".into(), "</em>"),
                        "strong" => ("<strong>".into(), "</strong>"),
                        "strikethrough" => ("<del>".into(), "</del>"),
                        "link" | "image" => match c.data.as_deref() {
                            Some(url) if is_safe_url(url) => {
                                let title = c
                                    .disp
                                    .as_deref()
                                    .map(|t| format!(" title=\"{}\"", escape_html(t)))
                                    .unwrap_or_default();
                                (
                                    format!("<a href=\"{}\"{}>", escape_html(url.trim()), title),
                                    "</a>",
                                )
                            }
                            _ => ("<span>".into(), "</span>"),
                        },
                        _ => ("<span>".into(), "</span>"),
                    };
                    out.push_str(&tag);
                    open.push((c.id.clone(), close));
                }
                CodeKind::Close => {
                    if let Some(pos) = open.iter().rposition(|(id, _)| *id == c.id) {
                        // Close anything opened after it first (keeps HTML well-formed).
                        while open.len() > pos {
                            let (_, close) = open.pop().expect("non-empty");
                            out.push_str(close);
                        }
                    }
                }
            },
        }
    }
    while let Some((_, close)) = open.pop() {
        out.push_str(close);
    }
    if t.fallback_lang.is_some() {
        out.push_str("</span>");
    }
    out
}

fn join_segments(segs: &[RenderText]) -> String {
    segs.iter().map(coded_to_html).collect::<Vec<_>>().join(" ")
}

/// A URL-safe anchor from heading text.
pub fn anchor(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in text.nfd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '’' || c == '\'')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

#[derive(Debug, Clone, Serialize)]
struct Link {
    lang: String,
    hreflang: String,
    href: String,
    label: String,
    current: bool,
}

#[derive(Debug, Clone, Serialize)]
struct BlockCtx {
    kind: &'static str,
    level: u8,
    tag: &'static str,
    anchor: String,
    html: Value,
    items: Vec<Value>,
}

/// The renderer.
pub struct Site<'a> {
    config: &'a Config,
    env: Environment<'static>,
    theme: PathBuf,
}

fn tmpl_err(name: &str, e: minijinja::Error) -> SiteError {
    let mut message = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        message.push_str(&format!(": {s}"));
        src = s.source();
    }
    SiteError::Template {
        name: name.to_string(),
        message,
    }
}

impl<'a> Site<'a> {
    /// Load the theme (`templates/*.html`, `static/*`).
    pub fn new(config: &'a Config, theme: &Path) -> Result<Site<'a>, SiteError> {
        let templates = theme.join("templates");
        if !templates.is_dir() {
            return Err(SiteError::Io {
                path: templates,
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no templates folder"),
            });
        }
        let mut env = Environment::new();
        env.set_loader(minijinja::path_loader(templates));
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        Ok(Site {
            config,
            env,
            theme: theme.to_path_buf(),
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.base_url(), path)
    }

    fn endonym(&self, lang: &str, site: &[LanguageSite]) -> String {
        if let Some(e) = self
            .config
            .languages
            .get(lang)
            .and_then(|l| l.endonym.clone())
        {
            return e;
        }
        site.iter()
            .find(|s| s.lang == lang)
            .and_then(|s| s.messages.get(&format!("lang-{lang}")).cloned())
            .unwrap_or_else(|| lang.to_string())
    }

    fn messages_value(messages: &BTreeMap<String, String>) -> Value {
        let m: BTreeMap<String, String> = messages
            .iter()
            .map(|(k, v)| (k.replace('-', "_"), v.clone()))
            .collect();
        Value::from(Serde(m))
    }

    fn render(&self, name: &str, ctx: Value) -> Result<Vec<u8>, SiteError> {
        let t = self.env.get_template(name).map_err(|e| tmpl_err(name, e))?;
        let s = t.render(ctx).map_err(|e| tmpl_err(name, e))?;
        Ok(s.into_bytes())
    }

    /// Render every page, the sitemap, the feeds and the static files.
    pub fn render_all(&self, sites: &[LanguageSite]) -> Result<Vec<OutputFile>, SiteError> {
        let mut files = Vec::new();
        let langs: Vec<&str> = sites.iter().map(|s| s.lang.as_str()).collect();
        let source_lang = self.config.source_language.as_str();
        let mut sitemap: Vec<(String, Vec<(String, String)>)> = Vec::new();

        // Which statements exist in which language (by slug).
        let has = |lang: &str, slug: &str| {
            sites
                .iter()
                .find(|s| s.lang == lang)
                .map(|s| s.statements.iter().any(|x| x.slug == slug))
                .unwrap_or(false)
        };

        for site in sites {
            let lang = site.lang.as_str();
            let og_alternates: Vec<String> = langs
                .iter()
                .filter(|l| **l != lang)
                .map(|l| self.config.og_locale(l))
                .collect();
            let feeds: Vec<BTreeMap<&str, String>> = sites
                .iter()
                .map(|s| {
                    BTreeMap::from([
                        ("lang", s.lang.clone()),
                        (
                            "title",
                            s.messages.get("feed-title").cloned().unwrap_or_default(),
                        ),
                        ("href", self.url(&format!("{}/atom.xml", s.lang))),
                    ])
                })
                .collect();
            let t = Self::messages_value(&site.messages);
            let site_name = site.messages.get("site-name").cloned().unwrap_or_default();

            // Home page.
            let home_path = format!("{lang}/");
            let alternates = |path_for: &dyn Fn(&str) -> Option<String>| -> Vec<Link> {
                let mut v: Vec<Link> = langs
                    .iter()
                    .filter_map(|l| {
                        path_for(l).map(|p| Link {
                            lang: l.to_string(),
                            hreflang: l.to_string(),
                            href: self.url(&p),
                            label: String::new(),
                            current: *l == lang,
                        })
                    })
                    .collect();
                if let Some(p) = path_for(source_lang) {
                    v.push(Link {
                        lang: source_lang.to_string(),
                        hreflang: "x-default".into(),
                        href: self.url(&p),
                        label: String::new(),
                        current: false,
                    });
                }
                v
            };
            let switcher = |path_for: &dyn Fn(&str) -> Option<String>| -> Vec<Link> {
                langs
                    .iter()
                    .map(|l| Link {
                        lang: l.to_string(),
                        hreflang: l.to_string(),
                        href: self.url(&path_for(l).unwrap_or_else(|| format!("{l}/"))),
                        label: self.endonym(l, sites),
                        current: *l == lang,
                    })
                    .collect()
            };
            let home_for = |l: &str| Some(format!("{l}/"));
            let home_alts = alternates(&home_for);
            let statements: Vec<BTreeMap<&str, Value>> = site
                .statements
                .iter()
                .map(|s| {
                    BTreeMap::from([
                        ("date", Value::from(s.date.clone())),
                        ("date_label", Value::from(s.date_label.clone())),
                        (
                            "href",
                            Value::from(self.url(&format!("{lang}/{}/", s.slug))),
                        ),
                        (
                            "title_html",
                            Value::from_safe_string(coded_to_html(&s.title)),
                        ),
                        (
                            "summary_html",
                            s.summary
                                .as_ref()
                                .map(|x| Value::from_safe_string(coded_to_html(x)))
                                .unwrap_or(Value::from(())),
                        ),
                    ])
                })
                .collect();
            let count_label = site
                .messages
                .get("statement-count-label")
                .cloned()
                .unwrap_or_default();
            let ctx = context! {
                lang, site_name => site_name.clone(), t => t.clone(), og_locale => self.config.og_locale(lang), og_alternates => Serde(&og_alternates),
                canonical => self.url(&home_path), alternates => Serde(home_alts), switcher => Serde(switcher(&home_for)),
                feeds => Serde(&feeds), root => "../", home => self.url(&home_path), statements => Serde(statements), count_label,
            };
            files.push(OutputFile {
                path: PathBuf::from(format!("{lang}/index.html")),
                bytes: self.render("home.html", ctx)?,
            });
            sitemap.push((
                self.url(&home_path),
                alternates(&home_for)
                    .into_iter()
                    .map(|l| (l.hreflang, l.href))
                    .collect(),
            ));

            // Statement pages.
            for s in &site.statements {
                let slug = s.slug.clone();
                let path_for = |l: &str| {
                    if has(l, &slug) {
                        Some(format!("{l}/{slug}/"))
                    } else {
                        None
                    }
                };
                let alts = alternates(&path_for);
                let blocks = group_blocks(&s.blocks);
                let title_text = plain(&s.title.text);
                let ctx = context! {
                    lang, site_name => site_name.clone(), t => t.clone(), og_locale => self.config.og_locale(lang), og_alternates => Serde(&og_alternates),
                    canonical => self.url(&format!("{lang}/{slug}/")), alternates => Serde(alts), switcher => Serde(switcher(&path_for)),
                    feeds => Serde(&feeds), root => "../../", home => self.url(&home_path),
                    title => title_text, title_html => Value::from_safe_string(coded_to_html(&s.title)),
                    date => s.date.clone(), dateline => s.dateline.clone(), blocks => Serde(blocks),
                };
                files.push(OutputFile {
                    path: PathBuf::from(format!("{lang}/{slug}/index.html")),
                    bytes: self.render("statement.html", ctx)?,
                });
                sitemap.push((
                    self.url(&format!("{lang}/{slug}/")),
                    alternates(&path_for)
                        .into_iter()
                        .map(|l| (l.hreflang, l.href))
                        .collect(),
                ));
            }

            files.push(OutputFile {
                path: PathBuf::from(format!("{lang}/atom.xml")),
                bytes: self.atom(site).into_bytes(),
            });
        }

        // Language chooser at the root (x-default).
        let root_alts: Vec<Link> = langs
            .iter()
            .map(|l| Link {
                lang: l.to_string(),
                hreflang: l.to_string(),
                href: self.url(&format!("{l}/")),
                label: String::new(),
                current: false,
            })
            .chain(std::iter::once(Link {
                lang: source_lang.to_string(),
                hreflang: "x-default".into(),
                href: self.config.base_url(),
                label: String::new(),
                current: false,
            }))
            .collect();
        let choices: Vec<BTreeMap<&str, String>> = sites
            .iter()
            .map(|s| {
                BTreeMap::from([
                    ("lang", s.lang.clone()),
                    (
                        "site_name",
                        s.messages.get("site-name").cloned().unwrap_or_default(),
                    ),
                    (
                        "choose_language",
                        s.messages
                            .get("choose-language")
                            .cloned()
                            .unwrap_or_default(),
                    ),
                    ("label", self.endonym(&s.lang, sites)),
                    ("href", format!("{}/", s.lang)),
                ])
            })
            .collect();
        let ctx = context! { lang => source_lang, canonical => self.config.base_url(), alternates => Serde(&root_alts), choices => Serde(choices) };
        files.push(OutputFile {
            path: PathBuf::from("index.html"),
            bytes: self.render("choose.html", ctx)?,
        });
        sitemap.insert(
            0,
            (
                self.config.base_url(),
                root_alts
                    .into_iter()
                    .map(|l| (l.hreflang, l.href))
                    .collect(),
            ),
        );
        files.push(OutputFile {
            path: PathBuf::from("sitemap.xml"),
            bytes: sitemap_xml(&sitemap).into_bytes(),
        });

        // Static files of the theme.
        let static_dir = self.theme.join("static");
        if static_dir.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&static_dir)
                .map_err(|source| SiteError::Io {
                    path: static_dir.clone(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            entries.sort();
            for p in entries {
                let bytes = std::fs::read(&p).map_err(|source| SiteError::Io {
                    path: p.clone(),
                    source,
                })?;
                files.push(OutputFile {
                    path: PathBuf::from(p.file_name().expect("file has a name")),
                    bytes,
                });
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    fn atom(&self, site: &LanguageSite) -> String {
        let lang = &site.lang;
        let updated = site
            .statements
            .iter()
            .map(|s| s.date.as_str())
            .max()
            .unwrap_or("1970-01-01");
        let title = site
            .messages
            .get("feed-title")
            .or_else(|| site.messages.get("site-name"))
            .cloned()
            .unwrap_or_default();
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            escape_html(lang)
        ));
        x.push_str(&format!("  <title>{}</title>\n", escape_html(&title)));
        x.push_str(&format!(
            "  <id>{}</id>\n",
            escape_html(&self.url(&format!("{lang}/")))
        ));
        x.push_str(&format!(
            "  <link rel=\"self\" href=\"{}\"/>\n",
            escape_html(&self.url(&format!("{lang}/atom.xml")))
        ));
        x.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" hreflang=\"{0}\" href=\"{1}\"/>\n",
            escape_html(lang),
            escape_html(&self.url(&format!("{lang}/")))
        ));
        x.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n"));
        for s in &site.statements {
            let href = self.url(&format!("{lang}/{}/", s.slug));
            x.push_str("  <entry>\n");
            x.push_str(&format!(
                "    <title>{}</title>\n",
                escape_html(&plain(&s.title.text))
            ));
            x.push_str(&format!("    <id>{}</id>\n", escape_html(&href)));
            x.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                escape_html(&href)
            ));
            x.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", s.date));
            x.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape_html(
                    site.messages
                        .get("site-name")
                        .map(|s| s.as_str())
                        .unwrap_or("")
                )
            ));
            if let Some(sum) = &s.summary {
                x.push_str(&format!(
                    "    <summary>{}</summary>\n",
                    escape_html(&plain(&sum.text))
                ));
            }
            x.push_str("  </entry>\n");
        }
        x.push_str("</feed>\n");
        x
    }
}

/// Plain text of coded text (codes dropped, inline code spans kept).
pub fn plain(t: &CodedText) -> String {
    let mut s = String::new();
    for p in t.pieces() {
        match p {
            Piece::Text(x) => s.push_str(x),
            Piece::Code(c) if c.ctype == "code" => s.push_str(c.data.as_deref().unwrap_or("")),
            Piece::Code(_) => {}
        }
    }
    s
}

fn group_blocks(blocks: &[LocalizedBlock]) -> Vec<BlockCtx> {
    let mut out: Vec<BlockCtx> = Vec::new();
    let mut last_list: Option<usize> = None;
    let mut anchors: BTreeMap<String, usize> = BTreeMap::new();
    for b in blocks {
        let html = join_segments(&b.segments);
        match b.kind {
            BlockKind::ListItem { ordered } => {
                if last_list.is_some() && last_list == b.list {
                    if let Some(l) = out.last_mut() {
                        l.items.push(Value::from_safe_string(html));
                        continue;
                    }
                }
                last_list = b.list;
                out.push(BlockCtx {
                    kind: "list",
                    level: 0,
                    tag: if ordered { "ol" } else { "ul" },
                    anchor: String::new(),
                    html: Value::from(()),
                    items: vec![Value::from_safe_string(html)],
                });
            }
            BlockKind::Heading(level) => {
                last_list = None;
                let mut a = anchor(
                    &b.segments
                        .iter()
                        .map(|s| plain(&s.text))
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                let n = anchors.entry(a.clone()).or_insert(0);
                *n += 1;
                if *n > 1 {
                    a = format!("{a}-{n}");
                }
                out.push(BlockCtx {
                    kind: "heading",
                    level: level.clamp(2, 6),
                    tag: "",
                    anchor: a,
                    html: Value::from_safe_string(html),
                    items: Vec::new(),
                });
            }
            BlockKind::Title | BlockKind::Summary => {}
            BlockKind::Quote | BlockKind::Paragraph => {
                last_list = None;
                out.push(BlockCtx {
                    kind: if b.kind == BlockKind::Quote {
                        "quote"
                    } else {
                        "paragraph"
                    },
                    level: 0,
                    tag: "",
                    anchor: String::new(),
                    html: Value::from_safe_string(html),
                    items: Vec::new(),
                });
            }
        }
    }
    out
}

fn sitemap_xml(entries: &[(String, Vec<(String, String)>)]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (loc, alts) in entries {
        x.push_str(&format!("  <url>\n    <loc>{}</loc>\n", escape_html(loc)));
        for (hreflang, href) in alts {
            x.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_html(hreflang),
                escape_html(href)
            ));
        }
        x.push_str("  </url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Code;

    #[test]
    fn safe_urls() {
        assert!(is_safe_url("https://example.org"));
        assert!(is_safe_url("mailto:a@b.org"));
        assert!(is_safe_url("/fr/page/"));
        assert!(is_safe_url("#top"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url(" JaVa\tScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(!is_safe_url("vbscript:x"));
    }

    #[test]
    fn html_escapes_and_links() {
        let mut t = CodedText::plain("<script>alert(1)</script> & ");
        t.push_code(Code::new(CodeKind::Open, "1", "link").with_data("javascript:alert(1)"));
        t.push_str("bad");
        t.push_code(Code::new(CodeKind::Close, "1", "link"));
        t.push_str(" ");
        t.push_code(Code::new(CodeKind::Open, "2", "link").with_data("https://x.org/?a=1&b=\"2\""));
        t.push_str("good");
        t.push_code(Code::new(CodeKind::Close, "2", "link"));
        let html = coded_to_html(&RenderText {
            text: t,
            fallback_lang: None,
        });
        assert_eq!(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <span>bad</span> <a href=\"https://x.org/?a=1&amp;b=&quot;2&quot;\">good</a>"
        );
    }

    #[test]
    fn unbalanced_codes_stay_well_formed() {
        let mut t = CodedText::plain("a ");
        t.push_code(Code::new(CodeKind::Open, "1", "emphasis"));
        t.push_code(Code::new(CodeKind::Open, "2", "strong"));
        t.push_str("b");
        t.push_code(Code::new(CodeKind::Close, "1", "emphasis"));
        t.push_str("c");
        t.push_code(Code::new(CodeKind::Close, "9", "emphasis"));
        let html = coded_to_html(&RenderText {
            text: t,
            fallback_lang: Some("en".into()),
        });
        assert_eq!(
            html,
            "<span lang=\"en\" class=\"fallback\">a <em><strong>b</strong></em>c</span>"
        );
    }

    #[test]
    fn anchors() {
        assert_eq!(
            anchor("A call to action: Protect justice"),
            "a-call-to-action-protect-justice"
        );
        assert_eq!(anchor("Un appel à l’action"), "un-appel-a-l-action");
        assert_eq!(anchor("!!!"), "section");
    }
}
