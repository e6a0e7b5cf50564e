import type { FastifyInstance } from 'fastify';
import { TallyError } from '../core/errors.ts';
import { assertJsonTextDepth, decodeUtf8Strictly } from '../core/json-limits.ts';

/** Refuses a body declared in another charset: read as UTF-8 anyway, its words could change. */
function assertUtf8Charset(contentType: string | undefined): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new TallyError(
      'unsupported_media_type',
      `The body is declared as charset=${charset}, but Tally reads text only as UTF-8; encode it as UTF-8 and send charset=utf-8 or no charset`,
    );
  }
}

/**
 * Replaces Fastify's JSON and plain-text parsers with ones that read the raw bytes: Fastify's
 * own decode invalid UTF-8 to U+FFFD, which would store words the source never sent. JSON is
 * also measured for depth before JSON.parse, which recurses and would overflow on deep input.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  // Keeps Fastify's protection against __proto__ and constructor.prototype keys.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      assertUtf8Charset(request.headers['content-type']);
      const text = decodeUtf8Strictly(body as Buffer);
      assertJsonTextDepth(text);
      parseJson(request, text, done);
    } catch (error) {
      done(error as TallyError, undefined);
    }
  });
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      assertUtf8Charset(request.headers['content-type']);
      done(null, decodeUtf8Strictly(body as Buffer));
    } catch (error) {
      done(error as TallyError, undefined);
    }
  });
}

/**
 * Refuses a URL whose percent-escapes do not decode to UTF-8 (`%FF`, or `%ED%A0%80`, a lone
 * surrogate): the router and the query parser would otherwise pass the escape on undecoded or
 * replaced, and a lookup would run on text the client did not mean.
 */
export function refuseUndecodableUrls(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.includes('%')) return;
    try {
      decodeURIComponent(request.url);
    } catch {
      throw new TallyError(
        'validation_failed',
        'The URL holds a percent-escape that is not valid UTF-8 (such as %FF); percent-encode the UTF-8 bytes of the text',
      );
    }
  });
}
