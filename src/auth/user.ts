import { z } from 'zod';
import { zUuid } from '../core/ids.ts';
import { zRole } from './access.ts';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';

export const zUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'use 2–64 lower-case letters, digits, dot, dash or underscore');

export const zNewUser = z.object({ username: zUsername, role: zRole }).strict();

export const zUser = z.object({
  id: zUuid,
  username: z.string(),
  role: zRole,
  totp_enabled: z.boolean(),
  must_change_password: z.boolean(),
  disabled: z.boolean(),
  created_at: z.string(),
});
export type User = z.infer<typeof zUser>;

export const zLogin = z
  .object({
    username: zUsername,
    password: z.string().min(1).max(1000),
    totp: z
      .string()
      .regex(/^\d{6}$/, 'a 6-digit code from the authenticator app')
      .optional(),
  })
  .strict();

export const zPasswordChange = z
  .object({
    current_password: z.string().min(1).max(1000),
    new_password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1000),
  })
  .strict();

export const zSession = z.object({
  user: zUser,
  /** Send back as X-CSRF-Token on every write made with the session cookie. */
  csrf_token: z.string(),
});

export const zNewApiToken = z.object({ name: z.string().trim().min(1).max(200) }).strict();
export const zApiToken = z.object({
  id: zUuid,
  name: z.string(),
  /** Shown once, at creation; only its hash is stored. */
  token: z.string().optional(),
  created_at: z.string(),
});

/** A token as listed and revoked: never the token itself, which only its creator saw. */
export const zApiTokenInfo = z.object({
  id: zUuid,
  name: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type ApiTokenInfo = z.infer<typeof zApiTokenInfo>;

export const zTokenRevocation = z.object({ reason: z.string().max(2000).optional() }).strict();
