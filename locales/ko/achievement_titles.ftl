## 업적 이름: 업적에 기록된 사실로 표시

achievement-title-goal = { $metric } 목표 달성
achievement-title-tier = 보너스 { $tier }등급 달성
achievement-title-milestone = 중간 목표 “{ $name }” 달성
achievement-title-yearly = { $metric } 연간 목표 달성
achievement-title-perfect-month = 모든 목표 달성한 달
achievement-title-streak = { $count }개월 연속 달성
achievement-context-metric-period = { $metric }, { $period }
achievement-context-streak = { $month }까지
achievement-title-full = { $headline } · { $context }
