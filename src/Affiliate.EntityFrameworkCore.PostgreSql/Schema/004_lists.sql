-- Schema 4: the indexes of the lists (IListStore). A list page is one index seek: the filter's equality columns
-- lead, then the list's order (instant, id), read backwards for newest first from the cursor's position, for at
-- most one page of rows. Ids are COLLATE "C" so the index order is the code point order the queries ask for,
-- whatever the database's collation.

-- Partners, newest first (joined_at, id): unfiltered, by status, by segment (ignoring case) with or without the
-- status, by sponsor (a sponsor's downline is then checked for segment and status).
CREATE INDEX ix_{name}partners_list ON {prefix}partners (joined_at, id COLLATE "C");
CREATE INDEX ix_{name}partners_status_list ON {prefix}partners (status, joined_at, id COLLATE "C");
CREATE INDEX ix_{name}partners_segment_list ON {prefix}partners (lower(segment), joined_at, id COLLATE "C");
CREATE INDEX ix_{name}partners_segment_status_list
    ON {prefix}partners (lower(segment), status, joined_at, id COLLATE "C");
CREATE INDEX ix_{name}partners_sponsor_list ON {prefix}partners (sponsor_id, joined_at, id COLLATE "C");
-- Partner search: case-insensitive prefixes of the name, the e-mail address and the referral codes.
CREATE INDEX ix_{name}partners_name_prefix ON {prefix}partners (lower(name) text_pattern_ops);
CREATE INDEX ix_{name}partners_email_prefix ON {prefix}partners (lower(email) text_pattern_ops);
CREATE INDEX ix_{name}referral_codes_prefix ON {prefix}referral_codes (normalized COLLATE "C");

-- Conversions of a program (occurred_at, id), by status (Held: the review queue), by credited partner.
CREATE INDEX ix_{name}conversions_list ON {prefix}conversions (program_id, occurred_at, id COLLATE "C");
CREATE INDEX ix_{name}conversions_status_list
    ON {prefix}conversions (program_id, status, occurred_at, id COLLATE "C");
CREATE INDEX ix_{name}conversion_partners_list
    ON {prefix}conversion_partners (program_id, partner_id, occurred_at, conversion_id COLLATE "C");
CREATE INDEX ix_{name}conversion_partners_status_list
    ON {prefix}conversion_partners (program_id, partner_id, status, occurred_at, conversion_id COLLATE "C");

-- Commission lines of a program (created_at, id), by state, partner, partner and state, and by payout or by
-- conversion (whose lines are then checked for partner and state).
CREATE INDEX ix_{name}commission_lines_list ON {prefix}commission_lines (program_id, created_at, id COLLATE "C");
CREATE INDEX ix_{name}commission_lines_state_list
    ON {prefix}commission_lines (program_id, state, created_at, id COLLATE "C");
CREATE INDEX ix_{name}commission_lines_partner_list
    ON {prefix}commission_lines (program_id, partner_id, created_at, id COLLATE "C");
CREATE INDEX ix_{name}commission_lines_partner_state_list
    ON {prefix}commission_lines (program_id, partner_id, state, created_at, id COLLATE "C");
CREATE INDEX ix_{name}commission_lines_payout_list
    ON {prefix}commission_lines (program_id, payout_id, created_at, id COLLATE "C");
CREATE INDEX ix_{name}commission_lines_conversion_list
    ON {prefix}commission_lines (program_id, conversion_id, created_at, id COLLATE "C");

-- Payouts of a program (created_at, id), by status, by partner, by partner and status.
CREATE INDEX ix_{name}payouts_list ON {prefix}payouts (program_id, created_at, id COLLATE "C");
CREATE INDEX ix_{name}payouts_status_list ON {prefix}payouts (program_id, status, created_at, id COLLATE "C");
CREATE INDEX ix_{name}payouts_partner_list ON {prefix}payouts (program_id, partner_id, created_at, id COLLATE "C");
CREATE INDEX ix_{name}payouts_partner_status_list
    ON {prefix}payouts (program_id, partner_id, status, created_at, id COLLATE "C");

-- Clicks of a program (occurred_at, id), by partner, by partner and first sub-id (sub1, read from the JSON array).
-- On the partitioned table each index is made on every partition, and on partitions attached later.
CREATE INDEX ix_{name}clicks_list ON {prefix}clicks (program_id, occurred_at, id COLLATE "C");
CREATE INDEX ix_{name}clicks_partner_list ON {prefix}clicks (program_id, partner_id, occurred_at, id COLLATE "C");
CREATE INDEX ix_{name}clicks_sub1_list
    ON {prefix}clicks (program_id, partner_id, (sub_ids::jsonb ->> 0), occurred_at, id COLLATE "C");
