import { pino } from 'pino';
import type { Config } from '../config/schema.ts';

/** Structured JSON logs on stdout, one line per event; `req_id` ties a request's lines together. */
export function createLogger(config: Pick<Config, 'logLevel'>) {
  return pino({
    level: config.logLevel,
    base: { svc: 'trove-origin' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
