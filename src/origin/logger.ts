import { pino } from 'pino';
import type { Config } from '../config/schema.ts';
import { BatchedDestination } from './log-destination.ts';

/**
 * Structured JSON logs on stdout, one line per event; `req_id` ties a request's lines together. Lines are
 * written in batches (see BatchedDestination): a line reaches stdout within 200 ms, and at exit.
 */
export function createLogger(config: Pick<Config, 'logLevel'>) {
  const destination = new BatchedDestination();
  process.once('exit', () => destination.flushSync());
  return pino(
    { level: config.logLevel, base: { svc: 'trove-origin' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
}
