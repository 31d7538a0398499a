//! The command line, as clap types only: no I/O, no index.
//!
//! Doc comments here are the `--help` text. `config.rs`-style resolution
//! (defaults, environment, terminal detection) happens in `cmd::Context`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::index::query::SYNTAX;

/// whosaid: search news by what was said, who said it, and who is involved.
#[derive(Parser, Debug)]
#[command(name = "whosaid", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// Index folder [default: index/ in the current folder].
    #[arg(long, global = true, env = "WHOSAID_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// Extra name aliases (`kind | canonical | alias | ...` lines) for facets, filters and stats.
    #[arg(long, global = true, env = "WHOSAID_ALIASES", value_name = "FILE")]
    pub aliases: Option<PathBuf>,

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
    #[command(after_help = "Examples:
  whosaid ingest corpus/                  index every article under corpus/
  whosaid ingest news.jsonl --index idx   one JSON article a line, into idx/
  curl -s URL | whosaid ingest -          an article from standard input")]
    Ingest(IngestArgs),
    /// Ranked paragraph search.
    #[command(after_help = QUERY_EXAMPLES, after_long_help = query_long_help())]
    Query(QueryArgs),
    /// Run the article analysis (paragraphs, entities, quotes) without touching any index.
    #[command(after_help = "Examples:
  whosaid analyze corpus/taliban-china-main-partner.txt
  whosaid analyze article.html --json | jq '.quotes[] | {speaker, text}'")]
    Analyze(AnalyzeArgs),
    /// What the index holds.
    #[command(after_help = "Examples:
  whosaid stats
  whosaid stats --top 25 --json --index idx")]
    Stats(StatsArgs),
    /// Print one article with its paragraphs, quotes and speakers.
    #[command(after_help = "Examples:
  whosaid show corpus/taliban-china-main-partner.txt      a path to an ingested file
  whosaid show https://example.com/news/1 --json          an id as `query` prints it")]
    Show(ShowArgs),
    /// Every match (or everything) as CSV or JSON Lines rows, or as engine documents.
    #[command(after_help = "Examples:
  whosaid export --what quotes --speaker \"Tony Blair\" --format csv > blair.csv
  whosaid export iraq --what paragraphs --format jsonl > iraq.jsonl
  whosaid export --for opensearch --out docs/        documents and the index definition")]
    Export(ExportArgs),
    /// Send the paragraph documents to a running Quickwit or OpenSearch.
    #[command(after_help = "Examples:
  whosaid push http://localhost:9200 --engine opensearch --target news
  whosaid push http://localhost:7280 --engine quickwit --target news --from-analyze articles/")]
    Push(PushArgs),
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  whosaid completions bash > ~/.local/share/bash-completion/completions/whosaid
  whosaid completions zsh > ~/.zfunc/_whosaid        (with fpath+=~/.zfunc in ~/.zshrc)
  whosaid completions fish > ~/.config/fish/completions/whosaid.fish")]
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    #[command(after_help = "Examples:
  whosaid man | man -l -
  whosaid man > /usr/local/share/man/man1/whosaid.1")]
    Man(ManArgs),
    /// Serve the index over HTTP: a JSON API and a web page for search, facets and timelines.
    #[command(after_help = "Examples:
  whosaid serve                                 http://127.0.0.1:7700/ on the index in index/
  whosaid serve --index idx --addr 0.0.0.0:8080 --write-token \"$TOKEN\"")]
    Serve(ServeArgs),
    /// Remove articles by id or file path, or every article a query matches.
    #[command(after_help = "Examples:
  whosaid delete corpus/old-story.txt             the article of an ingested file
  whosaid delete --source \"Daily Rumour\" --yes    every article from that source")]
    Delete(DeleteArgs),
    /// Ingest the paths, then keep the index in step with them until stopped.
    #[command(after_help = "Examples:
  whosaid watch inbox/                           index what lands in inbox/ until Ctrl-C
  whosaid watch inbox/ --exclude '*.tmp' --settle 2")]
    Watch(WatchArgs),
    /// Index new entries of RSS, Atom and JSON feeds (URLs, or files listing them).
    #[command(after_help = "Examples:
  whosaid follow https://example.com/rss.xml --once     one pass (for cron)
  whosaid follow feeds.txt --interval 15m               every feed listed, polled until Ctrl-C")]
    Follow(FollowArgs),
}

/// `--exclude`, shared by every command that walks folders.
#[derive(Args, Debug, Clone, Default)]
pub struct ExcludeArgs {
    /// Skip files and folders matching this glob below a folder (name or path below it);
    /// repeatable. README* and dotfiles are always skipped unless named directly.
    #[arg(long, value_name = "GLOB", value_parser = glob)]
    pub exclude: Vec<String>,
}

/// A glob, checked here so that a bad one is a usage error.
fn glob(s: &str) -> Result<String, String> {
    crate::article::walk::Filter::new(&[s.to_string()])?;
    Ok(s.to_string())
}

/// `whosaid delete`.
#[derive(Args, Debug)]
pub struct DeleteArgs {
    /// Article ids (as `query` prints them), or paths of ingested files.
    #[arg(value_name = "ID", required_unless_present_any = ["query", "source"])]
    pub ids: Vec<String>,
    /// Delete every article with a paragraph matching this query.
    #[arg(long, value_name = "QUERY", conflicts_with = "ids")]
    pub query: Option<String>,
    /// Delete every article from this source (a part of its name); with --query, both must match.
    #[arg(long, value_name = "NAME", conflicts_with = "ids")]
    pub source: Vec<String>,
    /// Really delete what --query/--source match (without it, list what would go and exit 1).
    #[arg(long)]
    pub yes: bool,
    /// If another process is writing the index, wait for it instead of failing.
    #[arg(long)]
    pub wait: bool,
}

/// `whosaid watch`.
#[derive(Args, Debug)]
pub struct WatchArgs {
    /// Folders or files to keep indexed.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Exclusion globs.
    #[command(flatten)]
    pub exclude: ExcludeArgs,
    /// How long a file must stay unchanged before it is read.
    #[arg(long, default_value = "0.5", value_parser = seconds, value_name = "SECONDS")]
    pub settle: std::time::Duration,
    /// Analysis threads [default: the number of cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Decode files that are not UTF-8 with this legacy encoding instead of rejecting them.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,
}

/// `whosaid follow`.
#[derive(Args, Debug)]
pub struct FollowArgs {
    /// Feed URLs (http/https), or files listing one per line (# starts a comment).
    #[arg(required = true, value_name = "FEED")]
    pub feeds: Vec<String>,
    /// One pass over the feeds, then exit (for cron).
    #[arg(long)]
    pub once: bool,
    /// Time between passes.
    #[arg(long, default_value = "15m", value_parser = interval, value_name = "DURATION")]
    pub interval: std::time::Duration,
    /// Fewest seconds between two requests to one host.
    #[arg(long, default_value = "1", value_parser = seconds, value_name = "SECONDS")]
    pub host_delay: std::time::Duration,
    /// Give up on a request after this long.
    #[arg(long, default_value = "20", value_parser = seconds, value_name = "SECONDS")]
    pub timeout: std::time::Duration,
    /// Print each pass's summary as one JSON object a line on stdout.
    #[arg(long)]
    pub json: bool,
}

/// A duration such as `90s`, `15m`, `2h` or a number of seconds.
fn interval(s: &str) -> Result<std::time::Duration, String> {
    let t = s.trim();
    let (num, unit) =
        t.split_at(t.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(t.len()));
    let v: f64 = num.parse().map_err(|_| format!("{s:?} is not a duration (try 90s, 15m, 2h)"))?;
    let mult = match unit {
        "" | "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (s, m or h)")),
    };
    let secs = v * mult;
    if !(0.0..=7.0 * 86_400.0).contains(&secs) {
        return Err("must be between 0 and 7 days".into());
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

const QUERY_EXAMPLES: &str = "Examples:
  whosaid query \"copper mines\" --speaker mujahid
  whosaid query 'title:(iraq OR iran) NOT \"oil price\"~3' --since 30d
  whosaid query --actor china --facets --limit 0      counts only

--help shows the whole query syntax.";

/// `query --help`: the examples and the query syntax table.
fn query_long_help() -> String {
    let mut out =
        QUERY_EXAMPLES.trim_end_matches("--help shows the whole query syntax.").to_string();
    out.push_str("Query syntax:\n");
    let width = SYNTAX.iter().map(|(q, _)| q.len()).max().unwrap_or(0);
    for (q, meaning) in SYNTAX {
        out.push_str(&format!("  {q:<width$}  {meaning}\n"));
    }
    out
}

/// `whosaid completions`.
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
    /// Global flags that do not apply.
    #[command(flatten)]
    pub unused: UnusedWithColor,
}

/// `whosaid man`.
#[derive(Args, Debug)]
pub struct ManArgs {
    /// Global flags that do not apply.
    #[command(flatten)]
    pub unused: UnusedWithColor,
}

/// The clap command, as `--help`, completions and the man page show it.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// `--index` and `--color` where they do nothing: accepted (scripts pass `--index` to every
/// command) but left out of `--help`. Defining them here keeps the global flags from being
/// copied into the subcommand.
#[derive(Args, Debug)]
pub struct Unused {
    /// Not used by this command.
    #[arg(long = "index", id = "index", hide = true, value_name = "DIR")]
    pub unused_index: Option<PathBuf>,
}

/// [`Unused`] and `--color` too, for commands that print nothing styled.
#[derive(Args, Debug)]
pub struct UnusedWithColor {
    /// Not used by this command.
    #[command(flatten)]
    pub unused: Unused,
    /// Not used by this command.
    #[arg(long = "color", id = "color", hide = true, value_enum, value_name = "WHEN")]
    pub unused_color: Option<Color>,
}

/// Parse the process's arguments with [`command`]; a usage error exits 2 with clap's message.
pub fn parse() -> Cli {
    let matches = command().get_matches();
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
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
    /// Exclusion globs.
    #[command(flatten)]
    pub exclude: ExcludeArgs,
    /// Also remove articles whose source files are gone.
    #[arg(long)]
    pub prune: bool,
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
    /// The query: words, "phrases"~slop, AND/OR/NOT, +/-, (groups), field:term (title, text,
    /// speaker, actor, source, quote, date), prefix*, fuzzy~, boost^2, date:[A TO B].
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
    /// Hits per page (0: only the total, and facets with --facets).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Hits to skip (for the next page).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Filters.
    #[command(flatten)]
    pub filters: FilterArgs,
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
    /// Exclusion globs.
    #[command(flatten)]
    pub exclude: ExcludeArgs,
    /// One JSON object per article, one per line, with character offsets.
    #[arg(long)]
    pub json: bool,
    /// Decode files that are not UTF-8 with this legacy encoding instead of rejecting them.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,
    /// Global flags that do not apply.
    #[command(flatten)]
    pub unused: Unused,
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
    /// The article's id (as `query` prints it), or the path of an ingested file.
    #[arg(value_name = "ARTICLE_ID")]
    pub id: String,
    /// One JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// The filters of a search (`query`, `export`, `push`).
#[derive(Args, Debug, Clone)]
pub struct FilterArgs {
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
    /// Only articles dated on or after this day: YYYY-MM-DD (or another common form), today,
    /// yesterday, or a time ago: 7d, 2w, 3m, 1y.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles dated on or before this day (the same forms as --since).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

/// The query and filters of `query`, for commands that take every match (`export`, `push`).
#[derive(Args, Debug, Clone)]
pub struct MatchArgs {
    /// The query (as for `query`); none: every paragraph the index holds.
    #[arg(value_name = "QUERY")]
    pub text: Vec<String>,
    /// Filters.
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// What an export row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    /// One row per matching paragraph.
    Paragraphs,
    /// One row per quote of a matching paragraph (with --speaker, only that speaker's quotes).
    Quotes,
    /// One row per article with a matching paragraph.
    Articles,
}

/// Row format of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON object a line.
    Jsonl,
    /// RFC 4180 CSV with a header row.
    Csv,
}

/// A distributed search engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// Quickwit (ingest API).
    Quickwit,
    /// OpenSearch or Elasticsearch (`_bulk`).
    Opensearch,
}

/// `whosaid export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Query and filters.
    #[command(flatten)]
    pub matching: MatchArgs,
    /// What a row is.
    #[arg(long, value_enum, default_value_t = ExportWhat::Paragraphs)]
    pub what: ExportWhat,
    /// Row format on stdout.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Write engine documents (documents.ndjson) and the index definition to --out instead.
    #[arg(long = "for", value_enum, value_name = "ENGINE", requires = "out", conflicts_with_all = ["what", "format"])]
    pub engine: Option<EngineArg>,
    /// Folder for --for.
    #[arg(long, value_name = "DIR", requires = "engine")]
    pub out: Option<PathBuf>,
    /// Index name written into the Quickwit index config (with --for quickwit).
    #[arg(long, default_value = "whosaid", value_name = "NAME")]
    pub target: String,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `whosaid push`.
#[derive(Args, Debug)]
pub struct PushArgs {
    /// The engine's base URL, e.g. http://localhost:7280 (Quickwit) or http://localhost:9200.
    #[arg(value_name = "URL")]
    pub url: String,
    /// Which engine listens at URL.
    #[arg(long, value_enum)]
    pub engine: EngineArg,
    /// The engine's index to fill (create it first from `export --for`'s definition).
    #[arg(long, value_name = "NAME")]
    pub target: String,
    /// Query and filters (documents from the local index).
    #[command(flatten)]
    pub matching: MatchArgs,
    /// Analyse these files or folders and push their paragraphs, without a local index.
    #[arg(long, num_args = 1.., value_name = "PATH", conflicts_with_all = ["text", "speaker", "actor", "kind", "source", "since", "until", "any"])]
    pub from_analyze: Vec<PathBuf>,
    /// Decode --from-analyze files that are not UTF-8 with this legacy encoding.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,
    /// Most documents in one request.
    #[arg(long, default_value_t = 500, value_name = "N")]
    pub batch_docs: usize,
    /// Most bytes in one request body (Quickwit refuses more than 10 MB).
    #[arg(long, default_value_t = 5_000_000, value_name = "BYTES")]
    pub batch_bytes: usize,
    /// Attempts per batch before giving up (429, 503, dropped connections).
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub max_attempts: u32,
    /// First back-off delay; doubles each retry, up to 60 s (a Retry-After header wins).
    #[arg(long, default_value_t = 500, value_name = "MS")]
    pub backoff_ms: u64,
    /// Checkpoint file [default: beside the index, or in the current folder with --from-analyze].
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// Ignore an existing checkpoint and push everything again.
    #[arg(long)]
    pub restart: bool,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
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
