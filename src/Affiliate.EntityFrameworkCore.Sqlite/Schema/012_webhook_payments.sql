-- Schema 12: the vendors' payments the webhook inbox remembers (InboxPayment), once per (source, payment id): a
-- subscription's renewals are numbered from its remembered payments, and a refund of an amount is shared out against
-- the order's total. Instants are Unix ticks; the total is in minor units of its currency.
CREATE TABLE {prefix}webhook_payments (
    source TEXT NOT NULL,
    payment_id TEXT NOT NULL,
    subscription_id TEXT NULL,
    paid_at INTEGER NOT NULL,
    total_minor INTEGER NULL,
    currency TEXT NULL,
    currency_digits INTEGER NULL,
    PRIMARY KEY (source, payment_id)
);
-- A subscription's payments in the order they were paid: the count before one payment and the first one's time.
CREATE INDEX ix_{name}webhook_payments_subscription
    ON {prefix}webhook_payments (source, subscription_id, paid_at, payment_id)
    WHERE subscription_id IS NOT NULL;
