//! The goal lifecycle part of the OpenAPI document: the transitions.

use serde_json::{Value, json};

use super::{common, error, id_param, int, nullable, ok, schema, text};

fn transition(summary: &str, description: &str, key: &str, required: bool) -> Value {
    let note = json!({ "type": "string", "maxLength": 1000 });
    let mut request = json!({ "type": "object", "properties": { key: note } });
    if required {
        request["required"] = json!([key]);
    }
    json!({ "post": {
        "tags": ["goals"], "summary": summary,
        "description": format!("{description} The body is `{{\"{key}\": \"...\"}}` (`notes` and `reason` are accepted alike); an empty body is `{{}}`."),
        "parameters": [id_param()],
        "requestBody": { "required": false, "content": { "application/json": { "schema": request } } },
        "responses": common(json!({
            "200": ok("The goal after the transition.", schema("GoalState")),
            "400": error("The body is not a JSON object."),
            "404": error("No such goal, or the caller may not see it."),
            "409": error("The goal is not in a status the transition applies to (a second approver gets this), or it is the caller's own goal (approve, send back), or its period has not started (activate)."),
            "422": error("The note or reason is missing or too long."),
        })),
    }})
}

pub fn paths() -> Value {
    json!({
        "/api/v1/goals/{id}/submit": transition(
            "Submit a draft for approval",
            "The owner, their managers and admins.", "notes", false),
        "/api/v1/goals/{id}/approve": transition(
            "Approve a pending goal",
            "Managers for their subtree, admins any; nobody their own goal. A goal whose period has started activates at once.",
            "notes", false),
        "/api/v1/goals/{id}/send-back": transition(
            "Send a pending goal back to draft",
            "Who may approve may send back; the notes say what to change.", "notes", true),
        "/api/v1/goals/{id}/activate": transition(
            "Activate an approved goal",
            "Managers for their subtree, admins any; only once the period has started (it happens by itself then).",
            "notes", false),
        "/api/v1/goals/{id}/pause": transition(
            "Pause an active goal",
            "Managers for their subtree, admins any. A paused goal leaves leaderboards and rollups and keeps its numbers.",
            "reason", true),
        "/api/v1/goals/{id}/resume": transition(
            "Resume a paused goal",
            "Managers for their subtree, admins any.", "notes", false),
        "/api/v1/goals/{id}/cancel": transition(
            "Cancel a goal that is not completed or failed",
            "The owner their own draft or pending goal; managers their subtree's; admins any.",
            "reason", true),
    })
}

pub fn schemas() -> Value {
    let stamp = || nullable(json!({ "type": "string", "format": "date-time" }));
    json!({
        "GoalState": { "allOf": [schema("Goal"), { "type": "object", "properties": {
            "submitted_at": stamp(), "approved_at": stamp(), "approved_by": nullable(int()),
            "activated_at": stamp(), "completed_at": stamp(),
            "status_reason": nullable(text()), "status_changed_at": stamp(),
        }}]},
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_transition_is_documented() {
        let paths = super::paths();
        for action in crate::domain::lifecycle::Action::BUTTONS {
            let path = format!("/api/v1/goals/{{id}}/{}", action.slug());
            assert!(paths.get(&path).is_some(), "{path}");
        }
    }
}
