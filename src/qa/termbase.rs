//! A bilingual termbase: a TSV file with a header line naming the languages,
//! `en<TAB>fr[<TAB>note]`, one term a line.
//!
//! # Matching rule (the `terminology` QA rule)
//!
//! *In the source*, each entry is matched as a whole word or phrase (the
//! characters around it are not letters or digits), outside URLs, e-mail
//! addresses and reference numbers:
//! - an entry written all in lowercase (`war crimes`) matches in any case
//!   (`War crimes` at the start of a sentence);
//! - any other entry (`Rome Statute`, `ICC`, `the Court`) matches with its
//!   capitals, except that its first letter may take either case (`The Court`);
//! - a parenthesised part of the source column is a qualifier or an acronym
//!   and is not matched (`the Court (the ICC)` matches `the Court`;
//!   `Assembly of States Parties (ASP)` matches `Assembly of States Parties`);
//! - ` / ` separates alternatives (`ratify / accede to`);
//! - the longest entries win: a match inside a longer match (`Rome Statute`
//!   inside `Rome Statute system`) is not counted.
//!
//! *In the target*, the term is satisfied when the target contains one of the
//! alternatives of the target column (` / `-separated, parenthesised parts
//! dropped: `Procureur / Procureure`, `Organisation des Nations Unies (ONU)`;
//! when both columns have the same number of alternatives they pair up in
//! order, so `Ms / Mr` → `Mme / M.` wants `Mme` for `Ms`),
//! as a whole word or phrase, comparing without case and accents, with every
//! apostrophe as `'`, every hyphen as `-` and every run of spaces (including
//! no-break spaces) as one space. French inflection is **not** attempted:
//! a plural or feminine form that is not listed as an alternative is reported;
//! add it to the entry (`État partie / États parties`) to accept it.

use crate::placeables::{self, Kind, Placeable};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, thiserror::Error)]
pub enum TermbaseError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {problem}")]
    Invalid {
        path: PathBuf,
        line: usize,
        problem: String,
    },
}

/// One termbase entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The source column as written.
    pub source: String,
    /// The approved rendering(s) as written.
    pub target: String,
    pub note: Option<String>,
    /// 1-based line in the file.
    pub line: usize,
    /// Source forms to look for (alternatives, qualifiers dropped).
    forms: Vec<Form>,
    /// Folded target alternatives.
    renderings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Form {
    text: String,
    /// `text` lowercased char by char (same byte length).
    lower: String,
    /// All-lowercase entries match in any case.
    any_case: bool,
    /// Indices into the term's renderings that this form accepts.
    renderings: Vec<usize>,
}

/// A loaded termbase.
#[derive(Debug, Clone, Default)]
pub struct Termbase {
    /// Language of the first column (from the header).
    pub source_lang: String,
    /// Language of the second column (from the header).
    pub target_lang: String,
    pub terms: Vec<Term>,
    /// Lowercased first word of each form → (term, form) indices; forms
    /// that do not start with a letter or digit are in `unindexed`.
    index: HashMap<String, Vec<(usize, usize)>>,
    unindexed: Vec<(usize, usize)>,
}

/// A term found in a source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch<'a> {
    pub term: &'a Term,
    /// Byte range in the source text.
    pub range: Range<usize>,
    /// Which source alternative of the term matched (0-based).
    pub form: usize,
}

impl TermMatch<'_> {
    /// Whether a target already passed through [`fold`] contains a rendering
    /// approved for the matched form.
    pub fn rendered_in_folded(&self, folded_target: &str) -> bool {
        self.term.forms[self.form]
            .renderings
            .iter()
            .any(|&k| contains_phrase(folded_target, &self.term.renderings[k]))
    }

    /// Whether a target text contains a rendering approved for the match.
    pub fn rendered_in(&self, target: &str) -> bool {
        self.rendered_in_folded(&fold(target))
    }

    /// The renderings approved for the matched form, as written.
    pub fn renderings(&self) -> Vec<String> {
        let all = alternatives(&self.term.target);
        self.term.forms[self.form]
            .renderings
            .iter()
            .filter_map(|&k| all.get(k).cloned())
            .collect()
    }
}

/// Drop parenthesised parts (nested ones too) and normalise spaces.
fn strip_parens(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn alternatives(s: &str) -> Vec<String> {
    s.split(" / ")
        .map(strip_parens)
        .filter(|a| !a.is_empty())
        .collect()
}

/// Fold for comparing renderings: no case, no accents, one apostrophe, one
/// hyphen, one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            '’' | '‘' | 'ʼ' | '′' | '`' => '\'',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => '-',
            c if c.is_whitespace() || c == '\u{202F}' || c == '\u{A0}' => ' ',
            c => c,
        };
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `needle` occurs in `hay` as a whole word or phrase.
fn contains_phrase(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        hay[..i].chars().next_back().is_none_or(|c| !is_word(c))
            && hay[i + needle.len()..]
                .chars()
                .next()
                .is_none_or(|c| !is_word(c))
    })
}

/// Lowercase char by char where that keeps the byte length, so that offsets
/// stay valid.
fn lower_same_len(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(x), None) if x.len_utf8() == c.len_utf8() => out.push(x),
            _ => out.push(c),
        }
    }
    out
}

impl Termbase {
    /// Read a termbase file.
    pub fn load(path: &Path) -> Result<Termbase, TermbaseError> {
        let text = std::fs::read_to_string(path).map_err(|source| TermbaseError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Termbase::parse(&text, path)
    }

    /// Parse termbase text; `path` is used in error messages only.
    pub fn parse(text: &str, path: &Path) -> Result<Termbase, TermbaseError> {
        let invalid = |line: usize, problem: String| TermbaseError::Invalid {
            path: path.to_path_buf(),
            line,
            problem,
        };
        let mut tb = Termbase::default();
        let mut header_seen = false;
        for (n, raw) in text.lines().enumerate() {
            let line = n + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = raw.split('\t').collect();
            if !header_seen {
                if cols.len() < 2 || cols[0].trim().is_empty() || cols[1].trim().is_empty() {
                    return Err(invalid(
                        line,
                        "the first line must be a header naming the languages, e.g. `en<TAB>fr<TAB>note`"
                            .into(),
                    ));
                }
                tb.source_lang = cols[0].trim().to_string();
                tb.target_lang = cols[1].trim().to_string();
                header_seen = true;
                continue;
            }
            if cols.len() < 2 {
                return Err(invalid(
                    line,
                    "expected at least two tab-separated columns (term and rendering)".into(),
                ));
            }
            let (source, target) = (cols[0].trim(), cols[1].trim());
            if source.is_empty() || target.is_empty() {
                return Err(invalid(line, "empty term or rendering".into()));
            }
            let renderings: Vec<String> = alternatives(target).iter().map(|a| fold(a)).collect();
            let sources = alternatives(source);
            // As many alternatives on both sides: they pair up in order
            // (`Ms / Mr` → `Mme / M.`); otherwise any rendering will do.
            let paired = sources.len() > 1 && sources.len() == renderings.len();
            let forms: Vec<Form> = sources
                .into_iter()
                .enumerate()
                .map(|(k, text)| {
                    let text = text.replace(['’', 'ʼ'], "'");
                    Form {
                        any_case: !text.chars().any(char::is_uppercase),
                        lower: lower_same_len(&text),
                        text,
                        renderings: if paired {
                            vec![k]
                        } else {
                            (0..renderings.len()).collect()
                        },
                    }
                })
                .collect();
            if forms.is_empty() || renderings.is_empty() {
                return Err(invalid(
                    line,
                    "term or rendering is only a parenthesised qualifier".into(),
                ));
            }
            tb.terms.push(Term {
                source: source.to_string(),
                target: target.to_string(),
                note: cols
                    .get(2)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
                line,
                forms,
                renderings,
            });
        }
        if !header_seen {
            return Err(invalid(1, "empty termbase: no header line".into()));
        }
        for (ti, term) in tb.terms.iter().enumerate() {
            for (fi, form) in term.forms.iter().enumerate() {
                let first: String = form.lower.chars().take_while(|c| is_word(*c)).collect();
                if first.is_empty() {
                    tb.unindexed.push((ti, fi));
                } else {
                    tb.index.entry(first).or_default().push((ti, fi));
                }
            }
        }
        Ok(tb)
    }

    /// Whether this termbase applies to a language pair (by primary subtag).
    pub fn applies_to(&self, source_lang: &str, target_lang: &str) -> bool {
        let p = |l: &str| l.split(['-', '_']).next().unwrap_or(l).to_lowercase();
        p(&self.source_lang) == p(source_lang) && p(&self.target_lang) == p(target_lang)
    }

    /// The terms a source text contains (longest matches, no overlaps).
    pub fn find_in<'a>(&'a self, source_lang: &str, text: &str) -> Vec<TermMatch<'a>> {
        self.find_in_with(text, &placeables::find(source_lang, text))
    }

    /// [`Termbase::find_in`] with the text's placeables already found.
    pub fn find_in_with<'a>(&'a self, text: &str, found: &[Placeable]) -> Vec<TermMatch<'a>> {
        // Normalise apostrophes and blank out URLs, e-mail addresses and
        // references; `map` takes a byte offset of `hay` back to `text`.
        let blank: Vec<Range<usize>> = found
            .iter()
            .filter(|p| matches!(p.value.kind(), Kind::Url | Kind::Email | Kind::Reference))
            .map(|p| p.range.clone())
            .collect();
        let mut hay = String::with_capacity(text.len());
        let mut map: Vec<usize> = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            let c = if blank.iter().any(|r| r.contains(&i)) {
                ' '
            } else if matches!(c, '’' | 'ʼ') {
                '\''
            } else {
                c
            };
            let start = hay.len();
            hay.push(c);
            map.extend(std::iter::repeat_n(i, hay.len() - start));
        }
        map.push(text.len());
        let lower = lower_same_len(&hay);
        let mut found: Vec<TermMatch<'a>> = Vec::new();
        let mut try_at = |ti: usize, fi: usize, i: usize| {
            let term = &self.terms[ti];
            let form = &term.forms[fi];
            let end = i + form.lower.len();
            if !lower[i..].starts_with(form.lower.as_str()) {
                return;
            }
            let before_ok = hay[..i].chars().next_back().is_none_or(|c| !is_word(c));
            let after_ok = hay[end..].chars().next().is_none_or(|c| !is_word(c));
            if !(before_ok && after_ok) {
                return;
            }
            if !form.any_case {
                // Capitals must match, except on the first letter.
                let first = form.text.chars().next().map(char::len_utf8).unwrap_or(0);
                if hay[i + first..end] != form.text[first..] {
                    return;
                }
            }
            found.push(TermMatch {
                term,
                range: map[i]..map[end],
                form: fi,
            });
        };
        // Candidates by first word.
        let mut i = 0;
        while i < lower.len() {
            let Some(c) = lower[i..].chars().next() else {
                break;
            };
            let starts_word =
                is_word(c) && lower[..i].chars().next_back().is_none_or(|p| !is_word(p));
            if starts_word {
                let len: usize = lower[i..]
                    .chars()
                    .take_while(|c| is_word(*c))
                    .map(char::len_utf8)
                    .sum();
                if let Some(cands) = self.index.get(&lower[i..i + len]) {
                    for &(ti, fi) in cands {
                        try_at(ti, fi, i);
                    }
                }
                i += len;
            } else {
                i += c.len_utf8();
            }
        }
        for &(ti, fi) in &self.unindexed {
            let needle = self.terms[ti].forms[fi].lower.clone();
            for (i, _) in lower.match_indices(needle.as_str()) {
                try_at(ti, fi, i);
            }
        }
        // Longest first; drop matches overlapping a kept one.
        found.sort_by(|a, b| {
            (b.range.len(), a.range.start, a.term.line).cmp(&(
                a.range.len(),
                b.range.start,
                b.term.line,
            ))
        });
        let mut kept: Vec<TermMatch<'a>> = Vec::new();
        for m in found {
            if kept
                .iter()
                .all(|k| m.range.end <= k.range.start || k.range.end <= m.range.start)
            {
                kept.push(m);
            }
        }
        kept.sort_by_key(|m| m.range.start);
        kept
    }
}

impl Term {
    /// Whether a target text contains an approved rendering (see the module
    /// documentation for the comparison).
    pub fn rendered_in(&self, target: &str) -> bool {
        self.rendered_in_folded(&fold(target))
    }

    /// [`Term::rendered_in`] on a target already passed through [`fold`].
    pub fn rendered_in_folded(&self, folded_target: &str) -> bool {
        self.renderings
            .iter()
            .any(|r| contains_phrase(folded_target, r))
    }

    /// The approved renderings, as written (alternatives, qualifiers dropped).
    pub fn renderings(&self) -> Vec<String> {
        alternatives(&self.target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TB: &str = "en\tfr\tnote\n\
International Criminal Court\tCour pénale internationale\tOBS\n\
ICC\tCPI\n\
the Court (the ICC)\tla Cour\n\
Rome Statute\tStatut de Rome\n\
Rome Statute system\tsystème du Statut de Rome\n\
Prosecutor (of the ICC)\tProcureur / Procureure\n\
war crimes\tcrimes de guerre\n\
victims' access to justice\taccès des victimes à la justice\n\
United Nations\tOrganisation des Nations Unies (ONU) / Nations Unies\n";

    fn tb() -> Termbase {
        Termbase::parse(TB, Path::new("tb.tsv")).expect("valid")
    }

    fn found(src: &str) -> Vec<String> {
        let tb = tb();
        tb.find_in("en", src)
            .into_iter()
            .map(|m| src[m.range].to_string())
            .collect()
    }

    #[test]
    fn parses_header_and_entries() {
        let tb = tb();
        assert_eq!(
            (tb.source_lang.as_str(), tb.target_lang.as_str()),
            ("en", "fr")
        );
        assert_eq!(tb.terms.len(), 9);
        assert_eq!(tb.terms[0].note.as_deref(), Some("OBS"));
        assert_eq!(tb.terms[0].line, 2);
        assert!(tb.applies_to("en-GB", "fr"));
        assert!(!tb.applies_to("fr", "en"));
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = Termbase::parse("en\tfr\nICC\n", Path::new("t.tsv")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.tsv:2: expected at least two tab-separated columns (term and rendering)"
        );
        let e = Termbase::parse("onlyone\n", Path::new("t.tsv")).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("t.tsv:1: the first line must be a header"));
        let e = Termbase::parse("en\tfr\n\n\t(x)\n", Path::new("t.tsv")).unwrap_err();
        assert_eq!(e.to_string(), "t.tsv:3: empty term or rendering");
        assert!(matches!(
            Termbase::load(Path::new("/nonexistent/tb.tsv")),
            Err(TermbaseError::Io { .. })
        ));
    }

    #[test]
    fn source_matching() {
        assert_eq!(
            found("The Court said the ICC and the Rome Statute system"),
            vec!["The Court", "ICC", "Rome Statute system"]
        );
        assert_eq!(
            found("War crimes and WAR CRIMES"),
            vec!["War crimes", "WAR CRIMES"]
        );
        // Capitalised entries keep their capitals; whole words only.
        assert!(found("the court of appeal, ICCs, icc").is_empty());
        // Not inside URLs, e-mails or references.
        assert!(found("see https://www.icc-cpi.int/ICC and ICC-01/04-01/06").is_empty());
        assert_eq!(
            found("victims’ access to justice"),
            vec!["victims’ access to justice"]
        );
        assert_eq!(found("the Prosecutor"), vec!["Prosecutor"]);
    }

    #[test]
    fn target_comparison() {
        let tb = tb();
        let term = |s: &str| tb.terms.iter().find(|t| t.source == s).expect("term");
        assert!(term("International Criminal Court").rendered_in("la COUR PENALE internationale"));
        assert!(term("Prosecutor (of the ICC)").rendered_in("la Procureure a dit"));
        assert!(!term("Prosecutor (of the ICC)").rendered_in("le procureurs"));
        assert!(term("United Nations").rendered_in("l’Organisation des Nations\u{A0}Unies"));
        assert!(term("victims' access to justice").rendered_in("l’accès des victimes à la justice"));
        assert!(!term("ICC").rendered_in("la CPIX"));
        assert_eq!(
            term("United Nations").renderings(),
            vec!["Organisation des Nations Unies", "Nations Unies"]
        );
    }

    #[test]
    fn alternatives_pair_up_in_order() {
        let tb = Termbase::parse(
            "en\tfr\nMs / Mr\tMme / M.\nstaff / personnel\tpersonnel\n",
            Path::new("t"),
        )
        .unwrap();
        let m = tb.find_in("en", "Mr Khan and Ms Akane and the staff");
        let got: Vec<(&str, Vec<String>, bool)> = m
            .iter()
            .map(|m| {
                (
                    &"Mr Khan and Ms Akane and the staff"[m.range.clone()],
                    m.renderings(),
                    m.rendered_in("M. Khan et la juge Akane"),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("Mr", vec!["M.".to_string()], true),
                ("Ms", vec!["Mme".to_string()], false),
                ("staff", vec!["personnel".to_string()], false),
            ]
        );
    }

    #[test]
    fn loads_the_shared_termbase() {
        let p = Path::new("/work/shared/data/termbase/icc-en-fr.tsv");
        if let Ok(text) = std::fs::read_to_string(p) {
            let tb = Termbase::parse(&text, p).expect("the ICC termbase parses");
            assert!(tb.terms.len() > 100);
            let m = tb.find_in(
                "en",
                "Pre-Trial Chamber II of the International Criminal Court",
            );
            let names: Vec<&str> = m.iter().map(|m| m.term.source.as_str()).collect();
            assert_eq!(
                names,
                vec!["Pre-Trial Chamber", "International Criminal Court"]
            );
        }
    }
}
