// Statements run on every posted comment, compiled once per database instead of per call.
//
// Building and compiling a Kysely insert costs more than SQLite takes to run it. The SQL of an
// insert with a fixed set of columns does not change between calls, only its parameters: the
// row's values in column order (then the values of an ON CONFLICT update). The first call
// compiles normally and keeps the SQL only if the compiled parameters are exactly the values the
// caller lists, in that order; later calls reuse the SQL with new values. A value that is not a
// plain string, number, bigint, boolean or null (undefined drops a column; an expression changes
// the SQL) always takes the ordinary path. Selects work the same way: their parameters are the
// compared values in the order of the where clauses (then the limit). The SQL is kept per
// dialect adapter, so a process talking to SQLite and PostgreSQL keeps one text for each.
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';

type Executes = Pick<Kysely<never>, 'executeQuery' | 'getExecutor'>;

const isPlain = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';

function sameParameters(compiled: readonly unknown[], expected: readonly unknown[]): boolean {
  return compiled.length === expected.length && compiled.every((v, i) => Object.is(v, expected[i]));
}

/** One cached statement: call with the database (or transaction), a builder, and the values. */
export function compiledOnce<Row = unknown>(): (db: Executes, build: () => Compilable<Row>, parameters: readonly unknown[]) => Promise<QueryResult<Row>> {
  // Per dialect adapter: the compiled SQL, or null when this statement cannot be reused.
  const kept = new WeakMap<object, string | null>();
  return (db, build, parameters) => {
    const adapter = db.getExecutor().adapter;
    const sql = kept.get(adapter);
    if (typeof sql === 'string' && parameters.every(isPlain)) return db.executeQuery(CompiledQuery.raw(sql, [...parameters]) as CompiledQuery<Row>);
    const compiled = build().compile();
    if (sql === undefined && parameters.every(isPlain)) kept.set(adapter, sameParameters(compiled.parameters, parameters) ? compiled.sql : null);
    return db.executeQuery(compiled);
  };
}
