import type { z } from 'zod';
import { type Config, configSchema } from './schema.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates environment variables against a schema. Empty strings count as unset. Throws a ConfigError
 * listing every bad variable with what it must be.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(defined);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
  });
  throw new ConfigError(
    `Trove's configuration is not valid:\n${lines.join('\n')}\nSee "Configuration" in README.md.`,
  );
}

/** Reads and validates the origin's configuration once per entrypoint. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  return parseEnv(configSchema, env);
}
