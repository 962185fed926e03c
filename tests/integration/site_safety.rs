//! Safe output: hostile statement text, translations and Fluent messages
//! (fixture `hostile`) arrive as text, never as markup, in every HTML page,
//! the sitemap and the feeds; links keep only http(s), mailto and relative
//! URLs.

use crate::support::site::*;
use diglot::model::CodedText;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let p = project("hostile");
    let out = build(p.path(), &["--proof"]);
    (p, out)
}

fn link_is_safe(href: &str) -> bool {
    let h = href.trim().to_ascii_lowercase();
    match h.find(':') {
        None => true,
        Some(i) if h[..i].contains(['/', '?', '#']) => true,
        Some(i) => matches!(&h[..i], "http" | "https" | "mailto"),
    }
}

#[test]
fn no_markup_from_content_in_any_page() {
    let (_p, out) = built();
    let pages: Vec<String> = files(&out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert_eq!(pages.len(), 1 + 2 * 2 + 1, "{pages:?}");
    for f in &pages {
        let doc = page(&out, f);
        for bad in ["script", "img", "iframe", "object", "embed", "b"] {
            assert!(
                doc.select(&sel(bad)).next().is_none(),
                "{f}: a <{bad}> element came through"
            );
        }
        for e in doc.select(&sel("*")) {
            for (name, value) in e.value().attrs() {
                assert!(
                    !name.to_ascii_lowercase().starts_with("on"),
                    "{f}: event handler attribute {name}={value}"
                );
            }
        }
        for href in hrefs(&doc) {
            assert!(link_is_safe(&href), "{f}: unsafe link {href}");
        }
    }
}

/// What a text looks like on a page of `lang`: the site's typography hook
/// applied (French spacing may change around `:` and quotes).
fn shown(lang: &str, s: &str) -> String {
    diglot::site::typeset(lang, &CodedText::plain(s)).text
}

#[test]
fn hostile_text_is_shown_as_text() {
    let (_p, out) = built();
    let fr = page(&out, "fr/hostile/index.html");
    let body: String = fr.select(&sel("main")).next().unwrap().text().collect();
    // Whole translated segments, as the memory holds them.
    for s in [
        "Le balisage brut reste du texte : <script>alert('corps')</script> et <a href=\"javascript:alert('fr')\">lien</a> et [lien](javascript:alert('md')).",
        "Titre avec <img src=x onerror=alert('h2')>",
        "Dernier paragraphe </p><script>alert('fin')</script>.",
        "Déclaration <script>alert('titre')</script> & amis",
    ] {
        assert!(body.contains(&shown("fr", s)), "missing as text: {s}");
    }
    let title: String = fr.select(&sel("title")).next().unwrap().text().collect();
    assert!(title.starts_with(&shown(
        "fr",
        "Déclaration <script>alert('titre')</script> & amis"
    )));
    // Fluent messages too.
    let header: String = fr
        .select(&sel(".site-name"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(
        header,
        shown("fr", "Déclarations <script>alert('fr')</script> & cie")
    );
    let footer: String = fr.select(&sel("footer")).next().unwrap().text().collect();
    assert!(footer.contains(&shown(
        "fr",
        "<img src=x onerror=\"alert('footer')\"> & <a href=\"javascript:alert(1)\">x</a>"
    )));
    let desc = fr
        .select(&sel("meta[name=description]"))
        .next()
        .unwrap()
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    assert_eq!(
        desc,
        shown(
            "fr",
            "Un résumé avec <img src=x onerror=alert('résumé')> dedans."
        )
    );
    let en = page(&out, "en/hostile/index.html");
    let body: String = en.select(&sel("main")).next().unwrap().text().collect();
    assert!(body.contains(&shown(
        "en",
        "Raw markup stays text: <script>alert('body')</script> and <b onmouseover=\"alert(1)\">bold</b>."
    )));
}

#[test]
fn links_keep_only_safe_schemes_and_source_urls() {
    let (_p, out) = built();
    for (lang, words) in [
        ("en", ["bad", "data", "spaced", "good", "mail", "local"]),
        (
            "fr",
            ["mauvais", "données", "espacé", "bon", "courriel", "local"],
        ),
    ] {
        let doc = page(&out, &format!("{lang}/hostile/index.html"));
        let href = |word: &str| {
            doc.select(&sel("article a"))
                .find(|a| a.text().collect::<String>() == word)
                .map(|a| a.value().attr("href").unwrap().to_string())
        };
        // javascript:, data: and a disguised javascript: lose their link
        // but keep their text.
        for w in &words[..3] {
            assert_eq!(href(w), None, "{lang}: {w} is a link");
            assert!(
                doc.select(&sel("article span.unlinked"))
                    .any(|s| s.text().collect::<String>() == *w),
                "{lang}: {w} lost its text"
            );
        }
        // The memory's French unit points `bon` at javascript:, but link
        // targets come from the source statement.
        assert_eq!(
            href(words[3]).as_deref(),
            Some("https://example.org/?a=1&b=2")
        );
        assert_eq!(href(words[4]).as_deref(), Some("mailto:press@example.org"));
        assert_eq!(href(words[5]).as_deref(), Some("../hostile/#content"));
    }
}

#[test]
fn proof_page_escapes_too() {
    let (_p, out) = built();
    let doc = page(&out, "fr/hostile/proof.html");
    let targets: String = doc
        .select(&sel("td.target"))
        .map(|t| t.text().collect::<String>())
        .collect();
    assert!(targets.contains(&shown(
        "fr",
        "Le balisage brut reste du texte : <script>alert('corps')</script> et <a href=\"javascript:alert('fr')\">lien</a> et [lien](javascript:alert('md'))."
    )));
    assert!(doc.select(&sel("td a[href^=javascript]")).next().is_none());
}

fn assert_no_markup_in_xml<'a>(xml: &'a str, name: &str) -> roxmltree::Document<'a> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{name}: {e}"));
    for n in doc.descendants().filter(|n| n.is_element()) {
        let tag = n.tag_name().name();
        assert!(
            !matches!(tag, "script" | "img" | "a" | "b"),
            "{name}: element <{tag}> came through"
        );
        for a in n.attributes() {
            assert!(
                !a.name().starts_with("on"),
                "{name}: attribute {}",
                a.name()
            );
            if a.name() == "href" {
                assert!(
                    a.value().starts_with("https://press.example.org/"),
                    "{name}: href {}",
                    a.value()
                );
            }
        }
    }
    doc
}

#[test]
fn feeds_and_sitemap_carry_text_only() {
    let (_p, out) = built();
    let sitemap = read(&out, "sitemap.xml");
    let doc = assert_no_markup_in_xml(&sitemap, "sitemap.xml");
    for loc in doc.descendants().filter(|n| n.has_tag_name("loc")) {
        assert!(loc
            .text()
            .unwrap()
            .starts_with("https://press.example.org/"));
    }
    for (lang, title, summary) in [
        (
            "en",
            "Statement <script>alert('title')</script> & friends",
            "A summary with <img src=x onerror=alert('summary')> inside.",
        ),
        (
            "fr",
            "Déclaration <script>alert('titre')</script> & amis",
            "Un résumé avec <img src=x onerror=alert('résumé')> dedans.",
        ),
    ] {
        let xml = read(&out, &format!("{lang}/atom.xml"));
        let doc = assert_no_markup_in_xml(&xml, &format!("{lang}/atom.xml"));
        let text_of = |name: &str| -> Vec<String> {
            doc.descendants()
                .filter(|n| n.tag_name().name() == name)
                .map(|n| n.text().unwrap_or("").to_string())
                .collect()
        };
        assert_eq!(
            text_of("title"),
            [
                shown(lang, "Feed <script>alert('feed')</script>"),
                shown(lang, title)
            ]
        );
        assert_eq!(text_of("summary"), [shown(lang, summary)]);
        assert!(text_of("name")[0].contains("<script>"));
    }
}
