//! The built French page in headless Chromium (Debian's `chromium`): a
//! screenshot under `target/screenshots/`, then the language switcher
//! followed to the English equivalent.
//!
//! Without `/usr/bin/chromium` (or `$DIGLOT_CHROMIUM`) the test is skipped
//! with a message, except under CI (`CI=true`), where it fails.

use super::support::chromium;

use crate::support::site::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SLUG: &str = "judges-sanctioned";

/// Run headless Chromium on a file with extra flags; returns its standard
/// output. Killed after a minute.
fn run(chromium: &Path, profile: &Path, flags: &[String], file: &Path) -> String {
    let url = format!("file://{}", file.display());
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(flags)
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).unwrap();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed on {url}: {status}");
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within a minute on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

fn screenshots_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is <target>/tmp.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let d = target.join("screenshots");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn assert_png(path: &Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 10_000,
        "{} is not a real screenshot",
        path.display()
    );
}

#[test]
fn french_page_in_chromium_and_switch_to_english() {
    let Some(chromium) = chromium() else {
        return;
    };
    let p = project("basic");
    let out = build(p.path(), &[]);
    let base = base_url(p.path());
    let profile = tempfile::tempdir().unwrap();
    let fr_rel = format!("fr/{SLUG}/index.html");
    let fr = out.join(&fr_rel);

    let shots = screenshots_dir();
    for (name, size) in [("fr.png", "1280,1600"), ("fr-phone.png", "390,1400")] {
        let shot = shots.join(name);
        let _ = std::fs::remove_file(&shot);
        run(
            &chromium,
            profile.path(),
            &[
                format!("--window-size={size}"),
                format!("--screenshot={}", shot.display()),
            ],
            &fr,
        );
        assert_png(&shot);
        println!("screenshot: {}", shot.display());
    }

    // The DOM as the browser built it.
    let dom = run(&chromium, profile.path(), &["--dump-dom".into()], &fr);
    let doc = scraper::Html::parse_document(&dom);
    let lang = doc
        .select(&sel("html"))
        .next()
        .unwrap()
        .value()
        .attr("lang");
    assert_eq!(lang, Some("fr"));
    let link = doc
        .select(&sel("nav.switcher a[hreflang=en]"))
        .next()
        .expect("switcher link to English in the rendered page");
    assert_eq!(link.text().collect::<String>(), "English");
    let (en_rel, _) = resolve(&base, &fr_rel, link.value().attr("href").unwrap()).unwrap();
    assert_eq!(en_rel, format!("en/{SLUG}/index.html"));
    let en = out.join(&en_rel);
    assert!(en.is_file(), "{} does not exist", en.display());

    // Follow it: the browser opens the English statement.
    let dom = run(&chromium, profile.path(), &["--dump-dom".into()], &en);
    let doc = scraper::Html::parse_document(&dom);
    let html = doc.select(&sel("html")).next().unwrap();
    assert_eq!(html.value().attr("lang"), Some("en"));
    let h1: String = first_text(&doc, "article h1");
    assert_eq!(h1, "Civil society condemns sanctions against ICC judges");
    let canonical = doc
        .select(&sel("link[rel=canonical]"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(canonical, format!("{base}en/{SLUG}/"));
}

/// The shipped site itself: its French statement in Chromium, then the
/// switcher to the English equivalent.
#[test]
fn shipped_french_statement_in_chromium_and_switch_to_english() {
    let Some(chromium) = chromium() else {
        return;
    };
    let slug = "civil-society-condemns-us-sanctions-june-2025";
    let p = shipped();
    let out = build(p.path(), &[]);
    let base = base_url(p.path());
    let profile = tempfile::tempdir().unwrap();
    let fr_rel = format!("fr/{slug}/index.html");
    let fr = out.join(&fr_rel);
    let shot = screenshots_dir().join("shipped-fr.png");
    let _ = std::fs::remove_file(&shot);
    run(
        &chromium,
        profile.path(),
        &[
            "--window-size=1280,2200".into(),
            format!("--screenshot={}", shot.display()),
        ],
        &fr,
    );
    assert_png(&shot);
    let dom = run(&chromium, profile.path(), &["--dump-dom".into()], &fr);
    let doc = scraper::Html::parse_document(&dom);
    let h1: String = first_text(&doc, "article h1");
    assert!(
        h1.starts_with("Quand la justice est prise pour cible"),
        "{h1}"
    );
    let link = doc
        .select(&sel("nav.switcher a[hreflang=en]"))
        .next()
        .expect("switcher to English");
    let (en_rel, _) = resolve(&base, &fr_rel, link.value().attr("href").unwrap()).unwrap();
    assert_eq!(en_rel, format!("en/{slug}/index.html"));
    let dom = run(
        &chromium,
        profile.path(),
        &["--dump-dom".into()],
        &out.join(&en_rel),
    );
    let doc = scraper::Html::parse_document(&dom);
    assert_eq!(
        doc.select(&sel("html"))
            .next()
            .unwrap()
            .value()
            .attr("lang"),
        Some("en")
    );
    let h1: String = first_text(&doc, "article h1");
    assert!(
        h1.starts_with("When justice is targeted, victims’ rights are at risk"),
        "{h1}"
    );
}
