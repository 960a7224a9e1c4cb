//! What `/api/` answers for a request no API route takes: JSON 405 with
//! `Allow` when the path exists under other methods, JSON 404 otherwise —
//! never the HTML error page. Outside `/api/` the pages' 404 stands.

use std::sync::LazyLock;

use actix_web::dev::ResourceDef;
use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};

use super::error::{ErrorBody, ErrorCode, Fields};

/// Every API route as (method, pattern), from the one route list.
static ROUTES: LazyLock<Vec<(Method, ResourceDef)>> = LazyLock::new(|| {
    crate::web::route_list()
        .into_iter()
        .filter(|(_, path)| path.starts_with("/api/"))
        .map(|(method, path)| (method, ResourceDef::new(path)))
        .collect()
});

/// The methods the API serves at `path`.
pub fn allowed_methods(path: &str) -> Vec<Method> {
    let mut methods: Vec<Method> = ROUTES
        .iter()
        .filter(|(_, pattern)| pattern.is_match(path))
        .map(|(method, _)| method.clone())
        .collect();
    methods.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    methods.dedup();
    methods
}

/// The JSON answer for an unrouted request under `/api/`; `None` elsewhere.
pub fn answer(req: &HttpRequest) -> Option<HttpResponse> {
    let path = req.path();
    if !(path.starts_with("/api/") || path == "/api") {
        return None;
    }
    let allowed = allowed_methods(path);
    if allowed.is_empty() {
        let body = ErrorBody {
            code: ErrorCode::NotFound,
            error: format!("no API operation at {path}"),
            fields: Fields::default(),
        };
        return Some(HttpResponse::NotFound().json(body));
    }
    let list: Vec<&str> = allowed.iter().map(Method::as_str).collect();
    let body = ErrorBody {
        code: ErrorCode::MethodNotAllowed,
        error: format!(
            "{} is not allowed here; use {}",
            req.method(),
            list.join(", ")
        ),
        fields: Fields::default(),
    };
    Some(
        HttpResponse::build(StatusCode::METHOD_NOT_ALLOWED)
            .insert_header((header::ALLOW, list.join(", ")))
            .json(body),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_path_lists_its_methods_and_an_unknown_one_none() {
        let methods = allowed_methods("/api/v1/goals/7");
        assert!(methods.contains(&Method::PUT) && methods.contains(&Method::DELETE));
        assert!(!methods.contains(&Method::POST));
        assert_eq!(
            allowed_methods("/api/v1/sales/7/approve"),
            vec![Method::POST]
        );
        assert!(allowed_methods("/api/v1/nothing-here").is_empty());
    }
}
