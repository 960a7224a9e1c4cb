//! The goal page's words: the period's range, the history timeline, and
//! the labels of statuses and sources.

use super::*;
use crate::domain::number::Unit;

/// "1 Apr 2026 – 31 Mar 2027" where the period's name does not already say
/// it: quarters, years and named custom ranges; empty for months.
pub(super) fn period_range(view: &GoalView, org: &Organisation) -> String {
    let span = view.period.period();
    // The column's CHECK keeps it in 1..=12, which `label` requires.
    let fiscal = u32::try_from(org.fiscal_year_start_month)
        .unwrap_or(1)
        .clamp(1, 12);
    let plain_label = span.label(fiscal);
    let says_it = span.kind == PeriodKind::Month
        || (span.kind == PeriodKind::Custom && view.period.name == plain_label);
    if says_it {
        String::new()
    } else {
        format!(
            "{} – {}",
            span.start.format("%-d %b %Y"),
            span.end.format("%-d %b %Y")
        )
    }
}

/// The history, newest first, in words: "Target 1,000 → 1,200".
pub(super) fn timeline(
    revisions: &[(GoalRevision, Option<String>)],
    unit: Unit,
    org: &Organisation,
) -> Vec<RevisionRow> {
    let zone = format::zone(org);
    let word = |field: &str, value: Option<&serde_json::Value>| -> String {
        use serde_json::Value;
        match value {
            None | Some(Value::Null) => "—".into(),
            Some(Value::String(s)) if field == "status" => {
                s.parse().map_or("Unknown", status_label).to_string()
            }
            Some(Value::String(s)) if field == "target" || field == "base_target" => s
                .parse::<Decimal>()
                .map(|d| format::value(d, unit, org))
                .unwrap_or_else(|_| s.clone()),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        }
    };
    revisions
        .iter()
        .rev()
        .map(|(rev, who)| {
            let fields: Vec<&String> = rev
                .after
                .as_object()
                .map(|o| o.keys().collect())
                .unwrap_or_default();
            RevisionRow {
                who: who.clone().unwrap_or_else(|| "Attain".into()),
                when: format::date_time(rev.created_at, zone),
                reason: rev.reason.clone().unwrap_or_default(),
                changes: fields
                    .into_iter()
                    .map(|f| {
                        let mut label = f.replace('_', " ");
                        if let Some(first) = label.get(0..1) {
                            label = first.to_uppercase() + &label[1..];
                        }
                        (label, word(f, rev.before.get(f)), word(f, rev.after.get(f)))
                    })
                    .collect(),
            }
        })
        .collect()
}

pub(super) fn status_label(status: Status) -> &'static str {
    match status {
        Status::Draft => "Draft",
        Status::PendingApproval => "Pending approval",
        Status::Approved => "Approved",
        Status::Active => "Active",
        Status::Paused => "Paused",
        Status::Completed => "Completed",
        Status::Failed => "Failed",
        Status::Cancelled => "Cancelled",
    }
}

pub(super) fn source_label(source: &str) -> &'static str {
    match source {
        "manual" => "Manual",
        "import" => "Import",
        "api" => "API",
        "sale" => "Sale",
        "system" => "System",
        _ => "Other",
    }
}
