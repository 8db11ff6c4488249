//! Integration tests: build fixture sites with the real binary and inspect
//! what it writes. One test binary, so it links once.

mod audit;
mod authoring;
mod browser;
mod build;
mod cards;
mod cli;
mod cms;
mod editor_api;
mod editor_ui;
mod errors;
mod fuzz;
mod images;
mod incremental;
mod init;
mod languages;
mod locations;
mod publish;
mod reuse;
mod safety;
mod scale;
mod serve;
mod serve_is_build;
mod util;
