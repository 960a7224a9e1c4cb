//! Organisation administration: settings, users, teams, partner types and
//! tiers, and the audit log. Admins only.

pub mod approval_rules;
pub mod audit;
pub mod bonus_schedules;
mod catalog;
pub mod commission_plan;
pub mod jobs;
pub mod metrics;
pub mod organisation;
pub mod partner_tiers;
pub mod partner_types;
pub mod periods;
pub mod promotions;
pub mod sheet_sources;
pub mod target_factors;
pub mod teams;
pub mod users;

use super::Routes;

pub fn routes(r: &mut Routes) {
    organisation::routes(r);
    users::routes(r);
    teams::routes(r);
    partner_types::routes(r);
    partner_tiers::routes(r);
    audit::routes(r);
    commission_plan::routes(r);
    approval_rules::routes(r);
    periods::routes(r);
    metrics::routes(r);
    jobs::routes(r);
    bonus_schedules::routes(r);
    promotions::routes(r);
    target_factors::routes(r);
    sheet_sources::routes(r);
}

/// Redirect after a successful POST (post/redirect/get).
pub fn see_other(location: impl Into<String>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::SeeOther()
        .insert_header(("Location", location.into()))
        .finish()
}
