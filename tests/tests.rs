//! One integration-test binary (ripgrep's layout): every module runs the real
//! `whosaid` binary in a fresh temporary folder and checks what a user sees.

mod http_fixture;
mod util;

mod browser;
mod cli;
mod crash;
mod delete;
mod docs;
mod export;
mod follow;
mod formats;
mod hostile;
mod http;
mod json;
mod names;
mod props;
mod push;
mod querylang;
mod ranking;
mod serve;
mod speakers;
mod upsert;
mod watch;
