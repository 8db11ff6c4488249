//! Integration tests: build fixture sites with the real binary and inspect
//! what it writes. One test binary, so it links once.

mod audit;
mod build;
mod cli;
mod errors;
mod util;
