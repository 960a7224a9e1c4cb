## Formats and the frame every page shares.

format-percent = { $value }%
format-date-weekday = { $weekday }, { $date }

app-tagline = goals, quotas and partner commissions
skip-to-content = Skip to main content
home-label = Attain home
notifications-label = Notifications
account-change-password = Change password
account-email-settings = Email settings
account-language = Language
sign-out = Sign out

nav-dashboard = Dashboard
nav-my-goals = My goals
nav-leaderboard = Leaderboard
nav-yearly = Yearly goals
nav-achievements = Achievements
nav-my-sales = My sales
nav-commissions = Commissions
nav-my-progress = My progress
nav-quotas = Quotas
nav-targets = Targets
nav-approvals = Approvals
nav-goal-approvals = Goal approvals
nav-company = Company
nav-reports = Reports
nav-compliance = Goal-sheet compliance
nav-kpis = Sales KPIs
nav-import = Import activities
nav-plans = Plans
nav-commission-plan = Commission plan
nav-approval-rules = Approval rules
nav-bonus-schedules = Bonus schedules
nav-promotions = Tier promotions
nav-target-factors = Seasonal & market factors
nav-seasonal-weights = Seasonal weights
nav-setup = Setup
nav-users = Users
nav-teams = Teams
nav-partner-types = Partner types
nav-partner-tiers = Partner tiers
nav-periods = Periods
nav-metrics = Metrics
nav-organisation = Organisation
nav-audit = Audit log
nav-jobs = Jobs

role-rep = Sales rep
role-manager = Manager
role-admin = Administrator
role-executive = Executive


## Errors every page may show

error-nul-character = Text may not contain NUL (\0) characters.

error-not-found = Page not found
error-unauthenticated = Sign in required
error-forbidden = Not allowed
error-bad-request = Something is wrong with the request
error-csrf = The form has expired
error-conflict = That cannot be done now
error-too-many = Too many attempts
error-unavailable = Temporarily unavailable
error-internal = Something went wrong
error-not-found-body = The page you asked for does not exist, or it has moved.
error-internal-body = An unexpected error happened. It has been logged; please try again.
error-unavailable-body = Attain cannot reach its database right now. Please try again in a moment.
error-invalid-body = Some fields are not valid.
error-unauthenticated-body = Sign in first.
error-forbidden-body = You do not have access to this page.
error-csrf-body = The form has expired. Reload the page and try again.
error-back = Back to Attain
toast-dismiss = Dismiss

## Signing in

sign-in-title = Sign in
sign-in-heading = Sign in to Attain
sign-in-tagline = Goals, quotas and partner commissions, always current.
sign-in-email = Email
sign-in-password = Password
sign-in-submit = Sign in
sign-in-missing = Enter your email and your password.
sign-in-refused = The email or password is not correct.
sign-in-busy = Too many sign-ins at once. Try again in a moment.
sign-in-locked-address = Too many failed sign-ins from your network address. Try again in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
sign-in-locked-account = Too many failed sign-ins for this account. Try again in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
sign-out-done = You are signed out.
language-unknown = There is no language “{ $language }”.

## Organisation settings

organisation-title = Organisation
organisation-lead = Settings every page and calculation uses.
organisation-name = Name
organisation-currency = Base currency
organisation-zone = Time zone
organisation-fiscal-start = Fiscal year starts in
organisation-language = Default language
organisation-language-hint = Everyone who has not chosen a language in their account menu reads this one.
organisation-save = Save settings
organisation-saved = Organisation settings saved.
organisation-currency-unknown = Choose an ISO 4217 currency from the list, such as USD, EUR or KRW.
organisation-zone-unknown = Choose an IANA time zone from the list, such as Asia/Seoul or America/New_York.
organisation-language-unknown = Choose a language from the list.

## Names of periods and built-in metrics

period-quarter = Q{ $number } { $year }
period-calendar-year = { $year }
period-fiscal-year = FY{ $year }
period-range = { $start } – { $end }
metric-revenue = Revenue
metric-deals = Deals
metric-signups = Signups
metric-leads = Leads
metric-calls = Calls
metric-meetings = Meetings
metric-emails = Emails
metric-recruits = Recruits
metric-trainings = Trainings
error-address-invalid = The address is not valid: { $error }

## Goal refusals shared by the pages and the API

goal-metric-unknown = is not a known metric
goal-live-exists = { $who } already has a live { $metric } goal for { $period }
goal-live-exists-company = The company already has a live { $metric } goal for { $period }
goal-status-cannot-change = a { $status } goal cannot be changed
goal-status-final = a { $status } goal is final and cannot be cancelled
