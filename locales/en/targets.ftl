## Computed targets: the calculator, the people's factors, breakdowns.

target-calculator-title = Target calculator
target-calculator-lead = Base = the partner type's minimum × the tier's multiplier. Target = base × personal × market × seasonal × team.
target-people-factors = People's factors
target-seasonal-market = Seasonal & market factors
target-for-whom = For whom
target-person = Person
target-month = Month
target-metric = Metric
target-factors = Factors
target-factors-hint = change one to see the target move
target-recalculate = Recalculate
target-breakdown = Breakdown
target-save-heading = Save as the goal's target
target-reason = Reason
target-reason-placeholder = Why this target
target-save-target = Save target
target-save-hint = The target is computed again when you save; the breakdown is stored with the goal and the change goes into its history.
target-calculator-empty = Nobody to compute a target for
target-calculator-empty-hint = The calculator works for the partners in the teams you manage: people with a partner type. An administrator sets a person's partner type and tier on their user page.
target-choose-subject = Choose a person, a month and a metric.
target-breakdown-caption = How the target is made
target-correct-factors = Correct the marked factors to see the target.
target-stored-hint = Stored { $value }: { $note }
target-live-active = { $name }'s { $metric } goal for { $period } is { $target } ({ $status }). Saving changes its target; say why.
target-live-other = { $name }'s { $metric } goal for { $period } is { $target } ({ $status }). Saving changes its target.
target-live-none = { $name } has no { $metric } goal for { $period } yet: saving creates one, approved by you.
target-reason-too-long = Keep the reason to { $max } characters.
target-saved-created = Goal created with the computed target.
target-saved-changed = The goal's target now follows the formula.

target-no-partner-type = { $name } has no partner type: computed targets start from a partner type's minimum.
target-not-a-month = Computed targets are monthly: choose a month.
target-metric-not-covered = The formula covers revenue and deals, not { $metric }.
target-not-a-person = Computed targets are for people, not teams or the company.
target-factor-out-of-range = A factor must be above 0 and at most 10.
target-factor-too-precise = A factor has at most 4 decimal places.
target-negative-minimum = The partner type's minimum must not be negative.
target-bad-multiplier = The tier's multiplier must be above 0.
target-too-large = The computed target is too large to store.

target-source-default = not set
target-source-set = set
target-source-computed = computed
target-source-override = set by hand
target-source-adjusted = adjusted for this target
target-source-not-leader = not a team leader
target-basis-monthly-sales = Minimum monthly sales
target-basis-deal-count = Minimum deals a month
target-line-minimum = { $type } minimum
target-line-tier = Tier multiplier
target-line-no-tier = no tier
target-line-base = Base target
target-line-personal = Personal adjustment
target-line-market = Market condition
target-line-seasonal = Seasonal adjustment
target-line-team = Team performance
target-line-target = Target
target-line-rounded = rounded from { $value }

target-factors-title = Target factors
target-factors-lead = Each partner's personal adjustment and, for team leaders, the team factor. Each row saves on its own.
target-factors-explain = Factors multiply the base target (partner type minimum × tier multiplier); 1 changes nothing, 1.2 asks 20% more, 0.9 asks 10% less. A team leader's factor is computed from their team's attainment last month — attainment ÷ 100, kept between 0.80 and 1.20 — unless you set one by hand; leave it blank to use the computed one. Base and team standing below are for revenue in { $month }.
target-factors-empty = No partners in reach
target-factors-empty-hint = This page lists the people with a partner type in the teams you manage. An administrator sets partner types and tiers on the user pages.
target-factors-grid = Target factors per person
target-col-partner = Partner
target-col-base = Base (revenue)
target-col-personal = Personal
target-col-team = Team
target-col-standing = Team standing
target-save = Save
target-recent-changes = Recent changes
target-factor-personal-of = Personal adjustment of { $name }
target-factor-team-of = Team factor of { $name } (blank: computed)
target-factor-computed = Computed: { $value }
target-factor-by-hand = Set by hand (computed: { $value })
target-factor-reason-of = Reason for changing the factors of { $name }
target-factor-saved = Saved
target-factor-unchanged = No changes
target-factor-not-saved = Not saved
target-factors-unchanged = Nothing changed for { $name }.
target-factors-saved = Saved the target factors of { $name }.
target-factors-not-saved = { $name }'s factors were not saved: check the marked fields.
target-leads-teams = Leads { $teams } ({ $count ->
    [one] { $count } person
   *[other] { $count } people
})
target-leads-downline = Leads a downline of { $count ->
    [one] { $count } person
   *[other] { $count } people
}
target-leads-no-team = Leads no team
target-standing-percent = { $leads } · { $percent } in { $month }
target-standing-none = { $leads } · no targets in { $month }

target-history-empty = No changes yet. Every change of a factor is recorded here with who made it, when and why.
target-history-not-set = not set
target-history-personal = Personal adjustment of { $name }
target-history-team = Team factor of { $name }
target-history-market = Market factor of { $period }
target-history-seasonal = Seasonal factors
target-choose-person = Choose a person.
target-person-deactivated = { $name } is deactivated.
target-choose-month = Choose a month.
target-choose-active-metric = Choose an active metric.
target-set-concurrently = Someone else set this goal a moment ago; reload and try again.
factor-note-personal = { $name }'s adjustment
factor-note-none-set = none set
factor-note-market = { $period } market
factor-note-market-none = none set for { $period }
factor-note-season = { $month } season
factor-note-season-none = none set for { $month }
factor-note-override = set by hand
factor-note-not-leader = leads no team
factor-note-team-at = team at { $percent } of target in { $month }
factor-note-no-team-targets = no team targets in { $month }
factor-note-stored = stored { $value }
factor-note-stored-was = stored { $value } ({ $note })

## Target recommendations (issue #19): their one-line reasoning and where they are shown.
recommend-note-level = monthly level { $amount }
recommend-note-trend = trend { $change }
recommend-note-season = { $month } { $change } seasonal
recommend-note-peers = { $tier } tier peers reach { $percent }
recommend-note-peers-untiered = tier peers reach { $percent }
recommend-note-team = team share { $amount }
recommend-title = Recommended targets
recommend-lead = From each person's last months (level, trend, the month's season), how their tier's partners reach their targets and what the team target still leaves to distribute. Accepting sets the target and records it in the goal's breakdown.
recommend-accept-all = Accept all { $count }
recommend-accept = Accept
recommend-accept-label = Accept the recommended { $metric } target of { $name }
recommend-current = Now
recommend-formula = Formula
recommend-recommended = Recommended
recommend-in-place = In place
recommend-flash-one = Accepted the recommended target of { $name }.
recommend-flash-all = Accepted { $count ->
    [one] one recommended target
   *[other] { $count } recommended targets
}.
recommend-none = There is no recommendation for this person and metric: it needs three months of history and a formula target.
recommend-calc-heading = Recommended target
recommend-calc-accept = Accept the recommendation
recommend-calc-none = No recommendation: it needs three months of history before the month.
recommend-calc-hint = Accepting saves the recommended target on the goal; its breakdown records that it came from a recommendation.
recommend-breakdown-line = Recommended instead
recommend-breakdown-formula = = The formula's target
