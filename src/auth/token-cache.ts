import type { Db } from '../db/client.ts';
import { type ApiTokenUser, findUserByApiToken, recordApiTokenUse } from './users.repo.ts';

/** Announced by the triggers of migration 0011 whenever an account or a token changes. */
const AUTH_CHANGED = 'tally_auth_changed';
// Recording every use would turn each request into a write; once a minute shows a device's last use.
const RECORD_USE_EVERY_MS = 60_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  user: ApiTokenUser;
  usedRecordedAt: number;
}

/**
 * The account behind each API token, kept between requests: looking it up was half the
 * database work of a report submitted with a token. An entry is trusted only while this
 * process is subscribed to the database's auth-change notifications, so disabling a user,
 * changing a role or revoking a token takes effect at once, whichever process made the change.
 * If the subscription breaks, everything is forgotten and every request asks the database
 * until the subscription is back.
 */
export class ApiTokenCache {
  private readonly entries = new Map<string, Entry>();
  private subscription: 'none' | 'pending' | 'live' = 'none';
  /** Bumped on every change notice, so an answer read before the notice is not kept after it. */
  private generation = 0;

  constructor(private readonly db: Db) {}

  async lookup(tokenHash: string): Promise<ApiTokenUser | undefined> {
    if (this.subscription === 'live') {
      const entry = this.entries.get(tokenHash);
      if (entry) {
        await this.recordUse(entry);
        return entry.user;
      }
    } else {
      this.subscribe();
    }
    const generation = this.generation;
    const user = await findUserByApiToken(this.db, tokenHash);
    if (!user) return undefined;
    const entry: Entry = { user, usedRecordedAt: user.last_used_at?.getTime() ?? 0 };
    await this.recordUse(entry);
    if (this.subscription === 'live' && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(tokenHash, entry);
    }
    return user;
  }

  /** How many tokens are held, and whether one is (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  holds(tokenHash: string): boolean {
    return this.entries.has(tokenHash);
  }

  /** Drops every entry, and any answer being read now: the next request asks the database. */
  forget(): void {
    this.generation += 1;
    this.entries.clear();
  }

  private async recordUse(entry: Entry): Promise<void> {
    const now = Date.now();
    if (now - entry.usedRecordedAt < RECORD_USE_EVERY_MS) return;
    entry.usedRecordedAt = now;
    await recordApiTokenUse(this.db, entry.user.token_id);
  }

  private subscribe(): void {
    if (this.subscription !== 'none') return;
    this.subscription = 'pending';
    const lost = () => {
      this.subscription = 'none';
      this.forget();
    };
    this.db
      .listen(AUTH_CHANGED, () => this.forget(), lost)
      .then(() => {
        if (this.subscription !== 'pending') return;
        // Answers read before the subscription began may predate a change it would have announced.
        this.forget();
        this.subscription = 'live';
      }, lost);
  }
}

const caches = new WeakMap<Db, ApiTokenCache>();

/** The cache of one database handle; it lives, and listens, as long as the handle. */
export function apiTokenCacheFor(db: Db): ApiTokenCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new ApiTokenCache(db);
    caches.set(db, cache);
  }
  return cache;
}
