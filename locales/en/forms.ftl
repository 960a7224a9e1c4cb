## Field messages every form shares (src/input.rs, domain number errors)

forms-required = This field is required.
forms-too-long = Use at most { $max } characters.
forms-choose-from-list = Choose an entry from the list.
forms-at-least = Must be at least { $min }.
forms-decimal-places = Use at most { $places } decimal places.
forms-number-empty = Enter a number.
forms-number-not-plain = Enter a plain number such as 1500 or 1,500.50: digits, an optional leading minus and a decimal point; commas only between groups of three digits.
forms-number-too-large = That number is too large.
forms-whole-number = Enter a whole number.
forms-whole-number-range = Enter a whole number from { $min } to { $max }.
forms-code = Use up to 32 lowercase letters, digits, dashes or underscores.
forms-email = Enter an email address such as name@example.com.
forms-value-zero = Enter a value other than zero.
forms-entry-too-large = One entry may be at most { $max }.
forms-total-too-large = One entry may be at most what keeps this person's total within { $max }.
forms-whole-number-levels = Enter a whole number of levels from 0 to { $max }.
forms-date-invalid = Enter a date such as 2026-03-31 (YYYY-MM-DD).
forms-date-out-of-range = Enter a date from 2000-01-01 to 2100-12-31.
