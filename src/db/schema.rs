// @generated automatically by Diesel CLI.

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
    organisation (id) {
        id -> Int2,
        name -> Text,
        currency_code -> Text,
        currency_minor_unit -> Int2,
        time_zone -> Text,
        fiscal_year_start_month -> Int2,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
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
    sign_in_failures (email_key) {
        email_key -> Text,
        failures -> Int4,
        window_started_at -> Timestamptz,
        locked_until -> Nullable<Timestamptz>,
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
    }
}

diesel::joinable!(audit_log -> users (actor_id));
diesel::joinable!(users -> partner_tiers (partner_tier_id));
diesel::joinable!(users -> partner_types (partner_type_id));

diesel::allow_tables_to_appear_in_same_query!(
    audit_log,
    organisation,
    partner_tiers,
    partner_types,
    sign_in_failures,
    teams,
    users,
);
