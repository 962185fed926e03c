//! HTML of coded text: escaping, safe links, heading anchors, and the
//! minijinja formatter that escapes template values.
//!
//! Every piece of text that reaches a page goes through [`escape_html`]
//! (directly, or through [`html_formatter`] for template values); the only
//! markup diglot writes itself is the fixed set of tags in [`coded_to_html`]
//! (and `<img>` in [`coded_to_html_with_images`]).

use crate::model::{CodeKind, CodedText, Piece};
use minijinja::{AutoEscape, Output, State, Value};
use std::collections::BTreeMap;

/// Whether a URL may become a link: http(s), mailto, or relative (no scheme).
///
/// Whitespace and control characters are ignored when looking for the
/// scheme, as browsers do (`java\tscript:` is `javascript:`).
pub fn is_safe_url(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(i) => {
            // A colon after a path, query or fragment start is not a scheme.
            if lower[..i].contains(['/', '?', '#']) {
                return true;
            }
            matches!(&lower[..i], "http" | "https" | "mailto")
        }
    }
}

/// Escape text for HTML content and attribute values: `& < > " '`.
///
/// Slashes stay as they are, so URLs in attributes remain readable.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_escaped(&mut out, s);
    out
}

fn push_escaped(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// The minijinja formatter of the site's templates.
///
/// Values marked safe (HTML diglot built with [`coded_to_html`]) are written
/// as they are; in HTML templates every other value is escaped with
/// [`escape_html`]. minijinja's default escaping also turns `/` into
/// `&#x2f;`, which is safe but makes every URL in an attribute unreadable;
/// `/` cannot end an attribute value or start a tag on its own, so this
/// formatter leaves it alone.
pub fn html_formatter(
    out: &mut Output,
    state: &mut State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if value.is_safe() || !matches!(state.auto_escape(), AutoEscape::Html) {
        return minijinja::escape_formatter(out, state, value);
    }
    let mut s = String::new();
    match value.as_str() {
        Some(text) => push_escaped(&mut s, text),
        None => push_escaped(&mut s, &value.to_string()),
    }
    out.write_str(&s)
        .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
}

/// Render coded text as HTML. Codes without a safe rendering become nothing
/// (or their display text); their content stays as text. `fallback_lang`
/// wraps the text in a `span` marking its language.
pub fn coded_to_html(text: &CodedText, fallback_lang: Option<&str>) -> String {
    coded_to_html_with_images(text, fallback_lang, &BTreeMap::new())
}

/// How an image of a page is rendered: its `src` for this page and its
/// alt text and title in the page's language.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteImage {
    pub src: String,
    pub alt: String,
    pub title: Option<String>,
}

/// [`coded_to_html`] with the images of the block, by the id of their code:
/// an `image` code becomes `<img src alt title>`. An image code without an
/// entry shows its display text (its alt text).
pub fn coded_to_html_with_images(
    text: &CodedText,
    fallback_lang: Option<&str>,
    images: &BTreeMap<String, SiteImage>,
) -> String {
    let mut out = String::with_capacity(text.text.len() + 16);
    if let Some(l) = fallback_lang {
        out.push_str("<span lang=\"");
        push_escaped(&mut out, l);
        out.push_str("\" class=\"fallback\">");
    }
    // Closing tags are chosen by the opening code's rendering.
    let mut open: Vec<(&str, &'static str)> = Vec::new();
    for p in text.pieces() {
        match p {
            Piece::Text(s) => push_escaped(&mut out, s),
            Piece::Code(c) => match c.kind {
                CodeKind::Standalone => match c.ctype.as_str() {
                    "code" => {
                        out.push_str("<code>");
                        push_escaped(
                            &mut out,
                            c.data.as_deref().or(c.disp.as_deref()).unwrap_or(""),
                        );
                        out.push_str("</code>");
                    }
                    "linebreak" => out.push_str("<br>"),
                    "image" => match images.get(&c.id) {
                        Some(im) if is_safe_url(&im.src) => {
                            out.push_str("<img src=\"");
                            push_escaped(&mut out, im.src.trim());
                            out.push_str("\" alt=\"");
                            push_escaped(&mut out, &im.alt);
                            out.push('"');
                            if let Some(t) = im.title.as_deref().filter(|t| !t.is_empty()) {
                                out.push_str(" title=\"");
                                push_escaped(&mut out, t);
                                out.push('"');
                            }
                            out.push('>');
                        }
                        Some(im) => push_escaped(&mut out, &im.alt),
                        None => {
                            if let Some(d) = c.disp.as_deref() {
                                push_escaped(&mut out, d);
                            }
                        }
                    },
                    _ => {
                        if let Some(d) = c.disp.as_deref() {
                            push_escaped(&mut out, d);
                        }
                    }
                },
                CodeKind::Open => {
                    let close = match c.ctype.as_str() {
                        "emphasis" => {
                            out.push_str("<em>");
                            "</em>"
                        }
                        "strong" => {
                            out.push_str("<strong>");
                            "</strong>"
                        }
                        "strikethrough" => {
                            out.push_str("<del>");
                            "</del>"
                        }
                        "link" => match c.data.as_deref() {
                            Some(url) if is_safe_url(url) => {
                                out.push_str("<a href=\"");
                                push_escaped(&mut out, url.trim());
                                out.push('"');
                                if let Some(t) = c.disp.as_deref().filter(|t| !t.is_empty()) {
                                    out.push_str(" title=\"");
                                    push_escaped(&mut out, t);
                                    out.push('"');
                                }
                                out.push('>');
                                "</a>"
                            }
                            _ => {
                                out.push_str("<span class=\"unlinked\">");
                                "</span>"
                            }
                        },
                        _ => {
                            out.push_str("<span>");
                            "</span>"
                        }
                    };
                    open.push((c.id.as_str(), close));
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
    if fallback_lang.is_some() {
        out.push_str("</span>");
    }
    out
}

/// Plain text of coded text (codes dropped, inline code spans kept).
pub fn plain(t: &CodedText) -> String {
    let mut s = String::with_capacity(t.text.len());
    for p in t.pieces() {
        match p {
            Piece::Text(x) => s.push_str(x),
            Piece::Code(c) if c.ctype == "code" => s.push_str(c.data.as_deref().unwrap_or("")),
            Piece::Code(_) => {}
        }
    }
    s
}

/// A URL-safe anchor from heading text: lower-case ASCII letters and digits
/// joined by `-`, accents removed.
pub fn anchor(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in text.nfd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '’' || c == '\'' || c == '/')
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Code;

    #[test]
    fn safe_urls() {
        assert!(is_safe_url("https://example.org"));
        assert!(is_safe_url("HTTP://example.org"));
        assert!(is_safe_url("mailto:a@b.org"));
        assert!(is_safe_url("/fr/page/"));
        assert!(is_safe_url("../page/"));
        assert!(is_safe_url("#top"));
        assert!(is_safe_url("page?a=b:c"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url(" JaVa\tScript:alert(1)"));
        assert!(!is_safe_url("java\nscript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(!is_safe_url("vbscript:x"));
        assert!(!is_safe_url("tel:+31"));
    }

    /// An image code becomes `<img>` with its page's src, alt and title,
    /// escaped; an unsafe src shows the alt text only; an image without an
    /// entry (a proof row, a feed) shows its alt text.
    #[test]
    fn images_render_as_img_with_escaped_attributes() {
        let mut t = CodedText::plain("See ");
        let mut c = Code::new(CodeKind::Standalone, "1", "image").with_data("c.png");
        c.disp = Some("a chart".into());
        t.push_code(c.clone());
        t.push_str(" and ");
        t.push_code(Code {
            id: "2".into(),
            ..c
        });
        let mut images = BTreeMap::new();
        images.insert(
            "1".to_string(),
            SiteImage {
                src: "img/c.fr.png".into(),
                alt: "un \"graphique\" <b>".into(),
                title: Some("Par an".into()),
            },
        );
        images.insert(
            "2".to_string(),
            SiteImage {
                src: "javascript:alert(1)".into(),
                alt: "texte".into(),
                title: None,
            },
        );
        assert_eq!(
            coded_to_html_with_images(&t, None, &images),
            "See <img src=\"img/c.fr.png\" alt=\"un &quot;graphique&quot; &lt;b&gt;\" title=\"Par an\"> and texte"
        );
        assert_eq!(coded_to_html(&t, None), "See a chart and a chart");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html("https://x.org/a/b"), "https://x.org/a/b");
        assert_eq!(escape_html("à l’été"), "à l’été");
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
        let html = coded_to_html(&t, None);
        assert_eq!(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <span class=\"unlinked\">bad</span> <a href=\"https://x.org/?a=1&amp;b=&quot;2&quot;\">good</a>"
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
        let html = coded_to_html(&t, Some("en"));
        assert_eq!(
            html,
            "<span lang=\"en\" class=\"fallback\">a <em><strong>b</strong></em>c</span>"
        );
    }

    #[test]
    fn code_spans_and_breaks() {
        let mut t = CodedText::plain("run ");
        let mut c = Code::new(CodeKind::Standalone, "1", "code").with_data("<b>");
        c.disp = Some("x".into());
        t.push_code(c);
        t.push_code(Code::new(CodeKind::Standalone, "2", "linebreak"));
        assert_eq!(coded_to_html(&t, None), "run <code>&lt;b&gt;</code><br>");
        assert_eq!(plain(&t), "run <b>");
    }

    #[test]
    fn anchors() {
        assert_eq!(
            anchor("A call to action: Protect justice"),
            "a-call-to-action-protect-justice"
        );
        assert_eq!(anchor("Un appel à l’action"), "un-appel-a-l-action");
        assert_eq!(anchor("and/or"), "and-or");
        assert_eq!(anchor("!!!"), "section");
    }

    #[test]
    fn formatter_keeps_urls_readable_and_escapes_markup() {
        let mut env = minijinja::Environment::new();
        env.set_formatter(html_formatter);
        env.add_template("t.html", "<a href=\"{{ u }}\">{{ s }}</a>{{ h }}{{ n }}")
            .unwrap();
        let out = env
            .get_template("t.html")
            .unwrap()
            .render(minijinja::context! {
                u => "https://x.org/a?b=1&c='2'",
                s => "<script>\"x\"</script>",
                h => Value::from_safe_string("<em>ok</em>".into()),
                n => 3,
            })
            .unwrap();
        assert_eq!(
            out,
            "<a href=\"https://x.org/a?b=1&amp;c=&#39;2&#39;\">&lt;script&gt;&quot;x&quot;&lt;/script&gt;</a><em>ok</em>3"
        );
    }
}
