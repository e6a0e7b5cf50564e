import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { TallyError } from '../core/errors.ts';
import { zIsoDate } from '../intake/claim.ts';
import type { Extraction } from './extraction.ts';
import { decodeArticle, unreadableScript } from './input.ts';
import { extractClaims } from './pipeline.ts';
import { loadBundledResolver } from './places.ts';

/** `tally extract FILE|-`: proposes the claims in one article; touches no database. */
export function registerExtractCommands(program: Command, ctx: CliContext): void {
  program
    .command('extract <file>')
    .description('Propose the casualty claims in one English news article (FILE, or - for stdin)')
    .option('--published <date>', 'publication date YYYY-MM-DD, to resolve "on Saturday", "yesterday"')
    .option('--json', 'print the claims as JSON (docs/extract-json.md)')
    .action(async (file: string, o: { published?: string; json?: boolean }) => {
      if (o.published !== undefined && !zIsoDate.safeParse(o.published).success) {
        throw new TallyError('validation_failed', 'The options are not valid', {
          fields: [{ field: 'published', message: 'must be a date as YYYY-MM-DD' }],
        });
      }
      const bytes = file === '-' ? await readStdin() : await readArticle(file);
      const text = decodeArticle(bytes);
      const resolver = await loadBundledResolver();
      const extraction = extractClaims(text, { published: o.published ?? null, resolver });
      const unreadable = extraction.claims.length === 0 ? unreadableScript(text) : null;
      if (unreadable) process.stderr.write(`tally: ${unreadable}\n`);
      if (o.json || ctx.json()) process.stdout.write(`${JSON.stringify(extraction, null, 2)}\n`);
      else process.stdout.write(`${renderExtraction(extraction, text)}\n`);
    });
}

async function readArticle(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TallyError('not_found', `No such file: ${path}`);
    if (code === 'EISDIR')
      throw new TallyError('validation_failed', `${path} is a directory, not an article`);
    throw error;
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** One line per claim for a person reading the terminal. */
export function renderExtraction(extraction: Extraction, text: string): string {
  if (extraction.claims.length === 0) return 'No casualty claims found.';
  return extraction.claims
    .map((claim, index) => {
      const parts = [
        `${index}. ${claim.outcome} ${claim.count.text} ${claim.victims.text ?? claim.victims.group} [${claim.count.qualifier}${claim.count.best == null ? '' : ` ${claim.count.best}`}, ${claim.victims.group}${claim.victims.affiliation ? `/${claim.victims.affiliation}` : ''}]`,
        claim.place
          ? `   place: ${claim.place.text}${claim.place.name ? ` -> ${claim.place.name} (${[claim.place.admin1, claim.place.country].filter(Boolean).join(', ')}; ${claim.place.precision})` : ''}`
          : null,
        claim.date
          ? `   date: ${claim.date.text}${claim.date.start ? ` -> ${claim.date.start === claim.date.end ? claim.date.start : `${claim.date.start}..${claim.date.end}`}` : ''}`
          : null,
        claim.cause ? `   cause: ${claim.cause.text} -> ${claim.cause.type}` : null,
        claim.source ? `   source: ${claim.source.name}` : null,
        claim.cumulative ? '   running total' : null,
        claim.part_of != null ? `   part of #${claim.part_of}` : null,
        claim.supersedes != null ? `   supersedes #${claim.supersedes}` : null,
        `   words: "${text.slice(claim.span[0], claim.span[1]).replace(/\s+/g, ' ')}" [${claim.span[0]}, ${claim.span[1]})`,
      ];
      return parts.filter(Boolean).join('\n');
    })
    .join('\n');
}
