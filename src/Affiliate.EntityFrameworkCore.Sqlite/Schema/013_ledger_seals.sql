-- Schema 13: tamper evidence (LedgerSeals). Each commission line gets one seal in its partner's hash chain, at
-- positions 1..n per partner, written by the ledger-seal job off the write path. A line is marked sealed in the same
-- transaction as its seal; the unsealed lines are found through partial indexes that hold the unsealed lines only,
-- so a job run costs the lines it seals, not the ledger. Hashes are SHA-256 as 64 lowercase hexadecimal digits.
CREATE TABLE {prefix}ledger_seals (
    line_id TEXT NOT NULL PRIMARY KEY,
    partner_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_{name}ledger_seals_position ON {prefix}ledger_seals (partner_id, position);
ALTER TABLE {prefix}commission_lines ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_{name}commission_lines_unsealed ON {prefix}commission_lines (created_at, id) WHERE sealed = 0;
CREATE INDEX ix_{name}commission_lines_unsealed_partner ON {prefix}commission_lines (partner_id) WHERE sealed = 0;
