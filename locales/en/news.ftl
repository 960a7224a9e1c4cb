## Notifications (page and email), worded when read

news-achievement-title = Achievement: { $title }
news-achievement-body = { $points } points added to your total.
news-reminder-due = 23:59 on { $day } { $month } ({ $zone })
news-reminder-three-days = 3 days left to set your { $month } goals
news-reminder-one-day = Set your { $month } goals by tomorrow
news-reminder-deadline-day = Today is the deadline for your { $month } goals
news-reminder-overdue = Your { $month } goals are overdue
news-reminder-body = Set your goal sheet for { $month } { $year } by { $due }.
news-reminder-overdue-body = Your goal sheet for { $month } { $year } was due by { $due }. Set it now; it will be marked late.

## Notification emails

mail-greeting = Hello { $name },
mail-count = You have { $count } new notifications:
mail-count-subject = { $count } new notifications in Attain
mail-item = - { $title }
mail-item-with-body = - { $title } ({ $body })
mail-open = Open in Attain: { $link }
mail-all = All your notifications: { $link }
mail-reminder-open = Open Attain: { $link }
