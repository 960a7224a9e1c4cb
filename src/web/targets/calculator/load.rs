//! What the calculator shows: the month, metric and person choices, and the
//! breakdown of the target (or why there is none).

use super::*;
use crate::web::targets::view::{factor_note, source_label};

/// "2026-11" → 1 November 2026.
pub(super) fn parse_month(text: &str) -> Option<NaiveDate> {
    let (year, month) = text.trim().split_once('-')?;
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

pub(super) fn month_value(first: NaiveDate) -> String {
    format!("{:04}-{:02}", first.year(), first.month())
}

/// Last month to six months ahead, and `chosen` if it lies outside.
fn month_options(f: &Fmt, today: NaiveDate, chosen: NaiveDate) -> Vec<SelectOption> {
    let this = Period::month_containing(today).start;
    let mut firsts: Vec<NaiveDate> = (0..8)
        .filter_map(|i| {
            this.checked_sub_months(Months::new(1))?
                .checked_add_months(Months::new(i))
        })
        .collect();
    if !firsts.contains(&chosen) {
        firsts.push(chosen);
        firsts.sort();
    }
    firsts
        .into_iter()
        .map(|first| SelectOption::new(month_value(first), f.month(first)))
        .collect()
}

/// The calculator section (none without anybody to compute for), the
/// breakdown, or the message saying why there is none.
pub(super) type Loaded = (Option<Calc>, Option<BreakdownView>, Option<String>);

/// What the calculator shows for `form`, and the breakdown (or why there
/// is none). `errors` are the form's messages so far.
pub(super) fn load(
    conn: &mut PgConnection,
    viewer: &User,
    org: &Organisation,
    f: &Fmt,
    form: &CalcForm,
    mut errors: FieldErrors,
) -> Result<Loaded, AppError> {
    let lang = f.lang;
    let people = people(conn, viewer)?;
    let Some(first) = people.first() else {
        return Ok((None, None, None));
    };
    let person = match form.user.trim() {
        "" => first,
        text => {
            let id: i64 = text.parse().map_err(|_| AppError::NotFound)?;
            people
                .iter()
                .find(|p| p.user.id == id)
                .ok_or(AppError::NotFound)?
        }
    };
    let today = crate::goals::progress::org_today(org);
    let fiscal = org.fiscal_start_month();
    let month = match form.month.trim() {
        "" => Period::month_containing(today).start,
        text => parse_month(text).ok_or(AppError::NotFound)?,
    };
    let metrics: Vec<Metric> = Metric::active(conn)?
        .into_iter()
        .filter(|m| crate::domain::target::Basis::for_metric(&m.key).is_some())
        .collect();
    let metric = match form.metric.trim() {
        "" => metrics.first().cloned().ok_or(AppError::NotFound)?,
        text => {
            let id: i64 = text.parse().map_err(|_| AppError::NotFound)?;
            metrics
                .iter()
                .find(|m| m.id == id)
                .cloned()
                .ok_or(AppError::NotFound)?
        }
    };
    let period = PeriodRow::containing(conn, PeriodKind::Month, month, fiscal)?;
    let (overrides, factor_errors) = form.overrides();
    for (field, message) in factor_errors.iter() {
        errors.add(field, message.clone());
    }
    let stored: Option<Factors> = match person.user.partner_type_id {
        Some(_) => Some(stored_factors_of(
            conn,
            org,
            &person.user,
            &period,
            &metric,
        )?),
        None => None,
    };
    let (view, message) = if factor_errors.is_empty() {
        match calculate(conn, org, &person.user, &period, &metric, &overrides) {
            Ok(Ok(b)) => (Some(BreakdownView::shown(&b, f)), None),
            Ok(Err(why)) => (None, Some(why.message().render(lang))),
            Err(AppError::Invalid(e)) => (None, e.iter().next().map(|(_, m)| m.render(lang))),
            Err(other) => return Err(other),
        }
    } else {
        (None, Some(lang.t("target-correct-factors")))
    };
    let shown: FieldMessages = errors.shown(lang);
    let metric_name = f.metric(&metric.key, &metric.name);
    let inputs = FACTORS
        .iter()
        .map(|(name, label)| {
            let stored = stored.as_ref().map(|factors| match *name {
                "personal" => &factors.personal,
                "market" => &factors.market,
                "seasonal" => &factors.seasonal,
                _ => &factors.team,
            });
            let typed = form.factor_text(name);
            FactorInput {
                name,
                label: lang.t(label),
                value: match (typed.is_empty(), stored) {
                    (false, _) => typed.to_string(),
                    (true, Some(f)) => f.value.normalize().to_string(),
                    (true, None) => String::new(),
                },
                hint: stored
                    .map(|factor| {
                        let note = match factor_note(lang, factor) {
                            note if note.is_empty() => source_label(lang, factor.source),
                            note => note,
                        };
                        lang.tr(
                            "target-stored-hint",
                            [
                                ("value", factor.value.normalize().to_string().into()),
                                ("note", note.into()),
                            ],
                        )
                    })
                    .unwrap_or_default(),
                error: shown.get(name).map(str::to_string),
            }
        })
        .collect();
    let live = Goal::live(conn, Owner::User(person.user.id), metric.id, period.id)?;
    let (live_text, live_active) = match &live {
        Some(goal) => (
            lang.tr(
                if goal.status == Status::Active {
                    "target-live-active"
                } else {
                    "target-live-other"
                },
                [
                    ("name", person.user.name.clone().into()),
                    ("metric", metric_name.to_lowercase().into()),
                    ("period", f.period(&period).into()),
                    ("target", f.value(goal.target, metric.unit).into()),
                    (
                        "status",
                        crate::web::goals::status_word(lang, goal.status).into(),
                    ),
                ],
            ),
            goal.status == Status::Active,
        ),
        None => (
            lang.tr(
                "target-live-none",
                [
                    ("name", person.user.name.clone().into()),
                    ("metric", metric_name.to_lowercase().into()),
                    ("period", f.period(&period).into()),
                ],
            ),
            false,
        ),
    };
    let recommendation = match &view {
        Some(_) => crate::goals::targets::recommended::suggest(
            conn,
            org,
            std::slice::from_ref(&person.user),
            std::slice::from_ref(&metric),
            &period,
        )?
        .into_iter()
        .next()
        .map(|s| CalcRecommendation {
            target: f.value(s.target(), metric.unit),
            formula: f.value(s.formula_target(), metric.unit),
            reason: s.reason().map(|r| lang.factor_note(r)).unwrap_or_default(),
        })
        .ok_or_else(|| lang.t("recommend-calc-none")),
        None => Err(String::new()),
    };
    let calc = Calc {
        recommendation,
        people: people
            .iter()
            .map(|p| SelectOption::new(p.user.id, format!("{} · {}", p.user.name, p.detail)))
            .collect(),
        user: person.user.id.to_string(),
        months: month_options(f, today, month),
        month: month_value(month),
        metrics: metrics
            .iter()
            .map(|m| SelectOption::new(m.id, f.metric(&m.key, &m.name)))
            .collect(),
        metric: metric.id.to_string(),
        inputs,
        live: live_text,
        live_active,
        can_save: view.is_some(),
        reason: form.reason.trim().to_string(),
        reason_error: shown.get("reason").map(str::to_string),
        save_error: shown
            .get("target")
            .or(shown.get("user"))
            .or(shown.get("period"))
            .or(shown.get("metric"))
            .map(str::to_string),
    };
    Ok((Some(calc), view, message))
}
