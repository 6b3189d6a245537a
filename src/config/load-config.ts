import { type Config, configSchema } from './schema.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates the configuration once per entrypoint. Empty strings count as unset. Throws a
 * ConfigError listing every bad variable with what it must be.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(defined);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
  });
  throw new ConfigError(
    `Trove's configuration is not valid:\n${lines.join('\n')}\nSee "Configuration" in README.md.`,
  );
}
