//! Sales KPIs for managers (their subtree's partners) and admins (everyone):
//! approval rate, refund rate, median time to approval, and confirmed sales
//! by channel and by category, for a month, quarter, year or custom range.

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::error::{AppError, FieldErrors};
use super::layout::Layout;
use super::respond::{WithStatus, with_status};
use super::{Routes, db, format};
use crate::auth::RequireManager;
use crate::db::DbPool;
use crate::domain::period::{Period, PeriodError, PeriodKind};
use crate::error::FieldMessages;
use crate::goals::kpis::{self as query, Group, Outcomes, Scope};
use crate::i18n::{Lang, Msg};
use crate::web::format::Fmt;

pub fn routes(r: &mut Routes) {
    r.get("/sales/kpis", page);
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct KpiQuery {
    /// "month" (default), "quarter", "year" or "custom".
    period: String,
    /// A date inside the wanted month, quarter or year (default today).
    at: String,
    from: String,
    to: String,
}

impl KpiQuery {
    /// The period asked for, or messages for the filter form.
    fn period(&self, fiscal: u32, today: NaiveDate) -> Result<Period, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = match self.period.trim() {
            "" => PeriodKind::Month,
            other => other.parse().unwrap_or_else(|_| {
                errors.add("period", Msg::new("kpi-period-unknown"));
                PeriodKind::Month
            }),
        };
        let period = if kind == PeriodKind::Custom {
            let from = date(&mut errors, "from", &self.from);
            let to = date(&mut errors, "to", &self.to);
            match (from, to) {
                (Some(from), Some(to)) => match Period::custom(from, to) {
                    Ok(period) => Some(period),
                    Err(PeriodError::EndBeforeStart) => {
                        errors.add("to", Msg::new("kpi-end-before-start"));
                        None
                    }
                    Err(PeriodError::TooLong { max_years }) => {
                        errors.add("to", Msg::new("kpi-too-long").arg("count", max_years));
                        None
                    }
                },
                _ => None,
            }
        } else {
            let at = match self.at.trim() {
                "" => Some(today),
                _ => date(&mut errors, "at", &self.at),
            };
            at.and_then(|at| Period::containing(kind, at, fiscal))
        };
        match period {
            Some(period) if errors.is_empty() => Ok(period),
            _ => Err(errors),
        }
    }
}

fn date(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, Msg::new("kpi-date-missing"));
        return None;
    }
    match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            errors.add(field, Msg::new("kpi-date-invalid"));
            None
        }
    }
}

pub struct PeriodLink {
    label: String,
    href: String,
    current: bool,
}

pub struct BreakdownRow {
    label: String,
    sales: String,
    amount: String,
    share: String,
    bar: u32,
}

pub struct Report {
    outcomes: Outcomes,
    approval_rate: String,
    refund_rate: String,
    median: String,
    standing_amount: String,
    channels: Vec<BreakdownRow>,
    categories: Vec<BreakdownRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "kpis/index.html")]
struct KpiPage {
    layout: Layout,
    lang: Lang,
    query: KpiQuery,
    custom: bool,
    errors: FieldMessages,
    period_label: String,
    scope_label: String,
    links: Vec<PeriodLink>,
    previous: Option<String>,
    next: Option<String>,
    report: Option<Report>,
    /// The revenue the goals count for the same partners and days, and
    /// where it comes from ("" when nothing was recorded).
    revenue_total: String,
    revenue_note: String,
}

async fn page(
    pool: web::Data<DbPool>,
    current: RequireManager,
    query: web::Query<KpiQuery>,
) -> Result<WithStatus<KpiPage>, AppError> {
    let query = query.into_inner();
    let org = current.org.clone();
    let f = current.fmt();
    let lang = f.lang;
    let today = crate::goals::progress::org_today(&org);
    let fiscal = org.fiscal_start_month();
    let chosen = query.period(fiscal, today);
    let viewer = current.user.clone();
    let data = match &chosen {
        Ok(period) => {
            let (start, end) = (period.start, period.end);
            Some(
                db(&pool, move |conn| {
                    let scope = match crate::org::access::visible_teams(conn, &viewer)? {
                        None => Scope::All,
                        Some(teams) => Scope::Teams(teams),
                    };
                    let outcomes = query::outcomes(conn, &scope, start, end)?;
                    let groups = query::breakdown(conn, &scope, start, end)?;
                    let sources = query::revenue_by_source(conn, &scope, start, end)?;
                    Ok((outcomes, groups, sources))
                })
                .await?,
            )
        }
        Err(_) => None,
    };
    let kind = match &chosen {
        Ok(period) => period.kind,
        Err(_) => query.period.parse().unwrap_or(PeriodKind::Month),
    };
    let link = |kind: PeriodKind, at: NaiveDate| {
        format!(
            "/sales/kpis?period={}&at={}",
            kind.as_str(),
            at.format("%Y-%m-%d")
        )
    };
    let links = [
        (PeriodKind::Month, "kpi-this-month"),
        (PeriodKind::Quarter, "kpi-this-quarter"),
        (PeriodKind::Year, "kpi-this-year"),
    ]
    .into_iter()
    .map(|(k, label)| PeriodLink {
        label: lang.t(label),
        href: format!("/sales/kpis?period={}", k.as_str()),
        current: chosen
            .as_ref()
            .is_ok_and(|p| p.kind == k && p.contains(today)),
    })
    .collect();
    let (status, errors, period_label, previous, next) = match &chosen {
        Ok(period) => (
            StatusCode::OK,
            FieldErrors::new(),
            lang.period_name(period.name(fiscal)),
            period.previous().map(|p| link(p.kind, p.start)),
            // Nothing has been sold in a period that has not started.
            period
                .next()
                .filter(|p| p.start <= today)
                .map(|p| link(p.kind, p.start)),
        ),
        Err(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors.clone(),
            lang.t(match kind {
                PeriodKind::Custom => "kpi-custom-range",
                _ => "kpi-period",
            }),
            None,
            None,
        ),
    };
    let (report, revenue_total, revenue_note) = match data {
        Some((outcomes, groups, sources)) => {
            let total: Decimal = sources.iter().map(|(_, amount)| *amount).sum();
            let note = super::sales::revenue_note(&f, &sources);
            (Some(report(outcomes, groups, &f)), f.money(total), note)
        }
        None => (None, String::new(), String::new()),
    };
    let is_admin = current.user.role().is_admin();
    let page = KpiPage {
        layout: current.layout_t("kpi-title"),
        lang,
        custom: kind == PeriodKind::Custom,
        query,
        errors: errors.shown(lang),
        period_label,
        scope_label: lang.t(if is_admin {
            "kpi-scope-all"
        } else {
            "kpi-scope-managed"
        }),
        links,
        previous,
        next,
        report,
        revenue_total,
        revenue_note,
    };
    Ok(with_status(page, status))
}

fn report(outcomes: Outcomes, groups: Vec<Group>, f: &Fmt) -> Report {
    let (channels, categories): (Vec<Group>, Vec<Group>) =
        groups.into_iter().partition(|g| g.by_channel);
    let rows = |groups: Vec<Group>, blank: String| -> Vec<BreakdownRow> {
        let total: Decimal = groups.iter().map(|g| g.amount).sum();
        let largest = groups.iter().map(|g| g.amount).max().unwrap_or_default();
        groups
            .into_iter()
            .map(|g| BreakdownRow {
                label: g.label.map(capitalise).unwrap_or_else(|| blank.clone()),
                sales: f.count(g.sales.into()),
                amount: f.money(g.amount),
                share: rate(g.amount, total),
                bar: format::bar_step(ratio(g.amount, largest)),
            })
            .collect()
    };
    Report {
        approval_rate: rate(
            outcomes.approved.into(),
            (outcomes.approved + outcomes.rejected).into(),
        ),
        refund_rate: rate(outcomes.refunded.into(), outcomes.confirmed.into()),
        median: outcomes
            .median_approval_seconds
            .map(|seconds| duration(f.lang, seconds))
            .unwrap_or_else(|| "—".into()),
        standing_amount: f.money(outcomes.standing_amount),
        channels: rows(channels, f.lang.t("kpi-channel-other")),
        categories: rows(categories, f.lang.t("kpi-no-category")),
        outcomes,
    }
}

/// `part ÷ whole` in percent, or `None` when there is no whole.
fn ratio(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| part * Decimal::ONE_HUNDRED / whole)
}

/// "75.0%", or "—" when nothing was decided.
fn rate(part: Decimal, whole: Decimal) -> String {
    match ratio(part, whole) {
        Some(p) => format!("{:.1}%", p.round_dp(1)),
        None => "—".into(),
    }
}

fn capitalise(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// A waiting time in its two largest units: "45 min", "3 h 20 min", "2 d 4 h".
pub fn duration(lang: Lang, seconds: f64) -> String {
    let minutes = (seconds.max(0.0) / 60.0).round() as i64;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let (d, h, m) = (
        ("days", days.into()),
        ("hours", hours.into()),
        ("minutes", mins.into()),
    );
    match (days, hours, mins) {
        (0, 0, 0) => lang.t("kpi-duration-instant"),
        (0, 0, _) => lang.tr("kpi-duration-m", [m]),
        (0, _, 0) => lang.tr("kpi-duration-h", [h]),
        (0, _, _) => lang.tr("kpi-duration-hm", [h, m]),
        (_, 0, _) => lang.tr("kpi-duration-d", [d]),
        (_, _, _) => lang.tr("kpi-duration-dh", [d, h]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn durations_show_their_two_largest_units() {
        let duration = |seconds| duration(Lang::En, seconds);
        assert_eq!(duration(20.0), "under a minute");
        assert_eq!(duration(45.0 * 60.0), "45 min");
        assert_eq!(duration(3.0 * 3600.0), "3 h");
        assert_eq!(duration(3.0 * 3600.0 + 20.0 * 60.0), "3 h 20 min");
        assert_eq!(duration(52.0 * 3600.0 + 59.0), "2 d 4 h");
        assert_eq!(duration(48.0 * 3600.0), "2 d");
    }

    #[test]
    fn rates_have_one_decimal_or_a_dash() {
        assert_eq!(rate(dec!(3), dec!(4)), "75.0%");
        assert_eq!(rate(dec!(1), dec!(3)), "33.3%");
        assert_eq!(rate(dec!(0), dec!(0)), "—");
    }

    /// A fiscal year starting in April.
    const APRIL: u32 = 4;

    #[test]
    fn the_period_defaults_to_this_month_and_follows_the_fiscal_year() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let q = |period: &str, at: &str| KpiQuery {
            period: period.into(),
            at: at.into(),
            ..KpiQuery::default()
        };
        let month = q("", "").period(APRIL, today).unwrap();
        assert_eq!(month.start, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        let quarter = q("quarter", "").period(APRIL, today).unwrap();
        assert_eq!(quarter.start, NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
        let year = q("year", "2026-02-10").period(APRIL, today).unwrap();
        assert_eq!(year.start, NaiveDate::from_ymd_opt(2025, 4, 1).unwrap());
        assert!(q("decade", "").period(APRIL, today).is_err());
        assert!(q("month", "yesterday").period(APRIL, today).is_err());
    }

    #[test]
    fn a_custom_range_needs_both_dates_in_order() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let custom = |from: &str, to: &str| KpiQuery {
            period: "custom".into(),
            from: from.into(),
            to: to.into(),
            ..KpiQuery::default()
        };
        let ok = custom("2026-01-15", "2026-03-01")
            .period(APRIL, today)
            .unwrap();
        assert_eq!(ok.end, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        let errors = custom("", "2026-03-01").period(APRIL, today).unwrap_err();
        assert!(errors.has("from"));
        let errors = custom("2026-03-01", "2026-01-01")
            .period(APRIL, today)
            .unwrap_err();
        assert!(errors.has("to"));
    }
}
