//! Placeables: the parts of a sentence that a translation carries over without
//! translating them — numbers, percentages, amounts, dates, URLs, e-mail
//! addresses and reference numbers.
//!
//! [`find`] recognises them in a language with their byte ranges and a
//! locale-independent normalised [`Value`] (`4,312` in English and `4 312` in
//! French are both the number `4312`); [`render`] writes a value in a target
//! language through [`crate::locale`] (`5 June 2025` → `5 juin 2025`,
//! `12.5%` → `12,5 %`). The TM's matching and auto-substitution (a source
//! that differs from a TM source only in its placeables) use [`find`] and
//! [`render`] through [`crate::tm::placeable::LanguagePlaceables`], with
//! values as [`Value::encode`] strings; [`skeleton`] and [`substitute`] do
//! the same on whole texts. QA compares the values of source and target.
//!
//! What a language writes (separators, month names, currency forms, the
//! words that introduce a reference number) is data: the `placeables.toml`
//! of its folder, `src/languages/<tag>/` (region → language, see
//! [`crate::languages`]). A language without the file is read with the
//! English conventions (month names, currency words, reference prefixes)
//! and the decimal and group separators CLDR gives it, through ICU4X.
//!
//! Recognition, in order of precedence (earlier kinds win on overlap):
//!
//! | kind | examples | value |
//! |------|----------|-------|
//! | URL | `https://www.icc-cpi.int/news`, `www.icc-cpi.int` | literal, trailing punctuation excluded |
//! | e-mail | `otp.informationdesk@icc-cpi.int` | literal |
//! | ISO date | `2025-06-05` | date |
//! | reference | `ICC-01/04-01/06`, `ICC-CPI-20250605-PR1234`, `8(2)(b)(xxvi)`, `8-2-b-xxvi`, `56.1(1)`, `2024-2025` | literal (compared by its parts) |
//! | date | `5 June 2025`, `June 5, 2025`, `5 juin 2025`, `1er juin 2025`, `5 June`, `June 2025` | year?, month, day? |
//! | amount | `€1,200`, `US$ 5`, `1 200 €`, `300 euros` (the number only: `€2.5 million` is the amount 2.5) | currency, number |
//! | percentage | `12.5%`, `12,5 %`, `40 per cent` | number |
//! | number | `4,312`, `4 312`, `12.5`, `12,5` | number (`.` decimal, no grouping) |
//!
//! A *reference* is a token that contains a digit and either an ASCII capital
//! letter or a `/`, or is made of numbering groups with balanced brackets
//! (`8(2)(b)`, `(1)b`, `56.1(1)`), or of hyphen-joined numbers, single
//! letters and roman numerals (`2024-2025`, `8-2-b-xxvi`, not `2-year-old`),
//! or of three or more dot-joined numbers (`2.3.4`; two, `1.1`, in a language
//! whose decimal separator is not `.`). A number right after one of the
//! language's `reference_prefixes` (`E.O. 14203`, `art. 8`) is also a
//! reference (its range covers the number only). [`Value::key`] compares
//! references by their letter-and-digit parts ([`reference_parts`]), so
//! `8(2)(b)(xxvi)` and the French `8-2-b-xxvi` are equal. A number glued to
//! letters (`1st`, `3e`) is not a placeable.

use crate::languages;
use crate::locale;
use crate::model::{placeholder_index, CodedText};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

/// A placeable's normalised, locale-independent value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Value {
    /// A number: `value` uses `.` as decimal separator and no grouping, with
    /// no leading zeros and no trailing fractional zeros (`4312`, `12.5`).
    /// `grouped` records whether the text grouped its digits (a formatting
    /// hint for [`render`], ignored by [`Value::key`]).
    Number {
        value: String,
        grouped: bool,
    },
    /// A percentage of `value` (normalised like a number).
    Percent {
        value: String,
    },
    /// An amount of money: ISO 4217 code and normalised number.
    Amount {
        currency: String,
        value: String,
    },
    /// A date; day and year may be absent (`5 June`, `June 2025`).
    Date {
        year: Option<i32>,
        month: u8,
        day: Option<u8>,
    },
    Url(String),
    Email(String),
    /// A reference number, kept literally.
    Reference(String),
}

/// The kind of a placeable, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Number,
    Percent,
    Amount,
    Date,
    Url,
    Email,
    Reference,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Percent => "percentage",
            Kind::Amount => "amount",
            Kind::Date => "date",
            Kind::Url => "URL",
            Kind::Email => "e-mail address",
            Kind::Reference => "reference",
        }
    }
}

impl Value {
    pub fn kind(&self) -> Kind {
        match self {
            Value::Number { .. } => Kind::Number,
            Value::Percent { .. } => Kind::Percent,
            Value::Amount { .. } => Kind::Amount,
            Value::Date { .. } => Kind::Date,
            Value::Url(_) => Kind::Url,
            Value::Email(_) => Kind::Email,
            Value::Reference(_) => Kind::Reference,
        }
    }

    /// A comparison key: equal keys mean the same value whatever the
    /// language and formatting (`number:4312`, `date:2025-06-05`,
    /// `date:--06-05`; references by their parts, [`reference_parts`]).
    pub fn key(&self) -> String {
        match self {
            Value::Number { value, .. } => format!("number:{value}"),
            Value::Percent { value } => format!("percent:{value}"),
            Value::Amount { currency, value } => format!("amount:{currency}:{value}"),
            Value::Date { year, month, day } => {
                let y = year
                    .map(|y| format!("{y:04}"))
                    .unwrap_or_else(|| "-".into());
                let d = day.map(|d| format!("-{d:02}")).unwrap_or_default();
                format!("date:{y}-{month:02}{d}")
            }
            Value::Url(u) => format!("url:{u}"),
            Value::Email(e) => format!("email:{}", e.to_lowercase()),
            Value::Reference(r) => format!("reference:{}", reference_parts(r)),
        }
    }

    /// The number a numeric placeable carries (number, percentage, amount).
    pub fn number(&self) -> Option<&str> {
        match self {
            Value::Number { value, .. }
            | Value::Percent { value }
            | Value::Amount { value, .. } => Some(value),
            _ => None,
        }
    }

    /// A lossless string form of the value: its [`key`](Self::key), then,
    /// for what the key leaves out, [`ENCODING_SEPARATOR`] and that part
    /// (`g` for a grouped number, the literal text of a reference or an
    /// e-mail address): `number:4312`, `number:4312\u{1F}g`,
    /// `reference:8.2.b\u{1F}8(2)(b)`. [`Value::decode`] reads it back and
    /// [`encoded_key`] gives the key without parsing.
    pub fn encode(&self) -> String {
        let mut s = self.key();
        let hint = match self {
            Value::Number { grouped: true, .. } => "g",
            Value::Reference(r) | Value::Email(r) => r.as_str(),
            _ => "",
        };
        if !hint.is_empty() {
            s.push(ENCODING_SEPARATOR);
            s.push_str(hint);
        }
        s
    }

    /// The value an [`encode`](Self::encode)d string stands for; `None` when
    /// the string is not such a form.
    pub fn decode(s: &str) -> Option<Value> {
        let (key, hint) = s.split_once(ENCODING_SEPARATOR).unwrap_or((s, ""));
        let (kind, rest) = key.split_once(':')?;
        // A normalised number (see [`normalise_number`]).
        let number = |v: &str| {
            let (int, frac) = v.split_once('.').unwrap_or((v, ""));
            let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
            (!int.is_empty() && digits(int) && digits(frac) && normalise_number(int, frac) == v)
                .then(|| v.to_string())
        };
        let value = match kind {
            "number" => Value::Number {
                value: number(rest)?,
                grouped: match hint {
                    "" => false,
                    "g" => true,
                    _ => return None,
                },
            },
            "percent" => Value::Percent {
                value: number(rest)?,
            },
            "amount" => {
                let (currency, v) = rest.split_once(':')?;
                Value::Amount {
                    currency: currency.to_string(),
                    value: number(v)?,
                }
            }
            "date" => {
                // `2025-06-05`, `2025-06`, `--06-05`, `--06`.
                let (year, md) = match rest.strip_prefix("--") {
                    Some(md) => (None, md),
                    None => {
                        let (y, md) = rest.split_once('-')?;
                        (Some(y.parse().ok()?), md)
                    }
                };
                let (month, day) = match md.split_once('-') {
                    Some((m, d)) => (m.parse().ok()?, Some(d.parse().ok()?)),
                    None => (md.parse().ok()?, None),
                };
                if !valid_date(year, month, day) {
                    return None;
                }
                Value::Date { year, month, day }
            }
            "url" => Value::Url(rest.to_string()),
            "email" => Value::Email(hint.to_string()),
            "reference" => Value::Reference(hint.to_string()),
            _ => return None,
        };
        (value.key() == key).then_some(value)
    }
}

/// Separates the key of an [`encode`](Value::encode)d value from the rest.
pub const ENCODING_SEPARATOR: char = '\u{1F}';

/// The [`Value::key`] of an [`encode`](Value::encode)d value.
pub fn encoded_key(encoded: &str) -> &str {
    encoded
        .split_once(ENCODING_SEPARATOR)
        .map_or(encoded, |(k, _)| k)
}

/// One recognised placeable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placeable {
    /// Byte range in the text it was found in.
    pub range: Range<usize>,
    pub value: Value,
}

/// What a language writes, as read from `src/languages/<tag>/placeables.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangData {
    pub decimal: String,
    pub group: Vec<String>,
    pub percent_words: Vec<String>,
    pub percent_pattern: String,
    pub amount_pattern: String,
    pub months: Vec<String>,
    pub months_case_sensitive: bool,
    pub month_first: bool,
    pub day_suffixes: Vec<String>,
    pub day_month: String,
    pub month_year: String,
    pub day_month_year: String,
    /// Words that may stand between the day, the month and the year of a
    /// date (`de` in `5 de junio de 2025`).
    #[serde(default)]
    pub date_joiners: Vec<String>,
    pub reference_prefixes: Vec<String>,
    pub currencies: BTreeMap<String, String>,
    pub symbols: BTreeMap<String, String>,
    /// Numbers written as words (`90` → `quatre-vingt-dix`).
    #[serde(default)]
    pub number_words: BTreeMap<String, Vec<String>>,
}

struct Compiled {
    data: LangData,
    /// Currency forms, longest first.
    currency_forms: Vec<(String, String)>,
    first_day: Option<String>,
    /// Lowercased first characters of month names and currency forms: a
    /// word starting with anything else (and holding no digit) is skipped.
    starters: Vec<char>,
    /// `starters` for ASCII characters, indexed by their code.
    ascii_starters: [bool; 128],
    /// Per byte: whether a currency form may start at a text byte of this
    /// value (forms are compared case-sensitively, so by their first byte).
    currency_first: [bool; 256],
    /// Per byte: whether a month name may start at a text byte of this
    /// value (all true when a case-insensitive name starts outside ASCII).
    month_first: [bool; 256],
}

/// The bytes at which one of `words` may start (see [`starts_with_ci`]):
/// their first bytes, both ASCII cases of them when not `case_sensitive`
/// (and then every non-ASCII byte: a non-ASCII character may lower-case to
/// an ASCII one); every byte when a word is empty, or starts outside ASCII
/// without case sensitivity.
fn first_bytes<'a>(words: impl Iterator<Item = &'a str>, case_sensitive: bool) -> [bool; 256] {
    let mut set = [false; 256];
    for w in words {
        let Some(&b) = w.as_bytes().first() else {
            return [true; 256];
        };
        if case_sensitive {
            set[b as usize] = true;
        } else if b.is_ascii() {
            set[b.to_ascii_lowercase() as usize] = true;
            set[b.to_ascii_uppercase() as usize] = true;
            for x in set.iter_mut().skip(0x80) {
                *x = true;
            }
        } else {
            return [true; 256];
        }
    }
    set
}

/// The decimal separator of a language (`,` in Spanish).
pub fn decimal_separator(lang: &str) -> &'static str {
    lang_data(lang).data.decimal.as_str()
}

/// Whether a language has its own placeable data (others use English's).
pub fn has_data(lang: &str) -> bool {
    languages::file(lang, "placeables.toml").is_some()
}

fn compile(l: &str, data: LangData) -> Compiled {
    assert_eq!(data.months.len(), 12, "{l}: twelve months");
    let mut currency_forms: Vec<(String, String)> = data
        .currencies
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    currency_forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    let first_day = languages::language(l).first_day;
    let mut starters: Vec<char> = data
        .months
        .iter()
        .chain(currency_forms.iter().map(|(f, _)| f))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    starters.sort_unstable();
    starters.dedup();
    let mut ascii_starters = [false; 128];
    for &ch in starters.iter().filter(|ch| ch.is_ascii()) {
        ascii_starters[ch as usize] = true;
    }
    let currency_first = first_bytes(currency_forms.iter().map(|(f, _)| f.as_str()), true);
    let month_first = first_bytes(
        data.months.iter().map(String::as_str),
        data.months_case_sensitive,
    );
    Compiled {
        data,
        currency_forms,
        first_day,
        starters,
        ascii_starters,
        currency_first,
        month_first,
    }
}

fn lang_data(lang: &str) -> &'static Compiled {
    static ALL: OnceLock<BTreeMap<&'static str, Compiled>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        languages::all_files("placeables.toml")
            .iter()
            .map(|f| (f.tag, compile(f.tag, f.parse_builtin())))
            .collect()
    });
    match languages::file(lang, "placeables.toml").and_then(|f| all.get(f.tag)) {
        Some(c) => c,
        None => fallback(
            lang,
            all.get("en").expect("English placeable data is built in"),
        ),
    }
}

/// A language without placeable data: English's, with the decimal and group
/// separators CLDR gives the language (through ICU4X; German `1.234,5`).
/// Compiled once per language and kept for the process.
fn fallback(lang: &str, en: &'static Compiled) -> &'static Compiled {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static Compiled>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = map.get(lang) {
        return c;
    }
    let c = match locale::separators(lang) {
        Some((decimal, group))
            if decimal != en.data.decimal || en.data.group != [group.clone()] =>
        {
            let mut data = en.data.clone();
            data.decimal = decimal;
            // A space-like group separator: any of the spaces writers use.
            data.group = if is_space(group.chars().next().unwrap_or(' ')) {
                vec!["\u{202F}".into(), "\u{A0}".into(), " ".into()]
            } else {
                vec![group]
            };
            // Once per language for the process: the languages of a project.
            Box::leak(Box::new(compile(lang, data)))
        }
        _ => en,
    };
    map.insert(lang.to_string(), c);
    c
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{202F}' || c == '\u{A0}'
}

fn is_placeholder(c: char) -> bool {
    placeholder_index(c).is_some()
}

fn prev_char(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

fn next_char(s: &str, i: usize) -> Option<char> {
    s[i..].chars().next()
}

/// Number of ASCII digits starting at `i`.
fn digits_at(s: &str, i: usize) -> usize {
    s.as_bytes()[i..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count()
}

/// Byte length of a run of spaces at `i` (any kind, at most `max` chars).
fn spaces_at(s: &str, i: usize, max: usize) -> usize {
    s[i..]
        .chars()
        .take(max)
        .take_while(|c| is_space(*c) && *c != '\n')
        .map(char::len_utf8)
        .sum()
}

/// Case-(in)sensitive prefix match returning the matched byte length.
fn starts_with_ci(s: &str, i: usize, word: &str, case_sensitive: bool) -> Option<usize> {
    let rest = &s[i..];
    if case_sensitive {
        // The first byte decides most calls without a comparison call.
        if rest.as_bytes().first() != word.as_bytes().first() {
            return word.is_empty().then_some(0);
        }
        return rest.starts_with(word).then_some(word.len());
    }
    let mut len = 0;
    let mut it = rest.chars();
    for w in word.chars() {
        let c = it.next()?;
        if !c.to_lowercase().eq(w.to_lowercase()) {
            return None;
        }
        len += c.len_utf8();
    }
    Some(len)
}

/// Whether [`starts_with_ci`] can match `word` where the text's first byte
/// is `first`: a cheap test on the first bytes, false only when both are
/// ASCII and differ (ignoring ASCII case when not `case_sensitive`); a
/// non-ASCII character's lower case may be ASCII (`K` Kelvin sign), so
/// those are left to the full comparison.
#[inline]
fn may_start(first: Option<u8>, word: &str, case_sensitive: bool) -> bool {
    let (Some(a), Some(&b)) = (first, word.as_bytes().first()) else {
        return true;
    };
    if !a.is_ascii() || !b.is_ascii() {
        return true;
    }
    if case_sensitive {
        a == b
    } else {
        a.eq_ignore_ascii_case(&b)
    }
}

/// A word (or phrase) at `i` that ends at a word boundary.
fn word_at(s: &str, i: usize, word: &str, case_sensitive: bool) -> Option<usize> {
    let len = starts_with_ci(s, i, word, case_sensitive)?;
    let ends_word = word.chars().last().is_some_and(is_word);
    if ends_word && next_char(s, i + len).is_some_and(is_word) {
        return None;
    }
    Some(len)
}

/// Normalise a number from its integer and fractional digits: no leading
/// zeros, no trailing fractional zeros (`012`, `50` → `12.5`).
pub fn normalise_number(int: &str, frac: &str) -> String {
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// A number at `i` (which must hold a digit): end, normalised value, grouped.
fn scan_number(c: &Compiled, s: &str, i: usize) -> Option<(usize, String, bool)> {
    let first = digits_at(s, i);
    if first == 0 {
        return None;
    }
    let mut int = s[i..i + first].to_string();
    let mut j = i + first;
    let mut grouped = false;
    if first <= 3 {
        'groups: loop {
            for sep in &c.data.group {
                if s[j..].starts_with(sep.as_str()) {
                    let k = j + sep.len();
                    if digits_at(s, k) == 3 {
                        int.push_str(&s[k..k + 3]);
                        j = k + 3;
                        grouped = true;
                        continue 'groups;
                    }
                }
            }
            break;
        }
    }
    let mut frac = "";
    if s[j..].starts_with(c.data.decimal.as_str()) {
        let k = j + c.data.decimal.len();
        let n = digits_at(s, k);
        if n > 0 {
            frac = &s[k..k + n];
            j = k + n;
        }
    }
    if next_char(s, j).is_some_and(is_word) {
        return None;
    }
    Some((j, normalise_number(&int, frac), grouped))
}

/// The end of the whitespace-delimited token starting at `i`, without
/// trailing punctuation (and without an unbalanced closing bracket); `None`
/// when the token is longer than [`MAX_TOKEN`] bytes.
fn token_end(s: &str, i: usize) -> Option<usize> {
    let end = bounded_word_end(s, i)?;
    Some(strip_trailing(s, i, end, true, |c| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '»' | '"' | '”' | '’' | '\'' | '…'
        )
    }))
}

/// `end` moved back over trailing characters `strip` accepts and over
/// closing brackets without their opening one in `s[i..end]`. Bracket counts
/// are kept as characters are dropped: linear in the token's length.
/// With `square`, unbalanced `]` are dropped too (else a `]` stops).
fn strip_trailing(
    s: &str,
    i: usize,
    mut end: usize,
    square: bool,
    strip: impl Fn(char) -> bool,
) -> usize {
    let t = &s[i..end];
    let count = |b: u8| t.bytes().filter(|&x| x == b).count();
    let (mut open_paren, mut close_paren) = (count(b'('), count(b')'));
    let (mut open_sq, mut close_sq) = (count(b'['), count(b']'));
    while end > i {
        let Some(last) = prev_char(s, end) else { break };
        let drop = match last {
            ')' => close_paren > open_paren,
            ']' => square && close_sq > open_sq,
            c => strip(c),
        };
        if !drop {
            break;
        }
        match last {
            ')' => close_paren -= 1,
            ']' => close_sq -= 1,
            '(' => open_paren -= 1,
            '[' => open_sq -= 1,
            _ => {}
        }
        end -= last.len_utf8();
    }
    end
}

/// A token made of numbering groups only, with balanced brackets:
/// `8(2)(b)(xxvi)`, `(1)(b)`, `(1)b`, `56.1(1)`.
fn is_paren_numbering(t: &str) -> bool {
    let b = t.as_bytes();
    t.contains('(')
        && t.matches('(').count() == t.matches(')').count()
        && b.iter().any(u8::is_ascii_digit)
        && t.char_indices().all(|(i, c)| {
            c.is_alphanumeric()
                || c == '('
                || c == ')'
                || (c == '.'
                    && i > 0
                    && b[i - 1].is_ascii_digit()
                    && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        })
}

fn is_reference_token(t: &str, decimal: &str, group: &[String]) -> bool {
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    if t.chars().any(|c| c.is_ascii_uppercase() || c == '/') || is_paren_numbering(t) {
        return true;
    }
    // Hyphen-joined numbering: `2024-2025`, `8-2-b-xxvi` (not `2-year-old`).
    let part_ok = |p: &str| {
        !p.is_empty()
            && (p.bytes().all(|b| b.is_ascii_digit())
                || (p.len() == 1 && p.bytes().all(|b| b.is_ascii_lowercase()))
                || (p.len() <= 6 && p.chars().all(|c| "ivxlcdm".contains(c))))
    };
    if t.contains('-') && t.split('-').all(part_ok) {
        return true;
    }
    // Dotted section numbers: `1.2.3` in any language, `1.1` where `.` is
    // not the decimal separator; not a number grouped with `.` where `.`
    // groups digits (`1.234.567` in Spanish).
    let dots: Vec<&str> = t.split('.').collect();
    if dots.len() >= 2
        && dots
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let grouping = group.iter().any(|g| g == ".")
            && dots[0].len() <= 3
            && dots[1..].iter().all(|p| p.len() == 3);
        return !grouping && (dots.len() >= 3 || decimal != ".");
    }
    false
}

/// The letter-and-digit runs of a reference, lowercased and joined with
/// `.`: `8(2)(b)(xxvi)` and `8-2-b-xxvi` are both `8.2.b.xxvi`.
pub fn reference_parts(r: &str) -> String {
    r.split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(".")
}

fn scan_iso_date(s: &str, i: usize, end: usize) -> Option<Value> {
    let t = &s[i..end];
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = locale::parse_iso_date(t)?;
    Some(Value::Date {
        year: Some(y),
        month: m,
        day: Some(d),
    })
}

fn month_at(c: &Compiled, s: &str, i: usize) -> Option<(usize, u8)> {
    // Longest first, so that no month name shadows a longer one.
    let mut best: Option<(usize, u8)> = None;
    let cs = c.data.months_case_sensitive;
    let first = s.as_bytes().get(i).copied();
    if first.is_some_and(|b| !c.month_first[b as usize]) {
        return None;
    }
    for (k, name) in c.data.months.iter().enumerate() {
        if !may_start(first, name, cs) {
            continue;
        }
        if let Some(len) = word_at(s, i, name, cs) {
            if best.is_none_or(|(l, _)| len > l) {
                best = Some((len, k as u8 + 1));
            }
        }
    }
    best.map(|(len, m)| (i + len, m))
}

/// A day number (1–31) at `i`, with an optional ordinal suffix.
fn day_at(c: &Compiled, s: &str, i: usize) -> Option<(usize, u8)> {
    let n = digits_at(s, i);
    if n == 0 || n > 2 {
        return None;
    }
    let day: u8 = s[i..i + n].parse().ok()?;
    if !(1..=31).contains(&day) {
        return None;
    }
    let mut j = i + n;
    let mut suffixes: Vec<&str> = c.data.day_suffixes.iter().map(String::as_str).collect();
    if day == 1 {
        if let Some(f) = c.first_day.as_deref().and_then(|f| f.strip_prefix('1')) {
            suffixes.push(f);
        }
    }
    for suf in suffixes {
        if let Some(len) = word_at(s, j, suf, true) {
            j += len;
            break;
        }
    }
    if next_char(s, j).is_some_and(is_word) {
        return None;
    }
    Some((j, day))
}

fn year_at(s: &str, i: usize) -> Option<(usize, i32)> {
    if digits_at(s, i) != 4 || next_char(s, i + 4).is_some_and(is_word) {
        return None;
    }
    let y: i32 = s[i..i + 4].parse().ok()?;
    Some((i + 4, y))
}

fn valid_date(year: Option<i32>, month: u8, day: Option<u8>) -> bool {
    let y = year.unwrap_or(2000); // a leap year: 29 February without a year is valid
    let d = day.unwrap_or(1);
    locale::parse_iso_date(&format!("{y:04}-{month:02}-{d:02}")).is_some()
}

/// Whether an ASCII digit comes at `i` or after it before the next ASCII
/// white space (or the end).
///
/// Only the first [`MAX_TOKEN`] bytes are looked at: a longer token is no
/// placeable (see [`token_end`]), and an unbounded look-ahead at every word
/// start made a long run without spaces (`a;a;a;…`) quadratic.
fn digit_before_space(s: &str, i: usize) -> bool {
    let b = &s.as_bytes()[i..];
    b[..b.len().min(MAX_TOKEN + 1)]
        .iter()
        .take_while(|b| !matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'))
        .any(|b| b.is_ascii_digit())
}

/// The next part of a date (`part`) at `k`, or after one of the data's
/// `date_joiners` and a space there (`de` in `5 de junio de 2025`).
fn next_part<T>(
    c: &Compiled,
    s: &str,
    k: usize,
    part: impl Fn(usize) -> Option<(usize, T)>,
) -> Option<(usize, T)> {
    if let Some(found) = part(k) {
        return Some(found);
    }
    c.data.date_joiners.iter().find_map(|w| {
        let len = word_at(s, k, w, false)?;
        let sp = spaces_at(s, k + len, 2);
        (sp > 0).then(|| part(k + len + sp)).flatten()
    })
}

/// The longest token (in bytes) that can be a reference, an ISO date or a
/// bracketed numbering (`8(2)(b)(xxvi)`). Longer tokens are not looked into,
/// so that every scan from a word start is bounded and finding the
/// placeables of a text stays linear in its length.
pub const MAX_TOKEN: usize = 256;

/// The end of the token starting at `i` (the first space or placeholder),
/// or `None` when it is longer than [`MAX_TOKEN`] bytes.
fn bounded_word_end(s: &str, i: usize) -> Option<usize> {
    let rest = &s[i..];
    for (k, ch) in rest.char_indices() {
        if k > MAX_TOKEN {
            return None;
        }
        if is_space(ch) || is_placeholder(ch) {
            return Some(i + k);
        }
    }
    (rest.len() <= MAX_TOKEN).then_some(s.len())
}

/// A textual date at `i`.
fn scan_date(c: &Compiled, s: &str, i: usize) -> Option<(usize, Value)> {
    let mk = |end: usize, year: Option<i32>, month: u8, day: Option<u8>| {
        valid_date(year, month, day).then_some((end, Value::Date { year, month, day }))
    };
    // day month [year]
    if let Some((j, day)) = day_at(c, s, i) {
        let sp = spaces_at(s, j, 2);
        if sp > 0 {
            if let Some((k, month)) = next_part(c, s, j + sp, |x| month_at(c, s, x)) {
                let sp2 = spaces_at(s, k, 2);
                if sp2 > 0 {
                    if let Some((l, year)) = next_part(c, s, k + sp2, |x| year_at(s, x)) {
                        return mk(l, Some(year), month, Some(day));
                    }
                }
                return mk(k, None, month, Some(day));
            }
        }
        return None;
    }
    // month day[, year] | month year
    let (j, month) = month_at(c, s, i)?;
    let sp = spaces_at(s, j, 2);
    if sp == 0 {
        return None;
    }
    if let Some((k, year)) = next_part(c, s, j + sp, |x| year_at(s, x)) {
        return mk(k, Some(year), month, None);
    }
    if !c.data.month_first {
        return None;
    }
    let (k, day) = day_at(c, s, j + sp)?;
    let mut l = k;
    if s[l..].starts_with(',') {
        l += 1;
    }
    let sp2 = spaces_at(s, l, 2);
    if sp2 > 0 {
        if let Some((m, year)) = year_at(s, l + sp2) {
            return mk(m, Some(year), month, Some(day));
        }
    }
    mk(k, None, month, Some(day))
}

/// A currency form at `i` ending at a word boundary.
fn currency_at<'a>(c: &'a Compiled, s: &str, i: usize) -> Option<(usize, &'a str)> {
    let first = s.as_bytes().get(i).copied();
    if first.is_some_and(|b| !c.currency_first[b as usize]) {
        return None;
    }
    for (form, code) in &c.currency_forms {
        if !may_start(first, form, true) {
            continue;
        }
        if let Some(len) = word_at(s, i, form, true) {
            return Some((i + len, code.as_str()));
        }
    }
    None
}

/// Whether `s` holds a place where [`url_end`] can match (`http://`,
/// `https://` or `www.` in any ASCII case); may say yes when none does.
fn may_hold_url(s: &str) -> bool {
    // `http://` and `https://` hold `://`; `www.` is a `.` after `www`.
    let b = s.as_bytes();
    s.contains("://")
        || s.match_indices('.')
            .any(|(k, _)| k >= 3 && b[k - 3..k].eq_ignore_ascii_case(b"www"))
}

fn url_end(s: &str, i: usize) -> Option<usize> {
    let rest = &s[i..];
    let b = rest.as_bytes();
    let starts = |p: &str| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    if !(starts("http://") || starts("https://") || starts("www.")) {
        return None;
    }
    let mut end = rest
        .char_indices()
        .find(|(_, ch)| {
            is_space(*ch) || is_placeholder(*ch) || matches!(ch, '<' | '>' | '"' | '«' | '»')
        })
        .map(|(k, _)| i + k)
        .unwrap_or(s.len());
    end = trim_url(s, i, end);
    Some(end)
}

fn trim_url(s: &str, i: usize, end: usize) -> usize {
    strip_trailing(s, i, end, false, |c| {
        matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '’' | '\'' | '”')
    })
}

fn email_at(s: &str, at: usize) -> Option<Range<usize>> {
    let local_ok = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain_ok = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
    let start = s[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| local_ok(*c))
        .last()
        .map(|(k, _)| k)?;
    let mut end = at
        + 1
        + s[at + 1..]
            .chars()
            .take_while(|c| domain_ok(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    while end > at + 1 && matches!(s.as_bytes()[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let domain = &s[at + 1..end];
    let start = start + s[start..at].chars().take_while(|c| *c == '.').count();
    if start == at || !domain.contains('.') || domain.starts_with('.') {
        return None;
    }
    Some(start..end)
}

fn preceded_by_prefix(c: &Compiled, s: &str, i: usize) -> bool {
    let before = &s[..i];
    let trimmed = before.trim_end_matches(|ch: char| is_space(ch) && ch != '\n');
    if trimmed.len() == before.len() || before.len() - trimmed.len() > 4 {
        return false;
    }
    c.data.reference_prefixes.iter().any(|p| {
        trimmed.ends_with(p.as_str())
            && prev_char(trimmed, trimmed.len() - p.len()).is_none_or(|ch| !is_word(ch))
    })
}

/// How `lang` writes a normalised number as words (empty when it has no
/// such data): `number_words("fr", "90")` is `["quatre-vingt-dix"]`.
pub fn number_words(lang: &str, value: &str) -> &'static [String] {
    lang_data(lang)
        .data
        .number_words
        .get(value)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Recognise the placeables of a text written in `lang`, in text order.
/// Placeholder characters of coded text count as separators.
pub fn find(lang: &str, s: &str) -> Vec<Placeable> {
    find_with(lang, s, true)
}

/// [`find`]; with `digit_filter`, a text without an ASCII digit is not
/// scanned for numbers, amounts, percentages, dates and references: each
/// of them holds one (a date has a day or a year, an amount or a percentage
/// a number, a reference token and a paragraph number such as `(a)(1)` a
/// digit), so only URLs and e-mail addresses can occur there. Two thirds of
/// the Canadian Acts' sentences have no digit, and this scan was a third of
/// the analysis of a TM source. The test `digit_filter_changes_nothing`
/// compares both ways.
fn find_with(lang: &str, s: &str, digit_filter: bool) -> Vec<Placeable> {
    let c = lang_data(lang);
    let mut out: Vec<Placeable> = Vec::new();
    // URLs and e-mail addresses first: nothing inside them is a placeable.
    let mut i = if may_hold_url(s) { 0 } else { s.len() };
    while i < s.len() {
        let ch = next_char(s, i).unwrap_or(' ');
        if prev_char(s, i).is_none_or(|p| !is_word(p) && p != '.' && p != '/') {
            if let Some(end) = url_end(s, i) {
                if end > i {
                    out.push(Placeable {
                        range: i..end,
                        value: Value::Url(s[i..end].to_string()),
                    });
                    i = end;
                    continue;
                }
            }
        }
        i += ch.len_utf8();
    }
    // URLs are in order and disjoint, e-mail addresses are found in order:
    // overlaps are found with a cursor and the end of the last address, not
    // by comparing with every placeable found so far (`a@b.ca@b.ca@…` was
    // quadratic).
    let urls = out.len();
    let mut u = 0;
    let mut last_email_end = 0;
    for (at, _) in s.match_indices('@') {
        while u < urls && out[u].range.end <= at {
            u += 1;
        }
        if (u < urls && out[u].range.start <= at) || at < last_email_end {
            continue;
        }
        if let Some(r) = email_at(s, at) {
            let k = out[..urls].partition_point(|p| p.range.end <= r.start);
            let hits_url = k < urls && out[k].range.start < r.end;
            if !hits_url && r.start >= last_email_end {
                last_email_end = r.end;
                out.push(Placeable {
                    value: Value::Email(s[r.clone()].to_string()),
                    range: r,
                });
            }
        }
    }
    out.sort_by_key(|p| p.range.start);
    if digit_filter && !s.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    let taken = out.clone();
    let mut next_taken = 0;
    let mut i = 0;
    // Whether the character before `i` is a word character (none: false).
    let mut prev_word = false;
    while i < s.len() {
        while next_taken < taken.len() && taken[next_taken].range.end <= i {
            next_taken += 1;
        }
        if let Some(t) = taken.get(next_taken) {
            if t.range.start <= i {
                i = t.range.end;
                prev_word = prev_char(s, i).is_some_and(is_word);
                continue;
            }
        }
        let limit = taken
            .get(next_taken)
            .map(|t| t.range.start)
            .unwrap_or(s.len());
        let b = s.as_bytes()[i];
        let ch = if b.is_ascii() {
            b as char
        } else {
            next_char(s, i).unwrap_or(' ')
        };
        let at_word_start = !prev_word;
        if at_word_start && !is_space(ch) && !is_placeholder(ch) {
            if let Some((end, value)) = scan_at(c, s, i) {
                if end <= limit && end > i {
                    out.push(Placeable {
                        range: i..end,
                        value,
                    });
                    i = end;
                    prev_word = prev_char(s, i).is_some_and(is_word);
                    continue;
                }
            }
        }
        prev_word = is_word(ch);
        i += ch.len_utf8();
    }
    out.sort_by_key(|p| p.range.start);
    out
}

/// The placeable starting at `i`, if any.
fn scan_at(c: &Compiled, s: &str, i: usize) -> Option<(usize, Value)> {
    let ch = next_char(s, i)?;
    if ch.is_alphabetic() {
        let starter = if ch.is_ascii() {
            c.ascii_starters[ch.to_ascii_lowercase() as usize]
        } else {
            let lower = ch.to_lowercase().next().unwrap_or(ch);
            c.starters.binary_search(&lower).is_ok()
        };
        // Without a digit before the first ASCII white space there is
        // none in the word.
        if !starter && !digit_before_space(s, i) {
            return None;
        }
        if !starter {
            let word_end = bounded_word_end(s, i)?;
            if !s[i..word_end].bytes().any(|b| b.is_ascii_digit()) {
                return None;
            }
        }
    }
    let currency = currency_at(c, s, i);
    if ch == '(' {
        let end = token_end(s, i)?;
        let t = &s[i..end];
        return is_paren_numbering(t).then(|| (end, Value::Reference(t.to_string())));
    }
    // A token without an ASCII digit is neither an ISO date nor a
    // reference: the token ends at the first space, so the bytes up to the
    // first ASCII white space hold all of it.
    if ch.is_alphanumeric() && digit_before_space(s, i) {
        let end = token_end(s, i).unwrap_or(i);
        if end > i {
            if let Some(v) = scan_iso_date(s, i, end) {
                return Some((end, v));
            }
            let t = &s[i..end];
            if currency.is_none() && is_reference_token(t, &c.data.decimal, &c.data.group) {
                return Some((end, Value::Reference(t.to_string())));
            }
        }
    }
    if ch.is_alphanumeric() {
        if let Some(d) = scan_date(c, s, i) {
            return Some(d);
        }
    }
    // Currency before the number: `€1,200`, `US$ 5`, `EUR 300`.
    if let Some((j, code)) = currency {
        let sp = spaces_at(s, j, 1);
        if digits_at(s, j + sp) > 0 {
            if let Some((end, value, _)) = scan_number(c, s, j + sp) {
                return Some((
                    end,
                    Value::Amount {
                        currency: code.to_string(),
                        value,
                    },
                ));
            }
        }
        return None;
    }
    if !ch.is_ascii_digit() {
        return None;
    }
    let (end, value, grouped) = scan_number(c, s, i)?;
    if preceded_by_prefix(c, s, i) {
        return Some((end, Value::Reference(s[i..end].to_string())));
    }
    let sp = spaces_at(s, end, 1);
    if s[end + sp..].starts_with('%') {
        return Some((end + sp + 1, Value::Percent { value }));
    }
    if sp > 0 {
        for w in &c.data.percent_words {
            if let Some(len) = word_at(s, end + sp, w, false) {
                return Some((end + sp + len, Value::Percent { value }));
            }
        }
        if let Some((k, code)) = currency_at(c, s, end + sp) {
            return Some((
                k,
                Value::Amount {
                    currency: code.to_string(),
                    value,
                },
            ));
        }
    } else if let Some((k, code)) = currency_at(c, s, end) {
        if !next_char(s, end).is_some_and(is_word) {
            return Some((
                k,
                Value::Amount {
                    currency: code.to_string(),
                    value,
                },
            ));
        }
    }
    Some((end, Value::Number { value, grouped }))
}

/// [`find`] on coded text; ranges are byte ranges of `text.text`.
pub fn find_coded(lang: &str, text: &CodedText) -> Vec<Placeable> {
    find(lang, &text.text)
}

/// A number in a language: grouped with CLDR's separators when the source
/// grouped it or it has five or more integer digits, otherwise as written
/// with the language's decimal separator (years stay `2025`).
fn render_number(c: &Compiled, lang: &str, value: &str, grouped: bool) -> String {
    let int_len = value.split('.').next().map(str::len).unwrap_or(0);
    if grouped || int_len >= 5 {
        if let Ok(s) = locale::format_decimal(lang, value) {
            return s;
        }
    }
    value.replacen('.', &c.data.decimal, 1)
}

fn render_day(c: &Compiled, day: u8) -> String {
    match (day, &c.first_day) {
        (1, Some(f)) => f.clone(),
        _ => day.to_string(),
    }
}

/// Write a value the way `lang` writes it. URLs, e-mail addresses and
/// references are returned unchanged.
pub fn render(value: &Value, lang: &str) -> String {
    let c = lang_data(lang);
    match value {
        Value::Number { value, grouped } => render_number(c, lang, value, *grouped),
        Value::Percent { value } => c
            .data
            .percent_pattern
            .replace("{n}", &render_number(c, lang, value, false)),
        Value::Amount { currency, value } => {
            let symbol = c
                .data
                .symbols
                .get(currency)
                .cloned()
                .unwrap_or_else(|| format!("{currency} "));
            // Amounts are always grouped from four integer digits.
            let n = render_number(
                c,
                lang,
                value,
                value.split('.').next().unwrap_or("").len() >= 4,
            );
            c.data
                .amount_pattern
                .replace("{symbol}", &symbol)
                .replace("{n}", &n)
                .trim()
                .to_string()
        }
        Value::Date { year, month, day } => {
            let m = c
                .data
                .months
                .get(usize::from(*month).saturating_sub(1))
                .cloned()
                .unwrap_or_else(|| month.to_string());
            match (year, day) {
                (Some(y), Some(d)) => {
                    locale::format_date(lang, *y, *month, *d).unwrap_or_else(|_| {
                        c.data
                            .day_month_year
                            .replace("{day}", &render_day(c, *d))
                            .replace("{month}", &m)
                            .replace("{year}", &y.to_string())
                    })
                }
                (None, Some(d)) => c
                    .data
                    .day_month
                    .replace("{day}", &render_day(c, *d))
                    .replace("{month}", &m),
                (Some(y), None) => c
                    .data
                    .month_year
                    .replace("{month}", &m)
                    .replace("{year}", &y.to_string()),
                (None, None) => m,
            }
        }
        Value::Url(s) | Value::Email(s) | Value::Reference(s) => s.clone(),
    }
}

/// Character standing for a placeable in a [`skeleton`].
pub const SKELETON_MARK: char = '\u{FFFC}';

/// The text with each placeable replaced by [`SKELETON_MARK`], and the
/// placeables. Two texts whose skeletons are equal differ only in placeables.
pub fn skeleton(lang: &str, text: &str) -> (String, Vec<Placeable>) {
    let ps = find(lang, text);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for p in &ps {
        out.push_str(&text[last..p.range.start]);
        out.push(SKELETON_MARK);
        last = p.range.end;
    }
    out.push_str(&text[last..]);
    (out, ps)
}

/// Auto-substitution: `new_source` differs from `tm_source` only in
/// placeables; return `tm_target` with the corresponding placeables replaced
/// by the new values rendered in `target_lang`.
///
/// Each changed source placeable must be found in the target with the same
/// value (compared by [`Value::key`]); its range is replaced by [`render`] of
/// the new value. Returns `None` when the skeletons (placeholders included)
/// differ or a changed placeable cannot be located in the target. The codes
/// of `tm_target` are kept.
pub fn substitute(
    source_lang: &str,
    target_lang: &str,
    tm_source: &CodedText,
    tm_target: &CodedText,
    new_source: &CodedText,
) -> Option<CodedText> {
    let (sk_old, old) = skeleton(source_lang, &tm_source.text);
    let (sk_new, new) = skeleton(source_lang, &new_source.text);
    if sk_old != sk_new || old.len() != new.len() {
        return None;
    }
    let in_target = find(target_lang, &tm_target.text);
    let mut used = vec![false; in_target.len()];
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (o, n) in old.iter().zip(&new) {
        let key = o.value.key();
        let ix = in_target
            .iter()
            .enumerate()
            .position(|(k, t)| !used[k] && t.value.key() == key)?;
        used[ix] = true;
        if o.value.key() != n.value.key() {
            edits.push((in_target[ix].range.clone(), render(&n.value, target_lang)));
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0.start));
    let mut out = tm_target.clone();
    for (r, s) in edits {
        out.text.replace_range(r, &s);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Code, CodeKind};

    fn values(lang: &str, s: &str) -> Vec<(String, String)> {
        find(lang, s)
            .into_iter()
            .map(|p| (s[p.range].to_string(), p.value.key()))
            .collect()
    }

    fn one(lang: &str, s: &str) -> (String, String) {
        let v = values(lang, s);
        assert_eq!(v.len(), 1, "{s:?}: {v:?}");
        v.into_iter().next().unwrap()
    }

    /// Without an ASCII digit, the full scan finds nothing the filtered
    /// [`find`] misses: texts of the statement and the segmentation
    /// fixtures with their digits removed (or made letters), and forms
    /// that look like placeables without a digit, in every language.
    #[test]
    fn digit_filter_changes_nothing() {
        let mut texts: Vec<String> = Vec::new();
        for json in [
            include_str!("../tests/fixtures/segmentation/en.golden-rules.pysbd.json"),
            include_str!("../tests/fixtures/segmentation/fr.golden-rules.pysbd.json"),
            include_str!("../tests/fixtures/segmentation/en.pragmatic-segmenter-spec.json"),
            include_str!("../tests/fixtures/segmentation/fr.pragmatic-segmenter-spec.json"),
        ] {
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            for case in v["cases"].as_array().unwrap() {
                texts.push(case["text"].as_str().unwrap().to_string());
            }
        }
        texts.extend(
            include_str!("../corpus/statements/civil-society-condemns-us-sanctions-june-2025.md")
                .lines()
                .map(str::to_string),
        );
        texts.extend(
            [
                "(a)(b) (iv) (i).(ii) June, July the first, le premier juin, 1er",
                "EUR € US$ $ per cent pour cent % art. No. E.O. Executive Order",
                "see www.icc-cpi.int/x, https://example.org and a@b.ca, or x@y",
                "Le 5 juin 2025, 12,5 %, 4 312 victimes, 1er mai, USD 300",
            ]
            .map(str::to_string),
        );
        let mut checked = 0;
        for t in &texts {
            let stripped: String = t.chars().filter(|c| !c.is_ascii_digit()).collect();
            let lettered: String = t
                .chars()
                .map(|c| if c.is_ascii_digit() { 'x' } else { c })
                .collect();
            for v in [stripped, lettered] {
                for lang in crate::languages::tags() {
                    assert_eq!(
                        find_with(lang, &v, true),
                        find_with(lang, &v, false),
                        "{lang}: {v:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
        // And the filter is taken: these have placeables with digits only.
        assert!(find("en", "On 5 June 2025").len() == 1);
        assert_eq!(find("en", "On June the first").len(), 0);
    }

    #[test]
    fn numbers_in_both_languages() {
        assert_eq!(
            one("en", "There are 4,312 victims."),
            ("4,312".into(), "number:4312".into())
        );
        assert_eq!(
            one("fr", "Il y a 4 312 victimes."),
            ("4 312".into(), "number:4312".into())
        );
        assert_eq!(
            one("fr", "Il y a 4\u{202F}312 victimes."),
            ("4\u{202F}312".into(), "number:4312".into())
        );
        assert_eq!(
            one("en", "Rate 12.5 today"),
            ("12.5".into(), "number:12.5".into())
        );
        assert_eq!(
            one("fr", "Taux 12,5 ce jour"),
            ("12,5".into(), "number:12.5".into())
        );
        assert_eq!(
            one("en", "1,234,567.50"),
            ("1,234,567.50".into(), "number:1234567.5".into())
        );
        // Sentence punctuation is not part of a number.
        assert_eq!(
            values("en", "In 2025, 120 states"),
            vec![
                ("2025".into(), "number:2025".into()),
                ("120".into(), "number:120".into())
            ]
        );
        assert_eq!(values("fr", "En 2024, 5 personnes.").len(), 2);
        // Ordinals and words with digits are not numbers.
        assert!(values("en", "the 3rd session").is_empty());
        assert!(values("fr", "la 3e session").is_empty());
    }

    #[test]
    fn percentages() {
        assert_eq!(
            one("en", "up 12.5% on"),
            ("12.5%".into(), "percent:12.5".into())
        );
        assert_eq!(
            one("fr", "hausse de 12,5 % sur"),
            ("12,5 %".into(), "percent:12.5".into())
        );
        assert_eq!(
            one("fr", "12,5\u{A0}%"),
            ("12,5\u{A0}%".into(), "percent:12.5".into())
        );
        assert_eq!(
            one("en", "40 per cent of"),
            ("40 per cent".into(), "percent:40".into())
        );
        assert_eq!(
            one("fr", "40 pour cent"),
            ("40 pour cent".into(), "percent:40".into())
        );
    }

    #[test]
    fn dates() {
        let d = "date:2025-06-05";
        assert_eq!(
            one("en", "On 5 June 2025, the"),
            ("5 June 2025".into(), d.into())
        );
        assert_eq!(
            one("en", "On June 5, 2025 the"),
            ("June 5, 2025".into(), d.into())
        );
        assert_eq!(
            one("fr", "Le 5 juin 2025, la"),
            ("5 juin 2025".into(), d.into())
        );
        assert_eq!(
            one("fr", "Le 1er juin 2025"),
            ("1er juin 2025".into(), "date:2025-06-01".into())
        );
        assert_eq!(
            one("en", "see 2025-06-05."),
            ("2025-06-05".into(), d.into())
        );
        assert_eq!(
            one("en", "on 5 June the"),
            ("5 June".into(), "date:--06-05".into())
        );
        assert_eq!(
            one("fr", "le 5 juin la"),
            ("5 juin".into(), "date:--06-05".into())
        );
        assert_eq!(
            one("en", "in June 2025"),
            ("June 2025".into(), "date:2025-06".into())
        );
        // Invalid dates are not dates; `may` is not a month in English.
        assert_eq!(
            values("en", "30 February 2025"),
            vec![
                ("30".into(), "number:30".into()),
                ("February 2025".into(), "date:2025-02".into())
            ]
        );
        assert!(values("en", "they may 5")
            .iter()
            .all(|v| !v.1.starts_with("date")));
        assert!(values("fr", "Août 2025")
            .iter()
            .any(|v| v.1 == "date:2025-08"));
    }

    #[test]
    fn amounts() {
        assert_eq!(
            one("en", "cost €1,200 so"),
            ("€1,200".into(), "amount:EUR:1200".into())
        );
        assert_eq!(
            one("en", "cost US$ 5 so"),
            ("US$ 5".into(), "amount:USD:5".into())
        );
        assert_eq!(
            one("fr", "coût 1 200 € donc"),
            ("1 200 €".into(), "amount:EUR:1200".into())
        );
        assert_eq!(
            one("fr", "300 euros"),
            ("300 euros".into(), "amount:EUR:300".into())
        );
        assert_eq!(
            one("en", "EUR 300"),
            ("EUR 300".into(), "amount:EUR:300".into())
        );
    }

    #[test]
    fn urls_emails_references() {
        let s = "See https://www.icc-cpi.int/news/2025-06-05?id=4,312. Write to otp.informationdesk@icc-cpi.int.";
        let v = values("en", s);
        assert_eq!(
            v,
            vec![
                (
                    "https://www.icc-cpi.int/news/2025-06-05?id=4,312".into(),
                    "url:https://www.icc-cpi.int/news/2025-06-05?id=4,312".into()
                ),
                (
                    "otp.informationdesk@icc-cpi.int".into(),
                    "email:otp.informationdesk@icc-cpi.int".into()
                ),
            ]
        );
        assert_eq!(one("en", "(www.icc-cpi.int)").0, "www.icc-cpi.int");
        assert_eq!(
            one("en", "Case ICC-01/04-01/06, today").0,
            "ICC-01/04-01/06"
        );
        assert_eq!(
            one("en", "ICC-CPI-20250605-PR1234.").1,
            "reference:icc.cpi.20250605.pr1234"
        );
        assert_eq!(
            one("en", "under article 8(2)(b)(xxvi) of").1,
            "reference:8.2.b.xxvi"
        );
        assert_eq!(
            one("en", "under E.O. 14203, the"),
            ("14203".into(), "reference:14203".into())
        );
        assert_eq!(
            one("fr", "le décret 14203"),
            ("14203".into(), "reference:14203".into())
        );
        assert_eq!(one("en", "the 2024-2025 budget").1, "reference:2024.2025");
        // A hyphenated word with a number is not a reference.
        assert_eq!(one("en", "a 2-year-old").1, "number:2");
        // Numbering compares by its parts across conventions.
        assert_eq!(
            one("fr", "l’article 8-2-b-xxvi du Statut").1,
            "reference:8.2.b.xxvi"
        );
        assert_eq!(one("en", "paragraph (1)(b) applies").1, "reference:1.b");
        assert_eq!(one("fr", "l’alinéa (1)b) s’applique").1, "reference:1.b");
        assert_eq!(one("fr", "à l’article 1.1.").0, "1.1");
        assert_eq!(one("fr", "à l’article 1.1.").1, "reference:1.1");
        assert_eq!(one("en", "in clause 1.1.").1, "number:1.1");
        assert_eq!(one("en", "section 2.3.4 says").1, "reference:2.3.4");
        assert_eq!(
            one("en", "(12.5%)"),
            ("12.5%".into(), "percent:12.5".into())
        );
        assert_eq!(one("en", "(ICC-01/04-01/06)").0, "ICC-01/04-01/06");
        assert_eq!(one("en", "subsection 56.1(1) of").1, "reference:56.1.1");
        assert_eq!(one("fr", "paragraphe 56.1(1) de").1, "reference:56.1.1");
        assert!(values("en", "c. 1 (2nd Supp.)")
            .iter()
            .all(|v| v.0 != "(2nd"));
    }

    #[test]
    fn number_words_are_data() {
        assert_eq!(number_words("fr", "90"), ["quatre-vingt-dix"]);
        assert!(number_words("en", "4").contains(&"four".to_string()));
        assert!(number_words("en", "4312").is_empty());
    }

    #[test]
    fn coded_text_boundaries() {
        let mut t = CodedText::plain("On ");
        t.push_code(Code::new(CodeKind::Open, "1", "strong"));
        t.push_str("5 June 2025");
        t.push_code(Code::new(CodeKind::Close, "1", "strong"));
        t.push_str(" 4,312");
        let ps = find_coded("en", &t);
        assert_eq!(ps.len(), 2);
        assert_eq!(&t.text[ps[0].range.clone()], "5 June 2025");
        assert_eq!(&t.text[ps[1].range.clone()], "4,312");
    }

    #[test]
    fn encoding_is_lossless() {
        let texts = [
            (
                "en",
                "On 5 June 2025, 4,312 and 4312 people (12.5%) paid €1,200.",
            ),
            (
                "en",
                "See https://www.icc-cpi.int/news or Info.Desk@ICC-CPI.int.",
            ),
            (
                "en",
                "Case ICC-01/04-01/06 under article 8(2)(b)(xxvi), E.O. 14203.",
            ),
            (
                "en",
                "On 5 June, in June 2025, 2025-02-28 and 0.50 or 2024-2025.",
            ),
            (
                "fr",
                "Le 1er juin, 4 312 victimes, 12,5 %, 300 euros, art. 8-2-b.",
            ),
        ];
        let mut kinds = std::collections::BTreeSet::new();
        for (lang, text) in texts {
            for p in find(lang, text) {
                let e = p.value.encode();
                assert_eq!(Value::decode(&e).as_ref(), Some(&p.value), "{e:?}");
                assert_eq!(encoded_key(&e), p.value.key());
                kinds.insert(p.value.kind().name());
            }
        }
        assert_eq!(kinds.len(), 7, "every kind is exercised: {kinds:?}");
        // The key leaves out grouping and literal forms; the encoding keeps them.
        let grouped = &find("en", "4,312")[0].value;
        assert_eq!(grouped.encode(), "number:4312\u{1F}g");
        assert_eq!(encoded_key(&grouped.encode()), "number:4312");
        let r = &find("en", "under article 8(2)(b) of")[0].value;
        assert_eq!(r.encode(), "reference:8.2.b\u{1F}8(2)(b)");
        // Strings that are not encodings.
        for bad in [
            "",
            "number",
            "number:",
            "number:4,312",
            "number:012",
            "number:4312\u{1F}x",
            "date:2025-02-30",
            "date:2025-13",
            "amount:EUR",
            "reference:8.2.b\u{1F}9(2)(b)",
            "bogus:1",
        ] {
            assert_eq!(Value::decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn rendering() {
        let r = |lang: &str, src_lang: &str, s: &str| render(&find(src_lang, s)[0].value, lang);
        assert_eq!(r("fr", "en", "5 June 2025"), "5 juin 2025");
        assert_eq!(r("fr", "en", "1 June"), "1er juin");
        assert_eq!(r("fr", "en", "June 1, 2025"), "1er juin 2025");
        assert_eq!(r("en", "fr", "1er juin 2025"), "1 June 2025");
        assert_eq!(r("fr", "en", "12.5%"), "12,5\u{A0}%");
        assert_eq!(r("en", "fr", "12,5 %"), "12.5%");
        assert_eq!(r("fr", "en", "4,312"), "4\u{202F}312");
        assert_eq!(r("en", "fr", "4 312"), "4,312");
        assert_eq!(r("fr", "en", "in 2025"), "2025");
        assert_eq!(r("fr", "en", "€1,200"), "1\u{202F}200\u{A0}€");
        assert_eq!(r("fr", "en", "ICC-01/04-01/06"), "ICC-01/04-01/06");
        assert_eq!(r("fr", "en", "June 2025"), "juin 2025");
    }

    /// Every folder's `placeables.toml` parses and compiles (twelve months).
    #[test]
    fn every_folder_parses() {
        for f in languages::all_files("placeables.toml") {
            let _ = compile(f.tag, f.parse_builtin());
            assert!(has_data(f.tag), "{}", f.tag);
        }
    }

    /// Spanish, from `src/languages/es/placeables.toml`: decimal comma,
    /// `.` or a space between groups, `5 de junio de 2025`.
    #[test]
    fn spanish() {
        let p = |s: &str, v: &str| (s.to_string(), v.to_string());
        assert_eq!(
            one("es", "El 5 de junio de 2025, la Sala"),
            p("5 de junio de 2025", "date:2025-06-05")
        );
        assert_eq!(
            one("es", "el 1.º de junio de 2025"),
            p("1.º de junio de 2025", "date:2025-06-01")
        );
        assert_eq!(
            one("es", "en junio de 2025"),
            p("junio de 2025", "date:2025-06")
        );
        assert_eq!(one("es", "el 5 de junio"), p("5 de junio", "date:--06-05"));
        // `de` alone joins nothing: `5 de` is a number.
        assert_eq!(one("es", "5 de ellos"), p("5", "number:5"));
        assert_eq!(one("es", "Hay 4.312 víctimas."), p("4.312", "number:4312"));
        assert_eq!(one("es", "Hay 4 312 víctimas."), p("4 312", "number:4312"));
        assert_eq!(one("es", "Tasa 12,5 hoy"), p("12,5", "number:12.5"));
        assert_eq!(
            one("es", "1.234.567,50"),
            p("1.234.567,50", "number:1234567.5")
        );
        // `12.5` is not twelve and a half in Spanish (a section number, as
        // in French).
        assert_eq!(
            values("es", "Tasa 12.5 hoy"),
            vec![p("12.5", "reference:12.5")]
        );
        assert_eq!(one("es", "sube un 12,5 % hoy"), p("12,5 %", "percent:12.5"));
        assert_eq!(
            one("es", "el 40 por ciento"),
            p("40 por ciento", "percent:40")
        );
        assert_eq!(one("es", "300 euros"), p("300 euros", "amount:EUR:300"));
        assert_eq!(one("es", "la sección 1.2.3"), p("1.2.3", "reference:1.2.3"));
        assert_eq!(one("es", "el art. 8"), p("8", "reference:8"));
        assert!(has_data("es-MX") && !has_data("de"));
        // A language without data is read with the English conventions
        // and CLDR's separators.
        assert_eq!(one("de", "4.312"), p("4.312", "number:4312"));
        assert_eq!(one("de", "12,5 Prozent"), p("12,5", "number:12.5"));
        assert_eq!(
            one("de", "am 5 June 2025"),
            p("5 June 2025", "date:2025-06-05")
        );
        assert_eq!(one("und", "4,312.5"), p("4,312.5", "number:4312.5"));
    }

    #[test]
    fn spanish_rendering() {
        let r = |lang: &str, src_lang: &str, s: &str| render(&find(src_lang, s)[0].value, lang);
        assert_eq!(r("es", "en", "5 June 2025"), "5 de junio de 2025");
        assert_eq!(r("es", "en", "1 June 2025"), "1 de junio de 2025");
        assert_eq!(r("es", "en", "5 June"), "5 de junio");
        assert_eq!(r("es", "en", "June 2025"), "junio de 2025");
        assert_eq!(r("en", "es", "5 de junio de 2025"), "5 June 2025");
        assert_eq!(r("es", "en", "12.5%"), "12,5\u{A0}%");
        assert_eq!(r("es", "en", "12,345"), "12.345");
        assert_eq!(r("es", "en", "12.5"), "12,5");
        assert_eq!(r("en", "es", "12.345,5"), "12,345.5");
        assert_eq!(r("es", "en", "€12,000"), "12.000\u{A0}€");
        let src = CodedText::plain("On 5 June 2025, 4,312 victims took part.");
        let tgt = CodedText::plain("El 5 de junio de 2025 participaron 4312 víctimas.");
        let new = CodedText::plain("On 9 June 2025, 4,312 victims took part.");
        let out = substitute("en", "es", &src, &tgt, &new).expect("substitutable");
        assert_eq!(
            out.text,
            "El 9 de junio de 2025 participaron 4312 víctimas."
        );
    }

    #[test]
    fn substitution() {
        let src = CodedText::plain("On 5 June 2025, 4,312 victims took part.");
        let tgt = CodedText::plain("Le 5 juin 2025, 4 312 victimes ont participé.");
        let new = CodedText::plain("On 1 June 2025, 4,312 victims took part.");
        let out = substitute("en", "fr", &src, &tgt, &new).expect("substitutable");
        assert_eq!(out.text, "Le 1er juin 2025, 4 312 victimes ont participé.");
        let other = CodedText::plain("On 1 June 2025, 4,312 witnesses took part.");
        assert!(substitute("en", "fr", &src, &tgt, &other).is_none());
        // A placeable missing from the target cannot be substituted.
        let bad = CodedText::plain("Le 5 juin, des victimes ont participé.");
        assert!(substitute("en", "fr", &src, &bad, &new).is_none());
    }
}
