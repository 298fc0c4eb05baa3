-- Schema 3 is reserved for work landing in parallel on another branch. This placeholder only keeps the versions
-- contiguous on the lists branch; that branch's own 003 script replaces it at merge.
SELECT 1;
