//! Every integration test of the server, in one test binary: each file here is a module, and one binary links
//! once and takes ~300 MB of `target/` where seventeen took seventeen times that (a CI run stopped on a full disk).
//! `make unit` runs it one test at a time; a file's tests alone: `cargo test -p server --test integration soak::`.

mod helpers;
mod process;
mod yclient;

mod api;
mod ballots;
mod collab;
mod convergence;
mod demo;
mod discussion;
mod editing_family;
mod exports_family;
mod failing_store;
mod fuzz;
mod imports;
mod notices;
mod people;
mod public;
mod restart;
mod servers;
mod soak;
