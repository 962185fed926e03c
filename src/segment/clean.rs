//! Cleaning of raw text before segmentation (opt-in).
//!
//! Text pasted from PDFs, web pages or e-mail carries line breaks in the
//! middle of sentences, markup, decorative lines and runs of spaces. The
//! segmenter itself never changes text (its output is byte ranges of its
//! input); callers that take such raw text can run [`clean`] first. The
//! rules are general, and mirror what pragmatic_segmenter's cleaner is
//! specified to do:
//!
//! - HTML/XML tags are removed (also when written as `&lt;b&gt;`);
//! - a literal escaped line break (`\n`, `\r`, `\ n`) after a space becomes a
//!   line break; `\r` becomes `\n`;
//! - decorative runs of 4 or more `/ = * # _ ~` and runs of 5 or more dots
//!   become a space;
//! - a line break before a full stop is removed (`pricing\n.`);
//! - a line break after a space and before a lower-case word or `(` is
//!   joined (`a cold \nnight`); in PDF mode every single line break not
//!   before a bullet or list item is joined, and a blank line separates
//!   paragraphs;
//! - lines that hold only a number (page numbers) are dropped; runs of
//!   three or more lines of one or two capital letters (vertical text) are
//!   joined into one word; lines with no letter or digit are dropped;
//! - a backtick used as an opening quote becomes `'`;
//! - runs of three or more spaces and tabs become one space.

/// Options for [`clean`].
#[derive(Debug, Clone, Copy, Default)]
pub struct CleanOptions {
    /// Text extracted from PDF: single line breaks are not sentence breaks.
    pub pdf: bool,
}

/// Clean raw text (see the module documentation).
pub fn clean(text: &str, opts: &CleanOptions) -> String {
    let t = strip_tags(text);
    let t = t
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let t = strip_tags(&t);
    let t = escaped_breaks(&t);
    let t = t.replace("\r\n", "\n").replace('\r', "\n");
    let t = decorations(&t);
    let t = t.replace('`', "'");
    let lines = fix_lines(&t);
    let t = join_lines(&lines, opts.pdf);
    collapse_spaces(&t)
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('<') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match (is_tag, after.find('>')) {
            (true, Some(q)) if !after[..q].contains('<') => {
                rest = &after[q + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn escaped_breaks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        if cs[i] == '\\'
            && (i == 0 || cs[i - 1].is_whitespace() || cs[i - 1] == 'r' && out.ends_with('\n'))
        {
            let mut k = i + 1;
            if cs.get(k) == Some(&' ') {
                k += 1;
            }
            if matches!(cs.get(k), Some('n' | 'r')) {
                out.push('\n');
                i = k + 1;
                continue;
            }
        }
        out.push(cs[i]);
        i += 1;
    }
    out
}

fn decorations(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        let mut k = i;
        while k < cs.len() && cs[k] == c {
            k += 1;
        }
        let n = k - i;
        if (matches!(c, '/' | '=' | '*' | '#' | '_' | '~') && n >= 4) || (c == '.' && n >= 5) {
            out.push(' ');
        } else {
            out.extend(&cs[i..k]);
        }
        i = k;
    }
    out
}

/// Per-line fixes: page numbers, vertical text, sign-only lines.
fn fix_lines(s: &str) -> Vec<String> {
    let lines: Vec<&str> = s.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let short_caps = |l: &str| {
        let t = l.trim();
        (1..=2).contains(&t.chars().count()) && t.chars().all(char::is_uppercase)
    };
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        let t = l.trim();
        if short_caps(l) {
            let mut k = i;
            while k < lines.len() && short_caps(lines[k]) {
                k += 1;
            }
            if k - i >= 3 {
                out.push(lines[i..k].iter().map(|x| x.trim()).collect());
                i = k;
                continue;
            }
        }
        // Page numbers and lines of signs only ("/") are dropped.
        let page_number = !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
        let signs_only = !t.is_empty()
            && !t.chars().any(char::is_alphanumeric)
            && !t.chars().any(is_bullet)
            && !t.starts_with('.');
        if page_number || signs_only {
            out.push(String::new());
        } else {
            out.push(l.to_string());
        }
        i += 1;
    }
    out
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '◦' | '▪' | '‣' | '-' | '*')
}

fn starts_item(l: &str) -> bool {
    let t = l.trim_start();
    let Some(c) = t.chars().next() else {
        return false;
    };
    if is_bullet(c) {
        return true;
    }
    let d = t.bytes().take_while(u8::is_ascii_digit).count();
    d > 0 && matches!(t.as_bytes().get(d), Some(b'.' | b')'))
}

fn join_lines(lines: &[String], pdf: bool) -> String {
    let mut out = String::new();
    for (n, l) in lines.iter().enumerate() {
        if n == 0 {
            out.push_str(l);
            continue;
        }
        let t = l.trim_start();
        let prev_blank = lines[n - 1].trim().is_empty();
        let join = if t.is_empty() || prev_blank {
            false
        } else if t.starts_with('.') {
            // "pricing\n." – the full stop belongs to the line before.
            out.truncate(out.trim_end().len());
            out.push_str(t);
            continue;
        } else if pdf {
            !starts_item(t)
        } else {
            let first = t.chars().next();
            out.ends_with([' ', '\t']) && first.is_some_and(|c| c.is_lowercase() || c == '(')
        };
        if join {
            out.truncate(out.trim_end_matches([' ', '\t']).len());
            out.push(' ');
            out.push_str(t);
        } else {
            out.push('\n');
            out.push_str(l);
        }
    }
    out
}

/// Runs of three or more spaces or tabs become one space (two spaces are
/// often deliberate, e.g. after a colon in a time stamp).
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let sp = |c: char| c == ' ' || c == '\t';
        if sp(cs[i]) {
            let mut k = i;
            while k < cs.len() && sp(cs[k]) {
                k += 1;
            }
            if k - i >= 3 {
                out.push(' ');
            } else {
                out.extend(&cs[i..k]);
            }
            i = k;
        } else {
            out.push(cs[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_errant_newlines() {
        let o = CleanOptions::default();
        assert_eq!(clean("It was a cold \nnight.", &o), "It was a cold night.");
        assert_eq!(clean("a\n.\n\nB", &o), "a.\n\nB");
        assert_eq!(
            clean("A sentence\ncut off.", &CleanOptions { pdf: true }),
            "A sentence cut off."
        );
    }

    #[test]
    fn removes_markup_and_decoration() {
        let o = CleanOptions::default();
        assert_eq!(clean("<em>Yes.</em>   No.", &o), "Yes. No.");
        assert_eq!(clean("dots........please", &o), "dots please");
        assert_eq!(clean("\nW\nA\nRN\nI\nNG\n", &o).trim(), "WARNING");
    }
}
