## The approval queues: pending sales and submitted goals.

approval-title = Approvals
approval-lead-admin = Pending sales of every partner, oldest first.
approval-lead-manager = Pending sales of the teams you manage, oldest first.
approval-stat-pending = Pending { $count ->
        [one] sale
       *[other] sales
    }
approval-stat-amount = Waiting to be confirmed
approval-stat-decidable = You can decide
approval-rule-auto = Sales up to { $limit } confirm themselves.
approval-rule-admin = Managers approve their teams' sales up to { $limit }; you approve any amount.
approval-rule-manager = You approve your teams' sales up to { $limit }; larger ones need an administrator.
approval-col-waiting = Waiting
approval-col-decision = Decision
approval-empty = Nothing is waiting for approval. Sales above { $limit } appear here when partners register them.
approval-truncated = Showing the { $shown } oldest of { $count } pending sales; decide these to see the rest.
approval-registered-at = Registered { $time }
approval-note-placeholder = Note (needed to reject)
approval-note-label = Note for { $title }
approval-approve = Approve
approval-reject = Reject
approval-blocked-own = Your own sale
approval-blocked-admin = Needs an administrator
approval-age-now = just now
approval-age-minutes = { $count } min
approval-age-hours = { $count } h
approval-age-days = { $count } d
approval-note-too-long = Keep the note to { $max } characters.
approval-reject-note-missing = Say why the sale is rejected: the partner sees this note.
approval-rejected = Rejected
approval-rejected-because = Rejected: { $reason }
approval-confirmed-nothing = Confirmed — no commission to pay
approval-confirmed-paid = Confirmed — { $amount } commission to { $count ->
        [one] 1 partner
       *[other] { $count } partners
    }
approval-decided-flash = { $title } ({ $partner }): { $outcome }.

## Goal approvals

approval-goal-title = Goal approvals
approval-goal-lead-admin = Goals submitted by anyone, oldest first, beside the target the formula computes and what the owner did last period.
approval-goal-lead-manager = Goals submitted by the people of the teams you manage, oldest first, beside the target the formula computes and what the owner did last period.
approval-goal-rules = An approved goal activates at once if its period has started, otherwise on its first day. Sending back returns it to the owner as a draft with your note. Nobody approves their own goal.
approval-goal-col-owner = Owner
approval-goal-col-goal = Goal
approval-goal-col-proposed = Proposed target
approval-goal-col-computed = Computed target
approval-goal-col-last = Last period
approval-goal-empty = No goals are waiting for approval. Goals appear here when their owners submit them.
approval-goal-submitted = Submitted { $time }
approval-goal-note-placeholder = Note (needed to send back)
approval-goal-note-label = Note for goal { $id }
approval-goal-send-back = Send back
approval-goal-change = { $change }% on last period
approval-goal-owner-team = Team { $team }
approval-goal-owner-company = Company
approval-goal-note-missing = Add a note saying what to change: the owner sees it.
approval-goal-approved-active = Approved — active now
approval-goal-approved-later = Approved — activates when its period starts
approval-goal-sent-back = Sent back to draft
approval-goal-decided-flash = Goal #{ $id }: { $outcome }.
approval-goal-goal-link = goal #{ $id }
