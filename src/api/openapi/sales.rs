//! The sales part of the OpenAPI document: sales and their decisions,
//! commission lines, the commission plan and the approval limits.

use serde_json::{Value, json};

use super::{
    amount_in, body, common, date, decimal, error, int, list_of, nullable, ok, query, schema, text,
};

fn sale_id() -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": "The sale's id.",
            "schema": { "type": "integer", "format": "int64" } })
}

fn period_filters(what: &str) -> Vec<Value> {
    vec![
        query("month", &format!("{what} in this month (YYYY-MM)."), text()),
        query(
            "from",
            &format!("{what} from this day (with `to`)."),
            date(),
        ),
        query(
            "to",
            &format!("{what} through this day (with `from`)."),
            date(),
        ),
        query("limit", "Page size, 1–1000 (default 200).", int()),
        query("offset", "Rows to skip (default 0).", int()),
    ]
}

fn decision(summary: &str, description: &str, key: &str, required: bool) -> Value {
    let note = json!({ "type": "string", "maxLength": 1000 });
    let mut request = json!({ "type": "object", "properties": { key: note } });
    if required {
        request["required"] = json!([key]);
    }
    json!({ "post": {
        "tags": ["sales"], "summary": summary,
        "description": format!("{description} The body is `{{\"{key}\": \"...\"}}` (`notes` and `reason` are accepted alike); an empty body is `{{}}`."),
        "parameters": [sale_id()],
        "requestBody": { "required": false, "content": { "application/json": { "schema": request } } },
        "responses": common(json!({
            "200": ok("The sale after the decision.", schema("SaleDetail")),
            "400": error("The body is not a JSON object."),
            "404": error("No such sale, or (cancel, refund) the caller may not see it."),
            "409": error("The sale is already confirmed, cancelled or refunded; or (approve, reject) it is the caller's own sale or above a manager's limit."),
            "422": error("The note or reason is missing or too long."),
        })),
    }})
}

pub fn paths() -> Value {
    let sale_filters = [
        vec![
            query(
                "status",
                "pending, confirmed, cancelled or refunded.",
                text(),
            ),
            query(
                "partner_id",
                "Only this partner's sales (403 outside the caller's reach).",
                int(),
            ),
        ],
        period_filters("Sales dated"),
    ]
    .concat();
    let line_filters = [
        vec![
            query(
                "partner_id",
                "Lines of this recipient (403 outside the caller's reach).",
                int(),
            ),
            query("sale_id", "Lines of this sale.", int()),
            query("kind", "direct, upline or matching.", text()),
        ],
        period_filters("Lines written"),
    ]
    .concat();
    json!({
        "/api/v1/sales": {
            "get": {
                "tags": ["sales"], "summary": "Sales the caller may see, newest sales date first",
                "description": "Partners: their own. Managers: also their subtree's. Admins and executives: all.",
                "parameters": sale_filters,
                "responses": common(json!({ "200": ok("Sales.", list_of("Sale")),
                    "422": error("Invalid filter.") })),
            },
            "post": {
                "tags": ["sales"], "summary": "Register a sale for the caller",
                "description": "At or below the auto-confirm limit the sale is confirmed at once and its commission paid; above it, it waits for approval. Checked as the sale form checks it.",
                "requestBody": body("SaleRequest"),
                "responses": common(json!({
                    "201": ok("The new sale (confirmed or pending).", schema("SaleDetail")),
                    "400": error("The body is not a JSON object."),
                    "422": error("Invalid or unknown fields, another currency than the organisation's, or an order number already registered for the partner."),
                })),
            },
        },
        "/api/v1/sales/{id}": { "get": {
            "tags": ["sales"], "summary": "A sale with its distribution, network snapshot, history and ledger lines",
            "parameters": [sale_id()],
            "responses": common(json!({ "200": ok("The sale.", schema("SaleDetail")),
                "404": error("No such sale, or the caller may not see it.") })),
        }},
        "/api/v1/sales/{id}/approve": decision(
            "Approve a pending sale: confirm it and pay its commission",
            "Managers for their subtree up to their approval limit, admins any amount, nobody their own sale.",
            "notes", false),
        "/api/v1/sales/{id}/reject": decision(
            "Reject a pending sale (it becomes cancelled)",
            "Who may approve may reject; the notes say why.",
            "notes", true),
        "/api/v1/sales/{id}/cancel": decision(
            "Cancel a pending or confirmed sale, reversing its commission",
            "The partner their own pending sale; managers their subtree's; admins any. Every ledger line gets its exact negative twin.",
            "reason", true),
        "/api/v1/sales/{id}/refund": decision(
            "Refund a confirmed sale, reversing its commission",
            "Managers for their subtree (not their own sale), admins any. What was paid is reversed, whatever the network looks like now.",
            "reason", true),
        "/api/v1/commissions": { "get": {
            "tags": ["commissions"], "summary": "Commission lines paid or reversed, newest first",
            "description": "Partners: lines paid to them. Managers: also to their subtree. Admins and executives: all. Periods count the day a line was written, in the organisation's time zone, as the statement does.",
            "parameters": line_filters,
            "responses": common(json!({ "200": ok("Lines.", list_of("CommissionEntry")),
                "422": error("Invalid filter.") })),
        }},
        "/api/v1/commission-plan": {
            "get": {
                "tags": ["settings"], "summary": "The commission plan in force (admins)",
                "responses": common(json!({ "200": ok("The plan.", schema("CommissionPlan")) })),
            },
            "put": {
                "tags": ["settings"], "summary": "Write a new plan version (admins)",
                "description": "The whole plan. Sales confirmed from now on use the new version; confirmed sales keep theirs.",
                "requestBody": body("CommissionPlanRequest"),
                "responses": common(json!({
                    "201": ok("The new version.", schema("CommissionPlan")),
                    "200": ok("Nothing changed: the version in force.", schema("CommissionPlan")),
                    "400": error("The body is not a JSON object."),
                    "409": error("A version newer than based_on was saved meanwhile."),
                    "422": error("Invalid rates, unknown tiers, too deep, or a plan that could pay more than the sale."),
                })),
            },
        },
        "/api/v1/approval-rules": {
            "get": {
                "tags": ["settings"], "summary": "The approval limits (managers, admins)",
                "responses": common(json!({ "200": ok("The limits.", schema("ApprovalRules")) })),
            },
            "put": {
                "tags": ["settings"], "summary": "Set the approval limits (admins)",
                "requestBody": body("ApprovalRulesRequest"),
                "responses": common(json!({
                    "200": ok("The limits now in force.", schema("ApprovalRules")),
                    "400": error("The body is not a JSON object."),
                    "422": error("Missing, negative or too precise limits, or a manager limit below the auto-confirm limit."),
                })),
            },
        },
    })
}

pub fn schemas() -> Value {
    let timestamp = json!({ "type": "string", "format": "date-time" });
    let rate = |description: &str| json!({ "type": "string", "format": "decimal", "example": "0.05", "description": description });
    let statuses = json!({ "type": "string", "enum": crate::api::sales::STATUSES });
    let sale = json!({
        "id": int(), "partner_id": int(), "partner_name": text(), "partner_email": text(),
        "title": text(), "description": nullable(text()), "amount": decimal(""),
        "currency_code": text(), "sales_date": date(), "category": nullable(text()),
        "product_type": nullable(text()), "sales_channel": text(), "order_number": text(),
        "order_code": nullable(text()), "status": statuses,
        "registered_by": nullable(int()), "confirmed_at": nullable(timestamp.clone()),
        "confirmed_by": nullable(int()), "approval_note": nullable(text()),
        "cancelled_at": nullable(timestamp.clone()), "refunded_at": nullable(timestamp.clone()),
        "status_reason": nullable(text()), "commission_calculated": { "type": "boolean" },
        "commission_calculated_at": nullable(timestamp.clone()),
        "commission_total": nullable(decimal("")),
        "commission_recipient_count": nullable(json!({ "type": "integer" })),
        "plan_id": nullable(int()), "partner_tier_at_time": nullable(text()),
        "partner_type_at_time": nullable(text()),
        "created_at": timestamp.clone(), "updated_at": timestamp.clone(),
    });
    let line = json!({ "type": "object", "properties": {
        "recipient_id": int(), "kind": { "type": "string", "enum": super::super::commissions::KINDS },
        "level": { "type": "integer" }, "rate": rate(""), "base": decimal(""), "amount": decimal(""),
    }});
    json!({
        "Sale": { "type": "object", "properties": sale },
        "SaleDetail": { "allOf": [schema("Sale"), { "type": "object", "properties": {
            "plan_version": nullable(json!({ "type": "integer" })),
            "commission_distribution": nullable(json!({ "type": "object",
                "description": "The distribution computed at confirmation.",
                "properties": { "plan_version": { "type": "integer" }, "lines": { "type": "array", "items": line },
                    "total": decimal(""), "house_share": decimal("What the network was not paid.") } })),
            "tree_snapshot": nullable(json!({ "type": "object",
                "description": "The partner and their upline as they were at confirmation: partner, upline (sponsor first), downline_summary." })),
            "status_history": { "type": "array", "items": { "type": "object", "properties": {
                "id": int(), "sale_id": int(), "from_status": nullable(text()), "to_status": text(),
                "reason": nullable(text()), "actor_id": nullable(int()), "created_at": timestamp.clone() }}},
            "commission_entries": list_of("CommissionEntry"),
        }}]},
        "SaleRequest": { "type": "object",
            "required": ["title", "amount", "sales_channel", "order_number"],
            "properties": {
                "title": text(), "description": text(),
                "amount": amount_in("250000.00", false, "Above zero, in the currency's minor unit."),
                "currency_code": { "type": "string", "description": "The organisation's currency (default)." },
                "sales_date": date(), "category": text(), "product_type": text(),
                "sales_channel": { "type": "string", "enum": crate::db::sales::CHANNELS },
                "order_number": { "type": "string", "description": "Unique among the partner's sales." },
                "order_code": text(),
                "partner_id": { "type": "integer", "format": "int64", "description": "If sent, the caller's own id." },
            }},
        "CommissionEntry": { "type": "object", "properties": {
            "id": int(), "sale_id": int(), "recipient_id": int(),
            "kind": { "type": "string", "enum": super::super::commissions::KINDS },
            "level": { "type": "integer" }, "rate": rate("The rate applied."),
            "base": decimal(""), "amount": decimal("Negative on a reversal."),
            "plan_id": int(), "plan_version": { "type": "integer" },
            "reverses_entry_id": nullable(int()), "created_at": timestamp.clone() }},
        "CommissionPlan": { "type": "object", "properties": {
            "id": int(), "version": { "type": "integer" },
            "direct_rates": { "type": "object", "additionalProperties": rate(""),
                              "description": "Direct rate by partner tier id." },
            "default_direct_rate": rate("For sellers without a tier rate."),
            "upline_rates": { "type": "array", "items": rate(""), "description": "Level 1 first." },
            "matching_rate": rate("Paid to the personal sponsor on the direct commission."),
            "max_depth": { "type": "integer" }, "compression": { "type": "boolean" },
            "max_payout_ratio": rate("The most one sale can pay out, as a fraction of it."),
            "created_by": nullable(int()), "created_at": timestamp.clone() }},
        "CommissionPlanRequest": { "type": "object",
            "required": ["default_direct_rate", "upline_rates", "matching_rate", "max_depth", "compression"],
            "properties": {
                "direct_rates": { "type": "object", "additionalProperties": rate("") },
                "default_direct_rate": rate("0 to 1, at most 6 decimals."),
                "upline_rates": { "type": "array", "items": rate(""), "maxItems": 50 },
                "matching_rate": rate(""),
                "max_depth": { "type": "integer", "minimum": 0, "maximum": 50 },
                "compression": { "type": "boolean" },
                "based_on": { "type": "integer", "description": "The version read before editing; a newer one is a 409." },
            }},
        "ApprovalRules": { "type": "object", "properties": {
            "auto_confirm_limit": decimal("At or below it a sale confirms at once."),
            "manager_approval_limit": decimal("Managers approve up to it; admins any amount."),
            "currency_code": text(), "updated_by": nullable(int()), "updated_at": timestamp }},
        "ApprovalRulesRequest": { "type": "object",
            "required": ["auto_confirm_limit", "manager_approval_limit"], "properties": {
                "auto_confirm_limit": amount_in("100000.00", false, "At least 0."),
                "manager_approval_limit": amount_in("1000000.00", false, "At least the auto-confirm limit.") }},
    })
}
