import http from 'node:http';
import type { Readable } from 'node:stream';

/**
 * A minimal client for Tally's resumable upload protocol over node:http, used by
 * the tests and the benchmark. It can cut a request off after a given number of
 * bytes, as a dropped mobile connection does.
 */
/** Where to send: the server's base URL and an API token (Authorization: Bearer). */
export interface UploadTarget {
  url: string;
  token?: string;
}

const auth = (target: UploadTarget): Record<string, string> =>
  target.token ? { authorization: `Bearer ${target.token}` } : {};

export interface UploadResponse {
  status: number;
  offset: number | undefined;
  itemId: string | undefined;
  body: string;
}

function request(
  target: UploadTarget,
  options: { method: string; path: string; headers?: Record<string, string | number> },
  send: (req: http.ClientRequest) => void,
): Promise<UploadResponse> {
  const url = new URL(options.path, target.url);
  const headers = { ...auth(target), ...options.headers };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: options.method, headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          const offset = res.headers['upload-offset'];
          const itemId = res.headers['tally-evidence-id'];
          resolve({
            status: res.statusCode ?? 0,
            offset: offset === undefined ? undefined : Number(offset),
            itemId: typeof itemId === 'string' ? itemId : undefined,
            body,
          });
        });
      },
    );
    req.on('error', reject);
    send(req);
  });
}

export async function startUpload(
  target: UploadTarget,
  declaration: Record<string, unknown>,
): Promise<UploadResponse & { id: string }> {
  const payload = JSON.stringify(declaration);
  const response = await request(
    target,
    {
      method: 'POST',
      path: '/api/v1/evidence/uploads',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    },
    (req) => req.end(payload),
  );
  const id = response.status < 300 ? (JSON.parse(response.body) as { id: string }).id : '';
  return { ...response, id };
}

export function headUpload(target: UploadTarget, id: string): Promise<UploadResponse> {
  return request(target, { method: 'HEAD', path: `/api/v1/evidence/uploads/${id}` }, (req) => req.end());
}

export function patchUpload(
  target: UploadTarget,
  id: string,
  offset: number,
  body: Buffer | Readable,
  options: { length?: number; checksum?: string } = {},
): Promise<UploadResponse> {
  const length = Buffer.isBuffer(body) ? body.length : options.length;
  const headers: Record<string, string | number> = {
    'content-type': 'application/offset+octet-stream',
    'upload-offset': offset,
    ...(length === undefined ? {} : { 'content-length': length }),
    ...(options.checksum ? { 'upload-checksum': `sha256 ${options.checksum}` } : {}),
  };
  return request(target, { method: 'PATCH', path: `/api/v1/evidence/uploads/${id}`, headers }, (req) => {
    if (Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}

/**
 * Sends a PATCH announcing the whole `body` but only `sendBytes` of it, then
 * drops the connection without waiting for an answer.
 */
export async function patchAndCut(
  target: UploadTarget,
  id: string,
  offset: number,
  body: Buffer,
  sendBytes: number,
): Promise<void> {
  const url = new URL(`/api/v1/evidence/uploads/${id}`, target.url);
  await new Promise<void>((resolve) => {
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'PATCH',
      headers: {
        ...auth(target),
        'content-type': 'application/offset+octet-stream',
        'upload-offset': offset,
        'content-length': body.length,
      },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(body.subarray(0, sendBytes), () => {
      // Give the bytes a moment to reach the server, then vanish like a dropped link.
      setTimeout(() => req.destroy(), 5);
    });
  });
}
