-- Affiliate for .NET, schema 1 (SQLite). Instants are Unix ticks (100 ns), money is whole minor units.
CREATE TABLE {prefix}partners (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NULL,
    status INTEGER NOT NULL,
    segment TEXT NULL,
    tier TEXT NULL,
    sponsor_id TEXT NULL,
    customer_id TEXT NULL,
    payout_currency TEXT NULL,
    payout_threshold TEXT NULL,
    joined_at INTEGER NOT NULL,
    known_ip_hashes TEXT NOT NULL,
    referral_codes TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX ix_{name}partners_sponsor ON {prefix}partners (sponsor_id);

CREATE TABLE {prefix}referral_codes (
    normalized TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL,
    partner_id TEXT NOT NULL
);
CREATE INDEX ix_{name}referral_codes_partner ON {prefix}referral_codes (partner_id);

CREATE TABLE {prefix}clicks (
    program_id TEXT NOT NULL,
    id TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    link_id TEXT NULL,
    sub_ids TEXT NOT NULL,
    landing_url TEXT NULL,
    referrer TEXT NULL,
    user_agent TEXT NULL,
    visitor_id TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    anonymized_ip TEXT NULL,
    ip_hash TEXT NULL,
    country TEXT NULL,
    attributable INTEGER NOT NULL,
    fraud_codes TEXT NOT NULL,
    PRIMARY KEY (program_id, id)
);
CREATE INDEX ix_{name}clicks_visitor ON {prefix}clicks (program_id, visitor_id, occurred_at);
CREATE INDEX ix_{name}clicks_ip ON {prefix}clicks (program_id, ip_hash, occurred_at);
CREATE INDEX ix_{name}clicks_partner ON {prefix}clicks (program_id, partner_id, occurred_at);
CREATE INDEX ix_{name}clicks_time ON {prefix}clicks (program_id, occurred_at);

CREATE TABLE {prefix}customer_bindings (
    program_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    bound_at INTEGER NOT NULL,
    conversion_id TEXT NOT NULL,
    PRIMARY KEY (program_id, customer_id)
);

CREATE TABLE {prefix}conversions (
    program_id TEXT NOT NULL,
    id TEXT NOT NULL,
    kind INTEGER NOT NULL,
    occurred_at INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    currency_digits INTEGER NOT NULL,
    program_amount_minor INTEGER NOT NULL,
    program_currency TEXT NOT NULL,
    program_currency_digits INTEGER NOT NULL,
    exchange_rate TEXT NULL,
    status INTEGER NOT NULL,
    attribution_reason INTEGER NOT NULL,
    shares TEXT NOT NULL,
    click_id TEXT NULL,
    sub_ids TEXT NOT NULL,
    visitor_id TEXT NULL,
    customer_id TEXT NULL,
    ip_hash TEXT NULL,
    coupon_code TEXT NULL,
    fraud_action INTEGER NOT NULL,
    fraud_codes TEXT NOT NULL,
    refunded_minor INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (program_id, id)
);
CREATE INDEX ix_{name}conversions_time ON {prefix}conversions (program_id, occurred_at);
CREATE INDEX ix_{name}conversions_customer ON {prefix}conversions (program_id, customer_id, occurred_at);
CREATE INDEX ix_{name}conversions_ip ON {prefix}conversions (program_id, ip_hash, occurred_at);

CREATE TABLE {prefix}conversion_partners (
    program_id TEXT NOT NULL,
    conversion_id TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    status INTEGER NOT NULL,
    program_amount_minor INTEGER NOT NULL,
    program_currency_digits INTEGER NOT NULL,
    PRIMARY KEY (program_id, conversion_id, partner_id)
);
CREATE INDEX ix_{name}conversion_partners_partner ON {prefix}conversion_partners (program_id, partner_id, occurred_at);

CREATE TABLE {prefix}refunds (
    program_id TEXT NOT NULL,
    id TEXT NOT NULL,
    conversion_id TEXT NOT NULL,
    kind INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    currency_digits INTEGER NOT NULL,
    occurred_at INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    reason TEXT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (program_id, id)
);
CREATE INDEX ix_{name}refunds_conversion ON {prefix}refunds (program_id, conversion_id);

CREATE TABLE {prefix}commission_lines (
    id TEXT NOT NULL PRIMARY KEY,
    program_id TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    conversion_id TEXT NULL,
    kind INTEGER NOT NULL,
    level INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    currency_digits INTEGER NOT NULL,
    state INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    approvable_at INTEGER NULL,
    approved_at INTEGER NULL,
    paid_at INTEGER NULL,
    closed_at INTEGER NULL,
    payout_id TEXT NULL,
    reverses_line_id TEXT NULL,
    refund_id TEXT NULL,
    plan_id TEXT NULL,
    plan_version INTEGER NULL,
    explanation TEXT NOT NULL,
    details TEXT NULL,
    exchange_rate TEXT NULL,
    reason TEXT NULL,
    fraud_codes TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX ix_{name}commission_lines_due ON {prefix}commission_lines (program_id, state, approvable_at);
CREATE INDEX ix_{name}commission_lines_partner ON {prefix}commission_lines (partner_id, created_at);
CREATE INDEX ix_{name}commission_lines_conversion ON {prefix}commission_lines (program_id, conversion_id);
CREATE INDEX ix_{name}commission_lines_payout ON {prefix}commission_lines (payout_id);

CREATE TABLE {prefix}payouts (
    id TEXT NOT NULL PRIMARY KEY,
    program_id TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    currency_digits INTEGER NOT NULL,
    line_ids TEXT NOT NULL,
    status INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    payout_date INTEGER NOT NULL,
    closed_at INTEGER NULL,
    external_reference TEXT NULL,
    failure_reason TEXT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX ix_{name}payouts_partner ON {prefix}payouts (program_id, partner_id, status);

CREATE TABLE {prefix}plans (
    id TEXT NOT NULL PRIMARY KEY,
    document TEXT NOT NULL
);

CREATE TABLE {prefix}outbox (
    sequence INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    program_id TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    payload TEXT NOT NULL,
    dispatched_at INTEGER NULL
);
CREATE UNIQUE INDEX ix_{name}outbox_event ON {prefix}outbox (event_id);
CREATE INDEX ix_{name}outbox_pending ON {prefix}outbox (dispatched_at);
