## 대시보드, 팀 현황, 할당량, 순위표, 차트, KPI, 사람 페이지

## 관리자 개요

dash-admin-title = 관리
dash-admin-count-rep = 영업 담당자
dash-admin-count-manager = 팀장
dash-admin-count-admin = 관리자
dash-admin-count-executive = 경영진
dash-admin-teams = 팀
dash-admin-inactive = 비활성 사용자
dash-admin-manage = 관리 메뉴
dash-admin-organisation = 조직 설정
dash-admin-jobs = 백그라운드 작업
dash-admin-recent = 최근 변경 사항
dash-admin-recent-all = 전체 보기
dash-admin-recent-empty = 아직 변경 사항이 없습니다.
dash-admin-system = 시스템

## 개인 대시보드

dash-my-progress = 내 진행 현황
dash-hello = 안녕하세요, { $name }님
dash-no-team = 소속 팀 없음
dash-network = 네트워크 내 내 위치
dash-network-sponsor = 스폰서
dash-network-partner-type = 파트너 유형
dash-network-tier = 등급
dash-network-downline = 내가 스폰서인 파트너
dash-network-name = 이름
dash-network-team = 팀
dash-network-partner = 파트너

## 팀 현황 (팀장 대시보드, 전사 팀 페이지)

team-managed-by = 팀장: { $name }
team-people = { $count }명
team-people-in-teams = { $teams }개 팀, { $count }명
team-inactive = 비활성 팀
team-edit-quotas = 할당량 수정
team-no-quotas = { $period } 할당량이 아직 없습니다
team-no-quotas-body = 할당량을 설정하면 팀원별 지표의 실적, 목표치, 달성률이 상태별 색상과 함께 여기에 표시됩니다.
team-set-quotas = { $period } 할당량 설정
team-members = 팀원
team-name = 이름
team-email = 이메일
team-no-members = 아직 이 팀에 팀원이 없습니다.
team-no-direct-members = 이 팀에 직접 속한 팀원이 없습니다.
team-gaps-label = 팀 목표치와 팀원 할당량
team-member = 팀원
team-team = 팀
team-total-note = 팀 합계: { $team }의 모든 인원을 팀 자체 목표치와 비교합니다. 종합 달성률은 목표 가중치로 가중 평균한 값입니다.
team-total-note-sub = 팀 합계: { $team }과(와) 하위 팀의 모든 인원을 팀 자체 목표치와 비교합니다. 종합 달성률은 목표 가중치로 가중 평균한 값입니다.
team-open-note = 목표치를 누르면 해당 목표와 중간 목표, 근거가 된 기록을 볼 수 있습니다. 팀 합계는 { $team }의 모든 인원을 합산합니다.
team-open-note-sub = 목표치를 누르면 해당 목표와 중간 목표, 근거가 된 기록을 볼 수 있습니다. 팀 합계는 { $team }과(와) 하위 팀의 모든 인원을 합산합니다.
team-sub-teams = 하위 팀
team-my-team = 내 팀
team-not-manager = 아직 관리하는 팀이 없습니다
team-not-manager-body = 관리자가 팀장으로 지정하면 팀원과 할당량, 진행 현황이 여기에 표시됩니다.
team-no-goals = { $period } 이 팀의 목표가 없습니다
team-no-goals-body = 팀원 할당량과 팀 자체 목표치를 설정하면 여기에 표시됩니다.
team-period-previous = 이전 기간
team-period-next = 다음 기간
team-period-length = 기간 단위
team-period-today = 오늘로 돌아가기
team-show-team = 팀 보기
team-legend = 색상 안내
team-sort-by = { $metric } 달성률순 정렬
team-overall = 종합
team-overall-hint = 목표 가중치 기준 가중 평균
team-actual = 실적
team-target = 목표치
team-you = 나
team-open-goal = 이 목표 열기
team-total = 팀 합계
team-bad-address = 주소가 올바르지 않습니다.
team-period-month = 월
team-period-quarter = 분기
team-period-year = 연도
team-period-starts-in = { $count }일 후 시작
team-period-ended = 종료됨
team-period-days-left = { $count }일 남음

## 목표 상태

health-completed = 달성
health-on-track = 순조
health-needs-attention = 주의 필요
health-critical = 위험
health-none = 목표 없음

## 전사(경영진) 대시보드

company-title = 전사
company-lead = 전사 목표와 팀별 기여 · 활동 인원 { $count }명
company-overall = 종합 달성률 (가중)
company-goals = 전사 목표
company-no-goals = { $period } 전사 목표가 없습니다
company-no-goals-body = 전사 목표는 관리자가 지표와 기간별로 하나씩 설정합니다. 그전까지는 아래 합산에서 각 팀의 현재 실적을 확인할 수 있습니다.
company-card-of = 목표치 { $target }
company-card-bar = 목표치 대비 { $percent }
company-card-week = 이번 주 { $amount }
company-card-days-left = { $count }일 남음
company-card-pace = 페이스: { $pace } · 예상 실적 { $projection }
company-goal-set-for = { $period } 전사 목표 설정
company-goal-not-set = 목표가 설정되지 않았습니다. 아래 표시된 항목을 수정하세요.
company-goal-metric = 지표
company-goal-choose = 선택하세요…
company-goal-target = 목표치
company-goal-target-hint = 전사 기준
company-goal-submit = 목표 설정
company-by-team = 팀별 현황
company-nothing-recorded = { $period } 기록된 실적이 아직 없습니다
company-nothing-recorded-body = 매출, 활동, 가져오기가 기록되면 팀 실적이 바로 표시되고, 목표를 설정하면 목표치도 함께 표시됩니다.
company-no-teams = 아직 팀이 없습니다.
company-teams-note = 팀 실적은 팀과 하위 팀 전원의 합계이고, 목표치는 팀 자체 목표입니다. 팀을 열면 하위 팀과 팀원을 볼 수 있습니다.
company-not-in-team = 소속 팀 없음
company-goal-set = { $period } 전사 { $metric } 목표가 { $target }(으)로 설정되었습니다.

## 할당량

quota-title = 할당량
quota-lead = { $period } 인원별·지표별 목표치입니다. 행마다 따로 저장되며, 칸을 비우면 해당 할당량이 삭제됩니다.
quota-calculator = 목표치 계산기
quota-team-progress = 팀 진행 현황
quota-metrics-shown = 표시할 지표
quota-metrics-count = { $count }개 중 { $shown }개
quota-show-metrics = 선택한 지표 보기
quota-team-targets = 팀 목표치
quota-member-quotas = 팀원 할당량
quota-gaps-title = 팀 목표치 대비 팀원 할당량
quota-none = { $period } 팀 목표치나 팀원 할당량이 아직 없습니다.
quota-not-manager-body = 관리자가 팀장으로 지정하면 여기에서 팀원 할당량을 설정할 수 있습니다.
quota-save = 저장
quota-saved = 저장됨
quota-unchanged = 변경 없음
quota-not-saved = 저장 안 됨
quota-members-total = 팀원 할당량 합계
quota-members-total-hint = 팀과 하위 팀 전원
quota-cell-label = { $name }의 { $metric } 목표치
quota-locked-above = 상위 팀장이나 관리자가 설정합니다.
quota-locked-own = 본인 할당량은 팀장이 설정합니다.
quota-locked-outside = 관리하는 팀 밖의 인원입니다.
quota-this-team = 이 팀
quota-sub-team = 하위 팀 · { $count }명
quota-row-unclear = 누구의 할당량을 어느 팀과 기간에 설정할지 지정하세요.
quota-metric-retired = 더 이상 추적하지 않는 지표입니다.
quota-no-decimals-currency = 이 통화는 소수점을 쓰지 않습니다.
quota-whole-number = 정수로 입력하세요.
quota-decimals = 소수점 이하 { $count }자리까지 입력할 수 있습니다.
quota-flash-unchanged = { $name }의 변경 사항이 없습니다.
quota-flash-saved = { $name }의 목표치를 저장했습니다.
quota-taken = 방금 다른 사람이 이 할당량을 설정했습니다. 새로고침한 뒤 다시 시도하세요.

## 순위표

leaderboard-lead = 할당량이 있는 모든 인원을 달성률순으로 표시합니다. 달성률이 같으면 같은 순위입니다.
leaderboard-period = 기간
leaderboard-metric = 지표
leaderboard-compare = 비교 범위
leaderboard-scope-team = 내 팀
leaderboard-scope-company = 전사
leaderboard-scope-tier = 파트너 등급
leaderboard-show = 보기
leaderboard-ranked = { $count }명, 달성률순
leaderboard-my-rank = 내 순위 { $rank }위
leaderboard-rank = 순위
leaderboard-name = 이름
leaderboard-attainment = 달성률
leaderboard-actual = 실적
leaderboard-target = 목표치
leaderboard-vs-quota = 할당량 대비
leaderboard-you = 나
leaderboard-showing-top = 전체 { $count }명 중 상위 { $shown }명을 표시합니다.
leaderboard-show-everyone = 전체 보기
leaderboard-medal-1 = 1위
leaderboard-medal-2 = 2위
leaderboard-medal-3 = 3위
leaderboard-scope-tier-name = { $tier } 등급
leaderboard-empty-managed = 관리하는 팀에 이 지표와 기간의 목표가 있는 사람이 아직 없습니다.
leaderboard-empty-no-team = 아직 소속 팀이 없어 팀 순위표가 없습니다. 전사 순위표를 확인하세요.
leaderboard-empty = 이 지표와 기간의 목표가 있는 사람이 아직 없습니다.
leaderboard-bad-period = 주소의 기간이 올바르지 않습니다.
leaderboard-bad-scope = 비교 범위는 팀, 전사 또는 파트너 등급이어야 합니다.
leaderboard-group-months = 월
leaderboard-group-quarters = 분기
leaderboard-group-years = 연도
leaderboard-group-custom = 사용자 지정 기간

## 차트

chart-monthly-title = 월별 전사 달성률
chart-monthly-title-range = 월별 전사 달성률, { $range }
chart-monthly-axis = 월 · 전사 월간 목표의 가중 달성률
chart-monthly-empty = 이 기간에는 월간 전사 목표가 아직 없습니다
chart-monthly-reached = 목표 달성
chart-monthly-below = 목표 미달
chart-monthly-live = 이번 달 현재까지
chart-monthly-target = 목표 100%
chart-trend-picker = 추이에 표시할 목표
chart-trend-today = 오늘
chart-trend-not-started = 아직 기간이 시작되지 않았습니다
chart-trend-actual = 실적
chart-trend-expected = 예상: 목표치까지의 직선
chart-trend-target = 목표치 { $target }
chart-day = { $month }월 { $day }일
chart-month = { $month }월
chart-month-year = { $year }년 { $month }월
chart-month-range = { $start } ~ { $end }
chart-trend-dot = { $day }: { $value }
chart-trend-dot-live = { $day }: { $value } (오늘, 실시간)
chart-trend-dot-events = { $day }: { $value } (기록 합산)
chart-trend-summary = { $day } 실적 { $actual }, 그때까지 예상 { $expected }. 목표치 { $target }, 마감 { $end }.
chart-trend-summary-future = 기간은 { $start }에 시작합니다. 목표치 { $target }.
chart-monthly-bar = { $month }: { $value }
chart-monthly-bar-live = { $month }: 현재까지 { $value }
chart-monthly-bar-events = { $month }: { $value } (기록에서 계산)
chart-monthly-summary = 월별 전사 달성률, { $range }: 마감된 { $count }개월 중 { $reached }개월 목표 달성.
chart-monthly-summary-empty = 이 기간에는 월간 전사 목표가 아직 없습니다.
chart-trend-heading = 추이 · { $title }
chart-trend-range = { $start } ~ { $end }
chart-trend-note-events = 기록된 이벤트를 합산한 수치입니다.
chart-trend-note-snapshots = 매일의 일일 스냅샷 수치입니다.
chart-trend-note-mixed = { $count }일 중 { $stored }일은 일일 스냅샷, 나머지는 이벤트 합산 수치입니다.
chart-trend-note-live = 오늘 수치는 실시간입니다.

## 매출 KPI

kpi-title = 매출 KPI
kpi-dated = 기간 내 매출일 기준
kpi-period = 기간
kpi-previous = 이전
kpi-next = 다음
kpi-from = 시작일
kpi-to = 종료일
kpi-show-range = 기간 보기
kpi-bad-address-date = 주소의 날짜가 올바르지 않습니다: { $message }
kpi-approval-rate = 승인율
kpi-approved-of = 처리된 { $count }건 중 { $approved }건 승인
kpi-refund-rate = 환불률
kpi-refunded-of = 확정된 { $count }건 중 { $refunded }건 환불
kpi-median = 승인까지 걸린 시간 (중앙값)
kpi-median-hint = 등록부터 승인자 결정까지, 승인 { $count }건 기준
kpi-confirmed = 확정 매출
kpi-confirmed-hint = 매출 { $count }건, 환불·취소 제외
kpi-revenue-note = 이 KPI는 파트너 매출만 집계합니다. 같은 파트너와 기간에 대해 목표에 집계되는 매출은 { $total }이며, { $note }입니다.
kpi-funnel = 기간 내 매출 처리 현황
kpi-funnel-registered = 등록 <strong>{ $count }</strong>건
kpi-funnel-auto = 자동 확정 <strong>{ $count }</strong>건
kpi-funnel-approved = 승인 <strong>{ $count }</strong>건
kpi-funnel-rejected = 반려 <strong>{ $count }</strong>건
kpi-funnel-pending = 승인 대기 <strong>{ $count }</strong>건
kpi-funnel-refunded = 환불 <strong>{ $count }</strong>건
kpi-by-channel = 판매 채널별
kpi-channel = 판매 채널
kpi-by-category = 카테고리별
kpi-category = 카테고리
kpi-sales = 건수
kpi-amount = 금액
kpi-share = 금액 비중
kpi-no-sales = 이 기간에 확정된 매출이 없습니다.
kpi-choose-period = 수치를 보려면 올바른 기간을 선택하세요.
kpi-period-unknown = 월, 분기, 연도 또는 사용자 지정 기간을 선택하세요.
kpi-end-before-start = 종료일이 시작일보다 앞섭니다.
kpi-too-long = 기간이 너무 깁니다: 최대 { $count }년까지 설정할 수 있습니다.
kpi-date-missing = 날짜를 입력하세요.
kpi-date-invalid = 날짜를 YYYY-MM-DD 형식으로 입력하세요.
kpi-this-month = 이번 달
kpi-this-quarter = 이번 분기
kpi-this-year = 올해
kpi-custom-range = 사용자 지정 기간
kpi-scope-all = 전체 파트너
kpi-scope-managed = 관리하는 팀의 파트너
kpi-channel-other = 기타
kpi-no-category = 카테고리 없음
kpi-duration-instant = 1분 미만
kpi-duration-m = { $minutes }분
kpi-duration-h = { $hours }시간
kpi-duration-hm = { $hours }시간 { $minutes }분
kpi-duration-d = { $days }일
kpi-duration-dh = { $days }일 { $hours }시간

## 사람 페이지

person-inactive = 비활성
person-goals = 현재 목표
person-no-goals = 이번 기간 { $name }님의 목표가 없습니다.
person-no-goals-hint = 팀장이 설정한 할당량과 { $name }님이 작성한 목표가 진행 현황과 함께 여기에 표시됩니다.
person-sales = 최근 파트너 매출
person-no-sales = { $name }님이 등록한 파트너 매출이 아직 없습니다.
person-sale-date = 날짜
person-sale = 매출 건
person-sale-amount = 금액
person-sale-status = 상태
person-sales-note = 매출일 기준 최근 { $count }건입니다. 확정된 매출은 매출 목표에 반영됩니다.

## 팀 목표치와 팀원 할당량의 차이

gap-no-target = 아직 팀 목표치가 없습니다. 팀원 할당량 합계는 { $amount }입니다.
gap-no-target-short = 팀 목표치 없음
gap-short = 팀원 할당량이 팀 목표치보다 { $amount } 부족합니다.
gap-short-compact = { $amount } 부족
gap-over = 팀원 할당량이 팀 목표치를 { $amount } 초과합니다.
gap-over-compact = { $amount } 초과
gap-even = 팀원 할당량 합계가 팀 목표치와 정확히 일치합니다.
gap-even-compact = 팀 목표치와 일치
gap-detail = 팀원 할당량 { $count }건 합계 { $amount }.
gap-detail-target = 팀 목표치 { $target }, 팀원 할당량 { $count }건 합계 { $amount }.
gap-detail-sub-teams = 하위 팀 목표치 합계는 { $amount }입니다.

## 페이스

pace-ahead = 앞서감
pace-on-track = 순조
pace-behind = 뒤처짐
pace-critical = 위험
pace-needed = 하루 { $amount } 필요
