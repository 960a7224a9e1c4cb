//! `GET /api/v1/openapi.json`: the OpenAPI 3.0 description of the API,
//! written by hand (a test checks it names every registered route). The
//! sales part lives in `openapi/sales.rs`.

mod deadlines;
mod lifecycle;
mod sales;
mod sheets;
mod targets;

use actix_web::HttpResponse;
use serde_json::{Value, json};

pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(spec())
}

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn body(name: &str) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": schema(name) } } })
}

fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn error(description: &str) -> Value {
    ok(description, schema("Error"))
}

fn list_of(name: &str) -> Value {
    json!({ "type": "array", "items": schema(name) })
}

fn query(name: &str, description: &str, kind: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": kind })
}

fn id_param() -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": "The goal's id.",
            "schema": { "type": "integer", "format": "int64" } })
}

fn int() -> Value {
    json!({ "type": "integer", "format": "int64" })
}

fn text() -> Value {
    json!({ "type": "string" })
}

/// A decimal string the API answers with.
fn decimal(description: &str) -> Value {
    json!({ "type": "string", "format": "decimal", "description": description })
}

/// `decimal` with an example of what it holds ("82.50" for a percentage).
fn decimal_like(example: &str, description: &str) -> Value {
    let mut v = decimal(description);
    v["example"] = json!(example);
    v
}

/// A decimal string the API reads, as its parser takes it: digits with at
/// most 2 places and below 10^16; `signed` allows a leading minus.
fn amount_in(example: &str, signed: bool, description: &str) -> Value {
    let sign = if signed { "-?" } else { "" };
    json!({ "type": "string", "format": "decimal", "example": example, "description": description,
            "pattern": format!("^{sign}[0-9]{{1,16}}(\\.[0-9]{{1,2}})?$") })
}

/// A weight: above 0 and below 1,000,000, at most 2 places.
fn weight_in(description: &str) -> Value {
    json!({ "type": "string", "format": "decimal", "example": "1.00", "description": description,
            "pattern": "^[0-9]{1,6}(\\.[0-9]{1,2})?$" })
}

fn nullable(mut v: Value) -> Value {
    v["nullable"] = json!(true);
    v
}

fn date() -> Value {
    json!({ "type": "string", "format": "date", "example": "2026-11-30" })
}

/// The answers every authenticated endpoint may give besides its own.
fn common(mut responses: Value) -> Value {
    responses["401"] = error("Not signed in, or the token is missing, invalid or expired.");
    responses["403"] = error(
        "The caller's role or ownership does not allow this, or a cookie call lacks X-CSRF-Token.",
    );
    responses["503"] = error("The database is unavailable.");
    responses
}

fn goal_filters() -> Vec<Value> {
    vec![
        query("period_id", "Only goals of this period.", int()),
        query("user_id", "Only goals of this person.", int()),
        query("team_id", "Only goals of this team.", int()),
        query(
            "metric_type",
            "Only goals of this metric key (revenue, deals, …).",
            text(),
        ),
        query(
            "status",
            "One status, or `all`; by default every status but cancelled.",
            text(),
        ),
        query("limit", "Page size, 1–1000 (default 200).", int()),
        query("offset", "Rows to skip (default 0).", int()),
    ]
}

fn board_params(with_scope: bool) -> Vec<Value> {
    let mut params = vec![
        query(
            "period_id",
            "The period (default: the goals of every period holding today; for the leaderboard, the current month).",
            int(),
        ),
        query(
            "metric_type",
            "A metric key (the leaderboard defaults to revenue).",
            text(),
        ),
        query(
            "team_id",
            "A team the caller may see; its whole subtree counts.",
            int(),
        ),
    ];
    if with_scope {
        params.push(query(
            "scope",
            "`company` (default), `team` (team_id, else the teams the caller manages and their own team, each with every team below) or `tier:ID` (the partners of one partner tier).",
            json!({ "type": "string", "pattern": "^(team|company|tier:[0-9]+)$" }),
        ));
    }
    params
}

fn read_update_and_cancel(tag: &str) -> Value {
    json!({
        "get": {
            "tags": [tag], "summary": "One goal with its milestones and the bonus earned so far",
            "description": "Anyone who may see the goal: the owner, their managers up the tree, a team's members for its goals, everyone for company goals, admins and executives.",
            "parameters": [id_param()],
            "responses": common(json!({
                "200": ok("The goal.", schema("GoalDetail")),
                "404": error("No such goal, or the caller may not see it."),
            })),
        },
        "put": {
            "tags": [tag], "summary": "Change target, weight, priority or title",
            "description": "Managers for people and teams below them, admins for any. Owner, metric and period cannot change: cancel and create instead.",
            "parameters": [id_param()], "requestBody": body("GoalChange"),
            "responses": common(json!({
                "200": ok("The changed goal.", schema("Goal")),
                "400": error("The body is not a JSON object."),
                "404": error("No such goal, or the caller may not see it."),
                "409": error("The goal is cancelled, completed or failed."),
                "422": error("Invalid fields, or a new target for an active goal without a reason."),
            })),
        },
        "delete": {
            "tags": [tag], "summary": "Cancel the goal (the row stays; status becomes cancelled)",
            "parameters": [id_param()],
            "responses": common(json!({
                "200": ok("The cancelled goal (cancelling twice is harmless).", schema("Goal")),
                "404": error("No such goal, or the caller may not see it."),
                "409": error("The goal is completed or failed."),
            })),
        },
    })
}

fn create_responses(what: &str) -> Value {
    common(json!({
        "201": ok(&format!("The new {what}."), schema("Goal")),
        "400": error("The body is not a JSON object."),
        "409": error("The owner already has a live goal for this metric and period."),
        "422": error("Invalid or unknown fields, unknown metric, period, user or team."),
    }))
}

fn paths() -> Value {
    json!({
        "/api/v1/auth/token": { "post": {
            "tags": ["auth"], "summary": "Trade an email and password for an API token",
            "description": "Five failures for one email within 15 minutes lock it for 15 minutes. The token lasts 30 days and stops working when its user is deactivated, signs out everywhere or changes password.",
            "security": [], "requestBody": body("TokenRequest"),
            "responses": {
                "200": ok("A new token; only its hash is stored.", schema("Token")),
                "400": error("The body is not a JSON object."),
                "401": error("The email or password is not correct."),
                "422": error("email or password missing."),
                "429": error("Too many failed attempts; see Retry-After."),
            },
        }},
        "/api/v1/openapi.json": { "get": {
            "tags": ["meta"], "summary": "This document", "security": [],
            "responses": { "200": { "description": "OpenAPI 3.0 document." } },
        }},
        "/api/v1/quota-periods": {
            "get": {
                "tags": ["periods"], "summary": "List periods, newest first",
                "parameters": [
                    query("period_type", "month, quarter, year or custom.", text()),
                    query("date", "Only periods holding this date.", date()),
                ],
                "responses": common(json!({ "200": ok("Periods.", list_of("Period")),
                    "422": error("Invalid filter.") })),
            },
            "post": {
                "tags": ["periods"], "summary": "Create a period (admins)",
                "description": "month, quarter and year snap to the one holding start_date (fiscal year from the organisation's settings); custom needs end_date.",
                "requestBody": body("PeriodRequest"),
                "responses": common(json!({
                    "201": ok("The new period.", schema("Period")),
                    "400": error("The body is not a JSON object."),
                    "422": error("Invalid fields, or a period of this type with these dates already exists (fields.start_date)."),
                })),
            },
        },
        "/api/v1/quotas": {
            "get": {
                "tags": ["quotas"], "summary": "Quotas (goals on months, quarters, years) the caller may see",
                "description": "Reps: their own, their team's and the company's. Managers: also their subtree's. Admins and executives: all.",
                "parameters": goal_filters(),
                "responses": common(json!({ "200": ok("Quotas.", list_of("Goal")),
                    "422": error("Invalid filter.") })),
            },
            "post": {
                "tags": ["quotas"], "summary": "Set a quota (managers below themselves, admins anywhere)",
                "requestBody": body("QuotaRequest"), "responses": create_responses("quota"),
            },
        },
        "/api/v1/quotas/{id}": read_update_and_cancel("quotas"),
        "/api/v1/quotas/my-progress": { "get": {
            "tags": ["progress"], "summary": "The caller's own quotas with progress",
            "parameters": board_params(false)[..2].to_vec(),
            "responses": common(json!({ "200": ok("Progress.", schema("MyProgress")),
                "422": error("Unknown metric or period.") })),
        }},
        "/api/v1/quotas/team-progress": { "get": {
            "tags": ["progress"], "summary": "Progress of a team's people (managers, admins, executives)",
            "description": "Without team_id: a manager's whole managed subtree; everyone for admins and executives.",
            "parameters": board_params(false),
            "responses": common(json!({ "200": ok("Progress.", schema("TeamProgress")),
                "422": error("Unknown metric or period.") })),
        }},
        "/api/v1/quotas/leaderboard": { "get": {
            "tags": ["progress"], "summary": "People ranked by attainment (ties share a rank)",
            "parameters": board_params(true),
            "responses": common(json!({ "200": ok("Leaderboard.", schema("Leaderboard")),
                "422": error("Unknown metric, period or scope.") })),
        }},
        "/api/v1/goals": {
            "get": {
                "tags": ["goals"], "summary": "Goals of every kind the caller may see",
                "parameters": goal_filters(),
                "responses": common(json!({ "200": ok("Goals.", list_of("Goal")),
                    "422": error("Invalid filter.") })),
            },
            "post": {
                "tags": ["goals"], "summary": "Set an objective, with milestones (managers below themselves, admins anywhere)",
                "description": "On period_id, or on a custom range from start_date to end_date (created if new). Goal and milestones are written together or not at all.",
                "requestBody": body("GoalRequest"), "responses": create_responses("goal"),
            },
        },
        "/api/v1/goals/{id}": read_update_and_cancel("goals"),
        "/api/v1/goals/{id}/progress": { "get": {
            "tags": ["goals"], "summary": "A goal's progress and milestones",
            "parameters": [id_param()],
            "responses": common(json!({ "200": ok("Progress.", schema("GoalProgress")),
                "404": error("No such goal, or the caller may not see it.") })),
        }},
        "/api/v1/metric-events": { "post": {
            "tags": ["events"], "summary": "Record a metric event",
            "description": "For the caller by default; for others only by their managers (subtree) and admins. Idempotent by external_ref.",
            "requestBody": body("EventRequest"),
            "responses": common(json!({
                "201": ok("Recorded.", schema("Event")),
                "200": ok("Already recorded under this external_ref (duplicate: true).", schema("Event")),
                "400": error("The body is not a JSON object."),
                "409": error("external_ref is used by a different event."),
                "422": error("Invalid fields, unknown metric or user, future date."),
            })),
        }},
    })
}

fn schemas() -> Value {
    let goal_fields = json!({
        "user_id": nullable(int()), "team_id": nullable(int()),
        "metric_type": { "type": "string", "example": "revenue" },
        "target_value": amount_in("250000.00", false, "Not negative; at most 2 decimal places. A JSON number is accepted too."),
        "weight": weight_in("Above 0 and below 1000000 (default 1)."),
        "priority": { "type": "integer", "minimum": 1, "maximum": 5, "default": 3 },
        "bonus_schedule_id": { "type": "integer", "description": "An active bonus schedule: attainment-based, or a value ladder of the goal's own metric." },
        "bonus_base": amount_in("1000.00", false, "Not negative; needs bonus_schedule_id. The bonus is this × the rate of the tier reached."),
    });
    let mut quota = goal_fields.clone();
    quota["period_id"] = int();
    quota["title"] = text();
    let mut objective = goal_fields;
    objective["title"] = text();
    objective["period_id"] = int();
    objective["start_date"] = date();
    objective["end_date"] = date();
    objective["milestones"] = list_of("MilestoneRequest");
    let row = json!({ "type": "object", "properties": {
        "rank": nullable(json!({ "type": "integer" })),
        "goal_id": int(), "owner_type": text(), "user_id": nullable(int()), "team_id": nullable(int()),
        "name": text(), "period_id": int(), "metric_type": text(),
        "current_value": decimal("Sum of the owner's events in the period."),
        "target_value": decimal(""),
        "attainment_percent": nullable(decimal_like("82.50", "current / target × 100, 2 dp; null without a target.")),
        "vs_quota": decimal("current − target."),
        "weight": decimal(""), "expected_to_date": decimal(""), "remaining": decimal(""),
        "needed_per_day": nullable(decimal("remaining / days left, 4 dp rounded up.")),
        "days_left": { "type": "integer" }, "projection": decimal(""), "change_this_week": decimal(""),
        "pace": { "type": "string", "enum": ["ahead", "on_track", "behind", "critical"] },
        "health": { "type": "string", "enum": ["completed", "on_track", "needs_attention", "critical"] },
        "is_viewer": { "type": "boolean" },
    }});
    json!({
        "Error": { "type": "object", "required": ["error", "fields"], "properties": {
            "error": text(),
            "fields": { "type": "object", "additionalProperties": text(),
                        "description": "A message per invalid field (e.g. \"milestones[0].value\")." },
        }},
        "TokenRequest": { "type": "object", "required": ["email", "password"], "properties": {
            "email": { "type": "string", "format": "email" }, "password": { "type": "string", "format": "password" } }},
        "Token": { "type": "object", "properties": {
            "token": text(), "token_type": { "type": "string", "enum": ["Bearer"] },
            "expires_at": { "type": "string", "format": "date-time" }, "user_id": int() }},
        "Period": { "type": "object", "properties": {
            "id": int(), "period_type": { "type": "string", "enum": ["month", "quarter", "year", "custom"] },
            "name": text(), "start_date": date(), "end_date": date() }},
        "PeriodRequest": { "type": "object", "required": ["period_type", "start_date"], "properties": {
            "period_type": { "type": "string", "enum": ["month", "quarter", "year", "custom"] },
            "start_date": date(), "end_date": date(), "name": text() }},
        "QuotaRequest": { "type": "object", "required": ["period_id", "metric_type", "target_value"],
            "description": "user_id or team_id, or neither for a company quota (admins).", "properties": quota },
        "GoalRequest": { "type": "object", "required": ["title", "metric_type", "target_value"],
            "description": "period_id, or start_date and end_date.", "properties": objective },
        "MilestoneRequest": { "type": "object", "required": ["name", "value"], "properties": {
            "name": text(), "value": amount_in("50000.00", false, "Distinct within the goal."), "due_date": date() }},
        "GoalChange": { "type": "object", "minProperties": 1, "properties": {
            "target_value": amount_in("250000.00", false, "Not negative."),
            "weight": weight_in("Above 0 and below 1000000."),
            "priority": { "type": "integer", "minimum": 1, "maximum": 5 }, "title": text(),
            "reason": { "type": "string", "maxLength": 1000,
                "description": "Why; needed to change the target of an active goal. Recorded in the goal's revisions." } }},
        "Milestone": { "type": "object", "properties": {
            "id": int(), "name": text(), "value": decimal(""), "due_date": nullable(date()),
            "reached_on": nullable(date()) }},
        "Goal": { "type": "object", "properties": {
            "id": int(), "title": nullable(text()),
            "owner_type": { "type": "string", "enum": ["user", "team", "company"] },
            "user_id": nullable(int()), "team_id": nullable(int()), "period_id": int(),
            "period": schema("Period"), "metric_type": text(), "target_value": decimal(""),
            "weight": decimal(""), "priority": { "type": "integer" },
            "status": { "type": "string", "enum": super::goals::STATUSES },
            "bonus_schedule_id": nullable(int()), "bonus_base": nullable(decimal("")),
            "created_by": nullable(int()),
            "created_at": { "type": "string", "format": "date-time" },
            "updated_at": { "type": "string", "format": "date-time" },
            "target_breakdown": nullable(schema("TargetBreakdown")),
            "milestones": list_of("Milestone") }},
        "ProgressRow": row,
        "MyProgress": { "type": "object", "properties": {
            "user_id": int(), "name": text(), "date": date(),
            "overall_attainment_percent": nullable(decimal_like("82.50", "Weighted by goal weight.")),
            "rows": { "type": "array", "items": { "allOf": [schema("ProgressRow"), {
                          "type": "object", "properties": { "bonus": schema("Bonus") } }] },
                      "description": "One per own quota, with the bonus earned so far; rank is the caller's place on the company leaderboard of that period and metric." } }},
        "TeamProgress": { "type": "object", "properties": {
            "team_id": nullable(int()), "date": date(), "rows": list_of("ProgressRow"),
            "totals": { "type": "array", "items": { "type": "object", "properties": {
                "period_id": int(), "metric_type": text(), "people": { "type": "integer" },
                "current_value": decimal(""), "target_value": decimal("Sum of the people's targets."),
                "attainment_percent": nullable(decimal("")) }}}}},
        "Leaderboard": { "type": "object", "properties": {
            "period": schema("Period"), "metric_type": text(),
            "scope": { "type": "string", "pattern": "^(team|company|tier:[0-9]+)$" }, "team_id": nullable(int()),
            "date": date(), "rows": list_of("ProgressRow") }},
        "Bonus": { "type": "object", "nullable": true,
            "description": "Where the goal stands on its bonus schedule, as the quota card shows it; null without a schedule. Tiers are reached exactly: actual × 100 ≥ threshold × target on attainment, actual ≥ threshold on a metric value.",
            "properties": {
                "schedule_id": int(), "schedule_name": text(),
                "basis": { "type": "string", "enum": ["attainment", "metric_value"] },
                "tier_reached": { "type": "integer", "nullable": true, "description": "1 for the lowest; null below the first tier." },
                "rate": nullable(decimal_like("2", "The tier's rate × the bonus base.")),
                "amount": nullable(decimal_like("2000.00", "Bonus base × rate so far (0 below the first tier); null without a bonus base.")),
                "next_tier": { "type": "integer", "nullable": true, "description": "Null at the top tier." },
                "next_threshold": nullable(decimal_like("150", "A percentage on attainment, an amount of the metric on a value ladder.")),
                "next_rate": nullable(decimal_like("3", "")),
                "next_amount": nullable(decimal_like("3000.00", "What the next tier pays.")) } },
        "GoalDetail": { "allOf": [schema("Goal"), { "type": "object", "properties": {
            "bonus": schema("Bonus") } }] },
        "GoalProgress": { "type": "object", "properties": {
            "goal": schema("Goal"), "progress": schema("ProgressRow"), "bonus": schema("Bonus"),
            "milestones": { "type": "array", "items": { "allOf": [schema("Milestone"), {
                "type": "object", "properties": { "reached": { "type": "boolean" },
                "remaining": decimal("") }}]}}}},
        "EventRequest": { "type": "object", "required": ["metric_type", "value"], "properties": {
            "user_id": int(), "metric_type": text(),
            "value": amount_in("3", true, "Not zero. A plain decimal (digits, optional leading minus, a decimal point; commas only between groups of three digits). Money in the currency's minor unit, at most 1000000000000; counts whole, at most 100000; a person's total of a metric stays within 100000000000000. Negative only with correction_reason."),
            "occurred_on": { "type": "string", "format": "date", "example": "2026-11-30",
                "description": "From 2000-01-01 to 2100-12-31, not in the future." },
            "external_ref": text(), "note": text(),
            "correction_reason": { "type": "string", "maxLength": 500,
                "description": "Makes the event a correction: required with a negative value, refused with a positive one." } }},
        "Event": { "type": "object", "properties": {
            "id": int(), "user_id": int(), "metric_type": text(), "value": decimal(""),
            "occurred_on": date(), "source": text(), "external_ref": nullable(text()),
            "note": nullable(text()), "created_by": nullable(int()),
            "created_at": { "type": "string", "format": "date-time" },
            "correction_reason": nullable(text()),
            "duplicate": { "type": "boolean" } }},
    })
}

/// `extra`'s members added to the object `into`.
fn merge(mut into: Value, extra: Value) -> Value {
    if let (Some(into), Value::Object(extra)) = (into.as_object_mut(), extra) {
        into.extend(extra);
    }
    into
}

/// The whole document.
pub fn spec() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Attain API",
            "version": "1",
            "description": "Sales goals, quotas and progress; partner sales, approvals and commissions. Authenticate with a bearer token from POST /api/v1/auth/token, or with the signed-in session cookie plus the X-CSRF-Token header on writes. Amounts are decimal strings; dates are YYYY-MM-DD. Errors are {\"error\": message, \"fields\": {field: message}}.",
        },
        "servers": [{ "url": "/" }],
        "security": [{ "bearerAuth": [] }],
        "paths": merge(
            merge(
                merge(merge(paths(), sales::paths()), sheets::paths()),
                deadlines::paths()
            ),
            merge(lifecycle::paths(), targets::paths())
        ),
        "components": {
            "securitySchemes": { "bearerAuth": { "type": "http", "scheme": "bearer" } },
            "schemas": merge(
                merge(merge(schemas(), sales::schemas()), sheets::schemas()),
                merge(lifecycle::schemas(), targets::schemas())
            ),
        },
    })
}
