-- Schema 3: the read side kept by the writes (daily rollups, visitors, hourly activity, balances), where each
-- commission line counts in the rollups, payouts that count their lines, click ids unique across partitions, and
-- indexes for the set-based jobs.
-- Days are yyyymmdd integers in the program's time zone (20260302 is 2 March 2026), as payouts.payout_date:
-- ordered like the dates, so a range of days is a range of integers. partner_id '' is the program's own row.
-- The counter tables leave a fifth of each page free: their rows are updated in place all day, and an update that
-- finds room on its page and changes no indexed column touches no index (a HOT update).
CREATE TABLE {prefix}daily_stats (
    program_id text NOT NULL,
    partner_id text NOT NULL,
    day integer NOT NULL,
    dimension integer NOT NULL,
    value text NOT NULL,
    clicks bigint NOT NULL,
    attributable_clicks bigint NOT NULL,
    conversions bigint NOT NULL,
    held_conversions bigint NOT NULL,
    rejected_conversions bigint NOT NULL,
    revenue_minor bigint NOT NULL,
    refunded_minor bigint NOT NULL,
    pending_minor bigint NOT NULL,
    held_minor bigint NOT NULL,
    approved_minor bigint NOT NULL,
    paid_minor bigint NOT NULL,
    reversed_minor bigint NOT NULL,
    rejected_minor bigint NOT NULL,
    PRIMARY KEY (program_id, partner_id, dimension, day, value)
) WITH (fillfactor = 80);
-- Every partner's totals over a range of days (leaderboards) without reading other days or dimensions.
CREATE INDEX ix_{name}daily_stats_partners ON {prefix}daily_stats (program_id, day, partner_id) WHERE dimension = 0;

CREATE TABLE {prefix}daily_visitors (
    program_id text NOT NULL,
    partner_id text NOT NULL,
    day integer NOT NULL,
    visitor_id text NOT NULL,
    PRIMARY KEY (program_id, partner_id, day, visitor_id)
);

-- Hours are whole UTC hours since the Unix epoch.
CREATE TABLE {prefix}activity (
    program_id text NOT NULL,
    partner_id text NOT NULL,
    hour bigint NOT NULL,
    clicks bigint NOT NULL,
    conversions bigint NOT NULL,
    clicked_conversions bigint NOT NULL,
    refunded_conversions bigint NOT NULL,
    PRIMARY KEY (program_id, partner_id, hour)
) WITH (fillfactor = 80);

CREATE TABLE {prefix}partner_balances (
    program_id text NOT NULL,
    partner_id text NOT NULL,
    currency text NOT NULL,
    digits integer NOT NULL,
    pending_minor bigint NOT NULL,
    held_minor bigint NOT NULL,
    approved_minor bigint NOT NULL,
    in_payout_minor bigint NOT NULL,
    paid_minor bigint NOT NULL,
    PRIMARY KEY (partner_id, program_id, currency, digits)
) WITH (fillfactor = 80);

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

ALTER TABLE {prefix}commission_lines ADD COLUMN report_day integer NULL;
ALTER TABLE {prefix}commission_lines ADD COLUMN report_sub_ids text NULL;
ALTER TABLE {prefix}commission_lines ADD COLUMN report_link_id text NULL;

-- Due lines in the order they are approved (ids compared byte by byte, as the other stores do), per program and
-- across programs: only pending lines are indexed.
CREATE INDEX ix_{name}commission_lines_due_program
    ON {prefix}commission_lines (program_id, approvable_at, id COLLATE "C") WHERE state = 0;
CREATE INDEX ix_{name}commission_lines_due_all ON {prefix}commission_lines (approvable_at, id COLLATE "C")
    WHERE state = 0;
-- What each partner could be paid: approved lines not in a payout, grouped and summed from the index alone.
CREATE INDEX ix_{name}commission_lines_payable
    ON {prefix}commission_lines (program_id, partner_id, currency, currency_digits, amount_minor)
    WHERE state = 2 AND payout_id IS NULL;

ALTER TABLE {prefix}payouts ADD COLUMN line_count integer NOT NULL DEFAULT 0;
UPDATE {prefix}payouts SET line_count = json_array_length(line_ids::json);
ALTER TABLE {prefix}payouts ALTER COLUMN line_count DROP DEFAULT;
ALTER TABLE {prefix}payouts DROP COLUMN line_ids;

-- The clicks key holds occurred_at (the partition column), so it keeps an id unique within a month only. This
-- small table keys click ids alone: writers insert the id here first (ON CONFLICT DO NOTHING waits for a racing
-- writer's uncommitted id and then skips it), and only new ids go on into the clicks table. occurred_at lets
-- retention delete the ids of the clicks it deletes; a BRIN index costs next to nothing on insert.
CREATE TABLE {prefix}click_ids (
    program_id text NOT NULL,
    id text NOT NULL,
    occurred_at bigint NOT NULL,
    PRIMARY KEY (program_id, id)
);
CREATE INDEX ix_{name}click_ids_time ON {prefix}click_ids USING brin (occurred_at);
INSERT INTO {prefix}click_ids (program_id, id, occurred_at)
SELECT program_id, id, MIN(occurred_at) FROM {prefix}clicks GROUP BY program_id, id;
