//! Integration tests: build fixture sites with the real binary and inspect
//! what it writes. One test binary, so it links once.

mod authoring;
mod build;
mod cli;
mod errors;
mod util;
