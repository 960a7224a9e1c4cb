## Achievements: a person's page, the feed and the dashboard's badge card.

achievement-title = Achievements
achievement-mine-title = My achievements
achievement-person-title = Achievements of { $name }
achievement-lead = Goals reached, bonus tiers unlocked, milestones, perfect months and streaks, each recorded once.
achievement-feed-link = Team and company feed
achievement-points = Points
achievement-points-lower = points
achievement-points-short = pts
achievement-streak = Current streak
achievement-streak-lower = current streak
achievement-streak-hint = (perfect months in a row)
achievement-empty-title = No achievements yet
achievement-empty-own = Reach a goal, unlock a bonus tier or pass a milestone and it appears here the moment it happens, with its points.
achievement-empty-person = { $name } has not earned an achievement yet.
achievement-months = { $count ->
        [one] 1 month
       *[other] { $count } months
    }
achievement-kind-goal = Goal achieved
achievement-kind-yearly = Yearly goal achieved
achievement-kind-tier = Bonus tier unlocked
achievement-kind-milestone = Milestone reached
achievement-kind-perfect-month = Perfect month
achievement-kind-streak = Streak
achievement-detail-of = { $actual } of { $goal }
achievement-detail-at = at { $value }
achievement-detail-perfect = { $count ->
        [one] { $count } goal
       *[other] { $count } goals
    } at 100% or more
achievement-detail-bonus = { $amount } bonus at tier { $tier }
achievement-detail-tier = tier { $tier }
achievement-recognised-someone = a manager
achievement-recognised = Recognised by { $by } on { $day }
achievement-recognised-note = Recognised by { $by } on { $day }: “{ $note }”
achievement-recognised-badge = Recognised
achievement-recognise = Recognise
achievement-note-placeholder = Note (optional)
achievement-note-label = Recognition note for { $title }
achievement-note-too-long = Keep the note to { $max } characters.
achievement-recognised-flash = Recognised { $name }'s achievement.
achievement-feed-title = Achievements feed
achievement-feed-lead = Who reached what, newest first. It refreshes by itself every minute.
achievement-feed-scope = Feed scope
achievement-scope-company = Company
achievement-scope-team = Team
achievement-feed-company = Across { $org }
achievement-feed-team = Team { $team }
achievement-feed-latest = latest { $count }
achievement-feed-empty = No achievements here yet. They appear the moment someone reaches a goal, a bonus tier or a milestone.
achievement-feed-scope-unknown = Choose the team or the company.
achievement-history = History
achievement-history-link = history
achievement-badges-empty = No badges yet. Reach a goal, a bonus tier or a milestone and it shows here at once.
achievement-badges-more = { $count } more in your
achievement-already-recognised = This achievement is already recognised.
