// One typed, validated configuration, read from the environment (and CLI flags, which main.ts
// maps onto the same names). The defaults run the embedded setup with no configuration at all.
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Public base URL used in links, feeds and cookies' Secure flag. */
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().default('./data'),
  /** postgres://… selects PostgreSQL; unset means SQLite at DATA_DIR/parley.db. */
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  /** Secret: key for CSRF tokens; generated and kept in the database when unset. */
  SESSION_SECRET: z.string().min(32).optional(),
  PARLEY_ADMIN_EMAIL: z.email().optional(),
  /** Secret. */
  /** The operator's choice is trusted; serve warns when it is shorter than 10 characters. */
  PARLEY_ADMIN_PASSWORD: z.string().min(1).optional(),
  /** Seed the demo publication on first start against an empty database. */
  PARLEY_SEED_DEMO: bool.default(true),
  /** Rate limits; set PARLEY_RATE_LIMITS=off only for benchmarks and tests of throughput. */
  PARLEY_RATE_LIMITS: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Trust X-Forwarded-For from a reverse proxy. */
  TRUST_PROXY: bool.default(false),
  /** smtp://user:pass@host:port or smtps://…; unset writes mails to the log instead. Secret. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'expected smtp://… or smtps://…').optional(),
  /** Sender of account mail, e.g. "Gazette <accounts@example.org>". */
  MAIL_FROM: z.string().min(3).optional(),
  /** Worker threads that render and analyse new comments; unset: 1 when there are 2+ cores. */
  PARLEY_WORKER_THREADS: z.coerce.number().int().min(0).max(16).optional(),
  /** Days between a deletion request and the deletion itself (the user can cancel meanwhile). */
  PARLEY_DELETION_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(14),
});

export type Config = z.infer<typeof ConfigSchema> & {
  /** Resolved absolute data directory. */
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  let database: Config['database'];
  if (c.DATABASE_URL && /^postgres(ql)?:\/\//.test(c.DATABASE_URL)) database = { kind: 'postgres', url: c.DATABASE_URL };
  else if (c.DATABASE_URL && c.DATABASE_URL.startsWith('sqlite:')) database = { kind: 'sqlite', file: path.resolve(c.DATABASE_URL.slice(7)) };
  else if (c.DATABASE_URL) throw new ConfigError('Invalid configuration:\n  DATABASE_URL: expected postgres://… or sqlite:PATH');
  else database = { kind: 'sqlite', file: path.join(dataDir, 'parley.db') };
  return { ...c, dataDir, database };
}
