//! Locale-aware formatting of dates, numbers and plural categories, backed by
//! ICU4X. This is the only module that touches ICU4X; Fluent's `NUMBER` and
//! `DATETIME`, placeable substitution in the TM and the site all call it.
//!
//! Conventions CLDR does not cover are kept as data in the language's
//! `src/languages/<tag>/language.toml` (for example the French `1er` for the
//! first day of a month, English's British date order); a language without
//! a folder is formatted by ICU4X's compiled data alone.

use crate::languages;
use icu_calendar::{Date, Gregorian};
use icu_datetime::{fieldsets::YMD, FixedCalendarDateTimeFormatter};
use icu_decimal::{input::Decimal, DecimalFormatter};
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use std::str::FromStr;

#[derive(Debug, thiserror::Error)]
pub enum LocaleError {
    #[error("`{0}` is not a valid locale")]
    BadLocale(String),
    #[error("{0}-{1:02}-{2:02} is not a valid date")]
    BadDate(i32, u8, u8),
    #[error("`{0}` is not a number")]
    BadNumber(String),
    #[error("no locale data for `{0}`: {1}")]
    NoData(String, String),
    #[error("SOURCE_DATE_EPOCH is `{0}`: expected a number of seconds since 1970-01-01 UTC")]
    BadEpoch(String),
}

fn locale(lang: &str) -> Result<Locale, LocaleError> {
    Locale::from_str(lang).map_err(|_| LocaleError::BadLocale(lang.to_string()))
}

/// Parse an ISO `YYYY-MM-DD` date.
pub fn parse_iso_date(s: &str) -> Option<(i32, u8, u8)> {
    let mut it = s.trim().splitn(3, '-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    Date::try_new_gregorian(y, m, d).ok()?;
    Some((y, m, d))
}

/// A long date in a language: `5 June 2025`, `5 juin 2025`, `1er juin 2025`,
/// `5 de junio de 2025`.
///
/// A tag without a region is formatted in its folder's `date_locale` when it
/// has one (English: `en-GB`, the British order the Court and the Coalition
/// write); any other tag follows its CLDR long pattern.
pub fn format_date(lang: &str, year: i32, month: u8, day: u8) -> Result<String, LocaleError> {
    let data = languages::language(lang);
    let tag = match &data.date_locale {
        Some(d) if !lang.contains(['-', '_']) => d.as_str(),
        _ => lang,
    };
    let loc = locale(tag)?;
    let date = Date::try_new_gregorian(year, month, day)
        .map_err(|_| LocaleError::BadDate(year, month, day))?;
    let f = FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(loc.into(), YMD::long())
        .map_err(|e| LocaleError::NoData(lang.to_string(), e.to_string()))?;
    let mut s = f.format(&date).to_string();
    if day == 1 {
        if let Some(first) = data.first_day {
            s = replace_day_one(&s, &first);
        }
    }
    Ok(s)
}

/// Replace the standalone day number `1` in a formatted date.
fn replace_day_one(s: &str, first: &str) -> String {
    let bytes = s.as_bytes();
    for (i, _) in s.match_indices('1') {
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after_ok = i + 1 >= bytes.len() || !bytes[i + 1].is_ascii_digit();
        if before_ok && after_ok {
            return format!("{}{}{}", &s[..i], first, &s[i + 1..]);
        }
    }
    s.to_string()
}

/// Format a decimal number written with `.` as decimal separator and no
/// grouping (`1234.5`) in a language: `1,234.5` (en), `1 234,5` (fr, with
/// U+202F).
pub fn format_decimal(lang: &str, number: &str) -> Result<String, LocaleError> {
    let loc = locale(lang)?;
    let d = Decimal::from_str(number).map_err(|_| LocaleError::BadNumber(number.to_string()))?;
    let f = DecimalFormatter::try_new(loc.into(), Default::default())
        .map_err(|e| LocaleError::NoData(lang.to_string(), e.to_string()))?;
    Ok(f.format(&d).to_string())
}

/// The decimal and group separators of a language, as CLDR writes them
/// (`(",", ".")` in German); `None` when ICU4X has no data for it or it
/// does not write ASCII digits.
pub fn separators(lang: &str) -> Option<(String, String)> {
    let s = format_decimal(lang, "1234567.5").ok()?;
    let mut runs: Vec<String> = Vec::new();
    let mut digits = String::new();
    let mut in_run = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            in_run = false;
        } else if in_run {
            runs.last_mut()?.push(c);
        } else {
            runs.push(c.to_string());
            in_run = true;
        }
    }
    match runs.as_slice() {
        [g1, g2, d] if g1 == g2 && digits == "12345675" => Some((d.clone(), g1.clone())),
        _ => None,
    }
}

/// CLDR plural category names.
pub fn plural_category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The cardinal plural category of a number in a language (current CLDR:
/// French 1 000 000 is `many`).
pub fn plural_category(lang: &str, number: &str) -> Result<&'static str, LocaleError> {
    let loc = locale(lang)?;
    let rules = PluralRules::try_new_cardinal(loc.into())
        .map_err(|e| LocaleError::NoData(lang.to_string(), e.to_string()))?;
    let d = Decimal::from_str(number).map_err(|_| LocaleError::BadNumber(number.to_string()))?;
    Ok(plural_category_name(rules.category_for(&d)))
}

/// Every cardinal plural category a language uses.
pub fn plural_categories(lang: &str) -> Result<Vec<&'static str>, LocaleError> {
    let loc = locale(lang)?;
    let rules = PluralRules::try_new_cardinal(loc.into())
        .map_err(|e| LocaleError::NoData(lang.to_string(), e.to_string()))?;
    Ok(rules.categories().map(plural_category_name).collect())
}

/// Year, month, day of a count of days since 1970-01-01 (proleptic
/// Gregorian calendar; Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The time to record (RFC 3339, UTC, to the second): `SOURCE_DATE_EPOCH`
/// when set (reproducible runs), else the system clock. Only the commands
/// that change the memory call it (`import`, `approve`); a build never
/// does.
pub fn now_utc() -> Result<String, LocaleError> {
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .map_err(|_| LocaleError::BadEpoch(v.clone()))?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0),
    };
    Ok(utc_timestamp(secs))
}

/// Seconds since 1970-01-01 UTC as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_timestamp(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(format_date("en", 2025, 6, 5).unwrap(), "5 June 2025");
        assert_eq!(format_date("fr", 2025, 6, 5).unwrap(), "5 juin 2025");
        assert_eq!(format_date("fr", 2025, 6, 1).unwrap(), "1er juin 2025");
        assert_eq!(format_date("fr", 2025, 6, 11).unwrap(), "11 juin 2025");
        assert_eq!(format_date("en", 2025, 6, 1).unwrap(), "1 June 2025");
        assert!(format_date("fr", 2025, 2, 30).is_err());
        // Spanish from its folder, Canadian French from French's, German
        // (no folder) from ICU4X alone.
        assert_eq!(format_date("es", 2025, 6, 5).unwrap(), "5 de junio de 2025");
        assert_eq!(format_date("es", 2025, 6, 1).unwrap(), "1 de junio de 2025");
        assert_eq!(format_date("fr-CA", 2025, 6, 1).unwrap(), "1er juin 2025");
        assert_eq!(format_date("de", 2025, 6, 5).unwrap(), "5. Juni 2025");
        assert_eq!(format_date("en-US", 2025, 6, 5).unwrap(), "June 5, 2025");
    }

    #[test]
    fn numbers() {
        assert_eq!(format_decimal("en", "4312").unwrap(), "4,312");
        assert_eq!(format_decimal("fr", "4312").unwrap(), "4\u{202f}312");
        assert_eq!(format_decimal("fr", "12.5").unwrap(), "12,5");
        assert_eq!(format_decimal("es", "12.5").unwrap(), "12,5");
        assert_eq!(format_decimal("es", "12345.5").unwrap(), "12.345,5");
        assert_eq!(format_decimal("de", "12345.5").unwrap(), "12.345,5");
        assert_eq!(separators("de"), Some((",".into(), ".".into())));
        assert_eq!(separators("en"), Some((".".into(), ",".into())));
        assert_eq!(separators("fr"), Some((",".into(), "\u{202F}".into())));
    }

    #[test]
    fn plurals() {
        assert_eq!(plural_category("fr", "1").unwrap(), "one");
        assert_eq!(plural_category("fr", "0").unwrap(), "one");
        assert_eq!(plural_category("fr", "2").unwrap(), "other");
        assert_eq!(plural_category("fr", "1000000").unwrap(), "many");
        assert_eq!(plural_category("en", "0").unwrap(), "other");
        let fr = plural_categories("fr").unwrap();
        assert!(fr.contains(&"many") && fr.contains(&"one") && fr.contains(&"other"));
    }

    #[test]
    fn iso_dates() {
        assert_eq!(parse_iso_date("2025-06-05"), Some((2025, 6, 5)));
        assert_eq!(parse_iso_date("2025-02-30"), None);
    }

    #[test]
    fn utc_timestamps() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(1_749_119_400), "2025-06-05T10:30:00Z");
        assert_eq!(utc_timestamp(-1), "1969-12-31T23:59:59Z");
    }
}
