import { z } from 'zod';

/** What `tally demo` and `POST /api/v1/demo` accept. */
export const DEMO_DEFAULTS = { seed: 2011, days: 365, reports: 1200 } as const;

export const zDemoOptions = z
  .object({
    seed: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .default(DEMO_DEFAULTS.seed),
    days: z.coerce.number().int().min(7).max(3650).default(DEMO_DEFAULTS.days),
    reports: z.coerce.number().int().min(10).max(5000).default(DEMO_DEFAULTS.reports),
  })
  .strict();
export type DemoOptions = z.infer<typeof zDemoOptions>;

/** The API asks for an explicit yes: loading a sample monitor is not something to do by accident. */
export const zDemoRequest = zDemoOptions
  .extend({ confirm: z.literal(true).describe('Must be true: loads generated demo data') })
  .strict();

export const zDemoSummary = z.object({
  seed: z.number(),
  from: z.string(),
  to: z.string(),
  sources: z.number(),
  reports: z.number(),
  claims: z.number(),
  claims_proposed: z.number(),
  incidents: z.number(),
  victims: z.number(),
  victims_linked: z.number().describe('Victim records linked to the incident they died in'),
  persons: z.number(),
  evidence: z.number(),
  evidence_skipped: z.string().nullable().describe('Why no evidence was loaded, when none was'),
  seconds: z.number(),
});
export type DemoSummary = z.infer<typeof zDemoSummary>;

export const zDemoOffer = z.object({
  offered: z.boolean().describe('True while the database holds no reports: a sample monitor can be loaded'),
});
