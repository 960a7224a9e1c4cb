//! `GET /healthz`: 200 when the database answers, 503 when it does not.

use actix_web::{HttpResponse, web};
use diesel::RunQueryDsl;

use super::{Routes, db};
use crate::db::DbPool;

pub fn routes(r: &mut Routes) {
    r.get("/healthz", healthz);
}

async fn healthz(pool: web::Data<DbPool>) -> HttpResponse {
    let check = db(&pool, |conn| {
        diesel::sql_query("SELECT 1").execute(conn)?;
        Ok(())
    })
    .await;
    match check {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({"status": "ok", "database": "up"})),
        Err(_) => HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({"status": "unavailable", "database": "down"})),
    }
}
