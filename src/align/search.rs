//! Scoring beads and searching the best alignment: a banded dynamic
//! programme over bead types 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1 and 1-3, with
//! a forward–backward pass for each bead's posterior probability.
//!
//! A bead's cost is a sum of negative log-likelihood ratios:
//! - its type's prior;
//! - Gale–Church: the target length against the source length times the
//!   language pair's ratio, normally distributed with a variance per
//!   character;
//! - words: each word of either side that finds a translation on the other
//!   side (lexicon learned from the memory, or a cognate) counts
//!   `ln(p_true / p_random)`, each word that does not
//!   `ln((1 - p_true) / (1 - p_random))`, both rates measured on the
//!   document itself (translations vary in freedom);
//! - placeables (numbers, dates, URLs, references) in agreement or not, the
//!   same way (a signal, never a hard anchor);
//! - a bead ending at a paragraph or heading break on one side only, or
//!   crossing one, is penalised; an exact pair of the memory is rewarded.

use super::Side;

/// Bead types as (source segments, target segments). 3-2 and 2-3 are
/// searched only where soft boundaries inside them make them one of the
/// first eight (see [`SideData::soft`]).
pub const TYPES: [(usize, usize); 10] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
    (3, 2),
    (2, 3),
];

/// Prior probability of each bead type (same order as [`TYPES`]; the
/// first eight: a bead is typed by its segments between hard boundaries).
const PRIORS: [f64; 8] = [0.85, 0.005, 0.005, 0.05, 0.05, 0.025, 0.006, 0.006];

/// Cost of a bead ending at a paragraph break on one side only.
const BREAK_MISMATCH: f64 = 4.0;
/// Cost of a bead crossing a paragraph break (per break).
const BREAK_CROSSING: f64 = 5.0;
/// Reward for a 1-1 bead the memory holds exactly.
const EXACT_BONUS: f64 = 6.0;
/// Weight of word evidence (the words of a sentence are not independent
/// evidence: counted as such they overrule everything else).
const WORD_WEIGHT: f64 = 0.4;
/// Word evidence against a bead is bounded: a freely translated pair has
/// few words in common but is still more likely a pair than two omissions.
const WORD_FLOOR: f64 = 4.0;
/// Placeable agreement rates: a number in a true pair is found on the
/// other side most of the time, in a random pair rarely.
const PLACE_TRUE: f64 = 0.85;
const PLACE_RANDOM: f64 = 0.08;
/// Weight of placeable evidence.
const PLACE_WEIGHT: f64 = 0.6;

/// Features of the segments of one side.
#[derive(Debug, Default, Clone)]
pub struct SideData {
    /// Length in characters.
    pub len: Vec<f64>,
    /// Per segment, per evidence word: the keys that would match it on the
    /// other side (its own lexicon key and/or its cognate key).
    pub words: Vec<Vec<[u64; 2]>>,
    /// Per segment, sorted keys that words of the other side can match:
    /// lexicon translations of its words and its cognate keys.
    pub keys: Vec<Vec<u64>>,
    /// Per segment, sorted placeable keys (hashed).
    pub places: Vec<Vec<u64>>,
    /// Paragraph of each segment.
    pub para: Vec<usize>,
    /// Hash of the normalised text (exact anchors).
    pub hash: Vec<u64>,
    /// Per segment: the boundary before it is soft (the segment may be
    /// joined to the one before, and a bead typed without it), and a bead
    /// ending there pays this cost.
    pub soft: Vec<Option<f64>>,
}

impl SideData {
    pub fn len(&self) -> usize {
        self.len.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len.is_empty()
    }

    fn paragraphs(&self) -> usize {
        self.para.last().map(|p| p + 1).unwrap_or(0)
    }

    /// Segments `a..b` as counted between hard boundaries.
    fn hard_count(&self, a: usize, b: usize) -> usize {
        if a == b || self.soft.is_empty() {
            return b - a;
        }
        b - a - self.soft[a + 1..b].iter().filter(|s| s.is_some()).count()
    }

    /// Cost of ending a bead before segment `i` (a split at a soft boundary).
    fn split_cost(&self, i: usize) -> f64 {
        self.soft.get(i).copied().flatten().unwrap_or(0.0)
    }
}

/// Parameters of the search (from the memory, or defaults).
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Target characters per source character.
    pub ratio: f64,
    /// Variance per character.
    pub variance: f64,
}

/// One bead of the best path with its posterior probability and evidence.
#[derive(Debug, Clone)]
pub struct Found {
    pub source: std::ops::Range<usize>,
    pub target: std::ops::Range<usize>,
    pub posterior: f64,
    /// Share of evidence words that found a translation (both sides), when
    /// the bead has any.
    pub matched: Option<f64>,
    /// The bead's length cost.
    pub length_cost: f64,
    /// The memory holds it exactly.
    pub exact: bool,
}

/// The band: for each source position `i` (0..=n), the target positions
/// `lo[i]..=hi[i]` searched.
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    off: Vec<usize>,
}

impl Band {
    /// Around the diagonal of cumulative lengths, `w` on each side.
    fn new(src: &SideData, tgt: &SideData, w: usize) -> Band {
        let (n, m) = (src.len(), tgt.len());
        let ts: f64 = src.len.iter().sum::<f64>().max(1.0);
        let tt: f64 = tgt.len.iter().sum::<f64>().max(1.0);
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        let (mut cs, mut ct, mut j) = (0.0, 0.0, 0usize);
        for i in 0..=n {
            if i > 0 {
                cs += src.len[i - 1];
            }
            let f = cs / ts;
            while j < m && (ct + tgt.len[j] / 2.0) / tt < f {
                ct += tgt.len[j];
                j += 1;
            }
            let c = if i == n { m } else { j };
            lo.push(c.saturating_sub(w));
            hi.push((c + w).min(m));
        }
        lo[0] = 0;
        hi[n] = m;
        // Keep the band monotone and connected.
        for i in 1..=n {
            lo[i] = lo[i].max(lo[i - 1]);
        }
        for i in (0..n).rev() {
            hi[i] = hi[i].min(hi[i + 1]);
        }
        for i in 1..=n {
            if lo[i] > hi[i - 1] + 1 {
                lo[i] = hi[i - 1] + 1;
            }
            lo[i] = lo[i].min(hi[i]);
        }
        let mut off = Vec::with_capacity(n + 2);
        let mut t = 0;
        for i in 0..=n {
            off.push(t);
            t += hi[i] - lo[i] + 1;
        }
        off.push(t);
        Band { lo, hi, off }
    }

    fn get(&self, i: usize, j: usize) -> Option<usize> {
        if j < self.lo[i] || j > self.hi[i] {
            None
        } else {
            Some(self.off[i] + j - self.lo[i])
        }
    }

    fn size(&self) -> usize {
        *self.off.last().unwrap_or(&0)
    }
}

/// Pairwise evidence for source segment `a` and target segment `b`: source
/// words of `a` matched in `b`, target words of `b` matched in `a`, and
/// whether the memory holds the pair exactly.
///
/// Matches are bit sets over the segment's evidence words (word `k` is bit
/// `k % 64`), so that a word matched by two segments of a bead counts once.
#[derive(Debug, Clone, Copy, Default)]
struct Pair {
    src_matched: u64,
    tgt_matched: u64,
    exact: bool,
}

struct Pairs {
    lo: Vec<usize>,
    hi: Vec<usize>,
    off: Vec<usize>,
    cells: Vec<Pair>,
}

impl Pairs {
    fn get(&self, a: usize, b: usize) -> Pair {
        if b < self.lo[a] || b >= self.hi[a] {
            Pair::default()
        } else {
            self.cells[self.off[a] + b - self.lo[a]]
        }
    }
}

fn matched(words: &[[u64; 2]], keys: &[u64]) -> u64 {
    if keys.is_empty() {
        return 0;
    }
    let mut set = 0u64;
    for (i, w) in words.iter().enumerate() {
        if w.iter().any(|k| *k != 0 && keys.binary_search(k).is_ok()) {
            set |= 1 << (i % 64);
        }
    }
    set
}

/// Number of evidence words of a segment as counted by bit sets.
fn capped(words: usize) -> f64 {
    words.min(64) as f64
}

fn pairs(src: &SideData, tgt: &SideData, band: &Band, exact: &dyn Fn(u64, u64) -> bool) -> Pairs {
    let n = src.len();
    let m = tgt.len();
    let mut lo = Vec::with_capacity(n);
    let mut hi = Vec::with_capacity(n);
    let mut off = Vec::with_capacity(n);
    let mut cells = Vec::new();
    for a in 0..n {
        // Beads holding `a` end at source positions a+1..=a+3.
        let l = band.lo[a + 1].saturating_sub(3);
        let h = band.hi[(a + 3).min(n)].min(m);
        lo.push(l);
        hi.push(h.max(l));
        off.push(cells.len());
        for b in l..h {
            cells.push(Pair {
                src_matched: matched(&src.words[a], &tgt.keys[b]),
                tgt_matched: matched(&tgt.words[b], &src.keys[a]),
                exact: exact(src.hash[a], tgt.hash[b]),
            });
        }
    }
    Pairs { lo, hi, off, cells }
}

/// Word evidence weights measured on the document: `p_true` from each
/// source segment's best candidate, `p_random` from candidates far from the
/// diagonal, both smoothed towards typical values.
fn rates(src: &SideData, tgt: &SideData, p: &Pairs, side: Side) -> (f64, f64) {
    let (mut best_sum, mut best_n) = (0.0, 0.0);
    let (mut far_sum, mut far_n) = (0.0, 0.0);
    let rows = match side {
        Side::Source => src.len(),
        Side::Target => tgt.len(),
    };
    // Visit pairs row by row (source rows; target side by column).
    let mut best_col: Vec<f64> = vec![0.0; tgt.len()];
    let mut far_col: Vec<(f64, f64)> = vec![(0.0, 0.0); tgt.len()];
    for a in 0..src.len() {
        let (l, h) = (p.lo[a], p.hi[a]);
        if h <= l {
            continue;
        }
        let mid = (l + h) / 2;
        let ws = capped(src.words[a].len());
        let mut best = 0.0f64;
        for b in l..h {
            let c = p.cells[p.off[a] + b - l];
            let far = b.abs_diff(mid) >= 4;
            if ws > 0.0 {
                let r = c.src_matched.count_ones() as f64 / ws;
                best = best.max(r);
                if far && side == Side::Source {
                    far_sum += r;
                    far_n += 1.0;
                }
            }
            let wt = capped(tgt.words[b].len());
            if wt > 0.0 {
                let r = c.tgt_matched.count_ones() as f64 / wt;
                best_col[b] = best_col[b].max(r);
                if far {
                    far_col[b].0 += r;
                    far_col[b].1 += 1.0;
                }
            }
        }
        if ws > 0.0 && side == Side::Source {
            best_sum += best;
            best_n += 1.0;
        }
    }
    if side == Side::Target {
        for b in 0..tgt.len() {
            if !tgt.words[b].is_empty() {
                best_sum += best_col[b];
                best_n += 1.0;
                far_sum += far_col[b].0;
                far_n += far_col[b].1;
            }
        }
    }
    let _ = rows;
    // Smoothing: 5 pseudo-observations of typical rates.
    let p_true = ((best_sum + 5.0 * 0.5) / (best_n + 5.0)).clamp(0.1, 0.97);
    let p_rand = ((far_sum + 5.0 * 0.05) / (far_n + 5.0)).clamp(0.005, p_true * 0.6);
    (p_true, p_rand)
}

/// ln of the complementary error function, from the rational approximation
/// of Abramowitz & Stegun 7.1.26 written as erfc(x) = poly(t)·exp(−x²).
fn ln_erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    poly.max(1e-300).ln() - x * x
}

/// Gale–Church length cost of `ls` source and `lt` target characters.
fn length_cost(ls: f64, lt: f64, p: &Params) -> f64 {
    let mean = ((ls + lt / p.ratio) / 2.0).max(1.0);
    let delta = (lt - p.ratio * ls) / (p.variance * mean).sqrt();
    // −ln P(|Δ| ≥ |δ|) = −ln erfc(|δ|/√2)
    (-ln_erfc(delta.abs() / std::f64::consts::SQRT_2)).min(30.0)
}

/// Multiset intersection size of sorted lists.
fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

struct Scorer<'a> {
    src: &'a SideData,
    tgt: &'a SideData,
    pairs: Pairs,
    params: Params,
    /// (reward per matched word, cost per unmatched word) per side, for 1,
    /// 2 and 3 segments on the other side of the bead.
    src_w: [(f64, f64); 3],
    tgt_w: [(f64, f64); 3],
    place_w: (f64, f64),
    priors: [f64; 8],
    paragraphs: bool,
}

/// Evidence of one bead.
struct Evidence {
    cost: f64,
    matched: Option<f64>,
    length_cost: f64,
    exact: bool,
}

impl Scorer<'_> {
    /// Cost of the bead of type `t` ending at state (i, j).
    fn bead(&self, t: usize, i: usize, j: usize) -> Evidence {
        let (di, dj) = TYPES[t];
        let (s0, t0) = (i - di, j - dj);
        let hard = (self.src.hard_count(s0, i), self.tgt.hard_count(t0, j));
        let Some(k) = TYPES[..PRIORS.len()].iter().position(|&x| x == hard) else {
            return Evidence {
                cost: f64::INFINITY,
                matched: None,
                length_cost: 0.0,
                exact: false,
            };
        };
        let mut cost = self.priors[k];
        if di > 0 {
            cost += self.src.split_cost(i);
        }
        if dj > 0 {
            cost += self.tgt.split_cost(j);
        }
        // Paragraph breaks: at the bead's end on both sides or neither; none
        // inside.
        if self.paragraphs {
            let src_break =
                i == self.src.len() || (i > 0 && self.src.para[i] != self.src.para[i - 1]);
            let tgt_break =
                j == self.tgt.len() || (j > 0 && self.tgt.para[j] != self.tgt.para[j - 1]);
            if src_break != tgt_break {
                cost += BREAK_MISMATCH;
            }
            for a in s0 + 1..i {
                if self.src.para[a] != self.src.para[a - 1] {
                    cost += BREAK_CROSSING;
                }
            }
            for b in t0 + 1..j {
                if self.tgt.para[b] != self.tgt.para[b - 1] {
                    cost += BREAK_CROSSING;
                }
            }
        }
        if di == 0 || dj == 0 {
            return Evidence {
                cost,
                matched: None,
                length_cost: 0.0,
                exact: false,
            };
        }
        let ls: f64 = self.src.len[s0..i].iter().sum();
        let lt: f64 = self.tgt.len[t0..j].iter().sum();
        let length_cost = length_cost(ls, lt, &self.params);
        cost += length_cost;
        // Words: each word of a segment is matched or not in the other
        // side's segments of the bead, with rates for that many segments.
        let (mut ms, mut us, mut mt, mut ut) = (0.0, 0.0, 0.0, 0.0);
        let mut exact = false;
        let mut word_score = 0.0;
        for a in s0..i {
            let mut set = 0u64;
            for b in t0..j {
                let p = self.pairs.get(a, b);
                set |= p.src_matched;
                exact |= p.exact && di == 1 && dj == 1;
            }
            let w = capped(self.src.words[a].len());
            let m = set.count_ones() as f64;
            ms += m;
            us += w - m;
            let (ra, rb) = self.src_w[dj - 1];
            word_score += ra * m - rb * (w - m);
        }
        for b in t0..j {
            let mut set = 0u64;
            for a in s0..i {
                set |= self.pairs.get(a, b).tgt_matched;
            }
            let w = capped(self.tgt.words[b].len());
            let m = set.count_ones() as f64;
            mt += m;
            ut += w - m;
            let (ra, rb) = self.tgt_w[di - 1];
            word_score += ra * m - rb * (w - m);
        }
        cost -= WORD_WEIGHT * word_score.max(-WORD_FLOOR);
        if exact {
            cost -= EXACT_BONUS;
        }
        // Placeables.
        let np: usize = self.src.places[s0..i].iter().map(Vec::len).sum::<usize>()
            + self.tgt.places[t0..j].iter().map(Vec::len).sum::<usize>();
        if np > 0 {
            let common = if di == 1 && dj == 1 {
                common(&self.src.places[s0], &self.tgt.places[t0])
            } else {
                let mut a: Vec<u64> = self.src.places[s0..i].concat();
                let mut b: Vec<u64> = self.tgt.places[t0..j].concat();
                a.sort_unstable();
                b.sort_unstable();
                common(&a, &b)
            } as f64;
            let unmatched = np as f64 - 2.0 * common;
            cost -= PLACE_WEIGHT * (2.0 * common * self.place_w.0 - unmatched * self.place_w.1);
        }
        let words = ms + us + mt + ut;
        Evidence {
            cost,
            matched: (words > 0.0).then(|| (ms + mt) / words),
            length_cost,
            exact,
        }
    }
}

fn log_add(a: f64, b: f64) -> f64 {
    // costs are negative logs: −ln(e^−a + e^−b)
    if a == f64::INFINITY {
        return b;
    }
    if b == f64::INFINITY {
        return a;
    }
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    lo - (-(hi - lo)).exp().ln_1p()
}

/// Align two sides. `exact` tells whether the memory holds a pair of
/// normalised texts (by hash).
pub fn align(
    src: &SideData,
    tgt: &SideData,
    params: Params,
    exact: &dyn Fn(u64, u64) -> bool,
) -> Vec<Found> {
    let (n, m) = (src.len(), tgt.len());
    if n == 0 || m == 0 {
        let mut out = Vec::new();
        for i in 0..n {
            out.push(null(i..i + 1, m..m));
        }
        for j in 0..m {
            out.push(null(n..n, j..j + 1));
        }
        return out;
    }
    let mut w = 8 + (n + m) / 200;
    loop {
        let band = Band::new(src, tgt, w);
        let (found, touches) = search(src, tgt, params, exact, &band);
        if !touches || w >= n.max(m) {
            return found;
        }
        w *= 2;
    }
}

fn null(s: std::ops::Range<usize>, t: std::ops::Range<usize>) -> Found {
    Found {
        source: s,
        target: t,
        posterior: 1.0,
        matched: None,
        length_cost: 0.0,
        exact: false,
    }
}

/// One banded search; also tells whether the best path touched the band's
/// edge (the band should then be widened).
fn search(
    src: &SideData,
    tgt: &SideData,
    params: Params,
    exact: &dyn Fn(u64, u64) -> bool,
    band: &Band,
) -> (Vec<Found>, bool) {
    let (n, m) = (src.len(), tgt.len());
    let pairs = pairs(src, tgt, band, exact);
    let rs = rates(src, tgt, &pairs, Side::Source);
    let rt = rates(src, tgt, &pairs, Side::Target);
    let weights = |(pt, pr): (f64, f64)| ((pt / pr).ln(), ((1.0 - pr) / (1.0 - pt)).ln());
    // With k segments on the other side a word is matched by chance more
    // often: p_random(k) = 1 − (1 − p)^k, p_true(k) = 1 − (1 − p_true)(1 − p)^(k−1).
    let by_count = |(pt, pr): (f64, f64)| {
        let mut w = [(0.0, 0.0); 3];
        for (k, slot) in w.iter_mut().enumerate() {
            let miss = (1.0 - pr).powi(k as i32);
            *slot = weights((1.0 - (1.0 - pt) * miss, 1.0 - (1.0 - pr) * miss));
        }
        w
    };
    let mut priors = [0.0; 8];
    for (k, p) in PRIORS.iter().enumerate() {
        priors[k] = -p.ln();
    }
    let scorer = Scorer {
        src,
        tgt,
        pairs,
        params,
        src_w: by_count(rs),
        tgt_w: by_count(rt),
        place_w: weights((PLACE_TRUE, PLACE_RANDOM)),
        priors,
        paragraphs: src.paragraphs() > 1 && tgt.paragraphs() > 1,
    };
    // 3-2 and 2-3 only exist through soft boundaries.
    let soft = src.soft.iter().chain(&tgt.soft).any(Option::is_some);
    let types = if soft { TYPES.len() } else { PRIORS.len() };
    let size = band.size();
    let inf = f64::INFINITY;
    let mut best = vec![inf; size];
    let mut back = vec![u8::MAX; size];
    let mut fwd = vec![inf; size];
    let mut costs = vec![inf; size * TYPES.len()];
    best[0] = 0.0;
    fwd[0] = 0.0;
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            let s = band.get(i, j).expect("in band");
            if s == 0 {
                continue;
            }
            let (mut b, mut bt, mut f) = (inf, u8::MAX, inf);
            for (t, &(di, dj)) in TYPES[..types].iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let Some(p) = band.get(i - di, j - dj) else {
                    continue;
                };
                if best[p] == inf {
                    continue;
                }
                let c = scorer.bead(t, i, j).cost;
                costs[s * TYPES.len() + t] = c;
                if best[p] + c < b {
                    b = best[p] + c;
                    bt = t as u8;
                }
                f = log_add(f, fwd[p] + c);
            }
            best[s] = b;
            back[s] = bt;
            fwd[s] = f;
        }
    }
    // Backward pass over the stored costs.
    let mut bwd = vec![inf; size];
    let end = band.get(n, m).expect("end in band");
    bwd[end] = 0.0;
    for i in (0..=n).rev() {
        for j in (band.lo[i]..=band.hi[i]).rev() {
            let s = band.get(i, j).expect("in band");
            if bwd[s] == inf {
                continue;
            }
            for (t, &(di, dj)) in TYPES[..types].iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let c = costs[s * TYPES.len() + t];
                if c == inf {
                    continue;
                }
                if let Some(p) = band.get(i - di, j - dj) {
                    bwd[p] = log_add(bwd[p], bwd[s] + c);
                }
            }
        }
    }
    let total = fwd[end];
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut touches = false;
    while i > 0 || j > 0 {
        let s = band.get(i, j).expect("path in band");
        let t = back[s] as usize;
        let (di, dj) = TYPES[t];
        let p = band.get(i - di, j - dj).expect("path in band");
        if (j == band.lo[i] && band.lo[i] > 0) || (j == band.hi[i] && band.hi[i] < m) {
            touches = true;
        }
        let ev = scorer.bead(t, i, j);
        let posterior = (-(fwd[p] + ev.cost + bwd[s] - total)).exp().clamp(0.0, 1.0);
        out.push(Found {
            source: i - di..i,
            target: j - dj..j,
            posterior,
            matched: ev.matched,
            length_cost: ev.length_cost,
            exact: ev.exact,
        });
        i -= di;
        j -= dj;
    }
    out.reverse();
    (out, touches)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(lens: &[f64]) -> SideData {
        SideData {
            len: lens.to_vec(),
            words: vec![Vec::new(); lens.len()],
            keys: vec![Vec::new(); lens.len()],
            places: vec![Vec::new(); lens.len()],
            para: vec![0; lens.len()],
            hash: (0..lens.len() as u64).collect(),
            soft: vec![None; lens.len()],
        }
    }

    const P: Params = Params {
        ratio: 1.0,
        variance: 6.8,
    };

    /// The beads found, as (source indices, target indices).
    fn beads_of(found: &[Found]) -> Vec<(Vec<usize>, Vec<usize>)> {
        found
            .iter()
            .map(|f| (f.source.clone().collect(), f.target.clone().collect()))
            .collect()
    }

    #[test]
    fn lengths_alone_find_a_merge() {
        let src = side(&[100.0, 40.0, 60.0, 120.0]);
        let tgt = side(&[101.0, 99.0, 118.0]);
        let found = align(&src, &tgt, P, &|_, _| false);
        let beads = beads_of(&found);
        assert_eq!(
            beads,
            [
                (vec![0], vec![0]),
                (vec![1, 2], vec![1]),
                (vec![3], vec![2])
            ]
        );
        assert!(found
            .iter()
            .all(|f| f.posterior > 0.0 && f.posterior <= 1.0));
    }

    #[test]
    fn shared_words_beat_lengths() {
        // Equal lengths everywhere: only the words tell that source 1 has no
        // counterpart.
        let mut src = side(&[50.0, 50.0, 50.0]);
        let mut tgt = side(&[50.0, 50.0]);
        let key = |k: u64| [k, 0];
        src.words = vec![
            vec![key(1), key(2)],
            vec![key(3), key(4)],
            vec![key(5), key(6)],
        ];
        src.keys = vec![vec![11, 12], vec![13, 14], vec![15, 16]];
        tgt.words = vec![vec![key(11), key(12)], vec![key(15), key(16)]];
        tgt.keys = vec![vec![1, 2], vec![5, 6]];
        let found = align(&src, &tgt, P, &|_, _| false);
        let beads = beads_of(&found);
        assert_eq!(
            beads,
            [(vec![0], vec![0]), (vec![1], vec![]), (vec![2], vec![1])]
        );
    }

    #[test]
    fn pieces_after_soft_boundaries_are_typed_as_one_segment() {
        // Source 1 and 2 are two pieces of one sentence (a soft boundary
        // between them): with target 1 they make a bead typed 1-1.
        let mut src = side(&[100.0, 30.0, 70.0, 120.0]);
        src.soft[2] = Some(1.0);
        let tgt = side(&[101.0, 99.0, 118.0]);
        let found = align(&src, &tgt, P, &|_, _| false);
        let beads = beads_of(&found);
        assert_eq!(
            beads,
            [
                (vec![0], vec![0]),
                (vec![1, 2], vec![1]),
                (vec![3], vec![2])
            ]
        );
        // Typed 1-1, the bead is surer than as a 2-1 of two sentences.
        let mut hard_src = src.clone();
        hard_src.soft[2] = None;
        let as_two = align(&hard_src, &tgt, P, &|_, _| false);
        assert!(found[1].posterior > as_two[1].posterior);
        let hard = |s: &SideData, a, b| s.hard_count(a, b);
        assert_eq!(hard(&src, 1, 3), 1);
        assert_eq!(hard(&src, 0, 3), 2);
        assert_eq!(src.split_cost(2), 1.0);
        assert_eq!(src.split_cost(1), 0.0);
    }

    #[test]
    fn empty_sides_give_null_beads() {
        let found = align(&side(&[10.0, 20.0]), &side(&[]), P, &|_, _| false);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.target.is_empty()));
    }

    #[test]
    fn length_cost_grows_with_mismatch() {
        assert!(length_cost(100.0, 100.0, &P) < 0.1);
        assert!(length_cost(100.0, 150.0, &P) > length_cost(100.0, 120.0, &P));
    }
}
