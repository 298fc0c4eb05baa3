-- Affiliate for .NET, schema 1 (PostgreSQL). Instants are Unix ticks (100 ns), money is whole minor units.
CREATE TABLE {prefix}partners (
    id text NOT NULL PRIMARY KEY,
    name text NOT NULL,
    email text NULL,
    status integer NOT NULL,
    segment text NULL,
    tier text NULL,
    sponsor_id text NULL,
    customer_id text NULL,
    payout_currency text NULL,
    payout_threshold text NULL,
    joined_at bigint NOT NULL,
    known_ip_hashes text NOT NULL,
    referral_codes text NOT NULL,
    version bigint NOT NULL
);
CREATE INDEX ix_{name}partners_sponsor ON {prefix}partners (sponsor_id);

CREATE TABLE {prefix}referral_codes (
    normalized text NOT NULL PRIMARY KEY,
    value text NOT NULL,
    partner_id text NOT NULL
);
CREATE INDEX ix_{name}referral_codes_partner ON {prefix}referral_codes (partner_id);

CREATE TABLE {prefix}clicks (
    program_id text NOT NULL,
    id text NOT NULL,
    partner_id text NOT NULL,
    link_id text NULL,
    sub_ids text NOT NULL,
    landing_url text NULL,
    referrer text NULL,
    user_agent text NULL,
    visitor_id text NOT NULL,
    occurred_at bigint NOT NULL,
    anonymized_ip text NULL,
    ip_hash text NULL,
    country text NULL,
    attributable boolean NOT NULL,
    fraud_codes text NOT NULL,
    PRIMARY KEY (program_id, id, occurred_at)
) PARTITION BY RANGE (occurred_at);
-- Clicks land in monthly partitions made ahead of time (ClickPartitions); anything outside them in the default one.
CREATE TABLE {prefix}clicks_default PARTITION OF {prefix}clicks DEFAULT;
CREATE INDEX ix_{name}clicks_visitor ON {prefix}clicks (program_id, visitor_id, occurred_at);
CREATE INDEX ix_{name}clicks_ip ON {prefix}clicks (program_id, ip_hash, occurred_at);
CREATE INDEX ix_{name}clicks_partner ON {prefix}clicks (program_id, partner_id, occurred_at);
CREATE INDEX ix_{name}clicks_time ON {prefix}clicks (program_id, occurred_at);

CREATE TABLE {prefix}customer_bindings (
    program_id text NOT NULL,
    customer_id text NOT NULL,
    partner_id text NOT NULL,
    bound_at bigint NOT NULL,
    conversion_id text NOT NULL,
    PRIMARY KEY (program_id, customer_id)
);

CREATE TABLE {prefix}conversions (
    program_id text NOT NULL,
    id text NOT NULL,
    kind integer NOT NULL,
    occurred_at bigint NOT NULL,
    recorded_at bigint NOT NULL,
    amount_minor bigint NOT NULL,
    currency text NOT NULL,
    currency_digits integer NOT NULL,
    program_amount_minor bigint NOT NULL,
    program_currency text NOT NULL,
    program_currency_digits integer NOT NULL,
    exchange_rate text NULL,
    status integer NOT NULL,
    attribution_reason integer NOT NULL,
    shares text NOT NULL,
    click_id text NULL,
    sub_ids text NOT NULL,
    visitor_id text NULL,
    customer_id text NULL,
    ip_hash text NULL,
    coupon_code text NULL,
    fraud_action integer NOT NULL,
    fraud_codes text NOT NULL,
    refunded_minor bigint NOT NULL,
    fingerprint text NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (program_id, id)
);
CREATE INDEX ix_{name}conversions_time ON {prefix}conversions (program_id, occurred_at);
CREATE INDEX ix_{name}conversions_customer ON {prefix}conversions (program_id, customer_id, occurred_at);
CREATE INDEX ix_{name}conversions_ip ON {prefix}conversions (program_id, ip_hash, occurred_at);

CREATE TABLE {prefix}conversion_partners (
    program_id text NOT NULL,
    conversion_id text NOT NULL,
    partner_id text NOT NULL,
    occurred_at bigint NOT NULL,
    status integer NOT NULL,
    program_amount_minor bigint NOT NULL,
    program_currency_digits integer NOT NULL,
    PRIMARY KEY (program_id, conversion_id, partner_id)
);
CREATE INDEX ix_{name}conversion_partners_partner ON {prefix}conversion_partners (program_id, partner_id, occurred_at);

CREATE TABLE {prefix}refunds (
    program_id text NOT NULL,
    id text NOT NULL,
    conversion_id text NOT NULL,
    kind integer NOT NULL,
    amount_minor bigint NOT NULL,
    currency text NOT NULL,
    currency_digits integer NOT NULL,
    occurred_at bigint NOT NULL,
    recorded_at bigint NOT NULL,
    reason text NULL,
    fingerprint text NOT NULL,
    PRIMARY KEY (program_id, id)
);
CREATE INDEX ix_{name}refunds_conversion ON {prefix}refunds (program_id, conversion_id);

CREATE TABLE {prefix}commission_lines (
    id text NOT NULL PRIMARY KEY,
    program_id text NOT NULL,
    partner_id text NOT NULL,
    conversion_id text NULL,
    kind integer NOT NULL,
    level integer NOT NULL,
    amount_minor bigint NOT NULL,
    currency text NOT NULL,
    currency_digits integer NOT NULL,
    state integer NOT NULL,
    created_at bigint NOT NULL,
    approvable_at bigint NULL,
    approved_at bigint NULL,
    paid_at bigint NULL,
    closed_at bigint NULL,
    payout_id text NULL,
    reverses_line_id text NULL,
    refund_id text NULL,
    plan_id text NULL,
    plan_version integer NULL,
    explanation text NOT NULL,
    details text NULL,
    exchange_rate text NULL,
    reason text NULL,
    fraud_codes text NOT NULL,
    version bigint NOT NULL
);
CREATE INDEX ix_{name}commission_lines_due ON {prefix}commission_lines (program_id, state, approvable_at);
CREATE INDEX ix_{name}commission_lines_partner ON {prefix}commission_lines (partner_id, created_at);
CREATE INDEX ix_{name}commission_lines_conversion ON {prefix}commission_lines (program_id, conversion_id);
CREATE INDEX ix_{name}commission_lines_payout ON {prefix}commission_lines (payout_id);

CREATE TABLE {prefix}payouts (
    id text NOT NULL PRIMARY KEY,
    program_id text NOT NULL,
    partner_id text NOT NULL,
    amount_minor bigint NOT NULL,
    currency text NOT NULL,
    currency_digits integer NOT NULL,
    line_ids text NOT NULL,
    status integer NOT NULL,
    created_at bigint NOT NULL,
    payout_date integer NOT NULL,
    closed_at bigint NULL,
    external_reference text NULL,
    failure_reason text NULL,
    version bigint NOT NULL
);
CREATE INDEX ix_{name}payouts_partner ON {prefix}payouts (program_id, partner_id, status);

CREATE TABLE {prefix}plans (
    id text NOT NULL PRIMARY KEY,
    document text NOT NULL
);

CREATE TABLE {prefix}outbox (
    sequence bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    event_id text NOT NULL,
    type text NOT NULL,
    program_id text NOT NULL,
    occurred_at bigint NOT NULL,
    payload text NOT NULL,
    dispatched_at bigint NULL
);
CREATE UNIQUE INDEX ix_{name}outbox_event ON {prefix}outbox (event_id);
CREATE INDEX ix_{name}outbox_pending ON {prefix}outbox (sequence) WHERE dispatched_at IS NULL;
