import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './postgres-server.ts';

/**
 * For the `postgres` test project: use TALLY_TEST_DATABASE_URL when set (CI
 * starts a server itself), otherwise start a throwaway server for this run.
 */
export default async function setup(project: TestProject) {
  if (process.env.TALLY_TEST_DATABASE_URL) {
    project.provide('postgresUrl', process.env.TALLY_TEST_DATABASE_URL);
    return;
  }
  const server = await startThrowawayPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
