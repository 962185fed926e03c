//! Normalisation and tokenisation of coded text before matching.
//!
//! [`normalize`] maps text that readers do not tell apart to one form:
//! Unicode NFC; typographic apostrophes and quotes (`’ ‘ ‛ ′`, `“ ” „ ″`) to
//! `'` and `"`; no-break, narrow no-break, thin and other fixed-width spaces
//! to a plain space; soft hyphens and zero-width spaces removed; whitespace
//! runs collapsed to one space and the ends trimmed. Case is kept: case-only
//! differences are found later and cost a documented penalty.
//!
//! [`tokenize`] splits normalised coded text into tokens: placeables (given
//! by a [`Placeables`](super::placeable::Placeables) recogniser), words (runs
//! of letters, digits and combining marks), inline codes (one token per
//! placeholder character) and punctuation (one token per other character).
//! Whitespace separates tokens and is not a token.

use crate::model::placeholder_index;
use std::ops::Range;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalise text for matching (see the module documentation).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    // Whitespace runs become one space, dropped at both ends.
    #[inline(always)]
    fn push_char(c: char, out: &mut String, space: &mut bool) {
        if c.is_whitespace() {
            *space = true;
            return;
        }
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.push(c);
    }
    if text.is_ascii() {
        // Most segments are already normal: single spaces between words,
        // none at the ends, no other white space. They are copied whole.
        let b = text.as_bytes();
        let mut prev_space = true;
        let mut normal = true;
        for &c in b {
            let sp = c == b' ';
            if matches!(c, 9..=13) || (sp && prev_space) {
                normal = false;
                break;
            }
            prev_space = sp;
        }
        // (`prev_space` is still true after an empty text or a final space.)
        if normal && (!prev_space || b.is_empty()) {
            out.push_str(text);
            return out;
        }
        for &b in b {
            push_char(b as char, &mut out, &mut space);
        }
        return out;
    }
    let map = typographic;
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        for c in text.chars().filter_map(map) {
            push_char(c, &mut out, &mut space);
        }
    } else {
        for c in text.nfc().filter_map(map) {
            push_char(c, &mut out, &mut space);
        }
    }
    out
}

/// The character [`normalize`] puts for `c` (`None`: dropped).
fn typographic(c: char) -> Option<char> {
    Some(match c {
        '\u{2019}' | '\u{2018}' | '\u{201b}' | '\u{2032}' | '\u{02bc}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
        '\u{a0}'
        | '\u{202f}'
        | '\u{2007}'
        | '\u{2009}'
        | '\u{200a}'
        | '\u{2002}'..='\u{2006}'
        | '\u{3000}' => ' ',
        '\u{ad}' | '\u{200b}' | '\u{feff}' => return None,
        c => c,
    })
}

/// [`normalize`] of a text that is usually normal already (a word of a
/// tokenised text): borrowed when nothing would change — NFC, no white
/// space, no character [`normalize`] maps — so that the common case
/// allocates nothing.
pub fn normalize_word(text: &str) -> std::borrow::Cow<'_, str> {
    let unchanged = !text.is_empty()
        && is_nfc_quick(text.chars()) == IsNormalized::Yes
        && text
            .chars()
            .all(|c| !c.is_whitespace() && typographic(c) == Some(c));
    if unchanged {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(normalize(text))
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Punct,
    /// An inline code: the placeholder character of `codes[index]`.
    Code(usize),
    /// A placeable: index into the placeables found in the text.
    Placeable(usize),
}

/// A token of normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// Byte range in the normalised text.
    pub range: Range<usize>,
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    (c.is_alphanumeric() || is_combining_mark(c)) && placeholder_index(c).is_none()
}

/// Tokenise normalised text; `placeables` are sorted, non-overlapping byte
/// ranges of that text (each becomes one token).
pub fn tokenize(text: &str, placeables: &[Range<usize>]) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut next_p = 0;
    let mut i = 0;
    let mut word_start: Option<usize> = None;
    let flush = |ws: &mut Option<usize>, end: usize, out: &mut Vec<Token>| {
        if let Some(s) = ws.take() {
            out.push(Token {
                kind: TokenKind::Word,
                range: s..end,
            });
        }
    };
    while i < text.len() {
        if let Some(p) = placeables.get(next_p) {
            if p.start == i {
                flush(&mut word_start, i, &mut out);
                out.push(Token {
                    kind: TokenKind::Placeable(next_p),
                    range: p.clone(),
                });
                next_p += 1;
                i = p.end.max(i + 1);
                while !text.is_char_boundary(i) {
                    i += 1;
                }
                continue;
            }
        }
        // ASCII (most text): a letter or digit continues a word, white
        // space ends one, anything else is punctuation (placeholders are
        // not ASCII).
        let b = text.as_bytes()[i];
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                word_start.get_or_insert(i);
            } else {
                flush(&mut word_start, i, &mut out);
                if !matches!(b, 9..=13 | b' ') {
                    out.push(Token {
                        kind: TokenKind::Punct,
                        range: i..i + 1,
                    });
                }
            }
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if is_word_char(c) {
            word_start.get_or_insert(i);
        } else {
            flush(&mut word_start, i, &mut out);
            if let Some(ix) = placeholder_index(c) {
                out.push(Token {
                    kind: TokenKind::Code(ix),
                    range: i..i + len,
                });
            } else if !c.is_whitespace() {
                out.push(Token {
                    kind: TokenKind::Punct,
                    range: i..i + len,
                });
            }
        }
        i += len;
    }
    flush(&mut word_start, text.len(), &mut out);
    out
}

/// Words for counting: whitespace-separated pieces of the plain text (codes
/// removed) that contain at least one letter or digit.
pub fn word_count(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || placeholder_index(c).is_some())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::placeholder;

    #[test]
    fn normalises_typography() {
        assert_eq!(
            normalize("  L\u{2019}avis\u{a0}:  \u{201c}oui\u{201d} cafe\u{301}\u{202f}! "),
            "L'avis : \"oui\" caf\u{e9} !"
        );
        assert_eq!(normalize("Plain  ASCII\ttext "), "Plain ASCII text");
        assert_eq!(normalize("co\u{ad}operate"), "cooperate");
        // ASCII, already normal or not.
        for (t, n) in [
            ("", ""),
            (" ", ""),
            ("a", "a"),
            ("a b", "a b"),
            (" a b", "a b"),
            ("a b ", "a b"),
            ("a  b", "a b"),
            ("a\tb", "a b"),
            ("a\x0bb\r\n", "a b"),
            ("a \x1cb", "a \x1cb"),
        ] {
            assert_eq!(normalize(t), n, "{t:?}");
        }
    }

    #[test]
    fn tokens() {
        let t = format!(
            "The {}Court{}'s 2 rulings, 12.5%.",
            placeholder(0),
            placeholder(1)
        );
        let p = t.find("12.5%").unwrap();
        let range = p..p + 5;
        let toks = tokenize(&t, std::slice::from_ref(&range));
        let shown: Vec<(&str, TokenKind)> =
            toks.iter().map(|k| (&t[k.range.clone()], k.kind)).collect();
        assert_eq!(
            shown,
            vec![
                ("The", TokenKind::Word),
                (&placeholder(0).to_string()[..], TokenKind::Code(0)),
                ("Court", TokenKind::Word),
                (&placeholder(1).to_string()[..], TokenKind::Code(1)),
                ("'", TokenKind::Punct),
                ("s", TokenKind::Word),
                ("2", TokenKind::Word),
                ("rulings", TokenKind::Word),
                (",", TokenKind::Punct),
                ("12.5%", TokenKind::Placeable(0)),
                (".", TokenKind::Punct),
            ]
        );
    }

    #[test]
    fn normalize_word_is_normalize() {
        for w in [
            "",
            " ",
            "Cour",
            "\u{e9}t\u{e9}",
            "e\u{301}te\u{301}",
            "l\u{2bc}avis",
            "l\u{2019}avis",
            "co\u{ad}op",
            "a\u{a0}b",
            "\u{feff}x",
            "a  b",
            "Stra\u{df}e",
            "\u{3b1}\u{3b2}\u{3b3}",
            "\u{fb01}n",
        ] {
            assert_eq!(normalize_word(w), normalize(w), "{w:?}");
        }
    }

    /// The byte-wise ASCII path classifies as the character-wise rule does
    /// (letters and digits in words, white space between, anything else
    /// one punctuation token), on ASCII and mixed text.
    #[test]
    fn ascii_path_agrees_with_characters() {
        fn reference(text: &str) -> Vec<Token> {
            let mut out = Vec::new();
            let mut word: Option<usize> = None;
            for (i, c) in text.char_indices() {
                if is_word_char(c) {
                    word.get_or_insert(i);
                    continue;
                }
                if let Some(s) = word.take() {
                    out.push(Token {
                        kind: TokenKind::Word,
                        range: s..i,
                    });
                }
                let kind = match placeholder_index(c) {
                    Some(ix) => TokenKind::Code(ix),
                    None if c.is_whitespace() => continue,
                    None => TokenKind::Punct,
                };
                out.push(Token {
                    kind,
                    range: i..i + c.len_utf8(),
                });
            }
            if let Some(s) = word {
                out.push(Token {
                    kind: TokenKind::Word,
                    range: s..text.len(),
                });
            }
            out
        }
        let texts = [
            "The Court's 2 rulings, 12.5% (a)(1) -- x_y\tz\x0b\x0c\r\n~`|{}".to_string(),
            "Le 5 juin, l'\u{e9}t\u{e9} : \u{ab} oui \u{bb} na\u{ef}ve".to_string(),
            format!(
                "a{}b {}c\u{a0}d",
                crate::model::placeholder(0),
                crate::model::placeholder(1)
            ),
            (0u8..128).map(char::from).collect::<String>(),
        ];
        for t in &texts {
            assert_eq!(tokenize(t, &[]), reference(t), "{t:?}");
        }
    }

    #[test]
    fn counts_words() {
        let t = format!(
            "On 5 June 2025, {}the{} Court — said: « oui ».",
            placeholder(0),
            placeholder(1)
        );
        assert_eq!(word_count(&t), 8);
    }
}
