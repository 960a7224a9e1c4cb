//! The goal-sheet deadline part of the OpenAPI document.

use serde_json::{Value, json};

use super::{common, error, int, nullable, ok, text};

fn status() -> Value {
    json!({ "type": "string", "enum": ["not_set", "pending", "overdue", "complete"] })
}

fn instant() -> Value {
    json!({ "type": "string", "format": "date-time" })
}

pub fn paths() -> Value {
    let reminder = json!({ "type": "object", "properties": {
        "id": int(), "kind": { "type": "string", "enum": ["three_days_before", "one_day_before", "deadline_day", "overdue"] },
        "created_at": instant(), "emailed_at": nullable(instant()), "acknowledged_at": nullable(instant()),
    }});
    let rep = json!({ "type": "object", "properties": {
        "user_id": int(), "name": text(), "email": text(), "team": nullable(text()),
        "status": status(), "days_until": { "type": "integer" },
        "set_at": nullable(instant()), "set_by_deadline": nullable(json!({ "type": "boolean" })),
        "late_cleared": { "type": "boolean" }, "last_reminder": nullable(text()),
    }});
    let answer = json!({ "type": "object", "description": "For a rep: their own sheet (status, days_until, set_at, set_by_deadline, reminders). For managers (their subtree), admins and executives (everyone): reps, the active reps whose sheet is not complete.",
    "properties": {
        "year": { "type": "integer" }, "month": { "type": "integer" }, "deadline": nullable(instant()),
        "status": status(), "days_until": { "type": "integer" },
        "set_at": nullable(instant()), "set_by_deadline": nullable(json!({ "type": "boolean" })),
        "reminders": { "type": "array", "items": reminder },
        "reps": { "type": "array", "items": rep },
    }});
    json!({
        "/api/v1/goals/pending-deadlines": { "get": {
            "tags": ["goals"], "summary": "The current month's goal-sheet deadline: the caller's own, or the reps in reach who have not set theirs",
            "description": "The deadline is 23:59:59 on the 6th in the organisation's time zone; days_until counts local days to it (0 on the day, negative after).",
            "responses": common(json!({ "200": ok("Deadline standing.", answer) })),
        }},
        "/api/v1/goals/acknowledge-reminder/{id}": { "put": {
            "tags": ["goals"], "summary": "Acknowledge one of the caller's deadline reminders (its notification becomes read)",
            "parameters": [{ "name": "id", "in": "path", "required": true, "description": "The reminder's id.",
                             "schema": { "type": "integer", "format": "int64" } }],
            "responses": common(json!({
                "200": ok("Acknowledged (again is fine).", json!({ "type": "object", "properties": { "id": int(), "acknowledged": { "type": "boolean" } } })),
                "404": error("No such reminder of the caller."),
            })),
        }},
    })
}
