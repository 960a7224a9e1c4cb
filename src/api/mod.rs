//! The JSON API under `/api/v1`: the same resources, roles and ownership
//! rules as the pages, for scripts and integrations. Callers authenticate
//! with a bearer token from `POST /api/v1/auth/token` or with the session
//! cookie (plus the `X-CSRF-Token` header on writes). Every answer is JSON,
//! errors included; amounts and rates travel as decimal strings. Goals,
//! quotas and events; partner sales, their decisions and commission lines;
//! the commission plan and approval limits.

pub mod approval_rules;
pub mod auth;
pub mod board;
pub mod bonus;
pub mod commission_plan;
pub mod commissions;
pub mod deadlines;
pub mod disputes;
pub mod error;
pub mod events;
pub mod explanations;
pub mod fallback;
pub mod goal_actions;
pub mod goal_progress;
pub mod goals;
pub mod input;
pub mod new_goal;
pub mod openapi;
pub mod payout_shapes;
pub mod payouts;
pub mod periods;
pub mod requests;
pub mod sale_actions;
pub mod sale_shapes;
pub mod sales;
pub mod schema;
pub mod shapes;
pub mod sheet_sources;
pub mod sheets;
pub mod targets;
pub mod tokens;

use crate::web::Routes;

pub fn routes(r: &mut Routes) {
    r.post("/api/v1/auth/token", auth::issue_token)
        .get("/api/v1/openapi.json", openapi::document)
        .get("/api/v1/quota-periods", periods::list)
        .post("/api/v1/quota-periods", periods::create)
        .get("/api/v1/quotas", goals::list_quotas)
        .post("/api/v1/quotas", goals::create_quota)
        .get("/api/v1/quotas/my-progress", board::my_progress)
        .get("/api/v1/quotas/team-progress", board::team_progress)
        .get("/api/v1/quotas/leaderboard", board::leaderboard)
        .get("/api/v1/quotas/{id}", goal_progress::show_quota)
        .put("/api/v1/quotas/{id}", goals::update_quota)
        .delete("/api/v1/quotas/{id}", goals::cancel_quota)
        .get("/api/v1/goals", goals::list_goals)
        .post("/api/v1/goals", goals::create_goal)
        .get("/api/v1/goals/monthly/current", sheets::monthly_current)
        .post("/api/v1/goals/monthly/set", sheets::monthly_set)
        .get("/api/v1/goals/yearly/current", sheets::yearly_current)
        .post("/api/v1/goals/yearly/set", sheets::yearly_set)
        .get("/api/v1/goals/history/{rep_id}", sheets::history)
        .get(
            "/api/v1/goals/progress/{rep_id}/{month}/{year}",
            sheets::progress_of,
        )
        .get("/api/v1/goals/pending-deadlines", deadlines::pending)
        .put(
            "/api/v1/goals/acknowledge-reminder/{id}",
            deadlines::acknowledge,
        )
        .get("/api/v1/goals/{id}", goal_progress::show_goal)
        .put("/api/v1/goals/{id}", goals::update)
        .delete("/api/v1/goals/{id}", goals::cancel)
        .get("/api/v1/goals/{id}/progress", goal_progress::show)
        .post("/api/v1/goals/{id}/submit", goal_actions::submit)
        .post("/api/v1/goals/{id}/approve", goal_actions::approve)
        .post("/api/v1/goals/{id}/send-back", goal_actions::send_back)
        .post("/api/v1/goals/{id}/activate", goal_actions::activate)
        .post("/api/v1/goals/{id}/pause", goal_actions::pause)
        .post("/api/v1/goals/{id}/resume", goal_actions::resume)
        .post("/api/v1/goals/{id}/cancel", goal_actions::cancel)
        .get("/api/v1/targets/calculate", targets::calculate_target)
        .post("/api/v1/metric-events", events::create)
        .get("/api/v1/sales", sales::list)
        .post("/api/v1/sales", sales::create)
        .get("/api/v1/sales/{id}", sales::show)
        .post("/api/v1/sales/{id}/approve", sale_actions::approve)
        .post("/api/v1/sales/{id}/reject", sale_actions::reject)
        .post("/api/v1/sales/{id}/cancel", sale_actions::cancel)
        .post("/api/v1/sales/{id}/refund", sale_actions::refund)
        .get("/api/v1/commissions", commissions::list)
        .get("/api/v1/commissions/{id}/explanation", explanations::show)
        .get("/api/v1/payout-runs", payouts::list)
        .post("/api/v1/payout-runs", payouts::create)
        .get("/api/v1/payout-runs/{id}", payouts::show)
        .post("/api/v1/payout-runs/{id}/approve", payouts::approve)
        .post("/api/v1/payout-runs/{id}/pay", payouts::pay)
        .post("/api/v1/payout-runs/{id}/discard", payouts::discard)
        .get("/api/v1/payout-runs/{id}/csv", payouts::csv)
        .get("/api/v1/payout-statements", payouts::statement)
        .get("/api/v1/disputes", disputes::list)
        .post("/api/v1/disputes", disputes::open)
        .get("/api/v1/disputes/{id}", disputes::show)
        .post("/api/v1/disputes/{id}/answer", disputes::answer)
        .post("/api/v1/disputes/{id}/resolve", disputes::resolve)
        .post("/api/v1/disputes/{id}/reject", disputes::reject)
        .get("/api/v1/commission-plan", commission_plan::show)
        .put("/api/v1/commission-plan", commission_plan::replace)
        .get("/api/v1/approval-rules", approval_rules::show)
        .put("/api/v1/approval-rules", approval_rules::replace)
        .get("/api/v1/sheet-sources", sheet_sources::list)
        .post("/api/v1/sheet-sources", sheet_sources::create)
        .get("/api/v1/sheet-sources/{id}/syncs", sheet_sources::syncs)
        .post("/api/v1/sheet-sources/{id}/sync", sheet_sources::sync);
}
