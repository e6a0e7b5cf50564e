import { resolve } from 'node:path';
import { z } from 'zod';

/** Settings read once from the environment (and overridden by CLI flags). */
const zConfig = z.object({
  dataDir: z.string().min(1),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  bodyLimitBytes: z.coerce.number().int().positive(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
});

export type Config = z.infer<typeof zConfig>;

export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = zConfig.safeParse({
    dataDir: resolve(overrides.dataDir ?? env.TALLY_DATA ?? 'tally-data'),
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    host: overrides.host ?? env.TALLY_HOST ?? '127.0.0.1',
    port: overrides.port ?? env.PORT ?? 3000,
    bodyLimitBytes: overrides.bodyLimitBytes ?? env.TALLY_BODY_LIMIT ?? 1024 * 1024,
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Tally's configuration is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
