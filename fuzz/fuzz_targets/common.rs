//! Shared by the fuzz targets: read bytes as one format and check what every reader promises.

use whosaid::analysis::analyze;
use whosaid::article::read::Format;
use whosaid::article::{Article, ReadOptions, Reader};

/// Read `data` as `format` and check every article; `deep` also analyses each one.
pub fn read_and_check(data: &[u8], format: Format, deep: bool) {
    // Both decodings: the strict default and the Windows-1252 fallback (which accepts any bytes).
    for windows_1252 in [false, true] {
        let opts = ReadOptions { windows_1252 };
        let _ = Reader::read_bytes(data, Some(format), "fuzz", opts, &mut |item| {
            if let Ok(a) = item {
                check_article(&a);
                if deep {
                    check_analysis(&a);
                }
            }
        });
    }
}

/// Paragraph and headline spans lie inside the text, on character boundaries, in order.
pub fn check_article(a: &Article) {
    let mut last = 0;
    for (i, p) in a.paragraphs.iter().enumerate() {
        assert!(p.start <= p.end && p.end <= a.text.len(), "paragraph {i} out of range");
        assert!(p.start >= last, "paragraphs out of order");
        assert!(!a.paragraph(i).trim().is_empty(), "empty paragraph {i}");
        last = p.end;
    }
    if let Some(h) = &a.headline {
        assert!(a.text.get(h.clone()).is_some(), "headline span not on char boundaries");
    }
    let _ = a.content_hash();
    let _ = a.word_count();
}

/// The analysis covers every paragraph, its spans are valid, and the JSON printer accepts it.
pub fn check_analysis(a: &Article) {
    let an = analyze(a);
    assert_eq!(an.paragraphs.len(), a.paragraphs.len());
    let valid = |r: &std::ops::Range<usize>| a.text.get(r.clone()).is_some();
    for e in &an.entities {
        assert!(e.mentions.iter().all(valid), "entity mention span invalid: {e:?}");
    }
    for q in &an.quotes {
        assert!(valid(&q.span), "quote span invalid: {q:?}");
        assert!(q.cue.as_ref().is_none_or(valid), "cue span invalid: {q:?}");
        assert!(q.source.as_ref().is_none_or(valid), "source span invalid: {q:?}");
        assert!(q.paragraph < a.paragraphs.len().max(1), "quote paragraph out of range");
    }
    let mut sink = Vec::new();
    whosaid::output::json::analysis(&mut sink, a, &an).expect("writes to a Vec");
}
