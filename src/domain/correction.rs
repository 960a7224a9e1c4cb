//! Corrections: a fact entered with a negative value takes something back
//! (three calls logged by mistake, a deal that fell through). It is never
//! an accident of typing: the person says it is a correction and why, and
//! the reason is stored with the fact and shown in its history. The same
//! rule holds for the activity logger, the API and the CSV import.

use rust_decimal::Decimal;

/// Longest reason kept with a correction.
pub const MAX_REASON: usize = 500;

/// Why an entry is not a well-formed correction (or plain entry).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorrectionError {
    /// A negative value without the correction choice.
    #[error("A negative value is a correction: choose Correction and give a reason.")]
    NegativeWithoutCorrection,
    /// The correction choice without a reason.
    #[error("Say why this corrects an earlier entry.")]
    ReasonMissing,
    #[error("Use at most 500 characters for the reason.")]
    ReasonTooLong,
    /// The correction choice with a value that adds.
    #[error("A correction takes something back: enter a negative value such as -3.")]
    NotNegative,
}

/// Which field a [`CorrectionError`] belongs to.
impl CorrectionError {
    pub fn is_about_reason(&self) -> bool {
        matches!(self, Self::ReasonMissing | Self::ReasonTooLong)
    }
}

/// The correction reason to store with `value`: `None` for a plain entry
/// (positive, not marked), the trimmed reason for a negative one marked as
/// a correction, an error otherwise.
pub fn reason_for(
    value: Decimal,
    is_correction: bool,
    reason: &str,
) -> Result<Option<String>, CorrectionError> {
    let reason = reason.trim();
    match (value.is_sign_negative() && !value.is_zero(), is_correction) {
        (false, false) => Ok(None),
        (true, false) => Err(CorrectionError::NegativeWithoutCorrection),
        (false, true) => Err(CorrectionError::NotNegative),
        (true, true) if reason.is_empty() => Err(CorrectionError::ReasonMissing),
        (true, true) if reason.chars().count() > MAX_REASON => Err(CorrectionError::ReasonTooLong),
        (true, true) => Ok(Some(reason.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_negative_entry_needs_the_correction_choice_and_a_reason() {
        assert_eq!(reason_for(dec!(3), false, ""), Ok(None));
        assert_eq!(reason_for(dec!(3), false, "ignored"), Ok(None));
        assert_eq!(
            reason_for(dec!(-3), true, " logged twice "),
            Ok(Some("logged twice".into()))
        );
        assert_eq!(
            reason_for(dec!(-3), false, "logged twice"),
            Err(CorrectionError::NegativeWithoutCorrection)
        );
        assert_eq!(
            reason_for(dec!(-3), true, "  "),
            Err(CorrectionError::ReasonMissing)
        );
        assert_eq!(
            reason_for(dec!(3), true, "why"),
            Err(CorrectionError::NotNegative)
        );
        assert_eq!(
            reason_for(dec!(-3), true, &"x".repeat(501)),
            Err(CorrectionError::ReasonTooLong)
        );
    }
}
