//! The people's own factors (`/targets/factors`): for each partner the
//! viewer sets targets for, the personal adjustment and the team factor by
//! hand (blank: computed from the team's attainment last month), each row
//! saved on its own by htmx; and the recent changes.

use actix_htmx::Htmx;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use diesel::PgConnection;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::calculator::{Person, people};
use super::view::{HistoryLine, history_shown};
use crate::auth::RequireManager;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::partner_tiers::PartnerTier;
use crate::db::partner_types::PartnerType;
use crate::db::periods::PeriodRow;
use crate::db::target_factors::{self, UserFactors};
use crate::db::users::User;
use crate::domain::period::PeriodKind;
use crate::domain::target::{check_factor, team_factor};
use crate::error::FieldMessages;
use crate::goals::targets::factors::set_user_factors;
use crate::goals::targets::team::{Leads, standing};
use crate::i18n::{Lang, Msg};
use crate::input;
use crate::web::db;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::layout::Layout;
use crate::web::respond::{Reply, WithStatus, reply, to_toast_area, with_status};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RowState {
    Idle,
    Saved,
    Unchanged,
    Invalid,
}

pub struct FactorRow {
    pub user_id: i64,
    pub name: String,
    pub detail: String,
    /// The revenue base: minimum × multiplier.
    pub base: String,
    pub personal: String,
    pub team: String,
    /// The computed team factor, shown as the team input's placeholder.
    pub computed: String,
    /// "Leads Seoul Gangnam (8 people) · 104.20% in October 2026".
    pub standing: String,
    pub reason: String,
    pub errors: FieldMessages,
    pub state: RowState,
    pub oob: bool,
}

impl FactorRow {
    pub fn saved(&self) -> bool {
        self.state == RowState::Saved
    }
    pub fn unchanged(&self) -> bool {
        self.state == RowState::Unchanged
    }
    pub fn invalid(&self) -> bool {
        self.state == RowState::Invalid
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "targets/factors.html")]
pub struct FactorsPage {
    layout: Layout,
    lang: Lang,
    rows: Vec<FactorRow>,
    history: Vec<HistoryLine>,
    month: String,
    is_admin: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "targets/_factor_row_response.html")]
struct RowResponse {
    lang: Lang,
    row: FactorRow,
    csrf_token: String,
    toast: Option<String>,
}

/// "Leads Seoul Gangnam (8 people)", "Leads a downline of 3 people".
fn leads_text(lang: Lang, leads: &Leads, members: usize) -> String {
    match leads {
        Leads::Teams(names) => lang.tr(
            "target-leads-teams",
            [
                ("teams", names.join(", ").into()),
                ("count", members.into()),
            ],
        ),
        Leads::Downline => lang.tr("target-leads-downline", [("count", members.into())]),
    }
}

fn row_of(
    conn: &mut PgConnection,
    org: &Organisation,
    f: &Fmt,
    person: &Person,
    own: Option<&UserFactors>,
    revenue: Option<&Metric>,
    month: &PeriodRow,
) -> Result<FactorRow, AppError> {
    let user = &person.user;
    let base = match (user.partner_type_id, revenue) {
        (Some(type_id), Some(_)) => {
            let kind = PartnerType::find(conn, type_id)?;
            let multiplier = match user.partner_tier_id {
                Some(id) => PartnerTier::find(conn, id)?.target_multiplier,
                None => Decimal::ONE,
            };
            f.money(kind.min_monthly_sales * multiplier)
        }
        _ => "—".into(),
    };
    let (standing_text, computed) = match revenue {
        Some(metric) => match standing(conn, org, user.id, metric, month)? {
            Some(s) => match s.attainment() {
                Some(p) => (
                    f.lang.tr(
                        "target-standing-percent",
                        [
                            (
                                "leads",
                                leads_text(f.lang, &s.leads, s.members.len()).into(),
                            ),
                            ("percent", f.percent(Some(p)).into()),
                            ("month", f.month(s.previous_start).into()),
                        ],
                    ),
                    team_factor(p).to_string(),
                ),
                None => (
                    f.lang.tr(
                        "target-standing-none",
                        [
                            (
                                "leads",
                                leads_text(f.lang, &s.leads, s.members.len()).into(),
                            ),
                            ("month", f.month(s.previous_start).into()),
                        ],
                    ),
                    "1".into(),
                ),
            },
            None => (f.lang.t("target-leads-no-team"), "1".into()),
        },
        None => ("—".into(), "1".into()),
    };
    Ok(FactorRow {
        user_id: user.id,
        name: user.name.clone(),
        detail: person.detail.clone(),
        base,
        personal: own
            .map(|f| f.personal_factor.normalize().to_string())
            .unwrap_or_else(|| "1".into()),
        team: own
            .and_then(|f| f.team_factor_override)
            .map(|f| f.normalize().to_string())
            .unwrap_or_default(),
        computed,
        standing: standing_text,
        reason: String::new(),
        errors: FieldMessages::default(),
        state: RowState::Idle,
        oob: false,
    })
}

/// The rows of the people in reach (all, or only `only`).
fn rows(
    conn: &mut PgConnection,
    viewer: &User,
    org: &Organisation,
    f: &Fmt,
    only: Option<i64>,
) -> Result<(Vec<FactorRow>, String), AppError> {
    let people: Vec<Person> = people(conn, viewer)?
        .into_iter()
        .filter(|p| only.is_none_or(|id| p.user.id == id))
        .collect();
    let ids: Vec<i64> = people.iter().map(|p| p.user.id).collect();
    let own = UserFactors::of_users(conn, &ids)?;
    let revenue = Metric::find_by_key(conn, "revenue")?;
    let today = crate::goals::progress::org_today(org);
    let fiscal = org.fiscal_start_month();
    let month = PeriodRow::containing(conn, PeriodKind::Month, today, fiscal)?;
    let mut rows = Vec::with_capacity(people.len());
    for person in &people {
        rows.push(row_of(
            conn,
            org,
            f,
            person,
            own.get(&person.user.id),
            revenue.as_ref(),
            &month,
        )?);
    }
    Ok((rows, f.period(&month)))
}

/// `GET /targets/factors`.
pub async fn page(
    pool: web::Data<DbPool>,
    current: RequireManager,
) -> Result<WithStatus<FactorsPage>, AppError> {
    render_page(&pool, &current, None, StatusCode::OK).await
}

async fn render_page(
    pool: &DbPool,
    current: &RequireManager,
    failed: Option<FactorRow>,
    status: StatusCode,
) -> Result<WithStatus<FactorsPage>, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let f = current.fmt();
    let (mut rows, month, lines) = db(pool, move |conn| {
        let (rows, month) = rows(conn, &viewer, &org, &f, None)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
        let lines = target_factors::recent_revisions(conn, Some(&ids), 20)?;
        Ok((rows, month, lines))
    })
    .await?;
    if let Some(failed) = failed
        && let Some(slot) = rows.iter_mut().find(|r| r.user_id == failed.user_id)
    {
        *slot = failed;
    }
    let page = FactorsPage {
        layout: current.layout_t("target-factors-title"),
        lang: current.lang(),
        rows,
        history: history_shown(lines, &current.fmt()),
        month,
        is_admin: current.user.role().is_admin(),
    };
    Ok(with_status(page, status))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FactorForm {
    personal: String,
    team: String,
    reason: String,
}

struct Parsed {
    personal: Decimal,
    team: Option<Decimal>,
    reason: Option<String>,
}

fn parse(form: &FactorForm) -> Result<Parsed, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut factor = |field: &'static str, text: &str| -> Option<Decimal> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let value = input::decimal(&mut errors, field, text, Decimal::ZERO, 4);
        if errors.message(field).is_some() {
            return None;
        }
        match check_factor(value) {
            Ok(v) => Some(v),
            Err(e) => {
                errors.add(field, crate::goals::targets::target_error(&e));
                None
            }
        }
    };
    let personal = factor("personal", &form.personal).unwrap_or(Decimal::ONE);
    let team = factor("team", &form.team);
    let reason = form.reason.trim();
    if reason.chars().count() > crate::sales::form::NOTE_MAX {
        errors.add(
            "reason",
            Msg::new("target-reason-too-long").arg("max", crate::sales::form::NOTE_MAX.to_string()),
        );
    }
    errors.into_result()?;
    Ok(Parsed {
        personal,
        team,
        reason: (!reason.is_empty()).then(|| reason.to_string()),
    })
}

/// `POST /targets/factors/{user}`.
pub async fn save(
    pool: web::Data<DbPool>,
    current: RequireManager,
    htmx: Htmx,
    path: web::Path<i64>,
    form: web::Form<FactorForm>,
) -> Result<Reply, AppError> {
    let user_id = path.into_inner();
    let form = form.into_inner();
    let is_htmx = htmx.is_htmx;
    let viewer = current.user.clone();
    let org = current.org.clone();
    let f = current.fmt();
    let parsed = parse(&form);
    let outcome = db(&pool, move |conn| {
        let person = User::find(conn, user_id)?;
        if !crate::org::access::can_manage_user(conn, &viewer, person.id)? {
            return Err(AppError::Forbidden);
        }
        // Only the partners the page lists have factors to set.
        if rows(conn, &viewer, &org, &f, Some(person.id))?.0.is_empty() {
            return Err(AppError::NotFound);
        }
        let changed = match &parsed {
            Ok(p) => Some(set_user_factors(
                conn,
                &viewer,
                person.id,
                p.personal,
                p.team,
                p.reason.as_deref(),
            )?),
            Err(_) => None,
        };
        let (mut rows, _) = rows(conn, &viewer, &org, &f, Some(person.id))?;
        let mut row = rows.pop().ok_or(AppError::NotFound)?;
        row.state = match changed {
            Some(0) => RowState::Unchanged,
            Some(_) => RowState::Saved,
            None => RowState::Invalid,
        };
        if let Err(errors) = &parsed {
            row.personal = form.personal.trim().to_string();
            row.team = form.team.trim().to_string();
            row.reason = form.reason.trim().to_string();
            row.errors = errors.shown(f.lang);
        }
        Ok((row, person.name))
    })
    .await;
    let (mut row, name) = outcome?;
    let invalid = row.invalid();
    if !is_htmx {
        if invalid {
            return render_page(&pool, &current, Some(row), StatusCode::UNPROCESSABLE_ENTITY)
                .await
                .map(reply);
        }
        let lang = current.lang();
        let message = if row.unchanged() {
            lang.tr("target-factors-unchanged", [("name", name.into())])
        } else {
            lang.tr("target-factors-saved", [("name", name.into())])
        };
        current.session.flash(FlashLevel::Success, message);
        return Ok(reply(
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/targets/factors"))
                .finish(),
        ));
    }
    row.oob = invalid;
    let response = RowResponse {
        lang: current.lang(),
        toast: invalid.then(|| {
            current
                .lang()
                .tr("target-factors-not-saved", [("name", name.into())])
        }),
        row,
        csrf_token: current.session.csrf_token(),
    };
    let status = if invalid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let answer = with_status(response, status);
    if invalid {
        return Ok(reply(to_toast_area(answer)));
    }
    Ok(reply(answer))
}
