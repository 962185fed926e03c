//! Text cleaning (placeholder).
pub struct CleanOptions { pub pdf: bool }
pub fn clean(t: &str, _o: &CleanOptions) -> String { t.to_string() }
