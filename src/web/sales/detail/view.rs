//! The sale page's view: its facts, history, commission lines and the
//! upline as it was when the sale was paid.

use super::*;

fn percent(rate: Decimal) -> String {
    format!("{}%", (rate * Decimal::ONE_HUNDRED).normalize())
}

pub(super) fn page(
    layout: Layout,
    org: &Organisation,
    viewer: &User,
    loaded: Loaded,
    reason: String,
    errors: FieldErrors,
) -> DetailPage {
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
            .unwrap_or_else(|| format!("Partner #{id}"))
    };
    let (status_label, status_class) = status_badge(sale.status);
    let status_note = match (sale.status, &sale.status_reason) {
        (SaleStatus::Cancelled | SaleStatus::Refunded, Some(reason)) => {
            format!("{status_label}: {reason}")
        }
        _ => String::new(),
    };
    let or_dash = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".into());
    let facts = vec![
        Fact {
            label: "Partner",
            value: format!("{} <{}>", sale.partner_name, sale.partner_email),
        },
        Fact {
            label: "Sales date",
            value: sale.sales_date.format("%-d %B %Y").to_string(),
        },
        Fact {
            label: "Channel",
            value: channel_label(&sale.sales_channel),
        },
        Fact {
            label: "Category",
            value: or_dash(&sale.category),
        },
        Fact {
            label: "Product type",
            value: or_dash(&sale.product_type),
        },
        Fact {
            label: "Order code",
            value: or_dash(&sale.order_code),
        },
        Fact {
            label: "Registered",
            value: local_time(org, sale.created_at),
        },
    ];
    let distribution: Option<Distribution> = sale
        .commission_distribution
        .clone()
        .and_then(|json| serde_json::from_value(json).ok());
    let mut commission = Vec::new();
    if sale.commission_calculated {
        let version = plan_version.or(distribution.as_ref().map(|d| d.plan_version));
        commission.extend([
            Fact {
                label: "Commission total",
                value: money(org, sale.commission_total.unwrap_or_default()),
            },
            Fact {
                label: "Partners paid",
                value: format::count(sale.commission_recipient_count.unwrap_or(0).into()),
            },
            Fact {
                label: "Kept by the company",
                value: distribution
                    .as_ref()
                    .map_or_else(|| "—".into(), |d| money(org, d.house_share)),
            },
            Fact {
                label: "Plan version",
                value: version.map_or_else(|| "—".into(), |v| format!("v{v}")),
            },
            Fact {
                label: "Tier at the time",
                value: or_dash(&sale.partner_tier_at_time),
            },
            Fact {
                label: "Partner type at the time",
                value: or_dash(&sale.partner_type_at_time),
            },
            Fact {
                label: "Calculated",
                value: sale
                    .commission_calculated_at
                    .map_or_else(|| "—".into(), |t| local_time(org, t)),
            },
        ]);
    }
    if let Some(note) = sale.approval_note.as_ref().filter(|n| !n.trim().is_empty()) {
        commission.push(Fact {
            label: "Approval note",
            value: note.clone(),
        });
    }
    let sum = |keep: fn(&Entry) -> bool| -> Decimal {
        entries.iter().filter(|e| keep(e)).map(|e| e.amount).sum()
    };
    let paid = sum(|e| e.reverses_entry_id.is_none());
    let reversed = sum(|e| e.reverses_entry_id.is_some());
    let totals = Totals {
        paid: money(org, paid),
        reversed: money(org, reversed),
        net: money(org, paid + reversed),
        has_reversals: entries.iter().any(|e| e.reverses_entry_id.is_some()),
    };
    let lines = entries
        .iter()
        .map(|e| LineRow {
            recipient: name_of(e.recipient_id),
            kind: kind_label(&e.kind),
            level: e.level,
            rate: percent(e.rate),
            base: money(org, e.base),
            amount: money(org, e.amount),
            reversal: e.reverses_entry_id.is_some(),
        })
        .collect();
    let history = history
        .iter()
        .map(|h| {
            let (to, to_class) = status_badge(h.to_status);
            HistoryRow {
                time: local_time(org, h.created_at),
                from: h.from_status.map_or("Registered", |s| status_badge(s).0),
                to,
                to_class,
                reason: h.reason.clone().unwrap_or_default(),
                actor: h.actor_id.map_or_else(|| "Automatic".into(), &name_of),
            }
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
                        0 => "Seller".into(),
                        1 => "Sponsor".into(),
                        n => format!("Upline {n}"),
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
        id: sale.id,
        title: sale.title.clone(),
        order_number: sale.order_number.clone(),
        status_label,
        status_class,
        status_note,
        is_own: sale.partner_id == viewer.id,
        amount: money(org, sale.amount),
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
        errors,
    }
}
