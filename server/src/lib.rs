//! The Accord server: configuration, store connection, routes (Leptos, exports, language), start and stop,
//! and the administrators' command line.

pub mod api;
pub mod application;
pub mod backup;
pub mod cli;
pub mod collab;
pub mod config;
pub mod demo;
pub mod exports;
pub mod notices;
pub mod preload;
pub mod public_pages;
pub mod routes;
pub mod security;
pub mod summary;
pub mod telemetry;
