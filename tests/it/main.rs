//! Integration tests: build fixture sites with the real binary and inspect
//! what it writes. One test binary, so it links once.

mod audit;
mod authoring;
mod browser;
mod build;
mod cli;
mod cms;
mod errors;
mod incremental;
mod publish;
mod serve;
mod util;
