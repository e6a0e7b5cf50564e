import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** Client- or server-generated UUIDs identify sources, reports, claims and incidents. */
export const zUuid = z.uuid({ message: 'must be a UUID such as 7f0c2a4e-9c1b-4d7e-8a51-3f2b6c9d0e14' });
export type Uuid = z.infer<typeof zUuid>;

export const newId = (): string => randomUUID();

/** What an idempotent create returns: `created` is false when a retry found the stored row. */
export interface Created<T> {
  created: boolean;
  value: T;
}
