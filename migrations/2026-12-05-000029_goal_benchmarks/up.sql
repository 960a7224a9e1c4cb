-- Same-tier benchmarks, made once a day by the `forecasts` job as of `day`
-- (the last ended business day). A person's live personal goal is ranked by
-- attainment among the live personal goals of the same metric and period
-- held by active partners of the same partner type and tier (the peers,
-- the person included).

-- One row per ranked goal: where it stands. No `top_percent`: fewer than
-- five peers, "not enough peers". Only the person's own standing is kept
-- here, never a peer's figures.
CREATE TABLE goal_benchmarks (
    goal_id BIGINT PRIMARY KEY REFERENCES goals (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    partner_type_id BIGINT NOT NULL REFERENCES partner_types (id) ON DELETE CASCADE,
    partner_tier_id BIGINT NOT NULL REFERENCES partner_tiers (id) ON DELETE CASCADE,
    peers INTEGER NOT NULL CHECK (peers >= 1),
    top_percent SMALLINT CHECK (top_percent BETWEEN 1 AND 100),
    computed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The distribution of each peer group's attainment (percent), for the
-- managers' view: quartiles, none with fewer than five peers.
CREATE TABLE tier_benchmarks (
    period_id BIGINT NOT NULL REFERENCES periods (id) ON DELETE CASCADE,
    metric_id BIGINT NOT NULL REFERENCES metric_definitions (id),
    partner_type_id BIGINT NOT NULL REFERENCES partner_types (id) ON DELETE CASCADE,
    partner_tier_id BIGINT NOT NULL REFERENCES partner_tiers (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    peers INTEGER NOT NULL CHECK (peers >= 1),
    q1 NUMERIC(12, 1),
    median NUMERIC(12, 1),
    q3 NUMERIC(12, 1),
    computed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (period_id, metric_id, partner_type_id, partner_tier_id),
    CONSTRAINT tier_benchmarks_quartiles_check CHECK (
        (q1 IS NULL) = (median IS NULL) AND (q3 IS NULL) = (median IS NULL)
        AND (median IS NULL OR (q1 <= median AND median <= q3))
    )
);
