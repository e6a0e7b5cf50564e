-- Servers keep the account behind each API token in memory (a lookup per request was half
-- the cost of intake). Any change that could end or alter that access tells them at once,
-- whichever process made it: a disabled or deleted user, a new role, a revoked token.
-- Recording a token's last use (api_token.last_used_at) is not such a change.
CREATE FUNCTION notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tally_auth_changed', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER app_user_auth_changed AFTER UPDATE OR DELETE ON app_user
  FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
CREATE TRIGGER api_token_auth_changed AFTER UPDATE OF token_hash, user_id, revoked_at OR DELETE ON api_token
  FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
