//! Word-level differences between a memory candidate and the translation
//! made from it, for the proof pages: a longest common subsequence of
//! words, spaces and punctuation marks (segments are sentences: a few dozen
//! tokens), shown as HTML with `<del>` and `<ins>`.

use super::escape_html;

/// One piece of a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change<'a> {
    Same(&'a str),
    Deleted(&'a str),
    Inserted(&'a str),
}

/// Above this many cells (tokens × tokens after the common ends are
/// removed), the texts are shown as wholly replaced rather than compared.
const MAX_CELLS: usize = 4_000_000;

/// Words (letters, digits, and apostrophes or hyphens between them), runs
/// of spaces, and every other character on its own.
fn tokens(s: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum K {
        Word,
        Space,
        Other,
    }
    let kind = |c: char| {
        if c.is_alphanumeric() {
            K::Word
        } else if c.is_whitespace() {
            K::Space
        } else {
            K::Other
        }
    };
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for (n, &(i, c)) in chars.iter().enumerate() {
        if i == start {
            continue;
        }
        let prev = chars[n - 1].1;
        let joined = match (kind(prev), kind(c)) {
            (K::Word, K::Word) | (K::Space, K::Space) => true,
            // l’audience, peut-être: one word.
            (K::Word, K::Other) if matches!(c, '\'' | '’' | '-') => {
                chars.get(n + 1).is_some_and(|&(_, d)| kind(d) == K::Word)
            }
            (K::Other, K::Word) if matches!(prev, '\'' | '’' | '-') => {
                n >= 2 && kind(chars[n - 2].1) == K::Word
            }
            _ => false,
        };
        if !joined {
            out.push(&s[start..i]);
            start = i;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The changes that turn `old` into `new`, word by word: in each changed
/// stretch the deleted tokens come before the inserted ones, and a space
/// between two changes belongs to the change.
pub fn word_diff<'a>(old: &'a str, new: &'a str) -> Vec<Change<'a>> {
    let a = tokens(old);
    let b = tokens(new);
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Change<'a>> = a[..prefix].iter().map(|t| Change::Same(t)).collect();
    let (n, m) = (am.len(), bm.len());
    if (n + 1).saturating_mul(m + 1) > MAX_CELLS {
        ops.extend(am.iter().map(|t| Change::Deleted(t)));
        ops.extend(bm.iter().map(|t| Change::Inserted(t)));
    } else {
        // lcs[i][j]: length of a longest common subsequence of am[i..] and
        // bm[j..].
        let w = m + 1;
        let mut lcs = vec![0u32; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * w + j] = if am[i] == bm[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                ops.push(Change::Same(am[i]));
                i += 1;
                j += 1;
            } else if j == m || (i < n && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
                ops.push(Change::Deleted(am[i]));
                i += 1;
            } else {
                ops.push(Change::Inserted(bm[j]));
                j += 1;
            }
        }
    }
    ops.extend(a[a.len() - suffix..].iter().map(|t| Change::Same(t)));
    // A space alone between two changes is part of them.
    let changed = |c: Option<&Change>| matches!(c, Some(Change::Deleted(_) | Change::Inserted(_)));
    let mut merged: Vec<Change<'a>> = Vec::with_capacity(ops.len());
    for k in 0..ops.len() {
        match ops[k] {
            Change::Same(t)
                if t.chars().all(char::is_whitespace)
                    && k > 0
                    && changed(ops.get(k - 1))
                    && changed(ops.get(k + 1)) =>
            {
                merged.push(Change::Deleted(t));
                merged.push(Change::Inserted(t));
            }
            c => merged.push(c),
        }
    }
    // Deletions before insertions in each changed stretch.
    let mut out = Vec::with_capacity(merged.len());
    let mut k = 0;
    while k < merged.len() {
        if let Change::Same(_) = merged[k] {
            out.push(merged[k]);
            k += 1;
            continue;
        }
        let end = (k..merged.len())
            .find(|&e| matches!(merged[e], Change::Same(_)))
            .unwrap_or(merged.len());
        let stretch = &merged[k..end];
        out.extend(stretch.iter().filter(|c| matches!(c, Change::Deleted(_))));
        out.extend(stretch.iter().filter(|c| matches!(c, Change::Inserted(_))));
        k = end;
    }
    out
}

/// The difference as HTML: unchanged text escaped, deleted text in
/// `<del>`, inserted text in `<ins>` (one element per stretch).
pub fn word_diff_html(old: &str, new: &str) -> String {
    let mut html = String::with_capacity(old.len() + new.len() + 32);
    let mut open: Option<&str> = None;
    for c in word_diff(old, new) {
        let (tag, text) = match c {
            Change::Same(t) => (None, t),
            Change::Deleted(t) => (Some("del"), t),
            Change::Inserted(t) => (Some("ins"), t),
        };
        if open != tag {
            if let Some(o) = open {
                html.push_str(&format!("</{o}>"));
            }
            if let Some(t) = tag {
                html.push_str(&format!("<{t}>"));
            }
            open = tag;
        }
        html.push_str(&escape_html(text));
    }
    if let Some(o) = open {
        html.push_str(&format!("</{o}>"));
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_spaces_and_marks() {
        assert_eq!(
            tokens("L’audience, peut-être  demain !"),
            [
                "L’audience",
                ",",
                " ",
                "peut-être",
                "  ",
                "demain",
                " ",
                "!"
            ]
        );
        assert_eq!(tokens("a'"), ["a", "'"]);
        assert_eq!(tokens(""), Vec::<&str>::new());
    }

    #[test]
    fn one_word_changed() {
        assert_eq!(
            word_diff_html(
                "La Cour a ajourné l’audience à lundi.",
                "La Cour a ajourné l’audience à mardi."
            ),
            "La Cour a ajourné l’audience à <del>lundi</del><ins>mardi</ins>."
        );
    }

    #[test]
    fn insertions_deletions_and_adjacent_changes() {
        assert_eq!(
            word_diff_html("Le juge a parlé.", "Le juge principal a parlé hier."),
            "Le juge <ins>principal </ins>a parlé<ins> hier</ins>."
        );
        assert_eq!(
            word_diff_html("un deux trois", "quatre cinq six"),
            "<del>un deux trois</del><ins>quatre cinq six</ins>"
        );
        assert_eq!(word_diff_html("Même.", "Même."), "Même.");
    }

    #[test]
    fn escaped() {
        assert_eq!(
            word_diff_html("a < b & c", "a > b & c"),
            "a <del>&lt;</del><ins>&gt;</ins> b &amp; c"
        );
    }

    #[test]
    fn the_changes_rebuild_both_texts() {
        let old = "The court, in its decision of 5 June, adjourned the hearing until Monday.";
        let new = "In its decision of 6 June the court adjourned the public hearing until Tuesday!";
        let d = word_diff(old, new);
        let side = |keep_del: bool| {
            d.iter()
                .filter_map(|c| match *c {
                    Change::Same(t) => Some(t),
                    Change::Deleted(t) if keep_del => Some(t),
                    Change::Inserted(t) if !keep_del => Some(t),
                    _ => None,
                })
                .collect::<String>()
        };
        assert_eq!(side(true), old);
        assert_eq!(side(false), new);
        // The words in common are kept: "decision of", "June", "hearing until".
        let same: String = d
            .iter()
            .filter_map(|c| match c {
                Change::Same(t) => Some(*t),
                _ => None,
            })
            .collect();
        assert!(same.contains("decision of"), "{same}");
        assert!(same.contains("hearing until"), "{same}");
    }

    #[test]
    fn long_texts_are_replaced_whole() {
        let old = "a ".repeat(3000);
        let new = "b ".repeat(3000);
        let html = word_diff_html(&old, &new);
        assert!(html.starts_with("<del>a a"));
        assert_eq!(html.matches("<del>").count(), 1);
        assert_eq!(html.matches("<ins>").count(), 1);
    }
}
