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

function check(text: string, path: string[]): UnstorableText | null {
  const hit = unstorable.find(({ found }) => found(text));
  return hit ? { field: path.join('.') || '(root)', problem: hit.problem, remedy: hit.remedy } : null;
}

/** The first string or key in a JSON value that cannot be stored as given, or null. */
function findUnstorableText(value: unknown, path: string[] = []): UnstorableText | null {
  if (typeof value === 'string') return check(value, path);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = check(key, [...path, key]) ?? findUnstorableText(item, [...path, key]);
      if (found) return found;
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
