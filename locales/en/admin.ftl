## Administration: refusals of the services behind the admin pages

admin-user-role-unknown = Choose rep, manager, admin or executive.
admin-user-email-taken = Another user already has this email address.
admin-user-sponsor-missing = That sponsor does not exist.
admin-user-sponsor-cycle = This sponsor is in this user's own downline (or is the user): the sponsor tree cannot contain a cycle.
admin-user-own-role = You cannot change your own role.
admin-user-deactivate-self = You cannot deactivate yourself.
admin-user-missing = That user does not exist.
admin-partner-type-missing = That partner type does not exist.
admin-partner-tier-missing = That partner tier does not exist.
admin-partner-type-code-taken = Another partner type already uses this code.
admin-partner-tier-code-taken = Another partner tier already uses this code.
admin-partner-tier-rank-taken = Another partner tier already has this rank.
admin-team-missing = That team does not exist.
admin-team-name-taken = Another team already has this name (names are not case-sensitive).
admin-team-deactivated = { $name } is deactivated.
admin-team-manager-not-manager = { $name } is not a manager or admin.
admin-team-cycle = A team cannot move under itself or one of its own sub-teams.
admin-team-parent-inactive = { $team } sits under { $parent }, which is deactivated. Activate { $parent } first, or move { $team } elsewhere.
admin-team-still-has-sub-teams = { $name } still has { $sub_teams ->
        [one] 1 active sub-team
       *[other] { $sub_teams } active sub-teams
    }. Move or deactivate them first.
admin-team-still-has-members = { $name } still has { $members ->
        [one] 1 active member
       *[other] { $members } active members
    }. Move or deactivate them first.
admin-team-still-has-both = { $name } still has { $sub_teams ->
        [one] 1 active sub-team
       *[other] { $sub_teams } active sub-teams
    } and { $members ->
        [one] 1 active member
       *[other] { $members } active members
    }. Move or deactivate them first.
admin-bonus-name-taken = Another schedule already has this name.
admin-promotion-already-accepted = This suggestion was already accepted.
admin-promotion-already-dismissed = This suggestion was already dismissed.
admin-promotion-tier-changed = The partner's tier has changed since this suggestion; dismiss it.
admin-metric-key-taken = Another metric already uses this key.
admin-metric-name-taken = The metric { $key } already has this name.
admin-metric-built-in-stays = { $name } is a built-in metric and stays active.
admin-period-custom-exists = A custom period with these dates already exists.
admin-period-month-exists = This month already exists.
admin-period-quarter-exists = This quarter already exists.
admin-period-year-exists = This year already exists.
admin-plan-too-many-levels = At most { $max } levels; this list has { $count }.
admin-plan-rate-negative = A rate cannot be negative.
admin-plan-level-rate-negative = Level { $level }: A rate cannot be negative.
admin-plan-rate-above-one = A rate cannot be more than 100%.
admin-plan-level-rate-above-one = Level { $level }: A rate cannot be more than 100%.
admin-plan-pays-too-much = These rates could pay { $percent }% of a sale: the highest direct rate, every paid upline level and the matching bonus on that direct commission together. A plan may pay at most 100%; lower some rates or the maximum depth.
admin-approval-manager-below-auto = Use at least the auto-confirm limit ({ $limit }). Every sale that waits is above that limit, so a lower manager limit would leave managers nothing to approve.
account-password-too-short = Use at least { $min } characters.
account-password-mismatch = The two passwords differ.
admin-plan-direct-empty = Enter a percentage; 0 pays no direct commission.
admin-plan-matching-empty = Enter a percentage; 0 turns matching off.
admin-plan-level-empty = Level { $level }: Enter a rate, or remove this level.
admin-plan-percent-invalid = Enter a percentage such as 5 or 2.5.
admin-plan-percent-too-large = That percentage is far too large.
admin-plan-level-percent-invalid = Level { $level }: Enter a percentage such as 5 or 2.5.
admin-plan-level-decimal-places = Level { $level }: Use at most { $places } decimal places.
admin-plan-level-percent-too-large = Level { $level }: That percentage is far too large.

## Commission plan page

admin-form-correct-fields = Please correct the fields marked below. Nothing was saved.
admin-plan-title = Commission plan
admin-plan-in-force = Version { $version } in force since { $since } · { $by }
admin-plan-initial = Attain (initial plan)
admin-plan-edit-rates = Edit rates
admin-plan-direct = Direct commission
admin-plan-direct-note = paid to the seller
admin-plan-partner-tier = Partner tier
admin-plan-rate = Rate
admin-plan-default-badge = default
admin-plan-no-tier = No tier, or a tier without a rate
admin-plan-upline = Upline commission
admin-plan-upline-note = paid to sponsors, level 1 first
admin-plan-level-heading = Level
admin-plan-level = Level { $level }
admin-plan-level-unpaid = not paid: beyond the maximum depth
admin-plan-no-upline = No upline levels: only the seller is paid.
admin-plan-rules = Rules
admin-plan-matching = Matching bonus
admin-plan-matching-note = of the seller's direct commission, to their sponsor
admin-plan-max-depth = Maximum depth
admin-plan-levels = { $count ->
        [one] { $count } level
       *[other] { $count } levels
    }
admin-plan-compression = Compression
admin-plan-on = On
admin-plan-off = Off
admin-plan-compression-on-note = inactive sponsors are skipped
admin-plan-compression-off-note = an inactive sponsor's level goes unpaid
admin-plan-most-paid = Most paid out
admin-plan-of-a-sale = of a sale
admin-plan-write-version = Write version { $version }
admin-plan-write-intro = Saving writes a new version; version { $version } stays as it is. Sales confirmed from then on use the new version, and sales already confirmed keep the version they were paid under. Enter rates as percentages: 5 means 5%.
admin-plan-save-version = Save as version { $version }
admin-plan-direct-by-tier = Direct rate by partner tier
admin-plan-tier-hint = Empty: the default rate
admin-plan-default = Default
admin-plan-default-hint = No tier, or no rate of its own
admin-plan-upline-and-matching = Upline and matching
admin-plan-upline-by-level = Upline rates by level
admin-plan-upline-hint = Level 1 is the seller's sponsor, level 2 their sponsor, and so on. An empty last row is ignored.
admin-plan-remove = Remove
admin-plan-add-level = Add a level
admin-plan-matching-hint = Share of the seller's direct commission paid to their sponsor; 0 turns it off
admin-plan-max-depth-hint = Levels paid at most (0–50); levels listed beyond it are not paid
admin-plan-compression-switch = Compression: skip inactive sponsors without using up a level
admin-plan-history = Version history
admin-plan-version = Version
admin-plan-written = Written
admin-plan-by = By
admin-plan-sales-confirmed = Sales confirmed
admin-plan-rates = Rates
admin-plan-in-force-badge = In force
admin-plan-summary-direct = Direct { $rate }%
admin-plan-summary-tier-rates = { $count ->
        [one] (1 tier rate)
       *[other] ({ $count } tier rates)
    }
admin-plan-summary-no-upline = no upline
admin-plan-summary-upline = upline { $rates }%
admin-plan-summary-matching = matching { $rate }%
admin-plan-summary-depth = depth { $depth }
admin-plan-summary-compression = compression
admin-plan-unknown-level-change = Unknown change to the levels: { $action }
admin-plan-saved = Saved commission plan version { $version }. Sales confirmed from now on use it; sales already confirmed keep the version they were paid under.
admin-plan-unchanged = Nothing changed, so no new version was written.
admin-plan-stale = Another administrator saved version { $version } while you were editing. Your changes below are not saved: compare them with the version in force and save again.

## Shared words of the admin pages

admin-form-correct = Please correct the fields marked below.
admin-save-changes = Save changes
admin-status = Status
admin-active = Active
admin-inactive = Inactive
admin-edit = Edit

## Users

admin-users-active-of = { $active } active of { $total }
admin-users-empty = No users yet.
admin-user-new = New user
admin-user-edit = Edit user
admin-user-edit-heading = Edit { $name }
admin-user-name = Name
admin-user-email = Email
admin-user-email-hint = Unique, not case-sensitive
admin-user-role = Role
admin-user-team = Team
admin-user-no-team = No team
admin-user-sponsor = Sponsor (upline partner)
admin-user-sponsor-column = Sponsor
admin-user-no-sponsor = No sponsor
admin-user-partner = Partner
admin-user-partner-type = Partner type
admin-user-partner-tier = Partner tier
admin-user-none = None
admin-user-initial-password = Initial password
admin-user-password-hint = At least 10 characters; the user can change it later.
admin-user-create = Create user
admin-user-deactivate-confirm = Deactivate { $name }? They are signed out everywhere and cannot sign in.
admin-user-deactivate = Deactivate user
admin-user-is-deactivated = This user is deactivated.
admin-user-activate = Activate user
admin-user-created = { $name } can now sign in.
admin-user-saved = Saved { $name }.
admin-user-activated = { $name } is active again.
admin-user-deactivated = { $name } is deactivated and signed out everywhere.

## Approval rules

admin-approval-intro = Which sales confirm themselves, and who approves the rest.
admin-approval-auto-label = Auto-confirm limit ({ $currency })
admin-approval-auto-hint = A sale of this amount or less is confirmed the moment it is registered. 0 sends every sale to the queue.
admin-approval-manager-label = Manager approval limit ({ $currency })
admin-approval-manager-hint = Managers approve their teams' sales up to this amount; above it only an administrator can.
admin-approval-save = Save rules
admin-approval-audit-before = Every change is kept in the{" "}
admin-approval-audit-link = audit log
admin-approval-audit-after = .
admin-approval-bands = How a sale is decided now
admin-approval-up-to = Up to { $limit }
admin-approval-between = Above { $low }, up to { $high }
admin-approval-above = Above { $limit }
admin-approval-band-auto = Confirmed at once; commission is paid immediately.
admin-approval-band-manager = Waits in the queue for the partner's manager or an administrator.
admin-approval-band-admin = Waits for an administrator.
admin-approval-note = Nobody approves their own sale. Changing the limits does not touch sales already waiting; they are decided under the limits in force when someone decides them.
admin-approval-changed-by = Last changed by { $name } on { $when }.
admin-approval-never-changed = Not changed since Attain was installed.
admin-approval-saved = Approval rules saved. They apply to sales registered or decided from now on.
admin-nothing-changed = Nothing changed.

## Account pages

account-password-intro = Changing your password signs you out on every other device.
account-password-current = Current password
account-password-new = New password
account-password-hint = At least 10 characters.
account-password-repeat = Repeat the new password
account-password-wrong = This is not your current password.
account-password-changed = Password changed. You were signed out everywhere else.
account-email-title = Email
account-email-intro = Goal-sheet deadline reminders always come by email. Your other notifications (achievements, bonus tiers, streaks) are in the bell, and by email too if you like.
account-email-not-sending = This server does not send email at the moment (no SMTP server is configured); your choice applies once it does.
account-email-switch-before = Email me my new notifications at{" "}
account-email-switch-after = {""}
account-email-batch = At most one email per batch: several achievements at once arrive as one list.
account-email-save = Save
account-email-bad-setting = The notifications setting must be on or off, not { $value }.
account-email-on = Notifications will also come by email.
account-email-off = Notifications stay in Attain; no more emails about them.
admin-form-unreadable = The form could not be read: { $error }

## Partner types and tiers

admin-code = Code
admin-code-hint = Unique; lowercase letters, digits, - and _
admin-create-first = Create the first one
admin-create-first-after = .
admin-catalog-deactivate-confirm = Deactivate { $name }? Partners who have it keep it, but it is no longer offered.
admin-catalog-activated = { $name } is active again.
admin-catalog-deactivated = { $name } is deactivated.
admin-partner-type-lead = Kinds of partner and the monthly minimums each is held to · { $active } active of { $total }
admin-partner-type-empty = No partner types yet.
admin-partner-type-intro = The minimums every partner of this type is held to.
admin-partner-type-min-sales = Minimum monthly sales
admin-partner-type-min-sales-hint = In the organisation's currency, e.g. 3,000,000
admin-partner-type-min-deals = Minimum deals per month
admin-partner-type-min-deals-column = Minimum deals
admin-partner-type-min-deals-hint = A whole number, 0 to 100,000
admin-partner-type-new = New partner type
admin-partner-type-edit = Edit partner type
admin-partner-type-all = All partner types
admin-partner-type-create = Create partner type
admin-partner-type-deactivate = Deactivate partner type
admin-partner-type-activate = Activate partner type
admin-partner-type-deactivated-note = This partner type is deactivated: partners who have it keep it, but it is not offered.
admin-partner-type-saved = Saved partner type { $name }.
admin-partner-tier-lead = Ranked levels whose multiplier scales a partner's target · { $active } active of { $total }
admin-partner-tier-empty = No partner tiers yet.
admin-partner-tier-intro = Higher ranks sit above lower ones; the multiplier scales a partner's target.
admin-partner-tier-rank = Rank
admin-partner-tier-rank-hint = Unique, 0 to 1,000; higher is better
admin-partner-tier-multiplier = Target multiplier
admin-partner-tier-multiplier-hint = Above 0, up to 4 decimals; 1.25 raises the target by a quarter
admin-partner-tier-multiplier-zero = Must be greater than 0: a multiplier of 0 would erase the target.
admin-partner-tier-multiplier-too-large = Must be below 10,000.
admin-partner-tier-new = New partner tier
admin-partner-tier-edit = Edit partner tier
admin-partner-tier-all = All partner tiers
admin-partner-tier-create = Create partner tier
admin-partner-tier-deactivate = Deactivate partner tier
admin-partner-tier-activate = Activate partner tier
admin-partner-tier-deactivated-note = This partner tier is deactivated: partners who have it keep it, but it is not offered.
admin-partner-tier-saved = Saved partner tier { $name }.

## Audit log

admin-audit-lead = Every change by an admin or the system, newest first · times in { $zone }
admin-audit-filter-label = Show changes to
admin-audit-filter-all = All
admin-audit-filter-user = Users
admin-audit-filter-team = Teams
admin-audit-filter-partner-type = Partner types
admin-audit-filter-partner-tier = Partner tiers
admin-audit-filter-organisation = Organisation
admin-audit-entity-user = User
admin-audit-entity-team = Team
admin-audit-entity-partner-type = Partner type
admin-audit-entity-partner-tier = Partner tier
admin-audit-entity-organisation = Organisation
admin-audit-system = System
admin-audit-action-create = create
admin-audit-action-update = update
admin-audit-action-move = move
admin-audit-action-activate = activate
admin-audit-action-deactivate = deactivate
admin-audit-when = When
admin-audit-who = Who
admin-audit-action = Action
admin-audit-entity = Entity
admin-audit-summary = Summary
admin-audit-empty = Nothing has been changed here yet.
admin-audit-truncated = Showing the latest { $count } entries.

## Teams

admin-team-lead = The team tree: sub-teams sit under their parent · { $active } active of { $total }
admin-team-empty = No teams yet.
admin-team-new = New team
admin-team-edit = Edit team
admin-team-all = All teams
admin-team-form-intro = Choosing another parent moves the team with all its sub-teams and members.
admin-team-parent = Parent team
admin-team-parent-column = Parent
admin-team-no-parent = None (top level)
admin-team-top-level = Top level
admin-team-manager = Manager
admin-team-no-manager = No manager
admin-team-active-members = Active members
admin-team-create = Create team
admin-team-deactivate-confirm = Deactivate { $name }? It must have no active sub-teams or members.
admin-team-deactivate = Deactivate team
admin-team-is-deactivated = This team is deactivated.
admin-team-activate = Activate team
admin-team-saved = Saved team { $name }.
admin-team-activated = Team { $name } is active again.
admin-team-was-deactivated = Team { $name } is deactivated.

## Periods

admin-period-lead = The spans goals are set for: months, fiscal quarters and years, and custom ranges · { $count } stored
admin-period-standard = Standard periods
admin-period-standard-intro = Months, quarters and years are also created on demand when someone sets a goal; create them here ahead of time.
admin-period-exists = { $name } already exists.
admin-period-exists-badge = exists
admin-period-custom = Custom range
admin-period-name-hint = Such as “Spring push” or “H1 launch”
admin-period-start = Start
admin-period-start-hint = First day
admin-period-end = End
admin-period-end-hint = Last day, included; at most 3 years
admin-period-create-custom = Create custom period
admin-period-kind = Kind
admin-period-days = Days
admin-period-goals = Goals
admin-period-current = Current
admin-period-empty = No periods yet. Create this month above, or set a goal and it is created for you.
admin-period-this-month = This month
admin-period-next-month = Next month
admin-period-this-quarter = This quarter
admin-period-next-quarter = Next quarter
admin-period-this-year = This year
admin-period-next-year = Next year
admin-period-kind-month = Month
admin-period-kind-quarter = Quarter
admin-period-kind-year = Year
admin-period-kind-custom = Custom
admin-period-choose-span = Choose a month, quarter or year.
admin-period-created = Created { $name }.
admin-period-end-before-start = The end date must be on or after the start date.
admin-period-too-long = A period may span at most { $years } years.

## Metrics

admin-metric-lead = What goals measure and events record · { $built_in } built in, { $custom } custom
admin-metric-new = New metric
admin-metric-all = All metrics
admin-metric-custom = Custom metrics
admin-metric-built-in = Built-in metrics
admin-metric-built-in-lead = sales, the activity logger and the dashboards rely on these; only the name can change
admin-metric-built-in-badge = Built in
admin-metric-rename = Rename
admin-metric-key = Key
admin-metric-unit = Unit
admin-metric-unit-money = Money
admin-metric-unit-percent = Percent
admin-metric-unit-count = Count
admin-metric-empty-before = No custom metrics yet.{" "}
admin-metric-empty-link = Add one
admin-metric-empty-after = {" "}to measure something the built-ins do not, such as demos or referrals.
admin-metric-built-in-note = A built-in metric: only its name can change.
admin-metric-key-note = The key stays as created; imports and the API refer to it.
admin-metric-new-note = Something goals can target and events can record.
admin-metric-name-hint = Shown on cards, boards and forms; up to 60 characters
admin-metric-key-fixed = Fixed once created.
admin-metric-key-hint = Used in CSV imports and the API: a lowercase letter, then letters, digits or _ (32 at most)
admin-metric-create = Create metric
admin-metric-deactivate-confirm = Deactivate { $name }? Its events and goals stay, but it is no longer offered for new ones.
admin-metric-deactivate = Deactivate metric
admin-metric-deactivated-note = This metric is deactivated: its events and goals stay, but it is not offered for new ones.
admin-metric-activate = Activate metric
admin-metric-saved = Saved metric { $name }.
admin-metric-key-invalid = Start with a letter; then up to 31 lowercase letters, digits or underscores.
admin-metric-unit-unknown = Choose money, count or percent.

## Tier promotions

admin-promotion-title = Tier promotions
admin-promotion-lead = Partners whose revenue reached the next tier's requirement (the partner type's minimum monthly sales × the next tier's target multiplier) in each of the last { $months } complete months · { $pending } waiting
admin-promotion-from-to = From → to
admin-promotion-months-heading = Months
admin-promotion-required = Required each month
admin-promotion-lowest = Lowest month
admin-promotion-waiting = Waiting
admin-promotion-accepted-badge = Accepted
admin-promotion-dismissed-badge = Dismissed
admin-promotion-promote = Promote
admin-promotion-dismiss = Dismiss
admin-promotion-empty = No suggestions yet. The achievements and period-close jobs look for partners to promote after each month.
admin-promotion-months = { $first } – { $last }
admin-promotion-decided = { $date } by { $name }
admin-promotion-accepted = { $name } moved up to the next tier.
admin-promotion-dismissed = The suggestion for { $name } was dismissed.

## Bonus schedules

admin-bonus-basis-unknown = Choose attainment % or a metric's value.
admin-bonus-metric-unknown = Choose a metric from the list.
admin-bonus-metric-missing = Choose the metric whose value the tiers count.
admin-bonus-threshold-missing = Enter the threshold of this tier.
admin-bonus-rate-missing = Enter the rate of this tier.
admin-bonus-rate-too-large = Keep the rate below 10,000.
admin-bonus-no-tiers = Add at least one tier.
admin-bonus-threshold-negative = The threshold must be 0 or more.
admin-bonus-rate-negative = The rate must be 0 or more.
admin-bonus-not-ascending = Each threshold must be above the one before it.
admin-bonus-lead = Ladders of tiers: a goal on a schedule pays its bonus base × the rate of the tier it reaches. A tier applies from its threshold up; below the first tier there is no bonus.
admin-bonus-new-short = New schedule
admin-bonus-new = New bonus schedule
admin-bonus-edit = Edit bonus schedule
admin-bonus-basis = Measured on
admin-bonus-basis-metric = { $metric } value
admin-bonus-basis-attainment = Attainment %
admin-bonus-basis-attainment-option = Attainment % of the goal
admin-bonus-basis-metric-option = A metric's value (a ladder)
admin-bonus-tiers = Tiers
admin-bonus-tiers-hint = lowest first; leave rows blank to use fewer
admin-bonus-goals-using = Goals using it
admin-bonus-empty = No schedules yet.
admin-bonus-form-intro = Thresholds must rise from tier to tier; rates are multiples of a goal's bonus base (0.5 pays half).
admin-bonus-name-hint = Unique
admin-bonus-metric = Metric (ladders only)
admin-bonus-active = Active (goals may pick it)
admin-bonus-description = Description
admin-bonus-description-hint = Optional; shown in the list
admin-bonus-tier = Tier
admin-bonus-threshold = From (threshold)
admin-bonus-rate = Rate (× base)
admin-bonus-threshold-of = Threshold of tier { $tier }
admin-bonus-rate-of = Rate of tier { $tier }
admin-bonus-save = Save schedule
admin-bonus-how = How tiers work
admin-bonus-how-attainment = On attainment %, thresholds are percentages of the goal's target: 80, 100, 120, 150 pay 0.5×, 1×, 2×, 3× from those points.
admin-bonus-how-metric = On a metric's value, thresholds are amounts of that metric (15, 20, 25 … signups); only goals of that metric may use the ladder. The signup ladder also decides the bonus tier reps aim for on their monthly sheets.
admin-bonus-how-note = Each tier a goal reaches is recorded once as an achievement.
admin-bonus-saved = Saved the bonus schedule { $name }.
bonus-builtin-standard-name = Standard attainment
bonus-builtin-standard-description = Half the bonus base from 80% of target, all of it at 100%, double at 120%, triple at 150%.
bonus-builtin-signups-name = Signup ladder
bonus-builtin-signups-description = Tiers 1 to 6 by the month's signups: 15, 20, 25, 30, 40 and 50.
