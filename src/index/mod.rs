//! The paragraph index: the only module that knows tantivy.
//!
//! - [`schema`]: fields, tokenisers, facet paths, the schema version;
//! - [`stem`]: tantivy's `en_stem` analyzer with accents folded, and a cache of the stems it
//!   computed, over [`words`]: the words of tantivy's simple tokenizer, lower-cased and
//!   folded in one pass;
//! - [`writer`]: articles and their analysis -> documents; upserts by id and content hash;
//! - [`search`]: a [`search::SearchRequest`] -> hits, total and facet counts, in build,
//!   collect and fetch steps;
//! - `rank`: what a title match weighs, query stop words, the quote-aware speaker bonus;
//! - [`snippet`]: the best fragment of a hit's paragraph, with the query's words marked;
//! - [`dates`]: the date range of the articles and how many are undated;
//! - [`deadline`]: a request's deadline, checked between steps and segments;
//! - [`facets`]: speaker and actor counts over all matches, with global facet ids;
//! - `segment_who`, `tables`: each segment's facets read once, and each generation's name
//!   and facet tables built from them (before a live reader hands the generation out);
//! - [`names`]: one canonical name per actor across the index, with aliases;
//! - [`query`]: the query language -> a tantivy query;
//! - [`walk`]: every match of a request, streamed in index order (`export`, `push`);
//! - [`query`]: the query language -> a tantivy query (its lexer in `lexer`);
//! - [`resolve`]: article ids as users type them (paths to ingested files);
//! - [`timeline`]: matches per day, week or month, from aggregations;
//! - [`suggest`]: every speaker and actor with counts, found by a word's start.
//!
//! An index folder holds tantivy's files plus `whosaid.json`, which records the
//! schema version; an index of another version is refused with a message that
//! says to re-ingest.

mod aliases;
pub mod dates;
pub mod deadline;
pub mod facets;
mod hits;
mod lexer;
mod name_cache;
mod name_forms;
mod name_groups;
pub mod names;
mod nicknames;
mod org_forms;
mod plan;
pub mod query;
mod rank;
pub mod resolve;
pub mod schema;
pub mod search;
pub(crate) mod segment_who;
mod short_forms;
pub mod snippet;
pub mod source_facet;
pub mod stem;
pub mod suggest;
mod tables;
pub mod timeline;
mod union;
pub mod walk;
pub mod words;
pub mod writer;

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;

use crate::error::{Error, Result};
use schema::{Fields, NAME_TOKENIZER, STEM_TOKENIZER};

const VERSION_FILE: &str = "whosaid.json";

/// Stored paragraphs are compressed in blocks of this many bytes, half tantivy's default:
/// a hit decompresses its whole block, and decompression was a third of a query's time. At
/// 8 KB the index grows 4% (compression sees less context); at 4 KB, 9%.
const DOCSTORE_BLOCK_BYTES: usize = 8192;

#[derive(Serialize, Deserialize)]
struct VersionInfo {
    schema_version: u32,
    created_by: String,
}

/// An opened index folder.
pub struct Index {
    /// The folder.
    pub dir: PathBuf,
    /// The tantivy index.
    pub(crate) inner: tantivy::Index,
    /// Field handles.
    pub(crate) fields: Fields,
}

impl Index {
    /// True when `dir` holds an index (of any version).
    pub fn exists(dir: &Path) -> bool {
        dir.join("meta.json").is_file()
    }

    /// Open an existing index, checking its schema version.
    pub fn open(dir: &Path) -> Result<Index> {
        not_a_file(dir)?;
        if !Index::exists(dir) {
            return Err(Error::NoIndex(dir.to_path_buf()));
        }
        check_version(dir)?;
        let inner = tantivy::Index::open_in_dir(dir)?;
        Ok(Index::wrap(dir, inner))
    }

    /// Open the index in `dir`, creating it (and the folder) when there is none.
    pub fn open_or_create(dir: &Path) -> Result<Index> {
        if Index::exists(dir) {
            return Index::open(dir);
        }
        not_a_file(dir)?;
        fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        // The version file is written before tantivy's first file: a folder that has it
        // is an index whose creation was cut short (tantivy's `.managed.json`, `.tmp*`
        // and lock files may be there), ours to finish; without it, any other file is
        // someone else's data.
        let ours = dir.join(VERSION_FILE).is_file();
        let foreign = fs::read_dir(dir)
            .map_err(|source| Error::Io { path: dir.to_path_buf(), source })?
            .filter_map(|e| e.ok())
            .any(|e| e.file_name() != ".gitkeep");
        if foreign && !ours {
            return Err(Error::NotAnIndex(dir.to_path_buf()));
        }
        // The version file goes first: a folder with meta.json but no version file is not ours.
        let info = VersionInfo {
            schema_version: schema::SCHEMA_VERSION,
            created_by: format!("whosaid {}", env!("CARGO_PKG_VERSION")),
        };
        let json = serde_json::to_string_pretty(&info).expect("plain struct serialises");
        let path = dir.join(VERSION_FILE);
        fs::write(&path, json).map_err(|source| Error::Io { path, source })?;
        let (schema, _) = schema::build();
        let mmap = MmapDirectory::open(dir).map_err(|e| Error::Tantivy(e.into()))?;
        let settings = tantivy::IndexSettings {
            docstore_blocksize: DOCSTORE_BLOCK_BYTES,
            ..tantivy::IndexSettings::default()
        };
        let inner = tantivy::Index::create(mmap, schema, settings)?;
        Ok(Index::wrap(dir, inner))
    }

    fn wrap(dir: &Path, inner: tantivy::Index) -> Index {
        inner.tokenizers().register(NAME_TOKENIZER, schema::name_analyzer());
        inner.tokenizers().register(STEM_TOKENIZER, stem::stem_analyzer());
        let (_, fields) = schema::build();
        Index { dir: dir.to_path_buf(), inner, fields }
    }
}

/// An index path that names a file (or a link to one) is refused before anything tries to
/// create a folder there and fails with an OS message.
fn not_a_file(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::NotAFolder(dir.to_path_buf()));
    }
    Ok(())
}

fn check_version(dir: &Path) -> Result<()> {
    let path = dir.join(VERSION_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NotAnIndex(dir.to_path_buf()));
        }
        Err(source) => return Err(Error::Io { path, source }),
    };
    let found = serde_json::from_str::<VersionInfo>(&text).map(|v| v.schema_version);
    match found {
        Ok(v) if v == schema::SCHEMA_VERSION => Ok(()),
        Ok(v) => Err(Error::SchemaVersion {
            dir: dir.to_path_buf(),
            found: v.to_string(),
            expected: schema::SCHEMA_VERSION,
        }),
        Err(_) => Err(Error::SchemaVersion {
            dir: dir.to_path_buf(),
            found: "unknown (unreadable whosaid.json)".into(),
            expected: schema::SCHEMA_VERSION,
        }),
    }
}
