-- Schema 8: outbox retries. Each event keeps its own delivery state, so a handler that keeps failing on one event
-- holds back neither later events nor the other handlers: attempts made, when the next is due (0: at once, as for
-- every event written before this version), the handlers it was delivered to (one per line), the last error
-- (truncated) and, after the last allowed attempt, when it failed for good.
ALTER TABLE {prefix}outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE {prefix}outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE {prefix}outbox ADD COLUMN delivered_to TEXT NULL;
ALTER TABLE {prefix}outbox ADD COLUMN last_error TEXT NULL;
ALTER TABLE {prefix}outbox ADD COLUMN failed_at INTEGER NULL;

-- The pending list as on PostgreSQL: only events not dispatched, in the order written. (An index on dispatched_at
-- looked better to SQLite than the due index for every outbox read.)
DROP INDEX ix_{name}outbox_pending;
CREATE INDEX ix_{name}outbox_pending ON {prefix}outbox (sequence) WHERE dispatched_at IS NULL;

-- The dispatcher's read: events due (next_attempt_at <= now) in order of their next attempt, then of writing;
-- dispatched and failed events are not in the index, so it stays as small as the backlog.
CREATE INDEX ix_{name}outbox_due ON {prefix}outbox (next_attempt_at, sequence)
    WHERE dispatched_at IS NULL AND failed_at IS NULL;
-- The failed list, in the order the events failed.
CREATE INDEX ix_{name}outbox_failed ON {prefix}outbox (failed_at, sequence)
    WHERE failed_at IS NOT NULL AND dispatched_at IS NULL;
