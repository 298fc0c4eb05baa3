-- Schema 12: the vendors' payments the webhook inbox remembers (InboxPayment), once per (source, payment id): a
-- subscription's renewals are numbered from its remembered payments, and a refund of an amount is shared out against
-- the order's total. Instants are Unix ticks; the total is in minor units of its currency. Ids are COLLATE "C" so
-- that payments paid at the same instant are ordered by code point, as the other stores order them.
CREATE TABLE {prefix}webhook_payments (
    source text COLLATE "C" NOT NULL,
    payment_id text COLLATE "C" NOT NULL,
    subscription_id text COLLATE "C" NULL,
    paid_at bigint NOT NULL,
    total_minor bigint NULL,
    currency text NULL,
    currency_digits integer NULL,
    PRIMARY KEY (source, payment_id)
);
-- A subscription's payments in the order they were paid: the count before one payment and the first one's time.
CREATE INDEX ix_{name}webhook_payments_subscription
    ON {prefix}webhook_payments (source, subscription_id, paid_at, payment_id)
    WHERE subscription_id IS NOT NULL;
