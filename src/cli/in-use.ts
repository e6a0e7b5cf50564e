import { TallyError } from '../core/errors.ts';
import { DataDirInUse } from '../db/lock.ts';

/**
 * What a person can do instead while `tally serve` holds the embedded directory: the same
 * thing through the running server. Commands missing here have no API equivalent.
 */
const throughServer: Record<string, string> = {
  demo: 'load the sample monitor from the web app (the dashboard offers it to an admin), or POST /api/v1/demo with {"confirm": true}',
  import:
    'submit the reports through the API (POST /api/v1/reports, one per request; a retry of a stored report answers 200)',
  'users add': 'create the account through the API as an admin (POST /api/v1/users)',
  'users list': 'list the accounts through the API (GET /api/v1/users)',
  'users disable': 'disable the account through the API (POST /api/v1/users/{username}/disable)',
  'users reset': 'reset the password through the API (POST /api/v1/users/{username}/reset)',
  'users token': 'create the token through the API (POST /api/v1/users/{username}/tokens)',
  'users tokens': "list the account's tokens through the API (GET /api/v1/users/{username}/tokens)",
  'users revoke-token': 'revoke the token through the API (POST /api/v1/users/{username}/tokens/{id}/revoke)',
  'sources add': 'register the source through the API (POST /api/v1/sources)',
  'sources list': 'list them through the API (GET /api/v1/sources)',
  'reports list': 'read them through the API (GET /api/v1/reports)',
  'reports show': 'read it through the API (GET /api/v1/reports/{id})',
  'incidents consolidate': 'consolidate through the API (POST /api/v1/incidents/consolidate)',
  'incidents list': 'read them through the API (GET /api/v1/incidents) or the web app',
  tolls: 'read the tolls through the API (GET /api/v1/tolls) or the web app',
  'tolls publish': 'publish through the API (POST /api/v1/tolls/publish)',
  'export full': 'export through the API (GET /api/v1/export/full)',
  worker:
    'the server already works background jobs unless it was started with --no-worker; separate workers need PostgreSQL (DATABASE_URL)',
};

/** The refusal a CLI command prints when the directory it needs is held: who holds it and what to do. */
export function inUseError(error: DataDirInUse, command: string): TallyError {
  const instead = throughServer[command];
  const byServer = error.holder.command === 'tally serve';
  const advice = byServer
    ? `Stop the server first (Ctrl-C where it runs, or kill ${error.holder.pid})${instead ? `, or ${instead}` : ''}.`
    : 'Wait for it to finish, then run this command again.';
  return new TallyError('conflict', `${error.message} ${advice}`, {
    details: error.details,
    cause: error,
  });
}

/** For `.catch()` on an open: turns a refusal into the CLI's advice, passes anything else on. */
export const explainInUse =
  (command: string) =>
  (error: unknown): never => {
    throw error instanceof DataDirInUse ? inUseError(error, command) : error;
  };
