use super::*;

fn form() -> SourceForm {
    SourceForm {
        name: " Field sales ".into(),
        url: "https://sheets.example.com/pub?output=csv".into(),
        ..SourceForm::blank()
    }
}

#[test]
fn a_blank_form_reads_the_import_columns_daily() {
    let fields = validate(&form(), None).unwrap();
    assert_eq!(fields.name, "Field sales");
    assert_eq!(
        (fields.col_email.as_str(), fields.col_date.as_str()),
        ("email", "date")
    );
    assert_eq!(fields.col_external_ref.as_deref(), Some("external_ref"));
    assert_eq!(fields.col_note, None);
    assert_eq!(fields.schedule, "daily");
}

#[test]
fn each_bad_field_gets_its_own_message() {
    let bad = SourceForm {
        name: String::new(),
        url: "ftp://x".into(),
        col_email: String::new(),
        col_value: "Amount".into(),
        col_date: "amount".into(),
        schedule: "weekly".into(),
        ..SourceForm::blank()
    };
    let errors = validate(&bad, None).unwrap_err();
    for field in ["name", "url", "col_email", "col_date", "schedule"] {
        assert!(errors.has(field), "{field}");
    }
    assert!(
        !errors.has("col_value"),
        "the first of two equal columns is fine"
    );
}

#[test]
fn editing_with_no_link_keeps_the_stored_one() {
    let edited = SourceForm {
        url: "  ".into(),
        ..form()
    };
    let fields = validate(&edited, Some("https://u:p@x.example/a.csv")).unwrap();
    assert_eq!(fields.url, "https://u:p@x.example/a.csv");
    assert!(validate(&edited, None).unwrap_err().has("url"));
}

#[test]
fn a_source_is_due_once_its_interval_has_passed() {
    let now: DateTime<Utc> = "2026-12-05T10:00:00Z".parse().unwrap();
    let ago = |minutes| Some(now - Duration::minutes(minutes));
    assert!(is_due(Schedule::Hourly, None, now));
    assert!(is_due(Schedule::Hourly, ago(60), now));
    assert!(is_due(Schedule::Hourly, ago(59), now), "a minute's grace");
    assert!(!is_due(Schedule::Hourly, ago(30), now));
    assert!(!is_due(Schedule::Daily, ago(23 * 60), now));
    assert!(is_due(Schedule::Daily, ago(24 * 60), now));
    assert!(!is_due(Schedule::Off, None, now));
    for schedule in Schedule::ALL {
        assert_eq!(Schedule::parse(schedule.as_str()), Some(schedule));
    }
}
