use super::*;
use rust_decimal_macros::dec;

#[test]
fn axis_steps_are_round_and_cover_the_highest_value() {
    assert_eq!(axis(dec!(0)), (dec!(1), dec!(4)));
    assert_eq!(axis(dec!(9000)), (dec!(5000), dec!(10000)));
    assert_eq!(axis(dec!(1234)), (dec!(500), dec!(1500)));
    assert_eq!(axis(dec!(3)), (dec!(1), dec!(3)));
    assert_eq!(axis(dec!(0.3)), (dec!(0.1), dec!(0.3)));
    assert_eq!(axis(dec!(2_400_000)), (dec!(1_000_000), dec!(3_000_000)));
}

#[test]
fn axis_labels_are_short() {
    assert_eq!(compact(dec!(0), "$"), "$0");
    assert_eq!(compact(dec!(750), "$"), "$750");
    assert_eq!(compact(dec!(2500), "$"), "$2.5k");
    assert_eq!(compact(dec!(1_200_000), "₩"), "₩1.2M");
}

#[test]
fn bars_sit_on_the_baseline_inside_the_window() {
    let last = NaiveDate::from_ymd_opt(2026, 3, 30).unwrap();
    let data = [
        Day {
            date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            total: dec!(400),
            count: 1,
        },
        Day {
            date: last,
            total: dec!(200),
            count: 2,
        },
        // Outside the 30 days: ignored.
        Day {
            date: NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(),
            total: dec!(9999),
            count: 1,
        },
    ];
    let chart = daily(
        last,
        30,
        &data,
        "$",
        |day| day.format("%-d %b").to_string(),
        |d| {
            let sales = if d.count == 1 { "sale" } else { "sales" };
            format!(
                "{}: ${} ({} {sales})",
                d.date.format("%-d %b"),
                d.total,
                d.count
            )
        },
    );
    assert_eq!(chart.bars.len(), 2);
    let full: Decimal = chart.bars[0].height.parse().unwrap();
    let half: Decimal = chart.bars[1].height.parse().unwrap();
    assert_eq!(full, Decimal::from(HEIGHT - 14 - 30));
    assert_eq!(half * Decimal::TWO, full);
    assert_eq!(chart.bars[1].title, "30 Mar: $200 (2 sales)");
    assert_eq!(chart.ticks.last().unwrap().label, "$400");
    assert_eq!(chart.days.first().unwrap().label, "1 Mar");
    assert!(!chart.is_empty);
}

#[test]
fn every_day_reads_as_each_language_writes_it() {
    let mut day = NaiveDate::from_ymd_opt(2028, 1, 1).unwrap();
    while day.year() == 2028 {
        let english = format!("{} {}", day.day(), day.format("%b"));
        assert_eq!(day_month(Lang::En, day), english);
        let korean = format!("{}월 {}일", day.month(), day.day());
        assert_eq!(day_month(Lang::Ko, day), korean);
        day = day + Days::new(1);
    }
}
