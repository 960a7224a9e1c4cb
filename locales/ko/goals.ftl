## 목표: 할당량 카드, 목표 페이지, 내 목표, 활동 기록

goal-optional = (선택)
goal-save = 저장
goal-remove = 삭제
goal-reason = 사유
goal-actions = 작업
goal-choose = 선택하세요…
goal-newest-first = 최신순
goal-correct-fields = 아래 표시된 항목을 고쳐 주세요.
goal-toast-dismiss = 닫기

goal-card-pace-title = 현재까지 기대치 대비 페이스
goal-card-attainment-label = { $goal } 달성률
goal-card-bonus-title = 보너스 등급표: { $schedule }
goal-card-details = 자세히
goal-card-details-of = { $goal }, { $sub }
goal-quotas-heading = 내 할당량
goal-quotas-empty = 이번 기간에 설정된 할당량이 없습니다.
goal-quotas-empty-hint = 팀장이 할당량을 설정하면 진행 현황, 페이스, 일 필요량과 함께 여기에 표시됩니다. 아래에서 기록한 활동은 이미 집계됩니다.

goal-grid-overall = 전체 달성률
goal-grid-overall-hint = (목표별 가중)
goal-grid-current = { $count ->
   *[other] 진행 중인 목표
}
goal-grid-on-pace = 목표 달성 페이스

goal-logger-heading = 활동 기록
goal-logger-hint = 한 번 누르면 오늘 날짜로 1건이 기록됩니다.
goal-logger-not-logged = 활동이 기록되지 않았습니다. 아래 표시된 항목을 고쳐 주세요.
goal-logger-metric = 지표
goal-logger-value = 값
goal-logger-value-placeholder = 1 또는 1,500.00
goal-logger-date = 날짜
goal-logger-note = 메모
goal-logger-correction = 정정
goal-logger-correction-hint = (음수 값은 이전 기록을 취소합니다)
goal-logger-correction-reason = 정정 사유
goal-logger-submit = 활동 기록

goal-milestones-heading = 중간 목표
goal-milestones-empty = 이 목표에는 중간 목표가 없습니다.
goal-milestones-empty-edit = 아래에서 추가하세요. 실적이 값을 넘으면 자동으로 달성됩니다.
goal-milestones-empty-read = 사용자 지정 기간의 목표에는 보통 중간 목표가 몇 개 있으며, 실적이 값을 넘으면 자동으로 달성됩니다.
goal-milestone-due-on = 기한 { $date }
goal-milestones-editor-caption = 중간 목표 편집 (타임라인 순서)
goal-milestone = 중간 목표
goal-milestone-value = 값
goal-milestone-due = 기한
goal-milestone-name-of = { $name } 이름
goal-milestone-value-of = { $name } 값
goal-milestone-due-of = { $name } 기한
goal-milestone-move-earlier = 앞으로 이동
goal-milestone-move-later = 뒤로 이동
goal-milestone-move-earlier-of = { $name } 앞으로 이동
goal-milestone-move-later-of = { $name } 뒤로 이동
goal-milestone-remove-confirm = 중간 목표 “{ $name }”을(를) 삭제할까요?
goal-milestones-order-hint = 타임라인은 값 순서로 정렬됩니다. 중간 목표를 이동하면 이웃한 항목과 값과 기한이 바뀝니다. 모든 변경은 아래 이력에 기록됩니다.
goal-milestones-full = 이 목표에는 더 이상 중간 목표를 추가할 수 없습니다.
goal-milestone-name-placeholder = 절반 달성
goal-milestone-add = 중간 목표 추가

goal-objectives-heading = 특별 목표
goal-objectives-heading-hint = 주 목표 외의 추가 목표치
goal-objectives-empty = 특별 목표가 없습니다. 이 목표의 목표치를 정하는 사람은 신규 고객 5명, 만족도 90%처럼 이름 붙은 추가 목표치를 여기에 더할 수 있습니다.
goal-objective = 특별 목표
goal-objective-target = 목표치
goal-objective-actual = 실적
goal-objective-progress = 진행 현황
goal-objective-update = 수정
goal-objective-progress-of = { $name } 진행 현황
goal-objective-target-of = { $name } 목표치
goal-objective-actual-of = { $name } 실적
goal-objective-remove-confirm = 특별 목표 “{ $name }”을(를) 삭제할까요?
goal-objectives-full = 이 목표에는 더 이상 특별 목표를 추가할 수 없습니다.
goal-objective-name-placeholder = 신규 고객
goal-objective-unit = 측정 방식
goal-objective-unit-count = 숫자
goal-objective-unit-percent = 백분율
goal-objective-add = 특별 목표 추가

goal-detail-numbers-caption = 카드의 세부 수치
goal-detail-status = 상태
goal-detail-send-back-placeholder = 무엇을 바꿔야 하나요?
goal-detail-reason-for = 사유: { $action }
goal-detail-new-target = 새 목표치
goal-detail-target-reason-placeholder = 목표치를 바꾸는 이유
goal-detail-change-target = 목표치 변경
goal-bonus-heading = 보너스
goal-bonus-base-of = 기준액 { $amount }
goal-bonus-tiers-of = { $schedule } 등급
goal-bonus-from = 기준
goal-bonus-rate = 배율
goal-bonus-pays = 지급액
goal-bonus-reached = 달성
goal-bonus-schedule = 보너스 등급표
goal-bonus-none = 보너스 없음
goal-bonus-base-label = 보너스 기준액 ({ $currency })
goal-bonus-base-hint = 보너스는 이 금액 × 달성한 등급의 배율입니다.
goal-bonus-save = 보너스 저장
goal-breakdown-heading = 목표치 산출 내역
goal-breakdown-recompute = 계산기에서 다시 계산
goal-breakdown-by-hand = 이 목표치는 직접 입력되었습니다.
goal-breakdown-compute = 파트너 유형, 등급과 계수로 계산하기
goal-history-heading = 이력
goal-history-empty = 아직 기록된 변경이 없습니다. 목표치, 가중치, 우선순위, 상태의 모든 변경이 변경자와 사유와 함께 여기에 표시됩니다.
goal-history-change = { $field }:
goal-events-heading = 실적의 근거 기록
goal-events-team = 이 목표에 집계되는 모든 사람
goal-events-latest = 최근 { $count }건
goal-events-date = 날짜
goal-events-person = 담당자
goal-events-value = 값
goal-events-source = 출처
goal-events-note = 메모
goal-events-correction-badge = 정정
goal-events-correction = 정정: { $reason }
goal-events-empty = 이 목표 기간에 기록된 내용이 아직 없습니다. 기록한 활동, 가져온 데이터, 확정된 매출이 여기에 표시됩니다.

goal-mine-title = 내 목표
goal-mine-lead = 직접 목표치를 제안하세요. 초안을 저장하고 제출하면 팀장이 승인하거나 메모와 함께 돌려보냅니다.
goal-mine-draft = 목표 초안 작성
goal-mine-metric = 측정할 지표
goal-mine-period = 기간
goal-mine-target = 목표치
goal-mine-target-hint = 0보다 큰 값 (예: 25,000 또는 12)
goal-mine-bonus = 보너스 등급표 (선택)
goal-mine-save-draft = 초안 저장
goal-mine-how = 진행 방식
goal-mine-step-draft = 초안
goal-mine-step-draft-text = 나만 볼 수 있으며 언제든 수정할 수 있습니다.
goal-mine-step-pending = 승인 대기
goal-mine-step-pending-text = 팀장이 지난 기간 실적과 함께 검토합니다.
goal-mine-step-active = 승인 → 진행 중
goal-mine-step-active-text = 기간 첫날부터 집계됩니다.
goal-mine-step-end = 100%에 도달하면 완료, 기간이 끝날 때 미달이면 실패로 처리됩니다.
goal-mine-change-note = 진행 중인 목표의 목표치를 바꾸려면 사유가 필요하며, 다시 팀장의 승인을 받습니다.
goal-mine-yours = 내 목표 목록
goal-mine-col-metric = 지표
goal-mine-open = 열기
goal-mine-empty = 아직 목표가 없습니다. 위에서 초안을 작성하세요.

## 상태, 페이스, 건전성

goal-status-draft = 초안
goal-status-pending-approval = 승인 대기
goal-status-approved = 승인됨
goal-status-active = 진행 중
goal-status-paused = 일시 중지
goal-status-completed = 완료
goal-status-failed = 실패
goal-status-cancelled = 취소됨
goal-status-unknown = 알 수 없음
goal-status-word-draft = 초안
goal-status-word-pending-approval = 승인 대기
goal-status-word-approved = 승인됨
goal-status-word-active = 진행 중
goal-status-word-paused = 일시 중지
goal-status-word-completed = 완료
goal-status-word-failed = 실패
goal-status-word-cancelled = 취소됨
goal-pace-ahead = 앞섬
goal-pace-on-track = 순조
goal-pace-behind = 뒤처짐
goal-pace-critical = 위험
goal-health-completed = 완료
goal-health-on-track = 순조
goal-health-needs-attention = 주의 필요
goal-health-critical = 위험

## 할당량 카드

goal-card-this-week = 이번 주 { $change }
goal-card-starts = { $date } 시작
goal-card-period-ended = 기간 종료
goal-card-days-remaining = { $count }일 남음
goal-card-target-reached = 목표 달성
goal-card-needed = 목표 달성까지 하루 { $amount } 필요
goal-card-no-target = 목표치 없음
goal-card-ended-short = 목표 미달로 기간 종료

## 보너스

goal-bonus-basis-attainment = 달성률 %
goal-bonus-basis-metric-value = 지표 값
goal-bonus-threshold-count = { $metric } { $amount }
goal-bonus-tier-name = { $position }등급 ({ $rate })
goal-bonus-so-far = { $tier } — 현재까지 { $amount }
goal-bonus-tier-reached = { $tier } 달성
goal-bonus-none-yet = 아직 보너스 없음
goal-bonus-next = { $threshold }에서 { $tier }
goal-bonus-tier-lower = { $position }등급
goal-bonus-top-tier = 최고 등급
goal-bonus-base-needs-schedule = 이 기준액에 적용할 보너스 등급표를 선택하세요.
goal-bonus-saved = 보너스를 저장했습니다.
goal-nothing-changed = 변경된 내용이 없습니다.

## 목표 페이지

goal-field-target = 목표치
goal-field-base-target = 기준 목표치
goal-field-status = 상태
goal-field-weight = 가중치
goal-field-priority = 우선순위
goal-field-title = 제목
goal-field-bonus-base = 보너스 기준액
goal-field-bonus-schedule = 보너스 등급표
goal-source-manual = 직접 입력
goal-source-import = 가져오기
goal-source-api = API
goal-source-sale = 매출
goal-source-system = 시스템
goal-source-other = 기타
goal-owner-team = { $name } 팀
goal-owner-company = { $name } (전사)
goal-back-my-progress = 내 진행 현황
goal-back-dashboard = 대시보드
goal-number-actual = 실적
goal-number-target = 목표치
goal-number-attainment = 달성률
goal-number-expected = 현재까지 기대치
goal-number-remaining = 남은 양
goal-number-projection = 기간 말 예상 실적
goal-number-needed = 일 필요량
goal-number-days-left = 남은 일수
goal-number-week = 이번 주 변화
goal-number-weight = 가중치
goal-breakdown-changed = 이후 목표치가 { $target }(으)로 바뀌었습니다. 공식으로 계산한 값은 { $formula }입니다.
## 상태 변경

goal-action-submit = 승인 요청
goal-action-approve = 승인
goal-action-send-back = 반려
goal-action-activate = 활성화
goal-action-pause = 일시 중지
goal-action-resume = 재개
goal-action-cancel = 목표 취소
goal-action-revise = 목표치 변경
goal-action-complete = 완료 처리
goal-action-fail = 실패 처리
goal-reason-too-long = 사유는 { $max }자 이내로 입력하세요.
goal-fields-invalid = 올바르지 않은 항목이 있습니다.
goal-now-status = 목표 상태가 '{ $status }'(으)로 바뀌었습니다.
goal-target-changed-pending = 목표치를 변경했습니다. 팀장의 승인을 기다립니다.
goal-target-changed = 목표치를 변경했습니다.

## 활동 기록

goal-correction-negative = 음수 값은 정정입니다. 정정을 선택하고 사유를 입력하세요.
goal-correction-reason-missing = 이전 기록을 정정하는 사유를 입력하세요.
goal-correction-reason-too-long = 사유는 500자 이내로 입력하세요.
goal-correction-not-negative = 정정은 이전 기록을 취소하는 것입니다. -3처럼 음수 값을 입력하세요.
goal-date-not-a-date = 2026-03-31 (YYYY-MM-DD) 형식으로 날짜를 입력하세요.
goal-date-out-of-range = 2000-01-01부터 2100-12-31 사이의 날짜를 입력하세요.
goal-log-choose-metric = 목록에서 지표를 선택하세요.
goal-log-future = 미래 날짜는 입력할 수 없습니다.
goal-log-too-old = 최근 { $days }일 이내의 활동만 기록할 수 있습니다.
goal-log-note-too-long = { $max }자 이내로 입력하세요.
goal-logged-today = { $metric }: 오늘 날짜로 { $value }을(를) 기록했습니다.
goal-logged-on = { $metric }: { $date } 날짜로 { $value }을(를) 기록했습니다.
goal-logged-correction = 정정 — { $message }
goal-logged-milestones = 중간 목표 달성: { $names }.
goal-field-error = { $field }: { $message }

## 중간 목표와 특별 목표

goal-milestone-reached-on = { $date } 달성
goal-milestone-to-go = { $amount } 남음
goal-milestone-due-invalid = 2027-01-31 형식으로 날짜를 입력하거나 비워 두세요.
goal-milestone-added = 중간 목표를 추가했습니다.
goal-milestone-saved = 중간 목표를 저장했습니다.
goal-milestones-reordered = 중간 목표 순서를 바꿨습니다.
goal-milestone-removed = 중간 목표를 삭제했습니다.
goal-objective-percent-max = 백분율은 100 이하로 입력하세요.
goal-objective-unit-invalid = 숫자 또는 백분율을 선택하세요.
goal-objective-added = 특별 목표를 추가했습니다.
goal-objective-saved = 특별 목표를 저장했습니다.
goal-objective-removed = 특별 목표를 삭제했습니다.
goal-objective-not-added = 특별 목표가 추가되지 않았습니다. 표시된 항목을 확인하세요.
goal-objective-not-saved = 특별 목표가 저장되지 않았습니다. 표시된 항목을 확인하세요.
goal-objective-not-removed = 특별 목표가 삭제되지 않았습니다.
goal-objective-suggest-new-clients = 신규 고객
goal-objective-suggest-mentoring = 멘토링
goal-objective-suggest-trainings = 교육
goal-objective-suggest-satisfaction = 만족도

## 내 목표

goal-mine-metric-required = 측정할 지표를 선택하세요.
goal-mine-period-required = 기간을 선택하세요.
goal-mine-target-required = 0보다 큰 목표치를 입력하세요.
goal-mine-draft-saved = 초안을 저장했습니다. 준비가 되면 팀장에게 제출하세요.

## 목표 서비스의 거절 메시지

goal-choose-period = 기간을 선택하세요.
goal-choose-metric = 지표를 선택하세요.
goal-company-target-required = 전사 목표치를 입력하세요.
goal-company-duplicate = 이미 { $period } { $metric } 전사 목표가 있습니다.
goal-own-metric-invalid = 목록에 있는 지표 중 하나를 선택하세요.
goal-own-schedule-invalid = 달성률 등급표 또는 이 지표의 등급표를 선택하세요.
goal-own-duplicate = 이 지표와 기간의 목표가 이미 있습니다.
goal-milestone-negative = 중간 목표 값은 음수일 수 없습니다.
goal-milestone-value-taken = 같은 값의 중간 목표가 이미 있습니다.
goal-milestone-due-outside = 목표 기간({ $start } ~ { $end }) 안의 날짜를 선택하세요.
goal-milestones-max = 목표 하나에 중간 목표는 최대 { $max }개까지 둘 수 있습니다.
goal-milestone-at-end = 이 중간 목표는 이미 타임라인의 끝에 있습니다.
goal-objectives-max = 목표 하나에 특별 목표는 최대 { $max }개까지 둘 수 있습니다.
goal-objective-name-taken = 이 목표에 같은 이름의 특별 목표가 이미 있습니다.
goal-bonus-schedule-retired = 더 이상 사용하지 않는 등급표입니다.
goal-bonus-schedule-other-metric = 다른 지표를 세는 등급표입니다. 달성률 등급표 또는 이 목표 지표의 등급표를 선택하세요.
goal-bonus-schedule-unknown = 목록에서 등급표를 선택하세요.
goal-no-such-month = 존재하지 않는 월입니다.
goal-send-back-note-required = 무엇을 바꿔야 하는지 메모를 남기세요.
goal-reason-required = 사유를 입력하세요.
goal-activates-later = 기간이 { $date }에 시작하며, 목표는 그때 활성화됩니다.
goal-already-status = 이 목표는 이미 { $status ->
    [draft] 초안
    [pending_approval] 승인 대기
    [approved] 승인됨
    [active] 진행 중
    [paused] 일시 중지
    [completed] 완료
    [failed] 실패
   *[other] 취소됨
} 상태입니다.
goal-revise-reason-required = 진행 중인 목표의 목표치를 바꾸는 사유를 입력하세요.

goal-own-decision = 자신의 목표는 직접 승인할 수 없습니다. 팀장의 결정을 기다리세요.
goal-wrong-state-submit = 초안만 제출할 수 있습니다. 현재 상태: { $status ->
    [draft] 초안
    [pending_approval] 승인 대기
    [approved] 승인됨
    [active] 진행 중
    [paused] 일시 중지
    [completed] 완료
    [failed] 실패
   *[other] 취소됨
}
goal-wrong-state-approve = 승인 대기 중인 목표만 승인할 수 있습니다. 현재 상태: { $status ->
    [draft] 초안
    [pending_approval] 승인 대기
    [approved] 승인됨
    [active] 진행 중
    [paused] 일시 중지
    [completed] 완료
    [failed] 실패
   *[other] 취소됨
}
goal-wrong-state-send-back = 승인 대기 중인 목표만 반려할 수 있습니다. 현재 상태: { $status ->
    [draft] 초안
    [pending_approval] 승인 대기
    [approved] 승인됨
    [active] 진행 중
    [paused] 일시 중지
    [completed] 완료
    [failed] 실패
   *[other] 취소됨
}
goal-wrong-state-activate = 승인된 목표만 활성화할 수 있습니다. 현재 상태: { $status ->
    [draft] 초안
    [pending_approval] 승인 대기
    [approved] 승인됨
    [active] 진행 중
    [paused] 일시 중지
    [completed] 완료
    [failed] 실패
   *[other] 취소됨
}
goal-wrong-state-pause = 진행 중인 목표만 일시 중지할 수 있습니다. 현재 상태: { $status ->
    [draft] 초안
    [pending_approval] 승인 대기
    [approved] 승인됨
    [active] 진행 중
    [paused] 일시 중지
    [completed] 완료
    [failed] 실패
   *[other] 취소됨
}
goal-wrong-state-resume = 일시 중지된 목표만 재개할 수 있습니다. 현재 상태: { $status ->
    [draft] 초안
    [pending_approval] 승인 대기
    [approved] 승인됨
    [active] 진행 중
    [paused] 일시 중지
    [completed] 완료
    [failed] 실패
   *[other] 취소됨
}
goal-wrong-state-cancel = 끝난 목표는 취소할 수 없습니다. 현재 상태: { $status ->
    [draft] 초안
    [pending_approval] 승인 대기
    [approved] 승인됨
    [active] 진행 중
    [paused] 일시 중지
    [completed] 완료
    [failed] 실패
   *[other] 취소됨
}
goal-wrong-state-revise = 끝난 목표는 변경할 수 없습니다. 현재 상태: { $status ->
    [draft] 초안
    [pending_approval] 승인 대기
    [approved] 승인됨
    [active] 진행 중
    [paused] 일시 중지
    [completed] 완료
    [failed] 실패
   *[other] 취소됨
}
goal-wrong-state-complete = 진행 중인 목표만 완료 처리할 수 있습니다. 현재 상태: { $status ->
    [draft] 초안
    [pending_approval] 승인 대기
    [approved] 승인됨
    [active] 진행 중
    [paused] 일시 중지
    [completed] 완료
    [failed] 실패
   *[other] 취소됨
}
goal-wrong-state-fail = 진행 중인 목표만 실패 처리할 수 있습니다. 현재 상태: { $status ->
    [draft] 초안
    [pending_approval] 승인 대기
    [approved] 승인됨
    [active] 진행 중
    [paused] 일시 중지
    [completed] 완료
    [failed] 실패
   *[other] 취소됨
}
goal-number-forecast = 목표 달성 가능성
goal-forecast-not-enough-history = 이력 부족
goal-card-likely = 달성 가능성 { $percent }
goal-card-not-enough-history = 예측하기에 이력이 부족합니다
goal-card-forecast-title = 최근 8주 실적으로 예측한, 기간 종료까지 목표를 달성할 가능성 (하루 한 번 갱신)
goal-number-forecast-low = 예상 마감 하단 (P10)
goal-number-forecast-high = 예상 마감 상단 (P90)
goal-number-forecast-as-of = 예측 기준일
