import type { AuditEntry } from '../../src/audit/audit.ts';
import type { MapPoints } from '../../src/dashboard/dashboard.ts';
import type { EvidenceItem } from '../../src/evidence/evidence.ts';
import type { Incident } from '../../src/incidents/incident.ts';
import type { Claim } from '../../src/intake/claim.ts';
import type { Report, ReportWithClaims } from '../../src/intake/report.ts';
import type { Source } from '../../src/sources/source.ts';
import type { Tolls } from '../../src/tolls/toll.ts';
import type { VictimRecord } from '../../src/victims/victim.ts';

export type {
  AuditEntry,
  Claim,
  EvidenceItem,
  Incident,
  MapPoints,
  Report,
  ReportWithClaims,
  Source,
  Tolls,
  VictimRecord,
};

export type Role = 'reporter' | 'analyst' | 'editor' | 'admin';
export interface User {
  id: string;
  username: string;
  role: Role;
  must_change_password?: boolean;
}

/** An answer that was not 2xx: the server's JSON error, with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
  }
}

const CSRF_KEY = 'tally.csrf';

/** The CSRF token from sign-in; kept so a reload (or an offline field phone) stays signed in. */
export const csrf = {
  get: () => localStorage.getItem(CSRF_KEY),
  set: (token: string | null) =>
    token ? localStorage.setItem(CSRF_KEY, token) : localStorage.removeItem(CSRF_KEY),
};

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = csrf.get();
  if (token && method !== 'GET') headers['x-csrf-token'] = token;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok)
    throw new ApiError(
      response.status,
      String(data.error ?? 'error'),
      String(data.message ?? response.statusText),
      (data.fields as ApiError['fields']) ?? [],
    );
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});

/** Query string from the defined values only. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Place {
  id: string;
  level: string;
  name_en: string;
  name_ar: string | null;
  lat: number | null;
  lon: number | null;
}
