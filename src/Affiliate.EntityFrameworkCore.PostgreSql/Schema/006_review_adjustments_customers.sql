-- Schema 6: customers' first purchases (new-customer conditions), review decisions on conversions, and ids and kinds
-- of manual adjustments (idempotent adjustments).

-- One row per customer and program: their first recorded purchase. Recording a conversion reads it by its key and
-- inserts it when missing (ON CONFLICT DO NOTHING), in the conversion's transaction.
CREATE TABLE {prefix}customers (
    program_id text NOT NULL,
    customer_id text NOT NULL,
    first_conversion_id text NOT NULL,
    first_purchase_at bigint NOT NULL,
    PRIMARY KEY (program_id, customer_id)
);

ALTER TABLE {prefix}conversions ADD COLUMN new_customer boolean NULL;
ALTER TABLE {prefix}conversions ADD COLUMN review text NULL;

ALTER TABLE {prefix}commission_lines ADD COLUMN adjustment_id text NULL;
ALTER TABLE {prefix}commission_lines ADD COLUMN adjustment_kind integer NULL;
-- The idempotency key of adjustments: unique per program, and the index their replays are found by.
CREATE UNIQUE INDEX ix_{name}commission_lines_adjustment
    ON {prefix}commission_lines (program_id, adjustment_id) WHERE adjustment_id IS NOT NULL;
