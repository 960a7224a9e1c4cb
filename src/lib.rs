//! Attain: sales goals, quotas and partner commissions.

pub mod api;
pub mod auth;
pub mod board;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod goals;
pub mod i18n;
pub mod input;
pub mod jobs;
pub mod live;
pub mod notify;
pub mod org;
pub mod payouts;
pub mod rewards;
pub mod sales;
pub mod startup;
pub mod telemetry;
pub mod web;
