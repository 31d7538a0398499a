//! `whosaid serve`: the flags to a server configuration, then the server until stopped.

use anyhow::Result;

use super::{Context, Outcome};
use crate::cli::ServeArgs;
use crate::server::{self, ServerConfig};

/// Serve the index until Ctrl-C or SIGTERM.
pub fn run(ctx: &Context, args: &ServeArgs) -> Result<Outcome> {
    let index = ctx.index()?;
    let config = ServerConfig {
        addr: args.addr.clone(),
        log_requests: !args.quiet,
        write_token: args.write_token.clone().filter(|t| !t.is_empty()),
        cors: args.cors.clone(),
        max_concurrent: args.max_concurrent.max(1),
        timeout: args.timeout,
        max_body: args.max_body,
    };
    server::run(index, config, ctx.stop)?;
    Ok(Outcome::Success)
}
