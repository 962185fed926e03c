//! The revised-statement scenario at the library level: a translated
//! statement goes into the memory with its context; a revised copy (a date
//! changed, a word changed, a sentence added, one removed) is looked up
//! segment by segment, and each segment gets the expected class.

use diglot::extract::segments;
use diglot::model::CodedText;
use diglot::segment::Segmenter;
use diglot::source::parse_statement;
use diglot::tm::analyze::{analyze, Band};
use diglot::tm::index::Index;
use diglot::tm::{Approval, MatchClass, TmUnit};
use std::path::Path;

const OLD: &str = "+++\ntitle = \"Hearing\"\ndate = \"2025-06-05\"\n+++\n\
The Court will hold a hearing on 5 June 2025. \
The judges will hear the parties. \
The decision will be delivered in writing. \
The hearing is public.\n";

const NEW: &str = "+++\ntitle = \"Hearing\"\ndate = \"2025-06-05\"\n+++\n\
The Court will hold a hearing on 12 June 2025. \
The judges will hear the victims. \
The decision will be delivered in writing. \
Journalists must register in advance.\n";

const FRENCH: [&str; 5] = [
    "Audience",
    "La Cour tiendra une audience le 5 juin 2025.",
    "Les juges entendront les parties.",
    "La décision sera rendue par écrit.",
    "L'audience est publique.",
];

#[test]
fn revised_statement_classes() {
    let seg = Segmenter::builtin("en");
    let old = parse_statement(OLD, Path::new("hearing.md")).unwrap();
    let old_segs = segments(&old, &seg);
    assert_eq!(old_segs.len(), 5, "{old_segs:#?}");
    let units: Vec<TmUnit> = old_segs
        .iter()
        .zip(FRENCH)
        .map(|(s, fr)| TmUnit {
            id: format!("u{}", s.id),
            source: s.source.clone(),
            target: CodedText::plain(fr),
            approval: Approval::Approved,
            prev: s.prev.clone(),
            next: s.next.clone(),
            statement: Some("hearing".into()),
            origin: None,
            provenance: Default::default(),
            line: 0,
        })
        .collect();
    let index = Index::build(units, "en", "fr");

    let new = parse_statement(NEW, Path::new("hearing.md")).unwrap();
    let new_segs = segments(&new, &seg);
    let best: Vec<_> = new_segs
        .iter()
        .map(|s| index.best(&s.source, s.prev.as_deref(), s.next.as_deref(), 50))
        .collect();
    let classes: Vec<Option<(MatchClass, u8)>> = best
        .iter()
        .map(|m| m.as_ref().map(|m| (m.class, m.score)))
        .collect();
    assert_eq!(
        classes,
        vec![
            // Title: unchanged, but the sentence after it changed: exact.
            Some((MatchClass::Exact, 100)),
            Some((MatchClass::Substituted, 99)),
            // One word of six changed: floor(100 × 5/6).
            Some((MatchClass::Fuzzy, 83)),
            // Unchanged, between a changed and a new sentence: exact.
            Some((MatchClass::Exact, 100)),
            None,
        ]
    );
    let date = best[1].as_ref().unwrap();
    assert_eq!(
        date.target(&index).text,
        "La Cour tiendra une audience le 12 juin 2025."
    );
    assert_eq!(date.substitutions[0].target_new, "12 juin 2025");
    assert_eq!(
        best[2].as_ref().unwrap().target(&index).text,
        "Les juges entendront les parties."
    );

    // The unchanged statement comes back entirely in context.
    let again: Vec<_> = old_segs
        .iter()
        .map(|s| index.best(&s.source, s.prev.as_deref(), s.next.as_deref(), 50))
        .map(|m| m.map(|m| m.class))
        .collect();
    assert!(again.iter().all(|c| *c == Some(MatchClass::InContext)));

    let a = analyze(&[("hearing", &new_segs[..])], &index);
    let bands: Vec<Band> = a.statements[0].segments.iter().map(|s| s.band).collect();
    assert_eq!(
        bands,
        vec![
            Band::Exact,
            Band::Fuzzy95,
            Band::Fuzzy75,
            Band::Exact,
            Band::NoMatch
        ]
    );
    assert_eq!(a.total.no_match.words, 5);
}
