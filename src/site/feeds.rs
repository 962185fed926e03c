//! XML outputs: the sitemap with language alternates and the Atom feeds.
//!
//! Written directly (no template): their shape is fixed by their formats,
//! and every text and URL goes through [`escape_xml`].

pub use crate::xliff::escape_xml;

/// A language version of a page: `hreflang` (a language or `x-default`)
/// and its absolute URL.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

/// One page of the sitemap.
#[derive(Debug, Clone)]
pub struct SitemapEntry {
    pub loc: String,
    /// ISO date of the last change, when known.
    pub lastmod: Option<String>,
    /// Every language version, the page itself included.
    pub alternates: Vec<Alternate>,
}

/// `sitemap.xml`: every page with `xhtml:link` alternates.
pub fn sitemap_xml(entries: &[SitemapEntry]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in entries {
        x.push_str("  <url>\n    <loc>");
        x.push_str(&escape_xml(&e.loc));
        x.push_str("</loc>\n");
        if let Some(d) = &e.lastmod {
            x.push_str("    <lastmod>");
            x.push_str(&escape_xml(d));
            x.push_str("</lastmod>\n");
        }
        for a in &e.alternates {
            x.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_xml(&a.hreflang),
                escape_xml(&a.href)
            ));
        }
        x.push_str("  </url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// An Atom feed of one language.
#[derive(Debug, Clone)]
pub struct Feed {
    pub lang: String,
    pub title: String,
    pub author: String,
    /// Absolute URL of the feed itself.
    pub self_href: String,
    /// Absolute URL of the language's home page.
    pub home_href: String,
    /// Newest first.
    pub entries: Vec<FeedEntry>,
}

/// One statement in a feed.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    pub title: String,
    /// Absolute URL of the statement page (also the entry's id).
    pub href: String,
    /// ISO date.
    pub date: String,
    pub summary: Option<String>,
    /// The statement in the other languages.
    pub translations: Vec<Alternate>,
}

fn timestamp(date: &str) -> String {
    format!("{}T00:00:00Z", escape_xml(date))
}

/// The Atom document of a feed, with `xml:lang` on the feed.
pub fn atom_xml(feed: &Feed) -> String {
    let updated = feed
        .entries
        .iter()
        .map(|e| e.date.as_str())
        .max()
        .unwrap_or("1970-01-01");
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_xml(&feed.lang)
    ));
    x.push_str(&format!("  <title>{}</title>\n", escape_xml(&feed.title)));
    x.push_str(&format!("  <id>{}</id>\n", escape_xml(&feed.home_href)));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&feed.self_href)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{}\"/>\n",
        escape_xml(&feed.lang),
        escape_xml(&feed.home_href)
    ));
    x.push_str(&format!("  <updated>{}</updated>\n", timestamp(updated)));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_xml(&feed.author)
    ));
    for e in &feed.entries {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", escape_xml(&e.title)));
        x.push_str(&format!("    <id>{}</id>\n", escape_xml(&e.href)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{}\"/>\n",
            escape_xml(&feed.lang),
            escape_xml(&e.href)
        ));
        for t in &e.translations {
            x.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_xml(&t.hreflang),
                escape_xml(&t.href)
            ));
        }
        x.push_str(&format!(
            "    <published>{}</published>\n",
            timestamp(&e.date)
        ));
        x.push_str(&format!("    <updated>{}</updated>\n", timestamp(&e.date)));
        if let Some(s) = &e.summary {
            x.push_str(&format!("    <summary>{}</summary>\n", escape_xml(s)));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_drops_invalid_characters() {
        assert_eq!(
            escape_xml("<a href='x'>&\u{1}\u{ffff}é\n</a>"),
            "&lt;a href=&apos;x&apos;&gt;&amp;é\n&lt;/a&gt;"
        );
    }

    #[test]
    fn sitemap_lists_alternates() {
        let x = sitemap_xml(&[SitemapEntry {
            loc: "https://x.org/fr/a/".into(),
            lastmod: Some("2025-06-05".into()),
            alternates: vec![
                Alternate {
                    hreflang: "en".into(),
                    href: "https://x.org/en/a/".into(),
                },
                Alternate {
                    hreflang: "fr".into(),
                    href: "https://x.org/fr/a/".into(),
                },
            ],
        }]);
        assert!(x.contains("<loc>https://x.org/fr/a/</loc>\n    <lastmod>2025-06-05</lastmod>"));
        assert!(x.contains(
            "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://x.org/en/a/\"/>"
        ));
    }

    #[test]
    fn atom_has_language_and_escapes() {
        let x = atom_xml(&Feed {
            lang: "fr".into(),
            title: "Déclarations <b>".into(),
            author: "A & B".into(),
            self_href: "https://x.org/fr/atom.xml".into(),
            home_href: "https://x.org/fr/".into(),
            entries: vec![FeedEntry {
                title: "<script>alert(1)</script>".into(),
                href: "https://x.org/fr/a/".into(),
                date: "2025-06-05".into(),
                summary: None,
                translations: vec![],
            }],
        });
        assert!(x.contains("xml:lang=\"fr\""));
        assert!(x.contains("<title>Déclarations &lt;b&gt;</title>"));
        assert!(x.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
        assert!(x.contains("<updated>2025-06-05T00:00:00Z</updated>"));
    }
}
