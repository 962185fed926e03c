//! Analysis of segments against the memory, per statement and in total, in
//! the bands of a Trados or memoQ analysis.
//!
//! Each segment falls into one band, decided in this order:
//!
//! 1. **101** (in context) when its best match is in context;
//! 2. **repetitions** when the same text (after normalisation, with the same
//!    inline codes) already occurred earlier in the analysis, in this or an
//!    earlier statement;
//! 3. otherwise by the score of its best match: **100**, **95–99**,
//!    **85–94**, **75–84**, **50–74**, or **no match**.
//!
//! Words are counted on the source's plain text (inline codes removed):
//! whitespace-separated pieces containing at least one letter or digit, so
//! `5 June 2025,` is three words, `—` and `«` none.

use super::index::{Index, Query};
use super::normalize::word_count;
use super::score::exact_hash;
use super::MatchClass;
use crate::extract::Segment;
use rustc_hash::FxHashSet;
use serde::Serialize;

/// The analysis bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    Repetition,
    InContext,
    Exact,
    Fuzzy95,
    Fuzzy85,
    Fuzzy75,
    Fuzzy50,
    NoMatch,
}

impl Band {
    pub const ALL: [Band; 8] = [
        Band::Repetition,
        Band::InContext,
        Band::Exact,
        Band::Fuzzy95,
        Band::Fuzzy85,
        Band::Fuzzy75,
        Band::Fuzzy50,
        Band::NoMatch,
    ];

    /// The band of a best-match score (`None`: no match).
    pub fn of_score(score: Option<u8>) -> Band {
        match score {
            Some(101..) => Band::InContext,
            Some(100) => Band::Exact,
            Some(95..=99) => Band::Fuzzy95,
            Some(85..=94) => Band::Fuzzy85,
            Some(75..=84) => Band::Fuzzy75,
            Some(50..=74) => Band::Fuzzy50,
            _ => Band::NoMatch,
        }
    }

    /// The label used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Band::Repetition => "repetitions",
            Band::InContext => "101",
            Band::Exact => "100",
            Band::Fuzzy95 => "95-99",
            Band::Fuzzy85 => "85-94",
            Band::Fuzzy75 => "75-84",
            Band::Fuzzy50 => "50-74",
            Band::NoMatch => "no match",
        }
    }
}

/// Segments and words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    pub segments: usize,
    pub words: usize,
}

/// Counts per band, in the order of [`Band::ALL`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Bands {
    pub repetitions: Count,
    #[serde(rename = "101")]
    pub in_context: Count,
    #[serde(rename = "100")]
    pub exact: Count,
    #[serde(rename = "95-99")]
    pub fuzzy_95_99: Count,
    #[serde(rename = "85-94")]
    pub fuzzy_85_94: Count,
    #[serde(rename = "75-84")]
    pub fuzzy_75_84: Count,
    #[serde(rename = "50-74")]
    pub fuzzy_50_74: Count,
    pub no_match: Count,
}

impl Bands {
    pub fn get(&self, band: Band) -> Count {
        *self.slot(band)
    }

    fn slot(&self, band: Band) -> &Count {
        match band {
            Band::Repetition => &self.repetitions,
            Band::InContext => &self.in_context,
            Band::Exact => &self.exact,
            Band::Fuzzy95 => &self.fuzzy_95_99,
            Band::Fuzzy85 => &self.fuzzy_85_94,
            Band::Fuzzy75 => &self.fuzzy_75_84,
            Band::Fuzzy50 => &self.fuzzy_50_74,
            Band::NoMatch => &self.no_match,
        }
    }

    fn slot_mut(&mut self, band: Band) -> &mut Count {
        match band {
            Band::Repetition => &mut self.repetitions,
            Band::InContext => &mut self.in_context,
            Band::Exact => &mut self.exact,
            Band::Fuzzy95 => &mut self.fuzzy_95_99,
            Band::Fuzzy85 => &mut self.fuzzy_85_94,
            Band::Fuzzy75 => &mut self.fuzzy_75_84,
            Band::Fuzzy50 => &mut self.fuzzy_50_74,
            Band::NoMatch => &mut self.no_match,
        }
    }

    fn add(&mut self, band: Band, words: usize) {
        let c = self.slot_mut(band);
        c.segments += 1;
        c.words += words;
    }

    /// All bands together.
    pub fn total(&self) -> Count {
        Band::ALL.iter().fold(Count::default(), |a, &b| {
            let c = self.get(b);
            Count {
                segments: a.segments + c.segments,
                words: a.words + c.words,
            }
        })
    }
}

/// The band of one segment.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentBand {
    pub id: String,
    pub band: Band,
    pub words: usize,
    /// Score and class of the best match.
    pub score: Option<u8>,
    pub class: Option<MatchClass>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatementAnalysis {
    pub statement: String,
    pub bands: Bands,
    pub segments: Vec<SegmentBand>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub statements: Vec<StatementAnalysis>,
    pub total: Bands,
}

impl Analysis {
    /// A plain-text report: one table per statement and one for the total,
    /// with segments, words and the share of words per band.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for st in &self.statements {
            out.push_str(&format!("{}\n", st.statement));
            out.push_str(&bands_table(&st.bands));
            out.push('\n');
        }
        out.push_str("Total\n");
        out.push_str(&bands_table(&self.total));
        out
    }
}

fn bands_table(b: &Bands) -> String {
    let total = b.total();
    let mut out = format!(
        "  {:<12} {:>8} {:>8} {:>7}\n",
        "band", "segments", "words", "words%"
    );
    let pct = |w: usize| {
        if total.words == 0 {
            0.0
        } else {
            100.0 * w as f64 / total.words as f64
        }
    };
    for band in Band::ALL {
        let c = b.get(band);
        out.push_str(&format!(
            "  {:<12} {:>8} {:>8} {:>6.1}%\n",
            band.label(),
            c.segments,
            c.words,
            pct(c.words)
        ));
    }
    out.push_str(&format!(
        "  {:<12} {:>8} {:>8} {:>6.1}%\n",
        "total",
        total.segments,
        total.words,
        pct(total.words)
    ));
    out
}

/// Analyse the segments of statements (in order) against an index.
pub fn analyze(statements: &[(&str, &[Segment])], index: &Index) -> Analysis {
    let queries: Vec<Query> = statements
        .iter()
        .flat_map(|(slug, segs)| segs.iter().map(move |s| (*slug, s)))
        .map(|(slug, s)| {
            Query::new(&s.source)
                .with_context(s.prev.as_deref(), s.next.as_deref())
                .in_statement(Some(slug))
        })
        .collect();
    let results = index.lookup_batch(&queries, super::score::MIN_FUZZY);
    let mut best = results.into_iter().map(|r| r.into_iter().next());
    let mut seen: FxHashSet<u64> = FxHashSet::default();
    let mut total = Bands::default();
    let mut out = Vec::with_capacity(statements.len());
    for (slug, segs) in statements {
        let mut bands = Bands::default();
        let mut list = Vec::with_capacity(segs.len());
        for seg in segs.iter() {
            let m = best.next().flatten();
            let words = word_count(&seg.source.text);
            let first = seen.insert(exact_hash(&seg.source));
            let score = m.as_ref().map(|m| m.score);
            let band = match Band::of_score(score) {
                Band::InContext => Band::InContext,
                _ if !first => Band::Repetition,
                b => b,
            };
            bands.add(band, words);
            total.add(band, words);
            list.push(SegmentBand {
                id: seg.id.clone(),
                band,
                words,
                score,
                class: m.map(|m| m.class),
            });
        }
        out.push(StatementAnalysis {
            statement: slug.to_string(),
            bands,
            segments: list,
        });
    }
    Analysis {
        statements: out,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{key_hash, CodedText, Span};
    use crate::source::BlockKind;
    use crate::tm::{Approval, TmUnit};

    fn seg(text: &str) -> Segment {
        let source = CodedText::plain(text);
        Segment {
            id: key_hash(&source),
            key: key_hash(&source),
            block: 0,
            kind: BlockKind::Paragraph,
            source,
            span: Span {
                path: "s.md".into(),
                start: 0,
                end: 0,
                line: 1,
                column: 1,
            },
            prev: None,
            next: None,
        }
    }

    fn with_context(mut segs: Vec<Segment>) -> Vec<Segment> {
        for i in 0..segs.len() {
            segs[i].prev = (i > 0).then(|| segs[i - 1].key.clone());
            segs[i].next = segs.get(i + 1).map(|s| s.key.clone());
        }
        segs
    }

    #[test]
    fn bands_and_words() {
        let old = with_context(vec![
            seg("The Court held a hearing today."),
            seg("The judges delivered the decision on 5 June 2025."),
            seg("The Prosecutor welcomed the decision of the Chamber."),
        ]);
        let units: Vec<TmUnit> = old
            .iter()
            .enumerate()
            .map(|(i, s)| TmUnit {
                id: format!("u{i}"),
                source: s.source.clone(),
                target: CodedText::plain(format!("Cible {i}, le 5 juin 2025.")),
                approval: Approval::Approved,
                prev: s.prev.clone(),
                next: s.next.clone(),
                statement: Some("a".into()),
                origin: None,
                provenance: Default::default(),
                line: 0,
            })
            .collect();
        let index = Index::build(units, "en", "fr");
        let new = with_context(vec![
            seg("The Court held a hearing today."),
            seg("The judges delivered the decision on 6 June 2025."),
            seg("The Prosecutor welcomed the ruling of the Chamber."),
            seg("Something entirely new was said."),
            seg("The Court held a hearing today."),
        ]);
        let a = analyze(&[("a", &old[..]), ("b", &new[..])], &index);
        let b = &a.statements[1].bands;
        let t = &a.statements[0].bands;
        assert_eq!(
            t.in_context,
            Count {
                segments: 3,
                words: 23
            }
        );
        // The first segment's next segment changed: 100, but its text was
        // already seen in statement a, so it is a repetition (as is the
        // last one).
        assert_eq!(b.repetitions.segments, 2);
        assert_eq!(
            b.fuzzy_95_99,
            Count {
                segments: 1,
                words: 9
            }
        );
        assert_eq!(b.fuzzy_85_94.segments, 1);
        assert_eq!(
            b.no_match,
            Count {
                segments: 1,
                words: 5
            }
        );
        assert_eq!(a.total.total().segments, 8);
        assert_eq!(a.total.total().words, 23 + 6 + 9 + 8 + 5 + 6);
        let text = a.to_text();
        assert!(text.starts_with("a\n"), "{text}");
        assert!(
            text.contains("\n  101                 3       23  100.0%\n"),
            "{text}"
        );
        assert!(text.contains("Total\n"), "{text}");
        assert_eq!(Band::of_score(Some(74)), Band::Fuzzy50);
        assert_eq!(Band::of_score(None), Band::NoMatch);
    }
}
