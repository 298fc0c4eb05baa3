-- Schema 6: customers' first purchases (new-customer conditions), review decisions on conversions, and ids and kinds
-- of manual adjustments (idempotent adjustments).

-- One row per customer and program: their first recorded purchase. Recording a conversion reads it by its key and
-- inserts it when missing, in the conversion's transaction.
CREATE TABLE {prefix}customers (
    program_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    first_conversion_id TEXT NOT NULL,
    first_purchase_at INTEGER NOT NULL,
    PRIMARY KEY (program_id, customer_id)
);

ALTER TABLE {prefix}conversions ADD COLUMN new_customer INTEGER NULL;
ALTER TABLE {prefix}conversions ADD COLUMN review TEXT NULL;

ALTER TABLE {prefix}commission_lines ADD COLUMN adjustment_id TEXT NULL;
ALTER TABLE {prefix}commission_lines ADD COLUMN adjustment_kind INTEGER NULL;
-- The idempotency key of adjustments: unique per program, and the index their replays are found by.
CREATE UNIQUE INDEX ix_{name}commission_lines_adjustment
    ON {prefix}commission_lines (program_id, adjustment_id) WHERE adjustment_id IS NOT NULL;
