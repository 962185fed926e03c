//! docs/ci.md: its GitHub Actions and GitLab CI workflows are valid YAML of
//! the expected shape, and every `diglot` invocation in them names a command
//! and options the real binary accepts (each is run in a new project).

use assert_cmd::Command;
use std::path::Path;
use yaml_rust2::{Yaml, YamlLoader};

fn docs() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md")).unwrap()
}

/// The ```yaml blocks of a Markdown text.
fn yaml_blocks(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in md.lines() {
        match &mut cur {
            None if line.trim_start() == "```yaml" => cur = Some(String::new()),
            Some(b) if line.trim_start() == "```" => {
                out.push(std::mem::take(b));
                cur = None;
            }
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None => {}
        }
    }
    out
}

fn get<'a>(y: &'a Yaml, key: &str) -> &'a Yaml {
    &y[key]
}

/// Every shell script of a workflow: GitHub `run` values, GitLab
/// `script`/`before_script` items.
fn scripts(y: &Yaml, out: &mut Vec<String>) {
    match y {
        Yaml::Hash(h) => {
            for (k, v) in h {
                let k = k.as_str().unwrap_or("");
                match (k, v) {
                    ("run", Yaml::String(s)) => out.push(s.clone()),
                    ("script" | "before_script", Yaml::Array(a)) => {
                        out.extend(a.iter().filter_map(|x| x.as_str().map(String::from)))
                    }
                    _ => scripts(v, out),
                }
            }
        }
        Yaml::Array(a) => a.iter().for_each(|x| scripts(x, out)),
        _ => {}
    }
}

/// The `diglot` invocations of a script, as argument lists (without
/// `diglot`, redirections dropped).
fn invocations(script: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in script.lines() {
        for cmd in line.split(['|', ';']).flat_map(|c| c.split("&&")) {
            let mut words = cmd.split_whitespace().peekable();
            if words.peek() != Some(&"diglot") {
                continue;
            }
            words.next();
            let mut args = Vec::new();
            while let Some(w) = words.next() {
                if w.starts_with('>') {
                    if w == ">" || w == ">>" {
                        words.next();
                    }
                    continue;
                }
                args.push(w.trim_matches(['\'', '"']).to_string());
            }
            out.push(args);
        }
    }
    out
}

#[test]
fn workflows_call_diglot_commands_that_exist() {
    let md = docs();
    let blocks = yaml_blocks(&md);
    assert_eq!(blocks.len(), 2, "one GitHub and one GitLab workflow");
    let github = &YamlLoader::load_from_str(&blocks[0]).expect("GitHub workflow is YAML")[0];
    let gitlab = &YamlLoader::load_from_str(&blocks[1]).expect("GitLab workflow is YAML")[0];

    // Shape: GitHub jobs are steps of `uses` or `run`; the site is uploaded.
    let jobs = get(github, "jobs").as_hash().expect("jobs");
    assert!(!get(github, "on").is_badvalue());
    let mut uses = Vec::new();
    for (_, job) in jobs {
        assert!(get(job, "runs-on").as_str().is_some());
        for step in get(job, "steps").as_vec().into_iter().flatten() {
            let u = get(step, "uses").as_str();
            assert!(
                u.is_some() != get(step, "run").as_str().is_some(),
                "a step has `uses` or `run`: {step:?}"
            );
            uses.extend(u.map(String::from));
        }
    }
    assert!(uses
        .iter()
        .any(|u| u.starts_with("actions/upload-pages-artifact")));
    // GitLab: the check job reports JUnit, `pages` publishes `public`.
    assert_eq!(
        get(
            get(get(get(gitlab, "check"), "artifacts"), "reports"),
            "junit"
        )
        .as_str(),
        Some("diglot-junit.xml")
    );
    assert_eq!(
        get(get(get(gitlab, "pages"), "artifacts"), "paths")[0].as_str(),
        Some("public")
    );

    let mut all = Vec::new();
    for y in [github, gitlab] {
        let mut s = Vec::new();
        scripts(y, &mut s);
        assert!(
            s.iter()
                .any(|x| x.contains("cargo install --locked --path .")),
            "{s:?}"
        );
        all.push(s.iter().flat_map(|x| invocations(x)).collect::<Vec<_>>());
    }
    let has = |i: usize, args: &[&str]| all[i].iter().any(|a| a == args);
    assert!(has(0, &["check", "--format", "github"]), "{:?}", all[0]);
    assert!(has(0, &["build"]), "{:?}", all[0]);
    assert!(has(1, &["check", "--format", "junit"]), "{:?}", all[1]);
    assert!(has(1, &["build", "--out", "public"]), "{:?}", all[1]);

    // Each invocation, run by the real binary in a new project: a usage
    // error (unknown command, option or value) exits 2 with clap's message.
    for args in all.iter().flatten() {
        let tmp = tempfile::tempdir().unwrap();
        Command::cargo_bin("diglot")
            .unwrap()
            .current_dir(tmp.path())
            .args(["init", "-q"])
            .assert()
            .success();
        let out = Command::cargo_bin("diglot")
            .unwrap()
            .current_dir(tmp.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "diglot {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The extraction itself: a misspelt option would be caught.
#[test]
fn a_wrong_invocation_is_caught() {
    let inv = invocations("echo x && diglot chek --format github > out.txt\ndiglot build");
    assert_eq!(
        inv,
        vec![
            vec!["chek".to_string(), "--format".into(), "github".into()],
            vec!["build".to_string()]
        ]
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("diglot")
        .unwrap()
        .current_dir(tmp.path())
        .args(&inv[0])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
