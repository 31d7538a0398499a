//! The README says what the program does: its command and query tables match `--help`, its
//! quick start shows what the program prints; completions and the man page work.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use crate::util::{TestDir, repo, stderr, stdout};

fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md")).unwrap()
}

fn help(args: &[&str]) -> String {
    let out = TestDir::new().cmd().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    stdout(&out)
}

/// The rows of the README table that starts with `header`, as cells.
fn table(readme: &str, header: &str) -> Vec<Vec<String>> {
    let at = readme.find(header).unwrap_or_else(|| panic!("no table {header:?} in the README"));
    readme[at..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            // Split at `|` not escaped as `\|`.
            let l = l.trim().trim_start_matches('|').trim_end_matches('|').replace("\\|", "\u{0}");
            l.split('|').map(|c| c.trim().replace('\u{0}', "|")).collect()
        })
        .collect()
}

/// The subcommands `whosaid --help` lists (without `help`).
fn subcommands() -> Vec<String> {
    let top = help(&["--help"]);
    top.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

/// The long options of a help text, without `--help`, `--version` and the global flags the
/// README names once under the table.
fn long_options(text: &str) -> BTreeSet<String> {
    text.split(|c: char| c.is_whitespace() || c == '`' || c == ',' || c == '[')
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(|w| w.trim_end_matches([']', '.', ';', ':']).to_string())
        .filter(|w| {
            !["--help", "--version", "--index", "--color", "--aliases"].contains(&w.as_str())
        })
        .collect()
}

#[test]
fn readme_command_table_matches_help() {
    let readme = readme();
    let rows = table(&readme, "| usage (as `--help` prints it) |");
    let subs = subcommands();
    assert!(subs.len() >= 5, "{subs:?}");
    for sub in &subs {
        let h = help(&[sub, "--help"]);
        let usage = h.lines().find_map(|l| l.strip_prefix("Usage: ")).unwrap().trim();
        let row = rows
            .iter()
            .find(|r| r[0].trim_matches('`') == usage)
            .unwrap_or_else(|| panic!("no README command row with usage `{usage}`"));
        let options: String = h
            .lines()
            .skip_while(|l| !l.starts_with("Options:"))
            .filter(|l| l.trim_start().starts_with('-'))
            .map(|l| l.split("  ").find(|p| !p.trim().is_empty()).unwrap_or("").to_string() + " ")
            .collect();
        assert_eq!(long_options(&row[1]), long_options(&options), "options of `{usage}`");
    }
    // And no row for a command that does not exist.
    for r in &rows {
        let name = r[0].trim_matches('`').split_whitespace().nth(1).unwrap_or("").to_string();
        assert!(subs.contains(&name), "README row for unknown command {name:?}");
    }
}

#[test]
fn readme_query_table_matches_help() {
    let rows = table(&readme(), "| query | meaning |");
    let h = help(&["query", "--help"]);
    let lines: Vec<(String, String)> = h
        .lines()
        .skip_while(|l| !l.starts_with("Query syntax:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| {
            let l = l.trim();
            let gap = l.find("  ").expect("two spaces between example and meaning");
            (l[..gap].to_string(), l[gap..].trim().to_string())
        })
        .collect();
    let readme_rows: Vec<(String, String)> =
        rows.iter().map(|r| (r[0].replace('`', ""), r[1].clone())).collect();
    assert!(lines.len() >= 15, "{h}");
    assert_eq!(readme_rows, lines);
    // Every operator and field of the language has a row.
    let all: String = lines.iter().map(|(q, _)| q.as_str()).collect::<Vec<_>>().join(" ");
    for construct in [
        "AND", "OR", "NOT", "+", "-", "~5", "~,", "*", "^", "[", "title:", "text:", "speaker:",
        "actor:", "source:", "date:", "quote:",
    ] {
        assert!(all.contains(construct), "{construct} missing from {all}");
    }
}

/// `(0.8 ms)` -> `(… ms)`: the time taken is the one figure that changes from run to run.
fn without_time(s: &str) -> String {
    match (s.rfind(" ("), s.rfind(" ms)")) {
        (Some(a), Some(b)) if a < b => format!("{}(… ms){}", &s[..a + 2], &s[b + 4..]),
        _ => s.to_string(),
    }
}

#[test]
fn readme_quick_start_is_what_the_program_prints() {
    let readme = readme();
    let at = readme.find("## Quick start").unwrap();
    let block = &readme[at..];
    let start = block.find("```text\n").unwrap() + "```text\n".len();
    let expected = &block[start..start + block[start..].find("```").unwrap()];
    let t = TestDir::new().with_corpus();
    let out = t.cmd().args(["query", "copper mines"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let root = std::fs::canonicalize(t.path()).unwrap();
    let got = stdout(&out).replace(root.to_str().unwrap(), "/home/you/whosaid");
    let got: Vec<String> = got.lines().map(without_time).collect();
    let want: Vec<String> = expected.lines().map(without_time).collect();
    assert_eq!(got, want);
}

#[test]
fn completions_are_scripts_the_shells_accept() {
    let t = TestDir::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = t.cmd().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        assert!(stdout(&out).contains("whosaid"), "{shell}");
        if shell == "bash" {
            let mut bash =
                Command::new("bash").arg("-n").stdin(Stdio::piped()).spawn().expect("bash");
            bash.stdin.take().unwrap().write_all(&out.stdout).unwrap();
            assert!(bash.wait().unwrap().success(), "bash -n rejects the script");
            assert!(stdout(&out).contains("--facet-limit"), "query flags completed");
        }
    }
    let out = t.cmd().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_renders() {
    let have_man = Command::new("man").arg("--version").output().is_ok_and(|o| o.status.success());
    if !have_man {
        // CI installs man-db (.ci/run); elsewhere the test says why it did not run.
        assert!(std::env::var_os("CI").is_none(), "man is missing under CI");
        eprintln!("the_man_page_renders: skipped, `man` is not installed");
        return;
    }
    let page = TestDir::new().cmd().arg("man").output().unwrap();
    assert_eq!(page.status.code(), Some(0));
    let mut man = Command::new("man")
        .args(["-l", "-"])
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "100")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    man.stdin.take().unwrap().write_all(&page.stdout).unwrap();
    let out = man.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // roff's own complaints name troff (a locale warning from man itself is not ours).
    assert!(!stderr(&out).contains("troff"), "the page has roff errors: {}", stderr(&out));
    let text = stdout(&out);
    for want in ["NAME", "whosaid", "WHOSAID QUERY", "--facet-limit", "whosaid man | man -l -"] {
        assert!(text.contains(want), "{want} missing from the rendered page:\n{text}");
    }
}

#[test]
fn help_teaches_and_lists_only_what_applies() {
    for sub in subcommands() {
        let h = help(&[&sub, "--help"]);
        let examples =
            h.split("Examples:\n").nth(1).unwrap_or_else(|| panic!("{sub}: no examples"));
        let n = examples.lines().filter(|l| l.trim_start().starts_with("whosaid ")).count();
        assert!((2..=3).contains(&n) || sub == "query" && n == 3, "{sub}: {n} examples");
    }
    let analyze = help(&["analyze", "--help"]);
    assert!(!analyze.contains("--index"), "{analyze}");
    // Still accepted, so scripts that pass --index to every command keep working.
    let t = TestDir::new().with_corpus();
    let out = t.run(&["analyze", "corpus"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
