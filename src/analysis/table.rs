//! The runner of the analysis rule tables (`tests/data/*.txt`), for unit tests.
//!
//! A table is blocks separated by lines `===`; a block is input lines, a line `---`, then the
//! expected output lines (none when nothing is expected). Lines starting with `#` are comments:
//! known failures stay in the file as commented cases. A block that is not exactly input,
//! `---`, expected (two `---`, no input, a lost `===` merging two cases) is an error, not a
//! silently skipped case, and so is running fewer cases than the file's `---` lines promise.

use std::fmt::Write as _;

/// One case of a table: where it starts (1-based line), its input and expected lines.
#[derive(Debug, PartialEq)]
pub(crate) struct Case {
    /// Line of the file where the block starts.
    pub line: usize,
    /// Input text (trimmed).
    pub input: String,
    /// Expected output lines (trimmed, blank lines dropped).
    pub expected: Vec<String>,
}

/// Parse a table into its cases; `Err` names the first malformed block.
pub(crate) fn parse(data: &str) -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    let mut block: Vec<(usize, &str)> = Vec::new();
    let lines = data.lines().enumerate().map(|(i, l)| (i + 1, l));
    for (n, line) in lines.chain(std::iter::once((0, "==="))) {
        if line.starts_with('#') {
            continue;
        }
        if line.trim_end() != "===" {
            block.push((n, line));
            continue;
        }
        let start = block.first().map_or(n, |&(n, _)| n);
        let seps: Vec<usize> = block
            .iter()
            .enumerate()
            .filter(|(_, (_, l))| l.trim_end() == "---")
            .map(|(i, _)| i)
            .collect();
        let blank = block.iter().all(|(_, l)| l.trim().is_empty());
        match seps.as_slice() {
            [] if blank => {}
            [i] => {
                let input: Vec<&str> = block[..*i].iter().map(|&(_, l)| l).collect();
                let input = input.join("\n").trim().to_string();
                if input.is_empty() {
                    return Err(format!("block at line {start}: no input before '---'"));
                }
                let expected = block[i + 1..]
                    .iter()
                    .map(|(_, l)| l.trim())
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect();
                cases.push(Case { line: start, input, expected });
            }
            [] => return Err(format!("block at line {start}: no '---' line")),
            _ => {
                return Err(format!(
                    "block at line {start}: {} '---' lines (a lost '===')",
                    seps.len()
                ));
            }
        }
        block.clear();
    }
    Ok(cases)
}

/// Run every case of table `data` through `render`; panics listing the failed cases, on a
/// malformed block, and when fewer cases ran than the file's `---` lines hold.
pub(crate) fn run_table(data: &str, render: impl Fn(&str) -> Vec<String>) {
    let cases = parse(data).unwrap_or_else(|e| panic!("malformed table: {e}"));
    let promised = data.lines().filter(|l| !l.starts_with('#') && l.trim_end() == "---").count();
    let mut ran = 0;
    let mut failures = String::new();
    for case in &cases {
        let got = render(&case.input);
        ran += 1;
        if got != case.expected {
            let _ = write!(
                failures,
                "case at line {}:\n{}\nexpected:\n{}\ngot:\n{}\n\n",
                case.line,
                case.input,
                case.expected.join("\n"),
                got.join("\n")
            );
        }
    }
    assert_eq!(ran, promised, "the table holds {promised} cases but {ran} ran");
    assert!(failures.is_empty(), "table case(s) failed:\n\n{failures}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cases_comments_and_empty_expectations() {
        let t =
            "# header\na\n---\nx\n\ny\n===\n# a known failure\n# b\n# ---\n# z\n===\nc\n---\n===\n";
        let cases = parse(t).unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].input, "a");
        assert_eq!(cases[0].expected, ["x", "y"]);
        assert_eq!(cases[1].input, "c");
        assert!(cases[1].expected.is_empty());
    }

    #[test]
    fn rejects_malformed_blocks() {
        assert!(parse("a\nx\n===\n").unwrap_err().contains("no '---'"));
        assert!(parse("---\nx\n===\n").unwrap_err().contains("no input"));
        assert!(parse("a\n---\nx\nb\n---\ny\n===\n").unwrap_err().contains("lost"));
    }

    #[test]
    #[should_panic(expected = "table case(s) failed")]
    fn a_wrong_expectation_fails() {
        run_table("a\n---\nA\n===\n", |s| vec![s.to_string()]);
    }

    #[test]
    fn runs_every_case() {
        run_table("a\n---\na\n===\nb\n---\nb\n", |s| vec![s.to_string()]);
    }
}
