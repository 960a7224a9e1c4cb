## CSV 파일로 활동 가져오기

import-lead = 다른 시스템의 실적(매출, 통화, 가입 등)을 가져옵니다. 저장하기 전에 모든 행을 검사합니다.
import-step-choose = 1 · 파일 선택
import-file = CSV 파일
import-file-hint = UTF-8 텍스트, 최대 1MB · 5,000행.
import-paste = …또는 행을 붙여 넣기
import-check = 파일 검사
import-format = 형식
import-format-lead = 첫 줄에 열 이름을 적습니다. 열 순서는 자유입니다.
import-format-email = 내가 가져올 수 있는 활성 사용자(팀장은 자기 팀원)의 이메일. 대소문자는 구분하지 않습니다.
import-format-metric = 아래 키 중 하나.
import-format-value = 소수점 이하 최대 2자리 숫자. 음수는 이전 값을 정정합니다.
import-format-date = , 오늘 또는 그 이전.
import-format-ref = 선택 사항이지만 권장합니다. 원본 시스템의 행 ID(최대 200자)입니다. 이미 가져온 참조는 건너뛰므로 같은 파일을 두 번 가져와도 중복 집계되지 않습니다.
import-money = 금액
import-nothing-imported = 아무것도 가져오지 않았습니다.
import-nothing-imported-colon = 아무것도 가져오지 않았습니다:
import-step-check = 2 · 행 검사
import-refused-rows = 올바르지 않은 행이 { $count }개 있습니다. 수정한 뒤 파일을 다시 검사하세요.
import-stat-total = 파일의 행 수
import-stat-new = 올바름, 신규
import-stat-already = 올바름, 이미 가져옴
import-stat-invalid = 올바르지 않은 행
import-rows-to-fix = 수정할 행
import-rows-to-fix-hint = 모든 행이 올바를 때까지 아무것도 가져오지 않습니다. 파일에서 이 행들을 수정한 뒤 다시 검사하세요.
import-col-line = 행
import-col-email = 이메일
import-col-metric = 지표
import-col-value = 값
import-col-date = 일자
import-col-problem = 문제
import-col-person = 담당자
import-col-ref = 외부 참조
import-col-status = 상태
import-without-ref = external_ref가 없는 행이 { $count }개 있습니다. 이 파일을 다시 가져오면 중복 집계됩니다.
import-submit = { $count }건 가져오기
import-all-valid = 모든 행이 올바릅니다.
import-all-valid-skipping = 모든 행이 올바릅니다. 이미 가져온 { $count }건은 건너뜁니다.
import-nothing-new = 새로 가져올 항목이 없습니다. 이 파일의 모든 행이 이미 기록되어 있습니다.
import-valid-rows = 올바른 행
import-row-skipped = 이미 가져옴 · 건너뜀
import-row-new = 신규
import-more-valid = …올바른 행 { $count }개가 더 있습니다.
import-done = { $count }건을 가져왔습니다. { $present }건은 이미 있었습니다.

## 행을 가져올 수 없는 이유

import-row-shape = 행 오류: { $shape }
import-row-metric-missing = metric이 비어 있습니다
import-row-ref-too-long = external_ref가 { $max }자를 넘습니다
import-row-note-too-long = note가 { $max }자를 넘습니다
import-row-email-missing = email이 비어 있습니다
import-row-email-unknown = 이메일이 { $email }인 사용자가 없습니다
import-row-user-inactive = { $name }({ $email })님은 비활성 사용자입니다
import-row-own-results = 본인의 실적은 가져올 수 없습니다. 관리자에게 요청하세요
import-row-not-your-team = { $name }님은 내가 관리하는 팀에 속하지 않습니다
import-row-metric-unknown = 알 수 없는 지표 "{ $metric }"입니다. revenue, calls 같은 지표 키를 사용하세요
import-row-metric-inactive = 지표 { $metric }은(는) 비활성 상태입니다
import-row-value-refused = 값 { $value }: { $problem }
import-row-negative-needs-reason = 음수 값은 정정입니다. correction_reason 열에 사유를 입력하세요
import-row-reason-not-negative = correction_reason은 음수 값(정정)에만 사용합니다
import-row-reason-refused = correction_reason: { $problem }
import-row-date-future = 날짜 { $date }은(는) 미래입니다
import-row-date-too-old = 날짜 { $date }은(는) { $days }일보다 이전입니다
import-row-date-out-of-range = 날짜 { $date }은(는) 2000-01-01~2100-12-31 범위를 벗어납니다
import-row-value-missing = value가 비어 있습니다
import-row-value-too-large = 값 { $value }이(가) 너무 큽니다
import-row-value-not-number = 값 "{ $value }"은(는) 허용되는 숫자 형식(예: 1500, 1,500.50)이 아닙니다
import-row-date-missing = date가 비어 있습니다
import-row-date-bad = 날짜 "{ $date }"은(는) 2026-03-31(YYYY-MM-DD) 형식이 아닙니다
import-row-ref-repeated = external_ref "{ $reference }"은(는) { $line }행에서 이미 사용되었습니다

## 업로드 읽기

import-upload-not-utf8 = 파일이 UTF-8 텍스트가 아닙니다. "CSV UTF-8" 형식으로 저장한 뒤 다시 업로드하세요.
import-upload-form-unreadable = 양식을 읽을 수 없습니다. 다시 시도하세요.
import-upload-empty = 먼저 CSV 파일을 선택하거나 행을 붙여 넣으세요.
import-upload-too-large = 파일이 1MB를 넘습니다. 한 번에 최대 1MB(5,000행)까지 가져올 수 있습니다.
import-upload-interrupted = 업로드가 중단되었습니다. 다시 시도하세요.
import-upload-unreadable = 업로드를 읽을 수 없습니다. 다시 시도하세요.
