//! `GET /api/v1/commissions/{id}/explanation`: "why this amount" for one
//! ledger line, from the same service as the page (the sale's snapshot and
//! plan version run again through the pure distribution working). The
//! line's recipient, whoever may read the sale, and those who may read the
//! recipient may ask; anyone else gets 404.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::payout_shapes::{
    ChainLinkJson, ExplanationJson, PlanRateJson, PlanVersionJson, WorkingJson,
};
use crate::db::DbPool;
use crate::domain::commission::working::{DirectRateSource, SponsorFate};
use crate::sales::explain::{LineExplanation, explain};
use crate::web::error::AppError;

/// `GET /api/v1/commissions/{id}/explanation`
#[utoipa::path(get, path = "/api/v1/commissions/{id}/explanation", tag = "commissions",
    operation_id = "explain_commission", summary = "Why a commission line has its amount",
    description = "The plan version and its rates, the rate that applied and why, the base, the exact product before rounding, the rounding, and the sponsor chain from the sale's network snapshot with what became of each sponsor. A reversal names the line it reverses and shows that line's working.",
    params(("id" = i64, Path, description = "The ledger line's id.")),
    responses(
        (status = 200, description = "The explanation.", body = ExplanationJson),
        (status = 404, description = "No such line, or not the caller's to read.", body = ErrorBody),
    ))]
pub async fn show(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: i64 = path
        .parse()
        .map_err(|_| ApiError::not_found("commission line"))?;
    let viewer = caller.user;
    let x = db(&pool, move |conn| {
        explain(conn, &viewer, id).map_err(|e| match e {
            AppError::NotFound => ApiError::not_found("commission line"),
            other => other.into(),
        })
    })
    .await?;
    Ok(json(StatusCode::OK, &to_json(&x)))
}

fn to_json(x: &LineExplanation) -> ExplanationJson {
    let e = &x.entry;
    let original = x.reverses.as_ref().unwrap_or(e);
    let working = x.working.as_ref().zip(x.step).map(|(w, step)| {
        let (rate_source, tier_id) = match original.kind.as_str() {
            "direct" => match w.direct_rate_source {
                DirectRateSource::Tier(tier) => ("tier", Some(tier)),
                DirectRateSource::Default => ("default", None),
            },
            "upline" => ("level", None),
            _ => ("matching", None),
        };
        WorkingJson {
            rate_source: rate_source.into(),
            tier_id,
            base: step.line.base,
            rate: step.line.rate,
            exact: step.exact,
            rounded: step.rounded,
            rounding_places: w.minor_unit,
            capped: step.capped(),
            paid: step.line.amount,
            reproduced: x.reproduced(),
        }
    });
    let chain = (x.working.iter())
        .flat_map(|w| w.chain.iter())
        .map(|link| {
            let (fate, level) = match link.fate {
                SponsorFate::Paid(level) => ("paid", Some(level)),
                SponsorFate::Compressed => ("compressed", None),
                SponsorFate::LevelUnpaid(level) => ("level_unpaid", Some(level)),
                SponsorFate::BeyondDepth => ("beyond_depth", None),
            };
            ChainLinkJson {
                user_id: link.node.user_id,
                name: link.node.name.clone(),
                active: link.node.active,
                fate: fate.into(),
                level,
                matching: link.matching,
            }
        })
        .collect();
    ExplanationJson {
        entry_id: e.id,
        sale_id: e.sale_id,
        recipient_id: e.recipient_id,
        kind: e.kind.clone(),
        level: e.level,
        amount: e.amount,
        written_at: e.created_at,
        reverses_entry_id: e.reverses_entry_id,
        sale_amount: x.sale.amount,
        plan: PlanVersionJson {
            id: x.plan_row.id,
            version: x.plan_row.version,
            direct_rates: (x.plan.direct_rates.iter())
                .map(|(&tier_id, &rate)| PlanRateJson {
                    tier_id,
                    tier_name: x.tier_names.get(&tier_id).cloned(),
                    rate,
                })
                .collect(),
            default_direct_rate: x.plan.default_direct_rate,
            upline_rates: x.plan.upline_rates.clone(),
            matching_rate: x.plan.matching_rate,
            max_depth: x.plan.max_depth,
            compression: x.plan.compression,
        },
        working,
        chain,
    }
}
