//! One integration-test binary (ripgrep's layout): every module runs the real
//! `whosaid` binary in a fresh temporary folder and checks what a user sees.

mod util;

mod browser;
mod cli;
mod crash;
mod formats;
mod hostile;
mod http;
mod json;
mod props;
mod ranking;
mod serve;
mod upsert;
