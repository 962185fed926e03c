//! The editor's live preview (`diglot serve`): builds the project into a
//! temporary folder, serves it on the loopback interface, watches the
//! statements, locales, theme, memories and `diglot.toml`, rebuilds on a
//! change and reloads open pages through server-sent events.
//!
//! Only this module knows `tiny_http` and `notify`. What the preview adds to
//! a page (a banner with the status counts and the reload script) is added
//! when the page is served, never written to the built files.

use super::status::Status;
use super::CommandError;
use crate::project::{Project, ProjectError};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on 127.0.0.1:{port}: {message} (choose another with --port)")]
    Bind { port: u16, message: String },
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("cannot watch {path}: {message}")]
    Watch { path: PathBuf, message: String },
    #[error(transparent)]
    Project(#[from] ProjectError),
}

impl From<ServeError> for CommandError {
    fn from(e: ServeError) -> Self {
        match e {
            ServeError::Project(p) => CommandError::Project(p),
            e => CommandError::Io {
                what: "diglot serve".into(),
                error: std::io::Error::other(e.to_string()),
            },
        }
    }
}

/// What `diglot serve` was asked.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// Port on 127.0.0.1 (0: any free port).
    pub port: u16,
    /// Language of the start page and of the banner's counts (default:
    /// the start page is the language chooser, the banner counts every
    /// target language).
    pub lang: Option<String>,
}

/// Path of the server-sent events stream.
const EVENTS: &str = "/__diglot/events";
/// Path of the preview's status page (not a built file).
const STATUS_PAGE: &str = "/status.html";

/// The outcome of the latest build.
enum Built {
    Ok {
        /// The banner's text (HTML).
        banner: String,
        /// `status.html` (full page).
        status: String,
    },
    /// Each error, one line (`file:line:column: message` when known).
    Failed(Vec<String>),
}

struct State {
    root: PathBuf,
    out: PathBuf,
    lang: Option<String>,
    /// Build generation (a page reloads when it is not the one it was
    /// rendered with) and the latest outcome.
    current: Mutex<(u64, Built)>,
    changed: Condvar,
    stopping: AtomicBool,
}

/// A running preview: [`Preview::run`] serves until [`Stopper::stop`].
pub struct Preview {
    server: Arc<tiny_http::Server>,
    state: Arc<State>,
    tmp: PathBuf,
    url: String,
    _watcher: notify::RecommendedWatcher,
    rebuilds: std::thread::JoinHandle<()>,
}

/// Stops a running preview from another thread (the Ctrl-C handler).
#[derive(Clone)]
pub struct Stopper {
    server: Arc<tiny_http::Server>,
    state: Arc<State>,
}

impl Stopper {
    pub fn stop(&self) {
        self.state.stopping.store(true, Ordering::SeqCst);
        self.state.changed.notify_all();
        self.server.unblock();
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The lines of an error, each `file:line:column: message` where the error
/// has one.
fn error_lines(e: &dyn std::fmt::Display) -> Vec<String> {
    e.to_string()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect()
}

fn banner_text(status: &Status, lang: Option<&str>) -> String {
    let mut parts = Vec::new();
    for l in &status.languages {
        if lang.is_some_and(|x| x != l.lang) {
            continue;
        }
        let t = &l.totals;
        let left = t.segments.left();
        let mut s = if left == 0 {
            format!("{}: every segment approved", l.lang)
        } else {
            format!(
                "{}: {} of {} segment(s) left ({} unreviewed, {} missing, {} stale; {} word(s))",
                l.lang,
                left,
                t.segments.total,
                t.segments.unreviewed,
                t.segments.missing,
                t.segments.stale,
                t.words.left()
            )
        };
        if l.messages.missing > 0 {
            s.push_str(&format!(", {} site message(s) missing", l.messages.missing));
        }
        if t.drafts > 0 {
            s.push_str(&format!(", {} draft(s)", t.drafts));
        }
        parts.push(escape(&s));
    }
    parts.join(" · ")
}

fn status_page(status: &Status) -> String {
    let mut body = String::new();
    for l in &status.languages {
        body.push_str(&format!(
            "<h2>{} → {}</h2>\n<table>\n<tr><th>statement</th><th>approved</th><th>unreviewed</th><th>missing</th><th>stale</th><th>words left</th><th>publish</th></tr>\n",
            escape(&status.source_language),
            escape(&l.lang)
        ));
        for s in &l.statements {
            body.push_str(&format!(
                "<tr><td><a href=\"/{}/{}/\">{}</a>{}</td><td>{}/{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&l.lang),
                escape(&s.slug),
                escape(&s.title),
                if s.draft { " (draft)" } else { "" },
                s.segments.approved,
                s.segments.total,
                s.segments.unreviewed,
                s.segments.missing,
                s.segments.stale,
                s.words.left(),
                if s.draft {
                    "draft"
                } else if s.publishable {
                    "yes"
                } else {
                    "no"
                }
            ));
        }
        let t = &l.totals;
        body.push_str(&format!(
            "<tr><th>total</th><th>{}/{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{} of {}</th></tr>\n</table>\n<p>Site messages missing: {} of {}.</p>\n",
            t.segments.approved,
            t.segments.total,
            t.segments.unreviewed,
            t.segments.missing,
            t.segments.stale,
            t.words.left(),
            t.publishable_statements,
            t.statements,
            l.messages.missing,
            l.messages.total
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Status — diglot preview</title>\n<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .6em;text-align:right}}td:first-child{{text-align:left}}</style>\n</head>\n<body>\n<h1>Status</h1>\n{body}</body>\n</html>\n"
    )
}

fn overlay_page(errors: &[String]) -> String {
    let items: String = errors
        .iter()
        .map(|e| format!("<li><pre>{}</pre></li>\n", escape(e)))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Build error — diglot preview</title>\n</head>\n<body>\n<div id=\"diglot-error\" style=\"position:fixed;inset:0;overflow:auto;background:#2b0b0b;color:#fdd;font:15px/1.5 system-ui,sans-serif;padding:2em\">\n<h1>The site could not be built</h1>\n<p>Fix the file and save: the page reloads by itself.</p>\n<ol>\n{items}</ol>\n</div>\n</body>\n</html>\n"
    )
}

/// Build the project into `out`; the outcome shown by the preview.
fn build_once(root: &Path, out: &Path, lang: Option<&str>) -> Built {
    let project = match Project::open(root) {
        Ok(p) => p,
        Err(e) => return Built::Failed(error_lines(&e)),
    };
    let opts = super::build::Options {
        out: Some(out.to_path_buf()),
        allow_incomplete: true,
        proof: false,
        drafts: true,
    };
    if let Err(e) = super::build::run(&project, &opts, &|_, _| {}) {
        return Built::Failed(error_lines(&e));
    }
    match super::status::status(&project, &[]) {
        Ok(status) => Built::Ok {
            banner: banner_text(&status, lang),
            status: status_page(&status),
        },
        Err(e) => Built::Failed(error_lines(&e)),
    }
}

/// The script and banner added to every served page.
fn preview_snippet(generation: u64, banner: Option<&str>) -> String {
    let banner = banner
        .map(|b| {
            format!(
                "<div id=\"diglot-preview\" style=\"position:fixed;bottom:0;left:0;right:0;z-index:2147483647;background:#1d2733;color:#fff;font:14px/1.4 system-ui,sans-serif;padding:.35em 1em\">Preview · {b} · <a href=\"{STATUS_PAGE}\" style=\"color:#9cf\">status</a></div>\n"
            )
        })
        .unwrap_or_default();
    format!(
        "{banner}<script>(function(){{var g=\"{generation}\";var es=new EventSource(\"{EVENTS}\");es.onmessage=function(e){{if(e.data!==g){{es.close();location.reload();}}}};}})();</script>\n"
    )
}

/// Insert `snippet` before the last `</body>` (at the end without one).
fn inject(html: &str, snippet: &str) -> String {
    match html.rfind("</body>") {
        Some(i) => format!("{}{snippet}{}", &html[..i], &html[i..]),
        None => format!("{html}{snippet}"),
    }
}

/// The file under `out` a URL path names: percent-decoded, `..`, `.`,
/// backslashes and NUL refused (`None`), folders to their `index.html`.
fn resolve(out: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut file = out.to_path_buf();
    for seg in decoded.split('/') {
        if seg.is_empty() {
            continue;
        }
        if seg == ".." || seg == "." || seg.contains(['\\', '\0']) {
            return None;
        }
        let p = Path::new(seg);
        if p.components().count() != 1
            || !matches!(p.components().next(), Some(Component::Normal(_)))
        {
            return None;
        }
        file.push(seg);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    // Links inside the output folder stay inside it.
    let real = file.canonicalize().ok()?;
    let base = out.canonicalize().ok()?;
    real.starts_with(&base).then_some(real)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn html_response(status: u16, html: String) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_data(html.into_bytes())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

impl State {
    fn handle(&self, request: tiny_http::Request) {
        let url = request.url().to_string();
        let is_read = matches!(
            request.method(),
            tiny_http::Method::Get | tiny_http::Method::Head
        );
        if !is_read {
            let _ = request.respond(
                tiny_http::Response::from_string("method not allowed\n").with_status_code(405),
            );
            return;
        }
        let path_only = url.split(['?', '#']).next().unwrap_or("");
        if path_only == EVENTS {
            self.events(request);
            return;
        }
        let (generation, banner, failed) = {
            let cur = self.current.lock().expect("lock");
            match &cur.1 {
                Built::Ok { banner, .. } => (cur.0, Some(banner.clone()), None),
                Built::Failed(errors) => (cur.0, None, Some(errors.clone())),
            }
        };
        let snippet = preview_snippet(generation, banner.as_deref());
        // A failed build: every page is the overlay, until it is fixed.
        if let Some(errors) = failed {
            let _ = request.respond(html_response(500, inject(&overlay_page(&errors), &snippet)));
            return;
        }
        if path_only == STATUS_PAGE {
            let page = match &self.current.lock().expect("lock").1 {
                Built::Ok { status, .. } => status.clone(),
                Built::Failed(_) => String::new(),
            };
            let _ = request.respond(html_response(200, inject(&page, &snippet)));
            return;
        }
        let Some(file) = resolve(&self.out, path_only) else {
            let _ = request.respond(html_response(
                404,
                inject(
                    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>\n",
                    &snippet,
                ),
            ));
            return;
        };
        // `/fr/a` (a folder without its slash): redirect, so that relative
        // links resolve.
        if !path_only.ends_with('/')
            && !path_only.ends_with("/index.html")
            && file.file_name().is_some_and(|n| n == "index.html")
        {
            let _ = request.respond(
                tiny_http::Response::empty(301)
                    .with_header(header("Location", &format!("{path_only}/"))),
            );
            return;
        }
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(_) => {
                let _ = request
                    .respond(tiny_http::Response::from_string("not found\n").with_status_code(404));
                return;
            }
        };
        let ctype = content_type(&file);
        if ctype.starts_with("text/html") {
            let html = String::from_utf8_lossy(&bytes);
            let _ = request.respond(html_response(200, inject(&html, &snippet)));
        } else {
            let _ = request.respond(
                tiny_http::Response::from_data(bytes)
                    .with_header(header("Content-Type", ctype))
                    .with_header(header("Cache-Control", "no-store")),
            );
        }
    }

    /// A server-sent events stream: the current generation at once, then
    /// each new one (a page reloads when it differs from its own), and a
    /// comment every 15 s to notice a closed page.
    fn events(&self, request: tiny_http::Request) {
        let response = tiny_http::Response::empty(200)
            .with_header(header("Content-Type", "text/event-stream"))
            .with_header(header("Cache-Control", "no-store"));
        // The raw stream: tiny_http would buffer a chunked body.
        let mut stream = request.upgrade("diglot-events", response);
        let mut sent = None;
        loop {
            let generation = {
                let guard = self.current.lock().expect("lock");
                let (guard, _) = self
                    .changed
                    .wait_timeout_while(guard, Duration::from_secs(15), |c| {
                        Some(c.0) == sent && !self.stopping.load(Ordering::SeqCst)
                    })
                    .expect("lock");
                guard.0
            };
            if self.stopping.load(Ordering::SeqCst) {
                return;
            }
            let msg = if Some(generation) == sent {
                ": keep-alive\n\n".to_string()
            } else {
                format!("data: {generation}\n\n")
            };
            if stream
                .write_all(msg.as_bytes())
                .and_then(|_| stream.flush())
                .is_err()
            {
                return;
            }
            sent = Some(generation);
        }
    }

    fn rebuild(&self) {
        let built = build_once(&self.root, &self.out, self.lang.as_deref());
        let mut cur = self.current.lock().expect("lock");
        cur.0 += 1;
        cur.1 = built;
        drop(cur);
        self.changed.notify_all();
    }
}

/// Folders and files whose changes trigger a rebuild.
fn watched(root: &Path) -> Vec<(PathBuf, notify::RecursiveMode)> {
    use notify::RecursiveMode::*;
    let mut out = vec![(root.to_path_buf(), NonRecursive)];
    if let Ok(cfg) = crate::config::Config::load(&root.join(crate::config::CONFIG_FILE)) {
        for d in [
            &cfg.statements_dir,
            &cfg.locales_dir,
            &cfg.theme_dir,
            &cfg.memory_dir,
        ] {
            let p = root.join(d);
            if p.is_dir() {
                out.push((p, Recursive));
            }
        }
        if let Some(s) = &cfg.segmentation {
            out.push((root.join(s), NonRecursive));
        }
    }
    out
}

/// Whether a changed path matters (editor swap and backup files, the
/// project's own output folder and hidden files do not).
fn relevant(root: &Path, output_dir: &Path, path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.contains(".diglot-tmp-")
    {
        return false;
    }
    !path.starts_with(root.join(output_dir))
}

impl Preview {
    /// Build once, bind `127.0.0.1:port` and start watching.
    pub fn start(root: &Path, opts: &ServeOptions) -> Result<Preview, ServeError> {
        use notify::Watcher;
        let root = root.canonicalize().map_err(|e| ServeError::Io {
            path: root.to_path_buf(),
            message: e.to_string(),
        })?;
        // Check the language now: a typo is a usage error, not an overlay.
        if let Some(l) = &opts.lang {
            let cfg = crate::config::Config::load(&root.join(crate::config::CONFIG_FILE))
                .map_err(ProjectError::from)?;
            if !cfg.languages().contains(l) {
                return Err(ProjectError::Usage(format!(
                    "--lang {l}: not a language of the project ({})",
                    cfg.languages().join(", ")
                ))
                .into());
            }
        }
        let tmp = std::env::temp_dir().join(format!("diglot-serve-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).map_err(|e| ServeError::Io {
            path: tmp.clone(),
            message: e.to_string(),
        })?;
        let out = tmp.join("site");
        let server = tiny_http::Server::http(("127.0.0.1", opts.port)).map_err(|e| {
            let _ = std::fs::remove_dir_all(&tmp);
            ServeError::Bind {
                port: opts.port,
                message: e.to_string(),
            }
        })?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .unwrap_or(opts.port);
        let url = match &opts.lang {
            Some(l) => format!("http://127.0.0.1:{port}/{l}/"),
            None => format!("http://127.0.0.1:{port}/"),
        };
        let first = build_once(&root, &out, opts.lang.as_deref());
        let state = Arc::new(State {
            root: root.clone(),
            out,
            lang: opts.lang.clone(),
            current: Mutex::new((1, first)),
            changed: Condvar::new(),
            stopping: AtomicBool::new(false),
        });
        let (tx, rx) = mpsc::channel::<PathBuf>();
        let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(ev) = res {
                if !matches!(ev.kind, notify::EventKind::Access(_)) {
                    for p in ev.paths {
                        let _ = tx.send(p);
                    }
                }
            }
        })
        .map_err(|e| ServeError::Watch {
            path: root.clone(),
            message: e.to_string(),
        })?;
        for (path, mode) in watched(&root) {
            watcher.watch(&path, mode).map_err(|e| ServeError::Watch {
                path: path.clone(),
                message: e.to_string(),
            })?;
        }
        let st = state.clone();
        let rebuilds = std::thread::spawn(move || {
            let output_dir = crate::config::Config::load(&st.root.join(crate::config::CONFIG_FILE))
                .map(|c| c.output_dir)
                .unwrap_or_else(|_| PathBuf::from("site"));
            while let Ok(first) = rx.recv() {
                if st.stopping.load(Ordering::SeqCst) {
                    return;
                }
                // Gather the burst an editor's save makes.
                let mut paths = BTreeSet::from([first]);
                while let Ok(p) = rx.recv_timeout(Duration::from_millis(80)) {
                    paths.insert(p);
                }
                if paths.iter().any(|p| relevant(&st.root, &output_dir, p)) {
                    st.rebuild();
                }
            }
        });
        Ok(Preview {
            server: Arc::new(server),
            state,
            tmp,
            url,
            _watcher: watcher,
            rebuilds,
        })
    }

    /// The start page's address.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The errors of the first build (empty when it succeeded).
    pub fn errors(&self) -> Vec<String> {
        match &self.state.current.lock().expect("lock").1 {
            Built::Ok { .. } => Vec::new(),
            Built::Failed(e) => e.clone(),
        }
    }

    pub fn stopper(&self) -> Stopper {
        Stopper {
            server: self.server.clone(),
            state: self.state.clone(),
        }
    }

    /// Serve until stopped, then remove the temporary folder.
    pub fn run(self) -> Result<(), ServeError> {
        loop {
            let request = match self.server.recv() {
                Ok(r) => r,
                Err(_) if self.state.stopping.load(Ordering::SeqCst) => break,
                Err(e) => {
                    return Err(ServeError::Io {
                        path: self.tmp.clone(),
                        message: e.to_string(),
                    })
                }
            };
            if self.state.stopping.load(Ordering::SeqCst) {
                break;
            }
            let st = self.state.clone();
            std::thread::spawn(move || st.handle(request));
        }
        drop(self._watcher);
        let _ = self.rebuilds.join();
        std::fs::remove_dir_all(&self.tmp).map_err(|e| ServeError::Io {
            path: self.tmp.clone(),
            message: e.to_string(),
        })
    }
}

/// What `serve` prints once stopped.
pub struct Stopped;

impl super::Report for Stopped {
    fn print(&self, c: &mut super::Console<'_>) -> std::io::Result<super::Outcome> {
        if !c.quiet {
            writeln!(c.out, "stopped")?;
        }
        Ok(super::Outcome::Ok)
    }
}

/// Open `url` in the desktop's browser (best effort).
pub fn open_browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_output_folder() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("site");
        std::fs::create_dir_all(out.join("fr/a")).unwrap();
        std::fs::write(out.join("fr/a/index.html"), "x").unwrap();
        std::fs::write(d.path().join("secret.txt"), "s").unwrap();
        let base = out.canonicalize().unwrap();
        assert_eq!(resolve(&out, "/fr/a/"), Some(base.join("fr/a/index.html")));
        assert_eq!(
            resolve(&out, "/fr/a/index.html?x=1"),
            Some(base.join("fr/a/index.html"))
        );
        for bad in [
            "/../secret.txt",
            "/fr/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/fr/%2E%2E/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/fr\\..\\..\\secret.txt",
            "/%00",
            "/%zz",
            "/missing.html",
        ] {
            assert_eq!(resolve(&out, bad), None, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d.path().join("secret.txt"), out.join("link.txt")).unwrap();
            assert_eq!(resolve(&out, "/link.txt"), None);
        }
    }

    #[test]
    fn the_snippet_goes_before_the_last_body_end() {
        assert_eq!(
            inject("<body>a</body></html>", "S"),
            "<body>aS</body></html>"
        );
        assert_eq!(inject("no body", "S"), "no bodyS");
        let s = preview_snippet(7, Some("fr: 2 left"));
        assert!(s.contains("var g=\"7\"") && s.contains("fr: 2 left") && s.contains(EVENTS));
        assert!(!preview_snippet(7, None).contains("diglot-preview"));
    }

    #[test]
    fn overlay_escapes_messages() {
        let p = overlay_page(&["a.md:3:1: <b> & \"x\"".into()]);
        assert!(p.contains("a.md:3:1: &lt;b&gt; &amp; &quot;x&quot;"));
    }
}
