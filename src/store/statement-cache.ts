// Kysely's SQLite driver asks the database to prepare every query it runs, and preparing (parsing
// and planning the SQL) costs more than running most of our indexed lookups. The store issues a
// few hundred distinct SQL texts, so this wrapper keeps prepared statements by their text, with
// a bound for the texts that vary (IN lists of different lengths), least recently used first out.
import type { Database as SQLiteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export function withStatementCache(sqlite: SQLiteDatabase, maxStatements = 500): SqliteDatabase & { readonly cachedStatements: number } {
  const statements = new Map<string, Statement>();
  return {
    get cachedStatements() {
      return statements.size;
    },
    prepare(sql: string): Statement {
      const kept = statements.get(sql);
      // A statement still being iterated cannot run again until it is done: prepare a fresh one.
      if (kept && !kept.busy) {
        statements.delete(sql);
        statements.set(sql, kept);
        return kept;
      }
      const stmt = sqlite.prepare(sql);
      if (!kept) {
        if (statements.size >= maxStatements) statements.delete(statements.keys().next().value!);
        statements.set(sql, stmt);
      }
      return stmt;
    },
    close(): void {
      statements.clear();
      sqlite.close();
    },
  };
}
