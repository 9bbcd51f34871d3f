import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_imports.js';
import * as m0003 from './0003_moderation.js';
import * as m0004 from './0004_accounts.js';
import * as m0005 from './0005_publishing.js';
import * as m0006 from './0006_embed.js';
import * as m0007 from './0007_perf_indexes.js';

/** Every migration, in order. Names are stable: they are recorded in the database. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_imports': m0002,
  '0003_moderation': m0003,
  '0004_accounts': m0004,
  '0005_publishing': m0005,
  '0006_embed': m0006,
  '0007_perf_indexes': m0007,
};
