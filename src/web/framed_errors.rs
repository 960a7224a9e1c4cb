//! Error pages inside the signed-in person's frame. `AppError` answers
//! without the request (`ResponseError`), so its page has the bare frame;
//! this middleware draws full-page HTML errors again with the navigation,
//! the bell and the user menu when a person is signed in. Anonymous
//! visitors, htmx requests (toasts), the JSON API and static files keep
//! their answers, and so does a 503: the database is what is missing.

use std::time::Duration;

use actix_session::SessionExt;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};

use super::error::AppError;
use super::layout::Layout;
use crate::auth::TypedSession;
use crate::auth::extract::FrameUser;
use crate::db::DbPool;

/// How long an error page waits for a connection to find the person before
/// it gives up and shows the bare frame.
const LOOKUP_WAIT: Duration = Duration::from_millis(500);

pub async fn framed_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let path = req.path();
    let passed_over = req.headers().contains_key("hx-request")
        || path.starts_with("/api/")
        || path == "/api"
        || path.starts_with("/static/");
    let res = next.call(req).await?.map_into_boxed_body();
    if passed_over {
        return Ok(res);
    }
    let Some(error) = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .filter(|e| wants_frame(e))
    else {
        return Ok(res);
    };
    let session = TypedSession(res.request().get_session());
    let known = res.request().extensions().get::<FrameUser>().cloned();
    let found = match known {
        Some(found) => Some(found),
        None => look_up(&res, &session).await,
    };
    let layout = match found {
        Some(FrameUser { user, org }) => {
            let lang = crate::auth::extract::reader_lang(&user, &org);
            Layout::for_user(error.heading(lang), &user, &org, &session)
        }
        None => {
            // Not signed in: the bare frame, in the visitor's language.
            let lang = super::layout::visitor_lang(res.request());
            if lang == crate::i18n::Lang::En {
                return Ok(res);
            }
            Layout::bare(error.heading(lang), lang)
        }
    };
    let mut framed = error.page(layout);
    // Keep what the first answer said besides its body (`Allow`, …).
    for (name, value) in res.response().headers() {
        if !framed.headers().contains_key(name) {
            framed.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(res.into_response(framed))
}

/// Errors answered with a page; a redirect to sign in and an unreachable
/// database are left as they are.
fn wants_frame(error: &AppError) -> bool {
    !matches!(error, AppError::Unauthenticated | AppError::Unavailable)
}

/// The session's person, checked as the extractors check them, when the
/// handler did not get that far (an unknown path, a refused path
/// parameter). Any trouble reaching the database leaves the bare page.
async fn look_up(res: &ServiceResponse, session: &TypedSession) -> Option<FrameUser> {
    let (user_id, issued_at) = session.user().ok().flatten()?;
    let pool = res.request().app_data::<web::Data<DbPool>>()?.clone();
    let checked = web::block(move || {
        let mut conn = pool.get_timeout(LOOKUP_WAIT).ok()?;
        crate::auth::SignedIn::check(&mut conn, user_id, issued_at).ok()
    })
    .await
    .ok()
    .flatten()?;
    checked.found().map(|(user, org)| FrameUser {
        user: user.clone(),
        org: org.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_redirects_and_outages_keep_their_answer() {
        assert!(!wants_frame(&AppError::Unauthenticated));
        assert!(!wants_frame(&AppError::Unavailable));
        assert!(wants_frame(&AppError::NotFound));
        assert!(wants_frame(&AppError::Forbidden));
        assert!(wants_frame(&AppError::Conflict(
            crate::i18n::Msg::verbatim("taken")
        )));
    }
}
