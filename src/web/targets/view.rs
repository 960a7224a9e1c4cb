//! A target breakdown as the pages show it: one line per part of the
//! formula, formatted in the metric's unit, shared by the calculator, the
//! goal page and the approval queue.

use crate::domain::number::Unit;
use rust_decimal::Decimal;

use crate::db::organisation::Organisation;
use crate::db::target_factors::RevisionLine;
use crate::domain::target::{Basis, Breakdown, Factor, Source};
use crate::web::format;

pub struct Line {
    /// "× Personal adjustment".
    pub label: String,
    /// Where the number came from.
    pub detail: String,
    pub value: String,
    /// "part", "subtotal" or "total": how the row looks.
    pub kind: &'static str,
    /// Changed for this target only (the calculator's what-if).
    pub adjusted: bool,
}

pub struct BreakdownView {
    pub lines: Vec<Line>,
    pub final_target: String,
    /// "₩15,000,000 × 1.2 × 1.5 × 0.8 × 1": the formula in one line.
    pub formula: String,
}

fn unit_of(basis: Basis) -> Unit {
    match basis {
        Basis::MonthlySales => Unit::Money,
        Basis::DealCount => Unit::Count,
    }
}

fn factor_line(label: &str, factor: &Factor) -> Line {
    let source = factor.source.label();
    let detail = match (factor.source, factor.note.is_empty()) {
        (_, true) => source.to_string(),
        (Source::Adjusted, false) => format!("{source} · {}", factor.note),
        (_, false) => factor.note.clone(),
    };
    Line {
        label: format!("× {label}"),
        detail,
        value: factor.value.normalize().to_string(),
        kind: "part",
        adjusted: factor.source == Source::Adjusted,
    }
}

impl BreakdownView {
    pub fn new(b: &Breakdown, org: &Organisation) -> BreakdownView {
        let unit = unit_of(b.inputs.basis);
        let show = |d: Decimal| format::value(d, unit, org);
        let f = &b.factors;
        let lines = vec![
            Line {
                label: format!("{} minimum", b.inputs.partner_type),
                detail: b.inputs.basis.label().to_string(),
                value: show(b.inputs.minimum),
                kind: "part",
                adjusted: false,
            },
            Line {
                label: "× Tier multiplier".into(),
                detail: b.inputs.tier.clone().unwrap_or_else(|| "no tier".into()),
                value: b.inputs.multiplier.normalize().to_string(),
                kind: "part",
                adjusted: false,
            },
            Line {
                label: "= Base target".into(),
                detail: String::new(),
                value: show(b.base),
                kind: "subtotal",
                adjusted: false,
            },
            factor_line("Personal adjustment", &f.personal),
            factor_line("Market condition", &f.market),
            factor_line("Seasonal adjustment", &f.seasonal),
            factor_line("Team performance", &f.team),
            Line {
                label: "= Target".into(),
                detail: if b.exact.normalize() == b.final_target.normalize() {
                    String::new()
                } else {
                    format!("rounded from {}", format::count(b.exact))
                },
                value: show(b.final_target),
                kind: "total",
                adjusted: false,
            },
        ];
        let formula = format!(
            "{} × {} × {} × {} × {}",
            show(b.base),
            f.personal.value.normalize(),
            f.market.value.normalize(),
            f.seasonal.value.normalize(),
            f.team.value.normalize()
        );
        BreakdownView {
            lines,
            final_target: show(b.final_target),
            formula,
        }
    }
}

/// A factor revision in words.
pub struct HistoryLine {
    pub who: String,
    pub when: String,
    pub subject: String,
    pub changes: Vec<(String, String, String)>,
    pub reason: String,
}

pub fn history(lines: Vec<RevisionLine>, org: &Organisation) -> Vec<HistoryLine> {
    let zone = crate::web::format::zone(org);
    let word = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        _ => "not set".to_string(),
    };
    lines
        .into_iter()
        .map(|line| {
            let r = &line.revision;
            let subject = match r.factor.as_str() {
                "personal" => format!("Personal adjustment of {}", line.person.unwrap_or_default()),
                "team" => format!("Team factor of {}", line.person.unwrap_or_default()),
                "market" => format!("Market factor of {}", line.period.unwrap_or_default()),
                _ => "Seasonal factors".to_string(),
            };
            let keys: Vec<String> = r
                .after
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            let mut keys = keys;
            keys.sort_by_key(|k| k.parse::<u32>().unwrap_or(0));
            let changes = keys
                .iter()
                .map(|k| {
                    let label = match k.parse::<u32>() {
                        Ok(month) => crate::web::sheets::month_name(month).to_string(),
                        Err(_) => String::new(),
                    };
                    (label, word(r.before.get(k)), word(r.after.get(k)))
                })
                .collect();
            HistoryLine {
                who: line.actor.unwrap_or_else(|| "Attain".into()),
                when: crate::web::format::date_time(r.created_at, zone),
                subject,
                changes,
                reason: r.reason.clone().unwrap_or_default(),
            }
        })
        .collect()
}
