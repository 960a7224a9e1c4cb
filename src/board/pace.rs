//! A leaderboard row's pace: from what the row already has (its actual and
//! target) and the board's period and day, by the one rule the quota card
//! uses (`domain::attainment`: actual against the expected amount to date).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::attainment::{self, Pace};
use crate::domain::period::Period;

/// The pace of `actual` of `target` in `period` on `today`.
pub fn of(actual: Decimal, target: Decimal, period: &Period, today: NaiveDate) -> Pace {
    attainment::pace(actual, attainment::expected_to_date(target, period, today))
}

/// Behind or critical: who a manager's coaching view lists.
pub fn is_behind(pace: Pace) -> bool {
    matches!(pace, Pace::Behind | Pace::Critical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::PeriodKind;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn november() -> Period {
        Period::containing(
            PeriodKind::Month,
            NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
            1,
        )
        .unwrap()
    }

    #[test]
    fn halfway_through_the_month_half_the_target_is_on_track() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        assert_eq!(of(dec!(500), dec!(1000), &november(), today), Pace::OnTrack);
        assert_eq!(
            of(dec!(100), dec!(1000), &november(), today),
            Pace::Critical
        );
        assert!(is_behind(of(dec!(400), dec!(1000), &november(), today)));
        assert!(!is_behind(of(dec!(900), dec!(1000), &november(), today)));
    }

    proptest! {
        /// The row's pace is the quota card's, whatever the figures and day.
        #[test]
        fn a_row_has_the_quota_cards_pace(
            actual in 0i64..5_000_000,
            target in 0i64..5_000_000,
            day in 0u64..40,
        ) {
            let period = november();
            let today = period.start + chrono::Days::new(day);
            let (actual, target) = (Decimal::new(actual, 2), Decimal::new(target, 2));
            let card = attainment::progress(target, actual, Decimal::ZERO, &period, today);
            prop_assert_eq!(of(actual, target, &period, today), card.pace);
        }
    }
}
