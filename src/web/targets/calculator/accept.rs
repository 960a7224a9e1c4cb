//! `POST /targets/calculator/recommended`: accepts the recommended target
//! of the calculator's person, month and metric
//! (`goals::targets::recommended::accept`), then shows the goal.

use super::*;
use crate::goals::targets::recommended;

pub async fn accept(
    pool: web::Data<DbPool>,
    current: RequireManager,
    form: web::Form<CalcForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let user_id: Option<i64> = form.user.trim().parse().ok();
    let month = parse_month(&form.month);
    let metric_id: Option<i64> = form.metric.trim().parse().ok();
    let (Some(user_id), Some(month), Some(metric_id)) = (user_id, month, metric_id) else {
        return Err(AppError::BadRequest(Msg::new("target-choose-subject")));
    };
    let viewer = current.user.clone();
    let org = current.org.clone();
    let today = crate::goals::progress::org_today(&org);
    let saved = db(&pool, move |conn| {
        let fiscal = org.fiscal_start_month();
        let period = PeriodRow::containing(conn, PeriodKind::Month, month, fiscal)?;
        recommended::accept(
            conn,
            &viewer,
            &org,
            period.id,
            &[(user_id, metric_id)],
            today,
        )
    })
    .await?;
    let goal = saved.first().map(|s| s.goal.id).ok_or(AppError::NotFound)?;
    let lang = current.lang();
    current.session.flash(
        FlashLevel::Success,
        lang.t(if saved.iter().any(|s| s.created) {
            "target-saved-created"
        } else {
            "target-saved-changed"
        }),
    );
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/goals/{goal}")))
        .finish())
}
