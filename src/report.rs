//! Report formats of [`Diagnostic`]s, in one place: the human text grouped
//! by file, JSON (schema version 1 in README, a contract), GitHub Actions
//! workflow commands, JUnit XML, and the one-line forms of `validate`,
//! `import` and `build`.

use crate::diagnostic::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

fn errors(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}

fn warnings(diags: &[Diagnostic]) -> usize {
    diags.len() - errors(diags)
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// ` [fr]`, or nothing.
fn lang_tag(d: &Diagnostic) -> String {
    d.lang
        .as_deref()
        .map(|l| format!(" [{l}]"))
        .unwrap_or_default()
}

/// Human report grouped by file, with a count of errors and warnings.
pub fn text(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut by_file: BTreeMap<&Path, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags {
        by_file.entry(&d.path).or_default().push(d);
    }
    for (path, ds) in by_file {
        out.push_str(&format!("{}\n", path.display()));
        for d in ds {
            let at = match (d.line, d.column) {
                (0, _) => String::new(),
                (l, c) => format!("{l}:{c}: "),
            };
            out.push_str(&format!(
                "  {at}{}[{}]{}: {}\n",
                severity(d.severity),
                d.rule,
                lang_tag(d),
                d.message
            ));
            if let Some(s) = &d.snippet {
                out.push_str(&format!("      | {s}\n"));
            }
        }
    }
    out.push_str(&format!(
        "{} error(s), {} warning(s)\n",
        errors(diags),
        warnings(diags)
    ));
    out
}

/// GitHub Actions workflow commands: one `::error`/`::warning` line per
/// diagnostic, with file, line and column.
pub fn github(diags: &[Diagnostic]) -> String {
    fn esc_data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn esc_prop(s: &str) -> String {
        esc_data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for d in diags {
        // A diagnostic about a whole file (line 0) is annotated on the file.
        let at = match (d.line, d.column) {
            (0, _) => String::new(),
            (l, 0) => format!(",line={l}"),
            (l, c) => format!(",line={l},col={c}"),
        };
        out.push_str(&format!(
            "::{} file={}{at},title={}::{}\n",
            severity(d.severity),
            esc_prop(&d.path.to_string_lossy()),
            esc_prop(&format!("diglot {}{}", d.rule, lang_tag(d))),
            esc_data(&d.message)
        ));
    }
    out
}

/// JUnit XML: a test suite per file, a test case per diagnostic (named by
/// its rule id, class name the file); an error is a `<failure>`, a warning
/// passes with its text in `<system-out>`. No diagnostic is one passing
/// test case.
pub fn junit(diags: &[Diagnostic]) -> String {
    let esc = crate::xliff::escape_xml;
    let mut suites: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags {
        suites
            .entry(d.path.to_string_lossy().into_owned())
            .or_default()
            .push(d);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"diglot check\" tests=\"{}\" failures=\"{}\">\n",
        diags.len().max(1),
        errors(diags)
    ));
    if suites.is_empty() {
        out.push_str("  <testsuite name=\"diglot check\" tests=\"1\" failures=\"0\">\n    <testcase name=\"all checks\" classname=\"diglot\"/>\n  </testsuite>\n");
    }
    for (file, ds) in &suites {
        let failures = ds.iter().filter(|d| d.is_error()).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
            esc(file),
            ds.len(),
            failures
        ));
        for d in ds {
            let lang = lang_tag(d);
            let at = if d.line == 0 {
                file.clone()
            } else {
                format!("{file}:{}:{}", d.line, d.column)
            };
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\">\n",
                esc(&d.rule),
                esc(file)
            ));
            let text = match &d.snippet {
                Some(s) => format!("{at}:{lang} {}\n| {s}", d.message),
                None => format!("{at}:{lang} {}", d.message),
            };
            match d.severity {
                Severity::Error => out.push_str(&format!(
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    esc(&d.message),
                    esc(&d.rule),
                    esc(&text)
                )),
                Severity::Warning => out.push_str(&format!(
                    "      <system-out>warning: {}</system-out>\n",
                    esc(&text)
                )),
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// JSON report, schema version 1 (README), with `extra` changes (the
/// `fixes` array of `check --fix`, present only when there are some).
pub fn json<F: Serialize>(diags: &[Diagnostic], fixes: &[F]) -> String {
    #[derive(Serialize)]
    struct Summary {
        errors: usize,
        warnings: usize,
    }
    #[derive(Serialize)]
    struct Json<'a, F: Serialize> {
        version: u32,
        summary: Summary,
        findings: &'a [Diagnostic],
        #[serde(skip_serializing_if = "<[F]>::is_empty")]
        fixes: &'a [F],
    }
    let j = Json {
        version: 1,
        summary: Summary {
            errors: errors(diags),
            warnings: warnings(diags),
        },
        findings: diags,
        fixes,
    };
    serde_json::to_string_pretty(&j).expect("report serialises") + "\n"
}

/// `path:line:column: [rule] message`, as `validate` and `xliff` print a
/// violation.
pub fn line(d: &Diagnostic) -> String {
    format!(
        "{}:{}:{}: [{}] {}",
        d.path.display(),
        d.line,
        d.column,
        d.rule,
        d.message
    )
}

/// `path:line:column: [lang] message: “snippet”`, as `build` prints a
/// missing translation.
pub fn missing(d: &Diagnostic) -> String {
    format!(
        "{}:{}:{}: [{}] {}: “{}”",
        d.path.display(),
        d.line,
        d.column,
        d.lang.as_deref().unwrap_or(""),
        d.message,
        d.snippet.as_deref().unwrap_or("")
    )
}

/// `severity: path:line: unit `id`: message [rule]`, as `import` prints a
/// unit it did not import.
pub fn rejection(d: &Diagnostic) -> String {
    format!(
        "{}: {}:{}: unit `{}`: {} [{}]",
        severity(d.severity),
        d.path.display(),
        d.line,
        d.id.as_deref().unwrap_or(""),
        d.message,
        d.rule
    )
}

/// The JSON array of `validate --format json`: `path`, `rule`, `line`,
/// `column`, `message` per violation.
pub fn validation_json(diags: &[Diagnostic]) -> String {
    #[derive(Serialize)]
    struct Violation<'a> {
        path: &'a Path,
        rule: &'a str,
        line: usize,
        column: usize,
        message: &'a str,
    }
    let list: Vec<Violation> = diags
        .iter()
        .map(|d| Violation {
            path: &d.path,
            rule: &d.rule,
            line: d.line,
            column: d.column,
            message: &d.message,
        })
        .collect();
    serde_json::to_string_pretty(&list).expect("violations serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: &str, line: usize, message: &str) -> Vec<Diagnostic> {
        let d = Diagnostic::new(
            "numbers",
            Severity::Error,
            path,
            line,
            if line == 0 { 0 } else { 3 },
            message,
        )
        .with_snippet("a <b> & \"c\"\u{1}");
        vec![d]
    }

    #[test]
    fn github_escapes_data_and_properties() {
        let r = report("a,b:c%.md", 2, "50% done\r\nnext");
        assert_eq!(
            github(&r),
            "::error file=a%2Cb%3Ac%25.md,line=2,col=3,title=diglot numbers::50%25 done%0D%0Anext\n"
        );
        let r = report("x.ftl", 0, "missing");
        assert_eq!(
            github(&r),
            "::error file=x.ftl,title=diglot numbers::missing\n"
        );
    }

    #[test]
    fn junit_escapes_markup_and_drops_control_characters() {
        let xml = junit(&report("a&b.md", 1, "<x> \"y\" & 'z'"));
        assert!(
            xml.contains("<failure message=\"&lt;x&gt; &quot;y&quot; &amp; &apos;z&apos;\" type=\"numbers\">a&amp;b.md:1:3: &lt;x&gt;"),
            "{xml}"
        );
        assert!(
            xml.contains("| a &lt;b&gt; &amp; &quot;c&quot;</failure>"),
            "{xml}"
        );
        assert!(!xml.contains('\u{1}'));
    }
}
