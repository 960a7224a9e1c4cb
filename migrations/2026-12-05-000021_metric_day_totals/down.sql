DROP TRIGGER metric_events_day_totals_truncate ON metric_events;
DROP TRIGGER metric_events_day_totals_delete ON metric_events;
DROP TRIGGER metric_events_day_totals_update ON metric_events;
DROP TRIGGER metric_events_day_totals_insert ON metric_events;
DROP FUNCTION metric_day_totals_truncate();
DROP FUNCTION metric_day_totals_apply();
DROP TABLE metric_day_totals;
