// @generated automatically by Diesel CLI.

diesel::table! {
    achievements (id) {
        id -> Int8,
        user_id -> Int8,
        kind -> Text,
        goal_id -> Nullable<Int8>,
        milestone_id -> Nullable<Int8>,
        metric_id -> Nullable<Int8>,
        period_start -> Nullable<Date>,
        title -> Text,
        achieved_on -> Date,
        goal_value -> Nullable<Numeric>,
        actual -> Nullable<Numeric>,
        percent -> Nullable<Numeric>,
        bonus_amount -> Nullable<Numeric>,
        tier -> Nullable<Int2>,
        streak_months -> Nullable<Int2>,
        points -> Int4,
        recognised_at -> Nullable<Timestamptz>,
        recognised_by -> Nullable<Int8>,
        recognition_note -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    bonus_schedules (id) {
        id -> Int8,
        name -> Text,
        description -> Text,
        basis -> Text,
        metric_id -> Nullable<Int8>,
        active -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        builtin -> Nullable<Text>,
    }
}

diesel::table! {
    bonus_tiers (id) {
        id -> Int8,
        schedule_id -> Int8,
        position -> Int2,
        threshold -> Numeric,
        rate -> Numeric,
    }
}

diesel::table! {
    points_entries (id) {
        id -> Int8,
        user_id -> Int8,
        achievement_id -> Nullable<Int8>,
        points -> Int4,
        reason -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    tier_promotions (id) {
        id -> Int8,
        user_id -> Int8,
        from_tier_id -> Int8,
        to_tier_id -> Int8,
        first_month -> Date,
        last_month -> Date,
        required -> Numeric,
        lowest_month -> Numeric,
        status -> Text,
        decided_by -> Nullable<Int8>,
        decided_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Int8,
        user_id -> Int8,
        token_hash -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    approval_rules (id) {
        id -> Int2,
        auto_confirm_limit -> Numeric,
        manager_approval_limit -> Numeric,
        updated_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Int8,
        actor_id -> Nullable<Int8>,
        action -> Text,
        entity -> Text,
        entity_id -> Nullable<Int8>,
        summary -> Text,
        before -> Nullable<Jsonb>,
        after -> Nullable<Jsonb>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    commission_entries (id) {
        id -> Int8,
        sale_id -> Int8,
        recipient_id -> Int8,
        kind -> Text,
        level -> Int4,
        rate -> Numeric,
        base -> Numeric,
        amount -> Numeric,
        plan_id -> Int8,
        plan_version -> Int4,
        reverses_entry_id -> Nullable<Int8>,
        created_at -> Timestamptz,
        dispute_id -> Nullable<Int8>,
    }
}

diesel::table! {
    commission_disputes (id) {
        id -> Int8,
        entry_id -> Int8,
        partner_id -> Int8,
        reason -> Text,
        expected_amount -> Nullable<Numeric>,
        status -> Text,
        answer -> Nullable<Text>,
        answered_by -> Nullable<Int8>,
        answered_at -> Nullable<Timestamptz>,
        resolution -> Nullable<Text>,
        resolved_amount -> Nullable<Numeric>,
        closed_by -> Nullable<Int8>,
        closed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    change_epoch (slot) {
        slot -> Int2,
        n -> Int8,
    }
}

diesel::table! {
    commission_plans (id) {
        id -> Int8,
        version -> Int4,
        direct_rates -> Jsonb,
        default_direct_rate -> Numeric,
        upline_rates -> Jsonb,
        matching_rate -> Numeric,
        max_depth -> Int4,
        compression -> Bool,
        created_by -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    goal_sheets (id) {
        id -> Int8,
        user_id -> Int8,
        year -> Int2,
        month -> Int2,
        period_id -> Int8,
        signup_goal -> Numeric,
        revenue_goal -> Numeric,
        bonus_tier_goal -> Int2,
        status -> Text,
        signup_goal_id -> Nullable<Int8>,
        revenue_goal_id -> Nullable<Int8>,
        set_at -> Nullable<Timestamptz>,
        set_by -> Nullable<Int8>,
        set_by_deadline -> Nullable<Bool>,
        late_cleared_at -> Nullable<Timestamptz>,
        late_cleared_by -> Nullable<Int8>,
        late_cleared_reason -> Nullable<Text>,
        completed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    goal_reminders (id) {
        id -> Int8,
        user_id -> Int8,
        year -> Int2,
        month -> Int2,
        kind -> Text,
        created_at -> Timestamptz,
        notification_id -> Nullable<Int8>,
        emailed_at -> Nullable<Timestamptz>,
        acknowledged_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    job_runs (id) {
        id -> Int8,
        job -> Text,
        run_for -> Timestamptz,
        instance -> Text,
        source -> Text,
        started_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
        ok -> Nullable<Bool>,
        skipped -> Bool,
        message -> Nullable<Text>,
        details -> Jsonb,
        duration_ms -> Nullable<Int8>,
        run_by -> Nullable<Int8>,
    }
}

diesel::table! {
    goal_benchmarks (goal_id) {
        goal_id -> Int8,
        day -> Date,
        partner_type_id -> Int8,
        partner_tier_id -> Int8,
        peers -> Int4,
        top_percent -> Nullable<Int2>,
        computed_at -> Timestamptz,
    }
}

diesel::table! {
    goal_forecasts (goal_id) {
        goal_id -> Int8,
        day -> Date,
        probability -> Nullable<Numeric>,
        p10 -> Nullable<Numeric>,
        p50 -> Nullable<Numeric>,
        p90 -> Nullable<Numeric>,
        computed_at -> Timestamptz,
    }
}

diesel::table! {
    goal_snapshots (id) {
        id -> Int8,
        goal_id -> Int8,
        day -> Date,
        kind -> Text,
        actual -> Numeric,
        target -> Numeric,
        attainment_percent -> Nullable<Numeric>,
        expected -> Numeric,
        days_remaining -> Int4,
        on_pace -> Bool,
        pace -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    notifications (id) {
        id -> Int8,
        user_id -> Int8,
        kind -> Text,
        link -> Nullable<Text>,
        created_at -> Timestamptz,
        read_at -> Nullable<Timestamptz>,
        email_wanted -> Bool,
        email_claimed_at -> Nullable<Timestamptz>,
        email_attempts -> Int2,
        emailed_at -> Nullable<Timestamptz>,
        email_error -> Nullable<Text>,
        params -> Jsonb,
    }
}

diesel::table! {
    goal_revisions (id) {
        id -> Int8,
        goal_id -> Int8,
        actor_id -> Nullable<Int8>,
        reason -> Nullable<Text>,
        before -> Jsonb,
        after -> Jsonb,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    goals (id) {
        id -> Int8,
        owner_kind -> Text,
        user_id -> Nullable<Int8>,
        team_id -> Nullable<Int8>,
        metric_id -> Int8,
        period_id -> Int8,
        title -> Nullable<Text>,
        target -> Numeric,
        weight -> Numeric,
        priority -> Int2,
        parent_id -> Nullable<Int8>,
        bonus_base -> Nullable<Numeric>,
        status -> Text,
        created_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        submitted_at -> Nullable<Timestamptz>,
        approved_at -> Nullable<Timestamptz>,
        approved_by -> Nullable<Int8>,
        activated_at -> Nullable<Timestamptz>,
        completed_at -> Nullable<Timestamptz>,
        status_reason -> Nullable<Text>,
        status_changed_at -> Nullable<Timestamptz>,
        target_breakdown -> Nullable<Jsonb>,
        bonus_schedule_id -> Nullable<Int8>,
    }
}

diesel::table! {
    goal_objectives (id) {
        id -> Int8,
        goal_id -> Int8,
        name -> Text,
        unit -> Text,
        target -> Numeric,
        actual -> Nullable<Numeric>,
        created_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    market_factors (period_id) {
        period_id -> Int8,
        factor -> Numeric,
        updated_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    seasonal_factors (month) {
        month -> Int2,
        factor -> Numeric,
        updated_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    target_factor_revisions (id) {
        id -> Int8,
        factor -> Text,
        user_id -> Nullable<Int8>,
        period_id -> Nullable<Int8>,
        actor_id -> Nullable<Int8>,
        reason -> Nullable<Text>,
        before -> Jsonb,
        after -> Jsonb,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    user_target_factors (user_id) {
        user_id -> Int8,
        personal_factor -> Numeric,
        team_factor_override -> Nullable<Numeric>,
        updated_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    metric_definitions (id) {
        id -> Int8,
        key -> Text,
        name -> Text,
        unit -> Text,
        built_in -> Bool,
        active -> Bool,
        position -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    metric_events (id) {
        id -> Int8,
        user_id -> Int8,
        metric_id -> Int8,
        value -> Numeric,
        occurred_on -> Date,
        source -> Text,
        external_ref -> Nullable<Text>,
        note -> Nullable<Text>,
        created_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        correction_reason -> Nullable<Text>,
    }
}

diesel::table! {
    metric_day_totals (user_id, metric_id, day, source) {
        user_id -> Int8,
        metric_id -> Int8,
        day -> Date,
        source -> Text,
        total -> Numeric,
        events -> Int8,
    }
}

diesel::table! {
    milestones (id) {
        id -> Int8,
        goal_id -> Int8,
        name -> Text,
        value -> Numeric,
        due_on -> Nullable<Date>,
        reached_on -> Nullable<Date>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    organisation (id) {
        id -> Int2,
        name -> Text,
        currency_code -> Text,
        currency_minor_unit -> Int2,
        time_zone -> Text,
        fiscal_year_start_month -> Int2,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        language -> Text,
    }
}

diesel::table! {
    partner_tiers (id) {
        id -> Int8,
        code -> Text,
        name -> Text,
        rank -> Int4,
        target_multiplier -> Numeric,
        active -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    partner_types (id) {
        id -> Int8,
        code -> Text,
        name -> Text,
        min_monthly_sales -> Numeric,
        min_deal_count -> Int4,
        active -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    periods (id) {
        id -> Int8,
        kind -> Text,
        name -> Text,
        start_date -> Date,
        end_date -> Date,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    sale_status_changes (id) {
        id -> Int8,
        sale_id -> Int8,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason -> Nullable<Text>,
        actor_id -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    sales (id) {
        id -> Int8,
        partner_id -> Int8,
        partner_name -> Text,
        partner_email -> Text,
        title -> Text,
        description -> Nullable<Text>,
        amount -> Numeric,
        currency_code -> Text,
        sales_date -> Date,
        category -> Nullable<Text>,
        product_type -> Nullable<Text>,
        sales_channel -> Text,
        order_number -> Text,
        order_code -> Nullable<Text>,
        status -> Text,
        registered_by -> Nullable<Int8>,
        confirmed_at -> Nullable<Timestamptz>,
        confirmed_by -> Nullable<Int8>,
        approval_note -> Nullable<Text>,
        cancelled_at -> Nullable<Timestamptz>,
        refunded_at -> Nullable<Timestamptz>,
        status_reason -> Nullable<Text>,
        commission_calculated -> Bool,
        commission_calculated_at -> Nullable<Timestamptz>,
        commission_total -> Nullable<Numeric>,
        commission_recipient_count -> Nullable<Int4>,
        commission_distribution -> Nullable<Jsonb>,
        tree_snapshot -> Nullable<Jsonb>,
        plan_id -> Nullable<Int8>,
        partner_tier_at_time -> Nullable<Text>,
        partner_type_at_time -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    seasonal_weights (month) {
        month -> Int2,
        weight -> Numeric,
    }
}

diesel::table! {
    sign_in_attempts (scope, key) {
        scope -> Text,
        key -> Text,
        attempts -> Int4,
        refused -> Int4,
        window_started_at -> Timestamptz,
    }
}

diesel::table! {
    teams (id) {
        id -> Int8,
        name -> Text,
        parent_id -> Nullable<Int8>,
        manager_id -> Nullable<Int8>,
        active -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    yearly_goals (id) {
        id -> Int8,
        user_id -> Int8,
        year -> Int2,
        signup_goal -> Numeric,
        revenue_goal -> Numeric,
        set_at -> Timestamptz,
        set_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    tier_benchmarks (period_id, metric_id, partner_type_id, partner_tier_id) {
        period_id -> Int8,
        metric_id -> Int8,
        partner_type_id -> Int8,
        partner_tier_id -> Int8,
        day -> Date,
        peers -> Int4,
        q1 -> Nullable<Numeric>,
        median -> Nullable<Numeric>,
        q3 -> Nullable<Numeric>,
        computed_at -> Timestamptz,
    }
}

diesel::table! {
    users (id) {
        id -> Int8,
        email -> Text,
        name -> Text,
        role -> Text,
        team_id -> Nullable<Int8>,
        sponsor_id -> Nullable<Int8>,
        partner_type_id -> Nullable<Int8>,
        partner_tier_id -> Nullable<Int8>,
        active -> Bool,
        password_hash -> Text,
        sessions_valid_after -> Timestamptz,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        email_notifications -> Bool,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    sheet_sources (id) {
        id -> Int8,
        name -> Text,
        url -> Text,
        col_email -> Text,
        col_metric -> Text,
        col_value -> Text,
        col_date -> Text,
        col_external_ref -> Nullable<Text>,
        col_note -> Nullable<Text>,
        col_correction_reason -> Nullable<Text>,
        schedule -> Text,
        created_by -> Int8,
        failing_since -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    sheet_syncs (id) {
        id -> Int8,
        source_id -> Int8,
        started_at -> Timestamptz,
        trigger -> Text,
        run_by -> Nullable<Int8>,
        outcome -> Text,
        rows_read -> Int4,
        added -> Int4,
        skipped -> Int4,
        refused -> Int4,
        errors -> Jsonb,
        failure -> Nullable<Jsonb>,
        duration_ms -> Int8,
    }
}

diesel::joinable!(achievements -> goals (goal_id));
diesel::joinable!(achievements -> metric_definitions (metric_id));
diesel::joinable!(achievements -> milestones (milestone_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(bonus_schedules -> metric_definitions (metric_id));
diesel::joinable!(bonus_tiers -> bonus_schedules (schedule_id));
diesel::joinable!(goals -> bonus_schedules (bonus_schedule_id));
diesel::joinable!(points_entries -> achievements (achievement_id));
diesel::joinable!(points_entries -> users (user_id));
diesel::joinable!(approval_rules -> users (updated_by));
diesel::joinable!(audit_log -> users (actor_id));
diesel::joinable!(commission_entries -> commission_plans (plan_id));
diesel::joinable!(commission_entries -> sales (sale_id));
diesel::joinable!(commission_entries -> users (recipient_id));
diesel::joinable!(commission_disputes -> commission_entries (entry_id));
diesel::joinable!(commission_disputes -> users (partner_id));
diesel::table! {
    payout_settings (id) {
        id -> Int2,
        minimum_amount -> Numeric,
        holdback_days -> Int4,
        updated_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    payout_runs (id) {
        id -> Int8,
        month -> Date,
        status -> Text,
        minimum_amount -> Numeric,
        holdback_days -> Int4,
        cutoff_at -> Timestamptz,
        total -> Numeric,
        currency_code -> Text,
        created_by -> Int8,
        created_at -> Timestamptz,
        approved_by -> Nullable<Int8>,
        approved_at -> Nullable<Timestamptz>,
        paid_by -> Nullable<Int8>,
        paid_at -> Nullable<Timestamptz>,
        updated_at -> Timestamptz,
        discarded_by -> Nullable<Int8>,
        discarded_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    payout_lines (id) {
        id -> Int8,
        run_id -> Int8,
        partner_id -> Int8,
        earned -> Numeric,
        recovered -> Numeric,
        amount -> Numeric,
        line_count -> Int4,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    payout_items (entry_id) {
        entry_id -> Int8,
        payout_line_id -> Int8,
        amount -> Numeric,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(commission_plans -> users (created_by));
diesel::joinable!(goals -> metric_definitions (metric_id));
diesel::joinable!(goal_objectives -> goals (goal_id));
diesel::joinable!(market_factors -> periods (period_id));
diesel::joinable!(goal_reminders -> notifications (notification_id));
diesel::joinable!(goal_reminders -> users (user_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(goal_revisions -> goals (goal_id));
diesel::joinable!(goal_benchmarks -> goals (goal_id));
diesel::joinable!(goal_forecasts -> goals (goal_id));
diesel::joinable!(goal_snapshots -> goals (goal_id));
diesel::joinable!(job_runs -> users (run_by));
diesel::joinable!(goal_revisions -> users (actor_id));
diesel::joinable!(goal_sheets -> periods (period_id));
diesel::joinable!(goals -> periods (period_id));
diesel::joinable!(goals -> teams (team_id));
diesel::joinable!(metric_events -> metric_definitions (metric_id));
diesel::joinable!(milestones -> goals (goal_id));
diesel::joinable!(sale_status_changes -> sales (sale_id));
diesel::joinable!(sale_status_changes -> users (actor_id));
diesel::joinable!(sales -> commission_plans (plan_id));
diesel::joinable!(payout_lines -> payout_runs (run_id));
diesel::joinable!(payout_lines -> users (partner_id));
diesel::joinable!(payout_items -> payout_lines (payout_line_id));
diesel::joinable!(payout_items -> commission_entries (entry_id));
diesel::joinable!(tier_benchmarks -> partner_tiers (partner_tier_id));
diesel::joinable!(tier_benchmarks -> partner_types (partner_type_id));
diesel::joinable!(tier_benchmarks -> periods (period_id));
diesel::joinable!(tier_benchmarks -> metric_definitions (metric_id));
diesel::joinable!(users -> partner_tiers (partner_tier_id));
diesel::joinable!(users -> partner_types (partner_type_id));

diesel::joinable!(sheet_syncs -> sheet_sources (source_id));

diesel::allow_tables_to_appear_in_same_query!(
    achievements,
    change_epoch,
    api_tokens,
    bonus_schedules,
    bonus_tiers,
    approval_rules,
    audit_log,
    commission_disputes,
    commission_entries,
    commission_plans,
    goal_objectives,
    goal_reminders,
    goal_revisions,
    goal_sheets,
    job_runs,
    goal_benchmarks,
    goal_forecasts,
    goal_snapshots,
    market_factors,
    notifications,
    goals,
    metric_definitions,
    metric_day_totals,
    metric_events,
    milestones,
    organisation,
    partner_tiers,
    partner_types,
    payout_items,
    payout_lines,
    payout_runs,
    payout_settings,
    periods,
    points_entries,
    sale_status_changes,
    sales,
    seasonal_factors,
    seasonal_weights,
    sign_in_attempts,
    sheet_sources,
    sheet_syncs,
    target_factor_revisions,
    teams,
    tier_benchmarks,
    tier_promotions,
    user_target_factors,
    users,
    yearly_goals,
);
