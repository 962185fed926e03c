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

use super::normalize::{normalize_word, tokenize, TokenKind};
use super::placeable::{LanguagePlaceables, Placeables};
use super::score::{
    fuzzy_score, max_distance, near_match, Analysed, Pattern, Penalty, Substitution, MIN_FUZZY,
};
use super::{Approval, MatchClass, Memory, TmUnit};
use crate::model::CodedText;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

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
    pub fn target<'a>(&'a self, index: &'a Index) -> Cow<'a, CodedText> {
        match &self.substituted_target {
            Some(t) => Cow::Borrowed(t),
            None => match index.unit(self.unit) {
                Cow::Borrowed(u) => Cow::Borrowed(&u.target),
                Cow::Owned(u) => Cow::Owned(u.target),
            },
        }
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

/// A hash paired with a number: `(key hash, unit)` in the exact and near
/// tables, `(token hash, token id)` in the vocabularies. Plain old data so
/// that a table can be read in place from a mapped index file
/// ([`super::cache`]).
#[repr(C)]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, bytemuck::Pod, bytemuck::Zeroable,
)]
pub(crate) struct Pair {
    pub hash: u64,
    pub id: u32,
    pub pad: u32,
}

impl Pair {
    fn new(hash: u64, id: u32) -> Pair {
        Pair { hash, id, pad: 0 }
    }
}

/// A table of plain values, owned (an index built in this process) or read
/// in place from a memory-mapped index file.
pub(crate) enum Arr<T: bytemuck::Pod> {
    Owned(Vec<T>),
    Mapped {
        map: Arc<memmap2::Mmap>,
        /// Byte offset and element count; the offset is aligned for `T`
        /// (checked when the file is opened).
        start: usize,
        len: usize,
    },
}

impl<T: bytemuck::Pod> std::ops::Deref for Arr<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Arr::Owned(v) => v,
            Arr::Mapped { map, start, len } => {
                bytemuck::cast_slice(&map[*start..*start + *len * std::mem::size_of::<T>()])
            }
        }
    }
}

impl<T: bytemuck::Pod> From<Vec<T>> for Arr<T> {
    fn from(v: Vec<T>) -> Arr<T> {
        Arr::Owned(v)
    }
}

/// The units of a part: owned, or encoded in a mapped file and decoded on
/// demand ([`super::cache`]).
pub(crate) enum Units {
    Owned(Vec<TmUnit>),
    Mapped {
        /// `off[i]..off[i + 1]`: unit `i` in `blob`.
        off: Arr<u64>,
        blob: Arr<u8>,
        /// The index file, for the message of a corrupt unit.
        path: std::path::PathBuf,
    },
}

impl Units {
    fn len(&self) -> usize {
        match self {
            Units::Owned(v) => v.len(),
            Units::Mapped { off, .. } => off.len().saturating_sub(1),
        }
    }

    fn get(&self, i: usize) -> Cow<'_, TmUnit> {
        match self {
            Units::Owned(v) => Cow::Borrowed(&v[i]),
            Units::Mapped { path, .. } => match self.decode(i) {
                Some(u) => Cow::Owned(u),
                // The file was checked when opened; a unit that does not
                // decode means it was changed under us.
                None => panic!(
                    "{}: unit {i} of this index cache is corrupt; delete the cache folder and run again",
                    path.display()
                ),
            },
        }
    }

    /// Unit `i` of a mapped index, decoded (`None`: out of range or not a
    /// unit).
    fn decode(&self, i: usize) -> Option<TmUnit> {
        match self {
            Units::Owned(v) => v.get(i).cloned(),
            Units::Mapped { off, blob, .. } => {
                let (a, b) = (*off.get(i)? as usize, *off.get(i + 1)? as usize);
                super::cache::decode_unit(blob.get(a..b)?)
            }
        }
    }

    /// Every unit, owned (decoded in parallel from a mapped index); `None`
    /// when a mapped unit does not decode.
    pub(crate) fn into_vec(self) -> Option<Vec<TmUnit>> {
        match self {
            Units::Owned(v) => Some(v),
            Units::Mapped { .. } => (0..self.len())
                .into_par_iter()
                .map(|i| self.decode(i))
                .collect(),
        }
    }
}

/// Word postings of one side of the units, for concordance searches: every
/// word (lower-cased, normalised) → the units holding it.
pub(crate) struct Words {
    /// (word hash, word id), sorted.
    pub(crate) vocab: Arr<Pair>,
    /// Word id → `post[off[id]..off[id + 1]]`, units ascending.
    pub(crate) off: Arr<u64>,
    pub(crate) post: Arr<u32>,
    /// Unit → number of words on this side.
    pub(crate) count: Arr<u32>,
}

/// The words of a text for concordance searches: byte range in `text` and
/// the hash of the lower-cased, normalised word.
pub fn concordance_words(text: &str) -> Vec<(Range<usize>, u64)> {
    let mut low = String::new();
    tokenize(text, &[])
        .into_iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| {
            let word = &text[t.range.clone()];
            if word.bytes().all(|b| b.is_ascii_graphic()) {
                // `normalize` leaves such a word as it is.
                low.clear();
                low.push_str(word);
                low.make_ascii_lowercase();
            } else {
                lower_into(&normalize_word(word), &mut low);
            }
            (t.range, xxhash_rust::xxh3::xxh3_64(low.as_bytes()))
        })
        .collect()
}

fn lower_into(s: &str, buf: &mut String) {
    buf.clear();
    if s.is_ascii() {
        buf.push_str(s);
        buf.make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        buf.extend(c.to_lowercase());
    }
}

impl Words {
    /// The postings of one side of `units` (`side` gives its text).
    fn build<U: std::borrow::Borrow<TmUnit> + Sync>(
        units: &[U],
        side: fn(&TmUnit) -> &str,
    ) -> Words {
        // The distinct word hashes of each unit, flattened per chunk of
        // units (no vector per unit), with each unit's word count.
        let chunks: Vec<(Vec<u64>, Vec<u32>, Vec<u32>)> = units
            .par_chunks(chunk_size(units.len()))
            .map(|chunk| {
                let mut hashes = Vec::new();
                let mut distinct = Vec::with_capacity(chunk.len());
                let mut count = Vec::with_capacity(chunk.len());
                let mut w: Vec<u64> = Vec::new();
                for u in chunk {
                    w.clear();
                    w.extend(
                        concordance_words(side(u.borrow()))
                            .into_iter()
                            .map(|(_, h)| h),
                    );
                    count.push(w.len().min(u32::MAX as usize) as u32);
                    w.sort_unstable();
                    w.dedup();
                    distinct.push(w.len() as u32);
                    hashes.extend_from_slice(&w);
                }
                (hashes, distinct, count)
            })
            .collect();
        let total: usize = chunks.iter().map(|c| c.0.len()).sum();
        let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
        let mut count = Vec::with_capacity(units.len());
        let mut df: Vec<u64> = Vec::new();
        // Word ids of each unit, flattened; `distinct[u]` of them per unit.
        let mut flat: Vec<u32> = Vec::with_capacity(total);
        let mut distinct: Vec<u32> = Vec::with_capacity(units.len());
        for (hashes, d, c) in chunks {
            count.extend_from_slice(&c);
            distinct.extend_from_slice(&d);
            flat.extend(hashes.iter().map(|&h| {
                let next = ids.len() as u32;
                let id = *ids.entry(h).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                df[id as usize] += 1;
                id
            }));
        }
        let mut off = Vec::with_capacity(df.len() + 1);
        off.push(0u64);
        for d in &df {
            off.push(off.last().unwrap() + d);
        }
        drop(df);
        let mut fill: Vec<u64> = off[..off.len() - 1].to_vec();
        let mut post = vec![0u32; *off.last().unwrap() as usize];
        let mut at = 0usize;
        for (u, &d) in distinct.iter().enumerate() {
            for &id in &flat[at..at + d as usize] {
                post[fill[id as usize] as usize] = u as u32;
                fill[id as usize] += 1;
            }
            at += d as usize;
        }
        drop(flat);
        let mut vocab: Vec<Pair> = ids.into_iter().map(|(h, id)| Pair::new(h, id)).collect();
        vocab.par_sort_unstable();
        Words {
            vocab: vocab.into(),
            off: off.into(),
            post: post.into(),
            count: count.into(),
        }
    }

    fn postings(&self, hash: u64) -> &[u32] {
        let Some(id) = lookup_pair(&self.vocab, hash) else {
            return &[];
        };
        let i = id as usize;
        if i + 1 >= self.off.len() {
            return &[];
        }
        let (a, b) = (self.off[i] as usize, self.off[i + 1] as usize);
        self.post.get(a..b).unwrap_or(&[])
    }
}

/// The number paired with `hash` in a sorted table of distinct hashes.
fn lookup_pair(v: &[Pair], hash: u64) -> Option<u32> {
    let i = v.partition_point(|p| p.hash < hash);
    v.get(i).filter(|p| p.hash == hash).map(|p| p.id)
}

/// Units analysed together by one task when building tables: enough
/// chunks for every thread to take several (a 5,000-unit memory in one
/// chunk of 4,096 and one of 904 kept one core busy), at most 4,096 units
/// (the scratch of a chunk is held until the tables are assembled).
fn chunk_size(units: usize) -> usize {
    let tasks = 8 * rayon::current_num_threads().max(1);
    units.div_ceil(tasks).clamp(64, 4096)
}

/// What the analysis of a chunk of units gives: (hash, unit) of the exact
/// and of the near keys, the fuzzy-token hashes of every unit flattened,
/// and each unit's number of them.
type ChunkAnalysis = (Vec<Pair>, Vec<Pair>, Vec<u64>, Vec<u32>);

/// One indexed set of units: a whole index built in memory, or one memory
/// file's persistent index ([`super::cache`]). An [`Index`] is a list of
/// parts, looked up together.
pub(crate) struct Part {
    pub(crate) units: Units,
    /// (token hash, token id), sorted.
    pub(crate) vocab: Arr<Pair>,
    /// Sorted (hash, unit).
    pub(crate) exact: Arr<Pair>,
    pub(crate) near: Arr<Pair>,
    /// Ordinal (units by sequence length) → unit.
    pub(crate) ord_unit: Arr<u32>,
    /// Ordinal → token ids, flattened.
    pub(crate) seq_off: Arr<u64>,
    pub(crate) seq: Arr<u32>,
    /// `len_start[L]`: first ordinal whose sequence has at least `L` tokens.
    pub(crate) len_start: Arr<u32>,
    /// Token id → ordinals holding it (ascending), flattened.
    pub(crate) post_off: Arr<u64>,
    pub(crate) post: Arr<u32>,
    /// Concordance postings of the sources and of the targets: read from
    /// an index file, or built from the owned units on the first
    /// concordance search (or when the part is written to a file), so that
    /// commands that only match (`pretranslate`, `export`) never pay for
    /// them.
    source_words: OnceLock<Words>,
    target_words: OnceLock<Words>,
    /// The memory the units come from, given as their origin when set
    /// (`project memory`, `reference memory acts`).
    pub(crate) label: Option<String>,
    /// Scratch spaces kept between single lookups.
    pool: std::sync::Mutex<Vec<Scratch>>,
}

/// The index over a set of TM units (see the module documentation): one
/// or more [parts](Part), each an in-memory index or a memory file's
/// persistent index. Units are numbered across the parts in order, so a
/// lookup over several parts returns what one index over all their units
/// would.
pub struct Index {
    source_lang: String,
    target_lang: String,
    placeables: Arc<dyn Placeables>,
    parts: Vec<Part>,
    /// Number of the first unit of each part, and the total at the end.
    starts: Vec<usize>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("parts", &self.parts.len())
            .field("units", &self.len())
            .field("vocabulary", &self.vocabulary())
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

/// Per-thread scratch space for lookups in one part.
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

fn sorted_pairs(mut v: Vec<Pair>) -> Arr<Pair> {
    v.par_sort_unstable();
    v.into()
}

fn equal_range(v: &[Pair], key: u64) -> &[Pair] {
    let lo = v.partition_point(|p| p.hash < key);
    let hi = v.partition_point(|p| p.hash <= key);
    &v[lo..hi]
}

/// Which side of the units a concordance search reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Source,
    Target,
}

/// A unit found by a concordance search.
#[derive(Debug, Clone)]
pub struct ConcordanceHit {
    /// The unit's number in the index ([`Index::unit`]).
    pub unit: usize,
    /// Whether the searched words occur as a phrase (in order, adjacent).
    pub phrase: bool,
    /// Byte ranges of the searched side's text to mark: each occurrence of
    /// the phrase, or of each word when it does not occur as a phrase.
    pub spans: Vec<Range<usize>>,
    /// Words on the searched side (shorter units rank first).
    pub words: usize,
}

/// A local match with what ranking needs from its unit.
struct Found {
    m: Match,
    approved: bool,
    id: String,
}

impl Part {
    /// Index `units` (see the module documentation).
    pub(crate) fn build(units: Vec<TmUnit>, source_lang: &str, p: &dyn Placeables) -> Part {
        let mut part = Part::match_tables(&units, source_lang, p);
        part.units = Units::Owned(units);
        part
    }

    /// The tables of a part over `units`, without the units themselves
    /// (an empty [`Units::Owned`]): for writing an index file from units
    /// held elsewhere. The concordance postings are built here too, since
    /// the part cannot build them later without its units.
    pub(crate) fn tables<U: std::borrow::Borrow<TmUnit> + Sync>(
        units: &[U],
        source_lang: &str,
        p: &dyn Placeables,
    ) -> Part {
        let part = Part::match_tables(units, source_lang, p);
        // One side after the other: each is parallel, and the scratch of
        // only one is held at a time.
        let _ = part
            .source_words
            .set(Words::build(units, |u| u.source.text.as_str()));
        let _ = part
            .target_words
            .set(Words::build(units, |u| u.target.text.as_str()));
        part
    }

    /// The matching tables of a part over `units` (concordance postings
    /// left to be built on demand).
    fn match_tables<U: std::borrow::Borrow<TmUnit> + Sync>(
        units: &[U],
        source_lang: &str,
        p: &dyn Placeables,
    ) -> Part {
        // Analysis in parallel, by chunks of units: the exact and near
        // hashes, and the fuzzy-token hashes flattened per chunk (no
        // vector per unit) with each unit's token count.
        let size = chunk_size(units.len());
        let chunks: Vec<ChunkAnalysis> = units
            .par_chunks(size)
            .enumerate()
            .map(|(c, chunk)| {
                let mut exact = Vec::with_capacity(chunk.len());
                let mut near = Vec::with_capacity(chunk.len());
                let mut hashes = Vec::new();
                let mut lens = Vec::with_capacity(chunk.len());
                for (k, u) in chunk.iter().enumerate() {
                    let i = (c * size + k) as u32;
                    let a = Analysed::new(&u.borrow().source, source_lang, p);
                    exact.push(Pair::new(a.exact, i));
                    near.push(Pair::new(a.near, i));
                    lens.push(a.fuzzy.len() as u32);
                    hashes.extend_from_slice(&a.fuzzy);
                }
                (exact, near, hashes, lens)
            })
            .collect();
        let total: usize = chunks.iter().map(|c| c.2.len()).sum();
        let mut vocab: FxHashMap<u64, u32> = FxHashMap::default();
        let mut exact = Vec::with_capacity(units.len());
        let mut near = Vec::with_capacity(units.len());
        // Token ids of each unit, flattened: unit `u` is
        // `flat[unit_off[u]..unit_off[u + 1]]`.
        let mut flat: Vec<u32> = Vec::with_capacity(total);
        let mut unit_off: Vec<u64> = Vec::with_capacity(units.len() + 1);
        unit_off.push(0);
        for (e, n, hashes, lens) in chunks {
            exact.extend_from_slice(&e);
            near.extend_from_slice(&n);
            for l in lens {
                unit_off.push(unit_off.last().unwrap() + u64::from(l));
            }
            flat.extend(hashes.iter().map(|&h| {
                let next = vocab.len() as u32;
                *vocab.entry(h).or_insert(next)
            }));
        }
        let unit_len = |u: u32| (unit_off[u as usize + 1] - unit_off[u as usize]) as usize;
        let mut ord_unit: Vec<u32> = (0..units.len() as u32).collect();
        ord_unit.sort_unstable_by_key(|&u| (unit_len(u), u));
        let max_len = (0..units.len() as u32).map(unit_len).max().unwrap_or(0);
        let mut len_start = vec![0u32; max_len + 2];
        let mut seq_off: Vec<u64> = Vec::with_capacity(units.len() + 1);
        let mut seq = Vec::with_capacity(flat.len());
        seq_off.push(0);
        for &u in &ord_unit {
            seq.extend_from_slice(
                &flat[unit_off[u as usize] as usize..unit_off[u as usize + 1] as usize],
            );
            seq_off.push(seq.len() as u64);
        }
        drop(flat);
        drop(unit_off);
        let range = |o: usize| seq_off[o] as usize..seq_off[o + 1] as usize;
        // len_start[L] = number of ordinals with length < L.
        {
            let mut counts = vec![0u32; max_len + 2];
            for o in 0..ord_unit.len() {
                counts[range(o).len()] += 1;
            }
            let mut acc = 0u32;
            for (l, c) in counts.iter().enumerate() {
                len_start[l] = acc;
                acc += c;
            }
        }
        // Postings: distinct tokens per unit, two passes (count, fill).
        let vsize = vocab.len();
        let mut df = vec![0u64; vsize + 1];
        let mut scratch: Vec<u32> = Vec::new();
        let distinct = |o: usize, scratch: &mut Vec<u32>| {
            scratch.clear();
            scratch.extend_from_slice(&seq[range(o)]);
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
        let mut post = vec![0u32; *post_off.last().unwrap_or(&0) as usize];
        for o in 0..ord_unit.len() {
            distinct(o, &mut scratch);
            for &t in scratch.iter() {
                post[fill[t as usize] as usize] = o as u32;
                fill[t as usize] += 1;
            }
        }
        let vocab: Vec<Pair> = vocab.into_iter().map(|(h, id)| Pair::new(h, id)).collect();
        Part {
            units: Units::Owned(Vec::new()),
            vocab: sorted_pairs(vocab),
            exact: sorted_pairs(exact),
            near: sorted_pairs(near),
            ord_unit: ord_unit.into(),
            seq_off: seq_off.into(),
            seq: seq.into(),
            len_start: len_start.into(),
            post_off: post_off.into(),
            post: post.into(),
            source_words: OnceLock::new(),
            target_words: OnceLock::new(),
            label: None,
            pool: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// A part read from a file ([`super::cache`]).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_tables(
        units: Units,
        vocab: Arr<Pair>,
        exact: Arr<Pair>,
        near: Arr<Pair>,
        ord_unit: Arr<u32>,
        seq_off: Arr<u64>,
        seq: Arr<u32>,
        len_start: Arr<u32>,
        post_off: Arr<u64>,
        post: Arr<u32>,
        source_words: Words,
        target_words: Words,
    ) -> Part {
        Part {
            units,
            vocab,
            exact,
            near,
            ord_unit,
            seq_off,
            seq,
            len_start,
            post_off,
            post,
            source_words: OnceLock::from(source_words),
            target_words: OnceLock::from(target_words),
            label: None,
            pool: std::sync::Mutex::new(Vec::new()),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.units.len()
    }

    /// Unit `i`, with the part's label as its origin when there is one.
    fn unit(&self, i: usize) -> Cow<'_, TmUnit> {
        let u = self.units.get(i);
        match &self.label {
            Some(l) if u.origin.as_deref() != Some(l) => {
                let mut u = u.into_owned();
                u.origin = Some(l.clone());
                Cow::Owned(u)
            }
            _ => u,
        }
    }

    /// Run `f` with a scratch space from the pool (or a new one).
    fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        let taken = self.pool.lock().ok().and_then(|mut p| p.pop());
        let mut scratch = taken.unwrap_or_else(|| Scratch::new(self.len(), self.vocab.len()));
        let r = f(&mut scratch);
        if let Ok(mut p) = self.pool.lock() {
            p.push(scratch);
        }
        r
    }

    fn seq_of(&self, o: usize) -> &[u32] {
        let (a, b) = (self.seq_off[o] as usize, self.seq_off[o + 1] as usize);
        self.seq.get(a..b).unwrap_or(&[])
    }

    /// The ordinals holding token `id` within `lo..hi`.
    fn postings(&self, id: u32, lo: u32, hi: u32) -> &[u32] {
        let i = id as usize;
        if i + 1 >= self.post_off.len() {
            return &[];
        }
        let (a, b) = (self.post_off[i] as usize, self.post_off[i + 1] as usize);
        let list = self.post.get(a..b).unwrap_or(&[]);
        let a = list.partition_point(|&o| o < lo);
        let b = list.partition_point(|&o| o < hi);
        &list[a..b]
    }

    fn df(&self, id: u32) -> usize {
        let i = id as usize;
        if i + 1 < self.post_off.len() {
            (self.post_off[i + 1] - self.post_off[i]) as usize
        } else {
            0
        }
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
                    let Some(slot) = scratch.slots.get_mut(o as usize) else {
                        continue;
                    };
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
                    if let Some(slot) = scratch.slots.get_mut(o as usize) {
                        if slot.stamp == generation {
                            slot.count += w;
                        }
                    }
                }
            }
            probed += w as usize;
        }
        scratch.unprobed = n - probed;
    }

    /// The matches of a query in this part, numbered from `start`.
    #[allow(clippy::too_many_arguments)]
    fn lookup_in(
        &self,
        ix: &Index,
        q: &Query<'_>,
        qa: &Analysed,
        min_score: u8,
        scratch: &mut Scratch,
        exhaustive: bool,
        start: usize,
        out: &mut Vec<Found>,
    ) {
        let p = ix.placeables.as_ref();
        let mut seen: FxHashSet<u32> = FxHashSet::default();
        let found = |unit: &TmUnit, m: Match| Found {
            m,
            approved: unit.approval == Approval::Approved,
            id: unit.id.clone(),
        };

        // Exact and in-context.
        for &Pair { id: u, .. } in equal_range(&self.exact, qa.exact) {
            if u as usize >= self.len() {
                continue;
            }
            let unit = self.unit(u as usize);
            let in_context = q.in_context_of(&unit);
            let class = if in_context {
                MatchClass::InContext
            } else {
                MatchClass::Exact
            };
            seen.insert(u);
            if class.score() >= min_score {
                out.push(found(
                    &unit,
                    Match {
                        unit: start + u as usize,
                        score: class.score(),
                        class,
                        penalties: Vec::new(),
                        substitutions: Vec::new(),
                        substituted_target: None,
                    },
                ));
            }
        }
        if min_score > 100 {
            return;
        }

        // Same words: penalised or auto-substituted.
        for &Pair { id: u, .. } in equal_range(&self.near, qa.near) {
            if seen.contains(&u) || u as usize >= self.len() {
                continue;
            }
            let unit = self.unit(u as usize);
            let ua = Analysed::new(&unit.source, &ix.source_lang, p);
            if let Some(m) = near_match(
                qa,
                q.source,
                &ua,
                &unit.source,
                &unit.target,
                &ix.target_lang,
                p,
            ) {
                seen.insert(u);
                if m.score >= min_score {
                    out.push(found(
                        &unit,
                        Match {
                            unit: start + u as usize,
                            score: m.score,
                            class: m.class,
                            penalties: m.penalties,
                            substitutions: m.substitutions,
                            substituted_target: m.target,
                        },
                    ));
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
                .map(|h| match lookup_pair(&self.vocab, *h) {
                    Some(id) => id,
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
                let s = self.seq_of(o as usize);
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
                if seen.contains(&u) || u as usize >= self.len() {
                    continue;
                }
                let d = pattern.distance_with_rows(s, &scratch.rows);
                if d > dmax {
                    continue;
                }
                let score = fuzzy_score(d, n, len).min(99);
                if score >= min_score {
                    let unit = self.unit(u as usize);
                    out.push(found(
                        &unit,
                        Match {
                            unit: start + u as usize,
                            score,
                            class: MatchClass::Fuzzy,
                            penalties: Vec::new(),
                            substitutions: Vec::new(),
                            substituted_target: None,
                        },
                    ));
                }
            }
            for &t in pattern.tokens() {
                if let Some(x) = scratch.rows.get_mut(t as usize) {
                    *x = u32::MAX;
                }
            }
        }
    }

    /// The concordance postings of `side` (built from the owned units the
    /// first time they are needed).
    pub(crate) fn words(&self, side: Side) -> &Words {
        let cell = match side {
            Side::Source => &self.source_words,
            Side::Target => &self.target_words,
        };
        let text: fn(&TmUnit) -> &str = match side {
            Side::Source => |u| u.source.text.as_str(),
            Side::Target => |u| u.target.text.as_str(),
        };
        cell.get_or_init(|| match &self.units {
            Units::Owned(units) => Words::build(units, text),
            // A mapped part always comes with its postings
            // (`from_tables`); an empty table is the safe answer.
            Units::Mapped { .. } => Words::build::<TmUnit>(&[], text),
        })
    }

    /// Units of this part holding every word of `words` on `side`,
    /// ascending.
    fn units_with_words(&self, words: &[u64], side: Side) -> Vec<u32> {
        let w = self.words(side);
        let mut distinct: Vec<u64> = words.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        let mut lists: Vec<&[u32]> = distinct.iter().map(|&h| w.postings(h)).collect();
        lists.sort_by_key(|l| l.len());
        let Some((first, rest)) = lists.split_first() else {
            return Vec::new();
        };
        first
            .iter()
            .copied()
            .filter(|&u| (u as usize) < self.len())
            .filter(|u| rest.iter().all(|l| l.binary_search(u).is_ok()))
            .collect()
    }

    fn word_count(&self, u: u32, side: Side) -> usize {
        let w = self.words(side);
        w.count.get(u as usize).copied().unwrap_or(0) as usize
    }
}

/// Sort best first: score, class, approved before unreviewed, unit id.
fn finish(mut out: Vec<Found>) -> Vec<Match> {
    out.sort_by(|a, b| {
        b.m.score
            .cmp(&a.m.score)
            .then(a.m.class.cmp(&b.m.class))
            .then(b.approved.cmp(&a.approved))
            .then(a.id.cmp(&b.id))
            .then(a.m.unit.cmp(&b.m.unit))
    });
    out.into_iter().map(|f| f.m).collect()
}

/// Where the searched words occur in `text`: each occurrence of the
/// phrase (`true`), else each occurrence of each word (`false`).
pub fn mark_words(text: &str, query: &[u64]) -> (bool, Vec<Range<usize>>) {
    let words = concordance_words(text);
    let n = query.len();
    let mut spans = Vec::new();
    if n > 0 && words.len() >= n {
        let mut i = 0;
        while i + n <= words.len() {
            if words[i..i + n]
                .iter()
                .map(|w| w.1)
                .eq(query.iter().copied())
            {
                spans.push(words[i].0.start..words[i + n - 1].0.end);
                i += n;
            } else {
                i += 1;
            }
        }
    }
    if !spans.is_empty() {
        return (true, spans);
    }
    let spans = words
        .into_iter()
        .filter(|(_, h)| query.contains(h))
        .map(|(r, _)| r)
        .collect();
    (false, spans)
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
        let part = Part::build(units, source_lang, placeables.as_ref());
        Index::from_parts(source_lang, target_lang, placeables, vec![part])
    }

    /// An index over parts built or read beforehand (with the placeable
    /// recogniser they were built with).
    pub(crate) fn from_parts(
        source_lang: &str,
        target_lang: &str,
        placeables: Arc<dyn Placeables>,
        parts: Vec<Part>,
    ) -> Index {
        let mut starts = Vec::with_capacity(parts.len() + 1);
        let mut n = 0;
        for p in &parts {
            starts.push(n);
            n += p.len();
        }
        starts.push(n);
        Index {
            source_lang: source_lang.to_string(),
            target_lang: target_lang.to_string(),
            placeables,
            parts,
            starts,
        }
    }

    /// The part holding unit `i`, and the unit's number in it.
    fn locate(&self, i: usize) -> (&Part, usize) {
        let k = self.starts.partition_point(|&s| s <= i) - 1;
        (&self.parts[k], i - self.starts[k])
    }

    /// Unit `i` (decoded from a mapped index when needed).
    pub fn unit(&self, i: usize) -> Cow<'_, TmUnit> {
        let (p, j) = self.locate(i);
        p.unit(j)
    }

    /// Every unit, in order (decoded from mapped indexes when needed).
    pub fn units(&self) -> impl Iterator<Item = Cow<'_, TmUnit>> + '_ {
        self.parts
            .iter()
            .flat_map(|p| (0..p.len()).map(move |j| p.unit(j)))
    }

    pub fn len(&self) -> usize {
        *self.starts.last().unwrap_or(&0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn source_lang(&self) -> &str {
        &self.source_lang
    }

    pub fn target_lang(&self) -> &str {
        &self.target_lang
    }

    /// Number of distinct tokens (summed over the parts).
    pub fn vocabulary(&self) -> usize {
        self.parts.iter().map(|p| p.vocab.len()).sum()
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
        self.lookup_all(query, min_score, false)
    }

    fn lookup_all(&self, q: &Query<'_>, min_score: u8, exhaustive: bool) -> Vec<Match> {
        let min_score = min_score.clamp(MIN_FUZZY, 101);
        let owned;
        let qa = match q.analysed {
            Some(a) => a,
            None => {
                owned = Analysed::new(q.source, &self.source_lang, self.placeables.as_ref());
                &owned
            }
        };
        let mut out = Vec::new();
        for (k, part) in self.parts.iter().enumerate() {
            part.with_scratch(|scratch| {
                part.lookup_in(
                    self,
                    q,
                    qa,
                    min_score,
                    scratch,
                    exhaustive,
                    self.starts[k],
                    &mut out,
                )
            });
        }
        finish(out)
    }

    /// [`lookup`](Self::lookup) for many queries in parallel; results are in
    /// the order of the queries.
    pub fn lookup_batch(&self, queries: &[Query<'_>], min_score: u8) -> Vec<Vec<Match>> {
        // Scratch space comes from each part's pool: rayon may split the
        // work into many more tasks than threads, and a fresh scratch per
        // task (sized by the whole memory) would cost more than the lookups.
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
        self.lookup_all(&Query::new(query).with_context(prev, next), min_score, true)
    }

    /// Concordance search: the units whose `side` holds every word of
    /// `text` (case-insensitive, after normalisation), those holding them as
    /// a phrase first, then shorter units first, approved before unreviewed,
    /// by unit id. At most `limit` hits; the second value is the number of
    /// units holding every word.
    pub fn concordance(
        &self,
        text: &str,
        side: Side,
        limit: usize,
    ) -> (Vec<ConcordanceHit>, usize) {
        let query: Vec<u64> = concordance_words(text)
            .into_iter()
            .map(|(_, h)| h)
            .collect();
        if query.is_empty() {
            return (Vec::new(), 0);
        }
        // Candidates shortest first: verifying them in that order, the
        // phrase hits found first are the best ranked; stop once `limit`
        // phrase hits are found and no shorter unit is left.
        let mut cands: Vec<(usize, usize)> = Vec::new(); // (words, global unit)
        for (k, part) in self.parts.iter().enumerate() {
            for u in part.units_with_words(&query, side) {
                cands.push((part.word_count(u, side), self.starts[k] + u as usize));
            }
        }
        let total = cands.len();
        cands.sort_unstable();
        let mut phrase: Vec<(ConcordanceHit, bool, String)> = Vec::new();
        let mut loose: Vec<(ConcordanceHit, bool, String)> = Vec::new();
        let mut stop_after: Option<usize> = None;
        for &(words, u) in &cands {
            if let Some(w) = stop_after {
                if words > w {
                    break;
                }
            }
            let unit = self.unit(u);
            let text = match side {
                Side::Source => &unit.source.text,
                Side::Target => &unit.target.text,
            };
            let (is_phrase, spans) = mark_words(text, &query);
            let hit = ConcordanceHit {
                unit: u,
                phrase: is_phrase,
                spans,
                words,
            };
            let rank = (hit, unit.approval == Approval::Approved, unit.id.clone());
            if is_phrase {
                phrase.push(rank);
                if phrase.len() >= limit && stop_after.is_none() {
                    stop_after = Some(words);
                }
            } else if loose.len() < limit {
                loose.push(rank);
            }
        }
        let order = |a: &(ConcordanceHit, bool, String), b: &(ConcordanceHit, bool, String)| {
            a.0.words
                .cmp(&b.0.words)
                .then(b.1.cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(a.0.unit.cmp(&b.0.unit))
        };
        phrase.sort_by(order);
        loose.sort_by(order);
        let hits = phrase
            .into_iter()
            .chain(loose)
            .map(|r| r.0)
            .take(limit)
            .collect();
        (hits, total)
    }
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
            provenance: Default::default(),
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
