//! `GET /commissions/{entry}/why`: "why this amount" for one ledger line —
//! the plan version and its rates, the rate that applied and why, the
//! base, the rounding, and the sponsor chain from the sale's snapshot with
//! what became of each sponsor. The working comes from the sales service,
//! which re-runs the pure distribution; this page only words it.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use rust_decimal::Decimal;

use super::detail::percent;
use super::kind_label;
use crate::auth::CurrentUser;
use crate::db::DbPool;
use crate::domain::commission::working::{DirectRateSource, SponsorFate, Step, Working};
use crate::i18n::Lang;
use crate::sales::explain::{LineExplanation, explain};
use crate::web::db;
use crate::web::error::AppError;
use crate::web::format::Fmt;
use crate::web::layout::Layout;

pub struct RateRow {
    pub label: String,
    pub rate: String,
    pub applied: bool,
}

pub struct ChainRow {
    pub position: usize,
    pub name: String,
    pub active: bool,
    pub fate: String,
    pub recipient: bool,
}

pub struct Reversal {
    pub original_id: i64,
    pub written: String,
    pub amount: String,
}

pub struct WorkingRows {
    pub reason: String,
    pub base: String,
    pub base_note: String,
    pub rate: String,
    pub exact: String,
    pub rounded: String,
    pub rounding_note: String,
    pub capped: Option<String>,
    pub paid: String,
    pub reproduced: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "sales/why.html")]
pub struct WhyPage {
    layout: Layout,
    lang: Lang,
    sale_id: i64,
    may_open_sale: bool,
    sale_order: String,
    sale_amount: String,
    recipient: String,
    kind: String,
    level: i32,
    amount: String,
    negative: bool,
    written: String,
    reversal: Option<Reversal>,
    plan_version: i32,
    plan_facts: Vec<(String, String)>,
    rates: Vec<RateRow>,
    working: Option<WorkingRows>,
    chain: Vec<ChainRow>,
    seller: String,
}

/// `GET /commissions/{entry}/why`
pub async fn show(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
) -> Result<WhyPage, AppError> {
    let id = path.into_inner();
    let viewer = current.user.clone();
    let x = db(&pool, move |conn| explain(conn, &viewer, id)).await?;
    let f = current.fmt();
    let lang = current.lang();
    let layout = current.layout(lang.tr("why-title", [("id", id.into())]));
    Ok(page(layout, &f, &x))
}

fn page(layout: Layout, f: &Fmt, x: &LineExplanation) -> WhyPage {
    let lang = f.lang;
    let e = &x.entry;
    let original = x.reverses.as_ref().unwrap_or(e);
    let reversal = x.reverses.as_ref().map(|o| Reversal {
        original_id: o.id,
        written: f.instant(o.created_at),
        amount: f.money(o.amount),
    });
    let seller_tier = x.snapshot.as_ref().and_then(|s| s.partner.tier_id);
    let tier_name = |id: i64| {
        x.tier_names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    };
    let direct = original.kind == "direct";
    let mut rates: Vec<RateRow> = (x.plan.direct_rates.iter())
        .map(|(&tier, &rate)| RateRow {
            label: lang.tr("why-rate-tier", [("tier", tier_name(tier).into())]),
            rate: percent(f, rate),
            applied: direct && seller_tier == Some(tier),
        })
        .collect();
    let default_applies = !x.plan.direct_rates.contains_key(&seller_tier.unwrap_or(-1));
    rates.push(RateRow {
        label: lang.t("why-rate-default"),
        rate: percent(f, x.plan.default_direct_rate),
        applied: direct && default_applies,
    });
    for (level, &rate) in (1..).zip(&x.plan.upline_rates) {
        let paid = level as usize <= x.plan.paid_levels();
        rates.push(RateRow {
            label: if paid {
                lang.tr("why-rate-level", [("level", level.into())])
            } else {
                lang.tr("why-rate-level-unpaid", [("level", level.into())])
            },
            rate: percent(f, rate),
            applied: original.kind == "upline" && original.level == level,
        });
    }
    rates.push(RateRow {
        label: lang.t("why-rate-matching"),
        rate: percent(f, x.plan.matching_rate),
        applied: original.kind == "matching",
    });
    let plan_facts = vec![
        (
            lang.t("why-plan-depth"),
            lang.tr("why-levels", [("count", x.plan.max_depth.into())]),
        ),
        (
            lang.t("why-plan-compression"),
            lang.t(if x.plan.compression {
                "why-compression-on"
            } else {
                "why-compression-off"
            }),
        ),
        (lang.t("why-plan-since"), f.instant(x.plan_row.created_at)),
    ];
    let working = x.working.as_ref().map(|w| {
        let step = x.step;
        let reason = match original.kind.as_str() {
            "direct" => match w.direct_rate_source {
                DirectRateSource::Tier(tier) => {
                    lang.tr("why-reason-tier", [("tier", tier_name(tier).into())])
                }
                DirectRateSource::Default => lang.t("why-reason-default"),
            },
            "upline" => lang.tr("why-reason-level", [("level", original.level.into())]),
            _ => lang.t("why-reason-matching"),
        };
        let base_note = if original.kind == "matching" {
            lang.t("why-base-matching")
        } else {
            lang.t("why-base-sale")
        };
        let rate = step.map_or(original.rate, |s| s.line.rate);
        working_rows(f, w, step, rate, reason, base_note, x.reproduced())
    });
    let recipient_id = original.recipient_id;
    let chain = (x.working.iter())
        .flat_map(|w| w.chain.iter())
        .enumerate()
        .map(|(i, link)| ChainRow {
            position: i + 1,
            name: link.node.name.clone(),
            active: link.node.active,
            fate: {
                let mut fate = match link.fate {
                    SponsorFate::Paid(level) => lang.tr("why-fate-paid", [("level", level.into())]),
                    SponsorFate::Compressed => lang.t("why-fate-compressed"),
                    SponsorFate::LevelUnpaid(level) => {
                        lang.tr("why-fate-level-unpaid", [("level", level.into())])
                    }
                    SponsorFate::BeyondDepth => lang.t("why-fate-beyond"),
                };
                if link.matching {
                    fate.push_str(" · ");
                    fate.push_str(&lang.t("why-fate-matching"));
                }
                fate
            },
            recipient: link.node.user_id == recipient_id && original.kind != "direct",
        })
        .collect();
    WhyPage {
        layout,
        lang,
        sale_id: x.sale.id,
        may_open_sale: x.may_open_sale,
        sale_order: x.sale.order_number.clone(),
        sale_amount: f.money(x.sale.amount),
        recipient: x.name(e.recipient_id),
        kind: kind_label(lang, &e.kind),
        level: e.level,
        amount: f.money(e.amount),
        negative: e.amount < Decimal::ZERO,
        written: f.instant(e.created_at),
        reversal,
        plan_version: x.plan_row.version,
        plan_facts,
        rates,
        working,
        chain,
        seller: x
            .snapshot
            .as_ref()
            .map(|s| s.partner.name.clone())
            .unwrap_or_else(|| x.sale.partner_name.clone()),
    }
}

/// The calculation's rows: base × rate = exact, rounded, capped, paid.
fn working_rows(
    f: &Fmt,
    w: &Working,
    step: Option<Step>,
    rate: Decimal,
    reason: String,
    base_note: String,
    reproduced: bool,
) -> WorkingRows {
    let of = |pick: fn(&Step) -> Decimal| step.as_ref().map(pick).unwrap_or_default();
    let capped = of(Step::capped);
    WorkingRows {
        reason,
        base: f.money(of(|s| s.line.base)),
        base_note,
        rate: percent(f, rate),
        // The exact product keeps every digit: it is what was rounded.
        exact: f.count(of(|s| s.exact).normalize()),
        rounded: f.money(of(|s| s.rounded)),
        rounding_note: f
            .lang
            .tr("why-rounding-rule", [("places", w.minor_unit.into())]),
        capped: (!capped.is_zero()).then(|| f.money(capped)),
        paid: f.money(of(|s| s.line.amount)),
        reproduced,
    }
}
