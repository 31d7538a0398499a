//! whosaid: a search engine for news that knows who said what.
//!
//! Data flows one way:
//!
//! ```text
//! files ──article::read──> Article ──analysis::analyze──> Analysis ──index::writer──> tantivy
//! query text ──index::query──> tantivy query ──index::search──> Hit ──output::{text,json}──> stdout
//! ```
//!
//! | module | owns |
//! | --- | --- |
//! | [`article`] | reading files (text, Markdown, JSON, JSONL, HTML) into articles and paragraphs |
//! | [`analysis`] | entities, canonical names, quotes and speakers; pure functions, no I/O |
//! | [`index`] | the only module that imports tantivy: schema, writer, query language, search |
//! | [`ingest`] | the parallel pipeline from paths to commits |
//! | [`output`] | printing for people and the JSON contract for scripts |
//! | [`cli`], [`cmd`] | the command line: clap types, one file per subcommand |
//! | [`server`] | `whosaid serve`: the HTTP API and the web page, over `index` and `output::json` |
//! | [`error`] | the core's typed errors |
//!
//! The core (`article`, `analysis`, `index`, `ingest`) never prints and never exits.
#![warn(missing_docs)]

pub mod analysis;
pub mod article;
pub mod cli;
pub mod cmd;
pub mod error;
pub mod index;
pub mod ingest;
pub mod output;
pub mod server;
