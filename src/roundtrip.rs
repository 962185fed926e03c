//! Rules of the translator round trip that do not depend on a file format:
//! which project language a file's language tag means (BCP 47 matching),
//! what a unit's state means for approval, and the record of the memory's
//! translation an exported unit was based on.

pub use crate::model::exact_key;
use crate::model::{canonical_key, CodedText};
use crate::tm::Approval;
use crate::xliff::{State, Unit};

/// Metadata key (`mda:meta type="base"`, 1.2 `context-type="x-diglot-base"`)
/// holding the memory's translation an exported unit was based on.
pub const BASE_META: &str = "base";

/// The base value of a unit whose segment had no approved translation.
pub const BASE_NONE: &str = "none";

/// The base record of a translation: a hash of its [`exact_key`], or
/// [`BASE_NONE`].
pub fn base_of(target: Option<&CodedText>) -> String {
    match target {
        Some(t) => format!(
            "t{:016x}",
            xxhash_rust::xxh3::xxh3_64(exact_key(t).as_bytes())
        ),
        None => BASE_NONE.to_string(),
    }
}

/// The subtags of a tag, lower case (`fr_FR` and `fr-fr` are `fr`, `fr`).
fn subtags(tag: &str) -> Vec<String> {
    tag.split(['-', '_'])
        .filter(|s| !s.is_empty())
        .map(|s| s.to_ascii_lowercase())
        .collect()
}

/// Whether a file's tag falls under a project's tag: the same tag, or the
/// project's subtags followed by more (`fr-FR`, `fr_CA` under `fr`).
pub fn tag_matches(file_tag: &str, project_tag: &str) -> bool {
    let f = subtags(file_tag);
    let p = subtags(project_tag);
    !p.is_empty() && f.len() >= p.len() && f[..p.len()] == p[..]
}

/// The project language a file's tag means: the most specific project tag
/// the file's tag falls under (`fr-CA` picks `fr-CA` over `fr`); when none,
/// the only project tag that falls under the file's (a file in `fr` for a
/// project in `fr-CA`).
pub fn pick_language<'a>(file_tag: &str, project: &'a [String]) -> Option<&'a str> {
    let best = project
        .iter()
        .filter(|p| tag_matches(file_tag, p))
        .max_by_key(|p| subtags(p).len());
    if let Some(b) = best {
        return Some(b);
    }
    let mut wider = project.iter().filter(|p| tag_matches(p, file_tag));
    match (wider.next(), wider.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// Whether a target is still a copy of the source (what `export` writes for
/// untranslated units): not a translation.
pub fn is_source_copy(source: &CodedText, target: &CodedText) -> bool {
    canonical_key(source) == canonical_key(target)
}

/// 1.2 `state-qualifier`s and 2.x `subState` values that mean a reviewer
/// rejected the target.
fn rejected(u: &Unit) -> bool {
    let q = u.state_qualifier.as_deref().unwrap_or("");
    let sub = u
        .sub_state
        .as_deref()
        .map(|s| s.rsplit(':').next().unwrap_or(s))
        .unwrap_or("");
    q.starts_with("rejected") || sub.starts_with("rejected")
}

/// Machine translation (1.2 `mt-suggestion`, `leveraged-mt`; 2.x subState
/// `…:mt`): not approved by `accept_translated`.
fn machine(u: &Unit) -> bool {
    let q = u.state_qualifier.as_deref().unwrap_or("");
    let sub = u
        .sub_state
        .as_deref()
        .map(|s| s.rsplit(':').next().unwrap_or(s))
        .unwrap_or("");
    matches!(q, "mt-suggestion" | "leveraged-mt") || matches!(sub, "mt" | "leveraged-mt")
}

/// Approval of an imported target from its state (the table in README,
/// "States on import"): `final`, `signed-off`, `reviewed`, 1.2
/// `approved="yes"` → approved; `translated` → approved only with
/// `accept_translated` (never machine translation); every other state, and
/// any `rejected-*` qualifier or sub-state → unreviewed. `trust` (`import
/// --approve`) approves every target that was not rejected.
pub fn approval_of(u: &Unit, accept_translated: bool, trust: bool) -> Approval {
    if rejected(u) {
        return Approval::Unreviewed;
    }
    if trust {
        return Approval::Approved;
    }
    // A target state that asks for work wins over 1.2 `approved="yes"` on
    // the trans-unit (which CAT tools leave as exported).
    let raw = u.state_raw.as_deref().unwrap_or("");
    if matches!(raw, "new" | "needs-translation" | "initial") || raw.starts_with("needs-") {
        return Approval::Unreviewed;
    }
    let plain_translated = u
        .state_raw
        .as_deref()
        .is_none_or(|r| r == "translated" || r.starts_with("mq:"));
    match u.state {
        Some(State::Final) | Some(State::Reviewed) => Approval::Approved,
        Some(State::Translated) if accept_translated && plain_translated && !machine(u) => {
            Approval::Approved
        }
        _ => Approval::Unreviewed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tags_match_as_bcp47() {
        let p = langs(&["fr"]);
        for t in ["fr", "fr-FR", "fr_FR", "FR-ca", "fr-Latn-FR"] {
            assert_eq!(pick_language(t, &p), Some("fr"), "{t}");
        }
        assert_eq!(pick_language("frr", &p), None);
        assert_eq!(pick_language("de-DE", &p), None);
        let p = langs(&["fr", "fr-CA"]);
        assert_eq!(pick_language("fr-CA", &p), Some("fr-CA"));
        assert_eq!(pick_language("fr_ca", &p), Some("fr-CA"));
        assert_eq!(pick_language("fr-FR", &p), Some("fr"));
        let p = langs(&["fr-CA"]);
        assert_eq!(pick_language("fr", &p), Some("fr-CA"));
        let p = langs(&["fr-CA", "fr-BE"]);
        assert_eq!(pick_language("fr", &p), None, "ambiguous");
        assert!(tag_matches("en-US", "en") && tag_matches("en_GB", "en"));
        assert!(!tag_matches("en", "en-US"));
    }

    fn unit(state: Option<&str>, qualifier: Option<&str>, sub: Option<&str>) -> Unit {
        let mut u = Unit::new("a", CodedText::plain("A."));
        u.state = state.and_then(State::from_attr);
        u.state_raw = state.map(String::from);
        u.state_qualifier = qualifier.map(String::from);
        u.sub_state = sub.map(String::from);
        u
    }

    #[test]
    fn state_table() {
        use Approval::*;
        type Row<'a> = (
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            bool,
            Approval,
        );
        let rows: &[Row] = &[
            (None, None, None, true, Unreviewed),
            (Some("new"), None, None, true, Unreviewed),
            (Some("needs-translation"), None, None, true, Unreviewed),
            (
                Some("needs-review-translation"),
                None,
                None,
                true,
                Unreviewed,
            ),
            (Some("needs-l10n"), None, None, true, Unreviewed),
            (Some("translated"), None, None, false, Unreviewed),
            (Some("translated"), None, None, true, Approved),
            (
                Some("translated"),
                Some("mt-suggestion"),
                None,
                true,
                Unreviewed,
            ),
            (
                Some("translated"),
                Some("leveraged-tm"),
                None,
                true,
                Approved,
            ),
            (Some("signed-off"), None, None, false, Approved),
            (Some("final"), None, None, false, Approved),
            (
                Some("final"),
                Some("rejected-inaccurate"),
                None,
                false,
                Unreviewed,
            ),
            (Some("final"), Some("exact-match"), None, false, Approved),
            (Some("initial"), None, None, true, Unreviewed),
            (Some("reviewed"), None, None, false, Approved),
            (
                Some("final"),
                None,
                Some("diglot:approved"),
                false,
                Approved,
            ),
            (
                Some("reviewed"),
                None,
                Some("acme:rejected"),
                false,
                Unreviewed,
            ),
            (Some("translated"), None, Some("acme:mt"), true, Unreviewed),
        ];
        for (state, q, sub, accept, want) in rows {
            assert_eq!(
                approval_of(&unit(*state, *q, *sub), *accept, false),
                *want,
                "{state:?} {q:?} {sub:?} accept={accept}"
            );
        }
        assert_eq!(
            approval_of(&unit(Some("needs-translation"), None, None), false, true),
            Approved
        );
        // approved="yes" on the trans-unit, a target state asking for review.
        let mut u = unit(Some("needs-review-translation"), None, None);
        u.state = Some(State::Final);
        assert_eq!(approval_of(&u, false, false), Unreviewed);
        u.state_raw = Some("approved=yes".into());
        assert_eq!(approval_of(&u, false, false), Approved);
        assert_eq!(
            approval_of(
                &unit(Some("final"), Some("rejected-length"), None),
                false,
                true
            ),
            Unreviewed
        );
    }

    #[test]
    fn base_records() {
        assert_eq!(base_of(None), "none");
        let a = base_of(Some(&CodedText::plain("L’avis.")));
        assert_eq!(a, base_of(Some(&CodedText::plain("L’avis."))));
        assert_ne!(a, base_of(Some(&CodedText::plain("L'avis."))));
        assert_ne!(
            base_of(Some(&CodedText::plain("Note :"))),
            base_of(Some(&CodedText::plain("Note\u{a0}:")))
        );
    }
}
