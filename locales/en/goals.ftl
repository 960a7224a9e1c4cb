## Goals: quota cards, the goal page, my goals, the activity logger.

goal-optional = (optional)
goal-save = Save
goal-remove = Remove
goal-reason = Reason
goal-actions = Actions
goal-choose = Choose…
goal-newest-first = newest first
goal-correct-fields = Please correct the fields marked below.
goal-toast-dismiss = Dismiss

goal-card-pace-title = Pace against the expected amount to date
goal-card-attainment-label = { $goal } attainment
goal-card-bonus-title = Bonus schedule: { $schedule }
goal-card-details = Details
goal-card-details-of = of { $goal }, { $sub }

goal-quotas-heading = Your quotas
goal-quotas-empty = No quota has been set for you this period.
goal-quotas-empty-hint = When your manager sets one, it appears here with your progress, your pace and what you need per day. Activities you log below already count.

goal-grid-overall = Overall attainment
goal-grid-overall-hint = (weighted by goal)
goal-grid-current = { $count ->
    [one] Current goal
   *[other] Current goals
}
goal-grid-on-pace = On pace to hit target

goal-logger-heading = Log an activity
goal-logger-hint = One click adds one for today.
goal-logger-not-logged = The activity was not logged. Please correct the fields marked below.
goal-logger-metric = Metric
goal-logger-value = Value
goal-logger-value-placeholder = 1 or 1,500.00
goal-logger-date = Date
goal-logger-note = Note
goal-logger-correction = Correction
goal-logger-correction-hint = (a negative value takes back an earlier entry)
goal-logger-correction-reason = Reason for the correction
goal-logger-submit = Log activity

goal-milestones-heading = Milestones
goal-milestones-empty = This goal has no milestones.
goal-milestones-empty-edit = Add a few below: each is reached automatically when the actual crosses its value.
goal-milestones-empty-read = Objectives on a custom range usually carry a few, each reached automatically when the actual crosses it.
goal-milestone-due-on = Due { $date }
goal-milestones-editor-caption = Edit the milestones, in timeline order
goal-milestone = Milestone
goal-milestone-value = Value
goal-milestone-due = Due
goal-milestone-name-of = Name of { $name }
goal-milestone-value-of = Value of { $name }
goal-milestone-due-of = Due date of { $name }
goal-milestone-move-earlier = Move earlier
goal-milestone-move-later = Move later
goal-milestone-move-earlier-of = Move { $name } earlier
goal-milestone-move-later-of = Move { $name } later
goal-milestone-remove-confirm = Remove the milestone “{ $name }”?
goal-milestones-order-hint = The timeline runs in value order: moving a milestone swaps its value and due date with its neighbour's. Every change is recorded in the history below.
goal-milestones-full = This goal holds as many milestones as it can.
goal-milestone-name-placeholder = Halfway
goal-milestone-add = Add milestone

goal-objectives-heading = Special objectives
goal-objectives-heading-hint = extra targets beside the main one
goal-objectives-empty = No special objectives. The people who set this goal's target can add a few named extra targets here, such as new clients 5 or satisfaction 90%.
goal-objective = Objective
goal-objective-target = Target
goal-objective-actual = Actual
goal-objective-progress = Progress
goal-objective-update = Update
goal-objective-progress-of = { $name } progress
goal-objective-target-of = Target of { $name }
goal-objective-actual-of = Actual of { $name }
goal-objective-remove-confirm = Remove the objective “{ $name }”?
goal-objectives-full = This goal holds as many objectives as it can.
goal-objective-name-placeholder = New clients
goal-objective-unit = Counted as
goal-objective-unit-count = a number
goal-objective-unit-percent = a percentage
goal-objective-add = Add objective

goal-detail-numbers-caption = The numbers behind the card
goal-detail-status = Status
goal-detail-send-back-placeholder = What should change?
goal-detail-reason-for = Reason: { $action }
goal-detail-new-target = New target
goal-detail-target-reason-placeholder = Why the target changes
goal-detail-change-target = Change target
goal-bonus-heading = Bonus
goal-bonus-base-of = base { $amount }
goal-bonus-tiers-of = Tiers of { $schedule }
goal-bonus-from = From
goal-bonus-rate = Rate
goal-bonus-pays = Pays
goal-bonus-reached = Reached
goal-bonus-schedule = Bonus schedule
goal-bonus-none = No bonus
goal-bonus-base-label = Bonus base ({ $currency })
goal-bonus-base-hint = The bonus is this amount × the rate of the tier reached.
goal-bonus-save = Save bonus
goal-breakdown-heading = How this target was made
goal-breakdown-recompute = Recompute in the calculator
goal-breakdown-by-hand = This target was set by hand.
goal-breakdown-compute = Compute one from the partner's type, tier and the factors
goal-history-heading = History
goal-history-empty = No changes recorded yet. Every change of target, weight, priority or status appears here with who made it and why.
goal-history-change = { $field }:
goal-events-heading = Events behind the number
goal-events-team = everyone counted in this goal
goal-events-latest = latest { $count }
goal-events-date = Date
goal-events-person = Person
goal-events-value = Value
goal-events-source = Source
goal-events-note = Note
goal-events-correction-badge = correction
goal-events-correction = Correction: { $reason }
goal-events-empty = Nothing has been recorded for this goal's period yet. Logged activities, imports and confirmed sales appear here.

goal-mine-title = My goals
goal-mine-lead = Propose your own targets: save a draft, submit it, and your manager approves it or sends it back with a note.
goal-mine-draft = Draft a goal
goal-mine-metric = What to measure
goal-mine-period = Period
goal-mine-target = Target
goal-mine-target-hint = Above zero, e.g. 25,000 or 12
goal-mine-bonus = Bonus schedule (optional)
goal-mine-save-draft = Save draft
goal-mine-how = How it works
goal-mine-step-draft = Draft
goal-mine-step-draft-text = only you see it; change it as often as you like.
goal-mine-step-pending = Pending approval
goal-mine-step-pending-text = your manager sees it beside your last period's result.
goal-mine-step-active = Approved → active
goal-mine-step-active-text = it counts from the first day of its period.
goal-mine-step-end = Completed at 100%, or failed if the period ends short.
goal-mine-change-note = Changing the target of an active goal needs a reason and goes back to your manager.
goal-mine-yours = Your goals
goal-mine-col-metric = Metric
goal-mine-open = Open
goal-mine-empty = You have no goals yet. Draft one above.

## Statuses, pace and health

goal-status-draft = Draft
goal-status-pending-approval = Pending approval
goal-status-approved = Approved
goal-status-active = Active
goal-status-paused = Paused
goal-status-completed = Completed
goal-status-failed = Failed
goal-status-cancelled = Cancelled
goal-status-unknown = Unknown
goal-status-word-draft = draft
goal-status-word-pending-approval = pending approval
goal-status-word-approved = approved
goal-status-word-active = active
goal-status-word-paused = paused
goal-status-word-completed = completed
goal-status-word-failed = failed
goal-status-word-cancelled = cancelled
goal-pace-ahead = Ahead
goal-pace-on-track = On track
goal-pace-behind = Behind
goal-pace-critical = Critical
goal-health-completed = Completed
goal-health-on-track = On track
goal-health-needs-attention = Needs attention
goal-health-critical = Critical

## The quota card

goal-card-this-week = { $change } this week
goal-card-starts = Starts { $date }
goal-card-period-ended = Period ended
goal-card-days-remaining = { $count ->
    [one] { $count } day remaining
   *[other] { $count } days remaining
}
goal-card-target-reached = Target reached
goal-card-needed = { $amount }/day needed to hit target
goal-card-no-target = No target set
goal-card-ended-short = Period ended short of target

## Bonus

goal-bonus-basis-attainment = Attainment %
goal-bonus-basis-metric-value = Metric value
goal-bonus-threshold-count = { $amount } { $metric }
goal-bonus-tier-name = Tier { $position } ({ $rate })
goal-bonus-so-far = { $tier } — { $amount } so far
goal-bonus-tier-reached = { $tier } reached
goal-bonus-none-yet = No bonus yet
goal-bonus-next = { $tier } at { $threshold }
goal-bonus-tier-lower = tier { $position }
goal-bonus-top-tier = the top tier
goal-bonus-base-needs-schedule = Choose the schedule whose tiers pay this base.
goal-bonus-saved = Bonus saved.
goal-nothing-changed = Nothing changed.

## The goal page

goal-field-target = Target
goal-field-base-target = Base target
goal-field-status = Status
goal-field-weight = Weight
goal-field-priority = Priority
goal-field-title = Title
goal-field-bonus-base = Bonus base
goal-field-bonus-schedule = Bonus schedule
goal-source-manual = Manual
goal-source-import = Import
goal-source-api = API
goal-source-sale = Sale
goal-source-system = System
goal-source-other = Other
goal-owner-team = Team { $name }
goal-owner-company = { $name } (company)
goal-back-my-progress = My progress
goal-back-dashboard = Dashboard
goal-number-actual = Actual
goal-number-target = Target
goal-number-attainment = Attainment
goal-number-expected = Expected to date
goal-number-remaining = Remaining
goal-number-projection = Projection to period end
goal-number-needed = Needed per day
goal-number-days-left = Days left
goal-number-week = Change this week
goal-number-weight = Weight
goal-breakdown-changed = The target has since been changed to { $target }; the formula gave { $formula }.
## Lifecycle

goal-action-submit = Submit for approval
goal-action-approve = Approve
goal-action-send-back = Send back
goal-action-activate = Activate
goal-action-pause = Pause
goal-action-resume = Resume
goal-action-cancel = Cancel goal
goal-action-revise = Change target
goal-action-complete = Complete
goal-action-fail = Fail
goal-reason-too-long = Keep the reason to { $max } characters.
goal-fields-invalid = Some fields are not valid.
goal-now-status = The goal is now { $status }.
goal-target-changed-pending = Target changed; it goes to your manager for approval.
goal-target-changed = Target changed.

## Logging an activity

goal-correction-negative = A negative value is a correction: choose Correction and give a reason.
goal-correction-reason-missing = Say why this corrects an earlier entry.
goal-correction-reason-too-long = Use at most 500 characters for the reason.
goal-correction-not-negative = A correction takes something back: enter a negative value such as -3.
goal-date-not-a-date = Enter a date such as 2026-03-31 (YYYY-MM-DD).
goal-date-out-of-range = Enter a date from 2000-01-01 to 2100-12-31.
goal-log-choose-metric = Choose a metric from the list.
goal-log-future = The date cannot be in the future.
goal-log-too-old = Log activities of the last { $days } days.
goal-log-note-too-long = Use at most { $max } characters.
goal-logged-today = { $metric }: { $value } logged for today.
goal-logged-on = { $metric }: { $value } logged for { $date }.
goal-logged-correction = Correction — { $message }
goal-logged-milestones = Milestone reached: { $names }.
goal-field-error = { $field }: { $message }

## Milestones and objectives

goal-milestone-reached-on = Reached { $date }
goal-milestone-to-go = { $amount } to go
goal-milestone-due-invalid = Enter a date such as 2027-01-31, or leave it empty.
goal-milestone-added = Milestone added.
goal-milestone-saved = Milestone saved.
goal-milestones-reordered = Milestones reordered.
goal-milestone-removed = Milestone removed.
goal-objective-percent-max = A percentage is at most 100.
goal-objective-unit-invalid = Choose a number or a percentage.
goal-objective-added = Objective added.
goal-objective-saved = Objective saved.
goal-objective-removed = Objective removed.
goal-objective-not-added = The objective was not added: check the marked fields.
goal-objective-not-saved = The objective was not saved: check the marked fields.
goal-objective-not-removed = The objective was not removed.
goal-objective-suggest-new-clients = New clients
goal-objective-suggest-mentoring = Mentoring
goal-objective-suggest-trainings = Trainings
goal-objective-suggest-satisfaction = Satisfaction

## My goals

goal-mine-metric-required = Choose what to measure.
goal-mine-period-required = Choose a period.
goal-mine-target-required = Set a target above zero.
goal-mine-draft-saved = Draft saved. Submit it when it is ready for your manager.

## Refusals of the goal services

goal-choose-period = Choose a period.
goal-choose-metric = Choose a metric.
goal-company-target-required = Enter the company's target.
goal-company-duplicate = The company already has a { $metric } goal for { $period }.
goal-own-metric-invalid = Choose one of the listed metrics.
goal-own-schedule-invalid = Choose an attainment schedule or the ladder of this metric.
goal-own-duplicate = You already have a goal for this metric and period.
goal-milestone-negative = A milestone's value cannot be negative.
goal-milestone-value-taken = Another milestone already has this value.
goal-milestone-due-outside = Pick a day within the goal's period, { $start } to { $end }.
goal-milestones-max = A goal holds at most { $max } milestones.
goal-milestone-at-end = The milestone is already at that end of the timeline.
goal-objectives-max = A goal holds at most { $max } objectives.
goal-objective-name-taken = This goal already has an objective of that name.
goal-bonus-schedule-retired = This schedule is no longer in use.
goal-bonus-schedule-other-metric = This ladder counts another metric; pick an attainment schedule or the ladder of this goal's metric.
goal-bonus-schedule-unknown = Choose a schedule from the list.
goal-no-such-month = No such month.
goal-send-back-note-required = Add a note saying what to change.
goal-reason-required = Say why.
goal-activates-later = The period starts on { $date }; the goal activates then.
goal-already-status = This goal is already { $status ->
    [pending_approval] pending approval
   *[other] { $status }
}.
goal-revise-reason-required = Say why the target of an active goal changes.

goal-own-decision = Nobody approves their own goal; it waits for your manager.
goal-wrong-state-submit = Only a draft can be submitted; this one is { $status ->
    [pending_approval] pending approval
   *[other] { $status }
}.
goal-wrong-state-approve = Only a goal pending approval can be approved; this one is { $status ->
    [pending_approval] pending approval
   *[other] { $status }
}.
goal-wrong-state-send-back = Only a goal pending approval can be sent back; this one is { $status ->
    [pending_approval] pending approval
   *[other] { $status }
}.
goal-wrong-state-activate = Only an approved goal can be activated; this one is { $status ->
    [pending_approval] pending approval
   *[other] { $status }
}.
goal-wrong-state-pause = Only an active goal can be paused; this one is { $status ->
    [pending_approval] pending approval
   *[other] { $status }
}.
goal-wrong-state-resume = Only a paused goal can be resumed; this one is { $status ->
    [pending_approval] pending approval
   *[other] { $status }
}.
goal-wrong-state-cancel = A finished goal cannot be cancelled; this one is { $status ->
    [pending_approval] pending approval
   *[other] { $status }
}.
goal-wrong-state-revise = A finished goal cannot be changed; this one is { $status ->
    [pending_approval] pending approval
   *[other] { $status }
}.
goal-wrong-state-complete = Only an active goal can be completed; this one is { $status ->
    [pending_approval] pending approval
   *[other] { $status }
}.
goal-wrong-state-fail = Only an active goal can fail; this one is { $status ->
    [pending_approval] pending approval
   *[other] { $status }
}.
goal-number-forecast = Chance of reaching the target
goal-forecast-not-enough-history = Not enough history
goal-card-likely = { $percent } likely
goal-card-not-enough-history = Not enough history to forecast
goal-card-forecast-title = The chance of reaching the target by the period's end, from the owner's last eight weeks (forecast once a day)
goal-number-forecast-low = Likely end, low (P10)
goal-number-forecast-high = Likely end, high (P90)
goal-number-forecast-as-of = Forecast as of
