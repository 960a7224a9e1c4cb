# Same-tier benchmarks (the forecasts job ranks each partner's goals among
# active partners of the same type and tier) and forecast displays.
goal-card-benchmark-top = Top { $percent }% of { $tier } { $type } partners
goal-card-benchmark-few = Not enough { $tier } { $type } peers to compare
goal-card-benchmark-title = Where your attainment stands among active partners of the same type and tier this period (updated once a day; no one else's name or figures)
chart-trend-band = Likely range to the period's end (forecast, P10–P90)
chart-trend-band-title = Likely end { $low } – { $high } (P10–P90)
chart-trend-band-summary = Forecast: { $chance }; the likely end is between { $low } and { $high } by { $end }, most likely about { $middle }.
team-peers-title = Same-tier benchmarks
team-peers-as-of = As of { $day }
team-peers-group = { $tier } · { $type }
team-peers-group-head = Tier · partner type
team-peers-metric = Metric
team-peers-count = Partners
team-peers-q1 = Lower quartile
team-peers-median = Median
team-peers-q3 = Upper quartile
team-peers-too-few = Not enough peers (fewer than 5)
team-peers-note = Attainment of every active partner of the tier and type with a goal on the metric this period, company-wide: a quarter are below the lower quartile, half below the median, a quarter above the upper quartile. Reps see only their own standing.
