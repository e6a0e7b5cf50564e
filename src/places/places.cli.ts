import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type CliContext, table } from '../cli/context.ts';
import { parseInput } from '../cli/parse.ts';
import { cliActor } from '../core/actor.ts';
import { TallyError } from '../core/errors.ts';
import { placeLevels, zNewPlace, zPrefixQuery, zResolveQuery } from './place.ts';
import { parseGeoNamesDump, parseOchaCsv } from './places.import.ts';
import { createPlace, databaseResolver, getPlace, importPlaces, searchPlaces } from './places.service.ts';
import { bundledResolver, type PlaceCandidate } from './resolve.ts';

const candidateTable = (candidates: PlaceCandidate[]) =>
  candidates.length === 0
    ? 'unknown: no place fits'
    : table(
        candidates.map((c) => ({ ...c, name_ar: c.name_ar ?? '' })),
        ['score', 'name', 'name_ar', 'precision', 'admin1', 'country', 'id', 'matched'],
      );

export function registerPlaceCommands(program: Command, ctx: CliContext): void {
  const places = program.command('places').description('Search, resolve and extend the gazetteer');

  places
    .command('resolve <text>')
    .description('Resolve a place phrase ("rebel-held Aazaz", "ريف دمشق") to ranked candidates')
    .option('--country <iso2>', 'prefer places in this country, e.g. SY')
    .option('--admin1 <name>', 'a governorate already named nearby')
    .option('--bundled', 'use the shipped gazetteer only, without opening the database')
    .action(async (text: string, o: { country?: string; admin1?: string; bundled?: boolean }) => {
      const query = parseInput(zResolveQuery, { q: text, country: o.country, admin1: o.admin1 });
      const context = {
        ...(query.country ? { country: query.country } : {}),
        ...(query.admin1 ? { admin1: query.admin1 } : {}),
      };
      const candidates = o.bundled
        ? bundledResolver().resolve(query.q, context)
        : await ctx.withDb(async (db) => (await databaseResolver(db)).resolve(query.q, context));
      ctx.print({ query: query.q, candidates }, () => candidateTable(candidates));
    });

  places
    .command('search <prefix>')
    .description('Places whose name starts with PREFIX, in Latin or Arabic script (autocomplete)')
    .option('--country <iso2>', 'only this country')
    .option('--limit <n>', 'how many', '10')
    .action(async (prefix: string, o: { country?: string; limit: string }) => {
      const query = parseInput(zPrefixQuery, { prefix, country: o.country, limit: o.limit });
      const items = await ctx.withDb((db) => searchPlaces(db, query));
      ctx.print({ items }, () => table(items, ['id', 'name_en', 'name_ar', 'level', 'country_code', 'kind']));
    });

  places
    .command('show <id>')
    .description('Show one place with its ancestors')
    .action(async (id: string) => {
      const place = await ctx.withDb((db) => getPlace(db, id));
      ctx.print(place, () =>
        [
          `${place.name_en}${place.name_ar ? ` / ${place.name_ar}` : ''} (${place.level}, ${place.id})`,
          `in: ${place.ancestors.map((a) => a.name_en).join(' > ') || '-'}`,
          `point: ${place.lat ?? '-'}, ${place.lon ?? '-'}`,
          `alternates: ${place.alternates.join(', ') || '-'}`,
        ].join('\n'),
      );
    });

  places
    .command('add <name>')
    .description('Add a neighbourhood, village, checkpoint, hospital or military post')
    .requiredOption('--parent <id>', 'the place it lies in, e.g. gn-169577 (Homs city); see `places search`')
    .option('--level <level>', `one of: ${placeLevels.join(', ')}`, 'neighbourhood')
    .option('--kind <kind>', 'neighbourhood, village, checkpoint, hospital, military_post...')
    .option('--ar <name>', 'the name in Arabic script')
    .option('--alt <name...>', 'other spellings')
    .option('--lat <lat>', 'latitude')
    .option('--lon <lon>', 'longitude')
    .option('--pcode <code>', 'OCHA P-code')
    .option('--id <id>', 'choose the id (default: made from the parent and the name)')
    .action(async (name: string, o: Record<string, string | string[] | undefined>) => {
      const input = parseInput(zNewPlace, {
        id: o.id,
        name_en: name,
        name_ar: o.ar,
        alternates: o.alt,
        level: o.level,
        kind: o.kind,
        parent_id: o.parent,
        lat: o.lat === undefined ? undefined : Number(o.lat),
        lon: o.lon === undefined ? undefined : Number(o.lon),
        pcode: o.pcode,
      });
      const { created, value } = await ctx.withDb((db) => createPlace(db, cliActor, input));
      ctx.print(
        value,
        () => `${created ? 'Added' : 'Already there'}: ${value.id} (${value.level}, ${value.name_en})`,
      );
    });

  places
    .command('import <file>')
    .description('Import places from a GeoNames dump (SY.txt, cities500.txt) or an OCHA P-code CSV')
    .option('--format <format>', 'geonames or ocha (default: guessed from the file)')
    .option('--country <iso2>', 'country of an OCHA file without an admin0 column', 'SY')
    .action(async (file: string, o: { format?: string; country: string }) => {
      const text = readFileSync(file, 'utf8');
      const format = o.format ?? (/^\d+\t/.test(text) ? 'geonames' : 'ocha');
      if (format !== 'geonames' && format !== 'ocha')
        throw new TallyError('validation_failed', '--format must be geonames or ocha');
      const result = await ctx.withDb(async (db) => {
        const resolver = await databaseResolver(db);
        const countries = new Set(
          [...resolver.index.byId.values()]
            .filter((p) => p.place.level === 'country')
            .map((p) => p.place.country_code),
        );
        const batch =
          format === 'geonames'
            ? parseGeoNamesDump(text, countries)
            : parseOchaCsv(text, resolver, o.country.toUpperCase());
        const done = await importPlaces(db, cliActor, batch.rows, `${format}:${file}`);
        return { ...done, unusable: batch.skipped };
      });
      ctx.print(
        result,
        () =>
          `Imported ${result.inserted} places; ${result.skipped} already there; ${result.unusable} lines not usable`,
      );
    });
}
