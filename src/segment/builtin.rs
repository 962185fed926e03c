//! The built-in rule engine: one pass over the bytes of the text, stopping
//! only at candidate bytes (`.` `?` `!` `)` `-` newline, and the lead bytes
//! of `…` `•` `⁃` `—` `‽` and the full-width stops), and deciding each
//! candidate from the language's data
//! (`src/languages/<tag>/segmentation.toml`): titles,
//! non-breaking abbreviations, ambiguous abbreviations, abbreviations that end
//! before any capital, sentence starters, letter words, exclamation words.
//!
//! How a full stop followed by a space is decided, from the word before it
//! and the word after it:
//!
//! | word before                          | breaks when the next word …                              |
//! |--------------------------------------|----------------------------------------------------------|
//! | title (`Mr.`, `M.`), non-breaking (`e.g.`, `pp.`), single lower-case letter (`s.`, `p.`), single capital that is not a word (`Q.`) | never |
//! | ambiguous abbreviation (`etc.`, `Co.`, `No.`), dotted acronym (`U.S.`, `É.-U.`) | is a sentence starter or a title, and the sentence so far has enough words, and no bracket follows |
//! | `end_before_capital` (`a.m.`, `p.m.`) | is capitalised, with the same two conditions            |
//! | letter word (`I`)                    | is a sentence starter                                    |
//! | anything else                        | starts with a capital, a digit or another opening sign   |
//!
//! A lower-case next word never follows a break, with two exceptions, both
//! only after an ordinary word: everywhere if the data sets
//! `break_before_lowercase`; before a short lower-case fragment that runs to
//! a line break (`city. features⏎`) if the data has a `lowercase_fragment`
//! table, which also says what an ordinary word looks like. `?` and `!` break
//! before a capital, a digit or an opening sign. A terminator inside a
//! quotation or bracket that closes later (`'Dear! How queer!' she said`)
//! does not break; one that closes it breaks only before a capital, and
//! before a bracket only when the bracket holds a whole sentence followed by
//! another (`think!" (Dinah was the cat.) "I hope`), not an aside at the end
//! (`house!' (Which was very likely true.)`). Ellipses: `...`/`…`/`....`
//! break before a capital, `. . .` never, `. . . .` does, and
//! `word. . . . The` breaks after `word.`.
//! Footnote numbers (`consultation.11 12 Take`), references (`martyr.[1]`)
//! and a missing space (`world.Today`) are handled. Numbered, lettered and
//! roman list items (`1.`, `2)`, `a.`, `iv)`) in sequence start a segment
//! when the first opens an item (at the start of the text or a line, after a
//! bullet, a colon or a sentence end, or inside an item of another list), or
//! when they are a run-in numbered list of clauses (`by 1) taking … and 2)
//! judging …`); so `Sentence 1. Sentence 2. Sentence 3.` and `alinéas a), b)
//! ou c)` are not lists. A marker right after one of the data's
//! `reference_words` (`des alinéas b) et c)`, `subparagraphs a), b) or c)`),
//! or joined to such a marker by a `reference_joiners` word, is a reference
//! and never part of a list, even inside an item of a list (`a) Sauf … des
//! alinéas b) et c) …`). A lone item marker is never a segment by itself.
//! A single line break ends a segment unless `newline_breaks = false`; a
//! blank line always does.
//!
//! Every look-back or look-ahead is bounded, so the scan stays linear.

use crate::model::placeholder_index;
use serde::Deserialize;
use std::collections::{BTreeSet, HashSet};

/// Rules for one language, as written in the data files.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleData {
    /// Titles and prepositive abbreviations (exact case, with final dot):
    /// never followed by a break.
    #[serde(default)]
    pub titles: Vec<String>,
    /// Abbreviations never followed by a break (any letter case).
    #[serde(default)]
    pub non_breaking: Vec<String>,
    /// Abbreviations that may end a sentence (any letter case).
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Abbreviations that end a sentence before any capitalised word
    /// (`p.m.`), given enough words before them (any letter case).
    #[serde(default)]
    pub end_before_capital: Vec<String>,
    /// Words that typically open a sentence.
    #[serde(default)]
    pub sentence_starters: Vec<String>,
    /// Capital letters that are words of their own (English `I`): a full
    /// stop after them may end a sentence; after other single capitals
    /// (initials, variables) it does not.
    #[serde(default)]
    pub letter_words: Vec<String>,
    /// Whether a full stop after an ordinary word (not an abbreviation)
    /// ends a sentence before a lower-case word. `false` keeps unknown
    /// abbreviations safe; `true` follows pragmatic_segmenter.
    #[serde(default)]
    pub break_before_lowercase: bool,
    /// When `break_before_lowercase` is off: a full stop after an ordinary
    /// word still ends a sentence before a short lower-case fragment that
    /// runs to the end of its line (`… in the city. features⏎`). Absent:
    /// never.
    #[serde(default)]
    pub lowercase_fragment: Option<LowercaseFragment>,
    /// Names that end in `!` (`Yahoo!`).
    #[serde(default)]
    pub exclamation_words: Vec<String>,
    /// Words the sentence must have before an ambiguous abbreviation ends it.
    #[serde(default = "default_min_words")]
    pub ambiguous_break_min_words: usize,
    /// Whether a single line break ends a segment (a blank line always does).
    #[serde(default = "default_true")]
    pub newline_breaks: bool,
    /// Bullet characters that start a list item.
    #[serde(default = "default_bullets")]
    pub bullets: String,
    /// Words after which a list marker is a reference, not an item
    /// (`des alinéas b) et c)`, `paragraphs (b) and (c)`), any letter
    /// case: the marker, and the markers joined to it by
    /// `reference_joiners`, never start a segment.
    #[serde(default)]
    pub reference_words: Vec<String>,
    /// Words (or `,`) that join references (`b), c) ou d)`).
    #[serde(default)]
    pub reference_joiners: Vec<String>,
}

/// The shape of an ordinary word and of a lower-case line fragment after
/// it (see [`RuleData::lowercase_fragment`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LowercaseFragment {
    /// Letters the word before the full stop must have at least (shorter
    /// words are too often truncations: `gov.`, `rev.`, `med.`).
    pub min_letters: usize,
    /// Vowels of the language: the word must contain one (`mfg.`, `std.`
    /// and `pkg.` do not).
    pub vowels: String,
    /// Words the fragment may have at most, from the full stop to the end
    /// of its line.
    pub max_words: usize,
}

fn default_min_words() -> usize {
    4
}
fn default_true() -> bool {
    true
}
fn default_bullets() -> String {
    "•⁃◦▪‣".into()
}

impl Default for RuleData {
    fn default() -> Self {
        RuleData {
            titles: Vec::new(),
            non_breaking: Vec::new(),
            abbreviations: Vec::new(),
            end_before_capital: Vec::new(),
            sentence_starters: Vec::new(),
            letter_words: Vec::new(),
            break_before_lowercase: false,
            lowercase_fragment: None,
            exclamation_words: Vec::new(),
            ambiguous_break_min_words: default_min_words(),
            newline_breaks: true,
            bullets: default_bullets(),
            reference_words: Vec::new(),
            reference_joiners: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    NoBreak,
    Ambiguous,
    BeforeCapital,
}

/// Compiled rules: hash sets keyed by the word without its final dot.
#[derive(Debug, Clone)]
pub struct Rules {
    titles: HashSet<String>,
    non_breaking: HashSet<String>,
    abbreviations: HashSet<String>,
    before_capital: HashSet<String>,
    /// Multi-word abbreviations (`p. ex.`, `op. cit.`): last word → full
    /// entries without final dot.
    multi: Vec<(String, String, Class)>,
    multi_tails: HashSet<String>,
    starters: HashSet<String>,
    letter_words: HashSet<String>,
    lower_after_word: bool,
    fragment: Option<Fragment>,
    exclamations: HashSet<String>,
    min_words: usize,
    newline_breaks: bool,
    bullets: Vec<char>,
    /// Lower-cased.
    reference_words: HashSet<String>,
    reference_joiners: HashSet<String>,
}

/// [`LowercaseFragment`], compiled.
#[derive(Debug, Clone)]
struct Fragment {
    min_letters: usize,
    vowels: Vec<char>,
    max_words: usize,
}

/// Letter-case variants of an abbreviation: as written, lower, Capitalised, UPPER.
fn case_variants(s: &str) -> Vec<String> {
    let lower = s.to_lowercase();
    let upper = s.to_uppercase();
    let mut cap = String::new();
    let mut first = true;
    for c in lower.chars() {
        if first && c.is_alphabetic() {
            cap.extend(c.to_uppercase());
            first = false;
        } else {
            cap.push(c);
        }
    }
    vec![s.to_string(), lower, cap, upper]
}

impl Rules {
    pub fn compile(d: &RuleData) -> Rules {
        let strip = |s: &str| s.strip_suffix('.').unwrap_or(s).to_string();
        let mut r = Rules {
            titles: HashSet::new(),
            non_breaking: HashSet::new(),
            abbreviations: HashSet::new(),
            before_capital: HashSet::new(),
            multi: Vec::new(),
            multi_tails: HashSet::new(),
            starters: d.sentence_starters.iter().cloned().collect(),
            letter_words: d.letter_words.iter().cloned().collect(),
            lower_after_word: d.break_before_lowercase,
            fragment: d.lowercase_fragment.as_ref().map(|f| Fragment {
                min_letters: f.min_letters,
                vowels: f.vowels.to_lowercase().chars().collect(),
                max_words: f.max_words,
            }),
            exclamations: d
                .exclamation_words
                .iter()
                .map(|s| s.trim_end_matches('!').to_string())
                .collect(),
            min_words: d.ambiguous_break_min_words,
            newline_breaks: d.newline_breaks,
            bullets: d.bullets.chars().collect(),
            reference_words: d.reference_words.iter().map(|w| w.to_lowercase()).collect(),
            reference_joiners: d
                .reference_joiners
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
        };
        for t in &d.titles {
            r.titles.insert(strip(t));
        }
        let lists = [
            (&d.non_breaking, Class::NoBreak),
            (&d.abbreviations, Class::Ambiguous),
            (&d.end_before_capital, Class::BeforeCapital),
        ];
        for (list, class) in lists {
            for a in list {
                for v in case_variants(&strip(a)) {
                    if let Some((_, tail)) = v.rsplit_once(' ') {
                        r.multi_tails.insert(tail.to_string());
                        r.multi.push((tail.to_string(), v.clone(), class));
                    } else {
                        match class {
                            Class::NoBreak => r.non_breaking.insert(v),
                            Class::Ambiguous => r.abbreviations.insert(v),
                            Class::BeforeCapital => r.before_capital.insert(v),
                        };
                    }
                }
            }
        }
        r
    }

    /// Byte offsets at which the text is cut into segments (each offset ends
    /// one segment and starts the next), in increasing order.
    pub fn boundaries(&self, text: &str) -> Vec<usize> {
        let mut sc = Scan {
            rules: self,
            text,
            b: text.as_bytes(),
            breaks: Vec::new(),
            markers: Vec::new(),
            seg_start: 0,
        };
        sc.run();
        sc.finish()
    }
}

/// Candidate bytes: everything else is skipped without decoding.
static CANDIDATE: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'?' as usize] = true;
    t[b'!' as usize] = true;
    t[b')' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'-' as usize] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

/// A list item marker (`1.`, `2.)`, `3)`, `a.`).
#[derive(Debug, Clone, Copy)]
struct Marker {
    /// Where the item starts (a bullet before the marker, or the marker).
    start: usize,
    /// Where the marker's token starts.
    tok: usize,
    value: u32,
    /// 0: `1.`, 1: `1.)`, 2: `1)`, 3: `a.`, 4: `a)`.
    style: u8,
    /// Where the rules for full stops would have cut after the marker.
    after: Option<usize>,
}

struct Scan<'a> {
    rules: &'a Rules,
    text: &'a str,
    b: &'a [u8],
    breaks: Vec<usize>,
    markers: Vec<Marker>,
    seg_start: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next<'a> {
    End,
    Lower,
    Upper(&'a str),
    Digit,
    /// A sign that continues the sentence (`,` `;` `)` …).
    Cont(char),
    /// Another sign that may open a sentence (`<`, `$`, `§` …).
    Open,
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '¿' | '¡' | '*' | '_'
    ) || placeholder_index(c).is_some()
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '*' | '_'
    ) || placeholder_index(c).is_some()
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

fn char_at(t: &str, i: usize) -> Option<char> {
    t.get(i..).and_then(|s| s.chars().next())
}

fn char_before(t: &str, i: usize) -> Option<char> {
    t[..i].chars().next_back()
}

impl<'a> Scan<'a> {
    fn run(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            // Fast skip over non-candidate bytes.
            while i < n && !CANDIDATE[self.b[i] as usize] {
                i += 1;
            }
            if i >= n {
                break;
            }
            i = match self.b[i] {
                b'.' => self.on_dot(i),
                b'?' | b'!' => self.on_question(i),
                b')' => {
                    let _ = self.marker_at(i, i + 1, 2);
                    i + 1
                }
                b'\n' => self.on_newline(i),
                b'-' => self.on_dash(i),
                0xE2 => self.on_e2(i),
                _ => self.on_fullwidth(i),
            };
        }
    }

    fn cut(&mut self, at: usize) {
        if at > self.seg_start || self.breaks.is_empty() {
            self.breaks.push(at);
            self.seg_start = at;
        }
    }

    fn on_newline(&mut self, i: usize) -> usize {
        let blank = {
            let rest = &self.text[i + 1..];
            let t = rest.trim_start_matches([' ', '\t', '\r', '\u{a0}']);
            t.starts_with('\n')
        };
        if self.rules.newline_breaks || blank {
            self.cut(i);
        }
        i + 1
    }

    fn on_e2(&mut self, i: usize) -> usize {
        let c = char_at(self.text, i).unwrap_or('\u{fffd}');
        let len = c.len_utf8();
        match c {
            '…' => self.on_ellipsis(i, i + len, 3, false),
            '‽' | '‼' | '⁇' | '⁈' | '⁉' => self.on_question(i),
            '—' => self.on_dash(i),
            c if self.rules.bullets.contains(&c) => {
                if char_before(self.text, i).is_none_or(is_space) {
                    self.cut(i);
                }
                i + len
            }
            _ => i + len,
        }
    }

    /// Interrupted speech: `to--" At this moment` / `to—" At`: a dash, a
    /// closing quotation mark, then a capital.
    fn on_dash(&mut self, i: usize) -> usize {
        let t = self.text;
        let mut j = i;
        while let Some(c) = char_at(t, j).filter(|c| matches!(c, '-' | '—')) {
            j += c.len_utf8();
        }
        let dashes = &t[i..j];
        if !(dashes == "--" || dashes == "—") {
            return j;
        }
        let (end, spaced) = self.after_closers(j);
        let quote = t[j..end]
            .chars()
            .any(|c| matches!(c, '"' | '”' | '\'' | '’' | '»'));
        if quote && spaced && matches!(self.next_word(end).0, Next::Upper(_)) {
            self.cut(end);
        }
        end.max(j)
    }

    /// `。` `．` `！` `？`: a sentence end whether or not a space follows.
    fn on_fullwidth(&mut self, i: usize) -> usize {
        let t = self.text;
        let is_stop = |c: char| matches!(c, '。' | '．' | '！' | '？');
        let mut j = i;
        while let Some(c) = char_at(t, j).filter(|c| is_stop(*c)) {
            j += c.len_utf8();
        }
        if j == i {
            return i + char_at(t, i).map_or(1, char::len_utf8);
        }
        let (end, _) = self.after_closers(j);
        if !matches!(self.next_word(end).0, Next::End | Next::Cont(_)) {
            self.cut(end);
        }
        end.max(j)
    }

    /// After the terminators ending at `j`: skip closers (and, French style,
    /// a space before `»`). Returns the end of the sentence and whether
    /// whitespace or the end of text follows it.
    fn after_closers(&self, mut j: usize) -> (usize, bool) {
        let t = self.text;
        loop {
            match char_at(t, j) {
                Some(c) if is_closer(c) => j += c.len_utf8(),
                // A footnote reference: "martyr.[1] The".
                Some('[') => {
                    let d = t[j + 1..].bytes().take_while(u8::is_ascii_digit).count();
                    if d > 0 && d <= 3 && t.as_bytes().get(j + 1 + d) == Some(&b']') {
                        j += d + 2;
                    } else {
                        return (j, false);
                    }
                }
                Some(c) if is_space(c) => {
                    // "… RR. » pour" / "… ? »": a closing guillemet after a space.
                    let mut k = j;
                    while let Some(d) = char_at(t, k).filter(|d| is_space(*d) && *d != '\n') {
                        k += d.len_utf8();
                    }
                    match char_at(t, k) {
                        Some(q @ ('»' | '›')) => j = k + q.len_utf8(),
                        _ => return (j, true),
                    }
                }
                None => return (j, true),
                Some(_) => return (j, false),
            }
        }
    }

    /// What follows position `j` (after whitespace and opening signs).
    fn next_word(&self, j: usize) -> (Next<'a>, usize) {
        let t = self.text;
        let mut k = j;
        while let Some(c) = char_at(t, k).filter(|c| is_space(*c)) {
            k += c.len_utf8();
        }
        let word_pos = k;
        while let Some(c) = char_at(t, k).filter(|c| is_opener(*c)) {
            k += c.len_utf8();
        }
        // "(b) Hello": an enumerator in brackets opens an item.
        if k > word_pos && matches!(self.b[k - 1], b'(' | b'[') {
            let n = t[k..].bytes().take_while(u8::is_ascii_alphanumeric).count();
            if (1..=3).contains(&n) && matches!(self.b.get(k + n), Some(b')' | b']')) {
                return (Next::Open, word_pos);
            }
        }
        // "? - Posted": a dash opening a new line of dialogue or an item.
        if let Some(d @ ('-' | '–' | '—')) = char_at(t, k) {
            if char_at(t, k + d.len_utf8()) == Some(' ') {
                return (Next::Open, word_pos);
            }
        }
        let Some(c) = char_at(t, k) else {
            return (Next::End, word_pos);
        };
        let kind = if c.is_lowercase() {
            Next::Lower
        } else if c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()) {
            let end = t[k..]
                .char_indices()
                .find(|(_, d)| !d.is_alphabetic())
                .map(|(x, _)| k + x)
                .unwrap_or(t.len());
            Next::Upper(&t[k..end])
        } else if c.is_numeric() {
            Next::Digit
        } else if matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | ')'
                | ']'
                | '}'
                | '»'
                | '›'
                | '”'
                | '’'
                | '-'
                | '–'
                | '—'
                | '/'
                | '%'
                | '…'
        ) {
            Next::Cont(c)
        } else {
            Next::Open
        };
        (kind, word_pos)
    }

    /// The word before byte `i` (back to whitespace or an opening sign),
    /// with a French elided article (`l'`, `d’`, `qu'`) removed.
    fn word_before(&self, i: usize) -> (&'a str, usize) {
        let t = self.text;
        let mut s = i;
        // No abbreviation or list marker is longer than this: the bound
        // keeps long tokens (URLs, data) from making the scan quadratic.
        const MAX_WORD: usize = 100;
        let floor = if self.seg_start <= i {
            self.seg_start
        } else {
            0
        }
        .max(i.saturating_sub(MAX_WORD));
        while let Some(c) = char_before(t, s).filter(|_| s > floor) {
            if is_space(c)
                || matches!(c, '(' | '[' | '{' | '"' | '“' | '«' | '‘' | '/')
                || placeholder_index(c).is_some()
                || self.rules.bullets.contains(&c)
            {
                break;
            }
            s -= c.len_utf8();
        }
        let mut w = &t[s..i];
        // Elision: up to three letters and an apostrophe.
        if let Some(p) = w.find(['\'', '’']) {
            let head = &w[..p];
            if !head.is_empty() && head.len() <= 3 && head.chars().all(char::is_alphabetic) {
                let q = p + w[p..].chars().next().map_or(1, char::len_utf8);
                if q < w.len() {
                    s += q;
                    w = &w[q..];
                }
            }
        }
        (w, s)
    }

    fn classify(&self, w: &str, start: usize) -> Option<Class> {
        let r = self.rules;
        if r.titles.contains(w) || r.non_breaking.contains(w) {
            return Some(Class::NoBreak);
        }
        if r.before_capital.contains(w) {
            return Some(Class::BeforeCapital);
        }
        if r.abbreviations.contains(w) {
            return Some(Class::Ambiguous);
        }
        if r.multi_tails.contains(w) {
            let before = &self.text[..start + w.len()];
            for (tail, full, class) in &r.multi {
                if tail == w && before.ends_with(full.as_str()) {
                    let at = before.len() - full.len();
                    if char_before(self.text, at).is_none_or(|c| !c.is_alphanumeric()) {
                        return Some(*class);
                    }
                }
            }
        }
        if is_dotted_acronym(w) {
            return Some(Class::Ambiguous);
        }
        None
    }

    fn is_title_word(&self, j: usize, word: &str) -> bool {
        let k = self.text[j..].find(word).map(|x| j + x + word.len());
        k.is_some_and(|k| self.b.get(k) == Some(&b'.') && self.rules.titles.contains(word))
    }

    /// Words of the current segment before `end`, counted backwards and
    /// capped at the minimum the rules ask for (so the cost is bounded).
    fn words_before(&self, end: usize) -> usize {
        let cap = self.rules.min_words.max(1);
        let s = &self.b[self.seg_start.min(end)..end];
        let mut n = 0;
        let mut in_word = false;
        for &c in s.iter().rev() {
            let sp = c == b' ' || c == b'\t' || c == b'\n' || c == b'\r';
            if !sp && !in_word {
                n += 1;
                if n >= cap {
                    break;
                }
            }
            in_word = !sp;
        }
        n
    }

    fn on_dot(&mut self, i: usize) -> usize {
        let b = self.b;
        let n = b.len();
        // Unspaced run of dots.
        let mut j = i;
        while j < n && b[j] == b'.' {
            j += 1;
        }
        let count = j - i;
        // Spaced ellipsis ". . ." (single dots separated by single spaces).
        let mut sj = j;
        let mut spaced = 1;
        if count == 1 {
            while sj + 1 < n && b[sj] == b' ' && b[sj + 1] == b'.' && b.get(sj + 2) != Some(&b'.') {
                sj += 2;
                spaced += 1;
            }
        }
        if spaced >= 3 {
            return self.on_ellipsis(i, sj, spaced, true);
        }
        if count >= 2 {
            return self.on_ellipsis(i, j, count, false);
        }
        // A single full stop.
        let (end, spaced_after) = self.after_closers(j);
        if !spaced_after {
            // "U.S", "3.5", "Jr.'s", "example.com": not an end, except a
            // footnote number ("consultation.11 12 Take") or a missing space
            // ("Hello world.Today is").
            if let Some(cut) = self.glued_end(i, end) {
                self.cut(cut);
                return cut;
            }
            return end.max(j);
        }
        let (w, ws) = self.word_before(i);
        let (next, next_pos) = self.next_word(end);
        if next == Next::End {
            return end;
        }
        let class = self.classify(w, ws);
        let marker = self.marker_at(i, j, 0);
        // "10 a.m. (The Hague time)", "Jane Q. (Doe)": after an
        // abbreviation or an initial, a bracket continues the sentence.
        let bracket_next = self.text[end..].trim_start().starts_with(['(', '[']);
        let brk = match class {
            Some(Class::NoBreak) => false,
            Some(Class::Ambiguous) => !bracket_next && self.ambiguous_break(next, next_pos, ws),
            Some(Class::BeforeCapital) => {
                !bracket_next
                    && matches!(next, Next::Upper(_))
                    && self.words_before(ws) + 1 >= self.rules.min_words
            }
            None => {
                let mut chars = w.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_alphabetic() && c.is_lowercase() => false,
                    // An initial ("Jane Q. Doe"), unless a sentence starter
                    // follows; at the start of a segment a label ("Q. What").
                    (Some(_), None) if self.rules.letter_words.contains(w) => match next {
                        Next::Upper(word) => {
                            !bracket_next
                                && self.rules.starters.contains(word)
                                && self.words_before(ws) > 0
                        }
                        _ => false,
                    },
                    (Some(c), None) if c.is_alphabetic() => false,
                    // Before a lower-case word (when the rules allow that at
                    // all): not after closing quotes or brackets ("great.'
                    // she said") nor after a number ("for 1. above").
                    _ if next == Next::Lower => {
                        end == j
                            && char_at(self.text, next_pos).is_some_and(char::is_lowercase)
                            && !w.bytes().all(|c| c.is_ascii_digit())
                            && (self.rules.lower_after_word || self.lowercase_fragment(w, next_pos))
                    }
                    _ => self.plain_break(next, next_pos),
                }
            }
        } && !self.inside_span(i, end)
            && !self.quote_then_bracket(j, end);
        if brk {
            if marker.is_empty() {
                self.cut(end);
            } else {
                for m in marker {
                    self.markers[m].after = Some(end);
                }
            }
        }
        end
    }

    /// Whether a full stop after the word `w` ends a sentence before the
    /// lower-case text at `pos` under the `lowercase_fragment` rule: `w`
    /// looks like a word (letters only, lower-case after the first, long
    /// enough, with a vowel) and the text at `pos` is a short fragment
    /// running to a line break with no sentence end of its own (a menu
    /// entry, table cell or heading pasted after the sentence). A fragment
    /// that ends like a sentence, or runs to the end of the text, may be the
    /// rest of a sentence after an unlisted abbreviation.
    fn lowercase_fragment(&self, w: &str, pos: usize) -> bool {
        let Some(f) = &self.rules.fragment else {
            return false;
        };
        let mut letters = 0;
        let mut vowel = false;
        for c in w.chars() {
            if !c.is_alphabetic() || (letters > 0 && !c.is_lowercase()) {
                return false;
            }
            letters += 1;
            vowel = vowel || c.to_lowercase().any(|l| f.vowels.contains(&l));
        }
        if letters < f.min_letters || !vowel {
            return false;
        }
        // Bounded: a fragment of a few words is short.
        const REACH: usize = 160;
        let mut words = 0;
        let mut in_word = false;
        for (x, c) in self.text[pos..].char_indices() {
            if x > REACH {
                return false;
            }
            match c {
                '\n' | '\r' => return words > 0,
                '.' | '?' | '!' | '…' | '‽' | '。' | '．' | '！' | '？' => return false,
                c if is_space(c) => in_word = false,
                _ => {
                    if !in_word {
                        words += 1;
                        if words > f.max_words {
                            return false;
                        }
                    }
                    in_word = true;
                }
            }
        }
        false
    }

    /// A sentence end at the full stop `i` not followed by a space: a
    /// footnote number after a word, or a capitalised word glued to a
    /// lower-case word. Returns where to cut.
    fn glued_end(&self, i: usize, end: usize) -> Option<usize> {
        let (w, ws) = self.word_before(i);
        let last = w.chars().next_back()?;
        if w.chars().count() < 2 || self.classify(w, ws).is_some() {
            return None;
        }
        let b = self.b;
        let mut k = end;
        if b.get(k).is_some_and(u8::is_ascii_digit) {
            if !(last.is_alphabetic() || last == ')') {
                return None;
            }
            // Groups of one to three digits separated by single spaces.
            loop {
                let s = k;
                while b.get(k).is_some_and(u8::is_ascii_digit) {
                    k += 1;
                }
                if k - s > 3 {
                    return None;
                }
                if b.get(k) == Some(&b' ') && b.get(k + 1).is_some_and(u8::is_ascii_digit) {
                    k += 1;
                } else {
                    break;
                }
            }
            if b.get(k) != Some(&b' ') {
                return None;
            }
            return matches!(self.next_word(k).0, Next::Upper(_)).then_some(k);
        }
        // "world.Today": lower-case (or digit) before, Capital + lower-case
        // after, and no address-like token (e-mail, URL, file name).
        if !(last.is_lowercase() || last.is_ascii_digit()) {
            return None;
        }
        let mut cs = self.text[k..].chars();
        let (Some(a), Some(c), Some(d)) = (cs.next(), cs.next(), cs.next()) else {
            return None;
        };
        let title = self.text[k..]
            .split(|c: char| !c.is_alphabetic())
            .next()
            .is_some_and(|wd| self.is_title_word(k, wd));
        if !(a.is_uppercase() && c.is_lowercase() && (d.is_lowercase() || title)) {
            return None;
        }
        let tail = self.text[k..].char_indices().take(200);
        let tok_end = match tail
            .map(|(x, c)| (k + x, c))
            .find(|(_, c)| c.is_whitespace())
        {
            Some((x, _)) => x,
            None if self.text.len() - k < 200 => self.text.len(),
            // A very long token: data or an address, not two sentences.
            None => return None,
        };
        let rest = self.text[k..tok_end].trim_end_matches(|c: char| !c.is_alphanumeric());
        let token = &self.text[ws..tok_end];
        if token.contains(['@', '/', ':', '\\']) || rest.contains('.') {
            return None;
        }
        Some(k)
    }

    /// Whether the terminator at `i` (sentence end `end`) is inside a
    /// quotation or bracket that closes later in the text: then it does not
    /// end the sentence ("'Dear! How queer!' she said").
    fn inside_span(&self, i: usize, end: usize) -> bool {
        const WINDOW: usize = 800;
        let t = self.text;
        let mut lo = self.seg_start.max(i.saturating_sub(WINDOW));
        while !t.is_char_boundary(lo) {
            lo += 1;
        }
        let mut stack: Vec<char> = Vec::new();
        // Byte scan: only the quotation and bracket characters are decoded
        // (ASCII, or UTF-8 sequences starting with 0xE2 / 0xC2).
        let b = self.b;
        let mut k = lo;
        while k < i {
            let byte = b[k];
            if !matches!(byte, b'(' | b')' | b'[' | b']' | b'"' | b'\'' | 0xE2 | 0xC2) {
                k += 1;
                continue;
            }
            let c = char_at(t, k).unwrap_or(' ');
            let len = c.len_utf8();
            let next = || char_at(t, k + len);
            let prev = || char_before(t, k);
            let after_space = || prev().is_none_or(|p| p.is_whitespace() || is_opener(p));
            match c {
                '(' | '[' | '“' | '«' => stack.push(c),
                '‘' if after_space() => stack.push(c),
                ')' | ']' | '”' | '»' | '’' => {
                    let open = opener_of(c);
                    if stack.last() == Some(&open)
                        && (c != '’' || !next().is_some_and(char::is_alphabetic))
                    {
                        stack.pop();
                    }
                }
                '"' => {
                    if stack.last() == Some(&'"') {
                        stack.pop();
                    } else if after_space() {
                        stack.push('"');
                    }
                }
                '\'' => {
                    let next_alpha = next().is_some_and(char::is_alphabetic);
                    if stack.last() == Some(&'\'')
                        && !next_alpha
                        && prev().is_some_and(|p| !p.is_whitespace())
                    {
                        stack.pop();
                    } else if after_space() && next_alpha {
                        stack.push('\'');
                    }
                }
                _ => {}
            }
            k += len;
        }
        // Spans closed right here, among the closers after the terminator.
        for c in t[i..end].chars() {
            if stack.last() == Some(&opener_of(c)) {
                stack.pop();
            }
        }
        let Some(&open) = stack.last() else {
            return false;
        };
        let close = closer_of(open);
        let mut hi = (end + WINDOW).min(t.len());
        while !t.is_char_boundary(hi) {
            hi -= 1;
        }
        let ahead = &t[end..hi];
        let ahead = &ahead[..ahead.find("\n\n").unwrap_or(ahead.len())];
        let nests = open != close;
        let mut depth = 0usize;
        let mut it = ahead.char_indices().peekable();
        while let Some((_, c)) = it.next() {
            if nests && c == open {
                depth += 1;
            } else if c == close {
                let next = it.peek().map(|x| x.1);
                if matches!(close, '\'' | '’') && next.is_some_and(char::is_alphabetic) {
                    continue;
                }
                if depth == 0 {
                    return true;
                }
                depth -= 1;
            }
        }
        false
    }

    /// Whether the sentence end at `end` closed a quotation (`…!'`) and the
    /// next piece opens with a bracket: `'… house!' (Which was …)` goes on,
    /// unless the bracket holds a sentence of its own between two sentences
    /// (`think!" (Dinah was the cat.) "I hope …`).
    fn quote_then_bracket(&self, j: usize, end: usize) -> bool {
        let closed_quote = self.text[j..end]
            .chars()
            .any(|c| matches!(c, '"' | '\'' | '”' | '’' | '»'));
        closed_quote && {
            let rest = self.text[end..].trim_start();
            rest.starts_with(['(', '[']) && !self.bracketed_sentence(self.text.len() - rest.len())
        }
    }

    /// Whether the bracket opening at `open` holds a whole sentence (a
    /// capital first, a terminator last: `(Dinah was the cat.)`) and is
    /// followed by another sentence starting with a capital in the same
    /// paragraph. An aside at the end (`… house!' (Which was very likely true.)`)
    /// or in the middle of a sentence (`science (He previously worked …)
    /// at the local University`) is not.
    fn bracketed_sentence(&self, open: usize) -> bool {
        const REACH: usize = 400;
        let t = self.text;
        let opener = self.b[open];
        let closer = if opener == b'(' { b')' } else { b']' };
        if !char_at(t, open + 1).is_some_and(char::is_uppercase) {
            return false;
        }
        let mut depth = 0usize;
        let hi = (open + REACH).min(self.b.len());
        for k in open + 1..hi {
            match self.b[k] {
                b'\n' => return false,
                c if c == opener => depth += 1,
                c if c == closer && depth > 0 => depth -= 1,
                c if c == closer => {
                    let ended = matches!(char_before(t, k), Some('.' | '!' | '?' | '…'));
                    let spaced = char_at(t, k + 1).is_some_and(is_space);
                    let (next, at) = self.next_word(k + 1);
                    return ended
                        && spaced
                        && matches!(next, Next::Upper(_))
                        && t[k + 1..at].matches('\n').count() < 2;
                }
                _ => {}
            }
        }
        false
    }

    fn ambiguous_break(&self, next: Next, next_pos: usize, word_start: usize) -> bool {
        match next {
            Next::Upper(word) => {
                (self.rules.starters.contains(word) || self.is_title_word(next_pos, word))
                    && self.words_before(word_start) + 1 >= self.rules.min_words
            }
            _ => false,
        }
    }

    fn plain_break(&self, next: Next, next_pos: usize) -> bool {
        match next {
            Next::Upper(_) | Next::Digit | Next::Open => true,
            Next::Cont('.') => {
                // A stray ".." opening the next piece: "Sentence. .. Next".
                let mut k = next_pos;
                while self.b.get(k) == Some(&b'.') {
                    k += 1;
                }
                matches!(self.next_word(k).0, Next::Upper(_)) && k > next_pos
            }
            _ => false,
        }
    }

    /// `...`, `…`, `. . .`, `....`, `. . . .` from `i` to `j`.
    fn on_ellipsis(&mut self, i: usize, j: usize, count: usize, spaced: bool) -> usize {
        let before = char_before(self.text, i);
        let attached = before.is_some_and(|c| !is_space(c));
        let (end, spaced_after) = self.after_closers(j);
        if !spaced_after || matches!(before, Some('[' | '(')) {
            return end.max(j);
        }
        let (next, _) = self.next_word(end);
        let upper = matches!(next, Next::Upper(_));
        if spaced {
            if count >= 4 && upper {
                if attached {
                    // "compounds. . . . The": a full stop, then an ellipsis
                    // opening the next sentence.
                    self.cut(i + 1);
                } else {
                    self.cut(end);
                }
            }
        } else if upper {
            self.cut(end);
        }
        end
    }

    fn on_question(&mut self, i: usize) -> usize {
        let t = self.text;
        let mut j = i;
        while let Some(c) = char_at(t, j) {
            if matches!(c, '?' | '!' | '‽' | '‼' | '⁇' | '⁈' | '⁉' | '.') {
                j += c.len_utf8();
            } else {
                break;
            }
        }
        let (end, spaced_after) = self.after_closers(j);
        if !spaced_after {
            return end.max(j);
        }
        if self.b[i] == b'!' {
            let (w, _) = self.word_before(i);
            if self.rules.exclamations.contains(w) {
                return end;
            }
        }
        let (next, _) = self.next_word(end);
        if matches!(next, Next::Upper(_) | Next::Digit | Next::Open)
            && !self.inside_span(i, end)
            && !self.quote_then_bracket(j, end)
        {
            self.cut(end);
        }
        end
    }

    /// Records a list marker if the token before `i` is one; `j` is the end
    /// of the marker's punctuation. Returns its index.
    fn marker_at(&mut self, i: usize, j: usize, punct: u8) -> std::ops::Range<usize> {
        let none = self.markers.len()..self.markers.len();
        let (w, ws) = self.word_before(i);
        if w.is_empty() || w.len() > 4 {
            return none;
        }
        // Families: 0 digits, 1 letters, 2 roman numerals ("i" is both).
        let mut values: [Option<u32>; 3] = [None; 3];
        if w.bytes().all(|c| c.is_ascii_digit()) {
            if w.len() > 3 {
                return none;
            }
            values[0] = w.parse::<u32>().ok();
        } else {
            if w.len() == 1 && w.as_bytes()[0].is_ascii_lowercase() {
                values[1] = Some(u32::from(w.as_bytes()[0] - b'a' + 1));
            }
            values[2] = roman_value(w);
        }
        if values.iter().all(Option::is_none) {
            return none;
        }
        if punct == 2 && self.open_paren_before(ws) {
            // "(Horne et al., 2007)": the bracket closes a parenthesis.
            return none;
        }
        let mut punct = punct;
        let mut j = j;
        if punct == 0 && self.b.get(j) == Some(&b')') {
            punct = 1;
            j += 1;
        }
        // The token must start a word: at the start, after whitespace or a bullet.
        let mut start = ws;
        match char_before(self.text, ws) {
            None => {}
            Some(c) if is_space(c) => {
                let mut k = ws - c.len_utf8();
                while let Some(d) = char_before(self.text, k).filter(|d| *d == ' ') {
                    k -= d.len_utf8();
                }
                if let Some(bl) =
                    char_before(self.text, k).filter(|d| self.rules.bullets.contains(d))
                {
                    start = k - bl.len_utf8();
                }
            }
            Some(c) if self.rules.bullets.contains(&c) => start = ws - c.len_utf8(),
            _ => return none,
        }
        // Followed by a space and a word.
        match char_at(self.text, j) {
            Some(c) if is_space(c) => {}
            _ => return none,
        }
        let (next, _) = self.next_word(j);
        let ok = match next {
            Next::Upper(_) | Next::Open => true,
            // "1. above" is a reference; "1) taking" and "a. here" are items.
            Next::Lower => !(punct == 0 && values[0].is_some()),
            _ => false,
        };
        if !ok {
            return none;
        }
        let first = self.markers.len();
        for (family, v) in values.iter().enumerate() {
            if let Some(value) = *v {
                self.markers.push(Marker {
                    start,
                    tok: ws,
                    value,
                    style: family as u8 * 3 + punct,
                    after: None,
                });
            }
        }
        first..self.markers.len()
    }

    /// Whether only spaces separate `at` from the start of its line.
    fn at_line_start(&self, at: usize) -> bool {
        self.text[..at]
            .chars()
            .rev()
            .find(|c| *c != ' ' && *c != '\t')
            .is_none_or(|c| c == '\n' || c == '\r')
    }

    /// Whether an unclosed `(` precedes `at` in the current segment (within
    /// a few hundred bytes).
    fn open_paren_before(&self, at: usize) -> bool {
        let lo = self.seg_start.max(at.saturating_sub(300)).min(at);
        let mut depth = 0i32;
        for &c in self.b[lo..at].iter().rev() {
            match c {
                b')' => depth -= 1,
                b'(' => {
                    depth += 1;
                    if depth > 0 {
                        return true;
                    }
                }
                _ => {}
            }
        }
        false
    }

    /// Whether the list marker `m` can open the first item of a list: at
    /// the start of the text or of a line, after a bullet or a colon, after
    /// a sentence end, or inside an item of a list already found
    /// (`2.) The second item 1.) The first item` starts a new list). A
    /// number that merely ends a sentence (`Sentence 1.`) does not.
    fn opens_item(&self, m: Marker, item_starts: &BTreeSet<usize>) -> bool {
        if m.start == 0 || m.start != m.tok || self.at_line_start(m.start) {
            return true;
        }
        let before = self.text[..m.start].trim_end();
        if before.ends_with(':') {
            return true;
        }
        let last_break = match self.breaks.binary_search(&m.start) {
            Ok(_) => return true,
            Err(0) => 0,
            Err(p) => self.breaks[p - 1],
        };
        if self.text[last_break..m.start].chars().all(is_space) {
            return true;
        }
        // A sentence end the rules did not cut because a lower-case marker
        // follows ("… Mark E. Smith. a. here it is b. another").
        let ended = before.trim_end_matches(is_closer);
        if ended.ends_with(['?', '!']) {
            return true;
        }
        if ended.ends_with('.') {
            let dot = ended.len() - 1;
            let (w, ws) = self.word_before(dot);
            if w.chars().count() > 1 && self.classify(w, ws).is_none() {
                return true;
            }
        }
        item_starts
            .range(..m.start)
            .next_back()
            .is_some_and(|&s| s >= last_break)
    }

    /// Whether a chain of markers in the middle of a sentence is a run-in
    /// list of clauses (`… by 1) taking … and 2) judging …`): bracket
    /// markers (`1)`, `a)`, `1.)`), each item at least `RUN_IN_MIN_WORDS`
    /// words long and no sentence end between them. A full stop after a
    /// number or letter in mid-sentence ends that sentence (`Sentence 1.
    /// Sentence 2.`), and short items are references (`subparagraphs a)
    /// and b)`, `alinéas a), b) ou c)`).
    fn run_in_list(&self, chain: &[usize], ms: &[Marker]) -> bool {
        const RUN_IN_MIN_WORDS: usize = 3;
        if ms[chain[0]].style != 1 && ms[chain[0]].style != 2 {
            return false;
        }
        chain.windows(2).all(|w| {
            let (a, b) = (ms[w[0]], ms[w[1]]);
            let p = self.breaks.partition_point(|&x| x <= a.tok);
            let cut_between = self.breaks.get(p).is_some_and(|&x| x < b.start);
            !cut_between
                && self.text[a.tok..b.start]
                    .split_whitespace()
                    .skip(1)
                    .take(RUN_IN_MIN_WORDS)
                    .count()
                    >= RUN_IN_MIN_WORDS
        })
    }

    /// Which markers are references (`des alinéas b) et c)`): after a
    /// reference word, or after a joiner that follows a reference marker.
    fn references(&self, ms: &[Marker]) -> Vec<bool> {
        let mut is_ref = vec![false; ms.len()];
        if self.rules.reference_words.is_empty() {
            return is_ref;
        }
        for (k, m) in ms.iter().enumerate() {
            let before = self.text[..m.tok].trim_end();
            // The last word (or a lone comma) before the marker; an
            // abbreviation's full stop is left out (`al. b)`).
            let last = if before.ends_with(',') {
                ","
            } else {
                let before = before.strip_suffix('.').unwrap_or(before);
                let start = before
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| !c.is_alphanumeric() && c != '-')
                    .map(|(i, c)| i + c.len_utf8())
                    .unwrap_or(0);
                &before[start..]
            };
            let last = last.to_lowercase();
            if self.rules.reference_words.contains(&last) {
                is_ref[k] = true;
            } else if self.rules.reference_joiners.contains(&last) && k > 0 && is_ref[k - 1] {
                // The previous marker is the word right before the joiner.
                let joined = before[..before.len() - last.len()].trim_end();
                let prev = ms[k - 1].tok;
                if joined.len() > prev
                    && joined.len() - prev <= 8
                    && !joined[prev..].contains(char::is_whitespace)
                {
                    is_ref[k] = true;
                }
            }
        }
        is_ref
    }

    fn finish(mut self) -> Vec<usize> {
        let ms = std::mem::take(&mut self.markers);
        let is_ref = self.references(&ms);
        // Chains of markers of one style with consecutive values
        // (references excluded).
        let mut chains: Vec<Vec<usize>> = Vec::new();
        for style in 0..9u8 {
            let idx: Vec<usize> = (0..ms.len())
                .filter(|&k| ms[k].style == style && !is_ref[k])
                .collect();
            for w in idx.windows(2) {
                let (a, b) = (ms[w[0]], ms[w[1]]);
                // Markers on different lines make a list only when each
                // starts its line ("… 12 to 2.\nThe vote was 3. It …" is
                // not a list).
                let across_lines = self.text[a.tok..b.start].contains('\n');
                if b.value == a.value + 1
                    && (!across_lines
                        || (self.at_line_start(a.start) && self.at_line_start(b.start)))
                {
                    match chains.last_mut() {
                        Some(c) if c.last() == Some(&w[0]) => c.push(w[1]),
                        _ => chains.push(vec![w[0], w[1]]),
                    }
                }
            }
        }
        // A chain is a list only if its first marker opens an item (see
        // `opens_item`): "Sentence 1. Sentence 2. Sentence 3." is not one.
        chains.sort_by_key(|c| ms[c[0]].start);
        let mut confirmed = vec![false; ms.len()];
        let mut starts = BTreeSet::new();
        for chain in &chains {
            if self.opens_item(ms[chain[0]], &starts) || self.run_in_list(chain, &ms) {
                for &k in chain {
                    confirmed[k] = true;
                    starts.insert(ms[k].start);
                }
            }
        }
        let mut breaks = std::mem::take(&mut self.breaks);
        breaks.extend(starts.iter().copied().filter(|&s| s > 0));
        breaks.sort_unstable();
        breaks.dedup();
        // Unconfirmed markers: cut after them unless they start a segment.
        let mut extra = Vec::new();
        for (k, m) in ms.iter().enumerate() {
            let Some(after) = m.after else { continue };
            if confirmed[k] {
                continue;
            }
            let prev = match breaks.binary_search(&m.tok) {
                Ok(_) => continue,
                Err(0) => 0,
                Err(p) => breaks[p - 1],
            };
            let gap = &self.text[prev..m.tok];
            if gap
                .chars()
                .all(|c| is_space(c) || self.rules.bullets.contains(&c))
            {
                continue;
            }
            extra.push(after);
        }
        if !extra.is_empty() {
            breaks.extend(extra);
            breaks.sort_unstable();
            breaks.dedup();
        }
        breaks
    }
}

/// The value of a lower-case roman numeral up to 39 (`iv` → 4).
fn roman_value(w: &str) -> Option<u32> {
    let mut total = 0;
    let mut prev = 0;
    for c in w.bytes().rev() {
        let v = match c {
            b'i' => 1,
            b'v' => 5,
            b'x' => 10,
            _ => return None,
        };
        if v < prev {
            total -= v;
        } else {
            total += v;
            prev = v;
        }
    }
    (total > 0 && total < 40).then_some(total)
}

fn closer_of(c: char) -> char {
    match c {
        '(' => ')',
        '[' => ']',
        '“' => '”',
        '«' => '»',
        '‘' => '’',
        other => other,
    }
}

fn opener_of(c: char) -> char {
    match c {
        ')' => '(',
        ']' => '[',
        '”' => '“',
        '»' => '«',
        '’' => '‘',
        other => other,
    }
}

/// `U.S`, `a.m`, `LL.AA.II.RR`, `É.-U`, `Ph.D`: dot-separated parts of one or
/// two letters (a hyphen may lead a part).
pub(crate) fn is_dotted_acronym(w: &str) -> bool {
    if !w.contains('.') {
        return false;
    }
    // "Alberta-B.C": the part after a hyphen.
    if let Some((head, tail)) = w.rsplit_once('-') {
        if head.chars().count() > 2 && tail.contains('.') {
            return is_dotted_acronym(tail);
        }
    }
    w.split('.').all(|p| {
        let p = p.strip_prefix('-').unwrap_or(p);
        let n = p.chars().count();
        (1..=2).contains(&n) && p.chars().all(char::is_alphabetic)
    })
}
