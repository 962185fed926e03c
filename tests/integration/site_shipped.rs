//! The release-site requirements on the shipped site itself (the seed
//! statement in English and French), parsed with an HTML parser and an XML
//! parser.

use crate::support::site::*;
use std::collections::BTreeSet;

const SLUG: &str = "civil-society-condemns-us-sanctions-june-2025";

fn alternates(doc: &scraper::Html) -> BTreeSet<(String, String)> {
    doc.select(&sel("link[rel=alternate][hreflang]"))
        .filter(|e| e.value().attr("type").is_none())
        .map(|e| {
            (
                e.value().attr("hreflang").unwrap().to_string(),
                e.value().attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

fn meta(doc: &scraper::Html, property: &str) -> Vec<String> {
    doc.select(&sel(&format!("meta[property='{property}']")))
        .map(|e| e.value().attr("content").unwrap().to_string())
        .collect()
}

#[test]
fn shipped_statement_pages_meet_the_release_requirements() {
    let p = shipped();
    let out = build(p.path(), &[]);
    let base = base_url(p.path());
    let en = page(&out, &format!("en/{SLUG}/index.html"));
    let fr = page(&out, &format!("fr/{SLUG}/index.html"));
    let expected: BTreeSet<(String, String)> = [
        ("en".to_string(), format!("{base}en/{SLUG}/")),
        ("fr".to_string(), format!("{base}fr/{SLUG}/")),
        ("x-default".to_string(), format!("{base}en/{SLUG}/")),
    ]
    .into_iter()
    .collect();
    for (doc, lang, og, alt) in [(&en, "en", "en_GB", "fr_FR"), (&fr, "fr", "fr_FR", "en_GB")] {
        assert_eq!(
            doc.select(&sel("html"))
                .next()
                .unwrap()
                .value()
                .attr("lang"),
            Some(lang)
        );
        let canonical = doc
            .select(&sel("link[rel=canonical]"))
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap();
        assert_eq!(canonical, format!("{base}{lang}/{SLUG}/"), "self-canonical");
        assert_eq!(alternates(doc), expected, "reciprocal alternates on {lang}");
        assert_eq!(meta(doc, "og:locale"), vec![og.to_string()]);
        assert_eq!(meta(doc, "og:locale:alternate"), vec![alt.to_string()]);
        let html = doc.html();
        assert!(
            !html.contains('\u{2068}') && !html.contains('\u{2069}'),
            "no isolation marks"
        );
    }
    // Switcher to the equivalent page, by endonym.
    let sw = fr
        .select(&sel("nav.switcher a[hreflang=en]"))
        .next()
        .unwrap();
    assert_eq!(sw.text().collect::<String>(), "English");
    let (target, _) = resolve(
        &base,
        &format!("fr/{SLUG}/index.html"),
        sw.value().attr("href").unwrap(),
    )
    .unwrap();
    assert_eq!(target, format!("en/{SLUG}/index.html"));
    let sw = en
        .select(&sel("nav.switcher a[hreflang=fr]"))
        .next()
        .unwrap();
    assert_eq!(sw.text().collect::<String>(), "Français");
    // Datelines by locale; French typography in French text only.
    let dateline = |d: &scraper::Html| first_text(d, ".dateline");
    assert!(dateline(&en).contains("5 June 2025"), "{}", dateline(&en));
    assert!(dateline(&fr).contains("5 juin 2025"), "{}", dateline(&fr));
    let fr_h1: String = first_text(&fr, "article h1");
    assert!(
        fr_h1.contains("menacés\u{a0}: la société"),
        "no-break space before the colon: {fr_h1:?}"
    );
    let en_h1: String = first_text(&en, "article h1");
    assert!(en_h1.contains("at risk: Civil"), "{en_h1:?}");
    // Headings have anchors.
    for h in fr.select(&sel("article h2")) {
        let id = h.value().attr("id").expect("heading id");
        assert!(
            h.select(&sel(&format!("a[href='#{id}']"))).next().is_some(),
            "anchor link for {id}"
        );
    }
    // The list of calls to action is a list in both languages.
    assert_eq!(
        en.select(&sel("article ul > li")).count(),
        fr.select(&sel("article ul > li")).count()
    );
}

#[test]
fn shipped_sitemap_and_feeds_parse_with_alternates() {
    let p = shipped();
    let out = build(p.path(), &[]);
    let base = base_url(p.path());
    let sitemap = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let xhtml = "http://www.w3.org/1999/xhtml";
    let mut locs = 0;
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        locs += 1;
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .unwrap()
            .text()
            .unwrap();
        let alts: Vec<(&str, &str)> = url
            .children()
            .filter(|n| n.tag_name().name() == "link" && n.tag_name().namespace() == Some(xhtml))
            .map(|n| {
                (
                    n.attribute("hreflang").unwrap(),
                    n.attribute("href").unwrap(),
                )
            })
            .collect();
        assert!(
            alts.iter().any(|(_, h)| *h == loc),
            "{loc} lists itself among its alternates"
        );
        assert!(
            alts.iter().any(|(l, _)| *l == "x-default"),
            "{loc} has x-default"
        );
        assert!(loc.starts_with(&base));
    }
    // Chooser, two home pages, two statement pages.
    assert_eq!(locs, 5, "{sitemap}");
    for lang in ["en", "fr"] {
        let feed = read(&out, &format!("{lang}/atom.xml"));
        let doc = roxmltree::Document::parse(&feed).unwrap();
        let root = doc.root_element();
        assert_eq!(
            root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some(lang)
        );
        assert_eq!(
            root.descendants()
                .filter(|n| n.has_tag_name("entry"))
                .count(),
            1
        );
    }
}

#[test]
fn shipped_site_has_no_broken_internal_link() {
    let p = shipped();
    let out = build(p.path(), &[]);
    let base = base_url(p.path());
    let pages: Vec<String> = files(&out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() >= 5);
    let mut checked = 0;
    for rel in &pages {
        let doc = page(&out, rel);
        for a in doc.select(&sel("a[href], link[href]")) {
            let href = a.value().attr("href").unwrap();
            if let Some((target, fragment)) = resolve(&base, rel, href) {
                assert!(
                    out.join(&target).is_file(),
                    "{rel}: {href} → {target} does not exist"
                );
                if !fragment.is_empty() {
                    let t = page(&out, &target);
                    assert!(
                        t.select(&sel(&format!("[id='{fragment}']")))
                            .next()
                            .is_some(),
                        "{rel}: {href}: no #{fragment}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "{checked} internal links");
}
