//! Input formats (text, Markdown, JSON, JSONL, HTML, stdin) and bad input.

use crate::util::*;

#[test]
fn jsonl_ids_become_article_ids() {
    let t = TestDir::new();
    t.write(
        "feed.jsonl",
        concat!(
            "{\"_id\": \"art-1\", \"title\": \"Copper deal\", \"text\": \"Miners signed a copper deal on Monday.\\n\\nThe deal covers ten years.\"}\n",
            "{\"_id\": 42, \"title\": \"Tin deal\", \"text\": \"Tin miners signed nothing.\"}\n",
        ),
    );
    let out = t.ingest(&["feed.jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = t.json(&["query", "signed", "--json"]);
    let mut ids: Vec<&str> =
        v["hits"].as_array().unwrap().iter().map(|h| h["article_id"].as_str().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, ["42", "art-1"]);
    let v = t.json(&["query", "ten years", "--json"]);
    assert_eq!(v["hits"][0]["paragraph"], 1);
    assert_eq!(v["hits"][0]["title"], "Copper deal");
}

#[test]
fn json_documents_markdown_html_and_stdin() {
    let t = TestDir::new();
    t.write(
        "one.json",
        r#"{"id": "j1", "title": "Harbour", "body": "The harbour reopened.", "date": "September 2, 2021", "source": "Gazette", "url": "https://example.org/h"}"#,
    );
    t.write(
        "many.json",
        r#"[{"id": "a1", "content": "Apples fell."}, {"id": "a2", "text": "Pears rose."}]"#,
    );
    t.write(
        "note.md",
        "# Budget talks\n\nThe minister spoke.\n## Reaction\n- Unions objected\n- Markets rose\n",
    );
    t.write(
        "page.html",
        r#"<html><head><title>Bridge | Courier</title>
        <meta property="og:site_name" content="Courier"><meta property="article:published_time" content="2020-05-04T08:00:00Z"></head>
        <body><nav>Home News Sport Weather</nav><article><h1>Bridge</h1>
        <p>The old bridge over the river will close for repairs next month, the council said on Tuesday after an inspection.</p>
        <p>Engineers found cracks in two of its supports during a routine survey carried out in the spring.</p></article></body></html>"#,
    );
    let out = t.ingest(&["one.json", "many.json", "note.md", "page.html"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let h = &t.json(&["query", "harbour", "--json"])["hits"][0];
    assert_eq!(h["article_id"], "j1");
    assert_eq!(h["date"], "2021-09-02");
    assert_eq!(h["source"], "Gazette");
    assert_eq!(t.json(&["query", "pears", "--json"])["hits"][0]["article_id"], "a2");
    let md = &t.json(&["query", "unions", "--json"])["hits"][0];
    assert_eq!(md["title"], "Budget talks");
    assert_eq!(md["text"], "- Unions objected");
    let html = &t.json(&["query", "cracks", "--json"])["hits"][0];
    assert_eq!(html["source"], "Courier");
    assert_eq!(html["date"], "2020-05-04");
    assert!(
        t.json(&["query", "weather", "--json"])["hits"].as_array().unwrap().is_empty(),
        "navigation is not article text"
    );
    // stdin
    let out = t
        .cmd()
        .args(["ingest", "-", "--quiet", "--index"])
        .arg(t.index())
        .write_stdin("Headline from a pipe\n\nPiped paragraphs are searchable.\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(t.json(&["query", "piped", "--json"])["hits"][0]["title"], "Headline from a pipe");
}

#[test]
fn text_header_block_and_headline() {
    let t = TestDir::new();
    t.write(
        "h.txt",
        "Title: Given title\nDate: 2019-01-02\nSource: Wire\nId: wire-7\n\nBody about zinc.\n",
    );
    t.write("b.txt", "Zinc prices jump\n\nZinc rose sharply on Friday.\n");
    t.write("plain_story.txt", "Zinc is a metal. It is grey.\n\nMore on zinc.\n");
    assert_eq!(t.ingest(&["h.txt", "b.txt", "plain_story.txt"]).status.code(), Some(0));
    let v = t.json(&["query", "zinc", "--json", "--limit", "10"]);
    let find = |id_part: &str| {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["article_id"].as_str().unwrap().contains(id_part))
            .cloned()
            .unwrap()
    };
    let h = find("wire-7");
    assert_eq!(
        (h["title"].as_str(), h["date"].as_str(), h["source"].as_str()),
        (Some("Given title"), Some("2019-01-02"), Some("Wire"))
    );
    assert_eq!(find("b.txt")["title"], "Zinc prices jump");
    assert_eq!(find("b.txt")["paragraph"], 0);
    let p = find("plain_story.txt");
    assert_eq!(p["title"], "plain story", "no headline: the title comes from the file name");
}

#[test]
fn bad_files_are_named_and_the_rest_goes_in() {
    let t = TestDir::new();
    t.write("in/good.txt", "Good news\n\nThe copper mine reopened.\n");
    t.write("in/also-good.json", r#"{"id": "g2", "text": "Tin mine reopened too."}"#);
    t.write("in/binary.txt", b"\x00\x01\x02\x03binary\x00junk");
    t.write("in/image.png", b"\x89PNG\r\n\x1a\n\x00\x00");
    t.write("in/empty.txt", "");
    t.write("in/latin1.txt", b"caf\xe9 au lait\n");
    t.write("in/broken.json", "{\"id\": \"b\", \"text\": ");
    t.write("in/wrong.json", r#"{"id": "w", "text": 7}"#);
    t.write("in/lines.jsonl", "{\"id\":\"l1\",\"text\":\"Line one mine.\"}\nnot json\n{\"id\":\"l2\",\"text\":\"Line three mine.\"}\n");
    let out = t.ingest(&["in"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    for (file, reason) in [
        ("binary.txt", "binary file"),
        ("image.png", "unsupported file type .png"),
        ("empty.txt", "empty file"),
        ("latin1.txt", "not valid UTF-8"),
        ("broken.json", "invalid JSON"),
        ("wrong.json", "\"text\" must be a string"),
        ("lines.jsonl:2", "invalid JSON"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(file) && l.contains(reason)),
            "{file}: {reason}\n{err}"
        );
    }
    assert!(!err.contains("panicked"));
    let v = t.json(&["query", "mine", "--json"]);
    assert_eq!(v["total"], 4, "{v}");
    // The legacy-encoding switch reads what strict UTF-8 refused.
    let out = t.run(&["ingest", "--quiet", "--encoding", "windows-1252", "in/latin1.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(t.json(&["query", "café", "--json"])["total"], 1);
}

#[test]
fn missing_paths_are_rejected_with_exit_3() {
    let t = TestDir::new();
    t.write("ok.txt", "Fine\n\nA fine article.\n");
    let out = t.ingest(&["ok.txt", "does-not-exist"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("does-not-exist: no such file or folder"), "{}", stderr(&out));
    assert_eq!(t.json(&["query", "fine", "--json"])["total"], 1);
}
