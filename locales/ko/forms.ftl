## 모든 양식이 함께 쓰는 입력 안내 (src/input.rs, 숫자 오류)

forms-required = 필수 입력 항목입니다.
forms-too-long = { $max }자 이내로 입력하세요.
forms-choose-from-list = 목록에서 항목을 선택하세요.
forms-at-least = { $min } 이상이어야 합니다.
forms-decimal-places = 소수점 이하 { $places }자리까지 입력할 수 있습니다.
forms-number-empty = 숫자를 입력하세요.
forms-number-not-plain = 1500 또는 1,500.50처럼 숫자만 입력하세요. 맨 앞의 마이너스 기호와 소수점은 쓸 수 있으며, 쉼표는 세 자리마다만 넣을 수 있습니다.
forms-number-too-large = 숫자가 너무 큽니다.
forms-whole-number = 정수를 입력하세요.
forms-whole-number-range = { $min }부터 { $max }까지의 정수를 입력하세요.
forms-code = 영문 소문자, 숫자, 대시(-), 밑줄(_)로 32자 이내로 입력하세요.
forms-email = name@example.com 형식의 이메일 주소를 입력하세요.
forms-value-zero = 0이 아닌 값을 입력하세요.
forms-entry-too-large = 한 번에 최대 { $max }까지 입력할 수 있습니다.
forms-total-too-large = 이 사람의 합계가 { $max }를 넘지 않는 범위에서만 입력할 수 있습니다.
forms-whole-number-levels = 단계 수는 0부터 { $max }까지의 정수로 입력하세요.
forms-date-invalid = 2026-03-31처럼 날짜를 입력하세요(YYYY-MM-DD).
forms-date-out-of-range = 2000-01-01부터 2100-12-31 사이의 날짜를 입력하세요.
