## Importing activities from a CSV file

import-lead = Bring in results from another system — sales, calls, signups. Every row is checked before anything is written.
import-step-choose = 1 · Choose the file
import-file = CSV file
import-file-hint = UTF-8 text, at most 1 MB and 5,000 rows.
import-paste = …or paste the rows
import-check = Check the file
import-format = The format
import-format-lead = The first line names the columns; the order is free.
import-format-email = An active person you may import for (a manager: people in their teams); capitals do not matter.
import-format-metric = One of the keys below.
import-format-value = A number with at most 2 decimals; a negative value corrects an earlier one.
import-format-date = , today or earlier.
import-format-ref = Optional, recommended: the row's id in the source system (up to 200 characters). A reference already imported is skipped, so a file imported twice never counts twice.
import-money = money
import-nothing-imported = Nothing was imported.
import-nothing-imported-colon = Nothing was imported:
import-step-check = 2 · Check the rows
import-refused-rows = { $count ->
        [one] { $count } row is not valid. Correct it and check the file again.
       *[other] { $count } rows are not valid. Correct them and check the file again.
    }
import-stat-total = rows in the file
import-stat-new = valid, new
import-stat-already = valid, already imported
import-stat-invalid = invalid rows
import-rows-to-fix = Rows to fix
import-rows-to-fix-hint = Nothing is imported until every row is valid. Correct these lines in the file, then check it again.
import-col-line = Line
import-col-email = Email
import-col-metric = Metric
import-col-value = Value
import-col-date = Date
import-col-problem = Problem
import-col-person = Person
import-col-ref = External ref
import-col-status = Status
import-without-ref = { $count ->
        [one] { $count } row has no external_ref: importing this file again would count it twice.
       *[other] { $count } rows have no external_ref: importing this file again would count them twice.
    }
import-submit = Import { $count } { $count ->
        [one] event
       *[other] events
    }
import-all-valid = Every row is valid.
import-all-valid-skipping = Every row is valid; { $count } already imported will be skipped.
import-nothing-new = Nothing new to import: every row of this file is already recorded.
import-valid-rows = Valid rows
import-row-skipped = Already imported · skipped
import-row-new = New
import-more-valid = …and { $count } more valid rows.
import-done = { $count } { $count ->
        [one] event
       *[other] events
    } imported, { $present } already present.

## Why a row cannot be imported

import-row-shape = the row { $shape }
import-row-metric-missing = metric is missing
import-row-ref-too-long = external_ref is longer than { $max } characters
import-row-note-too-long = note is longer than { $max } characters
import-row-email-missing = email is missing
import-row-email-unknown = no user has the email { $email }
import-row-user-inactive = { $name } ({ $email }) is deactivated
import-row-own-results = you cannot import your own results; ask an administrator
import-row-not-your-team = { $name } is not in a team you manage
import-row-metric-unknown = unknown metric "{ $metric }"; use a metric key such as revenue or calls
import-row-metric-inactive = the metric { $metric } is deactivated
import-row-value-refused = value { $value }: { $problem }
import-row-negative-needs-reason = a negative value is a correction: give its reason in the correction_reason column
import-row-reason-not-negative = correction_reason is only for a negative value (a correction)
import-row-reason-refused = correction_reason: { $problem }
import-row-date-future = date { $date } is in the future
import-row-date-too-old = date { $date } is more than { $days } days back
import-row-date-out-of-range = date { $date } is outside 2000-01-01 to 2100-12-31
import-row-value-missing = value is missing
import-row-value-too-large = value { $value } is too large
import-row-value-not-number = value "{ $value }" is not a number in the accepted form (such as 1500 or 1,500.50)
import-row-date-missing = date is missing
import-row-date-bad = date "{ $date }" is not a date like 2026-03-31 (YYYY-MM-DD)
import-row-ref-repeated = external_ref "{ $reference }" is already used on line { $line }

## Reading the upload

import-upload-not-utf8 = The file is not UTF-8 text. Save it as "CSV UTF-8" and upload it again.
import-upload-form-unreadable = The form could not be read; please try again.
import-upload-empty = Choose a CSV file or paste its rows first.
import-upload-too-large = The file is larger than 1 MB; import at most 1 MB (5,000 rows) at a time.
import-upload-interrupted = The upload was interrupted; please try again.
import-upload-unreadable = The upload could not be read; please try again.
