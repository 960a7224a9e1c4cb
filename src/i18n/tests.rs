use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal_macros::dec;

use super::*;

#[test]
fn money_groups_digits_and_keeps_the_currencys_places() {
    assert_eq!(Lang::Ko.money(dec!(3000000), "KRW", 0), "₩3,000,000");
    assert_eq!(Lang::En.money(dec!(1234.5), "USD", 2), "$1,234.50");
    assert_eq!(Lang::En.money(dec!(-5), "USD", 2), "-$5.00");
    // Half to even at the currency's places, as the ledger rounds.
    assert_eq!(Lang::Ko.money(dec!(2.5), "KRW", 0), "₩2");
    assert_eq!(Lang::En.money(dec!(-0.001), "USD", 2), "$0.00");
}

#[test]
fn counts_show_only_the_decimals_they_have() {
    assert_eq!(Lang::En.count(dec!(1250)), "1,250");
    assert_eq!(Lang::Ko.count(dec!(1250.50)), "1,250.5");
    assert_eq!(Lang::En.percent(dec!(75), 2), "75.00%");
}

#[test]
fn dates_read_as_each_language_writes_them() {
    let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    assert_eq!(
        Lang::Ko.date(day, DateStyle::Weekday),
        "2026년 12월 4일 (금)"
    );
    assert_eq!(
        Lang::En.date(day, DateStyle::Weekday),
        "Friday, 4 December 2026"
    );
    assert_eq!(Lang::En.date(day, DateStyle::Short), "4 Dec 2026");
    assert_eq!(Lang::Ko.date(day, DateStyle::Long), "2026년 12월 4일");
    assert_eq!(Lang::Ko.date(day, DateStyle::Short), "2026년 12월 4일");
    assert_eq!(Lang::Ko.month(day), "2026년 12월");
    assert_eq!(Lang::En.month(day), "December 2026");
    assert_eq!(Lang::Ko.month_name(day), "12월");
    assert_eq!(Lang::En.month_name(day), "December");
    let at = Utc.with_ymd_and_hms(2026, 3, 12, 23, 30, 5).unwrap();
    assert_eq!(
        Lang::En.instant(at, chrono_tz::Asia::Seoul),
        "13 Mar 2026, 08:30"
    );
    assert_eq!(
        Lang::Ko.instant(at, chrono_tz::Asia::Seoul),
        "2026년 3월 13일 오전 8:30"
    );
}

#[test]
fn messages_take_their_arguments() {
    assert_eq!(Lang::Ko.t("nav-dashboard"), "대시보드");
    assert_eq!(Lang::En.t("nav-dashboard"), "Dashboard");
    assert_eq!(Lang::En.t("no-such-key"), "no-such-key");
    let msg = Msg::new("sign-in-locked-account").arg("minutes", 1);
    assert_eq!(
        msg.render(Lang::En),
        "Too many failed sign-ins for this account. Try again in 1 minute."
    );
    let msg = Msg::new("sign-in-locked-account").arg("minutes", 1500);
    assert_eq!(
        msg.render(Lang::Ko),
        "이 계정의 로그인 실패가 너무 많습니다. 1,500분 후에 다시 시도해 주세요."
    );
}

#[test]
fn browsers_are_answered_in_the_language_they_prefer() {
    assert_eq!(negotiate("ko-KR,ko;q=0.9,en-US;q=0.8"), Lang::Ko);
    assert_eq!(negotiate("en-US,en;q=0.9"), Lang::En);
    assert_eq!(negotiate("fr-FR"), Lang::En);
    assert_eq!(negotiate(""), Lang::En);
    assert_eq!(negotiate("de, ko;q=0.5"), Lang::Ko);
}

#[test]
fn periods_and_built_in_metrics_are_named_in_the_readers_language() {
    use crate::domain::period::{Period, PeriodKind};
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let quarter = Period {
        kind: PeriodKind::Quarter,
        start: day(10, 1),
        end: day(12, 31),
    };
    assert_eq!(Lang::Ko.period_name(quarter.name(1)), "2026년 4분기");
    assert_eq!(Lang::En.period_name(quarter.name(1)), "Q4 2026");
    assert_eq!(Lang::En.period_name(quarter.name(4)), "Q3 FY2027");
    assert_eq!(Lang::Ko.period_name(quarter.name(4)), "2027 회계연도 3분기");
    let month = Period {
        kind: PeriodKind::Month,
        start: day(12, 1),
        end: day(12, 31),
    };
    assert_eq!(Lang::Ko.period_name(month.name(1)), "2026년 12월");
    assert_eq!(Lang::En.period_name(month.name(1)), month.label(1));
    assert_eq!(Lang::Ko.metric_name("revenue", "Revenue"), "매출");
    assert_eq!(
        Lang::Ko.metric_name("revenue", "Net revenue"),
        "Net revenue"
    );
    assert_eq!(Lang::Ko.metric_name("demos", "Demos"), "Demos");
}

#[test]
fn factor_notes_read_in_both_languages() {
    use crate::domain::period::{Period, PeriodKind};
    use crate::domain::target::Reason;
    let october = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let team = Reason::TeamAt {
        percent: dec!(112.5),
        month: october,
    };
    assert_eq!(
        Lang::En.factor_note(&team),
        "team at 112.50% of target in October 2026"
    );
    assert_eq!(Lang::Ko.factor_note(&team), "2026년 10월 팀 달성률 112.50%");
    let market = Reason::MarketSet {
        period: Period {
            kind: PeriodKind::Month,
            start: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        },
        fiscal_start_month: 1,
    };
    assert_eq!(Lang::En.factor_note(&market), "November 2026 market");
    assert_eq!(Lang::Ko.factor_note(&market), "2026년 11월 시장 계수");
    let adjusted = Reason::Stored {
        value: dec!(1.5),
        was: Some(Box::new(Reason::SeasonSet { month: 12 })),
    };
    assert_eq!(
        Lang::En.factor_note(&adjusted),
        "stored 1.5 (December season)"
    );
    assert_eq!(
        Lang::Ko.factor_note(&adjusted),
        "저장된 값 1.5 (12월 계절 계수)"
    );
}

#[test]
fn a_recommendations_reasoning_reads_in_one_line_in_both_languages() {
    use crate::domain::target::Reason;
    let reason = Reason::Recommended {
        level: dec!(2412345.67),
        currency: Some("KRW".into()),
        trend: dec!(1),
        month: 12,
        season: dec!(1.12),
        tier: Some("Gold".into()),
        peers: Some(dec!(96.4)),
        team_share: None,
    };
    assert_eq!(
        Lang::En.factor_note(&reason),
        "monthly level ₩2,410,000, December +12% seasonal, Gold tier peers reach 96%"
    );
    assert_eq!(
        Lang::Ko.factor_note(&reason),
        "월 실적 수준 ₩2,410,000, 12월 계절 요인 +12%, Gold 등급 파트너 통상 달성률 96%"
    );
    let counts = Reason::Recommended {
        level: dec!(3.44),
        currency: None,
        trend: dec!(0.97),
        month: 1,
        season: dec!(1),
        tier: None,
        peers: None,
        team_share: Some(dec!(4)),
    };
    assert_eq!(
        Lang::En.factor_note(&counts),
        "monthly level 3.4, trend −3%, team share 4"
    );
}
