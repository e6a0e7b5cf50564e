-- Each publication records the audit chain's head as it stood when it was published, so the
-- chain is anchored outside the database: whoever kept or saw a publication can check later
-- that entry #audit_seq still has hash audit_hash (`tally audit verify` does). Publications
-- made before this migration carry none.
ALTER TABLE toll_publication ADD COLUMN audit_seq bigint CHECK (audit_seq >= 1);
ALTER TABLE toll_publication ADD COLUMN audit_hash text CHECK (audit_hash ~ '^[0-9a-f]{64}$');
ALTER TABLE toll_publication ADD CONSTRAINT toll_publication_audit_head_whole
  CHECK ((audit_seq IS NULL) = (audit_hash IS NULL));
