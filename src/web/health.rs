//! `GET /healthz`: 200 when the database answers; 503 otherwise, saying
//! whether the database is down or only every pooled connection is busy
//! (the instance is overloaded, not broken).

use std::time::Duration;

use actix_web::{HttpResponse, web};
use serde_json::json;

use super::Routes;
use crate::db::DbPool;

pub fn routes(r: &mut Routes) {
    r.get("/healthz", healthz);
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
    Up,
    /// No connection came free in time, and every one is checked out.
    Busy,
    /// No connection, or the one we got does not answer.
    Down,
}

/// How long `/healthz` waits for a pooled connection.
const CHECKOUT: Duration = Duration::from_secs(1);

pub async fn check(pool: &DbPool) -> Health {
    let pool = pool.clone();
    web::block(move || match pool.get_timeout(CHECKOUT) {
        Ok(mut conn) => match crate::db::ping(&mut conn) {
            Ok(_) => Health::Up,
            Err(_) => Health::Down,
        },
        Err(_) => {
            let state = pool.state();
            if state.connections >= pool.max_size() && state.idle_connections == 0 {
                Health::Busy
            } else {
                Health::Down
            }
        }
    })
    .await
    .unwrap_or(Health::Down)
}

async fn healthz(pool: web::Data<DbPool>) -> HttpResponse {
    match check(&pool).await {
        Health::Up => HttpResponse::Ok().json(json!({"status": "ok", "database": "up"})),
        Health::Busy => HttpResponse::ServiceUnavailable()
            .insert_header(("Retry-After", "1"))
            .json(json!({"status": "busy", "pool": "busy"})),
        Health::Down => HttpResponse::ServiceUnavailable()
            .json(json!({"status": "unavailable", "database": "down"})),
    }
}
