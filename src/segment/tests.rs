use super::*;

fn seg(lang: &str, s: &str) -> Vec<String> {
    Segmenter::builtin(lang)
        .split_str(s)
        .into_iter()
        .map(String::from)
        .collect()
}

#[test]
fn seed_sentences() {
    let s = "On 5 June 2025, the United States (U.S.) government sanctioned four judges of the International Criminal Court (ICC), pursuant to Executive Order (E.O.) 14203. The Coalition for the ICC firmly denounces it.";
    assert_eq!(seg("en", s).len(), 2);
}
