//! Store safety through the real binary (issue #12, items 1, 2 and 4): one
//! writer at a time, a killed import leaves the old or the new memory,
//! rewrites keep what diglot does not own, a build owns only what it wrote,
//! export never silently overwrites, a memory's mode and link are kept.
//!
//! The 50-trial versions of the concurrency and kill tests are
//! `bench/store_stress.sh` (figures in BENCHMARKS.md).

use super::support::{copy_dir, repo};

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_diglot"))
}

/// A copy of the shipped project (39 approved units in its memory).
fn shipped() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for part in ["corpus", "locales", "theme"] {
        copy_dir(&repo().join(part), &d.path().join(part));
    }
    std::fs::copy(repo().join("diglot.toml"), d.path().join("diglot.toml")).unwrap();
    d
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_env(dir, args, &[])
}

fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(bin())
        .current_dir(dir)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

const MEMORY: &str = "corpus/memory/fr.xlf";

/// Export every segment, then split the units into `n` translated files
/// (`part-<k>.fr.xlf`, disjoint), each target `<prefix><source>` (inline
/// codes kept), state final. Returns the files' paths.
fn translated_parts(dir: &Path, n: usize, prefix: &str) -> Vec<PathBuf> {
    let (code, _, err) = run(dir, &["export", "--lang", "fr", "--all", "--out", "ex"]);
    assert_eq!(code, 0, "{err}");
    let file = std::fs::read_dir(dir.join("ex"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let xml = std::fs::read_to_string(&file).unwrap();
    std::fs::remove_dir_all(dir.join("ex")).unwrap();
    let first = xml.find("    <unit").unwrap();
    let end = xml.rfind("  </file>").unwrap();
    let (head, body, tail) = (&xml[..first], &xml[first..end], &xml[end..]);
    let units: Vec<String> = body
        .split("    <unit")
        .filter(|s| !s.is_empty())
        .map(|s| format!("    <unit{s}"))
        .collect();
    let mut out = Vec::new();
    for k in 0..n {
        let mut text = head.to_string();
        for u in units.iter().skip(k).step_by(n) {
            // Drop candidates and any target; add `prefix` + the source.
            let mut u = u.clone();
            if let (Some(a), Some(b)) = (u.find("      <mtc:matches>"), u.find("</mtc:matches>\n"))
            {
                u.replace_range(a..b + "</mtc:matches>\n".len(), "");
            }
            if let (Some(a), Some(b)) = (u.find("<target>"), u.find("</target>")) {
                u.replace_range(a..b + "</target>".len(), "");
            }
            let s = u.find("<source>").unwrap() + "<source>".len();
            let e = u.find("</source>").unwrap();
            let target = format!("<target>{prefix}{}</target>", &u[s..e]);
            u.insert_str(e + "</source>".len(), &target);
            let u = u
                .replace("state=\"initial\"", "state=\"final\"")
                .replace("state=\"translated\"", "state=\"final\"");
            text.push_str(&u);
        }
        text.push_str(tail);
        let p = dir.join(format!("part-{k}.fr.xlf"));
        std::fs::write(&p, text).unwrap();
        out.push(p);
    }
    out
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".diglot-"))
        .collect()
}

#[test]
fn concurrent_imports_of_disjoint_files_all_arrive() {
    for trial in 0..3 {
        let d = shipped();
        let p = d.path();
        let n = 6;
        let parts = translated_parts(p, n, &format!("T{trial} "));
        let children: Vec<_> = parts
            .iter()
            .map(|f| {
                Command::new(bin())
                    .current_dir(p)
                    .args(["import", "-q"])
                    .arg(f)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let mem = std::fs::read_to_string(p.join(MEMORY)).unwrap();
        // Every unit of every file arrived: 39 targets with the new prefix.
        assert_eq!(
            mem.matches(&format!("<target>T{trial} ")).count(),
            39,
            "trial {trial}: an import was lost"
        );
        assert!(leftovers(&p.join("corpus/memory")).is_empty());
        let (code, out, err) = run(p, &["validate", MEMORY]);
        assert_eq!(code, 0, "{out}{err}");
    }
}

#[test]
fn an_import_waits_for_the_lock_then_gives_up_with_a_message() {
    let d = shipped();
    let p = d.path();
    let parts = translated_parts(p, 1, "W ");
    let before = std::fs::read(p.join(MEMORY)).unwrap();
    // Another writer holds the memory's lock.
    let lock = std::fs::File::create(p.join("corpus/memory/.fr.xlf.diglot-lock")).unwrap();
    lock.lock().unwrap();
    let part = parts[0].to_str().unwrap();
    let (code, _, err) = run_env(p, &["import", part], &[("DIGLOT_LOCK_WAIT", "0.3")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("waiting for another diglot process"), "{err}");
    assert!(err.contains("corpus/memory/fr.xlf"), "{err}");
    assert!(err.contains("still writing it after"), "{err}");
    assert_eq!(std::fs::read(p.join(MEMORY)).unwrap(), before);
    lock.unlock().unwrap();
    let (code, _, err) = run(p, &["import", part]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(p.join(MEMORY))
        .unwrap()
        .contains("<target>W "));
}

#[cfg(unix)]
#[test]
fn kill_9_during_import_leaves_the_old_or_the_new_memory() {
    let d = shipped();
    let p = d.path();
    let parts = translated_parts(p, 1, "K ");
    let old = std::fs::read(p.join(MEMORY)).unwrap();
    let (code, _, err) = run(p, &["import", parts[0].to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let new = std::fs::read(p.join(MEMORY)).unwrap();
    assert_ne!(old, new);
    let t0 = std::time::Instant::now();
    let _ = run(p, &["import", "--dry-run", parts[0].to_str().unwrap()]);
    let span = t0.elapsed().as_micros() as u64 + 1;
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for trial in 0..5 {
        std::fs::write(p.join(MEMORY), &old).unwrap();
        let mut child = Command::new(bin())
            .current_dir(p)
            .args(["import", "-q"])
            .arg(&parts[0])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(std::time::Duration::from_micros(seed % span));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = std::fs::read(p.join(MEMORY)).unwrap();
        assert!(
            now == old || now == new,
            "trial {trial}: the memory is neither the old nor the new one"
        );
    }
    // A later import removes what a killed one left.
    std::fs::write(p.join(".mark"), b"").unwrap();
    std::fs::write(p.join("corpus/memory/.fr.xlf.diglot-tmp-4294967290"), b"<x").unwrap();
    let (code, _, err) = run(p, &["import", parts[0].to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        leftovers(&p.join("corpus/memory")).is_empty(),
        "{:?}",
        leftovers(&p.join("corpus/memory"))
    );
}

/// The unit element with this id, from `<unit` to `</unit>`.
fn unit_text<'a>(xml: &'a str, id: &str) -> &'a str {
    let s = xml.find(&format!("<unit id=\"{id}\"")).unwrap();
    let e = xml[s..].find("</unit>").unwrap() + s + "</unit>".len();
    &xml[s..e]
}

fn unit_ids(xml: &str) -> Vec<String> {
    xml.match_indices("<unit id=\"")
        .map(|(i, _)| {
            let r = &xml[i + 10..];
            r[..r.find('"').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn rewrites_keep_notes_comments_and_foreign_attributes_of_untouched_units() {
    let d = shipped();
    let p = d.path();
    let mem_path = p.join(MEMORY);
    let xml = std::fs::read_to_string(&mem_path).unwrap();
    let ids = unit_ids(&xml);
    // A reviewer's additions to three units.
    let (a, b, c) = (&ids[0], &ids[1], &ids[2]);
    let edited = xml
        .replacen("<xliff ", "<xliff xmlns:my=\"urn:x-my\" ", 1)
        .replace(
            &format!("{}\n      <segment", unit_text(&xml, a).split("\n      <segment").next().unwrap()),
            &format!("{}\n      <notes>\n        <note category=\"review\">Checked with the legal team.</note>\n      </notes>\n      <segment", unit_text(&xml, a).split("\n      <segment").next().unwrap()),
        )
        .replace(
            &format!("    <unit id=\"{b}\">"),
            &format!("    <!-- kept as in the 2024 statement -->\n    <unit id=\"{b}\">"),
        )
        .replace(
            &format!("<unit id=\"{c}\">"),
            &format!("<unit id=\"{c}\" my:r=\"A\">"),
        );
    std::fs::write(&mem_path, &edited).unwrap();
    let (code, out, err) = run(p, &["validate", MEMORY]);
    assert_eq!(code, 0, "{out}{err}");
    let kept: Vec<String> = [a, b, c]
        .iter()
        .map(|id| unit_text(&edited, id).to_string())
        .collect();
    // An import that changes every other unit, then check --fix.
    let parts = translated_parts(p, 1, "N ");
    let mut part = std::fs::read_to_string(&parts[0]).unwrap();
    // The three reviewed units are not in the file.
    for u in unit_ids(&part) {
        let t = unit_text(&part, &u).to_string();
        let src = &t[t.find("<source>").unwrap() + 8..t.find("</source>").unwrap()];
        if kept
            .iter()
            .any(|k| k.contains(&format!("<source>{src}</source>")))
        {
            part = part.replace(&t, "");
        }
    }
    std::fs::write(&parts[0], &part).unwrap();
    let (code, _, err) = run(p, &["import", parts[0].to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let imported = std::fs::read_to_string(&mem_path).unwrap();
    // The same import again changes nothing: not a byte.
    let (code, _, err) = run(p, &["import", parts[0].to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&mem_path).unwrap() == imported);
    // check --fix rewrites the targets it fixes (French spacing).
    let (code, _, err) = run(p, &["check", "--fix"]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(err.contains("fixed corpus/memory/fr.xlf"), "{err}");
    let after = std::fs::read_to_string(&mem_path).unwrap();
    assert_ne!(after, imported);
    assert_eq!(after.matches("<target>N ").count(), 36);
    assert!(after.contains("<!-- kept as in the 2024 statement -->"));
    assert!(after.contains("xmlns:my=\"urn:x-my\""));
    for k in &kept {
        assert!(after.contains(k.as_str()), "lost:\n{k}");
    }
    let (code, out, err) = run(p, &["validate", MEMORY]);
    assert_eq!(code, 0, "{out}{err}");
}

#[cfg(unix)]
#[test]
fn a_memory_keeps_its_mode_and_link_and_a_read_only_one_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let d = shipped();
    let p = d.path();
    let parts = translated_parts(p, 2, "M ");
    // The memory lives elsewhere; the project links to it.
    let real = p.join("shared-memory.xlf");
    std::fs::rename(p.join(MEMORY), &real).unwrap();
    std::os::unix::fs::symlink(&real, p.join(MEMORY)).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (code, _, err) = run(p, &["import", parts[0].to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let link = std::fs::symlink_metadata(p.join(MEMORY)).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(text.contains("<target>M "), "the link's target is stale");
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // Read-only: refused, exit 2, file named, nothing changed.
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, err) = run(p, &["import", parts[1].to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("shared-memory.xlf") || err.contains(MEMORY),
        "{err}"
    );
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(std::fs::read_to_string(&real).unwrap(), text);
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
}

#[test]
fn a_rebuild_keeps_what_diglot_did_not_write() {
    let d = shipped();
    let p = d.path();
    let (code, _, err) = run(p, &["build", "--out", "site"]);
    assert_eq!(code, 0, "{err}");
    let site = p.join("site");
    let marker = std::fs::read_to_string(site.join(".diglot-site")).unwrap();
    assert!(
        marker.lines().any(|l| l.ends_with("  index.html")),
        "{marker}"
    );
    assert!(
        marker.lines().any(|l| l.ends_with("  sitemap.xml")),
        "{marker}"
    );
    // A GitHub Pages checkout: .git, CNAME, .nojekyll, a page added by hand.
    std::fs::create_dir_all(site.join(".git/objects")).unwrap();
    std::fs::write(site.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(site.join("CNAME"), "statements.example.org\n").unwrap();
    std::fs::write(site.join(".nojekyll"), "").unwrap();
    std::fs::write(site.join("en/extra.html"), "mine").unwrap();
    // A page diglot wrote that the next build no longer writes.
    let stale = site.join("en/old-statement/index.html");
    std::fs::create_dir_all(stale.parent().unwrap()).unwrap();
    std::fs::write(&stale, "old").unwrap();
    // (XXH3-64 of "old")
    let h = format!("{:016x}", xxh3("old"));
    std::fs::write(
        site.join(".diglot-site"),
        format!("{marker}{h}  en/old-statement/index.html\n"),
    )
    .unwrap();
    let (code, _, err) = run(p, &["build", "--out", "site", "--proof"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(site.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages\n"
    );
    assert!(site.join(".git/objects").is_dir());
    assert!(site.join("CNAME").is_file() && site.join(".nojekyll").is_file());
    assert_eq!(
        std::fs::read_to_string(site.join("en/extra.html")).unwrap(),
        "mine"
    );
    assert!(!stale.exists() && !stale.parent().unwrap().exists());
    let marker = std::fs::read_to_string(site.join(".diglot-site")).unwrap();
    assert!(marker.lines().any(|l| l.ends_with("proof.html")));
    assert!(!marker.contains("old-statement") && !marker.contains("CNAME"));
    // A page edited by hand since diglot wrote it: refused, kept.
    std::fs::write(site.join("index.html"), "my own home page").unwrap();
    let (code, _, err) = run(p, &["build", "--out", "site"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("index.html changed since diglot wrote it"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(site.join("index.html")).unwrap(),
        "my own home page"
    );
    // A file the build would write that the manifest does not list.
    std::fs::write(
        site.join(".diglot-site"),
        marker
            .lines()
            .filter(|l| !l.ends_with("  index.html"))
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
    )
    .unwrap();
    let (code, _, err) = run(p, &["build", "--out", "site"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("index.html was not written by diglot"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(site.join("index.html")).unwrap(),
        "my own home page"
    );
}

/// XXH3-64, as the site manifest records it.
fn xxh3(s: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

#[test]
fn a_planted_marker_authorises_nothing() {
    let d = shipped();
    let p = d.path();
    for (marker, why) in [
        ("", "lists no file"),
        ("# only a comment\n", "lists no file"),
        (
            "This folder is written by `diglot build` and replaced on every build.\n",
            "is not the hash and path",
        ),
        ("notes.txt\n", "is not the hash and path"),
        ("0123456789abcdef  .git/HEAD\n", "is not the hash and path"),
        (
            "0123456789abcdef  ../diglot.toml\n",
            "is not the hash and path",
        ),
        (
            "0123456789abcdef  /etc/hostname\n",
            "is not the hash and path",
        ),
    ] {
        let dir = p.join("victim");
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        std::fs::write(dir.join(".git/HEAD"), "x").unwrap();
        std::fs::write(dir.join("notes.txt"), "precious").unwrap();
        std::fs::write(dir.join(".diglot-site"), marker).unwrap();
        let (code, _, err) = run(p, &["build", "--out", "victim"]);
        assert_eq!(code, 2, "{marker:?}: {err}");
        assert!(err.contains(why), "{marker:?}: {err}");
        assert_eq!(
            std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
            "precious"
        );
        assert!(dir.join(".git/HEAD").is_file());
        assert!(!dir.join("index.html").exists(), "{marker:?}");
    }
    assert_eq!(
        std::fs::read_to_string(p.join("diglot.toml")).unwrap(),
        std::fs::read_to_string(repo().join("diglot.toml")).unwrap()
    );
}

#[test]
fn export_refuses_to_overwrite_a_changed_exchange_file_unless_forced() {
    let d = shipped();
    let p = d.path();
    let (code, _, err) = run(p, &["export", "--lang", "fr", "--all"]);
    assert_eq!(code, 0, "{err}");
    let file = p.join("exchange/civil-society-condemns-us-sanctions-june-2025.fr.xlf");
    let exported = std::fs::read_to_string(&file).unwrap();
    // The same export again: identical bytes, nothing refused.
    let (code, _, err) = run(p, &["export", "--lang", "fr", "--all"]);
    assert_eq!(code, 0, "{err}");
    // A translator's work in progress.
    let wip = exported.replacen("</source>", "</source><target>Quand</target>", 1);
    std::fs::write(&file, &wip).unwrap();
    let (code, _, err) = run(p, &["export", "--lang", "fr", "--all"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("exchange/civil-society-condemns-us-sanctions-june-2025.fr.xlf"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), wip);
    let (code, _, err) = run(p, &["export", "--lang", "fr", "--all", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), exported);
}
