## 승인 대기: 매출 건과 제출된 목표

approval-title = 승인
approval-lead-admin = 모든 파트너의 승인 대기 매출입니다. 오래된 순으로 표시합니다.
approval-lead-manager = 내가 관리하는 팀의 승인 대기 매출입니다. 오래된 순으로 표시합니다.
approval-stat-pending = { $count ->
       *[other] 승인 대기 매출 건
    }
approval-stat-amount = 확정 대기 금액
approval-stat-decidable = 내가 처리할 수 있는 건
approval-rule-auto = { $limit } 이하의 매출은 자동으로 확정됩니다.
approval-rule-admin = 팀장은 자기 팀의 매출을 { $limit }까지 승인하며, 관리자는 금액 제한 없이 승인합니다.
approval-rule-manager = 내 팀의 매출은 { $limit }까지 승인할 수 있습니다. 그보다 큰 매출은 관리자가 승인해야 합니다.
approval-col-waiting = 대기 시간
approval-col-decision = 처리
approval-empty = 승인 대기 중인 매출이 없습니다. 파트너가 { $limit }을(를) 넘는 매출을 등록하면 여기에 표시됩니다.
approval-truncated = 승인 대기 매출 { $count }건 중 오래된 { $shown }건만 표시합니다. 이 건들을 처리하면 나머지가 표시됩니다.
approval-registered-at = 등록: { $time }
approval-note-placeholder = 메모 (반려 시 필수)
approval-note-label = { $title } 메모
approval-approve = 승인
approval-reject = 반려
approval-blocked-own = 본인 매출
approval-blocked-admin = 관리자 승인 필요
approval-age-now = 방금
approval-age-minutes = { $count }분
approval-age-hours = { $count }시간
approval-age-days = { $count }일
approval-note-too-long = 메모는 { $max }자 이내로 입력하세요.
approval-reject-note-missing = 반려 사유를 입력하세요. 파트너에게 이 메모가 표시됩니다.
approval-rejected = 반려됨
approval-rejected-because = 반려됨: { $reason }
approval-confirmed-nothing = 확정됨 — 지급할 커미션 없음
approval-confirmed-paid = 확정됨 — 파트너 { $count }명에게 커미션 { $amount } 지급
approval-decided-flash = { $title } ({ $partner }): { $outcome }.

## 목표 승인

approval-goal-title = 목표 승인
approval-goal-lead-admin = 제출된 모든 목표를 오래된 순으로, 산식이 계산한 목표치 및 담당자의 지난 기간 실적과 함께 표시합니다.
approval-goal-lead-manager = 내가 관리하는 팀원이 제출한 목표를 오래된 순으로, 산식이 계산한 목표치 및 담당자의 지난 기간 실적과 함께 표시합니다.
approval-goal-rules = 승인된 목표는 기간이 이미 시작되었으면 즉시, 아니면 기간 첫날에 진행 중이 됩니다. 반려하면 메모와 함께 초안으로 담당자에게 돌아갑니다. 본인의 목표는 승인할 수 없습니다.
approval-goal-col-owner = 담당자
approval-goal-col-goal = 목표
approval-goal-col-proposed = 제안 목표치
approval-goal-col-computed = 산출 목표치
approval-goal-col-last = 지난 기간
approval-goal-empty = 승인 대기 중인 목표가 없습니다. 담당자가 목표를 제출하면 여기에 표시됩니다.
approval-goal-submitted = 제출: { $time }
approval-goal-note-placeholder = 메모 (반려 시 필수)
approval-goal-note-label = 목표 #{ $id } 메모
approval-goal-send-back = 반려
approval-goal-change = 지난 기간 대비 { $change }%
approval-goal-owner-team = { $team } 팀
approval-goal-owner-company = 전사
approval-goal-note-missing = 수정할 내용을 메모로 남기세요. 담당자에게 표시됩니다.
approval-goal-approved-active = 승인됨 — 지금 진행 중
approval-goal-approved-later = 승인됨 — 기간이 시작되면 진행 중
approval-goal-sent-back = 초안으로 반려됨
approval-goal-decided-flash = 목표 #{ $id }: { $outcome }.
approval-goal-goal-link = 목표 #{ $id }
