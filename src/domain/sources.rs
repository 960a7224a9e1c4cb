//! Where a figure comes from: the same metric is fed by activities people
//! log, rows imported from a file, the API, confirmed partner sales (net of
//! their reversals) and the system. A page that shows a revenue beside a
//! sales total says which part is which.

use rust_decimal::Decimal;

/// The event sources, in the order a reader is told them.
const ORDER: [(&str, &str); 5] = [
    ("manual", "logged"),
    ("import", "imported"),
    ("api", "through the API"),
    ("sale", "confirmed sales"),
    ("system", "recorded by the system"),
];

/// A figure's parts by source: (label, amount), non-zero parts only, in
/// [`ORDER`]; a source this build does not know is named as it is stored.
pub fn parts(totals: &[(String, Decimal)]) -> Vec<(String, Decimal)> {
    let rank = |source: &str| {
        ORDER
            .iter()
            .position(|(s, _)| *s == source)
            .unwrap_or(ORDER.len())
    };
    let mut known: Vec<(usize, String, Decimal)> = Vec::new();
    for (source, amount) in totals {
        if let Some(entry) = known.iter_mut().find(|(_, s, _)| s == source) {
            entry.2 += *amount;
        } else {
            known.push((rank(source), source.clone(), *amount));
        }
    }
    known.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    known
        .into_iter()
        .filter(|(_, _, amount)| !amount.is_zero())
        .map(|(rank, source, amount)| {
            let label = ORDER
                .get(rank)
                .map_or(source, |(_, label)| label.to_string());
            (label, amount)
        })
        .collect()
}

/// "from: logged ₩300,000 · imported ₩2,280,000 · confirmed sales ₩0"
/// with `format` for the amounts; "" when nothing was recorded. Confirmed
/// sales are always named, at zero too: that is the figure a reader holds
/// the revenue against.
pub fn worded(totals: &[(String, Decimal)], format: impl Fn(Decimal) -> String) -> String {
    let mut parts = parts(totals);
    if parts.is_empty() {
        return String::new();
    }
    if !parts.iter().any(|(label, _)| label == "confirmed sales") {
        // In reading order: after the sources that come before sales.
        let before_sales: Vec<&str> = ORDER
            .iter()
            .take_while(|(source, _)| *source != "sale")
            .map(|(_, label)| *label)
            .collect();
        let at = parts
            .iter()
            .position(|(label, _)| !before_sales.contains(&label.as_str()))
            .unwrap_or(parts.len());
        parts.insert(at, ("confirmed sales".into(), Decimal::ZERO));
    }
    let words: Vec<String> = parts
        .into_iter()
        .map(|(label, amount)| format!("{label} {}", format(amount)))
        .collect();
    format!("from: {}", words.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn totals(rows: &[(&str, Decimal)]) -> Vec<(String, Decimal)> {
        rows.iter().map(|(s, a)| (s.to_string(), *a)).collect()
    }

    #[test]
    fn the_parts_come_in_reading_order_without_zeros() {
        let rows = totals(&[
            ("sale", dec!(500)),
            ("import", dec!(2000)),
            ("manual", dec!(80)),
            ("api", dec!(0)),
        ]);
        assert_eq!(
            parts(&rows),
            vec![
                ("logged".to_string(), dec!(80)),
                ("imported".to_string(), dec!(2000)),
                ("confirmed sales".to_string(), dec!(500)),
            ]
        );
    }

    #[test]
    fn a_revenue_without_sales_says_so_and_nothing_says_nothing() {
        let rows = totals(&[("import", dec!(2280000)), ("manual", dec!(300000))]);
        assert_eq!(
            worded(&rows, |a| a.to_string()),
            "from: logged 300000 · imported 2280000 · confirmed sales 0"
        );
        assert_eq!(worded(&[], |a| a.to_string()), "");
    }

    #[test]
    fn reversed_sales_net_out_and_unknown_sources_keep_their_name() {
        let rows = totals(&[
            ("sale", dec!(900)),
            ("sale", dec!(-900)),
            ("partner-portal", dec!(5)),
        ]);
        assert_eq!(
            worded(&rows, |a| a.to_string()),
            "from: confirmed sales 0 · partner-portal 5"
        );
    }
}
