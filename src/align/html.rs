//! The main content of an HTML page as blocks of text: `<main>`, else
//! `<article>`, else `[role=main]`, else `<body>` without navigation, header,
//! footer and asides. Only this module knows the HTML parser (scraper).

use scraper::{ElementRef, Html, Node, Selector};

/// A block of text of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlBlock {
    pub text: String,
    pub heading: bool,
}

/// Elements whose content is never main text.
const SKIP: &[&str] = &[
    "nav", "header", "footer", "aside", "script", "style", "noscript", "template", "form",
    "button", "select", "svg", "iframe", "object", "head", "title",
];

/// Elements that start and end a block of text.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "figure",
    "figcaption",
    "details",
    "summary",
    "address",
    "hr",
    "body",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];

/// The blocks of the main content, in document order (whitespace collapsed,
/// empty blocks dropped).
pub fn main_blocks(src: &str) -> Vec<HtmlBlock> {
    let doc = Html::parse_document(src);
    let root = ["main", "article", "[role=main]", "body"]
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .find_map(|sel| doc.select(&sel).next());
    let mut out = Vec::new();
    let Some(root) = root else {
        return out;
    };
    let mut cur = String::new();
    walk(root, false, &mut cur, &mut out);
    flush(&mut cur, false, &mut out);
    out
}

fn flush(cur: &mut String, heading: bool, out: &mut Vec<HtmlBlock>) {
    let text = cur.split_whitespace().collect::<Vec<_>>().join(" ");
    cur.clear();
    if !text.is_empty() {
        out.push(HtmlBlock { text, heading });
    }
}

fn walk(el: ElementRef<'_>, heading: bool, cur: &mut String, out: &mut Vec<HtmlBlock>) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => cur.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    continue;
                }
                let Some(child_el) = ElementRef::wrap(child) else {
                    continue;
                };
                if name == "br" {
                    cur.push(' ');
                } else if BLOCK.contains(&name) {
                    flush(cur, heading, out);
                    let h = heading || matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                    walk(child_el, h, cur, out);
                    flush(cur, h, out);
                } else {
                    walk(child_el, heading, cur, out);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_content_without_navigation() {
        let page =
            "<html><head><title>T</title></head><body><header><nav>Home | News</nav></header>\
            <main><h1>Big <em>news</em></h1><p>First sentence.\n  Second one.</p>\
            <ul><li>One</li><li>Two</li></ul><div>Loose text<p>inner</p>tail</div></main>\
            <footer>© 2025</footer></body></html>";
        let b = main_blocks(page);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Big news",
                "First sentence. Second one.",
                "One",
                "Two",
                "Loose text",
                "inner",
                "tail"
            ]
        );
        assert!(b[0].heading && !b[1].heading);
    }

    #[test]
    fn body_without_header_and_footer_when_there_is_no_main() {
        let page =
            "<body><header>Site</header><p>Text</p><aside>Ad</aside><footer>F</footer></body>";
        let b = main_blocks(page);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text, "Text");
    }
}
