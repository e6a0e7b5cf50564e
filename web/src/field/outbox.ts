import { ApiError, api, csrf } from '../api.ts';
import { signal } from '../signal.ts';

/**
 * Field reports wait here, in IndexedDB, with the UUID they were given when saved. Each is
 * removed only after the server acknowledged it (201 stored, or 200: stored by an earlier
 * attempt whose answer was lost), so a dropped connection or a closed tab never loses one and
 * a retry never makes a second.
 */
export interface OutboxFile {
  uploadId: string;
  name: string;
  type: string;
  size: number;
  blob: Blob;
  sha256?: string;
  sent: number;
  done: boolean;
}

export interface OutboxItem {
  id: string;
  body: Record<string, unknown> & { source_id: string };
  files: OutboxFile[];
  savedAt: string;
  attempts: number;
  error?: string;
  refused?: boolean;
}

const DB_NAME = 'tally-field';
const STORE = 'outbox';

export const outbox = signal<OutboxItem[]>([]);
export const syncing = signal(false);

function openStore(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openStore();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = run(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

export async function refreshOutbox(): Promise<OutboxItem[]> {
  const items = await tx<OutboxItem[]>('readonly', (store) => store.getAll() as IDBRequest<OutboxItem[]>);
  items.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
  outbox.set(items);
  return items;
}

const put = (item: OutboxItem) => tx('readwrite', (store) => store.put(item));
const remove = (id: string) => tx('readwrite', (store) => store.delete(id));

/** A v4 UUID, also where crypto.randomUUID is missing (plain HTTP on a local network). */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function saveReport(body: OutboxItem['body'], files: File[]): Promise<OutboxItem> {
  const item: OutboxItem = {
    id: body.id as string,
    body,
    files: files.map((file) => ({
      uploadId: uuid(),
      name: file.name,
      type: file.type || 'application/octet-stream',
      size: file.size,
      blob: file,
      sent: 0,
      done: false,
    })),
    savedAt: new Date().toISOString(),
    attempts: 0,
  };
  await put(item);
  await refreshOutbox();
  return item;
}

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const CHUNK = 256 * 1024;

/** Sends one attachment with the resumable (tus) protocol, from wherever the server says it stands. */
async function upload(item: OutboxItem, file: OutboxFile): Promise<void> {
  file.sha256 ??= await sha256Hex(file.blob);
  const started = await api<{ offset: number; status: string }>('POST', '/evidence/uploads', {
    id: file.uploadId,
    sha256: file.sha256,
    length: file.size,
    filename: file.name,
    report_id: item.id,
    source_id: item.body.source_id,
  });
  let offset = started.offset;
  while (offset < file.size) {
    const response = await fetch(`/api/v1/evidence/uploads/${file.uploadId}`, {
      method: 'PATCH',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/offset+octet-stream',
        'tus-resumable': '1.0.0',
        'upload-offset': String(offset),
        'x-csrf-token': csrf.get() ?? '',
      },
      body: file.blob.slice(offset, Math.min(file.size, offset + CHUNK)),
    });
    if (response.status === 409) {
      // Out of step (a chunk landed but its answer was lost): ask where the server stands.
      const head = await fetch(`/api/v1/evidence/uploads/${file.uploadId}`, {
        method: 'HEAD',
        credentials: 'same-origin',
      });
      offset = Number(head.headers.get('upload-offset') ?? offset);
      continue;
    }
    if (!response.ok) {
      const data = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
      throw new ApiError(response.status, data.error ?? 'error', data.message ?? response.statusText);
    }
    offset = Number(response.headers.get('upload-offset') ?? offset + CHUNK);
    file.sent = offset;
    await put(item);
    await refreshOutbox();
  }
  file.done = true;
  await put(item);
}

/** Sends everything that waits, oldest first; stops at the first network failure. */
export async function syncOutbox(): Promise<void> {
  if (syncing.value) return;
  syncing.set(true);
  try {
    for (const item of await refreshOutbox()) {
      if (item.refused) continue;
      item.attempts += 1;
      try {
        for (const file of item.files) if (!file.done) await upload(item, file);
        await api('POST', '/reports', item.body);
        await remove(item.id);
      } catch (error) {
        if (!(error instanceof ApiError)) {
          await put(item); // the network is down: keep it, try again later
          break;
        }
        if (error.status === 401 || error.status === 403) {
          item.error = error.message;
          await put(item);
          break; // sign in again; nothing is lost meanwhile
        }
        item.error = error.message;
        item.refused =
          error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
        await put(item);
      }
    }
  } finally {
    await refreshOutbox().catch(() => undefined);
    syncing.set(false);
  }
}

/** Retry a refused report (after the reporter fixed what the server named, e.g. the source). */
export async function retry(item: OutboxItem, changes: Partial<OutboxItem['body']> = {}): Promise<void> {
  await put({ ...item, body: { ...item.body, ...changes }, refused: false, error: undefined });
  await syncOutbox();
}

let started = false;
/** Sync when the connection returns, when the page opens, and every 30 seconds. */
export function startOutbox(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => void syncOutbox());
  setInterval(() => {
    if (navigator.onLine) void syncOutbox();
  }, 30_000);
  void refreshOutbox().then(() => (navigator.onLine ? syncOutbox() : undefined));
}
