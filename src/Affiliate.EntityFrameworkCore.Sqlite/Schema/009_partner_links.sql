-- Schema 9: partners' links (/go/{code}/{link}). The id is the key and the idempotency key of a create; the
-- destination is stored here so that a link never redirects anywhere its partner did not set (and the HTTP layer
-- checks its host again at redirect). Sub-ids are columns, labelled on every click through the link.
CREATE TABLE {prefix}partner_links (
    id TEXT NOT NULL PRIMARY KEY,
    partner_id TEXT NOT NULL,
    destination TEXT NOT NULL,
    sub1 TEXT NULL,
    sub2 TEXT NULL,
    sub3 TEXT NULL,
    sub4 TEXT NULL,
    sub5 TEXT NULL,
    name TEXT NULL,
    created_at INTEGER NOT NULL,
    active INTEGER NOT NULL
);

-- A partner's links newest first (created_at, then id by code point): the keyset page's seek and order.
CREATE INDEX ix_{name}partner_links_partner_list ON {prefix}partner_links (partner_id, created_at, id);
