-- A negative fact typed by a person is a correction and says why
-- (domain::correction). Sales write their own negative twins on a refund
-- (source 'sale'), and the system may reverse what it wrote; every other
-- negative row needs its reason. NOT VALID: rows written before this rule
-- stay as they were; every new row is checked.
ALTER TABLE metric_events ADD COLUMN correction_reason TEXT;

ALTER TABLE metric_events ADD CONSTRAINT metric_events_correction_reason_check
    CHECK (correction_reason IS NULL
        OR (value < 0 AND btrim(correction_reason) <> '' AND char_length(correction_reason) <= 500))
    NOT VALID;

ALTER TABLE metric_events ADD CONSTRAINT metric_events_negative_is_correction_check
    CHECK (value >= 0 OR source IN ('sale', 'system') OR correction_reason IS NOT NULL)
    NOT VALID;
