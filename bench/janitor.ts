// Cleans up after a benchmark run that could not clean up after itself: started detached by
// run.ts, it waits for that process to end (normally, or killed outright, e.g. by a wrapper's
// SIGKILL), then removes the run's temporary directory and drops its temporary PostgreSQL
// database, if they are still there. Bounded: gives up after six hours.
//
//   node --import tsx bench/janitor.ts PARENT_PID TMP_DIR [DB_NAME]   (admin URL: BENCH_JANITOR_ADMIN_URL)
import fs from 'node:fs';
import pg from 'pg';

const [pidText, tmpDir, dbName] = process.argv.slice(2);
const adminUrl = process.env.BENCH_JANITOR_ADMIN_URL;
const parent = Number(pidText);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function sweep(): Promise<void> {
  if (tmpDir && tmpDir.includes('parley-bench-')) fs.rmSync(tmpDir, { recursive: true, force: true });
  if (adminUrl && dbName && /^parley_bench_[a-z0-9_]+$/.test(dbName)) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
}

const giveUpAt = Date.now() + 6 * 3600_000;
const timer = setInterval(() => {
  if (alive(parent) && Date.now() < giveUpAt) return;
  clearInterval(timer);
  sweep().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}, 300);
