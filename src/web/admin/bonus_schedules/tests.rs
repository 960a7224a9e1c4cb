use super::*;

fn form(basis: &str, tiers: &[(&str, &str)]) -> ScheduleForm {
    let mut rows: Vec<(String, String)> = tiers
        .iter()
        .map(|(t, r)| (t.to_string(), r.to_string()))
        .collect();
    rows.resize(TIER_ROWS, Default::default());
    ScheduleForm {
        name: "Q4 push".into(),
        description: String::new(),
        basis: basis.into(),
        metric_id: String::new(),
        active: true,
        tiers: rows,
    }
}

#[test]
fn tiers_are_numbered_in_order_and_blank_rows_skipped() {
    let mut f = form("attainment", &[("80", "0.5"), ("", ""), ("100", "1")]);
    f.tiers.swap(1, 2);
    let fields = f.validate(&[]).unwrap();
    assert_eq!(fields.tiers.len(), 2);
    assert_eq!(fields.tiers[1].position, 2);
}

#[test]
fn bad_tiers_get_messages_on_their_row() {
    let errors = form("attainment", &[("100", "1"), ("90", "-1"), ("x", "1")])
        .validate(&[])
        .unwrap_err();
    assert!(errors.english("threshold_2").unwrap().contains("above"));
    assert!(errors.has("rate_2"));
    assert!(errors.has("threshold_3"));
    let errors = form("attainment", &[]).validate(&[]).unwrap_err();
    assert!(errors.has("tiers"));
    let errors = form("metric_value", &[("15", "1")])
        .validate(&[])
        .unwrap_err();
    assert!(errors.has("metric_id"));
    let errors = form("attainment", &[("80", "")]).validate(&[]).unwrap_err();
    assert!(errors.has("rate_1"));
}
