//! The `hirepage` binary: parse the arguments, run, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    hirepage::cli::Cli::parse().run()
}
