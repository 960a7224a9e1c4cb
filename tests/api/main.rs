//! Integration tests through HTTP against a real PostgreSQL.

mod admin;
mod admin_jobs;
mod api_sales;
mod api_v1;
mod approvals_pages;
mod auth;
mod browser;
mod cli;
mod demo;
mod goal_lifecycle;
mod goals;
mod health;
mod helpers;
mod import;
mod leaderboard;
mod live;
mod periods_metrics;
mod reminders;
mod rewards;
mod routes;
mod sales;
mod sales_pages;
mod sheets;
mod snapshots;
mod targets;
mod team;
