import { createHash } from 'node:crypto';
import { assertValueDepth } from './json-limits.ts';

/**
 * JSON with object keys sorted at every depth, so the same content always gives
 * the same bytes (and the same hash) whatever order a client sent its keys in.
 */
export function canonicalJson(value: unknown): string {
  // sortKeys and JSON.stringify recurse: bounding the depth first keeps any caller's value (an
  // import line, a job payload) from overflowing the stack.
  assertValueDepth(value);
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) sorted[key] = sortKeys(v);
    }
    return sorted;
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
