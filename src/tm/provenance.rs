//! How a translation of the memory was obtained, by which import and when
//! it was approved: recorded by `import` and `approve` in the unit's diglot
//! metadata, shown by the proof pages.
//!
//! The memory keeps it as `mda:meta` entries of the unit's
//! `mda:metaGroup category="diglot"`, beside `prev`, `next`, `statement`
//! and `origin` (the imported file's name):
//!
//! | type          | value                                                    |
//! |---------------|----------------------------------------------------------|
//! | `obtained`    | `new`, `fuzzy-edited`, `fuzzy-accepted`, `exact`, `in-context`, `substituted` |
//! | `score`       | the score of the candidate the translator started from  |
//! | `candidate`   | that candidate's text (`fuzzy-edited` only, for the diff)|
//! | `import`      | the import's id: xxh3-64 of the exchange file's bytes   |
//! | `imported`    | when it was imported (`YYYY-MM-DDTHH:MM:SSZ`, UTC)       |
//! | `approved`    | when it was approved                                     |
//! | `approved-by` | `import` (approved in the file), `import-approve` (`import --approve`) or `approve` (`diglot approve`) |
//!
//! Times come from the clock of the command that records them, or from
//! `SOURCE_DATE_EPOCH` when it is set ([`crate::locale::now_utc`]); this
//! module reads no clock, and a build only shows what the memory says. Units without these entries (memories written before
//! they existed, reference memories, aligned texts) have an empty
//! [`Provenance`].

use crate::model::{exact_key, CodedText};
use crate::tm::{adapt, MatchClass};
use crate::xliff::Match;

/// How a translation was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Obtained {
    /// Translated without a memory candidate.
    New,
    /// A fuzzy candidate was offered and the translator changed it.
    FuzzyEdited,
    /// A fuzzy candidate was offered and kept as it was.
    FuzzyAccepted,
    /// An exact match (100 %) kept as it was.
    Exact,
    /// An in-context match (101 %) kept as it was.
    InContext,
    /// A match whose placeables (numbers, dates...) diglot substituted,
    /// kept as it was.
    Substituted,
}

impl Obtained {
    pub const ALL: [Obtained; 6] = [
        Obtained::New,
        Obtained::FuzzyEdited,
        Obtained::FuzzyAccepted,
        Obtained::Exact,
        Obtained::InContext,
        Obtained::Substituted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Obtained::New => "new",
            Obtained::FuzzyEdited => "fuzzy-edited",
            Obtained::FuzzyAccepted => "fuzzy-accepted",
            Obtained::Exact => "exact",
            Obtained::InContext => "in-context",
            Obtained::Substituted => "substituted",
        }
    }

    pub fn parse(s: &str) -> Option<Obtained> {
        Obtained::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// Who approved a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApprovedBy {
    /// `import` of a target the exchange file marks approved (`final`,
    /// `reviewed`, or `translated` with `exchange.accept_translated`).
    Import,
    /// `import --approve`.
    ImportApprove,
    /// `diglot approve`.
    Approve,
}

impl ApprovedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovedBy::Import => "import",
            ApprovedBy::ImportApprove => "import-approve",
            ApprovedBy::Approve => "approve",
        }
    }

    pub fn parse(s: &str) -> Option<ApprovedBy> {
        [
            ApprovedBy::Import,
            ApprovedBy::ImportApprove,
            ApprovedBy::Approve,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// What the memory records about where a translation came from; every
/// field is optional (nothing is recorded in older memories).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    pub obtained: Option<Obtained>,
    /// Score of the candidate (fuzzy: 50–99; 100 exact; 101 in context).
    pub score: Option<u8>,
    /// The candidate's text, when the translator edited it.
    pub candidate: Option<String>,
    /// The import's id: xxh3-64 (hex) of the exchange file's bytes.
    pub import: Option<String>,
    /// When it was imported (RFC 3339, UTC).
    pub imported: Option<String>,
    /// When it was approved (RFC 3339, UTC).
    pub approved: Option<String>,
    pub approved_by: Option<ApprovedBy>,
}

/// The metadata types of a [`Provenance`], in the order they are written.
pub const META_KEYS: [&str; 7] = [
    "obtained",
    "score",
    "candidate",
    "import",
    "imported",
    "approved",
    "approved-by",
];

impl Provenance {
    pub fn is_empty(&self) -> bool {
        *self == Provenance::default()
    }

    /// The metadata entries, in [`META_KEYS`] order.
    pub fn to_meta(&self) -> Vec<(String, String)> {
        let values = [
            self.obtained.map(|o| o.as_str().to_string()),
            self.score.map(|s| s.to_string()),
            self.candidate.clone(),
            self.import.clone(),
            self.imported.clone(),
            self.approved.clone(),
            self.approved_by.map(|a| a.as_str().to_string()),
        ];
        META_KEYS
            .iter()
            .zip(values)
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
            .collect()
    }

    /// Read from a unit's metadata (`value_of` a type); a value diglot
    /// cannot read is an error message naming it.
    pub fn from_meta(mut value_of: impl FnMut(&str) -> Option<String>) -> Result<Self, String> {
        let obtained = match value_of("obtained") {
            Some(v) => Some(Obtained::parse(&v).ok_or_else(|| {
                format!(
                    "metadata `obtained` is `{v}`, expected one of {}",
                    Obtained::ALL.map(Obtained::as_str).join(", ")
                )
            })?),
            None => None,
        };
        let score = match value_of("score") {
            Some(v) => Some(
                v.trim()
                    .parse::<u8>()
                    .ok()
                    .filter(|s| *s <= 101)
                    .ok_or_else(|| format!("metadata `score` is `{v}`, expected 0 to 101"))?,
            ),
            None => None,
        };
        let mut time = |k: &str| match value_of(k) {
            Some(v) if parse_timestamp(&v).is_none() => Err(format!(
                "metadata `{k}` is `{v}`, expected a UTC time YYYY-MM-DDTHH:MM:SSZ"
            )),
            v => Ok(v),
        };
        let imported = time("imported")?;
        let approved = time("approved")?;
        let approved_by = match value_of("approved-by") {
            Some(v) => Some(ApprovedBy::parse(&v).ok_or_else(|| {
                format!(
                    "metadata `approved-by` is `{v}`, expected import, import-approve or approve"
                )
            })?),
            None => None,
        };
        Ok(Provenance {
            obtained,
            score,
            candidate: value_of("candidate"),
            import: value_of("import"),
            imported,
            approved,
            approved_by,
        })
    }

    /// The provenance to keep when a translation already in the memory
    /// (`old`) is imported again with the same text (`new`): how it was
    /// first obtained stays (a later export offers the translation itself
    /// as a candidate); an approval is recorded when it is the first.
    pub fn merged(old: &Provenance, new: &Provenance, was_approved: bool) -> Provenance {
        if old.obtained.is_none() && old.imported.is_none() {
            let mut p = new.clone();
            if was_approved {
                p.approved = old.approved.clone();
                p.approved_by = old.approved_by;
            }
            return p;
        }
        let mut p = old.clone();
        if (!was_approved || old.approved.is_none()) && new.approved.is_some() {
            p.approved = new.approved.clone();
            p.approved_by = new.approved_by;
        }
        p
    }
}

/// The match class and score a candidate of an exported file records in
/// its `origin` (`project memory (fuzzy 85%)`, see
/// [`adapt::xliff_match`]); for candidates of other tools, the class its
/// quality implies (100 exact, less fuzzy).
pub fn class_of(m: &Match) -> Option<(MatchClass, u8)> {
    if let Some(o) = m.origin.as_deref() {
        if let Some(found) = adapt::parse_match_origin(o) {
            return Some(found);
        }
    }
    let q = m.quality?;
    Some(if q >= 100 {
        (MatchClass::Exact, 100)
    } else {
        (MatchClass::Fuzzy, q)
    })
}

/// How an imported translation was obtained, from the candidates its
/// exchange unit offered (best first) and the translator's `target`
/// (`source`: the segment's source, to fit a candidate's codes to it):
/// a candidate identical to the target was accepted as it was (its class
/// says how: in context, exact, substituted, fuzzy); else the target is an
/// edit of the best candidate; without candidates it is new. Returns how
/// it was obtained, the candidate's score and, for an edit, the candidate
/// (its codes fitted to `source`).
pub fn classify(
    target: &CodedText,
    source: &CodedText,
    matches: &[Match],
) -> (Obtained, Option<u8>, Option<CodedText>) {
    let mine = exact_key(target);
    let scored: Vec<(&Match, MatchClass, u8)> = matches
        .iter()
        .filter_map(|m| class_of(m).map(|(c, s)| (m, c, s)))
        .collect();
    let fitted = |m: &Match| {
        adapt::adapt_target(&m.source, &m.target, source)
            .unwrap_or_else(|| adapt::resolve_codes(&m.target, source))
    };
    // Best first: a file's order may not be.
    let mut order: Vec<usize> = (0..scored.len()).collect();
    order.sort_by(|&a, &b| scored[b].2.cmp(&scored[a].2).then(a.cmp(&b)));
    for &i in &order {
        let (m, class, score) = scored[i];
        if exact_key(&fitted(m)) == mine || exact_key(&m.target) == mine {
            return match class {
                MatchClass::InContext => (Obtained::InContext, Some(score), None),
                MatchClass::Exact => (Obtained::Exact, Some(score), None),
                MatchClass::Substituted => (Obtained::Substituted, Some(score), None),
                MatchClass::Penalised | MatchClass::Fuzzy => {
                    (Obtained::FuzzyAccepted, Some(score), None)
                }
            };
        }
    }
    match order.first() {
        Some(&i) => {
            let (m, _, score) = scored[i];
            (Obtained::FuzzyEdited, Some(score), Some(fitted(m)))
        }
        None => (Obtained::New, None, None),
    }
}

/// The date (`YYYY-MM-DD`) of a time [`crate::locale::utc_timestamp`] wrote; `None` when it
/// is not one.
pub fn parse_timestamp(t: &str) -> Option<&str> {
    let b = t.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let ok = b.len() == 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'Z';
    ok.then(|| &t[..10])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(q: u8, origin: &str, src: &str, tgt: &str) -> Match {
        let mut x = Match::new(q, CodedText::plain(src), CodedText::plain(tgt));
        x.origin = Some(origin.into());
        x
    }

    const SRC: &str = "The court adjourned the hearing until Tuesday.";

    #[test]
    fn new_without_candidates() {
        let t = CodedText::plain("La Cour a levé l'audience.");
        assert_eq!(
            classify(&t, &CodedText::plain(SRC), &[]),
            (Obtained::New, None, None)
        );
    }

    #[test]
    fn edited_fuzzy_keeps_the_best_candidate() {
        let cands = [
            m(
                70,
                "project memory (fuzzy 70%)",
                "The court adjourned.",
                "La Cour a suspendu.",
            ),
            m(
                86,
                "project memory (fuzzy 86%)",
                "The court adjourned the hearing until Monday.",
                "La Cour a ajourné l'audience à lundi.",
            ),
        ];
        let t = CodedText::plain("La Cour a ajourné l'audience à mardi.");
        assert_eq!(
            classify(&t, &CodedText::plain(SRC), &cands),
            (
                Obtained::FuzzyEdited,
                Some(86),
                Some(CodedText::plain("La Cour a ajourné l'audience à lundi."))
            )
        );
        // Kept as it was: accepted, at its own score.
        let t = CodedText::plain("La Cour a suspendu.");
        assert_eq!(
            classify(&t, &CodedText::plain(SRC), &cands),
            (Obtained::FuzzyAccepted, Some(70), None)
        );
    }

    #[test]
    fn reuse_classes_come_from_the_origin() {
        let t = CodedText::plain("Bonjour.");
        for (origin, q, want, score) in [
            (
                "project memory (in-context 101%)",
                100,
                Obtained::InContext,
                101,
            ),
            (
                "reference memory acts (exact 100%)",
                100,
                Obtained::Exact,
                100,
            ),
            (
                "project memory (substituted 98%)",
                98,
                Obtained::Substituted,
                98,
            ),
            (
                "project memory (penalised 97%)",
                97,
                Obtained::FuzzyAccepted,
                97,
            ),
            // Another tool's candidate: by its quality.
            ("Some CAT tool", 100, Obtained::Exact, 100),
            ("Some CAT tool", 75, Obtained::FuzzyAccepted, 75),
        ] {
            let c = [m(q, origin, "Hello.", "Bonjour.")];
            assert_eq!(
                classify(&t, &CodedText::plain("Hello."), &c),
                (want, Some(score), None),
                "{origin}"
            );
        }
    }

    #[test]
    fn meta_round_trip_and_errors() {
        let p = Provenance {
            obtained: Some(Obtained::FuzzyEdited),
            score: Some(86),
            candidate: Some("a < b".into()),
            import: Some("0123456789abcdef".into()),
            imported: Some("2025-06-05T10:00:00Z".into()),
            approved: Some("2025-06-06T09:30:00Z".into()),
            approved_by: Some(ApprovedBy::ImportApprove),
        };
        let meta = p.to_meta();
        assert_eq!(meta.len(), 7);
        let get = |k: &str| meta.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone());
        assert_eq!(Provenance::from_meta(get), Ok(p));
        assert_eq!(Provenance::from_meta(|_| None), Ok(Provenance::default()));
        let bad = |k: &'static str, v: &'static str| {
            Provenance::from_meta(move |x| (x == k).then(|| v.to_string())).unwrap_err()
        };
        assert!(bad("obtained", "magic").contains("`obtained` is `magic`"));
        assert!(bad("score", "120").contains("`score`"));
        assert!(bad("approved", "yesterday").contains("`approved`"));
        assert!(bad("approved-by", "me").contains("`approved-by`"));
    }

    #[test]
    fn merging_keeps_how_it_was_first_obtained() {
        let first = Provenance {
            obtained: Some(Obtained::FuzzyEdited),
            score: Some(86),
            candidate: Some("x".into()),
            import: Some("aa".into()),
            imported: Some("2025-06-05T10:00:00Z".into()),
            ..Default::default()
        };
        let again = Provenance {
            obtained: Some(Obtained::InContext),
            score: Some(101),
            import: Some("bb".into()),
            imported: Some("2025-06-07T10:00:00Z".into()),
            approved: Some("2025-06-07T10:00:00Z".into()),
            approved_by: Some(ApprovedBy::Import),
            ..Default::default()
        };
        let p = Provenance::merged(&first, &again, false);
        assert_eq!(p.obtained, Some(Obtained::FuzzyEdited));
        assert_eq!(p.import.as_deref(), Some("aa"));
        assert_eq!(p.approved.as_deref(), Some("2025-06-07T10:00:00Z"));
        // Already approved: the first approval stays.
        let approved = Provenance::merged(&first, &again, false);
        let later = Provenance {
            approved: Some("2026-01-01T00:00:00Z".into()),
            ..again.clone()
        };
        assert_eq!(
            Provenance::merged(&approved, &later, true).approved,
            approved.approved
        );
        // Nothing recorded before: the new record.
        assert_eq!(
            Provenance::merged(&Provenance::default(), &again, false),
            again
        );
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("2025-06-05T10:30:00Z"), Some("2025-06-05"));
        assert_eq!(parse_timestamp("2025-06-05"), None);
        assert_eq!(parse_timestamp("2025-06-05T10:30:00+02:00"), None);
    }
}
