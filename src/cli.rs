//! The command line, as clap types only: no I/O, no index.
//!
//! Doc comments here are the `--help` text. `config.rs`-style resolution
//! (defaults, environment, terminal detection) happens in `cmd::Context`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// whosaid: search news by what was said, who said it, and who is involved.
#[derive(Parser, Debug)]
#[command(name = "whosaid", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// Index folder [default: index/ in the current folder].
    #[arg(long, global = true, env = "WHOSAID_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// When to use colour and bold: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,

    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// When to style output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add or replace articles from files or folders (recursively); `-` reads stdin.
    Ingest(IngestArgs),
    /// Ranked paragraph search.
    Query(QueryArgs),
    /// Run the article analysis (paragraphs, entities, quotes) without touching any index.
    Analyze(AnalyzeArgs),
    /// What the index holds.
    Stats(StatsArgs),
    /// Print one article with its paragraphs, quotes and speakers.
    Show(ShowArgs),
    /// Serve the index over HTTP: a JSON API and a web page for search, facets and timelines.
    Serve(ServeArgs),
}

/// `whosaid ingest`.
#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files or folders (.txt, .md, .json, .jsonl, .html); `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// If another ingest is writing the index, wait for it instead of failing.
    #[arg(long)]
    pub wait: bool,
    /// Print the summary (and rejected inputs) as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// List every duplicate found, not just their number.
    #[arg(short, long)]
    pub verbose: bool,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Analysis threads [default: the number of cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Commit at least this often: an interrupted or killed ingest keeps what was committed.
    #[arg(long, default_value = "30", value_parser = seconds, value_name = "SECONDS")]
    pub commit_every: std::time::Duration,
    /// Decode files that are not UTF-8 with this legacy encoding instead of rejecting them.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,
}

/// A duration in seconds (fractions allowed), as a clap value parser: a bad value is a usage error.
fn seconds(s: &str) -> Result<std::time::Duration, String> {
    let v: f64 = s.parse().map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !(0.0..=86_400.0).contains(&v) {
        return Err("must be between 0 and 86400 seconds".into());
    }
    Ok(std::time::Duration::from_secs_f64(v))
}

/// Legacy encodings accepted for files that are not UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    /// Windows-1252 (a superset of ISO-8859-1), common in older Western news archives.
    #[value(name = "windows-1252", alias = "cp1252", alias = "latin1", alias = "iso-8859-1")]
    Windows1252,
}

/// Order of hits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
}

/// Actor kinds, as filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// People.
    Person,
    /// Organisations.
    Org,
    /// Places.
    Place,
}

/// `whosaid query`.
#[derive(Args, Debug)]
pub struct QueryArgs {
    /// The query: words, "phrases", -exclusions, OR, (groups), title:/speaker:/actor:/source: prefixes, prefix*.
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
    /// Hits per page.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Hits to skip (for the next page).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Match paragraphs holding any of the terms (default: all of them).
    #[arg(long)]
    pub any: bool,
    /// Only paragraphs quoting this speaker (full name or a part, any case); repeat to AND.
    #[arg(long, value_name = "NAME")]
    pub speaker: Vec<String>,
    /// Only paragraphs quoting or mentioning this actor (full name or a part); repeat to AND.
    #[arg(long, value_name = "NAME")]
    pub actor: Vec<String>,
    /// Only actors of this kind (with --actor), or paragraphs involving any actor of this kind.
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<KindArg>,
    /// Only articles from this source (a part of its name); repeat to AND.
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Only articles dated on or after this day (YYYY-MM-DD or another common form).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles dated on or before this day.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortBy::Relevance)]
    pub sort: SortBy,
    /// Count top speakers and actors among all matches.
    #[arg(long)]
    pub facets: bool,
    /// How many speakers and actors --facets lists.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub facet_limit: usize,
    /// One JSON object on stdout (see the README for its fields).
    #[arg(long)]
    pub json: bool,
}

/// `whosaid analyze`.
#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// Files or folders; `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// One JSON object per article, one per line, with character offsets.
    #[arg(long)]
    pub json: bool,
    /// Decode files that are not UTF-8 with this legacy encoding instead of rejecting them.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,
}

/// `whosaid stats`.
#[derive(Args, Debug)]
pub struct StatsArgs {
    /// One JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// How many top speakers and actors to list.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
}

/// `whosaid show`.
#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The article's id (as `query` prints it).
    #[arg(value_name = "ARTICLE_ID")]
    pub id: String,
    /// One JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `whosaid serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free one (the address is printed on stderr).
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "HOST:PORT")]
    pub addr: String,
    /// No log line per request.
    #[arg(short, long)]
    pub quiet: bool,
    /// Accept `POST /api/articles` with `Authorization: Bearer TOKEN` (writes are off without it).
    #[arg(long, env = "WHOSAID_WRITE_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    pub write_token: Option<String>,
    /// Allow browser pages from this origin (e.g. http://localhost:3000) to call the API.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
    /// Requests served at once; more get 429 Too Many Requests.
    #[arg(long, default_value_t = 32, value_name = "N")]
    pub max_concurrent: usize,
    /// A search, timeline or read taking longer is answered 503 with Retry-After.
    #[arg(long, default_value = "10", value_parser = seconds, value_name = "SECONDS")]
    pub timeout: std::time::Duration,
    /// Largest `POST /api/articles` body; a larger one gets 413.
    #[arg(long, default_value_t = 16 << 20, value_name = "BYTES")]
    pub max_body: usize,
}
