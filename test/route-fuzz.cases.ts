import { randomUUID } from 'node:crypto';

/**
 * Malformed requests for one route of the OpenAPI document: a fixed, deterministic list (no
 * randomness but fresh UUIDs), so a failure names a request that can be sent again by hand.
 */

type Schema = {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minimum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};

export interface Operation {
  method: string;
  /** The OpenAPI path, `{id}` placeholders and all. */
  path: string;
  body?: Schema;
  query: { name: string; schema: Schema }[];
}

export interface FuzzRequest {
  method: string;
  url: string;
  payload?: string | Buffer;
  headers?: Record<string, string>;
  /** What this case sends, for the failure listing. */
  label: string;
}

/** Strings that match the patterns the API uses often enough to get past the first field. */
const likelyStrings: [RegExp, string][] = [
  [/a-z0-9\]\[a-z0-9\._-/, 'nobody-here'],
  [/\[a-z\]\{2,3\}/, 'en'],
  [/A-Za-z\]\{2\}/, 'SY'],
  [/\^\[a-z\]\[a-z0-9_\]/, 'village'],
];

/** A value of the right shape for a JSON Schema, so a malformed variant gets past the first check. */
export function plausible(schema: Schema | undefined, ids: { sourceId: string }, key = ''): unknown {
  if (!schema) return 'x';
  const choice = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (choice?.[0]) return plausible(choice[0], ids, key);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(name)) out[name] = plausible(property, ids, name);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () => plausible(schema.items, ids));
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'string':
      if (key === 'source_id') return ids.sourceId;
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date') return '2024-01-01';
      if (schema.format === 'date-time') return '2024-01-01T00:00:00Z';
      return likelyStrings.find(([re]) => schema.pattern && re.test(schema.pattern))?.[1] ?? 'a reason';
    default:
      return 'x';
  }
}

export const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
export const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** The JSON of `base` (an object) with one more member whose value is the raw JSON `rawValue`. */
function withMember(base: unknown, name: string, rawValue: string): string {
  const json = JSON.stringify(base && typeof base === 'object' && !Array.isArray(base) ? base : {});
  return json === '{}' ? `{"${name}":${rawValue}}` : `${json.slice(0, -1)},"${name}":${rawValue}}`;
}

/** `value` with every string (keys aside) replaced by `replace(string)`. */
function mapStrings(value: unknown, replace: (s: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, replace));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, replace)]));
  }
  return value;
}

const INVALID_UTF8 = Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]);
const MARK = '\u0001MARK\u0001';

/** A JSON body whose strings hold raw bytes that are not UTF-8. */
function withInvalidUtf8(base: unknown): Buffer {
  const marked = JSON.stringify(mapStrings(base, (s) => `${s}${MARK}`)).split(
    JSON.stringify(MARK).slice(1, -1),
  );
  const parts: Buffer[] = [];
  marked.forEach((part, i) => {
    if (i > 0) parts.push(INVALID_UTF8);
    parts.push(Buffer.from(part));
  });
  return Buffer.concat(parts);
}

/** Every top-level array property set to 100,000 entries (small ones, so the body stays under the limit). */
function withHugeArrays(base: unknown, schema: Schema | undefined, ids: { sourceId: string }): unknown {
  const out: Record<string, unknown> =
    base && typeof base === 'object' && !Array.isArray(base) ? { ...base } : {};
  const arrays = Object.entries(schema?.properties ?? {}).filter(([, s]) => s.type === 'array');
  for (const [name, s] of arrays.length > 0 ? arrays : [['items', { type: 'array' } as Schema] as const]) {
    const item = plausible(s.items, ids);
    const entry = JSON.stringify(item).length <= 8 ? item : 0;
    out[name] = new Array(100_000).fill(entry);
  }
  return out;
}

const json = { 'content-type': 'application/json' };

const pathValues = [
  '%00',
  '%FF',
  '%ED%A0%80',
  '%C0%AE%C0%AE',
  '..',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  'x'.repeat(5000),
  "1'%20OR%20'1'='1",
  '%E2%80%AE%F0%9F%98%A2',
  '-1',
];

const queryValues = ['%00', '%FF', '%ED%A0%80', '-1', '1e309', 'x'.repeat(5000), '%5B%5D', ',,,,'];

/** Every malformed request for one operation: bodies, query strings and path parameters. */
export function malformedRequests(op: Operation, ids: { sourceId: string }): FuzzRequest[] {
  const { method } = op;
  const url = fillPath(op.path);
  const base = plausible(op.body, ids);
  const out: FuzzRequest[] = [];
  const valid = JSON.stringify(base);
  const body = (label: string, payload: string | Buffer, headers: Record<string, string> = json) => {
    // A variant that changed nothing (NUL in every string of a body without strings) is no
    // malformed request, and sending it would run the route for real (POST /demo loads a demo).
    if (payload === valid && headers === json) return;
    out.push({ method, url, payload, headers, label });
  };

  body('a string body', JSON.stringify('just text'));
  body('an array body', '[]');
  body('null', 'null');
  body('a number', '42');
  body('missing fields', '{}');
  body('wrong types', JSON.stringify(mapObject(base, () => ({ nested: [1, 2] }))));
  body('huge numbers for everything', JSON.stringify(mapObject(base, () => 0)).replaceAll(':0', ':-1e309'));
  body('extra field nested 5,000 deep', withMember(base, 'extra', deepObject(5_000)));
  body('extra field nested 100,000 deep', withMember(base, 'extra', deepArray(100_000)));
  body('payload nested 5,000 deep', withMember(base, 'payload', deepObject(5_000)));
  body('payload nested 100,000 deep', withMember(base, 'payload', deepObject(100_000)));
  body('the whole body nested 100,000 deep', deepArray(100_000));
  body('100,000-entry arrays', JSON.stringify(withHugeArrays(base, op.body, ids)));
  body('invalid UTF-8 in every string', withInvalidUtf8({ ...asObject(base), text: 'words' }));
  body('NUL in every string', JSON.stringify(mapStrings(base, (s) => `${s}\u0000`)));
  body('a lone surrogate in every string', JSON.stringify(mapStrings(base, (s) => `${s}\ud800`)));
  body('a lone surrogate key', JSON.stringify({ ...asObject(base), '\udfff': 1 }));
  body('prototype keys', withMember(base, '__proto__', '{"admin":true}'));
  body('truncated JSON', JSON.stringify(base).slice(0, -1));
  body('empty body', '');
  body('plain text', 'hello', { 'content-type': 'text/plain' });
  body('invalid UTF-8 plain text', INVALID_UTF8, { 'content-type': 'text/plain; charset=utf-8' });
  body('XML', '<a>1</a>', { 'content-type': 'application/xml' });
  body('a form', 'a=1&b=%FF', { 'content-type': 'application/x-www-form-urlencoded' });
  body('JSON declared Latin-1', JSON.stringify(base), { 'content-type': 'application/json; charset=latin1' });
  body('octet-stream', INVALID_UTF8, { 'content-type': 'application/octet-stream' });

  const names = [...op.query.map((q) => q.name), 'zzz'];
  for (const value of queryValues) {
    out.push({
      method,
      url: `${url}?${names.map((n) => `${n}=${value}`).join('&')}`,
      label: `query ${value.slice(0, 20)}`,
    });
  }
  out.push({
    method,
    url: `${url}?%FF=1&__proto__[admin]=1&constructor[prototype][x]=1`,
    label: 'query keys',
  });
  out.push({
    method,
    url: `${url}?${names.map((n) => `${n}=${'a,'.repeat(20_000)}`).join('&')}`,
    label: 'query lists',
  });
  out.push({ method, url: `${url}?${names.map((n) => `${n}=1&${n}=2`).join('&')}`, label: 'query repeats' });

  for (const value of op.path.includes('{') ? pathValues : []) {
    out.push({
      method,
      url: op.path.replace(/\{[^}]+\}/g, value),
      payload: JSON.stringify(base),
      headers: json,
      label: `path ${value.slice(0, 20)}`,
    });
  }
  return out;
}

const asObject = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const mapObject = (value: unknown, to: (v: unknown) => unknown) =>
  Object.fromEntries(Object.entries(asObject(value)).map(([k, v]) => [k, to(v)]));

function fillPath(path: string): string {
  return path
    .replace('{username}', 'nobody-here')
    .replace('{date}', '2024-01-01')
    .replace('{id}', path.includes('/places/') ? 'sy' : randomUUID())
    .replace(/\{[^}]+\}/g, () => randomUUID());
}
