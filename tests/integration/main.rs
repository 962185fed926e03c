//! The integration tests: one test binary (`cargo test --test integration`),
//! one module per area, sharing the helpers of [`support`]. Unit tests stay
//! beside the code in `src/`.
//!
//! Run one area with its module path as the filter, e.g.
//! `cargo test --test integration tmx::` or `… check_faults::`.

mod support;

mod align_cli;
mod check_compare_locales;
mod check_faults;
mod check_fix;
mod check_formats;
mod ci_docs;
mod cli;
mod editor_cli;
mod export_schema;
mod fuzz;
mod images;
mod init_cli;
mod limits;
mod proof_provenance;
mod roundtrip;
mod segment_cli;
mod segmentation;
mod serve_browser;
mod site_browser;
mod site_pages;
mod site_parallel;
mod site_safety;
mod site_shipped;
mod store_safety;
mod tm_index;
mod tm_recall;
mod tm_revision;
mod tm_size;
mod tmx;
mod xliff_conformance;
mod xliff_hostile;
mod xliff_inout;
mod xliff_ops_cli;
mod xliff_pretranslate;
mod xliff_roundtrip;
mod xliff_schema;
mod xliff_tool_samples;
mod xliff_update;
