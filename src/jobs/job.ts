import type { z } from 'zod';
import type { Db } from '../db/client.ts';

/** What a job handler may use. Handlers take it explicitly so tests can call them without the queue. */
export interface JobDeps {
  db: Db;
}

/**
 * A background job: its name, its payload schema and its retry policy, declared
 * together in the capability that owns the work (e.g. src/extract/extract.jobs.ts).
 */
export interface JobDefinition<Payload> {
  name: string;
  payload: z.ZodType<Payload>;
  retryLimit: number;
  handle(deps: JobDeps, payload: Payload): Promise<void>;
}

export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}
