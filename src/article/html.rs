//! HTML pages: the main article text, extracted the way reader views do.
//!
//! dom_smoothie (a port of Mozilla's readability.js) finds the article body and
//! reads title, byline, site name and publication date from og:/article: meta
//! tags and JSON-LD. We ask it for formatted text, whose paragraphs are
//! separated by blank lines, so the usual paragraph splitter applies.

use dom_smoothie::{Config, Readability, TextMode};

/// What a page yields: its body text and metadata.
#[derive(Debug, Default)]
pub struct HtmlArticle {
    /// Page or article title.
    pub title: Option<String>,
    /// Extracted body text, paragraphs separated by blank lines.
    pub text: String,
    /// Publication date, unparsed.
    pub date: Option<String>,
    /// Site name.
    pub source: Option<String>,
    /// Canonical URL (JSON-LD), if given.
    pub url: Option<String>,
    /// Byline.
    pub author: Option<String>,
}

/// Elements beyond which a page is not parsed (guards against pathological pages).
const MAX_ELEMENTS: usize = 200_000;

/// Deepest element nesting a page may have. html5ever's tree builder scans its stack of open
/// elements for many tags, so parsing time grows with the square of the depth (5,000 nested
/// `<div>`s took a minute); real pages nest a few dozen levels.
pub const MAX_DEPTH: usize = 512;

/// Extract the article from an HTML page.
pub fn extract(html: &str) -> Result<HtmlArticle, String> {
    if nesting_exceeds(html, MAX_DEPTH) {
        return Err(format!(
            "HTML nested too deeply (more than {MAX_DEPTH} levels of elements); not parsed"
        ));
    }
    let cfg = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let mut r = Readability::new(html, None, Some(cfg)).map_err(|e| format!("HTML: {e}"))?;
    let a = r.parse().map_err(|e| format!("no article text found in the page ({e})"))?;
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let text = normalise_blank_lines(&a.text_content);
    if text.trim().is_empty() {
        return Err("no article text found in the page".into());
    }
    Ok(HtmlArticle {
        title: nonempty(Some(a.title)),
        text,
        date: nonempty(a.published_time),
        source: nonempty(a.site_name),
        url: nonempty(a.url),
        author: nonempty(a.byline),
    })
}

/// Elements that never hold children.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame",
];
/// Elements a parser closes by itself when a sibling starts (`<p>a<p>b`): they do not nest when
/// left open, so they are not counted (a page of unclosed `<p>`s is ordinary HTML).
const AUTO_CLOSED: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb",
    "rt", "rtc", "rp", "colgroup", "caption",
];
/// Elements whose content is text up to their closing tag.
const RAW_TEXT: &[&str] =
    &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"];

/// True when the page's elements would nest more than `limit` deep: a quick scan of the tags
/// with a stack of open element names, closing as a parser would (a stray end tag pops nothing).
fn nesting_exceeds(html: &str, limit: usize) -> bool {
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_from = usize::from(closing);
        let name_len = rest[name_from..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len() - name_from);
        if name_len == 0 || !rest.as_bytes()[name_from].is_ascii_alphabetic() {
            continue; // `<!doctype`, `< 3`, `<?xml`: not an element
        }
        let name = rest[name_from..name_from + name_len].to_ascii_lowercase();
        let tag_end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let self_closing = rest[..tag_end].ends_with("/>");
        rest = &rest[tag_end..];
        if VOID.contains(&name.as_str()) || AUTO_CLOSED.contains(&name.as_str()) {
            continue;
        }
        if closing {
            if let Some(at) = open.iter().rposition(|n| *n == name) {
                open.truncate(at);
            }
        } else if RAW_TEXT.contains(&name.as_str()) {
            rest = skip_to_end_tag(rest, &name);
        } else if !self_closing {
            open.push(name);
            if open.len() > limit {
                return true;
            }
        }
    }
    false
}

/// `s` from the end tag `</name` (any case) on, or "" when there is none.
fn skip_to_end_tag<'a>(mut s: &'a str, name: &str) -> &'a str {
    while let Some(i) = s.find("</") {
        let after = &s.as_bytes()[i + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return &s[i..];
        }
        s = &s[i + 2..];
    }
    ""
}

/// Trim every line and keep at most one blank line between paragraphs.
fn normalise_blank_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank_run = true;
    for line in s.lines() {
        let t = line.trim();
        if t.is_empty() {
            if !blank_run {
                out.push('\n');
                blank_run = true;
            }
        } else {
            if !out.is_empty() && !out.ends_with("\n\n") {
                // Formatted text puts one paragraph a line; make every line a paragraph.
                out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
            }
            out.push_str(t);
            out.push('\n');
            blank_run = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_body_and_metadata() {
        let html = r#"<html><head><title>Copper | Daily</title>
            <meta property="og:site_name" content="Daily News">
            <meta property="article:published_time" content="2021-09-03T10:00:00Z"></head>
            <body><nav>Home | World | Sport</nav><article><h1>Copper</h1>
            <p>“We own rich copper mines, which, thanks to the Chinese, will be modernized,” Mujahid said in an interview on Thursday with reporters.</p>
            <p>The Taliban took control of Kabul last month after a rapid advance across the country.</p>
            </article><footer>© 2021</footer></body></html>"#;
        let a = extract(html).unwrap();
        assert!(a.text.contains("copper mines"), "{}", a.text);
        assert!(!a.text.contains("Sport"), "{}", a.text);
        assert_eq!(a.source.as_deref(), Some("Daily News"));
        assert_eq!(a.date.as_deref(), Some("2021-09-03T10:00:00Z"));
        assert!(a.text.contains("\n\n"), "paragraphs kept apart: {:?}", a.text);
    }

    #[test]
    fn nesting_depth_is_estimated_like_a_parser_would() {
        let deep = |n: usize| "<div>".repeat(n) + "text" + &"</div>".repeat(n);
        assert!(!nesting_exceeds(&deep(100), 100));
        assert!(nesting_exceeds(&deep(101), 100));
        // Siblings, unclosed paragraphs and list items, void and self-closing tags do not nest.
        assert!(!nesting_exceeds(&"<div>a</div>".repeat(1000), 10));
        assert!(!nesting_exceeds(&"<p>a<li>b<br><img src=x><span/>".repeat(1000), 10));
        // A stray end tag closes nothing; script text is not markup.
        assert!(nesting_exceeds(&"<div></span>".repeat(11), 10));
        assert!(!nesting_exceeds(&format!("<script>{}</script>", "<div>".repeat(50)), 10));
        assert!(!nesting_exceeds("<!-- <div><div><div> --> <b>x</b>", 2));
        // Truncated pages do not trip the scan.
        assert!(!nesting_exceeds("<html><body><div class=", 10));
        assert!(!nesting_exceeds("<", 10));
    }

    #[test]
    fn a_deeply_nested_page_is_refused_quickly() {
        let html = "<html><body>".to_string() + &"<div>".repeat(100_000) + "<p>deep</p>";
        let e = extract(&html).unwrap_err();
        assert!(e.contains("nested too deeply"), "{e}");
    }
}
