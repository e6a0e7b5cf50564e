import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. A request is logged by method and path only: never its
 * body, query string, headers or client address, because a report's text or a
 * reporter's address in a log file can expose a source.
 */
export function createLogger(
  level: string,
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      level,
      base: { app: 'tally' },
      serializers: {
        req: (req: { method?: string; url?: string }) => ({
          method: req.method,
          path: req.url?.split('?')[0],
        }),
        res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
