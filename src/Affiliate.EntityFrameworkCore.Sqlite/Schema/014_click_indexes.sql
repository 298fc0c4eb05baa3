-- Schema 14: two click indexes that only repeated the prefix of another go. (program_id, occurred_at) is the prefix
-- of ix_{name}clicks_list (program_id, occurred_at, id) and (program_id, partner_id, occurred_at) that of
-- ix_{name}clicks_partner_list (program_id, partner_id, occurred_at, id): every read they served is served by the
-- longer one, and every click written maintained them too (the clicks table is the library's hottest write).
DROP INDEX IF EXISTS {schema}ix_{name}clicks_time;
DROP INDEX IF EXISTS {schema}ix_{name}clicks_partner;
