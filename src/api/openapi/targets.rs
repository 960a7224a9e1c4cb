//! The dynamic-targets part of the OpenAPI document.

use serde_json::{Value, json};

use super::{common, decimal, decimal_like, error, int, nullable, ok, query, schema, text};

fn factor(what: &str) -> Value {
    json!({ "type": "object", "description": what, "properties": {
        "value": decimal_like("1.2", "Above 0, at most 10, up to 4 decimals; 1 changes nothing."),
        "source": { "type": "string", "enum": ["default", "set", "computed", "override", "adjusted", "not_leader"],
                    "description": "default: nothing set (1); set: stored by an admin or manager; computed: the team factor from last month's attainment; override: the team factor set by hand; adjusted: replaced for this calculation; not_leader: the person leads no team (1)." },
        "note": text(),
    }})
}

pub fn paths() -> Value {
    json!({
        "/api/v1/targets/calculate": { "get": {
            "tags": ["targets"], "summary": "The formula's target for a person, month and metric, with its breakdown",
            "description": "base = the partner type's minimum (min_monthly_sales for revenue, min_deal_count for deals) × the tier's multiplier (1 without a tier); target = base × personal × market × seasonal × team, rounded half away from zero to the currency's minor unit (money) or to whole numbers. The team factor of a leader (someone who manages a team, or sponsors partners) is clamp(attainment / 100, 0.80, 1.20) to 2 decimals, from the summed actuals over the summed targets of their team's goals last month, unless set by hand. For people the caller may read (themselves; managers their subtree; admins and executives anyone).",
            "parameters": [
                query("user_id", "The person (required).", int()),
                query("period_id", "A month period (required).", int()),
                query("metric_type", "revenue or deals (required).", text()),
                query("personal", "Replaces the stored personal factor.", text()),
                query("market", "Replaces the stored market factor.", text()),
                query("seasonal", "Replaces the stored seasonal factor.", text()),
                query("team", "Replaces the team factor.", text()),
            ],
            "responses": common(json!({
                "200": ok("The computed target.", schema("TargetCalculation")),
                "404": error("No such user, or the caller may not read them."),
                "422": error("A parameter is missing or invalid, or the formula does not apply (no partner type, not a month, a metric other than revenue or deals)."),
            })),
        }},
    })
}

pub fn schemas() -> Value {
    json!({
        "TargetBreakdown": { "type": "object", "description": "How a target was computed; stored with a goal set from the formula.", "properties": {
            "basis": { "type": "string", "enum": ["monthly_sales", "deal_count"] },
            "partner_type": text(), "minimum": decimal("The partner type's minimum for the basis."),
            "tier": nullable(text()), "multiplier": decimal("The tier's target multiplier (1 without a tier)."),
            "base": decimal("minimum × multiplier."),
            "factors": { "type": "object", "properties": {
                "personal": factor("The person's own adjustment."),
                "market": factor("The month's market condition."),
                "seasonal": factor("The calendar month's seasonal adjustment."),
                "team": factor("Team performance (leaders)."),
            }},
            "exact": decimal("base × every factor, unrounded."),
            "final_target": decimal("The target."),
        }},
        "TargetCalculation": { "type": "object", "properties": {
            "user_id": int(), "period_id": int(), "metric_type": text(),
            "final_target": decimal("The computed target."),
            "target_breakdown": schema("TargetBreakdown"),
            "live_goal": nullable(json!({ "type": "object", "properties": {
                "id": int(), "target_value": decimal(""), "status": text() } })),
        }},
    })
}
