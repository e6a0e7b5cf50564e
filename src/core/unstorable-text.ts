import { TallyError } from './errors.ts';

/**
 * Characters a JSON body can carry but PostgreSQL text and jsonb cannot hold
 * as given: NUL, and a lone UTF-16 surrogate (`"\ud800"` is valid JSON, but
 * no UTF-8 encodes it, so storing it would silently change what the source
 * said or fail deep inside a write). Callers refuse these before any write.
 */
const unstorable: { found: (text: string) => boolean; problem: string; remedy: string }[] = [
  {
    found: (text) => text.includes('\u0000'),
    problem: 'a NUL character',
    remedy: 'remove the NUL (\\u0000) character',
  },
  {
    // With the u flag a proper surrogate pair is one code point, so \p{Cs} matches only a lone half.
    found: (text) => /\p{Cs}/u.test(text),
    problem: 'an unpaired UTF-16 surrogate, which is not a Unicode character',
    remedy: 'send the text as valid Unicode: a \\uD800-\\uDFFF escape must be half of a pair',
  },
];

interface UnstorableText {
  /** Dotted path to the string or key, `(root)` for a bare string. */
  field: string;
  problem: string;
  remedy: string;
}

/** Where a value sits: its key and its parent's place, so a path is built only when one is reported. */
interface Place {
  key: string;
  parent: Place | null;
}

function pathOf(place: Place | null): string {
  const keys: string[] = [];
  for (let at = place; at; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.') || '(root)';
}

function check(text: string, place: Place | null): UnstorableText | null {
  const hit = unstorable.find(({ found }) => found(text));
  return hit ? { field: pathOf(place), problem: hit.problem, remedy: hit.remedy } : null;
}

/**
 * The first string or key in a JSON value that cannot be stored as given, or null. Walked with an
 * explicit stack, in document order, so a value of any depth cannot overflow the call stack.
 */
function findUnstorableText(value: unknown): UnstorableText | null {
  const stack: { value: unknown; place: Place | null }[] = [{ value, place: null }];
  while (stack.length > 0) {
    const { value: current, place } = stack.pop() as { value: unknown; place: Place | null };
    if (typeof current === 'string') {
      const found = check(current, place);
      if (found) return found;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const entries: [string, unknown][] = Array.isArray(current)
      ? current.map((item, index) => [String(index), item])
      : Object.entries(current);
    if (!Array.isArray(current)) {
      for (const [key] of entries) {
        const found = check(key, { key, parent: place });
        if (found) return found;
      }
    }
    // Pushed in reverse so the first entry is looked at first, as a recursive walk would.
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, item] = entries[i] as [string, unknown];
      stack.push({ value: item, place: { key, parent: place } });
    }
  }
  return null;
}

/**
 * The 400 for a value holding text that cannot be stored, naming the field and what to do, or
 * null. `where` says where the value came from ("line 5: ") for imports.
 */
export function unstorableTextError(value: unknown, where = ''): TallyError | null {
  const found = findUnstorableText(value);
  if (!found) return null;
  return new TallyError(
    'validation_failed',
    `${where}${found.field} contains ${found.problem}, which cannot be stored`,
    {
      fields: [{ field: found.field, message: `${found.problem}: ${found.remedy}` }],
    },
  );
}
