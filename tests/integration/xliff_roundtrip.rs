//! Property tests: generated units with nested inline codes survive
//! write → read unchanged (XLIFF 2: everything; XLIFF 1.2: everything but
//! native code data and the display text of paired codes, which `g` cannot
//! carry), and the output passes `validate`.

use diglot::model::{Code, CodeKind, CodedText};
use diglot::xliff::{
    read_document, validate, write_v12, write_v2, Document, File, Match, Note, State, Unit,
};
use proptest::prelude::*;
use std::path::Path;

/// A tree of inline content.
#[derive(Debug, Clone)]
enum Node {
    Text(String),
    Ph(Option<String>, Option<String>),
    Pair(Option<String>, Vec<Node>),
    LoneOpen,
    LoneClose,
}

const CTYPES: &[&str] = &["link", "emphasis", "strong", "code", "image", "linebreak"];

fn text_strategy(controls: bool) -> BoxedStrategy<String> {
    if controls {
        "[a-zé«» &<>\"'\t\n\r\u{1}\u{1F600}]{0,6}".boxed()
    } else {
        "[a-zé«» &<>\"'\t\n\r\u{1F600}]{0,6}".boxed()
    }
}

fn node_strategy(controls: bool) -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        4 => text_strategy(controls).prop_map(Node::Text),
        2 => (proptest::option::of("[a-z<&]{1,4}"), proptest::option::of("[A-Z]{1,3}"))
            .prop_map(|(d, s)| Node::Ph(d, s)),
        1 => Just(Node::LoneOpen),
        1 => Just(Node::LoneClose),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        (
            proptest::option::of("[a-z/:.]{1,8}"),
            proptest::collection::vec(inner, 0..4),
        )
            .prop_map(|(d, kids)| Node::Pair(d, kids))
    })
}

fn build(nodes: &[Node], out: &mut CodedText, next: &mut usize, prefix: &str) {
    for n in nodes {
        *next += 1;
        let id = format!("{prefix}{next}");
        let ctype = CTYPES[*next % CTYPES.len()];
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Ph(data, disp) => {
                let mut c = Code::new(CodeKind::Standalone, id, ctype);
                c.data = data.clone();
                c.disp = disp.clone();
                out.push_code(c);
            }
            Node::Pair(data, kids) => {
                let mut open = Code::new(CodeKind::Open, id.clone(), ctype);
                open.data = data.clone();
                out.push_code(open);
                build(kids, out, next, prefix);
                let mut close = Code::new(CodeKind::Close, id, ctype);
                close.data = data.as_ref().map(|d| format!("/{d}"));
                out.push_code(close);
            }
            Node::LoneOpen => out.push_code(Code::new(CodeKind::Open, format!("o{id}"), ctype)),
            Node::LoneClose => out.push_code(Code::new(CodeKind::Close, format!("c{id}"), ctype)),
        }
    }
}

/// Coded text; `prefix` keeps the ids of unrelated texts apart (codes with
/// the same id in a source and its target are the same code, with one
/// native data).
fn coded(nodes: &[Node], prefix: &str) -> CodedText {
    let mut t = CodedText::default();
    let mut next = 0;
    build(nodes, &mut t, &mut next, prefix);
    t
}

fn doc(version: &str, units: Vec<(Vec<Node>, Option<Vec<Node>>, u8)>) -> Document {
    let units = units
        .into_iter()
        .enumerate()
        .map(|(i, (s, t, q))| {
            let mut u = Unit::new(format!("u{i}"), coded(&s, ""));
            u.target = t.as_deref().map(|t| coded(t, "t"));
            if u.target.is_some() {
                u.state = Some(State::Translated);
                u.state_raw = Some("translated".into()); // what a reader reports
            }
            u.notes.push(Note {
                category: Some("context".into()),
                text: format!("note {i} <&>"),
            });
            u.meta.push(("hash".into(), format!("{q:02x}")));
            if q > 50 {
                u.matches
                    .push(Match::new(q.min(100), u.source.clone(), coded(&s, "m")));
            }
            u
        })
        .collect();
    Document {
        version: version.into(),
        source_lang: "en".into(),
        target_lang: Some("fr".into()),
        files: vec![File {
            id: "f1".into(),
            original: Some("a.md".into()),
            units,
        }],
    }
}

fn units_strategy(
    controls: bool,
) -> impl Strategy<Value = Vec<(Vec<Node>, Option<Vec<Node>>, u8)>> {
    proptest::collection::vec(
        (
            proptest::collection::vec(node_strategy(controls), 0..5),
            proptest::option::of(proptest::collection::vec(node_strategy(controls), 0..5)),
            any::<u8>(),
        ),
        1..4,
    )
}

/// What XLIFF 1.2 `g`/`x`/`bx`/`ex` cannot carry: native data, the display
/// text of paired codes, the type of an `ex` without its `bx`.
fn without_native(t: &CodedText) -> CodedText {
    let mut t = t.clone();
    let opens: Vec<String> = t
        .codes
        .iter()
        .filter(|c| c.kind == CodeKind::Open)
        .map(|c| c.id.clone())
        .collect();
    for c in &mut t.codes {
        if c.kind == CodeKind::Close && !opens.contains(&c.id) {
            c.ctype = "x".into();
        }
        c.data = None;
        if c.kind != CodeKind::Standalone {
            c.disp = None;
        }
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn xliff2_write_read_is_identity(units in units_strategy(true)) {
        let d = doc("2.1", units);
        let x = write_v2(&d);
        let mut back = read_document(x.as_bytes(), Path::new("p.xlf")).unwrap();
        for f in &mut back.files {
            for u in &mut f.units {
                u.line = 0;
            }
        }
        prop_assert_eq!(&back, &d);
        let v = validate(x.as_bytes(), Path::new("p.xlf"));
        prop_assert!(v.is_empty(), "{:?}\n{}", v, x);
    }

    #[test]
    fn xliff12_write_read_keeps_text_and_codes(units in units_strategy(false)) {
        let d = doc("1.2", units);
        let x = write_v12(&d);
        let back = read_document(x.as_bytes(), Path::new("p.xlf")).unwrap();
        for (a, b) in back.units().zip(d.units()) {
            prop_assert_eq!(without_native(&a.source), without_native(&b.source));
            prop_assert_eq!(a.target.as_ref().map(without_native), b.target.as_ref().map(without_native));
            prop_assert_eq!(&a.notes, &b.notes);
            prop_assert_eq!(&a.meta, &b.meta);
            prop_assert_eq!(a.matches.len(), b.matches.len());
        }
        let v = validate(x.as_bytes(), Path::new("p.xlf"));
        prop_assert!(v.is_empty(), "{:?}", v);
    }
}
