// Group commit for SQLite: the write transactions asked for during one turn of the event loop
// run in one database transaction, each inside its own savepoint, and are committed together.
//
// Why: with one connection and WAL, a commit costs more than the statements of a typical write
// (every page the transaction touched is appended to the WAL, and comments carry several
// indexes). Concurrent posts touch mostly the same pages (the newest leaf of each index, the
// article's row), so committing ten of them at once writes little more than committing one.
//
// What each caller sees is what a transaction of its own would give:
//   - its function runs alone on the connection, after the functions queued before it, and sees
//     their writes (as it would had they committed just before);
//   - if its function throws, its savepoint is rolled back and only its promise rejects;
//   - its promise settles after COMMIT, so nothing is acknowledged before it is durable; if the
//     COMMIT itself fails, every caller of the batch gets the error and nothing was written.
// A batch of one runs as the plain transaction it always was. Nested calls inside a function
// run in the caller's transaction (KyselyStore passes inTransaction) and never reach the queue.
import { type Kysely, sql } from 'kysely';

interface Job<DB> {
  run: (db: Kysely<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The largest number of transactions committed together (a bound on one batch's latency). */
const MAX_BATCH = 64;

export class GroupCommit<DB> {
  private queue: Job<DB>[] = [];
  private scheduled = false;

  constructor(private readonly db: Kysely<DB>) {}

  /** Runs `run` in a transaction shared with the others queued in this turn of the event loop. */
  transaction<T>(run: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const jobs = this.queue.splice(0, MAX_BATCH);
      if (jobs.length === 1) {
        const job = jobs[0]!;
        this.db.transaction().execute(job.run).then(job.resolve, job.reject);
      } else {
        // Kysely queues connection use, so batches run one after another in order.
        this.db
          .connection()
          .execute((conn) => runBatch(conn, jobs))
          .then(
            (outcomes) => outcomes.forEach((o, i) => (o.ok ? jobs[i]!.resolve(o.value) : jobs[i]!.reject(o.error))),
            (error: unknown) => jobs.forEach((job) => job.reject(error)),
          );
      }
    }
  }
}

async function runBatch<DB>(conn: Kysely<DB>, jobs: readonly Job<DB>[]): Promise<Outcome[]> {
  await sql`begin immediate`.execute(conn);
  const outcomes: Outcome[] = [];
  try {
    for (const job of jobs) {
      await sql`savepoint parley_job`.execute(conn);
      try {
        outcomes.push({ ok: true, value: await job.run(conn) });
      } catch (error) {
        await sql`rollback to parley_job`.execute(conn);
        outcomes.push({ ok: false, error });
      }
      await sql`release parley_job`.execute(conn);
    }
    await sql`commit`.execute(conn);
  } catch (error) {
    // A failed savepoint statement or COMMIT: nothing of the batch stays.
    await sql`rollback`.execute(conn).catch(() => undefined);
    throw error;
  }
  return outcomes;
}
