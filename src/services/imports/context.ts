// What the apply phase of one import run works with.
import type { IdGenerator } from '../../domain/ids.js';
import type { Site } from '../../domain/types.js';
import type { Store } from '../../store/store.js';
import type { ImportReport } from './report.js';
import type { Scratch } from './scratch.js';
import type { UrlRule } from './url-map.js';

export interface ApplyContext {
  store: Store;
  scratch: Scratch;
  site: Site;
  source: string;
  /** The run's id; a dry run has one too, but writes nothing. */
  importId: string;
  dryRun: boolean;
  now: Date;
  newId: IdGenerator;
  urlRules: readonly UrlRule[];
  report: ImportReport;
  /** Staged author ref → user id (or, in a dry run, a placeholder). */
  authors: Map<number, string>;
  /** Column names per table, read once. */
  columns: Map<string, Set<string>>;
}

export async function columnsOf(ctx: ApplyContext, table: string): Promise<Set<string>> {
  let cols = ctx.columns.get(table);
  if (!cols) {
    cols = new Set(await ctx.store.imports.tableColumns(table));
    ctx.columns.set(table, cols);
  }
  return cols;
}

/** Keeps only the columns the table has (rows from exports of other versions carry others). */
export function onlyColumns(row: Record<string, unknown>, cols: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (cols.has(k)) out[k] = v;
  return out;
}
