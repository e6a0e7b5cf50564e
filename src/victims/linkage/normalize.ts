import type { z } from 'zod';
import { nameKey, nameSkeleton } from '../../names/normalize.ts';
import type { zNormalize } from './config.ts';

type Mode = z.infer<typeof zNormalize>;

/** The form of a cell that comparisons and blocking keys use; '' means missing. */
export function normalizeCell(raw: string, mode: Mode): string {
  const trimmed = raw.trim();
  if (trimmed === '') return '';
  switch (mode) {
    case 'none':
      return trimmed;
    case 'lower':
      return trimmed.toLowerCase().replace(/\s+/g, ' ');
    case 'digits':
      return trimmed.replace(/\D/g, '');
    case 'name':
      return nameKey(trimmed) || trimmed.toLowerCase();
  }
}

/** Consonant skeleton of a name in either script ("Muhammad" and "محمد" → "mhmd"). */
export function skeletonOf(raw: string): string {
  return nameSkeleton(raw);
}
