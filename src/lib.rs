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
//! | [`follow`] | RSS, Atom and JSON feeds polled politely, new entries through the pipeline |
//! | [`watch`] | keeping an index in step with folders (file-system events) |
//! | [`output`] | printing for people and the JSON contract for scripts |
//! | [`export`] | every match as CSV/JSONL rows, and as Quickwit/OpenSearch documents |
//! | [`push`] | sending those documents to a running engine over HTTP |
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
pub mod export;
pub mod follow;
pub mod index;
pub mod ingest;
pub mod output;
pub mod push;
pub mod server;
pub mod watch;
