//! A target breakdown as the pages show it: one line per part of the
//! formula, formatted in the metric's unit, shared by the calculator, the
//! goal page and the approval queue.

use crate::domain::number::Unit;
use rust_decimal::Decimal;

use crate::db::target_factors::RevisionLine;
use crate::domain::target::{Basis, Breakdown, Factor, Source};
use crate::i18n::Lang;
use crate::web::format::Fmt;

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

/// Where a factor's value came from, as read.
pub fn source_label(lang: Lang, source: Source) -> String {
    lang.t(match source {
        Source::Default => "target-source-default",
        Source::Set => "target-source-set",
        Source::Computed => "target-source-computed",
        Source::Override => "target-source-override",
        Source::Adjusted => "target-source-adjusted",
        Source::NotLeader => "target-source-not-leader",
    })
}

/// What a partner type's minimum counts, as read.
pub fn basis_label(lang: Lang, basis: Basis) -> String {
    lang.t(match basis {
        Basis::MonthlySales => "target-basis-monthly-sales",
        Basis::DealCount => "target-basis-deal-count",
    })
}

/// Why a factor has its value, in the reader's language; a breakdown saved
/// before reasons existed has only its English note.
pub fn factor_note(lang: Lang, factor: &Factor) -> String {
    match &factor.reason {
        Some(reason) => lang.factor_note(reason),
        None => factor.note.clone(),
    }
}

/// A typed reason in the reader's language.
pub fn factor_note_of(lang: Lang, reason: &crate::domain::target::Reason) -> String {
    lang.factor_note(reason)
}

fn factor_line(lang: Lang, label: String, factor: &Factor) -> Line {
    let source = source_label(lang, factor.source);
    let note = factor_note(lang, factor);
    let detail = match (factor.source, note.is_empty()) {
        (_, true) => source,
        (Source::Adjusted, false) => format!("{source} · {note}"),
        (_, false) => note,
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
    /// The breakdown as `fmt`'s reader reads it.
    pub fn shown(b: &Breakdown, fmt: &Fmt) -> BreakdownView {
        let lang = fmt.lang;
        let unit = unit_of(b.inputs.basis);
        let show = |d: Decimal| fmt.value(d, unit);
        let f = &b.factors;
        let mut lines = vec![
            Line {
                label: lang.tr(
                    "target-line-minimum",
                    [("type", b.inputs.partner_type.clone().into())],
                ),
                detail: basis_label(lang, b.inputs.basis),
                value: show(b.inputs.minimum),
                kind: "part",
                adjusted: false,
            },
            Line {
                label: format!("× {}", lang.t("target-line-tier")),
                detail: b
                    .inputs
                    .tier
                    .clone()
                    .unwrap_or_else(|| lang.t("target-line-no-tier")),
                value: b.inputs.multiplier.normalize().to_string(),
                kind: "part",
                adjusted: false,
            },
            Line {
                label: format!("= {}", lang.t("target-line-base")),
                detail: String::new(),
                value: show(b.base),
                kind: "subtotal",
                adjusted: false,
            },
            factor_line(lang, lang.t("target-line-personal"), &f.personal),
            factor_line(lang, lang.t("target-line-market"), &f.market),
            factor_line(lang, lang.t("target-line-seasonal"), &f.seasonal),
            factor_line(lang, lang.t("target-line-team"), &f.team),
            Line {
                label: format!("= {}", lang.t("target-line-target")),
                detail: if b.exact.normalize() == b.final_target.normalize() {
                    String::new()
                } else {
                    lang.tr(
                        "target-line-rounded",
                        [("value", fmt.count(b.exact).into())],
                    )
                },
                value: show(b.formula_target()),
                kind: "total",
                adjusted: false,
            },
        ];
        if let Some(r) = &b.recommended {
            // The formula's line stays a subtotal; the recommendation that
            // replaced it is the target.
            if let Some(formula) = lines.last_mut() {
                formula.label = lang.t("recommend-breakdown-formula");
                formula.kind = "subtotal";
            }
            lines.push(Line {
                label: format!("= {}", lang.t("recommend-breakdown-line")),
                detail: lang.factor_note(&r.reason),
                value: show(b.final_target),
                kind: "total",
                adjusted: true,
            });
        }
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

/// Factor revisions in words, as `fmt`'s reader reads them.
pub fn history_shown(lines: Vec<RevisionLine>, fmt: &Fmt) -> Vec<HistoryLine> {
    let lang = fmt.lang;
    let word = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        _ => lang.t("target-history-not-set"),
    };
    lines
        .into_iter()
        .map(|line| {
            let r = &line.revision;
            let subject = match r.factor.as_str() {
                "personal" => lang.tr(
                    "target-history-personal",
                    [("name", line.person.unwrap_or_default().into())],
                ),
                "team" => lang.tr(
                    "target-history-team",
                    [("name", line.person.unwrap_or_default().into())],
                ),
                "market" => lang.tr(
                    "target-history-market",
                    [("period", line.period.unwrap_or_default().into())],
                ),
                _ => lang.t("target-history-seasonal"),
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
                        Ok(month) => crate::web::sheets::month_in(lang, month),
                        Err(_) => String::new(),
                    };
                    (label, word(r.before.get(k)), word(r.after.get(k)))
                })
                .collect();
            HistoryLine {
                who: line.actor.unwrap_or_else(|| "Attain".into()),
                when: fmt.instant(r.created_at),
                subject,
                changes,
                reason: r.reason.clone().unwrap_or_default(),
            }
        })
        .collect()
}
