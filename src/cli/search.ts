import { Client } from '@elastic/elasticsearch';
import { SingleBar } from 'cli-progress';
import { z } from 'zod';
import { ElasticsearchSearchIndex } from '../adapters/search/elasticsearch-search-index.ts';
import { SqlSearchDocuments } from '../adapters/sql/search-documents.ts';
import type { Container } from '../origin/container.ts';
import { UsageError } from './usage-error.ts';

const USAGE = 'Usage: trove search reindex [--url http(s)://[user:pass@]host:9200]';
const ELASTICSEARCH_URL = z.url({ protocol: /^https?$/ });

export interface SearchCommandOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The Elasticsearch client for a URL (tests pass one over a mocked connection). */
  readonly client?: (url: string) => Client;
}

/**
 * `trove search reindex`: with Elasticsearch (`--url` or ELASTICSEARCH_URL), loads every public add-on into a
 * new index and swaps the alias; the built-in engine needs nothing, the origin builds it at start.
 */
export async function runSearch(
  positionals: readonly string[],
  values: { url?: string },
  openContainer: () => Promise<Pick<Container, 'db' | 'close'>>,
  opts: SearchCommandOptions = {},
): Promise<number> {
  const [subcommand] = positionals;
  if (subcommand !== 'reindex') {
    throw new UsageError(`trove search: unknown subcommand "${subcommand ?? ''}"\n${USAGE}`);
  }
  const raw = values.url ?? (opts.env ?? process.env).ELASTICSEARCH_URL;
  if (!raw) {
    console.log(
      'Search runs on the built-in engine: each origin builds its index in memory from the database when it ' +
        'starts and keeps it current, so there is nothing to reindex. To reindex Elasticsearch, set ' +
        'ELASTICSEARCH_URL or pass --url.',
    );
    return 0;
  }
  const parsed = ELASTICSEARCH_URL.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(
      `trove search: the Elasticsearch URL must be http(s)://host:port, got "${raw}"\n${USAGE}`,
    );
  }
  const client = (opts.client ?? ((node: string) => new Client({ node })))(parsed.data);
  const container = await openContainer();
  try {
    const source = new SqlSearchDocuments(container.db.replica().db);
    const index = new ElasticsearchSearchIndex(client);
    const started = performance.now();
    const bar = new SingleBar({
      format: 'Reindexing [{bar}] {percentage}% | {value}/{total} add-ons | ETA {eta}s',
      stream: process.stdout,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    });
    bar.start(await source.count(), 0);
    const result = await index
      .reindex(source.batches(), (done) => bar.update(done))
      .finally(() => bar.stop());
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Indexed ${result.documents} add-ons into ${result.index} in ${seconds} s; "${index.alias}" now points to it.`,
    );
    return 0;
  } finally {
    await container.close();
    await client.close();
  }
}
