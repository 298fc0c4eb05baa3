-- Schema 10: the webhook inbox (IWebhookInboxStore). Every incoming webhook and postback is kept before it is
-- answered, once per (source, event id): a redelivery hits the primary key and changes nothing. The body is the exact
-- bytes whose signature was checked. State: 0 received, 1 processed, 2 waiting (for the conversion in waiting_for),
-- 3 failed. Instants are Unix ticks.
CREATE TABLE {prefix}webhook_inbox (
    source TEXT NOT NULL,
    event_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    body BLOB NOT NULL,
    state INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT NULL,
    waiting_for TEXT NULL,
    processed_at INTEGER NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (source, event_id)
);
-- The retry read: events in a state, oldest first. Processed events are most of the table and never read this way.
CREATE INDEX ix_{name}webhook_inbox_state ON {prefix}webhook_inbox (state, received_at, source, event_id)
    WHERE state <> 1;
-- Refunds waiting for their order, found when the order's sale is processed.
CREATE INDEX ix_{name}webhook_inbox_waiting ON {prefix}webhook_inbox (waiting_for) WHERE state = 2;
