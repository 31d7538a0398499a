//! Ranking and quote-aware search (issue 11): what a title match is worth, `--speaker X Y`
//! putting Y inside X's own words first, `quote:` and the quotes of each hit.

use serde_json::Value;

use crate::util::{TestDir, repo, stderr, stdout};

/// A summit article: the title names Iraq, one paragraph quotes Tony Blair on Iraq, one has
/// Blair quoted on something else while Iraq comes up outside his words, one has him speak
/// of Africa only, and one quotes somebody else on Iraq.
const SUMMIT: &str = "Title: Blair and Chirac meet over Iraq
Date: 2005-02-10

\"We talked about trade with Africa and nothing else,\" said Tony Blair after the meeting.

\"Our troops will stay in Iraq until the elections are safe,\" said Tony Blair on Thursday.

Tony Blair arrived from Iraq late on Wednesday. \"It was a long journey,\" Tony Blair said.

\"Iraq needs a government of its own,\" said Jacques Chirac, the French president.
";

/// A second article whose title says nothing about Iraq, with Blair quoted on it at length.
const SPEECH: &str = "Title: Prime minister speaks to party conference
Date: 2005-02-12

The conference hall was full by nine in the morning and the mood was calm.

\"The people of Iraq deserve our patience and our help,\" Tony Blair told the delegates.
";

fn summit() -> TestDir {
    TestDir::ingested(&[("news/summit.txt", SUMMIT), ("news/speech.txt", SPEECH)])
}

fn hits(v: &Value) -> &Vec<Value> {
    v["hits"].as_array().expect("hits")
}

fn text(h: &Value) -> &str {
    h["text"].as_str().expect("text")
}

#[test]
fn speaker_mode_puts_the_topic_inside_the_speakers_words_first() {
    let t = summit();
    let v = t.json(&["query", "iraq", "--speaker", "blair", "--json"]);
    let texts: Vec<&str> = hits(&v).iter().map(text).collect();
    assert!(texts.len() >= 4, "{texts:#?}");
    // First the two paragraphs where Iraq is inside Blair's quotes.
    let first_two: Vec<bool> = texts[..2]
        .iter()
        .map(|t| t.contains("said Tony Blair on") || t.contains("told the delegates"))
        .collect();
    assert_eq!(first_two, [true, true], "{texts:#?}");
    // Then Blair speaking with Iraq elsewhere in the paragraph, before the paragraph that
    // matches on the title alone.
    assert!(texts[2].starts_with("Tony Blair arrived from Iraq"), "{texts:#?}");
    assert!(texts[3].contains("trade with Africa"), "{texts:#?}");
    // Chirac's paragraph has no Blair quote: the speaker filter leaves it out.
    assert!(!texts.iter().any(|t| t.contains("Chirac, the French")), "{texts:#?}");
}

#[test]
fn a_title_match_alone_ranks_below_paragraphs_that_say_the_word() {
    let t = summit();
    let v = t.json(&["query", "iraq", "--json"]);
    let says: Vec<bool> =
        hits(&v).iter().map(|h| text(h).to_lowercase().contains("iraq")).collect();
    let first_silent = says.iter().position(|s| !s).expect("a title-only match");
    assert!(says[first_silent..].iter().all(|s| !s), "a title-only match ranked above: {says:?}");
    assert_eq!(says.iter().filter(|s| **s).count(), 4);
}

#[test]
fn quote_prefix_searches_quoted_words_and_binds_to_the_speaker() {
    let t = summit();
    let v = t.json(&["query", "quote:iraq", "--json"]);
    let mut texts: Vec<&str> = hits(&v).iter().map(text).collect();
    texts.sort();
    // "Tony Blair arrived from Iraq" is outside any quote.
    assert_eq!(texts.len(), 3, "{texts:#?}");
    assert!(texts.iter().all(|t| !t.starts_with("Tony Blair arrived")), "{texts:#?}");

    let v = t.json(&["query", "quote:iraq speaker:blair", "--json"]);
    let texts: Vec<&str> = hits(&v).iter().map(text).collect();
    assert_eq!(texts.len(), 2, "{texts:#?}");
    assert!(texts.iter().all(|t| !t.contains("Chirac")), "{texts:#?}");

    let v = t.json(&["query", "quote:iraq", "--speaker", "chirac", "--json"]);
    let texts: Vec<&str> = hits(&v).iter().map(text).collect();
    assert_eq!(texts.len(), 1, "{texts:#?}");
    assert!(texts[0].contains("Jacques Chirac"), "{texts:#?}");
}

/// A paragraph quoting two speakers: `quote:` with a speaker finds the words in that
/// speaker's own quote only, as in a paragraph quoting one speaker.
#[test]
fn quote_prefix_binds_to_the_speaker_of_each_quote_in_a_shared_paragraph() {
    let t = TestDir::ingested(&[(
        "news/harbour.txt",
        "Title: Harbour news\nDate: 2005-03-01\n\nAnna Berg said: \"We are sailing at dawn.\" \
         Piet Olsen replied: \"The storm comes first.\"\n",
    )]);
    let count = |args: &[&str]| hits(&t.json(args)).len();
    assert_eq!(count(&["query", "quote:storm", "--speaker", "olsen", "--json"]), 1);
    assert_eq!(count(&["query", "quote:storm", "--speaker", "berg", "--json"]), 0);
    assert_eq!(count(&["query", "quote:\"sailing at dawn\" speaker:berg", "--json"]), 1);
    assert_eq!(count(&["query", "quote:dawn", "--speaker", "olsen", "--json"]), 0);
}

#[test]
fn hits_carry_their_quotes_with_character_offsets() {
    let t = TestDir::new();
    // Curly quotes and an accent before the quote: byte and character offsets differ.
    t.write(
        "a.txt",
        "Title: Café talks\n\nAt the café in Orléans, “Prices will fall next year,” said Andrew Bailey, the governor.\n",
    );
    assert_eq!(t.ingest(&["a.txt"]).status.code(), Some(0));
    let v = t.json(&["query", "prices", "--json"]);
    let hit = &hits(&v)[0];
    let quotes = hit["quotes"].as_array().expect("quotes");
    assert_eq!(quotes.len(), 1, "{hit:#}");
    let q = &quotes[0];
    assert_eq!(q["speaker"], "Andrew Bailey", "{q:#}");
    assert_eq!(q["direct"], true);
    let conf = q["confidence"].as_f64().expect("confidence");
    assert!(conf > 0.0 && conf <= 1.0, "{q:#}");
    let chars: Vec<char> = text(hit).chars().collect();
    let (s, e) = (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
    let span: String = chars[s..e].iter().collect();
    assert_eq!(span, q["text"].as_str().unwrap());
    assert!(span.contains("Prices will fall next year"), "{span}");

    // People see the matching quote with its speaker.
    let out = t.run(&["query", "prices", "--color", "never"]);
    let shown = stdout(&out);
    assert!(
        shown.lines().any(|l| l.contains("Prices will fall") && l.ends_with("— Andrew Bailey")),
        "{shown}"
    );
}

/// The BBC corpus from ../shared: skipped when absent, but required under CI.
fn bbc_politics() -> Option<std::path::PathBuf> {
    let p = repo().join("../shared/corpora/bbc/politics");
    if !p.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "CI needs ../shared/corpora/bbc");
        eprintln!("skipped: ../shared/corpora/bbc not present");
        return None;
    }
    Some(p)
}

#[test]
fn bbc_blair_on_iraq_ranks_his_words_before_title_matches() {
    let Some(src) = bbc_politics() else { return };
    let t = TestDir::new();
    let src = src.to_string_lossy().into_owned();
    let out = t.run(&["ingest", &src, "--quiet", "--encoding", "windows-1252"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = t.json(&["query", "--speaker", "blair", "iraq", "--json", "--limit", "10"]);
    let hits = hits(&v);
    // politics/155.txt, paragraph 6: Blair's own words, "In respect of Iraq, ...".
    let best = hits
        .iter()
        .position(|h| {
            h["article_id"].as_str().unwrap().ends_with("politics/155.txt") && h["paragraph"] == 6
        })
        .expect("Blair's Iraq paragraph in the top ten");
    assert!(best < 3, "ranked {}", best + 1);
    // No paragraph that only matches on its title ranks above one that says "Iraq".
    let says: Vec<bool> = hits.iter().map(|h| text(h).to_lowercase().contains("iraq")).collect();
    if let Some(first_silent) = says.iter().position(|s| !s) {
        assert!(says[first_silent..].iter().all(|s| !s), "{says:?}");
    }
}
