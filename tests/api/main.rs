//! Integration tests through HTTP against a real PostgreSQL.

mod admin;
mod auth;
mod browser;
mod cli;
mod demo;
mod health;
mod helpers;
mod routes;
