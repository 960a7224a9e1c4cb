## Dashboards, team boards, quotas, leaderboard, charts, KPIs, people.

## The admin overview

dash-admin-title = Administration
dash-admin-count-rep = Sales reps
dash-admin-count-manager = Managers
dash-admin-count-admin = Administrators
dash-admin-count-executive = Executives
dash-admin-teams = Teams
dash-admin-inactive = Inactive users
dash-admin-manage = Manage
dash-admin-organisation = Organisation settings
dash-admin-jobs = Background jobs
dash-admin-recent = Recent changes
dash-admin-recent-all = All
dash-admin-recent-empty = Nothing has changed yet.
dash-admin-system = System

## The personal dashboard

dash-my-progress = My progress
dash-hello = Hello, { $name }
dash-no-team = No team yet
dash-network = Your place in the network
dash-network-sponsor = Sponsor
dash-network-partner-type = Partner type
dash-network-tier = Tier
dash-network-downline = Partners you sponsor
dash-network-name = Name
dash-network-team = Team
dash-network-partner = Partner

## Team boards (manager dashboard, company team page)

team-managed-by = Managed by { $name }
team-people =
    { $count ->
        [one] { $count } person
       *[other] { $count } people
    }
team-people-in-teams =
    { $count ->
        [one] { $count } person in { $teams } teams
       *[other] { $count } people in { $teams } teams
    }
team-inactive = inactive team
team-edit-quotas = Edit quotas
team-no-quotas = No quotas for { $period } yet
team-no-quotas-body = Once quotas are set, each member's actual, target and attainment per metric shows here, coloured by health.
team-set-quotas = Set quotas for { $period }
team-members = Members
team-name = Name
team-email = Email
team-no-members = No members in this team yet.
team-no-direct-members = No members directly in this team.
team-gaps-label = Team targets and members' quotas
team-member = Member
team-team = Team
team-total-note = Team total: everyone in { $team }, against the team's own target. Overall is the mean attainment weighted by goal weight.
team-total-note-sub = Team total: everyone in { $team } and its sub-teams, against the team's own target. Overall is the mean attainment weighted by goal weight.
team-open-note = Open a target to see that goal, its milestones and the events behind it. The team total counts everyone in { $team }.
team-open-note-sub = Open a target to see that goal, its milestones and the events behind it. The team total counts everyone in { $team } and its sub-teams.
team-sub-teams = Sub-teams
team-my-team = My team
team-not-manager = You do not manage a team yet
team-not-manager-body = An administrator can make you a team's manager. Its members, their quotas and their progress then show here.
team-no-goals = No goals in this team for { $period }
team-no-goals-body = Its members' quotas and the team's own targets show here once they are set.
team-period-previous = Previous period
team-period-next = Next period
team-period-length = Period length
team-period-today = Back to today
team-show-team = Show team
team-legend = Colours
team-sort-by = Sort by { $metric } attainment
team-overall = Overall
team-overall-hint = Weighted by goal weight
team-actual = Actual
team-target = Target
team-you = you
team-open-goal = Open this goal

## Goal health

health-completed = Completed
health-on-track = On track
health-needs-attention = Needs attention
health-critical = Critical
health-none = No goal

## The company (executive) dashboard

company-title = Company
company-lead = Company goals and how each team contributes · { $count } active people
company-overall = Overall attainment, weighted
company-goals = Company goals
company-no-goals = No company goals for { $period }
company-no-goals-body = Company goals are set by an administrator, one per metric and period. Until then, the rollup below shows what every team has done so far.
company-card-of = of { $target }
company-card-bar = { $percent } of target
company-card-week = { $amount } this week
company-card-days-left = { $count } days remaining
company-card-pace = Pace: { $pace } · projected { $projection }
company-goal-set-for = Set a company goal for { $period }
company-goal-not-set = The goal was not set. Please correct the fields marked below.
company-goal-metric = Metric
company-goal-choose = Choose…
company-goal-target = Target
company-goal-target-hint = For the whole company
company-goal-submit = Set goal
company-by-team = By team
company-nothing-recorded = Nothing recorded for { $period } yet
company-nothing-recorded-body = Team actuals appear here as soon as sales, activities or imports are recorded, and targets once goals are set.
company-no-teams = No teams yet.
company-teams-note = A team's actual is the sum over everyone in it and its sub-teams; its target is the team's own goal. Open a team to see its sub-teams and members.

## Quotas

quota-title = Quotas
quota-lead = Targets per person and metric for { $period }. Each row saves on its own; empty a cell to remove that quota.
quota-calculator = Target calculator
quota-team-progress = Team progress
quota-metrics-shown = Metrics shown
quota-metrics-count = { $shown } of { $count }
quota-show-metrics = Show these metrics
quota-team-targets = Team targets
quota-member-quotas = Member quotas
quota-gaps-title = Team target vs members' quotas
quota-none = No team targets or member quotas for { $period } yet.
quota-not-manager-body = An administrator can make you a team's manager; you then set its members' quotas here.
quota-save = Save
quota-saved = Saved
quota-unchanged = No changes
quota-not-saved = Not saved
quota-members-total = Members' quotas
quota-members-total-hint = Everyone in the team and its sub-teams

## The leaderboard

leaderboard-lead = Everyone with a quota, ranked by attainment; equal attainment shares a rank.
leaderboard-period = Period
leaderboard-metric = Metric
leaderboard-compare = Compare
leaderboard-scope-team = My team
leaderboard-scope-company = Company
leaderboard-scope-tier = Partner tier
leaderboard-show = Show
leaderboard-ranked =
    { $count ->
        [one] { $count } person ranked by attainment
       *[other] { $count } people ranked by attainment
    }
leaderboard-my-rank = you are #{ $rank }
leaderboard-rank = Rank
leaderboard-name = Name
leaderboard-attainment = Attainment
leaderboard-actual = Actual
leaderboard-target = Target
leaderboard-vs-quota = vs quota
leaderboard-you = You
leaderboard-showing-top = Showing the top { $shown } of { $count }.
leaderboard-show-everyone = Show everyone

## Charts

chart-monthly-title = Company attainment by month
chart-monthly-title-range = Company attainment by month, { $range }
chart-monthly-axis = Month · attainment of the company's monthly goals, weighted
chart-monthly-empty = No monthly company goals in these months yet
chart-monthly-reached = Target reached
chart-monthly-below = Below target
chart-monthly-live = This month so far
chart-monthly-target = Target 100%
chart-trend-picker = Goal shown in the trend
chart-trend-today = Today
chart-trend-not-started = The period has not started yet
chart-trend-actual = Actual
chart-trend-expected = Expected: a straight line to the target
chart-trend-target = Target { $target }

## Sales KPIs

kpi-title = Sales KPIs
kpi-dated = sales dated in the period
kpi-period = Period
kpi-previous = Previous
kpi-next = Next
kpi-from = From
kpi-to = To
kpi-show-range = Show range
kpi-bad-address-date = The date in the address is not valid: { $message }
kpi-approval-rate = Approval rate
kpi-approved-of = { $approved } approved of { $count } decided
kpi-refund-rate = Refund rate
kpi-refunded-of = { $refunded } refunded of { $count } confirmed
kpi-median = Median time to approval
kpi-median-hint =
    { $count ->
        [one] registration to an approver's decision, over { $count } approval
       *[other] registration to an approver's decision, over { $count } approvals
    }
kpi-confirmed = Confirmed sales
kpi-confirmed-hint =
    { $count ->
        [one] { $count } sale, refunds and cancellations excluded
       *[other] { $count } sales, refunds and cancellations excluded
    }
kpi-revenue-note = These KPIs count partner sales only. The revenue the goals count for the same partners and days is { $total }, { $note }.
kpi-funnel = What happened to the sales of the period
kpi-funnel-registered = <strong>{ $count }</strong> registered
kpi-funnel-auto = <strong>{ $count }</strong> confirmed automatically
kpi-funnel-approved = <strong>{ $count }</strong> approved
kpi-funnel-rejected = <strong>{ $count }</strong> rejected
kpi-funnel-pending = <strong>{ $count }</strong> still pending
kpi-funnel-refunded = <strong>{ $count }</strong> refunded
kpi-by-channel = By channel
kpi-channel = Channel
kpi-by-category = By category
kpi-category = Category
kpi-sales = Sales
kpi-amount = Amount
kpi-share = Share of amount
kpi-no-sales = No confirmed sales in this period.
kpi-choose-period = Choose a valid period to see the figures.

## A person's page

person-inactive = Inactive
person-goals = Current goals
person-no-goals = No goal is set for { $name } this period.
person-no-goals-hint = Quotas set by a manager and goals { $name } drafts appear here with their progress.
person-sales = Recent partner sales
person-no-sales = { $name } has registered no partner sales yet.
person-sale-date = Date
person-sale = Sale
person-sale-amount = Amount
person-sale-status = Status
person-sales-note = The latest { $count } by sales date; confirmed sales count towards revenue goals.

## The gap between a team's target and its members' quotas

gap-no-target = No team target yet; members' quotas add up to { $amount }.
gap-no-target-short = No team target
gap-short = Members' quotas fall { $amount } short of the team target.
gap-short-compact = { $amount } short
gap-over = Members' quotas exceed the team target by { $amount }.
gap-over-compact = { $amount } over
gap-even = Members' quotas add up to the team target exactly.
gap-even-compact = Matches the team target
gap-detail =
    { $count ->
        [one] { $amount } over { $count } member quota.
       *[other] { $amount } over { $count } member quotas.
    }
gap-detail-target =
    { $count ->
        [one] Team target { $target }; { $amount } over { $count } member quota.
       *[other] Team target { $target }; { $amount } over { $count } member quotas.
    }
gap-detail-sub-teams = Sub-team targets add up to { $amount }.
team-total = Team total
team-bad-address = The address is not valid.
team-period-month = Month
team-period-quarter = Quarter
team-period-year = Year
team-period-starts-in =
    { $count ->
        [one] Starts in { $count } day
       *[other] Starts in { $count } days
    }
team-period-ended = Ended
team-period-days-left =
    { $count ->
        [one] { $count } day left
       *[other] { $count } days left
    }
quota-cell-label = { $metric } target of { $name }
quota-locked-above = Set by the manager above this team or an administrator.
quota-locked-own = Your own quota is set by your manager.
quota-locked-outside = Outside the teams you manage.
quota-this-team = This team
quota-sub-team =
    { $count ->
        [one] Sub-team · { $count } person
       *[other] Sub-team · { $count } people
    }
quota-row-unclear = Say whose quotas to set, for which team and period.
quota-metric-retired = This metric is no longer tracked.
quota-no-decimals-currency = This currency has no decimal places.
quota-whole-number = Use a whole number.
quota-decimals = Use at most { $count } decimal places.
quota-flash-unchanged = Nothing changed for { $name }.
quota-flash-saved = Saved the targets of { $name }.
quota-taken = Someone else set this quota a moment ago; reload and try again.
company-not-in-team = Not in a team

## A goal's pace

pace-ahead = Ahead
pace-on-track = On track
pace-behind = Behind
pace-critical = Critical
pace-needed = { $amount }/day needed
company-goal-set = The company's { $metric } goal for { $period } is { $target }.
leaderboard-medal-1 = 1st place
leaderboard-medal-2 = 2nd place
leaderboard-medal-3 = 3rd place
leaderboard-scope-tier-name = { $tier } tier
leaderboard-empty-managed = Nobody in your teams has a goal for this metric and period yet.
leaderboard-empty-no-team = You are not in a team yet, so there is no team board. Try the company board.
leaderboard-empty = Nobody here has a goal for this metric and period yet.
leaderboard-bad-period = The period in the address is not valid.
leaderboard-bad-scope = The scope must be team, company or a partner tier.
leaderboard-group-months = Months
leaderboard-group-quarters = Quarters
leaderboard-group-years = Years
leaderboard-group-custom = Custom ranges
chart-day =
    { $day } { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    }
chart-month =
    { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    }
chart-month-year =
    { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    } { $year }
chart-month-range = { $start } – { $end }
chart-trend-dot = { $day }: { $value }
chart-trend-dot-live = { $day }: { $value } (today, live)
chart-trend-dot-events = { $day }: { $value } (from events)
chart-trend-summary = { $actual } on { $day } against { $expected } expected by then; target { $target } by { $end }.
chart-trend-summary-future = The period starts on { $start }; target { $target }.
chart-monthly-bar = { $month }: { $value }
chart-monthly-bar-live = { $month }: { $value } so far
chart-monthly-bar-events = { $month }: { $value } (computed from events)
chart-monthly-summary =
    { $count ->
        [one] Company attainment by month, { $range }: the target was reached in { $reached } of { $count } closed month.
       *[other] Company attainment by month, { $range }: the target was reached in { $reached } of { $count } closed months.
    }
chart-monthly-summary-empty = No monthly company goals in these months yet.
chart-trend-heading = Trend · { $title }
chart-trend-range = { $start } – { $end }
chart-trend-note-events = Figures summed from the recorded events.
chart-trend-note-snapshots = Every day from the daily snapshots.
chart-trend-note-mixed = { $stored } of { $count } days from the daily snapshots, the others summed from the events.
chart-trend-note-live = Today's figure is live.
kpi-period-unknown = Choose a month, quarter, year or custom range.
kpi-end-before-start = The end date is before the start date.
kpi-too-long = Too long: a period may span at most { $count } years.
kpi-date-missing = Enter a date.
kpi-date-invalid = Enter a date as YYYY-MM-DD.
kpi-this-month = This month
kpi-this-quarter = This quarter
kpi-this-year = This year
kpi-custom-range = Custom range
kpi-scope-all = All partners
kpi-scope-managed = Partners in the teams you manage
kpi-channel-other = Other
kpi-no-category = No category
kpi-duration-instant = under a minute
kpi-duration-m = { $minutes } min
kpi-duration-h = { $hours } h
kpi-duration-hm = { $hours } h { $minutes } min
kpi-duration-d = { $days } d
kpi-duration-dh = { $days } d { $hours } h
