import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_imports.js'; // --- imports (issue 6) ---
import * as m0003 from './0003_moderation.js'; // --- moderation (issue 5) ---
import * as m0004 from './0004_accounts.js'; // --- accounts (issue 4) ---
import * as m0005 from './0005_publishing.js'; // --- publishing (issue 3) ---
import * as m0006 from './0006_embed.js'; // --- embed (issue 7) ---

/** Every migration, in order. Names are stable: they are recorded in the database. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_imports': m0002, // --- imports (issue 6) ---
  '0003_moderation': m0003, // --- moderation (issue 5) ---
  '0004_accounts': m0004, // --- accounts (issue 4) ---
  '0005_publishing': m0005, // --- publishing (issue 3) ---
  '0006_embed': m0006, // --- embed (issue 7) ---
};
