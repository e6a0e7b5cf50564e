import { TallyError } from '../core/errors.ts';
import { MAX_INPUT_CHARS } from './pipeline.ts';

/**
 * Bytes of an article file to text. UTF-8 (with or without BOM) or UTF-16
 * with BOM; binary files (NUL bytes, invalid UTF-8) get a clear error.
 */
export function decodeArticle(bytes: Uint8Array): string {
  if (bytes.length > MAX_INPUT_CHARS * 2)
    throw new TallyError(
      'payload_too_large',
      `The article is ${bytes.length} bytes; the limit is ${MAX_INPUT_CHARS * 2}`,
    );
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.subarray(0, 65_536).includes(0))
    throw new TallyError('validation_failed', 'The input looks binary, not article text');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new TallyError('validation_failed', 'The input is not UTF-8 text');
  }
}

/**
 * Why the English extractor cannot read this text, or null. Arabic wires (SOHR's own bulletins)
 * would otherwise give "no claims" as if they named no dead.
 */
export function unreadableScript(text: string): string | null {
  const sample = text.slice(0, 20_000);
  const arabic = sample.match(/\p{Script=Arabic}/gu)?.length ?? 0;
  const latin = sample.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (arabic <= latin) return null;
  return 'The text is mostly in Arabic script, and the extractor reads English only: add its claims by hand (the review desk, or POST /api/v1/reports/:id/claims).';
}
