//! The matching index over a set of TM units.
//!
//! Three structures, all built once from the units' sources:
//!
//! - **exact**: sorted `(hash of normalised text and codes, unit)` pairs,
//!   searched by binary search; long segments (any length) match here;
//! - **near**: the same over the hash of the lower-cased words with
//!   placeables as one class token, for penalised and auto-substituted
//!   matches;
//! - **fuzzy**: every unit's token sequence (words, placeable values, codes,
//!   interned to `u32`), with units numbered in order of sequence length,
//!   and an inverted index from token to the (length-ordered) units holding
//!   it.
//!
//! A fuzzy lookup with query length `n` and minimum score `m` uses:
//!
//! - a **length filter**: `floor(100 (1 − d / max(n, L))) ≥ m` and
//!   `d ≥ |n − L|` give `⌈n·m/100⌉ ≤ L ≤ ⌊100·n/m⌋`; since units are
//!   numbered by length, this is one ordinal range, cut out of each posting
//!   list by binary search;
//! - a **prefix filter**: such a unit shares at least `t = ⌈n·m/100⌉` token
//!   occurrences with the query (edit distance ≥ max(n, L) − shared), so it
//!   holds one of any `n − t + 1` query tokens; the rarest ones (by document
//!   frequency) are probed;
//! - **verification** by bit-parallel Levenshtein distance
//!   ([`Pattern`]), with the query's bit masks built once per lookup.
//!
//! Candidates are only ever dropped when they provably score below `m`, so
//! the index finds what an exhaustive scan with the same scoring finds
//! ([`Index::lookup_exhaustive`], used by the recall tests).

use super::placeable::{LanguagePlaceables, Placeables};
use super::score::{
    fuzzy_score, max_distance, near_match, Analysed, Pattern, Penalty, Substitution, MIN_FUZZY,
};
use super::{Approval, MatchClass, Memory, TmUnit};
use crate::model::CodedText;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::sync::Arc;

/// A TM unit that matches a query.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    /// Index of the unit in [`Index::units`].
    pub unit: usize,
    pub score: u8,
    pub class: MatchClass,
    /// Why the score is below 100 for penalised and substituted matches.
    pub penalties: Vec<Penalty>,
    /// Placeables replaced in the target (auto-substituted matches).
    pub substitutions: Vec<Substitution>,
    /// The unit's target with the new placeables, when auto-substituted
    /// (see [`Match::target`]).
    pub substituted_target: Option<CodedText>,
}

impl Match {
    /// The translation to propose: the substituted target, or the unit's.
    pub fn target<'a>(&'a self, index: &'a Index) -> &'a CodedText {
        self.substituted_target
            .as_ref()
            .unwrap_or(&index.units[self.unit].target)
    }

    /// Whether placeables were substituted in the target.
    pub fn auto_substituted(&self) -> bool {
        !self.substitutions.is_empty()
    }
}

/// One query: a source segment and its context.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    pub source: &'a CodedText,
    /// Keys of the previous and next segments ([`crate::model::key_hash`]).
    pub prev: Option<&'a str>,
    pub next: Option<&'a str>,
    /// Slug of the statement the segment belongs to.
    pub statement: Option<&'a str>,
    /// The source already analysed ([`analyse`]), so that a batch can be
    /// analysed before (or while) the index is built.
    pub analysed: Option<&'a Analysed>,
}

/// Analyse a query source as [`Index::build`] analyses TM sources (the
/// [`LanguagePlaceables`] recogniser), for [`Query::analysed`].
pub fn analyse(source: &CodedText, source_lang: &str) -> Analysed {
    Analysed::new(source, source_lang, &LanguagePlaceables)
}

impl<'a> Query<'a> {
    /// A query without context.
    pub fn new(source: &'a CodedText) -> Query<'a> {
        Query {
            source,
            prev: None,
            next: None,
            statement: None,
            analysed: None,
        }
    }

    /// The same query with its source analysed beforehand ([`analyse`],
    /// with the index's source language).
    pub fn with_analysis(self, analysed: &'a Analysed) -> Query<'a> {
        Query {
            analysed: Some(analysed),
            ..self
        }
    }

    /// The same query between the segments with keys `prev` and `next`.
    pub fn with_context(self, prev: Option<&'a str>, next: Option<&'a str>) -> Query<'a> {
        Query { prev, next, ..self }
    }

    /// The same query in a statement.
    pub fn in_statement(self, statement: Option<&'a str>) -> Query<'a> {
        Query { statement, ..self }
    }

    /// Whether `unit` was translated in this query's context: the same
    /// previous and next segment keys, at least one of them present — or,
    /// for a segment alone in its statement (no neighbours on either side),
    /// the same statement.
    pub fn in_context_of(&self, unit: &TmUnit) -> bool {
        if unit.prev.as_deref() != self.prev || unit.next.as_deref() != self.next {
            return false;
        }
        if self.prev.is_some() || self.next.is_some() {
            return true;
        }
        self.statement.is_some() && unit.statement.as_deref() == self.statement
    }
}

/// The index over a set of TM units (see the module documentation).
pub struct Index {
    units: Vec<TmUnit>,
    source_lang: String,
    target_lang: String,
    placeables: Arc<dyn Placeables>,
    /// Token hash → token id.
    vocab: FxHashMap<u64, u32>,
    /// Sorted (hash, unit).
    exact: Vec<(u64, u32)>,
    near: Vec<(u64, u32)>,
    /// Ordinal (units by sequence length) → unit.
    ord_unit: Vec<u32>,
    /// Ordinal → token ids, flattened.
    seq_off: Vec<usize>,
    seq: Vec<u32>,
    /// `len_start[L]`: first ordinal whose sequence has at least `L` tokens.
    len_start: Vec<u32>,
    /// Token id → ordinals holding it (ascending), flattened.
    post_off: Vec<usize>,
    post: Vec<u32>,
    /// Scratch spaces kept between single lookups.
    pool: std::sync::Mutex<Vec<Scratch>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("units", &self.units.len())
            .field("vocabulary", &self.vocab.len())
            .field("postings", &self.post.len())
            .finish()
    }
}

/// Scratch state of one ordinal during a lookup.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// The generation (lookup) in which it became a candidate.
    stamp: u32,
    /// Occurrences of probed query tokens it holds (an upper bound of the
    /// shared occurrences among them).
    count: u32,
}

/// Per-thread scratch space for lookups.
struct Scratch {
    /// Per ordinal.
    slots: Vec<Slot>,
    generation: u32,
    cands: Vec<u32>,
    /// Query token occurrences whose postings were not scanned.
    unprobed: usize,
    /// Per token id: its row in the query's [`Pattern`], or `u32::MAX`.
    rows: Vec<u32>,
}

impl Scratch {
    fn new(units: usize, vocabulary: usize) -> Scratch {
        Scratch {
            slots: vec![Slot::default(); units],
            generation: 0,
            cands: Vec::new(),
            unprobed: 0,
            rows: vec![u32::MAX; vocabulary],
        }
    }

    fn next_generation(&mut self) {
        self.cands.clear();
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.slots.iter_mut().for_each(|s| s.stamp = 0);
            self.generation = 1;
        }
    }
}

fn sorted_pairs(mut v: Vec<(u64, u32)>) -> Vec<(u64, u32)> {
    v.par_sort_unstable();
    v
}

fn equal_range(v: &[(u64, u32)], key: u64) -> &[(u64, u32)] {
    let lo = v.partition_point(|p| p.0 < key);
    let hi = v.partition_point(|p| p.0 <= key);
    &v[lo..hi]
}

impl Index {
    /// Index `units` with [`LanguagePlaceables`] ([`crate::placeables`]).
    pub fn build(units: Vec<TmUnit>, source_lang: &str, target_lang: &str) -> Index {
        Index::build_with(
            units,
            source_lang,
            target_lang,
            Arc::new(LanguagePlaceables),
        )
    }

    /// Index the units of a memory (cloned).
    pub fn from_memory(memory: &Memory) -> Index {
        Index::build(
            memory.units().to_vec(),
            &memory.source_lang,
            &memory.target_lang,
        )
    }

    /// Index `units` with a given placeable recogniser.
    pub fn build_with(
        units: Vec<TmUnit>,
        source_lang: &str,
        target_lang: &str,
        placeables: Arc<dyn Placeables>,
    ) -> Index {
        let p = placeables.as_ref();
        let analysed: Vec<(u64, u64, Vec<u64>)> = units
            .par_iter()
            .map(|u| {
                let a = Analysed::new(&u.source, source_lang, p);
                (a.exact, a.near, a.fuzzy)
            })
            .collect();
        let mut vocab: FxHashMap<u64, u32> = FxHashMap::default();
        let mut exact = Vec::with_capacity(units.len());
        let mut near = Vec::with_capacity(units.len());
        let mut seqs: Vec<Vec<u32>> = Vec::with_capacity(units.len());
        for (i, (e, n, f)) in analysed.into_iter().enumerate() {
            exact.push((e, i as u32));
            near.push((n, i as u32));
            seqs.push(
                f.into_iter()
                    .map(|h| {
                        let next = vocab.len() as u32;
                        *vocab.entry(h).or_insert(next)
                    })
                    .collect(),
            );
        }
        let mut ord_unit: Vec<u32> = (0..units.len() as u32).collect();
        ord_unit.sort_by_key(|&u| (seqs[u as usize].len(), u));
        let max_len = seqs.iter().map(Vec::len).max().unwrap_or(0);
        let mut len_start = vec![0u32; max_len + 2];
        let mut seq_off = Vec::with_capacity(units.len() + 1);
        let mut seq = Vec::with_capacity(seqs.iter().map(Vec::len).sum());
        seq_off.push(0);
        for &u in &ord_unit {
            seq.extend_from_slice(&seqs[u as usize]);
            seq_off.push(seq.len());
        }
        drop(seqs);
        // len_start[L] = number of ordinals with length < L.
        {
            let mut counts = vec![0u32; max_len + 2];
            for o in 0..ord_unit.len() {
                counts[seq_off[o + 1] - seq_off[o]] += 1;
            }
            let mut acc = 0u32;
            for (l, c) in counts.iter().enumerate() {
                len_start[l] = acc;
                acc += c;
            }
        }
        // Postings: distinct tokens per unit, two passes (count, fill).
        let vsize = vocab.len();
        let mut df = vec![0usize; vsize + 1];
        let mut scratch: Vec<u32> = Vec::new();
        let distinct = |o: usize, scratch: &mut Vec<u32>| {
            scratch.clear();
            scratch.extend_from_slice(&seq[seq_off[o]..seq_off[o + 1]]);
            scratch.sort_unstable();
            scratch.dedup();
        };
        for o in 0..ord_unit.len() {
            distinct(o, &mut scratch);
            for &t in scratch.iter() {
                df[t as usize + 1] += 1;
            }
        }
        for i in 1..df.len() {
            df[i] += df[i - 1];
        }
        let post_off = df;
        let mut fill = post_off.clone();
        let mut post = vec![0u32; *post_off.last().unwrap_or(&0)];
        for o in 0..ord_unit.len() {
            distinct(o, &mut scratch);
            for &t in scratch.iter() {
                post[fill[t as usize]] = o as u32;
                fill[t as usize] += 1;
            }
        }
        Index {
            units,
            source_lang: source_lang.to_string(),
            target_lang: target_lang.to_string(),
            placeables,
            vocab,
            exact: sorted_pairs(exact),
            near: sorted_pairs(near),
            ord_unit,
            seq_off,
            seq,
            len_start,
            post_off,
            post,
            pool: std::sync::Mutex::new(Vec::new()),
        }
    }

    pub fn units(&self) -> &[TmUnit] {
        &self.units
    }

    pub fn unit(&self, i: usize) -> &TmUnit {
        &self.units[i]
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn source_lang(&self) -> &str {
        &self.source_lang
    }

    pub fn target_lang(&self) -> &str {
        &self.target_lang
    }

    /// Number of distinct tokens.
    pub fn vocabulary(&self) -> usize {
        self.vocab.len()
    }

    fn scratch(&self) -> Scratch {
        Scratch::new(self.units.len(), self.vocab.len())
    }

    /// Run `f` with a scratch space from the pool (or a new one).
    fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        let taken = self.pool.lock().ok().and_then(|mut p| p.pop());
        let mut scratch = taken.unwrap_or_else(|| self.scratch());
        let r = f(&mut scratch);
        if let Ok(mut p) = self.pool.lock() {
            p.push(scratch);
        }
        r
    }

    /// The ordinals holding token `id` within `lo..hi`.
    fn postings(&self, id: u32, lo: u32, hi: u32) -> &[u32] {
        let i = id as usize;
        if i + 1 >= self.post_off.len() {
            return &[];
        }
        let list = &self.post[self.post_off[i]..self.post_off[i + 1]];
        let a = list.partition_point(|&o| o < lo);
        let b = list.partition_point(|&o| o < hi);
        &list[a..b]
    }

    fn df(&self, id: u32) -> usize {
        let i = id as usize;
        if i + 1 < self.post_off.len() {
            self.post_off[i + 1] - self.post_off[i]
        } else {
            0
        }
    }

    /// Every match scoring at least `min_score` (clamped to 50..=101),
    /// best first. `prev` and `next` are the keys of the neighbouring
    /// segments, for in-context matches.
    pub fn lookup(
        &self,
        query: &CodedText,
        prev: Option<&str>,
        next: Option<&str>,
        min_score: u8,
    ) -> Vec<Match> {
        self.lookup_query(&Query::new(query).with_context(prev, next), min_score)
    }

    /// The best match, if any scores at least `min_score`.
    pub fn best(
        &self,
        query: &CodedText,
        prev: Option<&str>,
        next: Option<&str>,
        min_score: u8,
    ) -> Option<Match> {
        self.lookup(query, prev, next, min_score).into_iter().next()
    }

    /// Every match of a query (with its context and statement) scoring at
    /// least `min_score`, best first.
    pub fn lookup_query(&self, query: &Query<'_>, min_score: u8) -> Vec<Match> {
        self.with_scratch(|scratch| self.lookup_in(query, min_score, scratch, false))
    }

    /// [`lookup`](Self::lookup) for many queries in parallel; results are in
    /// the order of the queries.
    pub fn lookup_batch(&self, queries: &[Query<'_>], min_score: u8) -> Vec<Vec<Match>> {
        // Scratch space comes from the index's pool: rayon may split the work
        // into many more tasks than threads, and a fresh scratch per task
        // (sized by the whole memory) would cost more than the lookups.
        queries
            .par_iter()
            .map(|q| self.lookup_query(q, min_score))
            .collect()
    }

    /// The same matches as [`lookup`](Self::lookup), found by scoring every
    /// unit (no filters): the reference for recall tests.
    pub fn lookup_exhaustive(
        &self,
        query: &CodedText,
        prev: Option<&str>,
        next: Option<&str>,
        min_score: u8,
    ) -> Vec<Match> {
        self.with_scratch(|scratch| {
            self.lookup_in(
                &Query::new(query).with_context(prev, next),
                min_score,
                scratch,
                true,
            )
        })
    }

    /// Fuzzy candidates among ordinals `lo..hi` for query tokens `qids` at
    /// minimum score `m`: prefix filter, then extra posting lists to count
    /// probed tokens per candidate (see the module documentation). Sets
    /// `scratch.cands`, `scratch.count` and `scratch.unprobed`.
    fn candidates(&self, qids: &[u32], m: usize, lo: u32, hi: u32, scratch: &mut Scratch) {
        let n = qids.len();
        let t = (n * m).div_ceil(100).min(n);
        let prefix = n + 1 - t;
        let mut order: Vec<(usize, u32)> = qids.iter().map(|&id| (self.df(id), id)).collect();
        order.sort_unstable();
        // Distinct tokens with their multiplicity, rarest first.
        let mut groups: Vec<(u32, u32, bool)> = Vec::new(); // (id, occurrences, in prefix)
        for (k, &(_, id)) in order.iter().enumerate() {
            match groups.last_mut() {
                Some(g) if g.0 == id => g.1 += 1,
                _ => groups.push((id, 1, k < prefix)),
            }
        }
        let mut probed = 0usize;
        for &(id, w, in_prefix) in &groups {
            let list = self.postings(id, lo, hi);
            if in_prefix {
                let generation = scratch.generation;
                for &o in list {
                    let slot = &mut scratch.slots[o as usize];
                    if slot.stamp != generation {
                        slot.stamp = generation;
                        slot.count = w;
                        scratch.cands.push(o);
                    } else {
                        slot.count += w;
                    }
                }
            } else {
                // Worth scanning only while the list is no longer than the
                // candidate list (measured on the Acts benchmark: longer
                // lists cost more than the verifications they save).
                if list.len() > scratch.cands.len() {
                    break;
                }
                let generation = scratch.generation;
                for &o in list {
                    let slot = &mut scratch.slots[o as usize];
                    if slot.stamp == generation {
                        slot.count += w;
                    }
                }
            }
            probed += w as usize;
        }
        scratch.unprobed = n - probed;
    }

    fn lookup_in(
        &self,
        q: &Query<'_>,
        min_score: u8,
        scratch: &mut Scratch,
        exhaustive: bool,
    ) -> Vec<Match> {
        let min_score = min_score.clamp(MIN_FUZZY, 101);
        let p = self.placeables.as_ref();
        let owned;
        let qa = match q.analysed {
            Some(a) => a,
            None => {
                owned = Analysed::new(q.source, &self.source_lang, p);
                &owned
            }
        };
        let mut out: Vec<Match> = Vec::new();
        let mut seen: FxHashSet<u32> = FxHashSet::default();

        // Exact and in-context.
        for &(_, u) in equal_range(&self.exact, qa.exact) {
            let unit = &self.units[u as usize];
            let in_context = q.in_context_of(unit);
            let class = if in_context {
                MatchClass::InContext
            } else {
                MatchClass::Exact
            };
            seen.insert(u);
            if class.score() >= min_score {
                out.push(Match {
                    unit: u as usize,
                    score: class.score(),
                    class,
                    penalties: Vec::new(),
                    substitutions: Vec::new(),
                    substituted_target: None,
                });
            }
        }
        if min_score > 100 {
            return finish(out, &self.units);
        }

        // Same words: penalised or auto-substituted.
        for &(_, u) in equal_range(&self.near, qa.near) {
            if seen.contains(&u) {
                continue;
            }
            let unit = &self.units[u as usize];
            let ua = Analysed::new(&unit.source, &self.source_lang, p);
            if let Some(m) = near_match(
                qa,
                q.source,
                &ua,
                &unit.source,
                &unit.target,
                &self.target_lang,
                p,
            ) {
                seen.insert(u);
                if m.score >= min_score {
                    out.push(Match {
                        unit: u as usize,
                        score: m.score,
                        class: m.class,
                        penalties: m.penalties,
                        substitutions: m.substitutions,
                        substituted_target: m.target,
                    });
                }
            }
        }

        // Fuzzy.
        let n = qa.fuzzy.len();
        if n > 0 && min_score < 100 {
            let mut unknown: FxHashMap<u64, u32> = FxHashMap::default();
            let qids: Vec<u32> = qa
                .fuzzy
                .iter()
                .map(|h| match self.vocab.get(h) {
                    Some(&id) => id,
                    None => {
                        let next = u32::MAX - unknown.len() as u32;
                        *unknown.entry(*h).or_insert(next)
                    }
                })
                .collect();
            let pattern = Pattern::new(&qids);
            let m = min_score as usize;
            let ords = self.ord_unit.len();
            let (lo, hi) = if exhaustive {
                (0, ords as u32)
            } else {
                let lmin = (n * m).div_ceil(100);
                let lmax = (100 * n) / m;
                let cap = self.len_start.len() - 1;
                (
                    self.len_start[lmin.min(cap)],
                    self.len_start[(lmax + 1).min(cap)],
                )
            };
            scratch.next_generation();
            if exhaustive {
                scratch.cands.extend(lo..hi);
                for o in lo..hi {
                    scratch.slots[o as usize].count = u32::MAX / 2;
                }
                scratch.unprobed = 0;
            } else {
                self.candidates(&qids, m, lo, hi, scratch);
            }
            for (r, &t) in pattern.tokens().iter().enumerate() {
                if let Some(x) = scratch.rows.get_mut(t as usize) {
                    *x = r as u32;
                }
            }
            for &o in &scratch.cands {
                let s = &self.seq[self.seq_off[o as usize]..self.seq_off[o as usize + 1]];
                let len = s.len();
                let dmax = max_distance(n, len, min_score);
                // Count filter: the probed tokens it holds must leave room
                // for the max(n, len) − dmax tokens it must share.
                let need = n.max(len) - dmax;
                if (scratch.slots[o as usize].count as usize) + scratch.unprobed < need
                    || len.abs_diff(n) > dmax
                {
                    continue;
                }
                let u = self.ord_unit[o as usize];
                if seen.contains(&u) {
                    continue;
                }
                let d = pattern.distance_with_rows(s, &scratch.rows);
                if d > dmax {
                    continue;
                }
                let score = fuzzy_score(d, n, len).min(99);
                if score >= min_score {
                    out.push(Match {
                        unit: u as usize,
                        score,
                        class: MatchClass::Fuzzy,
                        penalties: Vec::new(),
                        substitutions: Vec::new(),
                        substituted_target: None,
                    });
                }
            }
            for &t in pattern.tokens() {
                if let Some(x) = scratch.rows.get_mut(t as usize) {
                    *x = u32::MAX;
                }
            }
        }
        finish(out, &self.units)
    }
}

/// Sort best first: score, class, approved before unreviewed, unit id.
fn finish(mut out: Vec<Match>, units: &[TmUnit]) -> Vec<Match> {
    out.sort_by(|a, b| {
        let (ua, ub) = (&units[a.unit], &units[b.unit]);
        b.score
            .cmp(&a.score)
            .then(a.class.cmp(&b.class))
            .then((ub.approval == Approval::Approved).cmp(&(ua.approval == Approval::Approved)))
            .then(ua.id.cmp(&ub.id))
            .then(a.unit.cmp(&b.unit))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, src: &str, tgt: &str) -> TmUnit {
        TmUnit {
            id: id.into(),
            source: CodedText::plain(src),
            target: CodedText::plain(tgt),
            approval: Approval::Approved,
            prev: None,
            next: None,
            statement: None,
            origin: None,
            line: 0,
        }
    }

    fn index() -> Index {
        let mut units = vec![
            unit(
                "a",
                "The Prosecutor opened an investigation into the situation.",
                "Le Procureur a ouvert une enquête sur la situation.",
            ),
            unit(
                "b",
                "On 5 June 2025, Pre-Trial Chamber I issued a warrant.",
                "Le 5 juin 2025, la Chambre préliminaire I a délivré un mandat.",
            ),
            unit(
                "c",
                "The Court is independent.",
                "La Cour est indépendante.",
            ),
            unit(
                "d",
                "The court is independent.",
                "La cour est indépendante.",
            ),
        ];
        units[0].prev = Some("p".into());
        units[0].next = Some("n".into());
        Index::build(units, "en", "fr")
    }

    #[test]
    fn classes() {
        let ix = index();
        let q = CodedText::plain("The Prosecutor opened an investigation into the situation.");
        let m = ix.lookup(&q, Some("p"), Some("n"), 75);
        assert_eq!((m[0].score, m[0].class), (101, MatchClass::InContext));
        let m = ix.lookup(&q, Some("x"), Some("n"), 75);
        assert_eq!((m[0].score, m[0].class), (100, MatchClass::Exact));
        let m = ix.lookup(&q, None, None, 75);
        assert_eq!(m[0].class, MatchClass::Exact);

        // One word changed out of eight: floor(100 × 7/8) = 87.
        let q = CodedText::plain("The Prosecutor opened an inquiry into the situation.");
        let m = ix.best(&q, None, None, 50).unwrap();
        assert_eq!((m.unit, m.class, m.score), (0, MatchClass::Fuzzy, 87));

        // Date changed: substituted.
        let q = CodedText::plain("On 1 July 2025, Pre-Trial Chamber I issued a warrant.");
        let m = ix.best(&q, None, None, 75).unwrap();
        assert_eq!(m.class, MatchClass::Substituted);
        assert_eq!(m.score, 99);
        assert_eq!(
            m.target(&ix).text,
            "Le 1er juillet 2025, la Chambre préliminaire I a délivré un mandat."
        );

        // Exact beats case-penalised; order is deterministic.
        let q = CodedText::plain("The Court is independent.");
        let m = ix.lookup(&q, None, None, 50);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].unit, m[0].score), (2, 100));
        assert_eq!((m[1].unit, m[1].score), (3, 99));

        assert!(ix
            .lookup(&CodedText::plain("Nothing alike here."), None, None, 50)
            .is_empty());
    }

    #[test]
    fn alone_in_statement_is_in_context() {
        let mut u = unit(
            "s",
            "Statement by the President.",
            "Déclaration du Président.",
        );
        u.statement = Some("st".into());
        let ix = Index::build(vec![u], "en", "fr");
        let src = CodedText::plain("Statement by the President.");
        let q = Query::new(&src);
        assert_eq!(ix.lookup_query(&q, 75)[0].class, MatchClass::Exact);
        let q = q.in_statement(Some("st"));
        assert_eq!(ix.lookup_query(&q, 75)[0].class, MatchClass::InContext);
        let q = q.in_statement(Some("other"));
        assert_eq!(ix.lookup_query(&q, 75)[0].class, MatchClass::Exact);
    }

    #[test]
    fn long_segments_match_exactly() {
        let long =
            "The Chamber considered the submissions of the parties and participants. ".repeat(30);
        assert!(long.len() > 1000);
        let ix = Index::build(vec![unit("l", &long, "Long.")], "en", "fr");
        let m = ix.lookup(&CodedText::plain(long.clone()), None, None, 75);
        assert_eq!(m[0].score, 100);
        let edited = long.replacen("considered", "examined", 1);
        let m = ix.lookup(&CodedText::plain(edited), None, None, 75);
        assert_eq!((m[0].class, m[0].score), (MatchClass::Fuzzy, 99));
    }

    #[test]
    fn batch_preserves_order() {
        let ix = index();
        let texts: Vec<CodedText> = [
            "The Court is independent.",
            "Unrelated words entirely.",
            "The Prosecutor opened an investigation into the situation.",
        ]
        .iter()
        .map(|s| CodedText::plain(*s))
        .collect();
        let queries: Vec<Query> = texts.iter().map(Query::new).collect();
        let r = ix.lookup_batch(&queries, 75);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0][0].unit, 2);
        assert!(r[1].is_empty());
        assert_eq!(r[2][0].unit, 0);
    }
}
