# "Why this amount": one commission line's calculation.
why-title = Why this amount: line #{ $id }
why-link = Why this amount
why-level-short = level { $level }
why-sale-link = Sale { $order }
why-line-amount = This line
why-sale-amount = Sale amount
why-plan-version = Plan version
why-reversal-lead = This line takes back { $amount } written on { $when }: the sale was cancelled or refunded, and a reversal always returns exactly what was paid. The calculation below is the original line's.
why-reversal-link = Open the original line #{ $id }
why-working-title = The calculation
why-rate-why = Why this rate
why-base = Base
why-base-sale = The sale amount.
why-base-matching = The seller's direct commission, after rounding.
why-rate = Rate
why-exact = Exact amount
why-rounded = Rounded
why-rounding-rule = Rounded half to even, to { $places ->
    [0] whole units
    [one] 1 decimal place
   *[other] { $places } decimal places
}.
why-capped = Taken off so the lines never exceed the sale
why-paid = Written to the ledger
why-reproduced = Recomputed now from the sale's network snapshot and plan version: the same figures as the ledger.
why-not-reproduced = Recomputing from the sale's snapshot does not give the ledger's figures; the ledger's figures stand. Please tell an administrator.
why-no-snapshot = This sale was paid before network snapshots were kept, so only the stored rate and base can be shown.
why-reason-tier = The seller's tier is { $tier }, and the plan pays that tier this direct rate.
why-reason-default = The plan has no rate for the seller's tier (or the seller has none), so the default direct rate applies.
why-reason-level = The recipient was the { $level ->
    [1] first
    [2] second
    [3] third
   *[other] { $level }th
} counted sponsor above the seller, so the plan's level { $level } rate applies.
why-reason-matching = The recipient is the seller's personal sponsor: the matching bonus is a share of the seller's direct commission.
why-plan-title = Plan version { $version }
why-col-rate-of = Rate for
why-rate-tier = Direct, tier { $tier }
why-rate-default = Direct, default
why-rate-level = Upline level { $level }
why-rate-level-unpaid = Upline level { $level } (beyond the maximum depth)
why-rate-matching = Matching bonus
why-applied = applied
why-plan-depth = Maximum depth
why-levels = { $count ->
    [one] 1 level
   *[other] { $count } levels
}
why-plan-compression = Compression
why-compression-on = On: inactive sponsors are skipped without using a level
why-compression-off = Off: an inactive sponsor uses up their level unpaid
why-plan-since = Version written
why-chain-title = Sponsor chain at confirmation
why-chain-lead = Above { $name }, sponsor first, as the network stood when the sale was confirmed.
why-col-fate = What it meant
why-fate-paid = Paid at level { $level }
why-fate-compressed = Skipped: inactive (compression)
why-fate-level-unpaid = Level { $level } used up, unpaid: inactive
why-fate-beyond = Beyond the plan's depth
why-fate-matching = matching bonus
why-chain-empty = The seller had no sponsor.
