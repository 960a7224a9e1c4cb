## 알림 (페이지와 메일): 읽는 사람의 언어로 표시

news-achievement-title = 업적 달성: { $title }
news-achievement-body = 누적 포인트에 { $points }점이 더해졌습니다.
news-reminder-due = { $month } { $day }일 23:59({ $zone })
news-reminder-three-days = { $month } 목표 설정 마감까지 3일 남았습니다
news-reminder-one-day = { $month } 목표를 내일까지 설정하세요
news-reminder-deadline-day = 오늘이 { $month } 목표 설정 마감일입니다
news-reminder-overdue = { $month } 목표 설정 마감일이 지났습니다
news-reminder-body = { $year }년 { $month } 목표 설정표를 { $due }까지 설정해 주세요.
news-reminder-overdue-body = { $year }년 { $month } 목표 설정표의 마감은 { $due }였습니다. 지금 설정해 주세요. 늦게 설정한 것으로 기록됩니다.

## 알림 메일

mail-greeting = { $name }님, 안녕하세요.
mail-count = 새 알림이 { $count }건 있습니다.
mail-count-subject = Attain 새 알림 { $count }건
mail-item = - { $title }
mail-item-with-body = - { $title } ({ $body })
mail-open = Attain에서 보기: { $link }
mail-all = 전체 알림 보기: { $link }
mail-reminder-open = Attain 열기: { $link }
