// Kysely's SQLite dialect with the one connection handed out first come, first served.
//
// SQLite has one connection, so Kysely guards it with a lock. Kysely's own lock wakes every
// waiter on each release and lets whoever runs first take it: with fifty requests each running
// a dozen statements, that is a wake-up per waiter per statement, and no order is promised.
// This lock keeps a queue and hands the connection straight to the next in line.
import { type DatabaseConnection, type Driver, SqliteDialect, type TransactionSettings } from 'kysely';

class FifoLock {
  private locked = false;
  private readonly waiting: (() => void)[] = [];
  private head = 0;

  lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  unlock(): void {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head]!;
      this.waiting[this.head++] = undefined as never;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      next(); // stays locked: ownership passes to the next in line
    } else {
      this.locked = false;
    }
  }
}

/** Wraps Kysely's SQLite driver: the queue is ours, everything else is Kysely's. */
class FairSqliteDriver implements Driver {
  private readonly queue = new FifoLock();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.queue.lock();
    // Never contended: only the holder of our lock gets here.
    return this.inner.acquireConnection();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(connection);
    this.queue.unlock();
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  savepoint: Driver['savepoint'] = (...args) => this.inner.savepoint!(...args);
  rollbackToSavepoint: Driver['rollbackToSavepoint'] = (...args) => this.inner.rollbackToSavepoint!(...args);
  releaseSavepoint: Driver['releaseSavepoint'] = (...args) => this.inner.releaseSavepoint!(...args);

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

export class FairSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return new FairSqliteDriver(super.createDriver());
  }
}
