//! The goal page's words: the period's range, the history timeline, and
//! the labels of statuses and sources.

use super::*;
use crate::domain::number::Unit;
use crate::i18n::Lang;
use crate::web::format::Fmt;

/// "1 Apr 2026 – 31 Mar 2027" where the period's name does not already say
/// it: quarters, years and named custom ranges; empty for months.
pub(super) fn period_range(view: &GoalView, org: &Organisation, f: &Fmt) -> String {
    let span = view.period.period();
    let fiscal = org.fiscal_start_month();
    let plain_label = span.label(fiscal);
    let says_it = span.kind == PeriodKind::Month
        || (span.kind == PeriodKind::Custom && view.period.name == plain_label);
    if says_it {
        String::new()
    } else {
        format!("{} – {}", f.day(span.start), f.day(span.end))
    }
}

/// The history, newest first, in words: "Target 1,000 → 1,200".
pub(super) fn timeline(
    revisions: &[(GoalRevision, Option<String>)],
    unit: Unit,
    f: &Fmt,
) -> Vec<RevisionRow> {
    let lang = f.lang;
    let word = |field: &str, value: Option<&serde_json::Value>| -> String {
        use serde_json::Value;
        match value {
            None | Some(Value::Null) => "—".into(),
            Some(Value::String(s)) if field == "status" => s
                .parse()
                .map_or(lang.t("goal-status-unknown"), |st| status_label(lang, st)),
            Some(Value::String(s)) if field == "target" || field == "base_target" => s
                .parse::<Decimal>()
                .map(|d| f.value(d, unit))
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
                when: f.instant(rev.created_at),
                reason: rev.reason.clone().unwrap_or_default(),
                changes: fields
                    .into_iter()
                    .map(|field| {
                        (
                            field_label(lang, field),
                            word(field, rev.before.get(field)),
                            word(field, rev.after.get(field)),
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A changed field's name in the history: "Target", "Bonus base".
fn field_label(lang: Lang, field: &str) -> String {
    let key = match field {
        "target" => "goal-field-target",
        "base_target" => "goal-field-base-target",
        "status" => "goal-field-status",
        "weight" => "goal-field-weight",
        "priority" => "goal-field-priority",
        "title" => "goal-field-title",
        "bonus_base" => "goal-field-bonus-base",
        "bonus_schedule" | "bonus_schedule_id" => "goal-field-bonus-schedule",
        _ => {
            // A field without a name of its own: its column, as words.
            let mut label = field.replace('_', " ");
            if let Some(first) = label.get(0..1) {
                label = first.to_uppercase() + &label[1..];
            }
            return label;
        }
    };
    lang.t(key)
}

pub(super) use crate::web::goals::status_label;

/// Where an event came from: "Manual", "Import", "Sale".
pub(super) fn source_label(lang: Lang, source: &str) -> String {
    lang.t(match source {
        "manual" => "goal-source-manual",
        "import" => "goal-source-import",
        "api" => "goal-source-api",
        "sale" => "goal-source-sale",
        "system" => "goal-source-system",
        _ => "goal-source-other",
    })
}
