import { ConfigError, loadConfig } from '../config/load-config.ts';
import { APPLICATIONS } from '../domain/constants.ts';
import { createLogger } from './logger.ts';
import { runOrigin } from './run.ts';

/** The origin alone (`npm run start:origin`); `npm start` runs it behind the edge (infra/dev/start.ts). */
async function main() {
  const config = loadConfig(process.env);
  const logger = createLogger(config);
  const origin = await runOrigin(config, logger);
  console.log(`Trove's origin is serving on ${origin.url} (database: ${origin.container.db.dialect})`);
  const [guid] = await origin.container.servicesFor({ pinned: true }).catalogue.read.listUpdateGuids(1);
  if (guid) console.log(`Try an update check: ${sampleUpdateUrl(origin.url, guid)}`);
  const stop = () => void origin.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function sampleUpdateUrl(base: string, guid: string): string {
  const query = new URLSearchParams({
    reqVersion: '2',
    id: guid,
    appID: APPLICATIONS.firefox.guid,
    appVersion: '128.0',
  });
  return `${base}/update/VersionCheck.php?${query}`;
}

if (import.meta.main) {
  main().catch((error) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(error instanceof ConfigError ? 2 : 1);
  });
}
