import type { z } from 'zod';
import { fieldProblemsFromZod, TallyError } from '../core/errors.ts';

/** Validates CLI input with the same zod schema the API uses, dropping unset options first. */
export function parseInput<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.infer<S> {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const parsed = schema.safeParse(defined);
  if (!parsed.success) {
    throw new TallyError('validation_failed', 'The options are not valid', {
      fields: fieldProblemsFromZod(parsed.error.issues),
    });
  }
  return parsed.data;
}
