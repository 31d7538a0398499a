//! The `whosaid` binary: parse arguments, run, map the outcome to an exit status.
//!
//! Exit status (../shared/contract.md): 0 success, 1 failure, 2 usage error (clap's, a bad
//! flag value, a query that does not parse),
//! 3 ingest finished but rejected some inputs.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use whosaid::cmd::{self, Outcome};

static STOP: AtomicBool = AtomicBool::new(false);

fn main() -> ExitCode {
    let cli = whosaid::cli::parse();
    // First Ctrl-C: stop reading, commit what was read. Second: leave at once (the index stays
    // at its last commit either way).
    let _ = ctrlc::set_handler(|| {
        if STOP.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    match cmd::run(cli, &STOP) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::SomeRejected) => ExitCode::from(3),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(err) => {
            // A closed pipe (`whosaid query … | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("whosaid: {}", cmd::error_message(&err));
            ExitCode::from(cmd::failure_status(&err))
        }
    }
}
