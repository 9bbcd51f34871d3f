// `npm run bench`: every benchmark of the repository, one after the other, each in its own
// process so one's memory and threads never colour the next one's figures.
//
//   npm run bench                       core, moderation, import, live
//   npm run bench -- core live          only those suites
//   npm run bench -- --postgres         core on PostgreSQL (the others choose their own databases)
//
// Suites:
//   core        bench/run.ts: the Budgets table of DESIGN.md (JSON and HTML reads at 500 and
//               50,000 comments, posting, read after write, the ceiling), ~3 minutes
//   moderation  bench/moderation.ts: scorers' ms per comment, precision and recall
//   import      bench/import.ts: a generated 1,000,000-comment Disqus export into SQLite
//               (BENCH_IMPORT_COMMENTS to change the size)
//   live        bench/live.ts: post → delivery delay with 1,000 and 5,000 readers, one process
//               and two processes over PostgreSQL + Redis
//   accounts    bench/accounts.ts: sign-in, SSO verification, name rules (not run by default)
//
// Each suite prints its own report and writes bench/results/; this script ends with a list of
// what ran, how long it took and whether it finished.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Suite {
  script: string;
  args: (options: { postgres: boolean }) => string[];
  byDefault: boolean;
}

const SUITES: Record<string, Suite> = {
  core: { script: 'bench/run.ts', args: ({ postgres }) => (postgres ? ['--postgres'] : []), byDefault: true },
  moderation: { script: 'bench/moderation.ts', args: () => [], byDefault: true },
  import: { script: 'bench/import.ts', args: () => ['--comments', process.env.BENCH_IMPORT_COMMENTS ?? '1000000'], byDefault: true },
  live: { script: 'bench/live.ts', args: () => [], byDefault: true },
  accounts: { script: 'bench/accounts.ts', args: () => [], byDefault: false },
};

function parse(argv: string[]): { names: string[]; postgres: boolean } {
  const postgres = argv.includes('--postgres');
  const named = argv.filter((a) => !a.startsWith('--'));
  const unknown = named.filter((n) => !(n in SUITES));
  if (unknown.length > 0) {
    console.error(`Unknown suite ${unknown.map((n) => `"${n}"`).join(', ')}; the suites are: ${Object.keys(SUITES).join(', ')}.`);
    process.exit(2);
  }
  const names = named.length > 0 ? named : Object.keys(SUITES).filter((n) => SUITES[n]!.byDefault);
  return { names, postgres };
}

function run(script: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const { names, postgres } = parse(process.argv.slice(2));
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`Benchmarks: ${names.join(', ')} on ${os.availableParallelism()} × ${cpu}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}\n`);

const done: { name: string; seconds: number; code: number }[] = [];
for (const name of names) {
  const suite = SUITES[name]!;
  console.log(`\n━━ ${name} (${suite.script}) ━━\n`);
  const started = performance.now();
  const code = await run(suite.script, suite.args({ postgres }));
  done.push({ name, seconds: (performance.now() - started) / 1000, code });
}

console.log('\n━━ summary ━━');
for (const d of done) console.log(`  ${d.name.padEnd(11)} ${d.seconds.toFixed(0).padStart(5)} s  ${d.code === 0 ? 'finished' : `FAILED (exit ${d.code})`}`);
console.log('  Reports above; JSON in bench/results/.');
process.exit(done.some((d) => d.code !== 0) ? 1 : 0);
