//! HTTP: thin handlers per area, each area registering its routes through
//! one `Routes` recorder so the full route list can be enumerated in tests.

pub mod account;
pub mod achievements;
pub mod admin;
pub mod approvals;
pub mod assets;
pub mod cache;
pub mod chart;
pub mod company;
pub mod compliance;
pub mod compress;
pub mod csrf;
pub mod dashboard;
pub mod disputes;
pub mod error;
pub mod format;
pub mod fragment;
pub mod framed_errors;
pub mod goal_approvals;
pub mod goals;
pub mod hardening;
pub mod health;
pub mod import;
pub mod kpis;
pub mod layout;
pub mod leaderboard;
pub mod live;
pub mod notifications;
pub mod payouts;
pub mod people;
pub mod respond;
pub mod sales;
pub mod sheets;
pub mod sign_in;
pub mod targets;
pub mod team;
pub mod trend;
pub mod what_if;
pub mod yearly;

use actix_web::http::Method;
use actix_web::{FromRequest, Handler, Responder, web};

pub use crate::db::run as db;

/// Records every route as it registers it.
pub struct Routes<'a> {
    cfg: Option<&'a mut web::ServiceConfig>,
    list: Vec<(Method, &'static str)>,
}

impl Routes<'_> {
    fn add<F, Args>(&mut self, method: Method, path: &'static str, handler: F)
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.list.push((method.clone(), path));
        if let Some(cfg) = self.cfg.as_deref_mut() {
            cfg.route(path, web::method(method).to(handler));
        }
    }

    pub fn get<F, Args>(&mut self, path: &'static str, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(Method::GET, path, handler);
        self
    }

    pub fn post<F, Args>(&mut self, path: &'static str, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(Method::POST, path, handler);
        self
    }

    pub fn put<F, Args>(&mut self, path: &'static str, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(Method::PUT, path, handler);
        self
    }

    pub fn delete<F, Args>(&mut self, path: &'static str, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(Method::DELETE, path, handler);
        self
    }
}

fn register(routes: &mut Routes) {
    health::routes(routes);
    sign_in::routes(routes);
    account::routes(routes);
    dashboard::routes(routes);
    team::routes(routes);
    company::routes(routes);
    goals::routes(routes);
    leaderboard::routes(routes);
    import::routes(routes);
    sales::routes(routes);
    kpis::routes(routes);
    approvals::routes(routes);
    sheets::routes(routes);
    yearly::routes(routes);
    notifications::routes(routes);
    live::routes(routes);
    compliance::routes(routes);
    goal_approvals::routes(routes);
    achievements::routes(routes);
    targets::routes(routes);
    people::routes(routes);
    payouts::routes(routes);
    disputes::routes(routes);
    what_if::routes(routes);
    crate::api::routes(routes);
    admin::routes(routes);
}

/// Registers every route on the app.
pub fn configure(cfg: &mut web::ServiceConfig) {
    let mut routes = Routes {
        cfg: Some(cfg),
        list: Vec::new(),
    };
    register(&mut routes);
}

/// Every registered (method, path), for the role × route test.
pub fn route_list() -> Vec<(Method, &'static str)> {
    let mut routes = Routes {
        cfg: None,
        list: Vec::new(),
    };
    register(&mut routes);
    routes.list
}
