import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { TroveError } from '../domain/errors.ts';
import { createContainer } from '../origin/container.ts';
import { createLogger } from '../origin/logger.ts';
import { runImport } from './import.ts';
import { runSearch } from './search.ts';
import { runSeed } from './seed.ts';
import { UsageError } from './usage-error.ts';
import { runApiKey, runUser } from './users.ts';

const USAGE = `Usage: trove <command> [options]

Commands:
  import FILE.json              add or replace the add-ons in a catalogue file (one transaction)
  seed --addons N [--seed S]    generate a realistic catalogue into an empty database
  migrate                       bring the database schema up to date
  rollup                        recompute average daily users from the update pings of the last 14 days
  search reindex [--url URL]    rebuild the Elasticsearch index (ELASTICSEARCH_URL) from the database
  user create --username U --email E --password P [--group reviewers|admins|NAME=Rules]… [--agree]
                                create a person (groups grant AMO permissions; --agree: developer agreement)
  apikey create|revoke --user U create an API key (prints key and secret) or revoke the user's keys

The database comes from DATABASE_URL, or TROVE_DATA_DIR/trove.db (default .trove/) when unset.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (!['import', 'seed', 'migrate', 'rollup', 'user', 'apikey', 'search'].includes(command)) {
    console.error(`trove: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      addons: { type: 'string' },
      seed: { type: 'string' },
      username: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      group: { type: 'string', multiple: true },
      agree: { type: 'boolean' },
      user: { type: 'string' },
      url: { type: 'string' },
    },
  });
  const config = loadConfig(process.env);
  if (command === 'search') {
    const open = () =>
      createContainer(config, { logger: createLogger({ logLevel: 'warn' }), role: 'command' });
    return await runSearch(positionals, values, open);
  }
  const container = await createContainer(config, {
    logger: createLogger({ logLevel: 'warn' }),
    role: 'command',
  });
  try {
    if (command === 'import') return await runImport(container, positionals[0]);
    if (command === 'seed') return await runSeed(container, values);
    if (command === 'user') return await runUser(container, positionals[0], values);
    if (command === 'apikey') return await runApiKey(container, positionals[0], values);
    if (command === 'rollup') {
      const users = await container.usage.rollUp();
      console.log(`Average daily users updated for ${users.size} add-on(s) with update pings.`);
      return 0;
    }
    console.log(`Schema is up to date (${container.db.dialect}).`);
    return 0;
  } finally {
    await container.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof TroveError) {
      console.error(`trove: ${error.message}`);
      for (const detail of error.details.slice(1, 10)) console.error(`  also ${detail}`);
      if (error.hint) console.error(error.hint);
    } else if (error instanceof ConfigError || error instanceof UsageError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
