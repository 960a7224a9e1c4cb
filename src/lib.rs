//! Attain: sales goals, quotas and partner commissions.

pub mod access;
pub mod accounts;
pub mod api;
pub mod auth;
pub mod cli;
pub mod compliance;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod goal_lifecycle;
pub mod jobs;
pub mod mail;
pub mod progress;
pub mod reminders;
pub mod sale_access;
pub mod sale_form;
pub mod sale_settings;
pub mod sales;
pub mod sheets;
pub mod snapshots;
pub mod startup;
pub mod telemetry;
pub mod trends;
pub mod web;
