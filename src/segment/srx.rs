//! SRX 2.0 (and 1.0) segmentation rules.
//!
//! A file holds named `languagerule`s, each an ordered list of `rule`s
//! (`break="yes|no"`, a `beforebreak` and an `afterbreak` regular
//! expression), and `maprules` mapping language-code patterns to rule names.
//! For a language, the rules of the first matching `languagemap` apply, or,
//! with `cascade="yes"`, those of every matching map in order. At each
//! position of the text the first rule (in that order) whose `beforebreak`
//! matches just before it and whose `afterbreak` matches just after it
//! decides: break or no break. Positions no rule matches are not breaks.
//!
//! The regular expressions are written for Java. They are translated
//! ([`translate_java_regex`]) and compiled with `fancy-regex` (look-around,
//! atomic groups, possessive quantifiers, back-references). A rule that still
//! fails to compile is left out and reported as an [`SrxIssue`] (file, line,
//! reason); nothing is dropped silently. Language patterns are matched
//! against the whole language code, ignoring case (OmegaT writes `EN.*`).

use super::SegmentError;
use crate::model::line_col;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A rule that could not be compiled (and is not applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrxIssue {
    pub file: String,
    /// 1-based line of the `<rule>` element.
    pub line: usize,
    /// The `languagerule` it belongs to.
    pub languagerule: String,
    pub reason: String,
}

impl std::fmt::Display for SrxIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: rule in \"{}\" not compiled: {}",
            self.file, self.line, self.languagerule, self.reason
        )
    }
}

/// One `<rule>` as written.
#[derive(Debug, Clone)]
pub struct SrxRule {
    pub brk: bool,
    pub before: String,
    pub after: String,
    pub line: usize,
}

/// One `<languagerule>`.
#[derive(Debug, Clone)]
pub struct LanguageRule {
    pub name: String,
    pub rules: Vec<SrxRule>,
    pub line: usize,
}

/// One `<languagemap>`.
#[derive(Debug, Clone)]
pub struct LanguageMap {
    pub pattern: String,
    pub rulename: String,
    pub line: usize,
}

/// A parsed SRX document (not yet compiled).
#[derive(Debug, Clone)]
pub struct SrxDocument {
    pub file: String,
    pub version: String,
    pub cascade: bool,
    pub languagerules: Vec<LanguageRule>,
    pub maps: Vec<LanguageMap>,
}

/// Compiled rules for one language.
#[derive(Debug)]
pub struct CompiledRules {
    rules: Vec<CompiledRule>,
}

#[derive(Debug)]
struct CompiledRule {
    brk: bool,
    /// `(?:before)(?=after)`, or the before part alone when after is empty.
    combined: fancy_regex::Regex,
}

fn err(file: &str, src: &str, pos: usize, message: impl Into<String>) -> SegmentError {
    SegmentError::Srx {
        file: file.to_string(),
        line: line_col(src, pos).0,
        message: message.into(),
    }
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .ok()
            })
            .flatten()
    })
}

impl SrxDocument {
    /// Parse an SRX file's text; `file` names it in errors.
    pub fn parse(xml: &str, file: &str) -> Result<SrxDocument, SegmentError> {
        // Line numbers of every rule, from one index (counting from the start
        // for each rule was quadratic: found by tests/fuzz.rs).
        let lines = crate::model::LineIndex::new(xml);
        let mut reader = Reader::from_str(xml);
        let mut doc = SrxDocument {
            file: file.to_string(),
            version: String::new(),
            cascade: false,
            languagerules: Vec::new(),
            maps: Vec::new(),
        };
        let mut saw_root = false;
        let mut saw_body = false;
        let mut saw_maprules = false;
        let mut cur_rule: Option<SrxRule> = None;
        // Which of beforebreak / afterbreak is open.
        let mut field: Option<bool> = None;
        let mut text = String::new();
        let mut depth = 0usize;
        loop {
            let pos = reader.buffer_position() as usize;
            let ev = reader.read_event().map_err(|e| {
                let at = reader.error_position() as usize;
                err(file, xml, at, format!("not well-formed XML: {e}"))
            })?;
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    let name = e.local_name();
                    let name: &str = name.as_ref();
                    if depth == 0 {
                        if name != "srx" {
                            return Err(err(
                                file,
                                xml,
                                pos,
                                format!("root element is <{name}>, expected <srx>"),
                            ));
                        }
                        saw_root = true;
                        doc.version = attr(e, "version").unwrap_or_default();
                        if doc.version != "2.0" && doc.version != "1.0" {
                            return Err(err(
                                file,
                                xml,
                                pos,
                                format!(
                                    "unsupported SRX version \"{}\" (expected 2.0 or 1.0)",
                                    doc.version
                                ),
                            ));
                        }
                    }
                    match name {
                        "header" => {
                            doc.cascade = attr(e, "cascade").is_some_and(|v| v == "yes");
                        }
                        "body" => saw_body = true,
                        "maprules" => saw_maprules = true,
                        "languagerule" => {
                            let Some(n) = attr(e, "languagerulename") else {
                                return Err(err(
                                    file,
                                    xml,
                                    pos,
                                    "<languagerule> without languagerulename",
                                ));
                            };
                            doc.languagerules.push(LanguageRule {
                                name: n,
                                rules: Vec::new(),
                                line: lines.line_col(xml, pos).0,
                            });
                        }
                        "rule" => {
                            if doc.languagerules.is_empty() {
                                return Err(err(file, xml, pos, "<rule> outside <languagerule>"));
                            }
                            let brk = match attr(e, "break").as_deref() {
                                None | Some("yes") => true,
                                Some("no") => false,
                                Some(v) => {
                                    return Err(err(
                                        file,
                                        xml,
                                        pos,
                                        format!("break=\"{v}\" (expected yes or no)"),
                                    ))
                                }
                            };
                            let r = SrxRule {
                                brk,
                                before: String::new(),
                                after: String::new(),
                                line: lines.line_col(xml, pos).0,
                            };
                            if empty {
                                push_rule(&mut doc, r);
                            } else {
                                cur_rule = Some(r);
                            }
                        }
                        "beforebreak" | "afterbreak" if !empty => {
                            field = Some(name == "beforebreak");
                            text.clear();
                        }
                        "languagemap" => {
                            let (Some(p), Some(n)) =
                                (attr(e, "languagepattern"), attr(e, "languagerulename"))
                            else {
                                return Err(err(
                                    file,
                                    xml,
                                    pos,
                                    "<languagemap> needs languagepattern and languagerulename",
                                ));
                            };
                            doc.maps.push(LanguageMap {
                                pattern: p,
                                rulename: n,
                                line: lines.line_col(xml, pos).0,
                            });
                        }
                        _ => {}
                    }
                    if !empty {
                        depth += 1;
                    }
                }
                Event::Text(t) if field.is_some() => {
                    text.push_str(&quick_xml::escape::unescape(&t).map_err(|e| {
                        err(file, xml, pos, format!("bad character reference: {e}"))
                    })?);
                }
                Event::CData(t) if field.is_some() => text.push_str(&t),
                Event::GeneralRef(r) if field.is_some() => {
                    if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => text.push(c),
                            _ => return Err(err(file, xml, pos, "bad character reference")),
                        }
                    } else {
                        let name = r.to_string();
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(v) => text.push_str(v),
                            None => {
                                return Err(err(file, xml, pos, format!("unknown entity &{name};")))
                            }
                        }
                    }
                }
                Event::End(e) => {
                    depth = depth.saturating_sub(1);
                    let name = e.local_name();
                    match name.as_ref() {
                        "beforebreak" | "afterbreak" => {
                            if let (Some(is_before), Some(r)) = (field, cur_rule.as_mut()) {
                                if is_before {
                                    r.before = std::mem::take(&mut text);
                                } else {
                                    r.after = std::mem::take(&mut text);
                                }
                            }
                            field = None;
                        }
                        "rule" => {
                            if let Some(r) = cur_rule.take() {
                                push_rule(&mut doc, r);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !saw_root {
            return Err(err(file, xml, xml.len(), "no <srx> element"));
        }
        if !saw_body {
            return Err(err(file, xml, xml.len(), "no <body> element"));
        }
        if !saw_maprules {
            return Err(err(file, xml, xml.len(), "no <maprules> element"));
        }
        for m in &doc.maps {
            if !doc.languagerules.iter().any(|l| l.name == m.rulename) {
                return Err(SegmentError::Srx {
                    file: file.to_string(),
                    line: m.line,
                    message: format!(
                        "languagemap refers to unknown languagerule \"{}\"",
                        m.rulename
                    ),
                });
            }
            if let Err(e) = regex::Regex::new(&format!("(?i)^(?:{})$", m.pattern)) {
                return Err(SegmentError::Srx {
                    file: file.to_string(),
                    line: m.line,
                    message: format!("bad languagepattern \"{}\": {e}", m.pattern),
                });
            }
        }
        Ok(doc)
    }

    /// The language rules that apply to `lang`, in order.
    pub fn rules_for(&self, lang: &str) -> Vec<&LanguageRule> {
        let mut out = Vec::new();
        for m in &self.maps {
            let re = regex::Regex::new(&format!("(?i)^(?:{})$", m.pattern))
                .expect("checked when parsing");
            if re.is_match(lang) {
                if let Some(l) = self.languagerules.iter().find(|l| l.name == m.rulename) {
                    out.push(l);
                }
                if !self.cascade {
                    break;
                }
            }
        }
        out
    }

    /// Compile the rules for `lang`. Rules that fail to compile are left out
    /// and returned as issues.
    pub fn compile(&self, lang: &str) -> (CompiledRules, Vec<SrxIssue>) {
        let mut rules = Vec::new();
        let mut issues = Vec::new();
        for lr in self.rules_for(lang) {
            for r in &lr.rules {
                match compile_rule(r) {
                    Ok(c) => rules.push(c),
                    Err(reason) => issues.push(SrxIssue {
                        file: self.file.clone(),
                        line: r.line,
                        languagerule: lr.name.clone(),
                        reason,
                    }),
                }
            }
        }
        (CompiledRules { rules }, issues)
    }

    /// Every rule of every language that fails to compile.
    pub fn check_all(&self) -> Vec<SrxIssue> {
        let mut issues = Vec::new();
        for lr in &self.languagerules {
            for r in &lr.rules {
                if let Err(reason) = compile_rule(r) {
                    issues.push(SrxIssue {
                        file: self.file.clone(),
                        line: r.line,
                        languagerule: lr.name.clone(),
                        reason,
                    });
                }
            }
        }
        issues
    }
}

fn push_rule(doc: &mut SrxDocument, r: SrxRule) {
    if let Some(l) = doc.languagerules.last_mut() {
        l.rules.push(r);
    }
}

fn compile_rule(r: &SrxRule) -> Result<CompiledRule, String> {
    let before = translate_java_regex(&r.before)?;
    let after = translate_java_regex(&r.after)?;
    // Each part alone first, for a precise reason.
    check_part("beforebreak", &r.before, &before)?;
    check_part("afterbreak", &r.after, &after)?;
    let pattern = if after.is_empty() {
        format!("(?:{before})")
    } else {
        format!("(?:{before})(?=(?:{after}))")
    };
    let combined = fancy_regex::RegexBuilder::new(&pattern)
        .backtrack_limit(100_000)
        .build()
        .map_err(|e| format!("{e}"))?;
    Ok(CompiledRule {
        brk: r.brk,
        combined,
    })
}

/// Compile one translated part; on failure, the reason (the `regex` crate's
/// message where it has one, as it names the spot).
fn check_part(what: &str, java: &str, translated: &str) -> Result<(), String> {
    match fancy_regex::Regex::new(translated) {
        Ok(_) => Ok(()),
        Err(e) => {
            let detail = match regex::Regex::new(translated) {
                Err(re) => {
                    let full = re.to_string();
                    full.lines()
                        .find_map(|l| l.trim().strip_prefix("error: "))
                        .map_or(full.clone(), str::to_string)
                }
                Ok(_) => e.to_string(),
            };
            Err(format!("{what} {java:?}: {detail}"))
        }
    }
}

impl CompiledRules {
    /// Number of compiled rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Byte offsets where the text breaks.
    pub fn boundaries(&self, text: &str) -> Vec<usize> {
        // 0: undecided, 1: break, 2: no break.
        let mut decided = vec![0u8; text.len() + 1];
        for r in &self.rules {
            let mark = if r.brk { 1 } else { 2 };
            let mut pos = 0;
            while pos <= text.len() {
                let m = match r.combined.find_from_pos(text, pos) {
                    Ok(Some(m)) => m,
                    // No match, or the backtracking limit was hit.
                    _ => break,
                };
                let e = m.end();
                if decided[e] == 0 {
                    decided[e] = mark;
                }
                // Next search from the character after the match start, so
                // that overlapping matches (other ends) are seen.
                let s = m.start();
                pos = s + text[s..].chars().next().map_or(1, char::len_utf8);
            }
        }
        (1..text.len())
            .filter(|&p| decided[p] == 1 && text.is_char_boundary(p))
            .collect()
    }
}

/// Translate a Java regular expression into the `fancy-regex` dialect:
/// Java-only property names (`\p{javaLowerCase}`, `\p{IsAlphabetic}`,
/// `\p{Alpha}` …), `\h`, `\Q…\E` quoting and `\uXXXX` escapes. Returns an
/// error for constructs with no equivalent.
pub fn translate_java_regex(java: &str) -> Result<String, String> {
    let mut out = String::with_capacity(java.len() + 8);
    let cs: Vec<char> = java.chars().collect();
    let mut i = 0;
    let mut in_class = 0usize;
    // Inside a class: whether the last item was a class escape (`\d`,
    // `\p{Lu}`), after which Java reads `-` as a literal.
    let mut after_class_escape = false;
    while i < cs.len() {
        let c = cs[i];
        if in_class > 0 && c == '-' && after_class_escape {
            out.push_str("\\-");
            after_class_escape = false;
            i += 1;
            continue;
        }
        after_class_escape = in_class > 0
            && c == '\\'
            && matches!(
                cs.get(i + 1),
                Some('d' | 'D' | 'w' | 'W' | 's' | 'S' | 'p' | 'P' | 'h')
            );
        if c == '\\' && i + 1 < cs.len() {
            let d = cs[i + 1];
            match d {
                'p' | 'P' if cs.get(i + 2) == Some(&'{') => {
                    let close = cs[i + 3..]
                        .iter()
                        .position(|&x| x == '}')
                        .ok_or("unterminated \\p{")?;
                    let name: String = cs[i + 3..i + 3 + close].iter().collect();
                    let neg = d == 'P';
                    out.push_str(&java_property(&name, neg, in_class > 0)?);
                    i += 4 + close;
                    continue;
                }
                'h' => {
                    out.push_str(if in_class > 0 { H_CLASS_BODY } else { H_CLASS });
                    i += 2;
                    continue;
                }
                'H' if in_class == 0 => {
                    out.push_str("[^");
                    out.push_str(H_CLASS_BODY);
                    out.push(']');
                    i += 2;
                    continue;
                }
                'Q' => {
                    let mut k = i + 2;
                    while k < cs.len() && !(cs[k] == '\\' && cs.get(k + 1) == Some(&'E')) {
                        let ch = cs[k];
                        if ch.is_ascii_punctuation() || ch == ' ' {
                            out.push('\\');
                        }
                        out.push(ch);
                        k += 1;
                    }
                    i = k + 2;
                    continue;
                }
                'u' if cs.get(i + 2) != Some(&'{') => {
                    let hex: String = cs.iter().skip(i + 2).take(4).collect();
                    if hex.len() == 4 && hex.chars().all(|h| h.is_ascii_hexdigit()) {
                        out.push_str(&format!("\\x{{{hex}}}"));
                        i += 6;
                        continue;
                    }
                    return Err(format!("bad \\u escape \\u{hex}"));
                }
                'Z' => {
                    // Java \Z: end of input, before a final line terminator.
                    out.push_str("(?=\\n?\\z)");
                    i += 2;
                    continue;
                }
                _ => {
                    out.push(c);
                    out.push(d);
                    i += 2;
                    continue;
                }
            }
        }
        match c {
            '[' => {
                in_class += 1;
                out.push(c);
                // A leading ']' or '^]' is literal in Java too.
                if cs.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if cs.get(i + 1) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
            }
            ']' if in_class > 0 => {
                in_class -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    Ok(out)
}

const H_CLASS: &str =
    "[\\t \\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}]";
const H_CLASS_BODY: &str =
    "\\t \\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}";

/// A Java `\p{…}` name in the regex crate's terms.
fn java_property(name: &str, neg: bool, in_class: bool) -> Result<String, String> {
    let p = if neg { "P" } else { "p" };
    let mapped: Option<&str> = match name {
        "javaLowerCase" | "Lower" | "IsLowercase" | "IsLowerCase" => Some("Ll"),
        "javaUpperCase" | "Upper" | "IsUppercase" | "IsUpperCase" => Some("Lu"),
        "javaLetter" | "IsAlphabetic" | "IsLetter" => Some("Alphabetic"),
        "javaLetterOrDigit" => None,
        "javaWhitespace" | "IsWhite_Space" | "IsWhiteSpace" | "Space" => Some("White_Space"),
        "IsPunctuation" | "Punct" => Some("P"),
        "IsDigit" | "Digit" => Some("Nd"),
        "Alpha" => Some("Alphabetic"),
        "Alnum" => None,
        _ => None,
    };
    if let Some(m) = mapped {
        return Ok(format!("\\{p}{{{m}}}"));
    }
    if matches!(name, "javaLetterOrDigit" | "Alnum") {
        let body = "\\p{Alphabetic}\\p{Nd}";
        return Ok(match (neg, in_class) {
            (false, true) => body.to_string(),
            (false, false) => format!("[{body}]"),
            (true, _) => format!("[^{body}]"),
        });
    }
    // Script and block names: "IsLatin", "InGreek" → "Latin", "Greek"
    // (blocks are approximated by scripts).
    let bare = name
        .strip_prefix("Is")
        .or_else(|| name.strip_prefix("In"))
        .unwrap_or(name);
    let candidate = format!("\\{p}{{{bare}}}");
    if regex::Regex::new(&candidate).is_ok() {
        return Ok(candidate);
    }
    Err(format!("unsupported Java property \\{p}{{{name}}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_java_constructs() {
        assert_eq!(
            translate_java_regex("\\p{javaLowerCase}").unwrap(),
            "\\p{Ll}"
        );
        assert_eq!(translate_java_regex("\\u00A0").unwrap(), "\\x{00A0}");
        assert_eq!(translate_java_regex("\\Qa.b\\E").unwrap(), "a\\.b");
        assert!(translate_java_regex("\\p{IsLatin}").is_ok());
        assert!(translate_java_regex("\\p{NoSuchThing}").is_err());
        // Java reads "-" after a class escape as a literal.
        let t = translate_java_regex("[\\d-–]+").unwrap();
        assert!(fancy_regex::Regex::new(&t)
            .unwrap()
            .is_match("1-–2")
            .unwrap());
    }

    #[test]
    fn bad_version_names_file_and_line() {
        let e = SrxDocument::parse(
            "<?xml version=\"1.0\"?>\n<srx version=\"\">\n</srx>",
            "x.srx",
        )
        .unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("x.srx:2:"), "{s}");
        assert!(s.contains("version"), "{s}");
    }

    #[test]
    fn not_xml_names_file_and_line() {
        let e = SrxDocument::parse("<srx version=\"2.0\">\n<body>\n</srx>", "y.srx").unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("y.srx:"), "{s}");
        assert!(s.contains("XML"), "{s}");
    }
}
