-- Schema 3: the read side kept by the writes (daily rollups, visitors, hourly activity, balances), where each
-- commission line counts in the rollups, payouts that count their lines, and indexes for the set-based jobs.
-- Days are yyyymmdd integers in the program's time zone (20260302 is 2 March 2026), as payouts.payout_date:
-- ordered like the dates, so a range of days is a range of integers. partner_id '' is the program's own row.
CREATE TABLE {prefix}daily_stats (
    program_id TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    day INTEGER NOT NULL,
    dimension INTEGER NOT NULL,
    value TEXT NOT NULL,
    clicks INTEGER NOT NULL,
    attributable_clicks INTEGER NOT NULL,
    conversions INTEGER NOT NULL,
    held_conversions INTEGER NOT NULL,
    rejected_conversions INTEGER NOT NULL,
    revenue_minor INTEGER NOT NULL,
    refunded_minor INTEGER NOT NULL,
    pending_minor INTEGER NOT NULL,
    held_minor INTEGER NOT NULL,
    approved_minor INTEGER NOT NULL,
    paid_minor INTEGER NOT NULL,
    reversed_minor INTEGER NOT NULL,
    rejected_minor INTEGER NOT NULL,
    PRIMARY KEY (program_id, partner_id, dimension, day, value)
) WITHOUT ROWID;
-- Every partner's totals over a range of days (leaderboards) without reading other days or dimensions.
CREATE INDEX ix_{name}daily_stats_partners ON {prefix}daily_stats (program_id, day, partner_id) WHERE dimension = 0;

CREATE TABLE {prefix}daily_visitors (
    program_id TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    day INTEGER NOT NULL,
    visitor_id TEXT NOT NULL,
    PRIMARY KEY (program_id, partner_id, day, visitor_id)
) WITHOUT ROWID;

-- Hours are whole UTC hours since the Unix epoch.
CREATE TABLE {prefix}activity (
    program_id TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    hour INTEGER NOT NULL,
    clicks INTEGER NOT NULL,
    conversions INTEGER NOT NULL,
    clicked_conversions INTEGER NOT NULL,
    refunded_conversions INTEGER NOT NULL,
    PRIMARY KEY (program_id, partner_id, hour)
) WITHOUT ROWID;

CREATE TABLE {prefix}partner_balances (
    program_id TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    digits INTEGER NOT NULL,
    pending_minor INTEGER NOT NULL,
    held_minor INTEGER NOT NULL,
    approved_minor INTEGER NOT NULL,
    in_payout_minor INTEGER NOT NULL,
    paid_minor INTEGER NOT NULL,
    PRIMARY KEY (partner_id, program_id, currency, digits)
) WITHOUT ROWID;

-- Balances need no time zone: the lines written before this version are summed in. The daily rollups do (the
-- program's), so lines written before have no placement and count in no rollup row, before or after they move.
INSERT INTO {prefix}partner_balances
    (program_id, partner_id, currency, digits, pending_minor, held_minor, approved_minor, in_payout_minor, paid_minor)
SELECT program_id, partner_id, currency, currency_digits,
    SUM(CASE WHEN state = 0 THEN amount_minor ELSE 0 END),
    SUM(CASE WHEN state = 1 THEN amount_minor ELSE 0 END),
    SUM(CASE WHEN state = 2 AND payout_id IS NULL THEN amount_minor ELSE 0 END),
    SUM(CASE WHEN state = 2 AND payout_id IS NOT NULL THEN amount_minor ELSE 0 END),
    SUM(CASE WHEN state = 3 THEN amount_minor ELSE 0 END)
FROM {prefix}commission_lines
WHERE state IN (0, 1, 2, 3)
GROUP BY program_id, partner_id, currency, currency_digits;

ALTER TABLE {prefix}commission_lines ADD COLUMN report_day INTEGER NULL;
ALTER TABLE {prefix}commission_lines ADD COLUMN report_sub_ids TEXT NULL;
ALTER TABLE {prefix}commission_lines ADD COLUMN report_link_id TEXT NULL;

-- Due lines in the order they are approved, per program and across programs: only pending lines are indexed.
CREATE INDEX ix_{name}commission_lines_due_program ON {prefix}commission_lines (program_id, approvable_at, id)
    WHERE state = 0;
CREATE INDEX ix_{name}commission_lines_due_all ON {prefix}commission_lines (approvable_at, id) WHERE state = 0;
-- What each partner could be paid: approved lines not in a payout, grouped and summed from the index alone.
CREATE INDEX ix_{name}commission_lines_payable
    ON {prefix}commission_lines (program_id, partner_id, currency, currency_digits, amount_minor)
    WHERE state = 2 AND payout_id IS NULL;

ALTER TABLE {prefix}payouts ADD COLUMN line_count INTEGER NOT NULL DEFAULT 0;
UPDATE {prefix}payouts SET line_count = json_array_length(line_ids);
ALTER TABLE {prefix}payouts DROP COLUMN line_ids;
