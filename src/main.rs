//! The `hirepage` binary: parse the arguments, run, exit.

use std::process::ExitCode;

use clap::Parser;

/// A build allocates and frees millions of small strings and values from two
/// threads at once; the system allocator spent about an eighth of a 10,000-role
/// build in malloc and free, mimalloc spends a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    hirepage::cli::Cli::parse().run()
}
