//! The sale page's view: its facts, history, commission lines and the
//! upline as it was when the sale was paid.

use super::*;

/// A commission rate as a percentage: "10%", "2.5%".
pub(in crate::web::sales) fn percent(f: &Fmt, rate: Decimal) -> String {
    f.lang.tr(
        "format-percent",
        [(
            "value",
            f.lang
                .count((rate * Decimal::ONE_HUNDRED).normalize())
                .into(),
        )],
    )
}

fn fact(f: &Fmt, key: &str, value: String) -> Fact {
    Fact {
        label: f.lang.t(key),
        value,
    }
}

pub(super) fn page(
    layout: Layout,
    f: &Fmt,
    viewer: &User,
    loaded: Loaded,
    reason: String,
    errors: &FieldErrors,
) -> DetailPage {
    let lang = f.lang;
    let Loaded {
        sale,
        history,
        entries,
        plan_version,
        names,
        may_cancel,
    } = loaded;
    let name_of = |id: i64| {
        names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| lang.tr("sale-partner-unknown", [("id", id.to_string().into())]))
    };
    let status_label = sale_status_label(lang, sale.status);
    let status_note = match (sale.status, &sale.status_reason) {
        (SaleStatus::Cancelled | SaleStatus::Refunded, Some(reason)) => lang.tr(
            "sale-status-note",
            [
                ("status", status_label.as_str().into()),
                ("reason", reason.into()),
            ],
        ),
        _ => String::new(),
    };
    let or_dash = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".into());
    let facts = vec![
        fact(
            f,
            "sale-fact-partner",
            format!("{} <{}>", sale.partner_name, sale.partner_email),
        ),
        fact(
            f,
            "sale-fact-date",
            f.date(sale.sales_date, crate::i18n::DateStyle::Long),
        ),
        fact(
            f,
            "sale-fact-channel",
            channel_label(lang, &sale.sales_channel),
        ),
        fact(f, "sale-fact-category", or_dash(&sale.category)),
        fact(f, "sale-fact-product-type", or_dash(&sale.product_type)),
        fact(f, "sale-fact-order-code", or_dash(&sale.order_code)),
        fact(f, "sale-fact-registered", f.instant(sale.created_at)),
    ];
    let distribution: Option<Distribution> = sale
        .commission_distribution
        .clone()
        .and_then(|json| serde_json::from_value(json).ok());
    let mut commission = Vec::new();
    if sale.commission_calculated {
        let version = plan_version.or(distribution.as_ref().map(|d| d.plan_version));
        commission.extend([
            fact(
                f,
                "sale-fact-commission-total",
                f.money(sale.commission_total.unwrap_or_default()),
            ),
            fact(
                f,
                "sale-fact-partners-paid",
                f.count(sale.commission_recipient_count.unwrap_or(0).into()),
            ),
            fact(
                f,
                "sale-fact-house-share",
                distribution
                    .as_ref()
                    .map_or_else(|| "—".into(), |d| f.money(d.house_share)),
            ),
            fact(
                f,
                "sale-fact-plan-version",
                version.map_or_else(|| "—".into(), |v| format!("v{v}")),
            ),
            fact(f, "sale-fact-tier", or_dash(&sale.partner_tier_at_time)),
            fact(
                f,
                "sale-fact-partner-type",
                or_dash(&sale.partner_type_at_time),
            ),
            fact(
                f,
                "sale-fact-calculated",
                sale.commission_calculated_at
                    .map_or_else(|| "—".into(), |t| f.instant(t)),
            ),
        ]);
    }
    if let Some(note) = sale.approval_note.as_ref().filter(|n| !n.trim().is_empty()) {
        commission.push(fact(f, "sale-fact-approval-note", note.clone()));
    }
    let sum = |keep: fn(&Entry) -> bool| -> Decimal {
        entries.iter().filter(|e| keep(e)).map(|e| e.amount).sum()
    };
    let paid = sum(|e| e.reverses_entry_id.is_none());
    let reversed = sum(|e| e.reverses_entry_id.is_some());
    let totals = Totals {
        paid: f.money(paid),
        reversed: f.money(reversed),
        net: f.money(paid + reversed),
        has_reversals: entries.iter().any(|e| e.reverses_entry_id.is_some()),
    };
    let lines = entries
        .iter()
        .map(|e| LineRow {
            id: e.id,
            recipient: name_of(e.recipient_id),
            kind: kind_label(lang, &e.kind),
            level: e.level,
            rate: percent(f, e.rate),
            base: f.money(e.base),
            amount: f.money(e.amount),
            reversal: e.reverses_entry_id.is_some(),
        })
        .collect();
    let history = history
        .iter()
        .map(|h| HistoryRow {
            time: f.instant(h.created_at),
            from: h.from_status.map_or_else(
                || lang.t("sale-history-registered"),
                |s| sale_status_label(lang, s),
            ),
            to: sale_status_label(lang, h.to_status),
            to_class: sale_status_class(h.to_status),
            reason: match h.reason.as_deref() {
                Some(crate::sales::AUTO_CONFIRMED) => lang.t("sale-history-auto-confirmed"),
                other => other.unwrap_or_default().to_string(),
            },
            actor: h
                .actor_id
                .map_or_else(|| lang.t("sale-history-automatic"), &name_of),
        })
        .collect();
    let snapshot = sale
        .tree_snapshot
        .clone()
        .and_then(|json| serde_json::from_value::<NetworkSnapshot>(json).ok())
        .map(|snap| Snapshot {
            rows: std::iter::once(&snap.partner)
                .chain(&snap.upline)
                .enumerate()
                .map(|(level, node)| NodeRow {
                    level,
                    role: match level {
                        0 => lang.t("sale-snapshot-seller"),
                        1 => lang.t("sale-snapshot-sponsor"),
                        n => lang.tr("sale-snapshot-upline", [("level", n.into())]),
                    },
                    name: node.name.clone(),
                    tier: node.tier_code.clone().unwrap_or_else(|| "—".into()),
                    active: node.active,
                })
                .collect(),
            direct: snap.downline_summary.direct_count,
            total: snap.downline_summary.total_count,
        });
    DetailPage {
        layout,
        lang,
        id: sale.id,
        title: sale.title.clone(),
        order_number: sale.order_number.clone(),
        status_label,
        status_class: sale_status_class(sale.status),
        is_cancelled: sale.status == SaleStatus::Cancelled,
        is_pending: sale.status == SaleStatus::Pending,
        status_note,
        is_own: sale.partner_id == viewer.id,
        amount: f.money(sale.amount),
        facts,
        description: sale.description.clone().unwrap_or_default(),
        commission,
        lines,
        totals,
        history,
        snapshot,
        may_cancel,
        cancel_is_reversal: sale.status == SaleStatus::Confirmed,
        reason,
        errors: errors.shown(lang),
    }
}
