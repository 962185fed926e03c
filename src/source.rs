//! Statements: CommonMark with TOML front matter between `+++` lines.
//!
//! Reading a statement gives its metadata and a list of translatable blocks
//! (title, summary, headings, paragraphs, list items), each as coded text with
//! the byte span it came from. Markdown inline markup becomes inline codes:
//! emphasis, strong emphasis and links are paired codes, inline code spans,
//! images and hard line breaks are standalone codes. Only this module knows
//! pulldown-cmark.

use crate::model::{first_placeholder_char, line_col, Code, CodeKind, CodedText, LineIndex, Span};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: no statements folder (create it, set `statements_dir` in diglot.toml, or start a project with `diglot init`)")]
    NoStatementsDir { path: PathBuf },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

/// Front matter of a statement.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    /// Publication date, `YYYY-MM-DD` (written as a string or as a TOML
    /// date; the date of a TOML date-time).
    pub date: String,
    /// Time of day of a TOML date-time (`HH:MM:SS` and its offset as
    /// written), used to order statements of the same date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// URL slug; defaults to the file stem.
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    /// A draft is segmented, exported and checked, but never published by
    /// `build`.
    #[serde(default)]
    pub draft: bool,
}

/// Byte offsets (in the front matter text) of the fields a statement's
/// blocks and errors point at.
#[derive(Debug, Default)]
struct FrontSpans {
    title: usize,
    summary: usize,
    slug: Option<usize>,
    slug_invalid_reported: bool,
}

const FRONT_KEYS: &[&str] = &["title", "date", "slug", "summary", "draft"];

fn toml_type_name(v: &toml::de::DeValue<'_>) -> &'static str {
    use toml::de::DeValue;
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Read front matter TOML: the fields, their positions and every problem
/// found (byte offset in `fm`, message), each at its own key or value.
fn read_front_matter(fm: &str) -> (FrontMatter, FrontSpans, Vec<(usize, String)>) {
    use toml::de::{DeTable, DeValue};
    let mut problems = Vec::new();
    let (table, syntax) = DeTable::parse_recoverable(fm);
    let syntax_ok = syntax.is_empty();
    let mut syntax_at = Vec::new();
    for e in syntax {
        let off = e.span().map(|s| s.start).unwrap_or(0);
        syntax_at.push(off);
        problems.push((off, e.message().trim_end().to_string()));
    }
    // Sorted, to find the errors inside an entry by binary search.
    syntax_at.sort_unstable();
    let mut front = FrontMatter {
        title: String::new(),
        date: String::new(),
        time: None,
        slug: None,
        summary: None,
        draft: false,
    };
    let mut spans = FrontSpans::default();
    let (mut has_title, mut has_date) = (false, false);
    let table = table.into_inner();
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in entries {
        let name: &str = key.get_ref();
        let (kstart, vstart) = (key.span().start, value.span().start);
        // A value with a syntax error is reported once, by the parser.
        let vend = value.span().end.max(vstart + 1);
        let first = syntax_at.partition_point(|&o| o < kstart);
        if syntax_at.get(first).is_some_and(|&o| o < vend) {
            match name {
                "title" => (has_title, spans.title) = (true, kstart),
                "date" => has_date = true,
                _ => {}
            }
            continue;
        }
        let v = value.get_ref();
        let wrong = |expected: &str| {
            (
                vstart,
                format!("`{name}` must be {expected}, found {}", toml_type_name(v)),
            )
        };
        match (name, v) {
            ("title", DeValue::String(t)) => {
                has_title = true;
                spans.title = kstart;
                if t.trim().is_empty() {
                    problems.push((vstart, "`title` is empty".into()));
                }
                front.title = t.to_string();
            }
            ("summary", DeValue::String(t)) => {
                spans.summary = kstart;
                front.summary = Some(t.to_string());
            }
            ("slug", DeValue::String(t)) => {
                spans.slug = Some(vstart);
                front.slug = Some(t.to_string());
            }
            ("draft", DeValue::Boolean(b)) => front.draft = *b,
            ("date", DeValue::String(t)) => {
                has_date = true;
                if is_valid_date(t) {
                    front.date = t.to_string();
                } else {
                    problems.push((
                        vstart,
                        format!("`date` must be a calendar date YYYY-MM-DD, found `{t}`"),
                    ));
                }
            }
            ("date", DeValue::Datetime(dt)) => {
                has_date = true;
                match dt.date {
                    Some(d) => {
                        front.date = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
                        if !is_valid_date(&front.date) {
                            problems.push((vstart, format!("`date` {dt} is not a calendar date")));
                        }
                        front.time = dt.time.map(|t| {
                            let mut s = format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second.unwrap_or(0));
                            if let Some(o) = dt.offset {
                                s.push_str(&o.to_string());
                            }
                            s
                        });
                    }
                    None => problems.push((
                        vstart,
                        format!("`date` must be a date (2025-06-05) or a date-time, found the time of day {dt}"),
                    )),
                }
            }
            ("title" | "summary" | "slug", _) => {
                if name == "title" {
                    has_title = true;
                    spans.title = kstart;
                }
                if name == "slug" {
                    spans.slug_invalid_reported = true;
                }
                problems.push(wrong("a string"));
            }
            ("draft", _) => problems.push(wrong("true or false")),
            ("date", _) => {
                has_date = true;
                problems.push(wrong("a date (2025-06-05 or \"2025-06-05\")"));
            }
            _ => problems.push((
                kstart,
                format!(
                    "unknown field `{name}`, expected one of {}",
                    FRONT_KEYS
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
    // Missing fields are reported once the syntax is right (a syntax error
    // may have hidden them).
    if syntax_ok {
        if !has_title {
            problems.push((0, "missing field `title`".into()));
        }
        if !has_date {
            problems.push((0, "missing field `date`".into()));
        }
    }
    problems.sort_by_key(|(off, _)| *off);
    (front, spans, problems)
}

/// The kind of a translatable block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "level")]
pub enum BlockKind {
    Title,
    Summary,
    Heading(u8),
    Paragraph,
    /// An item of a bulleted (`ordered = false`) or numbered list.
    ListItem {
        ordered: bool,
    },
    /// A paragraph inside a block quote.
    Quote,
    /// The alternative text of image N of the statement (see
    /// [`Statement::images`]): its own segment, not part of the sentence
    /// that shows the image.
    ImageAlt(u16),
    /// The title (tooltip) of image N of the statement.
    ImageTitle(u16),
}

impl BlockKind {
    /// Short name: `title`, `summary`, `heading-2`, `paragraph`, `list-item`,
    /// `numbered-item`, `quote`.
    pub fn name(&self) -> String {
        match self {
            BlockKind::Title => "title".into(),
            BlockKind::Summary => "summary".into(),
            BlockKind::Heading(l) => format!("heading-{l}"),
            BlockKind::Paragraph => "paragraph".into(),
            BlockKind::ListItem { ordered: false } => "list-item".into(),
            BlockKind::ListItem { ordered: true } => "numbered-item".into(),
            BlockKind::Quote => "quote".into(),
            BlockKind::ImageAlt(_) => "image-alt".into(),
            BlockKind::ImageTitle(_) => "image-title".into(),
        }
    }

    /// Whether the block is shown in the page's flow of text (an image's
    /// alt text and title are attributes of the image, not blocks).
    pub fn is_image_text(&self) -> bool {
        matches!(self, BlockKind::ImageAlt(_) | BlockKind::ImageTitle(_))
    }
}

/// A translatable block of a statement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub content: CodedText,
    pub span: Span,
    /// Index of the list this item belongs to (items of one list share it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<usize>,
}

/// An image of a statement, `![alt](src "title")`. In the block that shows
/// it the image is a standalone inline code (`image`, data: `src`, disp: the
/// alt text); its alt text and title are blocks of their own
/// ([`BlockKind::ImageAlt`], [`BlockKind::ImageTitle`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Image {
    /// The source as written (a path relative to the statement's folder, or
    /// a URL).
    pub src: String,
    /// Index of the block showing the image.
    pub block: usize,
    /// Id of the image's code in that block.
    pub code: String,
    /// Index of the alt text block, when the alt text is not empty.
    pub alt: Option<usize>,
    /// Index of the title block, when there is a title.
    pub title: Option<usize>,
    /// Where `![` is in the file.
    pub span: Span,
}

/// A parsed statement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Statement {
    pub path: PathBuf,
    pub front: FrontMatter,
    pub slug: String,
    pub blocks: Vec<Block>,
    /// Images, in the order they appear; `BlockKind::ImageAlt(n)` is the
    /// alt text of `images[n]`.
    #[serde(default)]
    pub images: Vec<Image>,
    /// The file's text (for positions of segments).
    #[serde(skip)]
    pub text: String,
}

/// Split `+++` TOML front matter from the body. Returns the front matter text,
/// the body and the body's byte offset in `src`.
fn split_front_matter<'a>(
    src: &'a str,
    path: &Path,
) -> Result<(&'a str, usize, &'a str, usize), SourceError> {
    let err = |offset: usize, message: &str| {
        let (line, column) = line_col(src, offset);
        SourceError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message: message.to_string(),
        }
    };
    let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &src[bom..];
    let first_end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
    if rest[..first_end].trim_end() != "+++" {
        return Err(err(
            bom,
            "expected front matter: the file must start with a `+++` line",
        ));
    }
    let mut pos = bom + first_end;
    let fm_start = pos;
    while pos < src.len() {
        let end = src[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(src.len());
        if src[pos..end].trim_end() == "+++" {
            return Ok((&src[fm_start..pos], fm_start, &src[end..], end));
        }
        pos = end;
    }
    Err(err(bom, "front matter opened with `+++` is never closed"))
}

/// `YYYY-MM-DD`, a day of the Gregorian calendar.
pub fn is_valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Ok(y), Ok(m), Ok(day)) = (
        d[0..4].parse::<u32>(),
        d[5..7].parse::<u32>(),
        d[8..10].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Lowercase ASCII letters, digits and inner hyphens.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// How statements are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Typographic punctuation in the body: “quotes”, it’s, – — … (see
    /// `smart_punctuation` in `diglot.toml`).
    pub smart_punctuation: bool,
}

/// Parse one statement from its text; the first error when it is invalid
/// (see [`parse_statement_all`] for every error).
pub fn parse_statement(src: &str, path: &Path) -> Result<Statement, SourceError> {
    parse_statement_all(src, path, ReadOptions::default()).map_err(|mut v| v.swap_remove(0))
}

/// Parse one statement from its text; every front-matter error (each at its
/// own line and column) when it is invalid. The list is never empty.
pub fn parse_statement_all(
    src: &str,
    path: &Path,
    options: ReadOptions,
) -> Result<Statement, Vec<SourceError>> {
    let (fm, fm_start, body, body_offset) = split_front_matter(src, path).map_err(|e| vec![e])?;
    // Every position (errors, blocks) through one index: a front matter of
    // 100,000 broken lines has as many errors.
    let lines = LineIndex::new(src);
    let invalid = |offset: usize, message: String| {
        let (line, column) = lines.line_col(src, offset);
        SourceError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let (front, spans, problems) = read_front_matter(fm);
    let mut errors: Vec<SourceError> = problems
        .into_iter()
        .map(|(off, m)| invalid(fm_start + off, format!("front matter: {m}")))
        .collect();
    let slug = match &front.slug {
        Some(s) => s.clone(),
        None => path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default(),
    };
    if !is_valid_slug(&slug) && !spans.slug_invalid_reported {
        let off = spans.slug.unwrap_or(0);
        errors.push(invalid(
            fm_start + off,
            format!("slug `{slug}` must be lowercase ASCII letters, digits and inner hyphens"),
        ));
    }
    if let Some(off) = first_placeholder_char(src) {
        errors.push(invalid(off, RESERVED_CHARS.into()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let span_at = |start: usize, end: usize| span(path, src, &lines, start, end);
    let mut blocks = Vec::new();
    let title_off = fm_start + spans.title;
    blocks.push(Block {
        kind: BlockKind::Title,
        content: CodedText::plain(normalize_ws(&front.title)),
        span: span_at(title_off, title_off + "title".len()),
        list: None,
    });
    if let Some(summary) = &front.summary {
        if !summary.trim().is_empty() {
            let off = fm_start + spans.summary;
            blocks.push(Block {
                kind: BlockKind::Summary,
                content: CodedText::plain(normalize_ws(summary)),
                span: span_at(off, off + "summary".len()),
                list: None,
            });
        }
    }
    let mut images = Vec::new();
    parse_body(
        body,
        body_offset,
        &span_at,
        &mut blocks,
        &mut images,
        options,
    )
    .map_err(|(off, m)| vec![invalid(off, m)])?;
    Ok(Statement {
        path: path.to_path_buf(),
        front,
        slug,
        blocks,
        images,
        text: src.to_string(),
    })
}

/// The error for a statement holding a character diglot reserves.
const RESERVED_CHARS: &str =
    "contains a character from Unicode's private use plane 15, which diglot reserves for inline codes";

/// The span of `start..end` in `src` (the file at `path`).
fn span(path: &Path, src: &str, lines: &LineIndex, start: usize, end: usize) -> Span {
    let (line, column) = lines.line_col(src, start);
    Span {
        path: path.to_path_buf(),
        start,
        end,
        line,
        column,
    }
}

/// The translatable blocks of a Markdown document read as statements are:
/// with `+++` front matter it is parsed as a statement (title and summary
/// first); without, only its body is read (archived pages rarely have front
/// matter). Used by the aligner.
pub fn parse_markdown_blocks(src: &str, path: &Path) -> Result<Vec<Block>, SourceError> {
    let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
    if src[bom..].lines().next().map(str::trim_end) == Some("+++") {
        return parse_statement(src, path).map(|s| s.blocks);
    }
    let invalid = |offset: usize, message: String| {
        let (line, column) = line_col(src, offset);
        SourceError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    if let Some(off) = first_placeholder_char(src) {
        return Err(invalid(off, RESERVED_CHARS.into()));
    }
    let lines = LineIndex::new(src);
    let span_at = |start: usize, end: usize| span(path, src, &lines, start, end);
    let mut blocks = Vec::new();
    // Alt texts and titles of images are blocks too (aligned like any
    // text); which image they belong to is not needed here.
    let mut images = Vec::new();
    parse_body(
        &src[bom..],
        bom,
        &span_at,
        &mut blocks,
        &mut images,
        ReadOptions::default(),
    )
    .map_err(|(off, m)| invalid(off, m))?;
    Ok(blocks)
}

/// Collapse runs of whitespace to one space and trim.
fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Open {
    kind: BlockKind,
    start: usize,
    text: CodedText,
    next_id: u32,
    stack: Vec<String>,
    list: Option<usize>,
    /// Images shown in the block, by their code.
    images: Vec<OpenImage>,
}

/// An image being read: its code in the block, its alt text so far.
struct OpenImage {
    code: String,
    src: String,
    alt: String,
    title: String,
    /// Offsets of `![` and of the image's end in the body.
    start: usize,
    end: usize,
}

/// Most inline codes one block may hold (one placeholder character each).
const MAX_BLOCK_CODES: usize = crate::model::PLACEHOLDER_MAX as usize - 2;

/// Most lines a paragraph may have without a blank line. `pulldown-cmark`
/// 0.13 parses a paragraph holding an unclosed link title (`[a](b "t`
/// followed by many lines) in time quadratic in its lines (80 s for
/// 100,000 lines, found by tests/integration/fuzz.rs); a press statement's
/// paragraphs are a few lines long.
pub const MAX_PARAGRAPH_LINES: usize = 1_000;

/// Byte offset of the first line of a run of more than
/// [`MAX_PARAGRAPH_LINES`] lines that no blank line, list item or heading
/// interrupts (a paragraph, counted before Markdown parsing).
fn overlong_paragraph(body: &str) -> Option<usize> {
    let (mut run, mut start, mut at) = (0usize, 0usize, 0usize);
    for line in body.split_inclusive('\n') {
        let t = line.trim_start_matches([' ', '\t']);
        let interrupts = t.trim_end().is_empty()
            || t.starts_with('#')
            || ["- ", "* ", "+ ", "1. ", "1) "]
                .iter()
                .any(|m| t.starts_with(m));
        if interrupts {
            run = 0;
        }
        if !t.trim_end().is_empty() {
            if run == 0 {
                start = at;
            }
            run += 1;
            if run > MAX_PARAGRAPH_LINES {
                return Some(start);
            }
        }
        at += line.len();
    }
    None
}

fn parse_body(
    body: &str,
    base: usize,
    span_at: &dyn Fn(usize, usize) -> Span,
    blocks: &mut Vec<Block>,
    images: &mut Vec<Image>,
    options: ReadOptions,
) -> Result<(), (usize, String)> {
    if let Some(at) = overlong_paragraph(body) {
        return Err((
            base + at,
            format!(
                "a paragraph of more than {MAX_PARAGRAPH_LINES} lines without a blank line (diglot's limit; check an unclosed link or quote): split it with blank lines"
            ),
        ));
    }
    // Tables and footnotes are parsed so that they can be refused with a
    // position (unparsed, a table would be published as a paragraph of
    // pipes).
    let mut markdown =
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    if options.smart_punctuation {
        markdown |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let parser = Parser::new_ext(body, markdown);
    let mut cur: Option<Open> = None;
    // (ordered, list index) for nested lists
    let mut lists: Vec<(bool, usize)> = Vec::new();
    let mut list_count = 0usize;
    let mut quote_depth = 0usize;
    let mut item_depth = 0usize;

    // Alt text being read: the image's events go to it, not to the block.
    let mut in_image = 0usize;
    let flush_images = |o: &Open, blocks: &mut Vec<Block>, images: &mut Vec<Image>| {
        let block = blocks.len() - 1;
        for im in &o.images {
            let n = images.len();
            let kind_n = u16::try_from(n).unwrap_or(u16::MAX);
            let mut text_block = |kind: BlockKind, text: &str| {
                let text = normalize_ws(text);
                (!text.is_empty()).then(|| {
                    blocks.push(Block {
                        kind,
                        content: CodedText::plain(text),
                        span: span_at(base + im.start, base + im.end),
                        list: None,
                    });
                    blocks.len() - 1
                })
            };
            let alt = text_block(BlockKind::ImageAlt(kind_n), &im.alt);
            let title = text_block(BlockKind::ImageTitle(kind_n), &im.title);
            images.push(Image {
                src: im.src.clone(),
                block,
                code: im.code.clone(),
                alt,
                title,
                span: span_at(base + im.start, base + im.end),
            });
        }
    };
    let flush =
        |cur: &mut Option<Open>, end: usize, blocks: &mut Vec<Block>, images: &mut Vec<Image>| {
            if let Some(o) = cur.take() {
                let content = collapse_ws(&o.text);
                if !content.plain_text().trim().is_empty() || !content.codes.is_empty() {
                    blocks.push(Block {
                        kind: o.kind,
                        content,
                        span: span_at(base + o.start, base + end),
                        list: o.list,
                    });
                    flush_images(&o, blocks, images);
                }
            }
        };
    let begin = |kind: BlockKind, start: usize, list: Option<usize>| Open {
        kind,
        start,
        text: CodedText::default(),
        next_id: 1,
        stack: Vec::new(),
        list,
        images: Vec::new(),
    };

    for (ev, range) in parser.into_offset_iter() {
        // Each inline code of a block takes one placeholder character: a
        // block with more than the model can number is refused (it panicked).
        if cur
            .as_ref()
            .is_some_and(|o| o.text.codes.len() + 2 >= MAX_BLOCK_CODES)
        {
            return Err((
                base + range.start,
                format!(
                    "a paragraph, heading or list item with more than {MAX_BLOCK_CODES} inline codes (links, emphasis, code spans, line breaks): split it"
                ),
            ));
        }
        if in_image > 0 {
            // Inside an image: its content is the alt text, as plain text
            // (CommonMark renders alt text without markup).
            let im = match ev {
                Event::End(TagEnd::Image) => None,
                _ => cur.as_mut().and_then(|o| o.images.last_mut()),
            };
            match ev {
                Event::Start(Tag::Image { .. }) => in_image += 1,
                Event::End(TagEnd::Image) => {
                    in_image -= 1;
                    if in_image == 0 {
                        if let Some(o) = cur.as_mut() {
                            if let Some(im) = o.images.last_mut() {
                                im.end = range.end;
                                // The code shows its alt text to translators.
                                let alt = normalize_ws(&im.alt);
                                if let Some(c) = o
                                    .text
                                    .codes
                                    .iter_mut()
                                    .rev()
                                    .find(|c| c.id == im.code && c.ctype == "image")
                                {
                                    c.disp = (!alt.is_empty()).then_some(alt);
                                }
                            }
                        }
                    }
                }
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                    if let Some(im) = im {
                        im.alt.push_str(&t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(im) = im {
                        im.alt.push(' ');
                    }
                }
                Event::FootnoteReference(_) => {
                    return Err((
                        base + range.start,
                        "footnotes are not supported in statements (write the note as a sentence or a link)".into(),
                    ));
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let o = cur.get_or_insert_with(|| begin(BlockKind::Paragraph, range.start, None));
                let id = o.next_id.to_string();
                o.next_id += 1;
                o.text.push_code(
                    Code::new(CodeKind::Standalone, &id, "image").with_data(dest_url.to_string()),
                );
                o.images.push(OpenImage {
                    code: id,
                    src: dest_url.to_string(),
                    alt: String::new(),
                    title: title.to_string(),
                    start: range.start,
                    end: range.end,
                });
                in_image = 1;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut cur, range.start, blocks, images);
                let l = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                cur = Some(begin(BlockKind::Heading(l), range.start, None));
            }
            Event::Start(Tag::List(first)) => {
                flush(&mut cur, range.start, blocks, images);
                lists.push((first.is_some(), list_count));
                list_count += 1;
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut cur, range.end, blocks, images);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut cur, range.start, blocks, images);
                item_depth += 1;
                let (ordered, idx) = lists.last().copied().unwrap_or((false, 0));
                cur = Some(begin(
                    BlockKind::ListItem { ordered },
                    range.start,
                    Some(idx),
                ));
            }
            Event::End(TagEnd::Item) => {
                flush(&mut cur, range.end, blocks, images);
                item_depth = item_depth.saturating_sub(1);
            }
            Event::Start(Tag::BlockQuote(_)) => {
                flush(&mut cur, range.start, blocks, images);
                quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                flush(&mut cur, range.end, blocks, images);
                quote_depth = quote_depth.saturating_sub(1);
            }
            Event::Start(Tag::Paragraph) => {
                // A paragraph inside a list item continues the item's block
                // for the first paragraph; later paragraphs become new items.
                let in_item_fresh = item_depth > 0
                    && cur
                        .as_ref()
                        .map(|o| matches!(o.kind, BlockKind::ListItem { .. }) && o.text.is_empty())
                        .unwrap_or(false);
                if !in_item_fresh {
                    let list = cur.as_ref().and_then(|o| o.list);
                    let kind = match cur.as_ref().map(|o| o.kind) {
                        Some(k @ BlockKind::ListItem { .. }) if item_depth > 0 => k,
                        _ if quote_depth > 0 => BlockKind::Quote,
                        _ => BlockKind::Paragraph,
                    };
                    flush(&mut cur, range.start, blocks, images);
                    cur = Some(begin(kind, range.start, list));
                }
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Heading(_)) if item_depth == 0 => {
                flush(&mut cur, range.end, blocks, images);
            }
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => {
                flush(&mut cur, range.start, blocks, images);
                return Err((
                    base + range.start,
                    "code blocks and HTML blocks are not supported in statements (they would be published untranslated); use inline code or plain text".into(),
                ));
            }
            Event::Start(Tag::Table(_)) => {
                return Err((
                    base + range.start,
                    "tables are not supported in statements (write the figures as a list or in sentences)".into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(_)) | Event::FootnoteReference(_) => {
                return Err((
                    base + range.start,
                    "footnotes are not supported in statements (write the note as a sentence or a link)".into(),
                ));
            }
            Event::Start(
                tag @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }),
            ) => {
                let o = cur.get_or_insert_with(|| begin(BlockKind::Paragraph, range.start, None));
                let id = o.next_id.to_string();
                o.next_id += 1;
                let code = match tag {
                    Tag::Emphasis => Code::new(CodeKind::Open, &id, "emphasis"),
                    Tag::Strong => Code::new(CodeKind::Open, &id, "strong"),
                    Tag::Strikethrough => Code::new(CodeKind::Open, &id, "strikethrough"),
                    Tag::Link {
                        dest_url, title, ..
                    } => {
                        let mut c =
                            Code::new(CodeKind::Open, &id, "link").with_data(dest_url.to_string());
                        if !title.is_empty() {
                            c.disp = Some(title.to_string());
                        }
                        c
                    }
                    _ => unreachable!(),
                };
                o.stack.push(id);
                o.text.push_code(code);
            }
            Event::End(
                end @ (TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link),
            ) => {
                if let Some(o) = cur.as_mut() {
                    let ctype = match end {
                        TagEnd::Emphasis => "emphasis",
                        TagEnd::Strong => "strong",
                        TagEnd::Strikethrough => "strikethrough",
                        _ => "link",
                    };
                    let id = o.stack.pop().unwrap_or_default();
                    o.text.push_code(Code::new(CodeKind::Close, id, ctype));
                }
            }
            Event::Text(t) => {
                let o = cur.get_or_insert_with(|| begin(BlockKind::Paragraph, range.start, None));
                o.text.push_str(&t);
            }
            Event::Code(t) => {
                let o = cur.get_or_insert_with(|| begin(BlockKind::Paragraph, range.start, None));
                let id = o.next_id.to_string();
                o.next_id += 1;
                let mut c = Code::new(CodeKind::Standalone, id, "code").with_data(t.to_string());
                c.disp = Some(t.to_string());
                o.text.push_code(c);
            }
            Event::InlineHtml(t) | Event::Html(t) => {
                // Raw HTML is never trusted: it is kept as literal text.
                let o = cur.get_or_insert_with(|| begin(BlockKind::Paragraph, range.start, None));
                o.text.push_str(&t);
            }
            Event::SoftBreak => {
                if let Some(o) = cur.as_mut() {
                    o.text.push_str(" ");
                }
            }
            Event::HardBreak => {
                if let Some(o) = cur.as_mut() {
                    let id = o.next_id.to_string();
                    o.next_id += 1;
                    o.text
                        .push_code(Code::new(CodeKind::Standalone, id, "linebreak"));
                }
            }
            Event::Rule => flush(&mut cur, range.start, blocks, images),
            _ => {}
        }
    }
    flush(&mut cur, body.len(), blocks, images);
    Ok(())
}

/// Collapse whitespace runs in the text parts of coded text, and trim.
fn collapse_ws(t: &CodedText) -> CodedText {
    let mut out = CodedText::default();
    let mut pending_space = false;
    for p in t.pieces() {
        match p {
            crate::model::Piece::Text(s) => {
                for c in s.chars() {
                    if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
                        pending_space = true;
                    } else {
                        if pending_space && !out.text.is_empty() {
                            out.text.push(' ');
                        }
                        pending_space = false;
                        out.text.push(c);
                    }
                }
            }
            crate::model::Piece::Code(c) => {
                if pending_space && !out.text.is_empty() {
                    out.text.push(' ');
                }
                pending_space = false;
                out.push_code(c.clone());
            }
        }
    }
    out
}

/// Where an image of a statement comes from, for one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageSource {
    /// A URL (`https://…`), left as it is.
    Remote(String),
    /// A file of the project, copied into the site beside the page.
    Local {
        /// The file to copy.
        file: PathBuf,
        /// Its path in the site relative to the page's folder (`/`
        /// separated), also the page's `src`.
        site_path: String,
    },
}

/// Resolve the source of image `image` of `statement` in the project at
/// `root` for language `lang` (`None`: the source language). A local image
/// of a target language is its override when one exists beside it
/// (`chart.fr.png` beside `chart.png`), else the image itself. Errors (at
/// the image's position): a missing file, a path leaving the project, an
/// absolute path, a scheme other than http(s).
pub fn resolve_image(
    statement: &Statement,
    image: &Image,
    root: &Path,
    lang: Option<&str>,
) -> Result<ImageSource, SourceError> {
    let err = |message: String| SourceError::Invalid {
        path: statement.path.clone(),
        line: image.span.line,
        column: image.span.column,
        message,
    };
    let src = image.src.trim();
    if let Some(i) = src.find(':') {
        if !src[..i].contains(['/', '?', '#']) {
            let scheme = src[..i].to_ascii_lowercase();
            return if scheme == "https" || scheme == "http" {
                Ok(ImageSource::Remote(src.to_string()))
            } else {
                Err(err(format!(
                    "image `{src}`: only https:// URLs and paths relative to the statement are allowed"
                )))
            };
        }
    }
    // The file part of the source (a query or fragment is not part of it).
    let file_part = src.split(['?', '#']).next().unwrap_or("");
    if file_part.is_empty() {
        return Err(err("image with an empty source".into()));
    }
    if file_part.starts_with('/')
        || file_part.starts_with('\\')
        || Path::new(file_part).is_absolute()
    {
        return Err(err(format!(
            "image `{src}`: absolute paths are refused; write the path relative to the statement's folder"
        )));
    }
    // The statement's folder relative to the project root, then the
    // source's components, resolved lexically: `..` above the root is
    // refused.
    let dir = statement.path.parent().unwrap_or(Path::new(""));
    let (canon_root, canon_dir) = (
        root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
    );
    let escape = || {
        err(format!(
            "image `{src}` is outside the project folder; images must be files of the project"
        ))
    };
    let Ok(dir_rel) = canon_dir.strip_prefix(&canon_root) else {
        return Err(escape());
    };
    let mut stack: Vec<String> = dir_rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    let depth = stack.len();
    // How far above the statement's folder the path goes.
    let mut above = 0usize;
    for part in file_part.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if stack.pop().is_none() {
                    return Err(escape());
                }
                above = above.max(depth.saturating_sub(stack.len()));
            }
            p => stack.push(p.to_string()),
        }
    }
    let Some(name) = stack.pop() else {
        return Err(err(format!("image `{src}` is not a file")));
    };
    // The override for a target language: `stem.LANG.ext` beside it.
    let mut chosen = name.clone();
    if let Some(lang) = lang {
        let over = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}.{lang}.{ext}"),
            None => format!("{name}.{lang}"),
        };
        let mut p = canon_root.clone();
        p.extend(&stack);
        if p.join(&over).is_file() {
            chosen = over;
        }
    }
    let mut file = canon_root.clone();
    file.extend(&stack);
    file.push(&chosen);
    if !file.is_file() {
        let shown = stack
            .iter()
            .chain(std::iter::once(&chosen))
            .cloned()
            .collect::<Vec<_>>()
            .join("/");
        return Err(err(format!(
            "image `{src}` not found (no file {shown} in the project)"
        )));
    }
    // A symbolic link may still lead out of the project.
    match file.canonicalize() {
        Ok(real) if real.starts_with(&canon_root) => {}
        _ => return Err(escape()),
    }
    // In the site: the same relative path when the image is in the
    // statement's folder or below; `_project/<path in the project>` when
    // it is above it.
    let mut parts: Vec<String> = if above == 0 {
        stack[depth..].to_vec()
    } else {
        let mut v = vec!["_project".to_string()];
        v.extend(stack.iter().cloned());
        v
    };
    parts.push(chosen);
    Ok(ImageSource::Local {
        file,
        site_path: parts.join("/"),
    })
}

/// Check that every image of the statements resolves, in the source
/// language and in each target language: every problem, at its position.
pub fn check_images(statements: &[Statement], root: &Path, targets: &[String]) -> Vec<SourceError> {
    let mut errors = Vec::new();
    for st in statements {
        for im in &st.images {
            match resolve_image(st, im, root, None) {
                Err(e) => errors.push(e),
                Ok(_) => {
                    for l in targets {
                        if let Err(e) = resolve_image(st, im, root, Some(l)) {
                            errors.push(e);
                            break;
                        }
                    }
                }
            }
        }
    }
    errors
}

/// Read every `*.md` statement of a folder, sorted by file name. Errors are
/// collected, not first-only.
pub fn load_statements(dir: &Path) -> (Vec<Statement>, Vec<SourceError>) {
    load_statements_with(dir, ReadOptions::default())
}

/// [`load_statements`] with reading options.
pub fn load_statements_with(
    dir: &Path,
    options: ReadOptions,
) -> (Vec<Statement>, Vec<SourceError>) {
    let mut statements = Vec::new();
    let mut errors = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            errors.push(if source.kind() == std::io::ErrorKind::NotFound {
                SourceError::NoStatementsDir {
                    path: dir.to_path_buf(),
                }
            } else {
                SourceError::Io {
                    path: dir.to_path_buf(),
                    source,
                }
            });
            return (statements, errors);
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().map(|e| e == "md").unwrap_or(false))
        .collect();
    paths.sort();
    // Read and parsed on every core, kept in path order.
    let parsed: Vec<Result<Statement, Vec<SourceError>>> = paths
        .into_par_iter()
        .map(|path| match std::fs::read_to_string(&path) {
            Ok(src) => parse_statement_all(&src, &path, options),
            Err(source) => Err(vec![SourceError::Io { path, source }]),
        })
        .collect();
    for r in parsed {
        match r {
            Ok(s) => statements.push(s),
            Err(e) => errors.extend(e),
        }
    }
    // Duplicate slugs would overwrite each other's pages.
    let mut seen: std::collections::BTreeMap<String, PathBuf> = Default::default();
    for s in &statements {
        if let Some(first) = seen.insert(s.slug.clone(), s.path.clone()) {
            errors.push(SourceError::Invalid {
                path: s.path.clone(),
                line: 1,
                column: 1,
                message: format!("slug `{}` is already used by {}", s.slug, first.display()),
            });
        }
    }
    statements.sort_by(|a, b| {
        (&b.front.date, &b.front.time)
            .cmp(&(&a.front.date, &a.front.time))
            .then(a.slug.cmp(&b.slug))
    });
    (statements, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Statement {
        parse_statement(src, Path::new("t.md")).unwrap()
    }

    #[test]
    fn front_matter_and_blocks() {
        let s = parse(
            "+++\ntitle = \"A title\"\ndate = \"2025-06-05\"\nslug = \"a-b\"\n+++\n\n# Heading\n\nOne *two* [three](https://x.org \"T\").\nNext line.\n\n- item one\n- item `code` two\n",
        );
        assert_eq!(s.slug, "a-b");
        let kinds: Vec<_> = s.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Title,
                BlockKind::Heading(1),
                BlockKind::Paragraph,
                BlockKind::ListItem { ordered: false },
                BlockKind::ListItem { ordered: false },
            ]
        );
        assert_eq!(
            s.blocks[2].content.display(),
            "One {1}two{/1} {2}three{/2}. Next line."
        );
        assert_eq!(
            s.blocks[2].content.codes[2].data.as_deref(),
            Some("https://x.org")
        );
        assert_eq!(s.blocks[4].content.display(), "item {1/} two");
        assert_eq!(s.blocks[1].span.line, 7);
        assert_eq!(s.blocks[3].list, s.blocks[4].list);
    }

    #[test]
    fn missing_front_matter() {
        let e = parse_statement("# x\n", Path::new("t.md")).unwrap_err();
        assert!(e.to_string().starts_with("t.md:1:1:"), "{e}");
    }

    #[test]
    fn bad_date_names_line() {
        let e = parse_statement(
            "+++\ntitle = \"x\"\ndate = \"2025-02-30\"\n+++\nBody.\n",
            Path::new("t.md"),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("t.md:3:"), "{e}");
    }

    #[test]
    fn toml_error_names_line() {
        let e = parse_statement(
            "+++\ntitle = \"x\"\ndate = \n+++\nBody.\n",
            Path::new("t.md"),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("t.md:3:"), "{e}");
    }

    /// A table or a footnote is refused at its position, not published as a
    /// paragraph of pipes or a literal `[^1]`.
    #[test]
    fn tables_and_footnotes_are_refused_with_their_position() {
        let head = "+++\ntitle = \"x\"\ndate = \"2025-01-01\"\n+++\nIntro.\n\n";
        for (body, at, what) in [
            (
                "| Year | Cases |\n|---|---|\n| 2024 | 31 |\n",
                "t.md:7:1:",
                "tables",
            ),
            (
                "A claim.[^1]\n\n[^1]: The source.\n",
                "t.md:7:9:",
                "footnotes",
            ),
        ] {
            let e = parse_statement(&format!("{head}{body}"), Path::new("t.md")).unwrap_err();
            let e = e.to_string();
            assert!(e.starts_with(at) && e.contains(what), "{e}");
        }
        // Pipes in a sentence are text.
        let s = parse(&format!("{head}Either a | b, or c.\n"));
        assert_eq!(s.blocks[2].content.display(), "Either a | b, or c.");
    }

    /// An image is a standalone code in its sentence (showing its alt
    /// text); its alt text and title are blocks of their own, after the
    /// block showing it; markup in alt text is dropped.
    #[test]
    fn images_are_codes_with_their_alt_and_title_as_blocks() {
        let s = parse("+++\ntitle = \"x\"\ndate = \"2025-01-01\"\n+++\nSee ![a *bold* chart](img/c.png \"Per year\") here.\n\n![](https://x.org/l.png)\n");
        assert_eq!(s.blocks[1].content.display(), "See {1/} here.");
        let code = &s.blocks[1].content.codes[0];
        assert_eq!(
            (
                code.ctype.as_str(),
                code.data.as_deref(),
                code.disp.as_deref()
            ),
            ("image", Some("img/c.png"), Some("a bold chart"))
        );
        let kinds: Vec<_> = s.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds[1..],
            [
                BlockKind::Paragraph,
                BlockKind::ImageAlt(0),
                BlockKind::ImageTitle(0),
                BlockKind::Paragraph,
            ]
        );
        assert_eq!(s.blocks[2].content.display(), "a bold chart");
        assert_eq!(s.blocks[3].content.display(), "Per year");
        assert_eq!(s.images.len(), 2);
        let (a, b) = (&s.images[0], &s.images[1]);
        assert_eq!(
            (a.block, a.code.as_str(), a.alt, a.title),
            (1, "1", Some(2), Some(3))
        );
        assert_eq!((a.span.line, a.span.column), (5, 5));
        // No alt text, no title: no blocks.
        assert_eq!((b.block, b.alt, b.title), (4, None, None));
    }

    #[test]
    fn image_sources_resolve_inside_the_project_only() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let dir = root.join("st");
        std::fs::create_dir_all(dir.join("img")).unwrap();
        std::fs::create_dir_all(root.join("assets")).unwrap();
        std::fs::write(dir.join("img/c.png"), b"x").unwrap();
        std::fs::write(dir.join("img/c.fr.png"), b"x").unwrap();
        std::fs::write(root.join("assets/logo.svg"), b"x").unwrap();
        let st = |src: &str| {
            parse_statement(
                &format!("+++\ntitle = \"x\"\ndate = \"2025-01-01\"\n+++\n![alt]({src})\n"),
                &dir.join("a.md"),
            )
            .unwrap()
        };
        let resolve = |src: &str, lang: Option<&str>| {
            let s = st(src);
            resolve_image(&s, &s.images[0], root, lang)
        };
        let local = |r: Result<ImageSource, SourceError>| match r.unwrap() {
            ImageSource::Local { site_path, .. } => site_path,
            other => panic!("{other:?}"),
        };
        assert_eq!(local(resolve("img/c.png", None)), "img/c.png");
        assert_eq!(local(resolve("./img/c.png", Some("fr"))), "img/c.fr.png");
        assert_eq!(local(resolve("img/c.png", Some("de"))), "img/c.png");
        assert_eq!(
            local(resolve("../assets/logo.svg", Some("fr"))),
            "_project/assets/logo.svg"
        );
        assert_eq!(
            resolve("https://x.org/a.png", Some("fr")).unwrap(),
            ImageSource::Remote("https://x.org/a.png".into())
        );
        for (src, what) in [
            ("../../etc/passwd", "outside the project"),
            ("img/../../../x.png", "outside the project"),
            ("/etc/passwd", "absolute"),
            ("javascript:alert(1)", "only https://"),
            ("img/none.png", "not found"),
        ] {
            let e = resolve(src, None).unwrap_err().to_string();
            assert!(e.contains(":5:1:") && e.contains(what), "{src}: {e}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", dir.join("img/link.png")).unwrap();
            let e = resolve("img/link.png", None).unwrap_err().to_string();
            assert!(e.contains("outside the project"), "{e}");
        }
    }

    /// A paragraph of more lines than the limit is refused at its first
    /// line; blank lines, list items and headings end a paragraph, so a
    /// long list without blank lines is read.
    #[test]
    fn overlong_paragraphs_are_refused_lists_are_not() {
        let head = "+++\ntitle = \"T\"\ndate = \"2025-06-05\"\n+++\n\nIntro.\n\n";
        let para = format!("{head}{}", "word\n".repeat(MAX_PARAGRAPH_LINES + 1));
        match parse_statement(&para, Path::new("p.md")) {
            Err(SourceError::Invalid {
                line,
                column,
                message,
                ..
            }) => {
                assert_eq!((line, column), (8, 1));
                assert!(message.contains("more than 1000 lines"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let at_limit = format!("{head}{}", "word\n".repeat(MAX_PARAGRAPH_LINES));
        assert!(parse_statement(&at_limit, Path::new("p.md")).is_ok());
        let list = format!("{head}{}", "- item\n".repeat(5 * MAX_PARAGRAPH_LINES));
        let st = parse_statement(&list, Path::new("l.md")).expect("a long list");
        assert_eq!(st.blocks.len(), 2 + 5 * MAX_PARAGRAPH_LINES);
        let split = format!(
            "{head}{}",
            "word\n".repeat(600) + "\n" + &"word\n".repeat(600)
        );
        assert!(parse_statement(&split, Path::new("s.md")).is_ok());
    }

    #[test]
    fn raw_html_is_text() {
        let s = parse("+++\ntitle = \"x\"\ndate = \"2025-01-01\"\n+++\nA <b>bold</b> claim.\n");
        assert_eq!(s.blocks[1].content.display(), "A <b>bold</b> claim.");
    }

    #[test]
    fn slug_defaults_to_stem() {
        let s = parse_statement(
            "+++\ntitle = \"x\"\ndate = \"2025-01-01\"\n+++\nA.\n",
            Path::new("dir/my-file.md"),
        )
        .unwrap();
        assert_eq!(s.slug, "my-file");
    }
}
