//! `diglot serve` driven by headless Chromium (Debian's `chromium`) over
//! the DevTools protocol: the open page shows an edit within 2 s, a broken
//! statement turns it into the error overlay (file:line:column), the fix
//! brings the page back; Ctrl-C stops the server and removes its folder.
//!
//! Without `/usr/bin/chromium` (or `$DIGLOT_CHROMIUM`) the test is skipped
//! with a message, except under CI (`CI=true`), where it fails.

use super::support::chromium;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills the child when dropped (a failed assertion leaves no process).
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// GET over HTTP/1.1; the body, read to its Content-Length (Chromium's
/// DevTools server keeps the connection open).
fn http_get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = s.read(&mut chunk).unwrap_or(0);
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len = head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse::<usize>().ok())?
            });
            if len.is_some_and(|l| body.len() >= l) {
                return body.to_string();
            }
        }
    }
    String::from_utf8_lossy(&buf)
        .split_once("\r\n\r\n")
        .map(|x| x.1.to_string())
        .unwrap_or_default()
}

/// A DevTools connection to the first page of a browser.
struct Page {
    ws: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next: u64,
}

impl Page {
    fn connect(profile: &Path) -> Page {
        let deadline = Instant::now() + Duration::from_secs(30);
        let port: u16 = loop {
            if let Ok(s) = std::fs::read_to_string(profile.join("DevToolsActivePort")) {
                if let Some(Ok(p)) = s.lines().next().map(str::parse) {
                    break p;
                }
            }
            assert!(Instant::now() < deadline, "chromium did not open DevTools");
            std::thread::sleep(Duration::from_millis(100));
        };
        let ws_url = loop {
            let list: serde_json::Value =
                serde_json::from_str(&http_get(port, "/json/list")).unwrap_or_default();
            if let Some(u) = list.as_array().into_iter().flatten().find_map(|t| {
                (t["type"] == "page")
                    .then(|| t["webSocketDebuggerUrl"].as_str().map(String::from))?
            }) {
                break u;
            }
            assert!(Instant::now() < deadline, "no page in chromium");
            std::thread::sleep(Duration::from_millis(100));
        };
        let (ws, _) = tungstenite::connect(ws_url).unwrap();
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        }
        Page { ws, next: 1 }
    }

    /// The page's visible text (empty while it loads).
    fn text(&mut self) -> String {
        let id = self.next;
        self.next += 1;
        let msg = serde_json::json!({
            "id": id,
            "method": "Runtime.evaluate",
            "params": {"expression": "document.body ? document.body.innerText : ''", "returnByValue": true}
        });
        self.ws
            .send(tungstenite::Message::Text(msg.to_string().into()))
            .unwrap();
        loop {
            if let tungstenite::Message::Text(t) = self.ws.read().unwrap() {
                let v: serde_json::Value = serde_json::from_str(t.as_str()).unwrap();
                if v["id"] == id {
                    return v["result"]["result"]["value"]
                        .as_str()
                        .unwrap_or("")
                        .to_string();
                }
            }
        }
    }

    /// Wait until the text contains `want`; the time it took.
    fn wait_for(&mut self, want: &str, limit: Duration) -> Duration {
        let start = Instant::now();
        loop {
            let t = self.text();
            if t.contains(want) {
                return start.elapsed();
            }
            assert!(
                start.elapsed() < limit,
                "page without “{want}” after {limit:?}:\n{t}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

const HEAD: &str = "+++\ntitle = \"Court sits\"\ndate = 2025-06-05\n+++\n";

#[test]
fn edit_break_fix_in_a_live_browser_then_ctrl_c() {
    let Some(chromium) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let diglot = assert_cmd::cargo::cargo_bin("diglot");
    assert!(Command::new(&diglot)
        .args(["init", "-q"])
        .arg(&root)
        .status()
        .unwrap()
        .success());
    let statement = root.join("corpus/statements/court.md");
    std::fs::write(&statement, format!("{HEAD}The Court sat today.\n")).unwrap();

    let mut serve = Guard(
        Command::new(&diglot)
            .args(["serve", "--port", "0", "--lang", "fr"])
            .current_dir(&root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(serve.0.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("serving ")
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| panic!("{first}"))
        .to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/fr/"),
        "{url}"
    );
    let pid = serve.0.id();

    let profile = tmp.path().join("profile");
    let _browser = Guard(
        Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("{url}court/"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut page = Page::connect(&profile);
    // The untranslated sentence shows in place, with the banner's count.
    page.wait_for("The Court sat today.", Duration::from_secs(20));
    page.wait_for("fr: 2 of 2 segment(s) left", Duration::from_secs(5));

    // Edit: visible within 2 s.
    std::fs::write(&statement, format!("{HEAD}The Court sat again.\n")).unwrap();
    let took = page.wait_for("The Court sat again.", Duration::from_secs(10));
    eprintln!("edit visible after {} ms", took.as_millis());
    assert!(took <= Duration::from_secs(2), "the edit took {took:?}");

    // Break: the overlay names the file, line and column.
    std::fs::write(
        &statement,
        "+++\ntitle = \"Court sits\"\ndate = 2025-02-30\n+++\nThe Court sat again.\n",
    )
    .unwrap();
    page.wait_for("The site could not be built", Duration::from_secs(5));
    page.wait_for("corpus/statements/court.md:3:8:", Duration::from_secs(1));

    // Fix: the page again.
    std::fs::write(&statement, format!("{HEAD}The Court sat once more.\n")).unwrap();
    let took = page.wait_for("The Court sat once more.", Duration::from_secs(10));
    eprintln!("fix visible after {} ms", took.as_millis());
    assert!(took <= Duration::from_secs(2), "the fix took {took:?}");

    // Ctrl-C: a clean stop, the temporary folder gone.
    let folder = std::env::temp_dir().join(format!("diglot-serve-{pid}"));
    assert!(folder.is_dir());
    assert!(Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = serve.0.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    assert_eq!(lines.next().unwrap().unwrap(), "stopped");
    assert!(!folder.exists());
}
