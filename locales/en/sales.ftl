## Partner sales: my sales, registering a sale, a sale's page, the
## commission statement and the downline.

sale-status-pending = Waiting for approval
sale-status-confirmed = Confirmed
sale-status-cancelled = Cancelled
sale-status-refunded = Refunded
sale-others-pending = { $count } waiting for approval
sale-others-confirmed = { $count } confirmed
sale-others-cancelled = { $count } cancelled
sale-others-refunded = { $count } refunded
sale-kind-direct = Direct
sale-kind-upline = Upline
sale-kind-matching = Matching bonus
sale-kind-other = Other
sale-channel-online = Online
sale-channel-offline = Offline
sale-channel-phone = Phone
sale-channel-event = Event
sale-channel-referral = Referral
sale-channel-other = Other
sale-month-1 = Jan
sale-month-2 = Feb
sale-month-3 = Mar
sale-month-4 = Apr
sale-month-5 = May
sale-month-6 = Jun
sale-month-7 = Jul
sale-month-8 = Aug
sale-month-9 = Sep
sale-month-10 = Oct
sale-month-11 = Nov
sale-month-12 = Dec
sale-day-month = { $day } { $month }
sale-active = Active
sale-inactive = Inactive

## My sales

sale-list-title = My sales
sale-list-heading = Sales
sale-months = Months
sale-previous-month = Previous month
sale-next-month = Next month
sale-this-month = This month
sale-month = Month
sale-show = Show
sale-date-range = Date range
sale-from = From
sale-to = to
sale-show-range = Show range
sale-period-fallback = { $problem } Showing this month instead.
sale-period-backwards = That range does not work: the end date is before the start date.
sale-period-too-long = That range does not work: a period may span at most { $years } years.
sale-period-missing-date = Enter both dates, such as 2026-03-01 and 2026-03-31.
sale-period-bad-month = Choose a month, such as 2026-03.
sale-stat-confirmed = Confirmed sales
sale-stat-total = Total
sale-stat-average = Average
sale-stat-highest = Highest
sale-stat-lowest = Lowest
sale-stat-commission = Commission generated
sale-revenue-note = These figures count confirmed sales only. Your revenue on the dashboard for the same days is { $total }, { $sources }.
sale-sources = from: { $parts }
sale-source-manual = logged { $amount }
sale-source-import = imported { $amount }
sale-source-api = through the API { $amount }
sale-source-sale = confirmed sales { $amount }
sale-source-system = recorded by the system { $amount }
sale-see-dashboard = See your dashboard
sale-col-date = Date
sale-col-title = Title
sale-col-order = Order
sale-col-amount = Amount
sale-col-status = Status
sale-col-commission = Commission
sale-list-empty = No sales in this period.
sale-list-truncated = Showing the newest { $count } sales; the stats above cover the whole period. Choose a shorter period to see the rest.
sale-chart-title = Confirmed sales per day
sale-chart-svg-title = Confirmed sales per day, { $range }
sale-chart-range = { $from } – { $to }
sale-chart-summary = { $amount } in { $count } confirmed { $count ->
        [one] sale
       *[other] sales
    }
sale-chart-bar = { $day }: { $amount } ({ $count } { $count ->
        [one] sale
       *[other] sales
    })
sale-chart-empty = No confirmed sales in these 30 days

## Registering a sale

sale-new-title = Register a sale
sale-new-lead = Sales up to { $limit } are confirmed at once and pay their commission immediately; larger ones wait for a manager's approval.
sale-new-correct = Please correct the fields marked below.
sale-field-title = Title
sale-field-title-hint = What was sold, e.g. “Water purifier, 2-year plan”
sale-field-description = Description (optional)
sale-field-amount = Amount
sale-field-amount-hint = Above zero, e.g. 1,250.00
sale-field-currency = Currency
sale-field-currency-hint = Sales are recorded in { $currency }, the organisation's currency.
sale-field-date = Sales date
sale-field-date-hint = Today or earlier
sale-field-channel = Sales channel
sale-field-category = Category (optional)
sale-field-product-type = Product type (optional)
sale-field-order-number = Order number
sale-field-order-number-hint = Unique among your sales
sale-field-order-code = Order code (optional)
sale-new-submit = Register sale
sale-registered-no-commission = Sale { $order } is confirmed; no commission was due on it.
sale-registered-confirmed = Sale { $order } is confirmed: { $amount } commission paid to { $count ->
        [one] 1 partner
       *[other] { $count } partners
    }.
sale-registered-pending = Sale { $order } is registered and waiting for approval: it is above the { $limit } auto-confirm limit.
sale-field-nul = Remove the NUL character from this text.
sale-field-required = This field is required.
sale-field-too-long = Use at most { $max } characters.
sale-amount-not-positive = Enter an amount above zero.
sale-amount-too-large = A sale may be at most { $max }.
sale-currency-code-bad = Use a three-letter currency code such as USD.
sale-date-future = The sales date cannot be in the future.
sale-date-bad = Enter a date such as 2026-03-31 (YYYY-MM-DD).
sale-date-out-of-range = Enter a date from 2000-01-01 to 2100-12-31.
sale-channel-unknown = Choose a channel from the list.
sale-order-number-taken = This order number is already registered for this partner.

## A sale's page

sale-detail-title = Sale { $order }
sale-detail-order = Order
sale-detail-sale = Sale
sale-detail-commission = Commission
sale-detail-commission-later = Commission is distributed up the network the moment the sale is confirmed.
sale-detail-commission-cancelled = This sale was cancelled before that, so nothing was paid.
sale-detail-distribution = Distribution
sale-partner-unknown = Partner #{ $id }
sale-status-note = { $status }: { $reason }
sale-fact-partner = Partner
sale-fact-date = Sales date
sale-fact-channel = Channel
sale-fact-category = Category
sale-fact-product-type = Product type
sale-fact-order-code = Order code
sale-fact-registered = Registered
sale-fact-commission-total = Commission total
sale-fact-partners-paid = Partners paid
sale-fact-house-share = Kept by the company
sale-fact-plan-version = Plan version
sale-fact-tier = Tier at the time
sale-fact-partner-type = Partner type at the time
sale-fact-calculated = Calculated
sale-fact-approval-note = Approval note
sale-col-recipient = Recipient
sale-col-kind = Kind
sale-col-level = Level
sale-col-rate = Rate
sale-col-base = Base
sale-col-role = Role
sale-col-partner = Partner
sale-col-tier = Tier
sale-col-seller = Seller
sale-col-sponsors = Sponsors
sale-col-month-sales = Sales this month
sale-col-month-to-date = Month to date
sale-reversal = Reversal
sale-lines-empty-pending = Nothing is paid until the sale is confirmed.
sale-lines-empty = Nothing was paid on this sale.
sale-total-paid = Paid
sale-total-reversed = Reversed
sale-total-net = Net
sale-history = History
sale-history-from = from { $status }
sale-history-registered = Registered
sale-history-automatic = Automatic
sale-history-auto-confirmed = Confirmed automatically: at or below the auto-confirm limit.
sale-snapshot-title = Network at confirmation
sale-snapshot-seller = Seller
sale-snapshot-sponsor = Sponsor
sale-snapshot-upline = Upline { $level }
sale-snapshot-downline = Downline of the seller then: { $direct } sponsored directly, { $total } in total.
sale-snapshot-later = The network is captured when the sale is confirmed.
sale-cancel-title = Cancel this sale
sale-cancel-confirm = Cancel this sale?
sale-cancel-confirm-reversal = Cancel this sale? Its commission is reversed for every partner paid.
sale-cancel-reason = Reason
sale-cancel-hint-reversal = Every commission line above gets a reversing entry.
sale-cancel-hint = Nothing has been paid on it yet.
sale-cancel-submit = Cancel sale
sale-cancel-reason-missing = Give a reason for the cancellation.
sale-cancel-reason-long = Keep the reason to { $max } characters.
sale-cancelled = Sale { $order } is cancelled.
sale-cancelled-reversed = Sale { $order } is cancelled and its commission of { $amount } is reversed.
sale-already-pending = This sale is already pending.
sale-already-confirmed = This sale is already confirmed.
sale-already-cancelled = This sale is already cancelled.
sale-already-refunded = This sale is already refunded.
sale-cancel-cancelled = This sale is already cancelled; it cannot be cancelled.
sale-cancel-refunded = This sale is already refunded; it cannot be cancelled.
sale-refund-pending = Only a confirmed sale can be refunded; this one is pending.
sale-refund-cancelled = Only a confirmed sale can be refunded; this one is cancelled.
sale-refund-refunded = Only a confirmed sale can be refunded; this one is refunded.
sale-reason-missing = Give a reason.
sale-approve-own = Nobody approves their own sale.
sale-approve-above-limit = This sale is above your approval limit of { $limit }; an administrator must approve it.

## Commission statement

sale-statement-title = Commission statement
sale-statement-lead = { $month } · what the network paid you, by sale
sale-earned = Earned
sale-statement-net = Net for the month
sale-statement-sales = Sales with commission
sale-statement-you = You
sale-statement-empty = No commission was paid to you or reversed in { $month }.
sale-statement-note = Lines count in the month they were written: a commission earned in one month and reversed in the next shows in both.

## My network

sale-network-title = My network
sale-network-lead = Everyone you sponsor, and everyone they sponsor, with confirmed sales { $range }
sale-network-partners = Partners in your downline
sale-network-depth = Levels deep
sale-network-downline-sales = Downline sales this month
sale-network-you = You
sale-network-empty = Nobody is in your downline yet. Partners you sponsor appear here, and the partners they sponsor below them.
sale-network-truncated = Showing the first { $count } partners; the totals above count everyone.

## The notifications page (its own words; the notifications are the lead's)

notifications-page-title = Notifications
notifications-page-caught-up = You are all caught up.
notifications-page-unread = { $count } unread
notifications-page-read-all = Mark all read
notifications-page-acknowledged = Acknowledged
notifications-page-acknowledge = Acknowledge
notifications-page-read = Mark read
notifications-page-empty = Nothing yet. Deadline reminders and other news appear here.