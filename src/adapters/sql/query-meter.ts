import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

import type { StatementMeter } from '../../domain/ports.ts';

/** Counts every statement a Kysely handle runs, timing it from compile to result. */
class MeterPlugin implements KyselyPlugin {
  readonly #meter: StatementMeter;
  readonly #started = new WeakMap<object, number>();

  constructor(meter: StatementMeter) {
    this.#meter = meter;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#started.set(args.queryId, performance.now());
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const started = this.#started.get(args.queryId);
    this.#meter.record(started === undefined ? 0 : performance.now() - started);
    return args.result;
  }
}

/**
 * The same database handle, reporting each statement to `meter`. Cheap enough per request: Kysely shares
 * the driver and pool; only the plugin list is new.
 */
export function metered<DB>(db: Kysely<DB>, meter: StatementMeter | undefined): Kysely<DB> {
  return meter ? db.withPlugin(new MeterPlugin(meter)) : db;
}
