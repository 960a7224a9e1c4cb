## The monthly goal sheet, yearly goals and compliance.

sheet-card-your-goals = Your { $month } goals
sheet-card-set = Set
sheet-card-view = View your goal sheet →
sheet-card-bonus-triggered = Bonus triggered
sheet-card-set-your = Set your { $month } goals
sheet-card-overdue = Overdue
sheet-card-due = Due by the 6th
sheet-card-late-accepted = A late sheet is still accepted; it is marked late.
sheet-card-prefilled = Pre-filled from this month's quotas, your last sheet or your yearly goals; check and confirm.
sheet-card-not-saved = The goals were not saved. Please correct the fields marked below.
sheet-card-submit = Set my { $month } goals
sheet-signups = Signups
sheet-revenue = Revenue
sheet-tier-goal = Bonus tier goal
sheet-bonus-tier = Bonus tier
sheet-year = Year
sheet-month = Month
sheet-no-tier = No tier
sheet-tier = Tier { $tier }
sheet-tier-none-yet = None yet
sheet-tier-triggered = { $reached } · bonus triggered
sheet-tier-to-go = { $reached } · { $count ->
    [one] { $count } tier to go
   *[other] { $count } tiers to go
}
sheet-field-error = { $field }: { $message }
sheet-deadline = deadline { $date }
sheet-other-months = Other months
sheet-previous-month = Previous month
sheet-next-month = Next month
sheet-yearly-link = Yearly goals
sheet-marked-late = This sheet was set after the deadline and is marked late.
sheet-the-sheet = The sheet
sheet-not-set-own = You have not set goals for this month yet.
sheet-not-set-other = { $name } has not set goals for this month yet.
sheet-progress = Progress
sheet-attainment-of = { $metric } attainment
sheet-progress-empty = The goals appear here once the sheet is set.
sheet-progress-line = { $metric } { $actual } of { $target } — { $percent }
sheet-change = Change this month's goals
sheet-change-hint = Changes are recorded in each goal's history. The date the sheet was first set stays as it is.
sheet-save-changes = Save changes
sheet-clear-late = Clear the late flag
sheet-reason = Reason
sheet-clear-hint = Recorded in the audit log with your name.
sheet-clear-reason-required = Say why the late flag is cleared.
sheet-late-flag-cleared = The late flag is cleared.
sheet-time-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
sheet-time-hours = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}
sheet-time-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
sheet-time-days-hours = { $days ->
    [one] { $days } day
   *[other] { $days } days
} { $hours ->
    [one] { $hours } hour
   *[other] { $hours } hours
}
sheet-time-left = { $time } left
sheet-time-overdue = overdue by { $time }
sheet-headline-due = { $left } to set your { $month } goals
sheet-headline-overdue = Your { $month } goals are { $left }
sheet-set = Your { $month } goals are set.
sheet-set-late = Your { $month } goals are set. They came in after the deadline, so the sheet is marked late.
sheet-set-note-on-time = Set on { $date }, on time.
sheet-set-note-late = Set on { $date }, after the deadline.
sheet-bonus-line = Bonus: { $goal } goal, { $reached }
sheet-fact-signups = Signup goal
sheet-fact-revenue = Revenue goal
sheet-fact-tier-reached = Bonus tier reached
sheet-fact-set = Set
sheet-fact-set-on-time = { $at } · on time
sheet-fact-set-late = { $at } · after the deadline
sheet-fact-set-draft = Not yet (draft)
sheet-status-set = Set
sheet-status-set-late = Set late
sheet-status-overdue = Overdue
sheet-status-not-set-yet = Not set yet
sheet-status-not-set = Not set
sheet-page-title = { $month } goals
sheet-heading = { $month } { $year } goal sheet
sheet-late-cleared = Late flag cleared { $at }: { $reason }
sheet-completed = Both goals reached 100% — completed { $at }.

yearly-page-title = { $year } goals
yearly-title = Your { $year } goals
yearly-months-remaining = { $count ->
    [one] { $count } month remaining, this one included
   *[other] { $count } months remaining, this one included
}
yearly-weighted = monthly targets follow the seasonal weights
yearly-even = monthly targets are the yearly goal ÷ 12
yearly-sheet-link = This month's goal sheet
yearly-change = Change your yearly goals
yearly-set = Set your yearly goals
yearly-not-saved = Nothing was saved. Please correct the fields marked below.
yearly-signups-in = Signups in { $year }
yearly-revenue-in = Revenue in { $year }
yearly-suggestion = Your monthly targets this year come to { $amount } a year.
yearly-save = Save { $year } goals
yearly-saved = Your { $year } goals are saved.
yearly-pace = Pace
yearly-goal = Yearly goal
yearly-done = Done so far
yearly-expected = Expected by now
yearly-no-goal = No goal set
yearly-on-pace = On pace
yearly-behind = Behind
yearly-projected = Projected year end
yearly-monthly = Monthly targets
yearly-month = Month
yearly-split-hint = Each month gets its exact share rounded down; the units left over go to the months with the largest remainder, so the twelve always add up to the yearly goal.
yearly-weight-invalid = Enter a weight above 0 and below 10,000.
yearly-weights-saved = Seasonal weights saved. Monthly targets from yearly goals follow them.
yearly-weights-cleared = Seasonal weights cleared: yearly goals split equally over the months.

compliance-title = Goal-sheet compliance
compliance-every-rep = every rep
compliance-team-reps = the reps of the teams you manage
compliance-month = Month
compliance-show = Show
compliance-all-reps = All reps
compliance-col-status = Status
compliance-col-days = Days left
compliance-col-name = Name
compliance-col-team = Team
compliance-col-set = Set
compliance-col-reminder = Last reminder
compliance-no-team = No team
compliance-on-time = On time
compliance-late-cleared = Late · cleared
compliance-late = Late
compliance-no-reminder = none
compliance-empty = No reps in reach.
compliance-empty-status = No reps with this status in reach.
compliance-days-today = today
compliance-days-left = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
compliance-days-late = { $count ->
    [one] { $count } day late
   *[other] { $count } days late
}
compliance-reminder-three-days = three days before
compliance-reminder-one-day = one day before
compliance-reminder-deadline-day = deadline day
compliance-reminder-overdue = overdue
compliance-reminder-other = reminder
compliance-status-not-set = Not set
compliance-status-pending = Pending
compliance-status-overdue = Overdue
compliance-status-complete = Complete
compliance-month-invalid = The month must look like 2026-11, not { $text }.
compliance-status-invalid = The status must be not_set, pending, overdue or complete.
sheet-year-invalid = Enter a year from 2000 to 2999.
sheet-month-invalid = Enter a month from 1 to 12.
sheet-metric-missing = The built-in metric "{ $key }" is missing.
sheet-reason-too-long = Use at most { $max } characters.
sheet-not-late = This sheet is not flagged late.
sheet-goal-exists = A goal for this month and metric already exists.
