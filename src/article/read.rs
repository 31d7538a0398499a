//! Corpus files -> [`Article`]s: finding input files, decoding, dispatching by format.
//!
//! Every failure is an [`InputError`] that names the file (and line) and the
//! reason; the caller reports it and goes on with the next input. Articles are
//! handed to a callback one at a time so that a large JSON Lines file streams.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::date::parse_date;
use super::json::{self, JsonArticle};
use super::paragraph::blocks;
use super::{Article, ArticleId, html, text};

/// Largest article file read whole (JSON Lines files stream and have this limit per line).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why an input was rejected; `Display` gives "path[:line]: reason".
#[derive(Debug, Clone)]
pub struct InputError {
    /// The file (or `-` for stdin) as the user would recognise it.
    pub path: String,
    /// 1-based line for JSON Lines inputs.
    pub line: Option<usize>,
    /// What is wrong, in words.
    pub reason: String,
}

impl InputError {
    pub(crate) fn new(path: &str, reason: impl Into<String>) -> Self {
        InputError { path: path.to_string(), line: None, reason: reason.into() }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path, l, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

impl std::error::Error for InputError {}

/// The article formats whosaid reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text with optional header block.
    Text,
    /// Markdown.
    Markdown,
    /// One JSON article or an array.
    Json,
    /// JSON Lines.
    Jsonl,
    /// An HTML page.
    Html,
}

impl Format {
    /// The format a file name implies; `None` for an extension whosaid does not read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = match path.extension() {
            None => return Some(Format::Text),
            Some(e) => e.to_string_lossy().to_ascii_lowercase(),
        };
        Some(match ext.as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "html" | "htm" | "xhtml" => Format::Html,
            _ => return None,
        })
    }

    /// Guess the format of unnamed input (stdin) from its first non-blank character.
    pub fn sniff(s: &str) -> Format {
        let t = s.trim_start();
        if t.starts_with('<') {
            Format::Html
        } else if t.starts_with('[') {
            Format::Json
        } else if t.starts_with('{') {
            // One object spanning lines is JSON; one object a line is JSON Lines.
            if t.lines().filter(|l| !l.trim().is_empty()).all(|l| l.trim_start().starts_with('{')) {
                Format::Jsonl
            } else {
                Format::Json
            }
        } else {
            Format::Text
        }
    }
}

/// How to read bytes that are not UTF-8.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Decode files that are not valid UTF-8 as Windows-1252 (legacy Western news archives)
    /// instead of rejecting them.
    pub windows_1252: bool,
}

/// Finds input files below the paths the user named.
pub struct Reader;

impl Reader {
    /// Every file below `paths` with the default exclusions: see [`super::walk::walk`].
    pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
        super::walk::walk(paths, &super::walk::Filter::default())
    }

    /// Read one file (or `-` for stdin), handing each article or per-article error to `emit`.
    /// Returns an error when the whole file is rejected.
    pub fn read(
        path: &Path,
        emit: &mut dyn FnMut(Result<Article, InputError>),
    ) -> Result<(), InputError> {
        Reader::read_with(path, ReadOptions::default(), emit)
    }

    /// [`Reader::read`] with options.
    pub fn read_with(
        path: &Path,
        opts: ReadOptions,
        emit: &mut dyn FnMut(Result<Article, InputError>),
    ) -> Result<(), InputError> {
        let shown = show_path(path);
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            io::stdin()
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| InputError::new("-", io_reason(&e)))?;
            if bytes.len() as u64 > MAX_FILE_BYTES {
                return Err(InputError::new("-", too_large(bytes.len() as u64)));
            }
            return Reader::read_bytes(&bytes, None, "-", opts, emit);
        }
        let Some(format) = Format::from_path(path) else {
            let ext =
                path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
            return Err(InputError::new(
                &shown,
                format!(
                    "unsupported file type .{ext} (whosaid reads .txt, .md, .json, .jsonl and .html)"
                ),
            ));
        };
        let file = File::open(path).map_err(|e| InputError::new(&shown, io_reason(&e)))?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        let id_base =
            show_path(&std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
        if format == Format::Jsonl {
            return read_jsonl(file, &shown, &id_base, emit);
        }
        if len > MAX_FILE_BYTES {
            return Err(InputError::new(&shown, too_large(len)));
        }
        let mut bytes = Vec::with_capacity(len as usize);
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| InputError::new(&shown, io_reason(&e)))?;
        let s = decode(&bytes, opts).map_err(|r| InputError::new(&shown, r))?;
        parse(format, s, &shown, &id_base, emit)
    }
}

impl Reader {
    /// Read an article file's bytes already in memory: `format` as its name would imply, or
    /// `None` to guess it from the content (as for stdin). `name` is shown in errors, and the
    /// article ids of unnamed input derive from the content. The entry point of the fuzz targets.
    pub fn read_bytes(
        bytes: &[u8],
        format: Option<Format>,
        name: &str,
        opts: ReadOptions,
        emit: &mut dyn FnMut(Result<Article, InputError>),
    ) -> Result<(), InputError> {
        let s = decode(bytes, opts).map_err(|r| InputError::new(name, r))?;
        let id_base = format!("stdin-{:016x}", xxhash_rust::xxh3::xxh3_64(s.as_bytes()));
        let format = format.unwrap_or_else(|| Format::sniff(&s));
        parse(format, s, name, &id_base, emit)
    }
}

/// A path as shown to people and used in derived ids. Bytes that are not UTF-8 are written as
/// `\xNN`, so that two file names differing only in such bytes stay distinct (a lossy `�`
/// would give them the same article id, and the second would silently replace the first).
pub fn show_path(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

fn too_large(len: u64) -> String {
    format!(
        "file too large ({} MB; one article file may hold at most {} MB)",
        len / 1_000_000,
        MAX_FILE_BYTES >> 20
    )
}

pub(crate) fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        // ELOOP: a symbolic link that leads back to itself (std has no stable kind for it).
        _ if cfg!(target_os = "linux") && e.raw_os_error() == Some(40) => {
            "symbolic link loop".into()
        }
        _ => e.to_string(),
    }
}

/// Bytes -> text: UTF-8, or UTF-16 with a byte-order mark; binary and other encodings are refused.
fn decode(bytes: &[u8], opts: ReadOptions) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty file".into());
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err("binary file (contains NUL bytes), not text".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) if opts.windows_1252 => {
            Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned())
        }
        Err(e) => Err(format!(
            "not valid UTF-8 (invalid byte at offset {}); convert it to UTF-8, \
             or pass --encoding windows-1252",
            e.valid_up_to()
        )),
    }
}

fn utf16(rest: &[u8], word: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !rest.len().is_multiple_of(2) {
        return Err("truncated UTF-16 text (odd number of bytes)".into());
    }
    let units = rest.chunks_exact(2).map(|c| word([c[0], c[1]]));
    let s: String = char::decode_utf16(units)
        .collect::<Result<_, _>>()
        .map_err(|_| "invalid UTF-16 text".to_string())?;
    if s.trim().is_empty() {
        return Err("empty file".into());
    }
    if s.contains('\0') {
        return Err("binary file (contains NUL characters), not text".into());
    }
    Ok(s)
}

fn parse(
    format: Format,
    s: String,
    shown: &str,
    id_base: &str,
    emit: &mut dyn FnMut(Result<Article, InputError>),
) -> Result<(), InputError> {
    match format {
        Format::Text | Format::Markdown => {
            emit(Ok(from_text(s, format == Format::Markdown, shown, id_base)));
            Ok(())
        }
        Format::Html => {
            let h = html::extract(&s).map_err(|r| InputError::new(shown, r))?;
            let a = from_parts(
                h.text,
                h.title,
                h.date,
                h.source,
                h.url,
                h.author,
                None,
                shown,
                id_base.to_string(),
            );
            emit(Ok(a));
            Ok(())
        }
        Format::Json => {
            let items = json::parse_document(&s).map_err(|r| InputError::new(shown, r))?;
            let many = items.len() > 1;
            for (i, item) in items.into_iter().enumerate() {
                let base = if many { format!("{id_base}#{i}") } else { id_base.to_string() };
                emit(
                    item.map(|j| from_json(j, shown, base)).map_err(|r| InputError::new(shown, r)),
                );
            }
            Ok(())
        }
        Format::Jsonl => read_jsonl(io::Cursor::new(s.into_bytes()), shown, id_base, emit),
    }
}

fn read_jsonl(
    r: impl Read,
    shown: &str,
    id_base: &str,
    emit: &mut dyn FnMut(Result<Article, InputError>),
) -> Result<(), InputError> {
    let mut reader = BufReader::with_capacity(1 << 16, r);
    let mut buf = Vec::new();
    let mut line_no = 0;
    let mut any = false;
    loop {
        buf.clear();
        line_no += 1;
        let n = (&mut reader)
            .take(MAX_FILE_BYTES + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| InputError::new(shown, io_reason(&e)))?;
        if n == 0 {
            break;
        }
        let at_line =
            |reason: String| InputError { path: shown.to_string(), line: Some(line_no), reason };
        if n as u64 > MAX_FILE_BYTES {
            emit(Err(at_line(too_large(n as u64).replace("file", "line"))));
            // Skip the rest of the oversized line.
            while !buf.ends_with(b"\n") {
                buf.clear();
                if (&mut reader)
                    .take(1 << 20)
                    .read_until(b'\n', &mut buf)
                    .map_err(|e| InputError::new(shown, io_reason(&e)))?
                    == 0
                {
                    break;
                }
            }
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        any = true;
        let item = match std::str::from_utf8(&buf) {
            Err(e) => Err(at_line(format!(
                "not valid UTF-8 (invalid byte at column {})",
                e.valid_up_to() + 1
            ))),
            Ok(line) => json::parse_line(line)
                .map(|j| Article {
                    line: Some(line_no),
                    ..from_json(j, shown, format!("{id_base}:{line_no}"))
                })
                .map_err(at_line),
        };
        emit(item);
    }
    if !any {
        return Err(InputError::new(shown, "empty file"));
    }
    Ok(())
}

fn from_text(s: String, markdown: bool, shown: &str, id_base: &str) -> Article {
    let l = text::layout(&s, markdown);
    let title = l.title.or_else(|| title_from_file_name(shown));
    let id =
        l.id.map(ArticleId)
            .or_else(|| l.url.clone().map(ArticleId))
            .unwrap_or_else(|| ArticleId(id_base.to_string()));
    Article {
        id,
        origin: shown.to_string(),
        line: None,
        title,
        date: l.date.as_deref().and_then(parse_date),
        unread_date: unreadable(l.date.as_deref()),
        source: l.source,
        url: l.url,
        author: l.author,
        headline: l.headline,
        paragraphs: l.paragraphs,
        text: s,
    }
}

fn from_json(j: JsonArticle, shown: &str, id_base: String) -> Article {
    let id = j.id.map(ArticleId);
    from_parts(j.text, j.title, j.date, j.source, j.url, j.author, id, shown, id_base)
}

#[allow(clippy::too_many_arguments)]
fn from_parts(
    text: String,
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
    url: Option<String>,
    author: Option<String>,
    id: Option<ArticleId>,
    shown: &str,
    id_base: String,
) -> Article {
    let paragraphs = body_paragraphs(&text);
    let id = id.or_else(|| url.clone().map(ArticleId)).unwrap_or(ArticleId(id_base));
    Article {
        id,
        origin: shown.to_string(),
        line: None,
        title: title.filter(|t| !t.trim().is_empty()).or_else(|| title_from_file_name(shown)),
        date: date.as_deref().and_then(parse_date),
        unread_date: unreadable(date.as_deref()),
        source,
        url,
        author,
        headline: None,
        paragraphs,
        text,
    }
}

/// The date text when one was given (not blank) but does not parse.
fn unreadable(date: Option<&str>) -> Option<String> {
    let d = date?.trim();
    (!d.is_empty() && parse_date(d).is_none()).then(|| d.chars().take(80).collect())
}

/// Paragraphs of a body that came without layout: blank-line blocks, or lines when it has no blank line.
fn body_paragraphs(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = blocks(text, 0);
    if b.len() == 1 && text[b[0].clone()].contains('\n') {
        let mut out = Vec::new();
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            let t = line.trim();
            if !t.is_empty() {
                let lead = line.len() - line.trim_start().len();
                out.push(pos + lead..pos + lead + t.len());
            }
            pos += line.len();
        }
        return out;
    }
    b
}

fn title_from_file_name(shown: &str) -> Option<String> {
    let stem = Path::new(shown).file_stem()?.to_string_lossy().replace(['-', '_'], " ");
    let t = stem.trim();
    (!t.is_empty() && t != "-").then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_what_is_not_text() {
        let strict = ReadOptions::default();
        assert!(decode(b"", strict).unwrap_err().contains("empty"));
        assert!(decode(b"  \n", strict).unwrap_err().contains("empty"));
        assert!(decode(b"ab\0cd", strict).unwrap_err().contains("binary"));
        assert!(decode(b"caf\xe9", strict).unwrap_err().contains("UTF-8"));
        assert_eq!(
            decode(b"\xa35 caf\xe9", ReadOptions { windows_1252: true }).unwrap(),
            "£5 café"
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Hi “there”".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16, strict).unwrap(), "Hi “there”");
    }

    #[test]
    fn jsonl_bad_line_does_not_stop_good_ones() {
        let data = "{\"_id\":\"a\",\"text\":\"one\"}\n{broken\n{\"_id\":\"b\",\"text\":\"two\"}\n";
        let mut ok = vec![];
        let mut bad = vec![];
        read_jsonl(io::Cursor::new(data), "x.jsonl", "/x.jsonl", &mut |r| match r {
            Ok(a) => ok.push(a.id.0),
            Err(e) => bad.push(e.to_string()),
        })
        .unwrap();
        assert_eq!(ok, ["a", "b"]);
        assert_eq!(bad.len(), 1);
        assert!(bad[0].starts_with("x.jsonl:2: invalid JSON"), "{}", bad[0]);
    }
}
