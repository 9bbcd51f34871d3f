import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';

/** Every migration, in order. Names are stable: they are recorded in the database. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
};
