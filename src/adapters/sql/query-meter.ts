/** Receives one call per SQL statement run; the origin attributes them to the current request. */
export interface QueryMeter {
  record(durationMs: number): void;
}

export const NO_METER: QueryMeter = { record() {} };
