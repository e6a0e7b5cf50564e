import type { Actor } from '../core/actor.ts';
import type { ExportStream } from './export.service.ts';

/** An analyst, for calling export services directly. */
export const analystActorForTests: Actor = { id: 'test-analyst', role: 'analyst' };

/** An export's whole body as one string (tests only: real callers stream it). */
export async function collectExport(file: ExportStream): Promise<string> {
  let text = '';
  for await (const chunk of file.body()) text += chunk;
  return text;
}
