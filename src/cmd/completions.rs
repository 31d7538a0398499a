//! `whosaid completions SHELL` and `whosaid man`: generated from the clap definitions.

use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::{CompletionsArgs, command};

/// Print the completion script for the shell.
pub fn completions(args: &CompletionsArgs) -> Result<Outcome> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command(), "whosaid", &mut out);
    out.flush()?;
    Ok(Outcome::Success)
}

/// Print the man page: the command's own page, then a section for each subcommand with its
/// usage, options and examples.
pub fn man() -> Result<Outcome> {
    let mut cmd = command();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut page)?;
    for sub in cmd.get_subcommands_mut().filter(|s| !s.is_hide_set()) {
        let usage = sub.render_usage().to_string();
        let usage = format!("whosaid {}", usage.trim_start_matches("Usage: "));
        writeln!(page, ".SH \"WHOSAID {}\"", roff(&sub.get_name().to_uppercase()))?;
        if let Some(about) = sub.get_about() {
            writeln!(page, "{}", roff(&about.to_string()))?;
        }
        writeln!(page, ".PP\n\\fB{}\\fR", roff(&usage))?;
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            let mut head = match (arg.get_short(), arg.get_long()) {
                (Some(s), Some(l)) => format!("\\fB\\-{s}\\fR, \\fB\\-\\-{l}\\fR"),
                (None, Some(l)) => format!("\\fB\\-\\-{l}\\fR"),
                (Some(s), None) => format!("\\fB\\-{s}\\fR"),
                (None, None) => String::new(),
            };
            if arg.get_action().takes_values() {
                let names = arg.get_value_names().map(|v| v.join(" ")).unwrap_or_default();
                head = format!("{head} \\fI{}\\fR", roff(&names)).trim().to_string();
            }
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            writeln!(page, ".TP\n{head}\n{}", roff(&help))?;
        }
        if let Some(after) = sub.get_after_help() {
            writeln!(page, ".PP\n.nf\n{}\n.fi", roff(&after.to_string()))?;
        }
    }
    let mut out = std::io::stdout().lock();
    out.write_all(&page)?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// Text as roff reads it literally: backslashes and hyphens escaped, no line read as a request.
fn roff(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.replace('\\', "\\e").replace('-', "\\-");
            if l.starts_with('.') || l.starts_with('\'') { format!("\\&{l}") } else { l }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
