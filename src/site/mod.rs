//! The release site: HTML pages from the theme's minijinja templates, the
//! language chooser, the sitemap with language alternates, an Atom feed per
//! language and, on request, a proof page beside each translated statement.
//!
//! This module receives localised, already-formatted content (from
//! [`crate::project`]) and only renders: coded text becomes HTML here, with
//! every text escaped and links limited to http(s), mailto and relative URLs
//! ([`html`]); XML outputs are written by [`feeds`]. It is the only module
//! that touches minijinja.
//!
//! URLs: canonical, `hreflang` alternates, Open Graph and feed URLs are
//! absolute (from `base_url`); navigation links between pages are relative,
//! so a built site also works from a copy or a preview server.
//!
//! Typography: every text goes through [`typeset`] before it becomes HTML or
//! XML.

pub mod diff;
pub mod feeds;
pub mod html;
pub mod output;

pub use html::{
    anchor, coded_to_html, coded_to_html_with_images, escape_html, is_safe_url, plain, SiteImage,
};

use crate::config::Config;
use crate::model::CodedText;
use crate::source::BlockKind;
use crate::tm::MatchClass;
use feeds::{Alternate, Feed, FeedEntry, SitemapEntry};
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
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

/// Language typography, applied to every text of a page (statement
/// segments, titles, summaries, datelines, site messages, proof rows) before
/// it becomes HTML or XML, with the language the text is written in.
///
/// The rules are the language's typography data
/// (`src/languages/<tag>/typography.toml`); they
/// receive coded text, so link URLs and inline code spans, which live in
/// codes, are never touched. Languages without data are unchanged.
pub fn typeset(lang: &str, text: &CodedText) -> CodedText {
    crate::typography::apply(lang, text)
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
    /// The images the block shows, by the id of their code.
    pub images: BTreeMap<String, SiteImage>,
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
    /// A draft shown by the preview (never published by `build`).
    pub draft: bool,
}

impl LocalizedStatement {
    /// The summary, or else the first sentence of the first paragraph.
    pub fn summary_or_lead(&self) -> Option<&RenderText> {
        self.summary.as_ref().or_else(|| {
            self.blocks
                .iter()
                .find(|b| b.kind == BlockKind::Paragraph)
                .and_then(|b| b.segments.first())
        })
    }
}

/// Review state of a segment's translation, for the proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProofState {
    /// An approved translation: what the site publishes.
    Approved,
    /// A translation awaiting review: not published.
    Unreviewed,
    /// No translation.
    Missing,
}

/// A QA finding shown beside a segment in the proof.
#[derive(Debug, Clone, Serialize)]
pub struct ProofFinding {
    /// `error` or `warning`.
    pub severity: String,
    pub rule: String,
    pub message: String,
}

/// One segment of the proof: the source next to its translation.
#[derive(Debug, Clone)]
pub struct ProofSegment {
    pub id: String,
    pub kind: BlockKind,
    pub source: CodedText,
    /// The stored translation (approved or unreviewed), codes resolved.
    pub target: Option<CodedText>,
    pub match_class: Option<MatchClass>,
    pub state: ProofState,
    pub findings: Vec<ProofFinding>,
    /// Where the translation came from (when there is one).
    pub origin: Option<ProofOrigin>,
}

/// Where a translation came from, as the memory records it, in words of
/// the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct ProofOrigin {
    /// How it was obtained: `new`, `fuzzy-edited`, `fuzzy-accepted`,
    /// `exact`, `in-context`, `substituted`, `reused` (approved for
    /// another context), `unknown` (not recorded).
    pub kind: String,
    /// How it was obtained, in words (with the score).
    pub label: String,
    /// By which import and when (when recorded).
    pub imported: Option<String>,
    /// When and how it was approved (when recorded).
    pub approved: Option<String>,
    /// The candidate the translator edited, for the difference with the
    /// translation.
    pub candidate: Option<String>,
}

/// The proof of one statement in one target language.
#[derive(Debug, Clone)]
pub struct ProofStatement {
    pub slug: String,
    pub segments: Vec<ProofSegment>,
}

/// Everything of one language.
#[derive(Debug, Clone)]
pub struct LanguageSite {
    pub lang: String,
    /// Formatted site messages by id.
    pub messages: BTreeMap<String, String>,
    /// The statements, in any order (pages list them newest first).
    pub statements: Vec<LocalizedStatement>,
    /// Proofs of the statements (target languages of `build --proof` only).
    pub proofs: Vec<ProofStatement>,
}

/// One output file, path relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
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

#[derive(Debug, Clone, Serialize)]
struct ProofRow {
    id: String,
    kind: &'static str,
    source_html: Value,
    target_html: Value,
    match_class: Option<MatchClass>,
    state: ProofState,
    findings: Vec<ProofFinding>,
    origin: Option<ProofOrigin>,
    /// The edited candidate against the translation (`<del>`, `<ins>`).
    diff_html: Value,
}

/// The renderer: one minijinja environment for every page of a build.
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

/// `../` once per folder of a page path (`fr/slug/` → `../../`).
fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

fn kind_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Title => "title",
        BlockKind::Summary => "summary",
        BlockKind::Heading(_) => "heading",
        BlockKind::Paragraph => "paragraph",
        BlockKind::ListItem { .. } => "list-item",
        BlockKind::Quote => "quote",
        BlockKind::ImageAlt(_) => "image-alt",
        BlockKind::ImageTitle(_) => "image-title",
    }
}

/// HTML of a text in a page of language `lang`.
fn render_html(t: &RenderText) -> Value {
    Value::from_safe_string(coded_to_html(&t.text, t.fallback_lang.as_deref()))
}

/// Every text of a language site through [`typeset`], each with the
/// language it is written in.
fn typeset_site(site: &LanguageSite) -> LanguageSite {
    let lang = site.lang.as_str();
    let text = |t: &RenderText| RenderText {
        text: typeset(t.fallback_lang.as_deref().unwrap_or(lang), &t.text),
        fallback_lang: t.fallback_lang.clone(),
    };
    let string = |s: &str| typeset(lang, &CodedText::plain(s)).text;
    LanguageSite {
        lang: site.lang.clone(),
        messages: site
            .messages
            .iter()
            .map(|(k, v)| (k.clone(), string(v)))
            .collect(),
        statements: site
            .statements
            .par_iter()
            .map(|s| LocalizedStatement {
                slug: s.slug.clone(),
                date: s.date.clone(),
                date_label: string(&s.date_label),
                dateline: string(&s.dateline),
                title: text(&s.title),
                summary: s.summary.as_ref().map(text),
                blocks: s
                    .blocks
                    .iter()
                    .map(|b| LocalizedBlock {
                        kind: b.kind,
                        list: b.list,
                        segments: b.segments.iter().map(text).collect(),
                        images: b
                            .images
                            .iter()
                            .map(|(k, im)| {
                                let title = im.title.as_deref().map(string);
                                (
                                    k.clone(),
                                    SiteImage {
                                        alt: string(&im.alt),
                                        title,
                                        src: im.src.clone(),
                                    },
                                )
                            })
                            .collect(),
                    })
                    .collect(),
                draft: s.draft,
            })
            .collect(),
        proofs: site
            .proofs
            .par_iter()
            .map(|p| ProofStatement {
                slug: p.slug.clone(),
                segments: p
                    .segments
                    .iter()
                    .map(|s| ProofSegment {
                        target: s.target.as_ref().map(|t| typeset(lang, t)),
                        origin: s.origin.as_ref().map(|o| ProofOrigin {
                            label: string(&o.label),
                            imported: o.imported.as_deref().map(string),
                            approved: o.approved.as_deref().map(string),
                            candidate: o.candidate.as_deref().map(string),
                            ..o.clone()
                        }),
                        ..s.clone()
                    })
                    .collect(),
            })
            .collect(),
    }
}

impl<'a> Site<'a> {
    /// Load the theme (`templates/*.html`, `static/**`).
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
        env.set_formatter(html::html_formatter);
        Ok(Site {
            config,
            env,
            theme: theme.to_path_buf(),
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.base_url(), path)
    }

    fn endonym(&self, lang: &str, sites: &[LanguageSite]) -> String {
        if let Some(e) = self
            .config
            .languages
            .get(lang)
            .and_then(|l| l.endonym.clone())
        {
            return e;
        }
        // Configuration, the site messages (`lang-es`), the language
        // folder's `endonym`, the tag.
        sites
            .iter()
            .find(|s| s.lang == lang)
            .and_then(|s| s.messages.get(&format!("lang-{lang}")).cloned())
            .or_else(|| crate::languages::language(lang).endonym)
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

    /// `hreflang` alternates of a page: every language that has it, then
    /// `x-default` (`default` when given, else the source language's).
    fn alternates(
        &self,
        langs: &[&str],
        path_for: &dyn Fn(&str) -> Option<String>,
        default: Option<&str>,
    ) -> Vec<Alternate> {
        let mut v: Vec<Alternate> = langs
            .iter()
            .filter_map(|l| {
                path_for(l).map(|p| Alternate {
                    hreflang: l.to_string(),
                    href: self.url(&p),
                })
            })
            .collect();
        let default = match default {
            Some(d) => Some(d.to_string()),
            None => path_for(&self.config.source_language),
        };
        if let Some(p) = default {
            v.push(Alternate {
                hreflang: "x-default".into(),
                href: self.url(&p),
            });
        }
        v
    }

    /// Render every page, the sitemap, the feeds and the static files, in
    /// path order.
    pub fn render_all(&self, sites: &[LanguageSite]) -> Result<Vec<OutputFile>, SiteError> {
        self.render_all_with_progress(sites, &|_| {})
    }

    /// [`Site::render_all`], calling `progress` with the number of statement
    /// pages rendered so far.
    pub fn render_all_with_progress(
        &self,
        sites: &[LanguageSite],
        progress: &dyn Fn(usize),
    ) -> Result<Vec<OutputFile>, SiteError> {
        let mut rendered = 0;
        let sites: Vec<LanguageSite> = sites.iter().map(typeset_site).collect();
        let sites = sites.as_slice();
        let mut files = Vec::new();
        let langs: Vec<&str> = sites.iter().map(|s| s.lang.as_str()).collect();
        let mut sitemap: Vec<SitemapEntry> = Vec::new();

        // Which statements exist in which language.
        let present: BTreeSet<(&str, &str)> = sites
            .iter()
            .flat_map(|s| {
                s.statements
                    .iter()
                    .map(move |x| (s.lang.as_str(), x.slug.as_str()))
            })
            .collect();
        let endonyms: BTreeMap<&str, String> =
            langs.iter().map(|l| (*l, self.endonym(l, sites))).collect();
        let feed_links: Vec<BTreeMap<&str, String>> = sites
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

        for site in sites {
            let lang = site.lang.as_str();
            let og_alternates: Vec<String> = langs
                .iter()
                .filter(|l| **l != lang)
                .map(|l| self.config.og_locale(l))
                .collect();
            let t = Self::messages_value(&site.messages);
            let site_name = site.messages.get("site-name").cloned().unwrap_or_default();
            let home_path = format!("{lang}/");
            // Switcher: every language, to the same page where it exists,
            // else to that language's home page; relative to `page`.
            let switcher = |page: &str, path_for: &dyn Fn(&str) -> Option<String>| {
                let root = root_of(page);
                langs
                    .iter()
                    .map(|l| Link {
                        lang: l.to_string(),
                        hreflang: l.to_string(),
                        href: format!("{root}{}", path_for(l).unwrap_or_else(|| format!("{l}/"))),
                        label: endonyms[l].clone(),
                        current: *l == lang,
                    })
                    .collect::<Vec<_>>()
            };
            let mut statements: Vec<&LocalizedStatement> = site.statements.iter().collect();
            // Newest first; within a day, the order given (the project orders
            // by time of day, then slug).
            statements.sort_by(|a, b| b.date.cmp(&a.date));

            // Home page.
            let home_for = |l: &str| Some(format!("{l}/"));
            let home_alts = self.alternates(&langs, &home_for, Some(""));
            let list: Vec<BTreeMap<&str, Value>> = statements
                .iter()
                .map(|s| {
                    BTreeMap::from([
                        ("date", Value::from(s.date.clone())),
                        ("date_label", Value::from(s.date_label.clone())),
                        ("href", Value::from(format!("{}/", s.slug))),
                        ("draft", Value::from(s.draft)),
                        ("title_html", render_html(&s.title)),
                        (
                            "summary_html",
                            s.summary_or_lead()
                                .map(render_html)
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
                lang, site_name => site_name.clone(), t => t.clone(),
                og_locale => self.config.og_locale(lang), og_alternates => Serde(&og_alternates),
                canonical => self.url(&home_path), alternates => Serde(&home_alts),
                switcher => Serde(switcher(&home_path, &home_for)),
                feeds => Serde(&feed_links), root => root_of(&home_path), home => "./",
                description => site.messages.get("home-intro").cloned().unwrap_or_default(),
                statements => Serde(list), count_label,
            };
            files.push(OutputFile {
                path: PathBuf::from(format!("{lang}/index.html")),
                bytes: self.render("home.html", ctx)?,
            });
            sitemap.push(SitemapEntry {
                loc: self.url(&home_path),
                lastmod: statements.first().map(|s| s.date.clone()),
                alternates: home_alts,
            });

            // Statement pages: rendered on every core, a chunk between two
            // progress reports, kept in order.
            let page_of =
                |s: &LocalizedStatement| -> Result<(OutputFile, SitemapEntry), SiteError> {
                    let slug = s.slug.as_str();
                    let page = format!("{lang}/{slug}/");
                    let path_for =
                        |l: &str| present.contains(&(l, slug)).then(|| format!("{l}/{slug}/"));
                    let alts = self.alternates(&langs, &path_for, None);
                    let blocks = group_blocks(&s.blocks);
                    let title_text = plain(&s.title.text);
                    let description = s
                        .summary_or_lead()
                        .map(|x| plain(&x.text))
                        .unwrap_or_default();
                    let ctx = context! {
                        lang, site_name => site_name.clone(), t => t.clone(),
                        og_locale => self.config.og_locale(lang), og_alternates => Serde(&og_alternates),
                        canonical => self.url(&page), alternates => Serde(&alts),
                        switcher => Serde(switcher(&page, &path_for)),
                        feeds => Serde(&feed_links), root => root_of(&page), home => "../",
                        title => title_text, title_html => render_html(&s.title), description,
                        summary_html => s.summary.as_ref().map(render_html).unwrap_or(Value::from(())),
                        date => s.date.clone(), date_label => s.date_label.clone(),
                        dateline => s.dateline.clone(), blocks => Serde(blocks),
                        draft => s.draft,
                    };
                    let file = OutputFile {
                        path: PathBuf::from(format!("{page}index.html")),
                        bytes: self.render("statement.html", ctx)?,
                    };
                    let entry = SitemapEntry {
                        loc: self.url(&page),
                        lastmod: Some(s.date.clone()),
                        alternates: alts,
                    };
                    Ok((file, entry))
                };
            for chunk in statements.chunks(RENDER_CHUNK) {
                let pages: Vec<_> = chunk.par_iter().map(|s| page_of(s)).collect();
                for p in pages {
                    let (file, entry) = p?;
                    files.push(file);
                    sitemap.push(entry);
                }
                rendered += chunk.len();
                progress(rendered);
            }

            // Proof pages (not linked, not in the sitemap, noindex).
            for p in &site.proofs {
                let Some(s) = site.statements.iter().find(|s| s.slug == p.slug) else {
                    continue;
                };
                files.push(self.proof_page(site, s, p, &t, &site_name, &endonyms)?);
            }

            let feed = Feed {
                lang: lang.to_string(),
                title: site
                    .messages
                    .get("feed-title")
                    .or_else(|| site.messages.get("site-name"))
                    .cloned()
                    .unwrap_or_default(),
                author: site_name.clone(),
                self_href: self.url(&format!("{lang}/atom.xml")),
                home_href: self.url(&home_path),
                entries: statements
                    .iter()
                    .map(|s| FeedEntry {
                        title: plain(&s.title.text),
                        href: self.url(&format!("{lang}/{}/", s.slug)),
                        date: s.date.clone(),
                        summary: s.summary_or_lead().map(|x| plain(&x.text)),
                        translations: langs
                            .iter()
                            .filter(|l| **l != lang && present.contains(&(**l, s.slug.as_str())))
                            .map(|l| Alternate {
                                hreflang: l.to_string(),
                                href: self.url(&format!("{l}/{}/", s.slug)),
                            })
                            .collect(),
                    })
                    .collect(),
            };
            files.push(OutputFile {
                path: PathBuf::from(format!("{lang}/atom.xml")),
                bytes: feeds::atom_xml(&feed).into_bytes(),
            });
        }

        // Language chooser at the root (the x-default page).
        let root_alts = self.alternates(&langs, &|l: &str| Some(format!("{l}/")), Some(""));
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
                    ("label", endonyms[s.lang.as_str()].clone()),
                    ("href", format!("{}/", s.lang)),
                ])
            })
            .collect();
        let ctx = context! {
            lang => self.config.source_language.as_str(), canonical => self.config.base_url(),
            alternates => Serde(&root_alts), choices => Serde(choices), root => "",
        };
        files.push(OutputFile {
            path: PathBuf::from("index.html"),
            bytes: self.render("choose.html", ctx)?,
        });
        sitemap.insert(
            0,
            SitemapEntry {
                loc: self.config.base_url(),
                lastmod: None,
                alternates: root_alts,
            },
        );
        files.push(OutputFile {
            path: PathBuf::from("sitemap.xml"),
            bytes: feeds::sitemap_xml(&sitemap).into_bytes(),
        });

        self.static_files(&mut files)?;
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    fn proof_page(
        &self,
        site: &LanguageSite,
        s: &LocalizedStatement,
        p: &ProofStatement,
        t: &Value,
        site_name: &str,
        endonyms: &BTreeMap<&str, String>,
    ) -> Result<OutputFile, SiteError> {
        let lang = site.lang.as_str();
        let source_lang = self.config.source_language.as_str();
        let page = format!("{lang}/{}/", s.slug);
        let rows: Vec<ProofRow> = p
            .segments
            .iter()
            .map(|g| ProofRow {
                id: g.id.clone(),
                kind: kind_name(g.kind),
                source_html: Value::from_safe_string(coded_to_html(
                    &typeset(source_lang, &g.source),
                    None,
                )),
                target_html: g
                    .target
                    .as_ref()
                    .map(|x| Value::from_safe_string(coded_to_html(x, None)))
                    .unwrap_or(Value::from(())),
                match_class: g.match_class,
                state: g.state,
                findings: g.findings.clone(),
                origin: g.origin.clone(),
                diff_html: match (
                    g.origin.as_ref().and_then(|o| o.candidate.as_ref()),
                    &g.target,
                ) {
                    (Some(c), Some(t)) => {
                        Value::from_safe_string(diff::word_diff_html(c, &plain(t)))
                    }
                    _ => Value::from(()),
                },
            })
            .collect();
        let count = |st: ProofState| rows.iter().filter(|r| r.state == st).count();
        let ctx = context! {
            lang, source_lang, site_name, t => t.clone(), root => root_of(&page),
            title => plain(&s.title.text), date => s.date.clone(), date_label => s.date_label.clone(),
            page => "./", source_page => format!("../../{source_lang}/{}/", s.slug),
            source_label => endonyms.get(source_lang).cloned().unwrap_or_else(|| source_lang.to_string()),
            target_label => endonyms.get(lang).cloned().unwrap_or_else(|| lang.to_string()),
            rows => Serde(&rows),
            approved => count(ProofState::Approved), unreviewed => count(ProofState::Unreviewed),
            missing => count(ProofState::Missing),
            findings => rows.iter().map(|r| r.findings.len()).sum::<usize>(),
        };
        Ok(OutputFile {
            path: PathBuf::from(format!("{page}proof.html")),
            bytes: self.render("proof.html", ctx)?,
        })
    }

    /// Copy the theme's `static` folder (with its sub-folders) to the root.
    fn static_files(&self, files: &mut Vec<OutputFile>) -> Result<(), SiteError> {
        let static_dir = self.theme.join("static");
        if !static_dir.is_dir() {
            return Ok(());
        }
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| SiteError::Io { path, source }
        };
        let mut stack = vec![static_dir.clone()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).map_err(io(&dir))? {
                let p = e.map_err(io(&dir))?.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.is_file() {
                    let bytes = std::fs::read(&p).map_err(io(&p))?;
                    let rel = p.strip_prefix(&static_dir).unwrap_or(&p).to_path_buf();
                    files.push(OutputFile { path: rel, bytes });
                }
            }
        }
        Ok(())
    }
}

/// Statement pages rendered in parallel between two progress reports.
const RENDER_CHUNK: usize = 256;

/// Ids the page layout uses itself, which a heading anchor must not take.
const RESERVED_IDS: &[&str] = &["content"];

fn group_blocks(blocks: &[LocalizedBlock]) -> Vec<BlockCtx> {
    let mut out: Vec<BlockCtx> = Vec::new();
    let mut last_list: Option<usize> = None;
    let mut anchors: BTreeMap<String, usize> =
        RESERVED_IDS.iter().map(|id| (id.to_string(), 1)).collect();
    for b in blocks {
        let html = b
            .segments
            .iter()
            .map(|s| coded_to_html_with_images(&s.text, s.fallback_lang.as_deref(), &b.images))
            .collect::<Vec<_>>()
            .join(" ");
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
                let base = anchor(
                    &b.segments
                        .iter()
                        .map(|s| plain(&s.text))
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                let mut a = base.clone();
                let mut n = 1;
                while anchors.contains_key(&a) {
                    n += 1;
                    a = format!("{base}-{n}");
                }
                anchors.insert(a.clone(), 1);
                out.push(BlockCtx {
                    kind: "heading",
                    level: level.clamp(2, 6),
                    tag: "",
                    anchor: a,
                    html: Value::from_safe_string(html),
                    items: Vec::new(),
                });
            }
            BlockKind::Title
            | BlockKind::Summary
            | BlockKind::ImageAlt(_)
            | BlockKind::ImageTitle(_) => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rt(s: &str) -> RenderText {
        RenderText {
            text: CodedText::plain(s),
            fallback_lang: None,
        }
    }

    fn block(kind: BlockKind, list: Option<usize>, s: &[&str]) -> LocalizedBlock {
        LocalizedBlock {
            kind,
            list,
            segments: s.iter().map(|x| rt(x)).collect(),
            images: BTreeMap::new(),
        }
    }

    #[test]
    fn roots() {
        assert_eq!(root_of(""), "");
        assert_eq!(root_of("fr/"), "../");
        assert_eq!(root_of("fr/slug/"), "../../");
    }

    #[test]
    fn headings_get_unique_anchors_and_lists_group() {
        let blocks = vec![
            block(BlockKind::Heading(2), None, &["Content"]),
            block(BlockKind::Heading(2), None, &["Justice"]),
            block(BlockKind::Heading(3), None, &["Justice"]),
            block(BlockKind::ListItem { ordered: false }, Some(0), &["a"]),
            block(BlockKind::ListItem { ordered: false }, Some(0), &["b"]),
            block(BlockKind::ListItem { ordered: true }, Some(1), &["c"]),
            block(BlockKind::Paragraph, None, &["One.", "Two."]),
        ];
        let g = group_blocks(&blocks);
        let anchors: Vec<&str> = g.iter().map(|b| b.anchor.as_str()).collect();
        assert_eq!(
            anchors,
            ["content-2", "justice", "justice-2", "", "", ""].to_vec()
        );
        assert_eq!(g[3].items.len(), 2);
        assert_eq!(g[4].tag, "ol");
        assert_eq!(g[5].html.to_string(), "One. Two.");
    }

    #[test]
    fn summary_falls_back_to_the_first_sentence() {
        let mut s = LocalizedStatement {
            slug: "a".into(),
            date: "2025-06-05".into(),
            date_label: String::new(),
            dateline: String::new(),
            title: rt("T"),
            summary: None,
            draft: false,
            blocks: vec![
                block(BlockKind::Heading(2), None, &["H"]),
                block(BlockKind::Paragraph, None, &["First.", "Second."]),
            ],
        };
        assert_eq!(s.summary_or_lead().unwrap().text.text, "First.");
        s.summary = Some(rt("Sum."));
        assert_eq!(s.summary_or_lead().unwrap().text.text, "Sum.");
    }
}
