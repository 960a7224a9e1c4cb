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
