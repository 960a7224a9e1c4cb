# 같은 유형·등급 파트너 비교(예측 작업이 매일 계산)와 예측 표시.
goal-card-benchmark-top = { $tier } { $type } 파트너 중 상위 { $percent }%
goal-card-benchmark-few = 같은 { $tier } { $type } 파트너가 적어 비교할 수 없습니다
goal-card-benchmark-title = 이번 기간 같은 유형·등급의 활동 중인 파트너 가운데 내 달성률의 위치 (하루 한 번 갱신, 다른 사람의 이름이나 실적은 보이지 않음)
chart-trend-band = 기간 종료까지 예상 범위 (예측, P10–P90)
chart-trend-band-title = 예상 마감 { $low } – { $high } (P10–P90)
chart-trend-band-summary = 예측: { $chance }, { $end }까지 예상 마감은 { $low }에서 { $high } 사이이며 가장 가능성 높은 값은 약 { $middle }입니다.
team-peers-title = 같은 등급 파트너 비교
team-peers-as-of = { $day } 기준
team-peers-group = { $tier } · { $type }
team-peers-group-head = 등급 · 파트너 유형
team-peers-metric = 지표
team-peers-count = 파트너 수
team-peers-q1 = 하위 사분위수
team-peers-median = 중앙값
team-peers-q3 = 상위 사분위수
team-peers-too-few = 비교할 파트너 부족 (5명 미만)
team-peers-note = 이번 기간 이 지표에 목표가 있는 회사 전체의 같은 등급·유형 활동 파트너 달성률입니다. 4분의 1은 하위 사분위수 아래, 절반은 중앙값 아래, 4분의 1은 상위 사분위수 위에 있습니다. 담당자에게는 자기 위치만 보입니다.
