//! A stored translation fitted to the segment it translates: inline codes
//! renamed and given the source's native data, code differences described
//! for translators, and the names of match classes.

use crate::model::{Code, CodeKind, CodedText};
use crate::tm::{MatchClass, TmUnit};
use std::collections::HashMap;

/// Give target codes the native data of the source codes with the same kind
/// and id (links keep the source's URL whatever the translator's file said).
pub fn resolve_codes(target: &CodedText, source: &CodedText) -> CodedText {
    let mut t = target.clone();
    for c in &mut t.codes {
        if let Some(s) = source
            .codes
            .iter()
            .find(|s| s.kind == c.kind && s.id == c.id)
        {
            c.ctype = s.ctype.clone();
            c.data = s.data.clone();
            c.disp = s.disp.clone();
        }
    }
    t
}

/// A memory unit's target adapted to a new source: the unit's code ids are
/// renamed to the new source's (codes correspond by position) and take the
/// new source's native data. `None` when the two sources do not have the
/// same sequence of code kinds and types.
pub fn adapt_target(
    unit_source: &CodedText,
    unit_target: &CodedText,
    source: &CodedText,
) -> Option<CodedText> {
    let from = unit_source.codes_in_order();
    let to = source.codes_in_order();
    if from.len() != to.len()
        || from
            .iter()
            .zip(&to)
            .any(|(a, b)| a.kind != b.kind || a.ctype != b.ctype)
    {
        return None;
    }
    let map: HashMap<(CodeKind, &str), &str> = from
        .iter()
        .zip(&to)
        .map(|(a, b)| ((a.kind, a.id.as_str()), b.id.as_str()))
        .collect();
    let mut t = unit_target.clone();
    for c in &mut t.codes {
        if let Some(new) = map.get(&(c.kind, c.id.as_str())) {
            c.id = new.to_string();
        }
    }
    Some(resolve_codes(&t, source))
}

/// The stored translation of a memory unit for a segment whose source has
/// the same normalised key (so the same code sequence).
pub fn stored_target(unit: &TmUnit, source: &CodedText) -> CodedText {
    adapt_target(&unit.source, &unit.target, source)
        .unwrap_or_else(|| resolve_codes(&unit.target, source))
}

/// Compare inline codes of source and target: the codes missing from the
/// target and the codes the target adds, by kind and id.
pub fn code_differences(source: &CodedText, target: &CodedText) -> (Vec<Code>, Vec<Code>) {
    let key = |c: &Code| (c.kind, c.id.clone());
    let mut src: Vec<&Code> = source.codes.iter().collect();
    let mut extra = Vec::new();
    for c in &target.codes {
        if let Some(i) = src.iter().position(|s| key(s) == key(c)) {
            src.remove(i);
        } else {
            extra.push(c.clone());
        }
    }
    (src.into_iter().cloned().collect(), extra)
}

/// Describe a code for a translator: `{1}`, `{/1}`, `{1/}` and its type.
pub fn describe_code(c: &Code) -> String {
    let tag = match c.kind {
        CodeKind::Open => format!("{{{}}}", c.id),
        CodeKind::Close => format!("{{/{}}}", c.id),
        CodeKind::Standalone => format!("{{{}/}}", c.id),
    };
    format!("{tag} ({})", c.ctype)
}

/// Name of a match class, as in reports and `subState` (`in-context`,
/// `exact`, `penalised`, `substituted`, `fuzzy`).
pub fn class_name(c: MatchClass) -> &'static str {
    match c {
        MatchClass::InContext => "in-context",
        MatchClass::Exact => "exact",
        MatchClass::Penalised => "penalised",
        MatchClass::Substituted => "substituted",
        MatchClass::Fuzzy => "fuzzy",
    }
}

/// XLIFF 1.2 `state-qualifier` of a target pre-filled from a match.
pub fn state_qualifier(c: MatchClass) -> &'static str {
    match c {
        MatchClass::InContext | MatchClass::Exact => "exact-match",
        MatchClass::Penalised | MatchClass::Substituted => "leveraged-tm",
        MatchClass::Fuzzy => "fuzzy-match",
    }
}

/// A TM match as an XLIFF candidate (`mtc:match` / `alt-trans`): quality
/// capped at 100 (an in-context match says so in its origin).
pub fn xliff_match(
    index: &crate::tm::index::Index,
    m: &crate::tm::index::Match,
) -> crate::xliff::Match {
    let unit = index.unit(m.unit);
    let mut x = crate::xliff::Match::new(
        m.score.min(100),
        unit.source.clone(),
        m.target(index).into_owned(),
    );
    let origin = unit.origin.clone().unwrap_or_else(|| "memory".into());
    x.origin = Some(format!("{origin} ({} {}%)", class_name(m.class), m.score));
    x.kind = Some("tm".into());
    x
}

/// The class and score [`xliff_match`] writes at the end of a candidate's
/// origin (`project memory (fuzzy 85%)` → fuzzy, 85); `None` for an origin
/// diglot did not write.
pub fn parse_match_origin(origin: &str) -> Option<(MatchClass, u8)> {
    let inner = origin.strip_suffix("%)")?;
    let open = inner.rfind(" (")?;
    let (class, score) = inner[open + 2..].split_once(' ')?;
    let class = [
        MatchClass::InContext,
        MatchClass::Exact,
        MatchClass::Penalised,
        MatchClass::Substituted,
        MatchClass::Fuzzy,
    ]
    .into_iter()
    .find(|c| class_name(*c) == class)?;
    let score: u8 = score.parse().ok().filter(|s| *s <= 101)?;
    Some((class, score))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_origins_read_back() {
        assert_eq!(
            parse_match_origin("project memory (fuzzy 85%)"),
            Some((MatchClass::Fuzzy, 85))
        );
        assert_eq!(
            parse_match_origin("reference memory acts (2020) (in-context 101%)"),
            Some((MatchClass::InContext, 101))
        );
        assert_eq!(parse_match_origin("memory (magic 85%)"), None);
        assert_eq!(parse_match_origin("Some tool"), None);
        assert_eq!(parse_match_origin("x (fuzzy 300%)"), None);
    }
}
