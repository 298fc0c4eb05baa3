-- Schema 11: partners' postback URL templates (PartnerPostbacks), one row per partner, replaced on save. Kept out of
-- the partners table so that setting a postback neither bumps the partner's version nor races profile edits.
CREATE TABLE {prefix}partner_postbacks (
    partner_id text NOT NULL PRIMARY KEY,
    url_template text NOT NULL,
    updated_at bigint NOT NULL
);
