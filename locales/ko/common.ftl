## 서식과 모든 페이지의 공통 틀

format-percent = { $value }%
format-date-weekday = { $date } ({ $weekday })

app-tagline = 목표·할당량·파트너 커미션 관리
skip-to-content = 본문으로 건너뛰기
home-label = Attain 홈
notifications-label = 알림
account-change-password = 비밀번호 변경
account-email-settings = 이메일 설정
account-language = 언어
sign-out = 로그아웃

nav-dashboard = 대시보드
nav-my-goals = 내 목표
nav-leaderboard = 순위표
nav-yearly = 연간 목표
nav-achievements = 업적
nav-my-sales = 내 매출
nav-commissions = 커미션
nav-my-progress = 내 진행 현황
nav-quotas = 할당량
nav-targets = 목표치 계산
nav-approvals = 매출 승인
nav-goal-approvals = 목표 승인
nav-company = 전사 현황
nav-reports = 보고서
nav-compliance = 목표 설정 현황
nav-kpis = 영업 KPI
nav-import = 활동 가져오기
nav-plans = 제도
nav-commission-plan = 커미션 제도
nav-approval-rules = 승인 규칙
nav-bonus-schedules = 보너스 등급표
nav-promotions = 등급 승급
nav-target-factors = 계절·시장 계수
nav-seasonal-weights = 계절 가중치
nav-setup = 설정
nav-users = 사용자
nav-teams = 팀
nav-partner-types = 파트너 유형
nav-partner-tiers = 파트너 등급
nav-periods = 기간
nav-metrics = 지표
nav-organisation = 조직
nav-audit = 감사 기록
nav-jobs = 예약 작업

role-rep = 영업 담당자
role-manager = 팀장
role-admin = 관리자
role-executive = 경영진


## 어느 페이지에서나 나올 수 있는 오류

error-nul-character = 텍스트에 NUL(\0) 문자는 넣을 수 없습니다.

error-not-found = 페이지를 찾을 수 없습니다
error-unauthenticated = 로그인이 필요합니다
error-forbidden = 권한이 없습니다
error-bad-request = 요청에 문제가 있습니다
error-csrf = 양식이 만료되었습니다
error-conflict = 지금은 처리할 수 없습니다
error-too-many = 시도 횟수가 너무 많습니다
error-unavailable = 일시적으로 사용할 수 없습니다
error-internal = 문제가 발생했습니다
error-not-found-body = 요청하신 페이지가 없거나 다른 곳으로 옮겨졌습니다.
error-internal-body = 예기치 않은 오류가 발생했습니다. 기록해 두었으니 다시 시도해 주세요.
error-unavailable-body = 지금 데이터베이스에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.
error-invalid-body = 올바르지 않은 항목이 있습니다.
error-unauthenticated-body = 먼저 로그인해 주세요.
error-forbidden-body = 이 페이지에 접근할 권한이 없습니다.
error-csrf-body = 양식이 만료되었습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.
error-back = Attain으로 돌아가기
toast-dismiss = 닫기

## 로그인

sign-in-title = 로그인
sign-in-heading = Attain 로그인
sign-in-tagline = 목표, 할당량, 파트너 커미션을 언제나 최신으로.
sign-in-email = 이메일
sign-in-password = 비밀번호
sign-in-submit = 로그인
sign-in-missing = 이메일과 비밀번호를 입력해 주세요.
sign-in-refused = 이메일 또는 비밀번호가 올바르지 않습니다.
sign-in-busy = 동시에 로그인하는 사람이 너무 많습니다. 잠시 후 다시 시도해 주세요.
sign-in-locked-address = 이 네트워크 주소에서 로그인 실패가 너무 많습니다. { $minutes }분 후에 다시 시도해 주세요.
sign-in-locked-account = 이 계정의 로그인 실패가 너무 많습니다. { $minutes }분 후에 다시 시도해 주세요.
sign-out-done = 로그아웃되었습니다.
language-unknown = “{ $language }” 언어는 지원하지 않습니다.

## 조직 설정

organisation-title = 조직
organisation-lead = 모든 페이지와 계산에 쓰이는 설정입니다.
organisation-name = 조직 이름
organisation-currency = 기준 통화
organisation-zone = 시간대
organisation-fiscal-start = 회계연도 시작 월
organisation-language = 기본 언어
organisation-language-hint = 계정 메뉴에서 언어를 따로 고르지 않은 사람은 모두 이 언어로 봅니다.
organisation-save = 설정 저장
organisation-saved = 조직 설정을 저장했습니다.
organisation-currency-unknown = 목록에서 ISO 4217 통화를 고르세요(예: USD, EUR, KRW).
organisation-zone-unknown = 목록에서 IANA 시간대를 고르세요(예: Asia/Seoul, America/New_York).
organisation-language-unknown = 목록에서 언어를 고르세요.

## 기간과 기본 지표의 이름

period-quarter = { $year } { $number }분기
period-calendar-year = { $year }년
period-fiscal-year = { $year } 회계연도
period-range = { $start } ~ { $end }
metric-revenue = 매출
metric-deals = 계약 건수
metric-signups = 가입
metric-leads = 잠재 고객
metric-calls = 통화
metric-meetings = 미팅
metric-emails = 이메일
metric-recruits = 리크루팅
metric-trainings = 교육
error-address-invalid = 주소가 올바르지 않습니다: { $error }

## 페이지와 API가 함께 쓰는 목표 관련 거절

goal-metric-unknown = 알 수 없는 지표입니다
goal-live-exists = { $who }님에게는 이미 { $period } { $metric } 목표가 진행 중입니다
goal-live-exists-company = 전사에는 이미 { $period } { $metric } 목표가 진행 중입니다
goal-status-cannot-change = { $status } 상태의 목표는 변경할 수 없습니다
goal-status-final = { $status } 상태의 목표는 확정되어 취소할 수 없습니다
