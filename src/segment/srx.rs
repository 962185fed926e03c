//! SRX (placeholder, replaced below).
use super::SegmentError;
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrxIssue {
    pub file: String,
    pub line: usize,
    pub reason: String,
}
#[derive(Debug)]
pub struct CompiledRules;
impl CompiledRules {
    pub fn boundaries(&self, _t: &str) -> Vec<usize> {
        Vec::new()
    }
}
pub struct SrxDocument;
impl SrxDocument {
    pub fn parse(_x: &str, file: &str) -> Result<SrxDocument, SegmentError> {
        Err(SegmentError::Srx {
            file: file.into(),
            line: 0,
            message: "todo".into(),
        })
    }
    pub fn compile(&self, _l: &str) -> (CompiledRules, Vec<SrxIssue>) {
        (CompiledRules, Vec::new())
    }
}
