//! The release site built by the real binary from a fixture project, read
//! back with an HTML parser (scraper) and an XML parser (roxmltree).

use crate::support::site::*;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

const SLUG: &str = "judges-sanctioned";

fn alternates(doc: &scraper::Html) -> BTreeMap<String, String> {
    doc.select(&sel("head link[rel=alternate][hreflang]:not([type])"))
        .map(|e| {
            (
                e.value().attr("hreflang").unwrap().to_string(),
                e.value().attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

fn attr(doc: &scraper::Html, selector: &str, name: &str) -> String {
    doc.select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no {selector}"))
        .value()
        .attr(name)
        .unwrap()
        .to_string()
}

fn text(doc: &scraper::Html, selector: &str) -> String {
    doc.select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text()
        .collect::<String>()
}

fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn statement_pages_declare_language_canonical_and_alternates() {
    let p = project("basic");
    let out = build(p.path(), &[]);
    let base = base_url(p.path());
    assert_eq!(base, "https://press.example.org/releases/");
    let url = |l: &str| format!("{base}{l}/{SLUG}/");
    let expected: BTreeMap<String, String> = BTreeMap::from([
        ("en".to_string(), url("en")),
        ("fr".to_string(), url("fr")),
        ("x-default".to_string(), url("en")),
    ]);
    for (lang, og, og_alt) in [("en", "en_GB", "fr_FR"), ("fr", "fr_FR", "en_GB")] {
        let doc = page(&out, &format!("{lang}/{SLUG}/index.html"));
        assert_eq!(attr(&doc, "html", "lang"), lang);
        assert_eq!(attr(&doc, "link[rel=canonical]", "href"), url(lang));
        assert_eq!(
            attr(&doc, "meta[property=\"og:url\"]", "content"),
            url(lang)
        );
        // Reciprocal: both pages carry the same absolute set.
        assert_eq!(alternates(&doc), expected, "{lang}");
        assert_eq!(
            attr(&doc, "meta[property=\"og:locale\"]", "content"),
            og,
            "{lang}"
        );
        let alts: Vec<&str> = doc
            .select(&sel("meta[property=\"og:locale:alternate\"]"))
            .map(|e| e.value().attr("content").unwrap())
            .collect();
        assert_eq!(alts, vec![og_alt]);
        assert_eq!(
            attr(&doc, "meta[property=\"og:type\"]", "content"),
            "article"
        );
    }
}

#[test]
fn switcher_leads_to_the_translation_with_endonyms() {
    let p = project("basic");
    let out = build(p.path(), &[]);
    let base = base_url(p.path());
    for (lang, other, label, current) in [
        ("fr", "en", "English", "Français"),
        ("en", "fr", "Français", "English"),
    ] {
        let from = format!("{lang}/{SLUG}/index.html");
        let doc = page(&out, &from);
        assert_eq!(
            text(&doc, "nav.switcher [aria-current=page]").trim(),
            current
        );
        let a = doc
            .select(&sel(&format!("nav.switcher a[hreflang={other}]")))
            .next()
            .expect("switcher link");
        assert_eq!(a.text().collect::<String>(), label);
        assert_eq!(a.value().attr("lang"), Some(other));
        let (file, _) = resolve(&base, &from, a.value().attr("href").unwrap()).unwrap();
        assert_eq!(file, format!("{other}/{SLUG}/index.html"));
        let target = page(&out, &file);
        assert_eq!(attr(&target, "html", "lang"), other);
    }
    // On a home page the switcher goes to the other home page.
    let doc = page(&out, "fr/index.html");
    let href = attr(&doc, "nav.switcher a[hreflang=en]", "href");
    assert_eq!(
        resolve(&base, "fr/index.html", &href).unwrap().0,
        "en/index.html"
    );
}

#[test]
fn dates_and_datelines_follow_the_locale() {
    let p = project("basic");
    let out = build(p.path(), &[]);
    let cases = [
        ("en", SLUG, "5 June 2025"),
        ("fr", SLUG, "5 juin 2025"),
        ("en", "first-day-of-june", "1 June 2025"),
        ("fr", "first-day-of-june", "1er juin 2025"),
    ];
    for (lang, slug, date) in cases {
        let doc = page(&out, &format!("{lang}/{slug}/index.html"));
        let dateline = text(&doc, ".dateline time");
        assert!(dateline.contains(date), "{lang}/{slug}: {dateline}");
        let label = if lang == "fr" {
            "Communiqué de presse"
        } else {
            "Press release"
        };
        assert!(dateline.starts_with(label), "{dateline}");
        let iso = attr(&doc, ".dateline time", "datetime");
        assert!(iso.starts_with("2025-06-0"), "{iso}");
        let home = page(&out, &format!("{lang}/index.html"));
        assert!(
            texts(&home, ".statements time").contains(&date.to_string()),
            "{lang} home lacks {date}"
        );
    }
}

#[test]
fn headings_have_anchors_and_links_stay_links() {
    let p = project("basic");
    let out = build(p.path(), &[]);
    let base = base_url(p.path());
    for (lang, rome, mail_text, emphasis) in [
        ("en", "Rome Statute", "press@example.org", "attack"),
        ("fr", "Statut de Rome", "press@example.org", "attaque"),
    ] {
        let from = format!("{lang}/{SLUG}/index.html");
        let doc = page(&out, &from);
        let mut ids = BTreeSet::new();
        let headings: Vec<_> = doc.select(&sel("article h2, article h3")).collect();
        assert_eq!(headings.len(), 2, "{lang}");
        for h in headings {
            let id = h.value().attr("id").expect("heading id");
            assert!(ids.insert(id.to_string()), "duplicate id {id}");
            let a = h.select(&sel("a.anchor")).next().expect("anchor link");
            assert_eq!(a.value().attr("href"), Some(format!("#{id}").as_str()));
        }
        let a = doc
            .select(&sel(
                "article a[href=\"https://www.icc-cpi.int/publications/rome-statute\"]",
            ))
            .next()
            .expect("Rome Statute link");
        assert_eq!(a.text().collect::<String>(), rome);
        assert_eq!(a.value().attr("title"), Some("Rome Statute of the ICC"));
        assert_eq!(
            text(&doc, "article a[href=\"mailto:press@example.org\"]"),
            mail_text
        );
        assert_eq!(text(&doc, "article em"), emphasis);
        // A relative link between statements points at the translation in
        // the same language.
        let rel = doc
            .select(&sel("article a[href=\"../first-day-of-june/\"]"))
            .next()
            .expect("relative link");
        let (file, _) = resolve(&base, &from, rel.value().attr("href").unwrap()).unwrap();
        assert_eq!(file, format!("{lang}/first-day-of-june/index.html"));
        assert!(out.join(file).is_file());
    }
}

#[test]
fn urls_are_readable_in_every_file() {
    let p = project("basic");
    let out = build(p.path(), &["--proof"]);
    for f in files(&out) {
        let s = std::fs::read_to_string(out.join(&f)).unwrap_or_default();
        assert!(!s.contains("&#x2f;"), "{f} escapes slashes");
    }
}

#[test]
fn home_pages_list_statements_newest_first_with_summaries() {
    let p = project("basic");
    let out = build(p.path(), &[]);
    let base = base_url(p.path());
    for (lang, summaries) in [
        (
            "en",
            [
                "The Coalition denounces the sanctions and calls on States Parties to act.",
                // No summary: the first sentence of the first paragraph.
                "The Coalition opens its June session today.",
                "The Assembly ends its twenty-third session.",
            ],
        ),
        (
            "fr",
            [
                "La Coalition dénonce les sanctions et appelle les États parties à agir.",
                "La Coalition ouvre aujourd’hui sa session de juin.",
                "L’Assemblée achève sa vingt-troisième session.",
            ],
        ),
    ] {
        let from = format!("{lang}/index.html");
        let doc = page(&out, &from);
        assert_eq!(attr(&doc, "html", "lang"), lang);
        assert_eq!(
            attr(&doc, "link[rel=canonical]", "href"),
            format!("{base}{lang}/")
        );
        assert_eq!(
            alternates(&doc).get("x-default").map(String::as_str),
            Some(base.as_str()),
            "home pages point x-default at the language chooser"
        );
        let dates: Vec<String> = doc
            .select(&sel(".statements time"))
            .map(|e| e.value().attr("datetime").unwrap().to_string())
            .collect();
        assert_eq!(dates, ["2025-06-05", "2025-06-01", "2024-12-10"]);
        let links: Vec<String> = doc
            .select(&sel(".statements h2 a"))
            .map(|a| {
                resolve(&base, &from, a.value().attr("href").unwrap())
                    .unwrap()
                    .0
            })
            .collect();
        assert_eq!(
            links,
            [
                format!("{lang}/{SLUG}/index.html"),
                format!("{lang}/first-day-of-june/index.html"),
                format!("{lang}/december-assembly/index.html"),
            ]
        );
        assert_eq!(texts(&doc, ".statements .summary"), summaries);
    }
}

#[test]
fn root_chooser_offers_every_language() {
    let p = project("basic");
    let out = build(p.path(), &[]);
    let base = base_url(p.path());
    let doc = page(&out, "index.html");
    assert_eq!(attr(&doc, "link[rel=canonical]", "href"), base);
    let alts = alternates(&doc);
    assert_eq!(alts["en"], format!("{base}en/"));
    assert_eq!(alts["fr"], format!("{base}fr/"));
    assert_eq!(alts["x-default"], base);
    let choices: Vec<(String, String, String)> = doc
        .select(&sel("main section"))
        .map(|s| {
            let a = s.select(&sel("a")).next().unwrap();
            (
                s.value().attr("lang").unwrap().to_string(),
                a.text().collect(),
                resolve(&base, "index.html", a.value().attr("href").unwrap())
                    .unwrap()
                    .0,
            )
        })
        .collect();
    assert_eq!(
        choices,
        [
            ("en".into(), "English".into(), "en/index.html".into()),
            ("fr".into(), "Français".into(), "fr/index.html".into()),
        ]
    );
}

fn xml_links(doc: &roxmltree::Document, ns: &str, name: &str) -> Vec<(String, String)> {
    doc.descendants()
        .filter(|n| n.has_tag_name((ns, name)))
        .map(|n| {
            (
                n.attribute("hreflang").unwrap_or("").to_string(),
                n.attribute("href").unwrap().to_string(),
            )
        })
        .collect()
}

const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";
const ATOM: &str = "http://www.w3.org/2005/Atom";

#[test]
fn sitemap_lists_every_public_page_with_alternates() {
    let p = project("basic");
    let out = build(p.path(), &["--proof"]);
    let base = base_url(p.path());
    let xml = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let mut entries: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for url in doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "url")))
    {
        let loc = url
            .children()
            .find(|n| n.has_tag_name((SITEMAP, "loc")))
            .and_then(|n| n.text())
            .unwrap()
            .to_string();
        let alts: BTreeSet<(String, String)> = url
            .children()
            .filter(|n| n.has_tag_name((XHTML, "link")))
            .map(|n| {
                assert_eq!(n.attribute("rel"), Some("alternate"));
                (
                    n.attribute("hreflang").unwrap().to_string(),
                    n.attribute("href").unwrap().to_string(),
                )
            })
            .collect();
        let langs: BTreeSet<&str> = alts.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(langs, BTreeSet::from(["en", "fr", "x-default"]), "{loc}");
        // The entry is among its own alternates.
        assert!(alts.iter().any(|(_, h)| *h == loc), "{loc}");
        assert!(entries.insert(loc, alts).is_none(), "duplicate entry");
    }
    // Every public page, and nothing else (no proof page).
    let pages: BTreeSet<String> = files(&out)
        .into_iter()
        .filter(|f| f.ends_with("index.html"))
        .map(|f| format!("{base}{}", f.trim_end_matches("index.html")))
        .collect();
    assert_eq!(entries.keys().cloned().collect::<BTreeSet<_>>(), pages);
    assert_eq!(pages.len(), 1 + 2 * 4);
    // Reciprocal: each alternate is an entry with the same alternates.
    for (loc, alts) in &entries {
        for (_, href) in alts {
            assert_eq!(entries.get(href), Some(alts), "{loc} → {href}");
        }
    }
}

#[test]
fn atom_feeds_per_language() {
    let p = project("basic");
    let out = build(p.path(), &[]);
    let base = base_url(p.path());
    for (lang, first_title) in [
        ("en", "Civil society condemns sanctions against ICC judges"),
        (
            "fr",
            "La société civile condamne les sanctions contre des juges de la CPI",
        ),
    ] {
        let xml = read(&out, &format!("{lang}/atom.xml"));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let feed = doc.root_element();
        assert!(feed.has_tag_name((ATOM, "feed")));
        assert_eq!(
            feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some(lang)
        );
        let entries: Vec<_> = feed
            .children()
            .filter(|n| n.has_tag_name((ATOM, "entry")))
            .collect();
        assert_eq!(entries.len(), 3);
        let title = entries[0]
            .children()
            .find(|n| n.has_tag_name((ATOM, "title")))
            .and_then(|n| n.text())
            .unwrap();
        assert_eq!(title, first_title);
        let updated: Vec<&str> = entries
            .iter()
            .map(|e| {
                e.children()
                    .find(|n| n.has_tag_name((ATOM, "updated")))
                    .and_then(|n| n.text())
                    .unwrap()
            })
            .collect();
        assert_eq!(
            updated,
            [
                "2025-06-05T00:00:00Z",
                "2025-06-01T00:00:00Z",
                "2024-12-10T00:00:00Z"
            ]
        );
        for (_, href) in xml_links(&doc, ATOM, "link") {
            let (file, _) = resolve(&base, "", &href).expect("internal link");
            assert!(out.join(&file).is_file(), "{lang} feed: {href}");
        }
        // Every page advertises both feeds.
        let home = page(&out, &format!("{lang}/index.html"));
        let feeds: Vec<String> = home
            .select(&sel("link[rel=alternate][type=\"application/atom+xml\"]"))
            .map(|e| e.value().attr("href").unwrap().to_string())
            .collect();
        assert_eq!(
            feeds,
            [format!("{base}en/atom.xml"), format!("{base}fr/atom.xml")]
        );
    }
}

/// Follow every link of every page from the root: every internal target
/// exists, fragments name an element of their page, and every public page
/// is reached.
#[test]
fn crawler_finds_no_broken_internal_link() {
    let p = project("basic");
    let out = build(p.path(), &["--proof"]);
    let base = base_url(p.path());
    let all = files(&out);
    let mut seen: BTreeSet<String> = BTreeSet::from(["index.html".to_string()]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    let mut checked = 0;
    let ids = |file: &str| -> BTreeSet<String> {
        page(&out, file)
            .select(&sel("[id]"))
            .map(|e| e.value().attr("id").unwrap().to_string())
            .collect()
    };
    // Proof pages are reached from nowhere, so start from them too.
    for f in all.iter().filter(|f| f.ends_with("proof.html")) {
        seen.insert(f.clone());
        queue.push_back(f.clone());
    }
    while let Some(from) = queue.pop_front() {
        let doc = page(&out, &from);
        for href in hrefs(&doc) {
            let Some((file, fragment)) = resolve(&base, &from, &href) else {
                continue;
            };
            checked += 1;
            assert!(
                !file.starts_with("../") && out.join(&file).is_file(),
                "{from}: broken link {href} ({file})"
            );
            if !fragment.is_empty() && file.ends_with(".html") {
                assert!(
                    ids(&file).contains(&fragment),
                    "{from}: {href}: no element with id {fragment}"
                );
            }
            if file.ends_with(".html") && seen.insert(file.clone()) {
                queue.push_back(file);
            }
        }
    }
    assert!(checked > 50, "only {checked} links checked");
    let pages: BTreeSet<String> = all.into_iter().filter(|f| f.ends_with(".html")).collect();
    assert_eq!(seen, pages, "unreached pages");
    // Proof pages are linked from nowhere in the public site.
    for f in &pages {
        if f.ends_with("proof.html") {
            continue;
        }
        for href in hrefs(&page(&out, f)) {
            assert!(!href.contains("proof"), "{f} links to a proof: {href}");
        }
    }
}

fn tree(out: &Path) -> BTreeMap<String, Vec<u8>> {
    files(out)
        .into_iter()
        .map(|f| {
            let b = std::fs::read(out.join(&f)).unwrap();
            (f, b)
        })
        .collect()
}

#[test]
fn same_input_builds_byte_identical_output() {
    let p = project("basic");
    let a = build_into(p.path(), "out-a", &["--proof"]);
    let b = build_into(p.path(), "out-b", &["--proof"]);
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (f, bytes) in &ta {
        assert!(tb[f] == *bytes, "{f} differs between two builds");
    }
    // Rebuilding into the same folder gives the same bytes too.
    let c = build_into(p.path(), "out-a", &["--proof"]);
    assert!(tree(&c) == ta);
}

#[test]
#[cfg(unix)] // symbolic links in the old output
fn rebuild_links_only_unchanged_files_and_never_writes_through_them() {
    let p = project("basic");
    let out = build(p.path(), &["--proof"]);
    let page_rel = format!("en/{SLUG}/index.html");
    let other_rel = "en/december-assembly/index.html";
    let old_page = read(&out, &page_rel);
    let old_other = read(&out, other_rel);
    // A hard link to the old page outside the output, and a symbolic link
    // in place of an unchanged page, pointing at a file with its bytes.
    let kept = p.path().join("kept.html");
    std::fs::hard_link(out.join(&page_rel), &kept).unwrap();
    let outside = p.path().join("outside.html");
    std::fs::write(&outside, &old_other).unwrap();
    std::fs::remove_file(out.join(other_rel)).unwrap();
    std::os::unix::fs::symlink(&outside, out.join(other_rel)).unwrap();

    let md = p.path().join(format!("corpus/statements/{SLUG}.md"));
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(
        &md,
        text.replacen("+++\n\n", "+++\n\nA new first paragraph.\n\n", 1),
    )
    .unwrap();
    let out = build(p.path(), &["--allow-incomplete"]);

    let new_page = read(&out, &page_rel);
    assert_ne!(new_page, old_page);
    assert!(new_page.contains("A new first paragraph."));
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), old_page);
    let meta = std::fs::symlink_metadata(out.join(other_rel)).unwrap();
    assert!(meta.is_file(), "an unchanged page is a regular file again");
    assert_eq!(read(&out, other_rel), old_other);
    assert_eq!(std::fs::read(&outside).unwrap(), old_other.as_bytes());
    // Without --proof the proof pages are gone; the result is the same as a
    // build into a fresh folder.
    let fresh = build_into(p.path(), "fresh", &["--allow-incomplete"]);
    assert!(tree(&out) == tree(&fresh));
}

#[test]
fn proof_pages_show_each_segment_beside_its_translation() {
    let p = project("basic");
    let out = build(p.path(), &[]);
    assert!(!files(&out).iter().any(|f| f.ends_with("proof.html")));

    let out = build(p.path(), &["--proof"]);
    let proofs: Vec<String> = files(&out)
        .into_iter()
        .filter(|f| f.ends_with("proof.html"))
        .collect();
    assert_eq!(
        proofs,
        [
            "fr/december-assembly/proof.html",
            "fr/first-day-of-june/proof.html",
            "fr/judges-sanctioned/proof.html"
        ]
    );
    let doc = page(&out, &format!("fr/{SLUG}/proof.html"));
    assert_eq!(
        attr(&doc, "meta[name=robots]", "content"),
        "noindex, nofollow"
    );
    assert!(doc.select(&sel("link[rel=canonical]")).next().is_none());
    assert!(doc.select(&sel("nav.proof-jump")).next().is_none());
    let rows: Vec<_> = doc.select(&sel("table.proof-table tbody tr")).collect();
    // Title, summary, 2 sentences, heading, 2 sentences, 2 items, heading,
    // 1 sentence.
    assert_eq!(rows.len(), 11);
    // The fixture's memory was translated before one sentence changed: its
    // neighbours' translations now match exactly, not in context.
    let exact = ["A grave threat to justice", "Press enquiries"];
    for r in &rows {
        let source = text_of(r, "td.source");
        let class = if exact.iter().any(|e| source.starts_with(e)) {
            "exact"
        } else {
            "in-context"
        };
        assert_eq!(r.value().attr("data-state"), Some("approved"));
        assert_eq!(r.value().attr("data-match"), Some(class), "{source}");
        assert!(r.select(&sel("ul.findings")).next().is_some(), "QA slot");
    }
    let row = rows
        .iter()
        .find(|r| {
            r.select(&sel("td.source"))
                .next()
                .unwrap()
                .text()
                .collect::<String>()
                .starts_with("Read the Rome Statute")
        })
        .expect("row with a link");
    let target = row.select(&sel("td.target")).next().unwrap();
    assert_eq!(target.value().attr("lang"), Some("fr"));
    assert_eq!(
        target
            .select(&sel("a"))
            .next()
            .unwrap()
            .value()
            .attr("href"),
        Some("https://www.icc-cpi.int/publications/rome-statute")
    );
    assert!(target
        .text()
        .collect::<String>()
        .starts_with("Lisez le Statut de Rome"));
}

#[test]
fn proof_shows_unreviewed_and_missing_translations_with_findings() {
    let p = project("basic");
    // One translation awaiting review, one new untranslated sentence.
    let mem = p.path().join("corpus/memory/fr.xlf");
    let xml = std::fs::read_to_string(&mem).unwrap();
    let marker = "<target>Les membres se réuniront à La Haye.</target>";
    assert!(xml.contains(marker));
    let idx = xml.find(marker).unwrap();
    let seg_start = xml[..idx].rfind("<segment state=\"final\">").unwrap();
    let mut edited = xml.clone();
    edited.replace_range(
        seg_start..seg_start + "<segment state=\"final\">".len(),
        "<segment state=\"translated\">",
    );
    std::fs::write(&mem, edited).unwrap();
    let st = p.path().join("corpus/statements/december-assembly.md");
    let src = std::fs::read_to_string(&st).unwrap();
    std::fs::write(&st, format!("{src}\nA sentence nobody translated.\n")).unwrap();

    // Incomplete: the build refuses to publish...
    let o = crate::support::diglot(&repo())
        .args(["-C"])
        .arg(p.path())
        .args(["build", "--proof"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    // ...and a reviewer previews with --allow-incomplete.
    let out = build(p.path(), &["--proof", "--allow-incomplete"]);
    let doc = page(&out, "fr/first-day-of-june/proof.html");
    let row = doc
        .select(&sel("tbody tr[data-state=unreviewed]"))
        .next()
        .expect("unreviewed row");
    assert_eq!(
        text_of(&row, "td.target"),
        "Les membres se réuniront à La Haye."
    );
    let rules: Vec<&str> = row
        .select(&sel("li.finding"))
        .map(|f| f.value().attr("data-rule").unwrap())
        .collect();
    assert_eq!(rules, ["missing-translation"]);
    // The header jumps to the rows that need attention.
    let jumps: Vec<&str> = doc
        .select(&sel("nav.proof-jump a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        jumps,
        [format!("#{}", row.value().attr("id").unwrap()).as_str()]
    );

    let doc = page(&out, "fr/december-assembly/proof.html");
    let row = doc
        .select(&sel("tbody tr[data-state=missing]"))
        .next()
        .expect("missing row");
    assert_eq!(text_of(&row, "td.source"), "A sentence nobody translated.");
    assert!(row.value().attr("data-match").is_none());
    assert_eq!(
        row.select(&sel("li.finding-error")).count(),
        1,
        "the check finding is shown"
    );
    // The public page shows the source text, marked as English.
    let public = page(&out, "fr/december-assembly/index.html");
    assert_eq!(
        text(&public, "span.fallback[lang=en]"),
        "A sentence nobody translated."
    );
}

fn text_of(e: &scraper::ElementRef, selector: &str) -> String {
    e.select(&sel(selector))
        .next()
        .unwrap()
        .text()
        .collect::<String>()
        .trim()
        .to_string()
}

#[test]
fn build_is_silent_on_stderr_when_not_a_terminal() {
    let p = project("basic");
    let o = crate::support::diglot(&repo())
        .arg("-C")
        .arg(p.path())
        .args(["build", "--proof"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stderr), "", "no progress bar");
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("built 3 statement(s)"));
}
