//! Placeables: spans of text whose value does not depend on the language
//! (numbers, dates, percentages, amounts, URLs, e-mail addresses, reference
//! codes) and that a translation carries over in the target locale's form.
//!
//! The matcher only needs the [`Placeables`] trait; [`BuiltinPlaceables`] is a
//! small recogniser for English and French good enough for press releases.
//! A fuller module can be plugged in behind the same trait.
//!
//! Values are locale-independent strings with a kind prefix:
//!
//! | text (en)                 | text (fr)                  | value                |
//! |---------------------------|----------------------------|----------------------|
//! | `4,312` / `4312`          | `4 312`                    | `num:4312`           |
//! | `12.5`                    | `12,5`                     | `num:12.5`           |
//! | `12.5%`, `12.5 per cent`  | `12,5 %`, `12,5 pour cent` | `pct:12.5`           |
//! | `$5,000`                  | `5 000 $`                  | `amt:$:5000`         |
//! | `5 June 2025`, `June 5, 2025`, `2025-06-05` | `5 juin 2025` | `date:2025-06-05` |
//! | `1 June`, `June 1`        | `1er juin`                 | `date:--06-01`       |
//! | `June 2025`               | `juin 2025`                | `date:2025-06`       |
//! | `https://x.org/a`         | same                       | `url:https://x.org/a`|
//! | `a@b.org`                 | same                       | `email:a@b.org`      |
//! | `ICC-01/04-01/06`, `E.O. 14203`, `ICC-CPI-20250605-PR1234` | same | `ref:…` |

use crate::locale::{format_date, format_decimal};
use crate::model::placeholder_index;
use std::ops::Range;

/// Recognises and renders placeables.
pub trait Placeables: Send + Sync {
    /// Placeables in `text` (written in `lang`), in order and not
    /// overlapping: byte range and locale-independent value.
    fn find(&self, text: &str, lang: &str) -> Vec<(Range<usize>, String)>;
    /// A value written the way `target_lang` writes it; `None` when the
    /// value cannot be rendered.
    fn render(&self, value: &str, target_lang: &str) -> Option<String>;
}

/// The built-in recogniser for English and French (other languages get the
/// English rules for finding and ICU4X for numbers and dates when rendering).
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltinPlaceables;

const MONTHS_EN: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn primary(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or(lang)
}

fn is_fr(lang: &str) -> bool {
    primary(lang).eq_ignore_ascii_case("fr")
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|r| r.chars().next_back())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && placeholder_index(c).is_none()
}

/// Whether a word ends at `i` (end of text or a non-alphanumeric char).
fn boundary_after(s: &str, i: usize) -> bool {
    char_at(s, i).is_none_or(|c| !is_word_char(c))
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// One space-like character at `i`.
fn space_at(s: &str, i: usize) -> Option<usize> {
    char_at(s, i)
        .filter(|&c| is_space(c))
        .map(|c| i + c.len_utf8())
}

/// End of a run of ASCII digits starting at `i`.
fn digits_end(s: &str, i: usize) -> usize {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    j
}

/// End of the alphabetic word at `i`.
fn word_end(s: &str, i: usize) -> usize {
    let mut end = i;
    for c in s[i..].chars() {
        if c.is_alphabetic() {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    end
}

fn eq_lower(word: &str, lower: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(lower)
    } else {
        word.chars().flat_map(char::to_lowercase).eq(lower.chars())
    }
}

fn month_at(s: &str, i: usize, fr: bool) -> Option<(usize, u8)> {
    let first = char_at(s, i)?;
    // Every month name starts with one of these letters.
    if !matches!(
        first.to_ascii_lowercase(),
        'j' | 'f' | 'm' | 'a' | 's' | 'o' | 'n' | 'd'
    ) {
        return None;
    }
    let end = word_end(s, i);
    let w = &s[i..end];
    if !(3..=10).contains(&w.len()) {
        return None;
    }
    let ix = if fr {
        MONTHS_FR.iter().position(|m| eq_lower(w, m)).or_else(|| {
            [("fevrier", 1), ("aout", 7), ("decembre", 11)]
                .iter()
                .find(|(m, _)| eq_lower(w, m))
                .map(|&(_, k)| k)
        })
    } else {
        // English month names are always capitalised ("may" is a verb).
        if !first.is_uppercase() {
            return None;
        }
        MONTHS_EN.iter().position(|m| eq_lower(w, m))
    }?;
    Some((end, ix as u8 + 1))
}

fn valid_day(month: u8, day: u8) -> bool {
    let max = match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=max).contains(&day)
}

fn four_digit_year(s: &str, i: usize) -> Option<(usize, i32)> {
    let e = digits_end(s, i);
    (e - i == 4 && boundary_after(s, e))
        .then(|| s[i..e].parse().ok())
        .flatten()
        .map(|y| (e, y))
}

/// A number at `i`: end and normalised value (no grouping, `.` decimal).
fn number_at(s: &str, i: usize, fr: bool) -> Option<(usize, String)> {
    let b = s.as_bytes();
    let first = digits_end(s, i);
    if first == i {
        return None;
    }
    let mut value = s[i..first].to_string();
    let mut j = first;
    // Thousands groups.
    if first - i <= 3 {
        loop {
            let sep_end = if fr {
                space_at(s, j)
            } else {
                (b.get(j) == Some(&b',')).then_some(j + 1)
            };
            let Some(k) = sep_end else { break };
            let e = digits_end(s, k);
            if e - k == 3 {
                value.push_str(&s[k..e]);
                j = e;
            } else {
                break;
            }
        }
    }
    // Decimal part.
    let dec = if fr { b',' } else { b'.' };
    if b.get(j) == Some(&dec) {
        let e = digits_end(s, j + 1);
        if e > j + 1 {
            value.push('.');
            value.push_str(&s[j + 1..e]);
            j = e;
        }
    }
    Some((j, value))
}

fn scan_url(s: &str, i: usize) -> Option<usize> {
    let rest = &s[i..];
    let starts = |p: &str| {
        rest.as_bytes()
            .get(..p.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()))
    };
    if !(starts("http://") || starts("https://") || starts("www.")) {
        return None;
    }
    let mut end = i;
    for c in rest.chars() {
        if c.is_whitespace() || placeholder_index(c).is_some() || matches!(c, '<' | '>' | '"') {
            break;
        }
        end += c.len_utf8();
    }
    while let Some(c) = char_before(s, end) {
        if matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '»' | '\'' | '’'
        ) {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    (end > i + 4).then_some(end)
}

fn scan_email(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut j = i;
    while j < b.len() && local(b[j]) {
        j += 1;
    }
    if j == i || b.get(j) != Some(&b'@') {
        return None;
    }
    let d0 = j + 1;
    let mut k = d0;
    while k < b.len() && (b[k].is_ascii_alphanumeric() || matches!(b[k], b'.' | b'-')) {
        k += 1;
    }
    while k > d0 && matches!(b[k - 1], b'.' | b'-') {
        k -= 1;
    }
    let domain = &s[d0..k];
    (domain.contains('.') && !domain.starts_with('.') && boundary_after(s, k)).then_some(k)
}

/// `E.O. 14203`: two or more capital-letter abbreviations and a number.
fn scan_abbrev_number(s: &str, i: usize) -> Option<(usize, String)> {
    let b = s.as_bytes();
    let mut j = i;
    let mut n = 0;
    while j + 1 < b.len() && b[j].is_ascii_uppercase() && b[j + 1] == b'.' {
        j += 2;
        n += 1;
    }
    if n < 2 {
        return None;
    }
    let k = space_at(s, j).unwrap_or(j);
    let e = digits_end(s, k);
    if e == k || !boundary_after(s, e) {
        return None;
    }
    Some((e, format!("ref:{} {}", &s[i..j], &s[k..e])))
}

/// Reference codes: letters and digits joined by `-` or `/`, with at least
/// one digit and a separator, and an upper-case letter or a `/`
/// (`ICC-01/04-01/06`, `ICC-CPI-20250605-PR1234`, `C-45`, `1593/2005`).
fn scan_ref(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut j = i;
    let (mut digit, mut upper, mut slash, mut sep) = (false, false, false, false);
    loop {
        let start = j;
        while j < b.len() && b[j].is_ascii_alphanumeric() {
            digit |= b[j].is_ascii_digit();
            upper |= b[j].is_ascii_uppercase();
            j += 1;
        }
        if j == start {
            return None;
        }
        if j + 1 < b.len() && matches!(b[j], b'-' | b'/') && b[j + 1].is_ascii_alphanumeric() {
            slash |= b[j] == b'/';
            sep = true;
            j += 1;
        } else {
            break;
        }
    }
    (sep && digit && (upper || slash) && boundary_after(s, j)).then_some(j)
}

fn iso_date(s: &str, i: usize) -> Option<(usize, String)> {
    let b = s.as_bytes();
    if b.len() < i + 10 {
        return None;
    }
    let t = s.get(i..i + 10)?;
    let ok = t.bytes().enumerate().all(|(k, c)| {
        if k == 4 || k == 7 {
            c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    if !ok || !boundary_after(s, i + 10) {
        return None;
    }
    let (y, m, d) = crate::locale::parse_iso_date(t)?;
    Some((i + 10, format!("date:{y:04}-{m:02}-{d:02}")))
}

fn date_value(year: Option<i32>, month: u8, day: Option<u8>) -> String {
    match (year, day) {
        (Some(y), Some(d)) => format!("date:{y:04}-{month:02}-{d:02}"),
        (None, Some(d)) => format!("date:--{month:02}-{d:02}"),
        (Some(y), None) => format!("date:{y:04}-{month:02}"),
        (None, None) => format!("date:--{month:02}"),
    }
}

/// Dates that start with the month: `June 5, 2025`, `June 5`, `June 2025`,
/// `juin 2025`.
fn month_first_date(s: &str, i: usize, fr: bool) -> Option<(usize, String)> {
    let (me, month) = month_at(s, i, fr)?;
    let k = space_at(s, me)?;
    if let Some((ye, y)) = four_digit_year(s, k) {
        return Some((ye, date_value(Some(y), month, None)));
    }
    if fr {
        return None;
    }
    let de = digits_end(s, k);
    if de == k || de - k > 2 {
        return None;
    }
    let day: u8 = s[k..de].parse().ok()?;
    let mut end = de;
    if let Some(sfx) = ["st", "nd", "rd", "th"]
        .iter()
        .find(|x| s[end..].starts_with(*x))
    {
        end += sfx.len();
    }
    if !boundary_after(s, end) || !valid_day(month, day) {
        return None;
    }
    // `, 2025`
    let mut year = None;
    if s[end..].starts_with(',') {
        if let Some(k2) = space_at(s, end + 1) {
            if let Some((ye, y)) = four_digit_year(s, k2) {
                year = Some(y);
                end = ye;
            }
        }
    }
    Some((end, date_value(year, month, Some(day))))
}

/// Dates that start with the day: `5 June 2025`, `1er juin`, `5th June`.
fn day_first_date(s: &str, i: usize, fr: bool) -> Option<(usize, String)> {
    let de = digits_end(s, i);
    if de == i || de - i > 2 {
        return None;
    }
    let day: u8 = s[i..de].parse().ok()?;
    let mut end = de;
    let sfx: &[&str] = if fr {
        &["er"]
    } else {
        &["st", "nd", "rd", "th"]
    };
    if let Some(x) = sfx.iter().find(|x| s[end..].starts_with(*x)) {
        end += x.len();
    }
    if !boundary_after(s, end) {
        return None;
    }
    let k = space_at(s, end)?;
    let (me, month) = month_at(s, k, fr)?;
    if !valid_day(month, day) {
        return None;
    }
    let mut end = me;
    let mut year = None;
    if let Some(k2) = space_at(s, me) {
        if let Some((ye, y)) = four_digit_year(s, k2) {
            year = Some(y);
            end = ye;
        }
    }
    Some((end, date_value(year, month, Some(day))))
}

fn currency_symbol(c: char) -> bool {
    matches!(c, '$' | '€' | '£')
}

/// Everything that starts with a digit: dates, percentages, amounts with
/// the symbol after the number, plain numbers.
fn numeric_at(s: &str, i: usize, fr: bool) -> Option<(usize, String)> {
    if let Some(d) = iso_date(s, i) {
        return Some(d);
    }
    if let Some(d) = day_first_date(s, i, fr) {
        return Some(d);
    }
    let (ne, v) = number_at(s, i, fr)?;
    // Section numbers such as 1.2.3 are reference codes.
    let b = s.as_bytes();
    if b.get(ne) == Some(&b'.') && b.get(ne + 1).is_some_and(u8::is_ascii_digit) {
        let mut e = ne;
        while e + 1 < b.len() && b[e] == b'.' && b[e + 1].is_ascii_digit() {
            e = digits_end(s, e + 1);
        }
        return boundary_after(s, e).then(|| (e, format!("ref:{}", &s[i..e])));
    }
    // Percentages.
    let after_space = space_at(s, ne).unwrap_or(ne);
    if s[after_space..].starts_with('%') {
        return Some((after_space + 1, format!("pct:{v}")));
    }
    let words: &[&str] = if fr {
        &["pour cent"]
    } else {
        &["per cent", "percent"]
    };
    if let Some(k) = space_at(s, ne) {
        for w in words {
            if s[k..].starts_with(w) && boundary_after(s, k + w.len()) {
                return Some((k + w.len(), format!("pct:{v}")));
            }
        }
        if let Some(c) = char_at(s, k).filter(|c| currency_symbol(*c)) {
            if fr && boundary_after(s, k + c.len_utf8()) {
                return Some((k + c.len_utf8(), format!("amt:{c}:{v}")));
            }
        }
    }
    if !boundary_after(s, ne) {
        return None;
    }
    Some((ne, format!("num:{v}")))
}

/// Recognise one placeable starting at `i` (a word boundary).
fn scan_at(s: &str, i: usize, fr: bool) -> Option<(usize, String)> {
    let c = char_at(s, i)?;
    if currency_symbol(c) {
        let k = i + c.len_utf8();
        let (e, v) = number_at(s, k, fr)?;
        return boundary_after(s, e).then(|| (e, format!("amt:{c}:{v}")));
    }
    if let Some(e) = scan_url(s, i) {
        return Some((e, format!("url:{}", &s[i..e])));
    }
    if let Some(e) = scan_email(s, i) {
        return Some((e, format!("email:{}", s[i..e].to_lowercase())));
    }
    if let Some(r) = scan_abbrev_number(s, i) {
        return Some(r);
    }
    if c.is_alphabetic() {
        if let Some(d) = month_first_date(s, i, fr) {
            return Some(d);
        }
    }
    if c.is_ascii_digit() {
        if let Some(d) = iso_date(s, i) {
            return Some(d);
        }
    }
    if let Some(e) = scan_ref(s, i) {
        return Some((e, format!("ref:{}", &s[i..e])));
    }
    if c.is_ascii_digit() {
        return numeric_at(s, i, fr);
    }
    None
}

impl Placeables for BuiltinPlaceables {
    fn find(&self, text: &str, lang: &str) -> Vec<(Range<usize>, String)> {
        let fr = is_fr(lang);
        let mut out = Vec::new();
        let mut i = 0;
        let mut prev: Option<char> = None;
        while let Some(c) = char_at(text, i) {
            let starts = (c.is_alphanumeric() || currency_symbol(c))
                && placeholder_index(c).is_none()
                && prev.is_none_or(|p| !is_word_char(p));
            if starts {
                if let Some((end, v)) = scan_at(text, i, fr) {
                    out.push((i..end, v));
                    prev = char_before(text, end);
                    i = end;
                    continue;
                }
            }
            prev = Some(c);
            i += c.len_utf8();
        }
        out
    }

    fn render(&self, value: &str, lang: &str) -> Option<String> {
        let (kind, v) = value.split_once(':')?;
        let fr = is_fr(lang);
        match kind {
            "num" => format_decimal(lang, v).ok(),
            "pct" => {
                let n = format_decimal(lang, v).ok()?;
                Some(if fr {
                    format!("{n}\u{202f}%")
                } else {
                    format!("{n}%")
                })
            }
            "amt" => {
                let (sym, n) = v.split_once(':')?;
                let n = format_decimal(lang, n).ok()?;
                Some(if fr {
                    format!("{n}\u{a0}{sym}")
                } else {
                    format!("{sym}{n}")
                })
            }
            "date" => render_date(v, lang),
            "url" | "email" | "ref" => Some(v.to_string()),
            _ => None,
        }
    }
}

fn render_date(v: &str, lang: &str) -> Option<String> {
    let parts: Vec<&str> = v.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if !y.is_empty() => {
            format_date(lang, y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
        }
        ["", "", m, d] => {
            // No year: format with a leap year and drop it.
            let s = format_date(lang, 2000, m.parse().ok()?, d.parse().ok()?).ok()?;
            let t = s.replace(" 2000", "").replace("2000", "");
            Some(t.trim().trim_end_matches(',').to_string())
        }
        [y, m] if !y.is_empty() => {
            let m: usize = m.parse().ok()?;
            let names = if is_fr(lang) { &MONTHS_FR } else { &MONTHS_EN };
            let name = names.get(m.checked_sub(1)?)?;
            let name = if is_fr(lang) {
                name.to_string()
            } else {
                let mut c = name.chars();
                let f = c.next()?;
                f.to_uppercase().chain(c).collect()
            };
            Some(format!("{name} {y}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, lang: &str) -> Vec<(String, String)> {
        BuiltinPlaceables
            .find(text, lang)
            .into_iter()
            .map(|(r, v)| (text[r].to_string(), v))
            .collect()
    }

    fn v(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn english() {
        assert_eq!(
            values("On 5 June 2025, 4,312 people (12.5%) signed.", "en"),
            v(&[
                ("5 June 2025", "date:2025-06-05"),
                ("4,312", "num:4312"),
                ("12.5%", "pct:12.5")
            ])
        );
        assert_eq!(
            values("Since June 1, in 2024 and on June 3, 2025.", "en"),
            v(&[
                ("June 1", "date:--06-01"),
                ("2024", "num:2024"),
                ("June 3, 2025", "date:2025-06-03")
            ])
        );
        assert_eq!(
            values(
                "Case ICC-01/04-01/06, press release ICC-CPI-20250605-PR1234 and E.O. 14203.",
                "en"
            ),
            v(&[
                ("ICC-01/04-01/06", "ref:ICC-01/04-01/06"),
                ("ICC-CPI-20250605-PR1234", "ref:ICC-CPI-20250605-PR1234"),
                ("E.O. 14203", "ref:E.O. 14203")
            ])
        );
        assert_eq!(
            values(
                "See https://www.icc-cpi.int/news. Write to info@icc-cpi.int, or pay $5,000.",
                "en"
            ),
            v(&[
                (
                    "https://www.icc-cpi.int/news",
                    "url:https://www.icc-cpi.int/news"
                ),
                ("info@icc-cpi.int", "email:info@icc-cpi.int"),
                ("$5,000", "amt:$:5000")
            ])
        );
        // Not placeables: words with digits, ordinals without a month, may.
        assert_eq!(
            values("PR1234 is the 2nd; it may 5", "en"),
            v(&[("5", "num:5")])
        );
        assert_eq!(
            values("section 1.2.3 applies", "en"),
            v(&[("1.2.3", "ref:1.2.3")])
        );
    }

    #[test]
    fn edge_cases() {
        // Lists and ranges are separate numbers; a trailing full stop is not
        // part of a URL; French "1er" alone is not a date.
        assert_eq!(
            values("Items 1,2 and 2024-2025.", "en"),
            v(&[
                ("1", "num:1"),
                ("2", "num:2"),
                ("2024", "num:2024"),
                ("2025", "num:2025")
            ])
        );
        assert_eq!(
            values("Voir www.icc-cpi.int. Le 1er alinéa.", "fr"),
            v(&[("www.icc-cpi.int", "url:www.icc-cpi.int")])
        );
        // Invalid dates are not dates.
        assert_eq!(values("31 February", "en"), v(&[("31", "num:31")]));
        assert!(values("2025-02-30", "en")
            .iter()
            .all(|(_, v)| !v.starts_with("date:")));
    }

    #[test]
    fn french() {
        assert_eq!(
            values(
                "Le 1er juin 2025, 4\u{202f}312 personnes (12,5 %) et 7 000 $.",
                "fr"
            ),
            v(&[
                ("1er juin 2025", "date:2025-06-01"),
                ("4\u{202f}312", "num:4312"),
                ("12,5 %", "pct:12.5"),
                ("7 000 $", "amt:$:7000")
            ])
        );
        assert_eq!(
            values("Depuis le 1er juin, en 2024, 3 pour cent.", "fr"),
            v(&[
                ("1er juin", "date:--06-01"),
                ("2024", "num:2024"),
                ("3 pour cent", "pct:3")
            ])
        );
    }

    #[test]
    fn render_french() {
        let p = BuiltinPlaceables;
        assert_eq!(p.render("date:2025-06-05", "fr").unwrap(), "5 juin 2025");
        assert_eq!(p.render("date:--06-01", "fr").unwrap(), "1er juin");
        assert_eq!(p.render("date:2025-06", "fr").unwrap(), "juin 2025");
        assert_eq!(p.render("pct:12.5", "fr").unwrap(), "12,5\u{202f}%");
        assert_eq!(p.render("num:4312", "fr").unwrap(), "4\u{202f}312");
        assert_eq!(p.render("amt:$:5000", "fr").unwrap(), "5\u{202f}000\u{a0}$");
        assert_eq!(p.render("ref:ICC-01/04", "fr").unwrap(), "ICC-01/04");
        assert_eq!(p.render("date:--06-01", "en").unwrap(), "1 June");
        assert_eq!(p.render("bogus", "fr"), None);
    }
}
