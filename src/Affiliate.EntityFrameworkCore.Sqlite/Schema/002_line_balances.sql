-- Schema 2: balances and statements read a partner's lines by state.
CREATE INDEX ix_{name}commission_lines_balance ON {prefix}commission_lines (partner_id, state);
