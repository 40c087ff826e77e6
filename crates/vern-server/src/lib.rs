//! vern's HTTP server: the REST API with OpenAPI generated from the code, API-key
//! authentication with roles, and the background jobs that keep every process's views current.

pub mod app;
pub mod auth;
mod breaches;
pub mod check;
pub mod clock;
pub mod delivery;
mod edge;
pub mod erasure;
pub mod error;
pub mod extract;
pub mod follower;
pub mod fptable;
mod front;
pub mod guard;
pub mod index;
pub mod input;
pub mod jobs;
pub mod key_cache;
pub mod lang;
pub mod messages;
pub mod notify;
pub mod objection;
pub mod observe;
pub mod openapi;
pub mod people;
pub mod proxy;
pub mod registers;
pub mod report;
pub mod requests;
pub mod routes;
pub mod settings;
pub mod share_link;
pub mod spreadsheet;
pub mod state;
pub mod ui;
pub mod wash;

pub use app::{Built, build_app, open_store, serve};
pub use clock::Clock;
pub use settings::{Environment, Layer, Settings};
