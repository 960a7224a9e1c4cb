//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the API,
//! generated (`utoipa`) from the handlers' `#[utoipa::path]` attributes and
//! the `ToSchema` types they answer with, so the shapes cannot drift from
//! the JSON; a test checks it names every registered route.

use std::sync::LazyLock;

use actix_web::HttpResponse;
use actix_web::http::header::ContentType;
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{Schema, SchemaType, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

use super::error::ErrorBody;
use super::{
    approval_rules, auth, board, commission_plan, commissions, deadlines, disputes, events,
    explanations, goal_actions, goal_progress, goals, payouts, periods, sale_actions, sales,
    sheet_sources, sheets, targets,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Attain API",
        version = "1",
        description = "Sales goals, quotas and progress; partner sales, approvals and commissions. Authenticate with a bearer token from POST /api/v1/auth/token, or with the signed-in session cookie plus the X-CSRF-Token header on writes. Amounts are decimal strings; dates are YYYY-MM-DD. Errors are {\"error\": message, \"fields\": {field: message}}."
    ),
    servers((url = "/")),
    security(("bearerAuth" = [])),
    paths(
        auth::issue_token,
        document,
        periods::list,
        periods::create,
        goals::list_quotas,
        goals::create_quota,
        board::progress::my_progress,
        board::progress::team_progress,
        board::leaderboard,
        goal_progress::show_quota,
        goals::update_quota,
        goals::cancel_quota,
        goals::list_goals,
        goals::create_goal,
        sheets::monthly_current,
        sheets::monthly_set,
        sheets::yearly_current,
        sheets::yearly_set,
        sheets::history,
        sheets::progress_of,
        deadlines::pending,
        deadlines::acknowledge,
        goal_progress::show_goal,
        goals::update,
        goals::cancel,
        goal_progress::show,
        goal_actions::submit,
        goal_actions::approve,
        goal_actions::send_back,
        goal_actions::activate,
        goal_actions::pause,
        goal_actions::resume,
        goal_actions::cancel,
        targets::calculate_target,
        events::create,
        sales::list,
        sales::create,
        sales::show,
        sale_actions::approve,
        sale_actions::reject,
        sale_actions::cancel,
        sale_actions::refund,
        commissions::list,
        explanations::show,
        payouts::list,
        payouts::create,
        payouts::show,
        payouts::approve,
        payouts::pay,
        payouts::discard,
        payouts::csv,
        payouts::statement,
        disputes::list,
        disputes::open,
        disputes::show,
        disputes::answer,
        disputes::resolve,
        disputes::reject,
        commission_plan::show,
        commission_plan::replace,
        approval_rules::show,
        approval_rules::replace,
        sheet_sources::list,
        sheet_sources::create,
        sheet_sources::syncs,
        sheet_sources::sync,
    ),
    components(schemas(goal_actions::GoalStateJson)),
    modifiers(&Bearer, &CommonAnswers, &Tidy)
)]
pub struct ApiDoc;

/// The `bearerAuth` scheme the document's `security` names.
struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearerAuth",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The answers every authenticated operation may give besides its own:
/// the caller extractor's 401, a role or CSRF 403 and the pool's 503.
struct CommonAnswers;

const COMMON: [(&str, &str); 3] = [
    (
        "401",
        "Not signed in, or the token is missing, invalid or expired.",
    ),
    (
        "403",
        "The caller's role or ownership does not allow this, or a cookie call lacks X-CSRF-Token.",
    ),
    ("503", "The database is unavailable."),
];

impl Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let error = Ref::from_schema_name(ErrorBody::name());
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                add_common(operation, &error);
            }
        }
    }
}

/// Adds [`COMMON`] to an operation under the document's security (the
/// public ones name their own, empty, security).
fn add_common(operation: &mut Operation, error: &Ref) {
    if operation.security.is_some() {
        return;
    }
    for (status, description) in COMMON {
        operation
            .responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| {
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new().schema(Some(error.clone())).build(),
                    )
                    .build()
                    .into()
            });
    }
}

/// What the derives write differently from what the API does: a public
/// operation's `security(())` becomes `[{}]` (anonymous allowed) where the
/// API means `[]` (none needed); an optional body (`Option<Notes>`) gets a
/// nullable schema, but a `null` body is a 400 (absent is `{}`); and
/// `min_properties` comes out as `maxProperties` (utoipa 5.5).
struct Tidy;

impl Modify for Tidy {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                if let Some(security) = &mut operation.security {
                    security.clear();
                }
                let Some(body) = &mut operation.request_body else {
                    continue;
                };
                for content in body.content.values_mut() {
                    if let Some(only) = unless_null(content.schema.as_ref()) {
                        content.schema = Some(RefOr::Ref(only));
                    }
                }
            }
        }
        let schemas = &mut openapi
            .components
            .get_or_insert_with(Default::default)
            .schemas;
        if let Some(RefOr::T(Schema::Object(change))) = schemas.get_mut("GoalChange") {
            change.max_properties = None;
            change.min_properties = Some(1);
        }
    }
}

/// The reference of a `oneOf` of `{"type": "null"}` and one reference.
fn unless_null(schema: Option<&RefOr<Schema>>) -> Option<Ref> {
    let Some(RefOr::T(Schema::OneOf(one_of))) = schema else {
        return None;
    };
    let null = SchemaType::Type(Type::Null);
    let mut rest = one_of
        .items
        .iter()
        .filter(|item| !matches!(item, RefOr::T(Schema::Object(o)) if o.schema_type == null));
    match (rest.next(), rest.next()) {
        (Some(RefOr::Ref(only)), None) => Some(only.clone()),
        _ => None,
    }
}

static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    ApiDoc::openapi()
        .to_json()
        .expect("the OpenAPI document serialises")
});

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    summary = "This document", security(()),
    responses((status = 200, description = "OpenAPI 3.1 document.")))]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(DOCUMENT.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transition_is_documented() {
        let doc = ApiDoc::openapi();
        for action in crate::domain::lifecycle::Action::BUTTONS {
            let path = format!("/api/v1/goals/{{id}}/{}", action.slug());
            assert!(doc.paths.paths.contains_key(&path), "{path}");
        }
    }

    #[test]
    fn authenticated_operations_list_the_common_answers_and_public_ones_do_not() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let token = &doc["paths"]["/api/v1/auth/token"]["post"]["responses"];
        assert!(token["403"].is_null() && token["429"].is_object());
        let goals = &doc["paths"]["/api/v1/goals"]["get"]["responses"];
        for status in ["200", "401", "403", "422", "503"] {
            assert!(goals[status].is_object(), "{status}");
        }
    }
}
