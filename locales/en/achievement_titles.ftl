## Achievement titles, worded from what the achievement records

achievement-title-goal = { $metric } goal achieved
achievement-title-tier = Bonus tier { $tier } unlocked
achievement-title-milestone = Milestone { $name }
achievement-title-yearly = { $metric } yearly goal achieved
achievement-title-perfect-month = Perfect month
achievement-title-streak = { $count }-month streak
achievement-context-metric-period = { $metric }, { $period }
achievement-context-streak = to { $month }
achievement-title-full = { $headline } · { $context }
