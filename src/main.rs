//! The `hirepage` binary: parse the arguments, run, exit.

use std::process::ExitCode;

use clap::Parser;

/// A build allocates and frees millions of small strings and values on every
/// core at once; the system allocator spent about an eighth of a 10,000-role
/// build in malloc and free, mimalloc spends a fraction of that. It is built
/// without transparent huge pages (the `no_thp` feature): with them, the
/// kernel zeroed 2 MB pages over and over as mimalloc reused its memory, about
/// 14% of the build's CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    hirepage::cli::Cli::parse().run()
}
