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

/// Extract the article from an HTML page.
pub fn extract(html: &str) -> Result<HtmlArticle, String> {
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
}
