//! What the aligner learns from the project's memories: a bilingual lexicon
//! (word association by the Dice coefficient over the stored pairs), the
//! language pair's length ratio and variance (Gale–Church), the words too
//! frequent to be evidence, and the exact pairs used as anchors.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// Which side of the pair a word belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

/// Default Gale–Church variance per character (their measurement on the
/// Canadian Hansard, used when there is no memory to learn from).
pub const DEFAULT_VARIANCE: f64 = 6.8;

/// Minimum co-occurrences for a word pair to enter the lexicon.
const MIN_COOCCURRENCE: u32 = 2;
/// Minimum Dice coefficient for a word pair to enter the lexicon.
const MIN_DICE: f64 = 0.2;
/// Translations kept per word, best first (each direction).
const MAX_TRANSLATIONS: usize = 4;
/// Words found in more than this share of the memory's segments (of one
/// language) are function words: no evidence either way.
const STOP_SHARE: f64 = 0.08;

/// The learned model. Empty (`Model::default()`) when there is no memory:
/// only cognates, placeables and lengths are then used.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Model {
    src_vocab: FxHashMap<String, u32>,
    tgt_vocab: FxHashMap<String, u32>,
    /// Source word id → target word ids it translates to.
    src_links: Vec<Vec<u32>>,
    /// Target word id → source word ids.
    tgt_links: Vec<Vec<u32>>,
    src_stop: FxHashSet<u32>,
    tgt_stop: FxHashSet<u32>,
    /// Hash of a normalised source text → hashes of its stored targets.
    exact: FxHashMap<u64, Vec<u64>>,
    /// Target characters per source character, and the variance per source
    /// character of the difference (None without memory).
    pub length: Option<(f64, f64)>,
    /// Number of pairs learned from.
    pub pairs: usize,
    /// Number of lexicon entries (word pairs).
    pub entries: usize,
}

/// Lower-cased words of a text (letters and digits; apostrophes, hyphens
/// and punctuation separate words). Pure numbers are left to placeables.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| w.to_lowercase())
}

/// Normalised text for exact anchors: lower case, one space, typographic
/// apostrophes as straight ones.
pub fn exact_hash(text: &str) -> u64 {
    let mut s = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !s.is_empty();
            continue;
        }
        if space {
            s.push(' ');
            space = false;
        }
        if c.is_ascii() {
            s.push(c.to_ascii_lowercase());
        } else if c == '\u{2019}' {
            s.push('\'');
        } else {
            s.extend(c.to_lowercase());
        }
    }
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

/// The cognate key of a word: its first five letters without accents, for
/// words of at least five letters (`security`/`sécurité` → `secur`).
pub fn cognate_key(word: &str) -> Option<u64> {
    if word.chars().count() < 5 {
        return None;
    }
    let mut key = String::with_capacity(8);
    for c in word.chars().take(5) {
        key.push(fold(c));
    }
    Some(xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

/// A letter without its accent (Latin letters; others unchanged).
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ÿ' | 'ý' => 'y',
        'œ' => 'o',
        'æ' => 'a',
        _ => c,
    }
}

impl Model {
    /// Learn from (source, target) plain-text pairs.
    pub fn learn<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Model {
        let mut m = Model::default();
        let mut docs: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
        let mut src_df: Vec<u32> = Vec::new();
        let mut tgt_df: Vec<u32> = Vec::new();
        let (mut src_chars, mut tgt_chars) = (0f64, 0f64);
        let mut lens: Vec<(f64, f64)> = Vec::new();
        for (s, t) in pairs {
            if s.trim().is_empty() || t.trim().is_empty() {
                continue;
            }
            m.exact
                .entry(exact_hash(s))
                .or_default()
                .push(exact_hash(t));
            let (ls, lt) = (s.chars().count() as f64, t.chars().count() as f64);
            src_chars += ls;
            tgt_chars += lt;
            lens.push((ls, lt));
            let sw = ids(&mut m.src_vocab, &mut src_df, s);
            let tw = ids(&mut m.tgt_vocab, &mut tgt_df, t);
            docs.push((sw, tw));
        }
        for v in m.exact.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        m.pairs = docs.len();
        if docs.is_empty() {
            return m;
        }
        let ratio = tgt_chars / src_chars.max(1.0);
        let var = lens
            .iter()
            .map(|(ls, lt)| (lt - ratio * ls).powi(2))
            .sum::<f64>()
            / src_chars.max(1.0);
        m.length = Some((ratio, var.clamp(1.0, 60.0)));
        let n = docs.len() as f64;
        let stop_at = ((n * STOP_SHARE) as u32).max(50);
        m.src_stop = (0..src_df.len() as u32)
            .filter(|&w| src_df[w as usize] > stop_at)
            .collect();
        m.tgt_stop = (0..tgt_df.len() as u32)
            .filter(|&w| tgt_df[w as usize] > stop_at)
            .collect();
        // Co-occurrences of words seen at least twice (others cannot reach
        // MIN_COOCCURRENCE), counted in parallel: each task counts the
        // source words of its residue class, so no merging is needed.
        let useful_src: Vec<bool> = (0..src_df.len())
            .map(|w| src_df[w] >= MIN_COOCCURRENCE && !m.src_stop.contains(&(w as u32)))
            .collect();
        let useful_tgt: Vec<bool> = (0..tgt_df.len())
            .map(|w| tgt_df[w] >= MIN_COOCCURRENCE && !m.tgt_stop.contains(&(w as u32)))
            .collect();
        let docs: Vec<(Vec<u32>, Vec<u32>)> = docs
            .into_iter()
            .map(|(s, t)| {
                (
                    s.into_iter().filter(|&w| useful_src[w as usize]).collect(),
                    t.into_iter().filter(|&w| useful_tgt[w as usize]).collect(),
                )
            })
            .collect();
        let tasks = rayon::current_num_threads().max(1) as u32 * 2;
        let counts: Vec<FxHashMap<u64, u32>> = (0..tasks)
            .into_par_iter()
            .map(|r| {
                let mut co: FxHashMap<u64, u32> = FxHashMap::default();
                for (sw, tw) in &docs {
                    for &s in sw.iter().filter(|&&s| s % tasks == r) {
                        for &t in tw {
                            *co.entry(((s as u64) << 32) | t as u64).or_insert(0) += 1;
                        }
                    }
                }
                co
            })
            .collect();
        let mut by_src: Vec<Vec<(f64, u32)>> = vec![Vec::new(); src_df.len()];
        let mut by_tgt: Vec<Vec<(f64, u32)>> = vec![Vec::new(); tgt_df.len()];
        for (&k, &c) in counts.iter().flatten() {
            if c < MIN_COOCCURRENCE {
                continue;
            }
            let (s, t) = ((k >> 32) as u32, k as u32);
            let dice = 2.0 * c as f64 / (src_df[s as usize] + tgt_df[t as usize]) as f64;
            if dice >= MIN_DICE {
                by_src[s as usize].push((dice, t));
                by_tgt[t as usize].push((dice, s));
            }
        }
        // The best translations each way; a pair kept by either direction
        // is a link both ways.
        let mut links: FxHashSet<(u32, u32)> = FxHashSet::default();
        for (s, l) in by_src.iter_mut().enumerate() {
            l.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            links.extend(l.iter().take(MAX_TRANSLATIONS).map(|&(_, t)| (s as u32, t)));
        }
        for (t, l) in by_tgt.iter_mut().enumerate() {
            l.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            links.extend(l.iter().take(MAX_TRANSLATIONS).map(|&(_, s)| (s, t as u32)));
        }
        m.src_links = vec![Vec::new(); src_df.len()];
        m.tgt_links = vec![Vec::new(); tgt_df.len()];
        for &(s, t) in &links {
            m.src_links[s as usize].push(t);
            m.tgt_links[t as usize].push(s);
        }
        for l in m.src_links.iter_mut().chain(m.tgt_links.iter_mut()) {
            l.sort_unstable();
        }
        m.entries = links.len();
        m
    }

    /// The id of a known word of one side.
    pub fn word_id(&self, side: Side, word: &str) -> Option<u32> {
        match side {
            Side::Source => self.src_vocab.get(word).copied(),
            Side::Target => self.tgt_vocab.get(word).copied(),
        }
    }

    /// Whether a known word is too frequent to be evidence.
    pub fn is_stop(&self, side: Side, id: u32) -> bool {
        match side {
            Side::Source => self.src_stop.contains(&id),
            Side::Target => self.tgt_stop.contains(&id),
        }
    }

    /// The words of the other side a known word translates to.
    pub fn links(&self, side: Side, id: u32) -> &[u32] {
        let l = match side {
            Side::Source => &self.src_links,
            Side::Target => &self.tgt_links,
        };
        l.get(id as usize).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether the memory holds exactly this pair (normalised).
    pub fn is_exact(&self, source_hash: u64, target_hash: u64) -> bool {
        self.exact
            .get(&source_hash)
            .is_some_and(|v| v.binary_search(&target_hash).is_ok())
    }

    pub fn has_exact(&self) -> bool {
        !self.exact.is_empty()
    }
}

/// Distinct word ids of a text, adding new words to the vocabulary and
/// counting their document frequency.
fn ids(vocab: &mut FxHashMap<String, u32>, df: &mut Vec<u32>, text: &str) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for w in words(text) {
        let next = vocab.len() as u32;
        let id = *vocab.entry(w).or_insert(next);
        if id == next {
            df.push(0);
        }
        out.push(id);
    }
    out.sort_unstable();
    out.dedup();
    for &i in &out {
        df[i as usize] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_word_pairs_that_occur_together() {
        let pairs = [
            ("The Minister may act.", "Le ministre peut agir."),
            ("The Minister shall report.", "Le ministre fait rapport."),
            ("The tax is payable.", "La taxe est payable."),
            ("The tax shall be paid.", "La taxe est payée."),
        ];
        let m = Model::learn(pairs.iter().copied());
        let minister = m.word_id(Side::Source, "minister").unwrap();
        let ministre = m.word_id(Side::Target, "ministre").unwrap();
        let taxe = m.word_id(Side::Target, "taxe").unwrap();
        assert!(m.links(Side::Source, minister).contains(&ministre));
        assert!(!m.links(Side::Source, minister).contains(&taxe));
        assert!(m.links(Side::Target, ministre).contains(&minister));
        assert!(m.is_exact(
            exact_hash("the  tax is payable."),
            exact_hash("La taxe est payable.")
        ));
        let (ratio, _) = m.length.unwrap();
        assert!(ratio > 0.8 && ratio < 1.3, "{ratio}");
    }

    #[test]
    fn cognates_ignore_accents_and_short_words() {
        assert_eq!(cognate_key("security"), cognate_key("sécurité"));
        assert_ne!(cognate_key("security"), cognate_key("service"));
        assert_eq!(cognate_key("tax"), None);
    }

    #[test]
    fn words_are_lower_case_without_numbers() {
        let w: Vec<String> = words("L’Acte de 2001, art. 10").collect();
        assert_eq!(w, ["l", "acte", "de", "art"]);
    }
}
