//! A posted row: its owner and cells parsed, each cell checked against its
//! metric; nothing is written here.

use super::*;

/// A row as posted: team and period of the page, whose row it is, and one
/// text per metric column (`target_<metric id>`).
pub(super) struct RowInput {
    pub(super) team: i64,
    pub(super) period: i64,
    pub(super) owner: Holder,
    pub(super) cells: Vec<(i64, String)>,
}

pub(super) fn parse_row(pairs: &[(String, String)]) -> Result<RowInput, AppError> {
    let id = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.trim().parse::<i64>().ok())
            .filter(|id| *id > 0)
    };
    let owner = match (id("user"), id("owner_team")) {
        (Some(user), None) => Some(Holder::User(user)),
        (None, Some(team)) => Some(Holder::Team(team)),
        _ => None,
    };
    let (Some(team), Some(period), Some(owner)) = (id("team"), id("period"), owner) else {
        return Err(AppError::Invalid(FieldErrors::one(
            "row",
            Msg::new("quota-row-unclear"),
        )));
    };
    let cells = pairs
        .iter()
        .filter_map(|(k, v)| {
            let metric = k.strip_prefix("target_")?.parse::<i64>().ok()?;
            Some((metric, v.clone()))
        })
        .collect();
    Ok(RowInput {
        team,
        period,
        owner,
        cells,
    })
}

/// What the row's cells ask for: per metric, a target or none.
pub(super) fn validate(
    cells: &[(i64, String)],
    metrics: &[Metric],
    org: &Organisation,
    lang: Lang,
) -> Result<Vec<(Metric, Option<Decimal>)>, Typed> {
    let mut wanted = Vec::new();
    let mut typed: Typed = HashMap::new();
    let mut bad = false;
    for (metric_id, text) in cells {
        let Some(metric) = metrics.iter().find(|m| m.id == *metric_id) else {
            continue;
        };
        let mut errors = FieldErrors::new();
        let target = if text.trim().is_empty() {
            None
        } else if !metric.active {
            errors.add("target", Msg::new("quota-metric-retired"));
            None
        } else {
            let scale = scale_of(metric, org);
            let value = input::decimal(&mut errors, "target", text, Decimal::ZERO, scale);
            let too_precise = errors
                .message("target")
                .is_some_and(|e| e.key() == Some("forms-decimal-places"));
            if too_precise {
                errors = FieldErrors::one(
                    "target",
                    match scale {
                        0 if metric.is_money() => Msg::new("quota-no-decimals-currency"),
                        0 => Msg::new("quota-whole-number"),
                        s => Msg::new("quota-decimals").arg("count", s),
                    },
                );
            }
            Some(value)
        };
        let error = errors.message("target").map(|m| m.render(lang));
        bad |= error.is_some();
        typed.insert(metric.id, (text.trim().to_string(), error));
        wanted.push((metric.clone(), target));
    }
    if bad { Err(typed) } else { Ok(wanted) }
}

pub(super) fn owner_of(holder: Holder) -> Owner {
    match holder {
        Holder::User(id) => Owner::User(id),
        Holder::Team(id) => Owner::Team(id),
        Holder::Company => Owner::Company,
    }
}

/// Every posted cell as typed, each with `message` (a row-wide refusal).
pub(super) fn input_cells_typed(pairs: &[(String, String)], message: Option<String>) -> Typed {
    parse_row(pairs)
        .map(|input| {
            input
                .cells
                .into_iter()
                .map(|(metric, text)| (metric, (text.trim().to_string(), message.clone())))
                .collect()
        })
        .unwrap_or_default()
}
