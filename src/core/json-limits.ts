import { TallyError } from './errors.ts';

/**
 * How deeply a client's JSON may nest. Tally's own shapes nest a few levels; free-form `payload`
 * gets generous room. The limit exists because recursive code (JSON.stringify, canonical JSON,
 * PostgreSQL's jsonb) overflows its stack somewhere past a few thousand levels, and a request must
 * never be able to reach that.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The most entries a short list of choices may carry (grades, breakdown dimensions, in a query
 * string or a body): a few times more than there are choices, so repeats still pass, but a
 * 100,000-entry list is refused at once instead of validated entry by entry.
 */
export const CHOICE_LIST_MAX = 50;

const tooDeep = (where: string) =>
  new TallyError(
    'validation_failed',
    `${where}nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels, the most Tally accepts; flatten the structure`,
    { details: { limit: MAX_JSON_DEPTH } },
  );

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * The deepest nesting of `[` and `{` in JSON text, outside strings, in one linear pass without
 * parsing (so it is safe before JSON.parse, which would itself recurse). It stops counting once
 * past `limit`. Malformed text gives some number; JSON.parse reports what is wrong with it.
 */
export function jsonTextDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth -= 1;
  }
  return deepest;
}

/** Refuses JSON text nested deeper than the limit, before it is parsed. */
export function assertJsonTextDepth(text: string, where = 'The JSON body '): void {
  if (jsonTextDepth(text) > MAX_JSON_DEPTH) throw tooDeep(where);
}

/**
 * The nesting depth of a value already in memory (a scalar is 0, `[]` and `{}` are 1), walked with
 * an explicit stack so a value of any depth cannot overflow the call stack. Stops past `limit`.
 */
export function valueDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object' || current instanceof Date) continue;
    const here = depth + 1;
    if (here > deepest) {
      deepest = here;
      if (deepest > limit) return deepest;
    }
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push([child, here]);
    }
  }
  return deepest;
}

/**
 * Refuses a value nested deeper than the limit. Everything hashed, canonicalised or walked
 * recursively calls this first, so values that did not come through the HTTP parser (CLI
 * imports, jobs) are bounded too.
 */
export function assertValueDepth(value: unknown, where = 'The value '): void {
  if (valueDepth(value) > MAX_JSON_DEPTH) throw tooDeep(where);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes bytes as UTF-8, refusing invalid sequences instead of replacing them with U+FFFD:
 * a replaced character would silently change what a source said.
 */
export function decodeUtf8Strictly(bytes: Uint8Array, where = 'The request body'): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new TallyError(
      'validation_failed',
      `${where} is not valid UTF-8; send the text encoded as UTF-8 (Tally never replaces bytes it cannot read)`,
    );
  }
}
