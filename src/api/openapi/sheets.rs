//! The goal-sheet part of the OpenAPI document: the monthly sheet (signup,
//! revenue and bonus tier goals by the 6th) and yearly goals.

use serde_json::{Value, json};

use super::{
    amount_in, body, common, decimal, decimal_like, error, int, nullable, ok, schema, text,
};

fn path_int(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description,
            "schema": { "type": "integer", "format": "int64" } })
}

fn path_range(name: &str, minimum: i64, maximum: i64) -> Value {
    json!({ "name": name, "in": "path", "required": true,
            "schema": { "type": "integer", "minimum": minimum, "maximum": maximum } })
}

fn rep_id() -> Value {
    path_int("rep_id", "The rep's user id.")
}

pub fn paths() -> Value {
    json!({
        "/api/v1/goals/monthly/current": { "get": {
            "tags": ["goal sheets"], "summary": "The caller's goal sheet for this month",
            "description": "This month in the organisation's time zone, with the deadline (23:59:59 on the 6th, local), its status and each goal's progress. `sheet` is null until a draft or a set sheet exists.",
            "responses": common(json!({ "200": ok("The month's sheet.", schema("MonthlySheet")) })),
        }},
        "/api/v1/goals/monthly/set": { "post": {
            "tags": ["goal sheets"], "summary": "Set the caller's own monthly sheet",
            "description": "Creates or updates the month's signup and revenue goals (owner: the caller, status active) in one transaction, with a revision for each target change. The first set records `set_at` and `set_by_deadline`; a late sheet is accepted and flagged. Repeating the call changes nothing more.",
            "requestBody": body("MonthlySheetInput"),
            "responses": common(json!({
                "200": ok("The sheet after setting it.", schema("MonthlySheet")),
                "400": error("The body is not a JSON object."),
                "422": error("A field is missing or out of range (signups a whole number ≥ 0, revenue ≥ 0, bonus tier 0–6, month 1–12)."),
            })),
        }},
        "/api/v1/goals/yearly/current": { "get": {
            "tags": ["goal sheets"], "summary": "The caller's yearly goals for this year",
            "description": "Targets, actuals over the calendar year, expected by now, on pace or behind, the projected year end and the twelve monthly targets (yearly ÷ 12, or by the seasonal weights; leftover units go to the months with the largest cut-off fraction so the twelve sum exactly).",
            "responses": common(json!({ "200": ok("The yearly goals.", schema("YearlyGoals")) })),
        }},
        "/api/v1/goals/yearly/set": { "post": {
            "tags": ["goal sheets"], "summary": "Set the caller's own yearly goals",
            "requestBody": body("YearlyGoalsInput"),
            "responses": common(json!({
                "200": ok("The yearly goals after setting them.", schema("YearlyGoals")),
                "400": error("The body is not a JSON object."),
                "422": error("A field is missing or out of range."),
            })),
        }},
        "/api/v1/goals/history/{rep_id}": { "get": {
            "tags": ["goal sheets"], "summary": "A rep's sheets, newest month first",
            "description": "Each sheet with `set_by_deadline`, the late flag and the attainment of its goals. The rep, their managers up the tree, admins and executives.",
            "parameters": [rep_id()],
            "responses": common(json!({
                "200": ok("The history.", json!({ "type": "object", "properties": {
                    "rep_id": int(), "rep_name": text(),
                    "sheets": { "type": "array", "items": schema("SheetRow") } } })),
                "404": error("No such rep, or the caller may not see them."),
            })),
        }},
        "/api/v1/goals/progress/{rep_id}/{month}/{year}": { "get": {
            "tags": ["goal sheets"], "summary": "A rep's sheet and progress for one month",
            "parameters": [rep_id(), path_range("month", 1, 12), path_range("year", 2000, 2999)],
            "responses": common(json!({
                "200": ok("The month's sheet.", schema("MonthlySheet")),
                "404": error("No such rep, or the caller may not see them."),
                "422": error("The month or year is out of range."),
            })),
        }},
    })
}

pub fn schemas() -> Value {
    let stamp = json!({ "type": "string", "format": "date-time" });
    let progress = json!({ "type": "object", "nullable": true, "properties": {
        "goal_id": int(), "metric_type": text(), "target": decimal("The goal's target."),
        "actual": decimal("Summed from metric events in the month."),
        "attainment_percent": nullable(decimal_like("50.00", "actual / target × 100, 2 places.")),
        "summary": { "type": "string", "example": "signups 10 of 20 — 50.00%" } } });
    let yearly_metric = json!({ "type": "object", "properties": {
        "target": decimal("The yearly goal."), "actual": decimal("This calendar year so far."),
        "expected_by_now": decimal("Finished months' targets plus the elapsed share of this month's."),
        "on_pace": { "type": "boolean" },
        "projected_year_end": decimal("The run rate carried to 31 December."),
        "monthly_targets": { "type": "array", "items": decimal("January first."), "minItems": 12, "maxItems": 12 } } });
    json!({
        "SheetRow": { "type": "object", "properties": {
            "id": int(), "user_id": int(), "year": int(), "month": int(),
            "status": { "type": "string", "enum": ["draft", "set"] },
            "signup_goal": decimal_like("20", "Signups aimed for."),
            "revenue_goal": decimal_like("50000.00", "Revenue aimed for."),
            "bonus_tier_goal": { "type": "integer", "minimum": 0, "maximum": 6 },
            "signup_goal_id": nullable(int()), "revenue_goal_id": nullable(int()),
            "set_at": nullable(stamp.clone()), "set_by": nullable(int()),
            "set_by_deadline": { "type": "boolean", "nullable": true },
            "late": { "type": "boolean", "description": "Set after the deadline and not cleared by a manager." },
            "late_cleared_at": nullable(stamp.clone()), "late_cleared_by": nullable(int()),
            "late_cleared_reason": nullable(text()), "completed_at": nullable(stamp.clone()),
            "outcome": { "type": "string", "enum": ["active", "completed", "missed", "archived"],
                "description": "active while the month runs; completed once both goals reached 100 % (exactly: actual ≥ target); missed once the month closed short; archived when the month closed on a sheet never set." },
            "signups": progress.clone(), "revenue": progress.clone(),
            "attainment_percent": nullable(decimal_like("80.00", "The lower of the two goals' attainment.")) } },
        "MonthlySheet": { "type": "object", "properties": {
            "rep_id": int(), "rep_name": text(), "year": int(), "month": int(),
            "deadline": stamp,
            "deadline_status": { "type": "string", "enum": ["not_set", "pending", "overdue", "complete"] },
            "days_until_deadline": { "type": "integer", "description": "Local days to the 6th; negative once past." },
            "sheet": { "allOf": [schema("SheetRow")], "nullable": true },
            "signups": progress.clone(), "revenue": progress,
            "attainment_percent": nullable(decimal_like("80.00", "The lower of the two goals' attainment.")),
            "bonus_tier_reached": { "type": "integer", "nullable": true, "minimum": 1,
                "description": "The tier of the signup ladder (the signup goal's own value schedule, else the organisation's signup ladder) the month's signups reached; null below the first tier." },
            "bonus_triggered": { "type": "boolean",
                "description": "The sheet's bonus tier goal is above 0 and the tier reached meets it." } } },
        "MonthlySheetInput": { "type": "object",
            "required": ["signup_goal", "revenue_goal", "bonus_tier_goal"],
            "properties": {
                "year": { "type": "integer", "minimum": 2000, "maximum": 2999, "description": "Default: this year." },
                "month": { "type": "integer", "minimum": 1, "maximum": 12, "description": "Default: this month." },
                "signup_goal": { "type": "string", "pattern": "^[0-9]{1,9}$", "example": "20",
                                 "description": "A whole number ≥ 0 (a JSON number is accepted too)." },
                "revenue_goal": amount_in("50000.00", false, "≥ 0, in the currency's minor unit."),
                "bonus_tier_goal": { "type": "integer", "minimum": 0, "maximum": 6, "example": 3,
                                     "description": "The signup ladder tier aimed for; 0 for none." } } },
        "YearlyGoals": { "type": "object", "properties": {
            "user_id": int(), "year": int(), "set": { "type": "boolean" },
            "set_at": nullable(json!({ "type": "string", "format": "date-time" })),
            "months_remaining": { "type": "integer", "description": "Months not yet over, this one included." },
            "seasonal_weights": { "type": "boolean", "description": "Whether seasonal weights shape the monthly targets." },
            "signups": yearly_metric.clone(), "revenue": yearly_metric } },
        "YearlyGoalsInput": { "type": "object", "required": ["signup_goal", "revenue_goal"],
            "properties": {
                "year": { "type": "integer", "minimum": 2000, "maximum": 2999, "description": "Default: this year." },
                "signup_goal": { "type": "string", "pattern": "^[0-9]{1,9}$", "example": "240",
                                 "description": "A whole number ≥ 0 (a JSON number is accepted too)." },
                "revenue_goal": amount_in("600000.00", false, "≥ 0, in the currency's minor unit.") } },
    })
}
