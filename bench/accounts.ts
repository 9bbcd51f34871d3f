// Accounts micro-benchmarks, in process on a fresh SQLite database (run: npx tsx bench/accounts.ts):
//   - password sign-in through the service (argon2id verify + backoff bookkeeping), per call;
//   - a wrong password (same cost: verify + recording the failure);
//   - host-site SSO token verification (HS256, with the replay record written), per call;
//   - the common-password check and the name rules, per call;
//   - generating an avatar, per call.
// Figures depend on the machine and its load; report them with both.
import os from 'node:os';
import { SignJWT } from 'jose';
import { createParley } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { DEFAULT_SITE_SETTINGS } from '../src/domain/types.js';
import { accountsOf } from '../src/http/accounts/index.js';
import { avatarSvg } from '../src/services/accounts/avatar.js';
import { checkDisplayName } from '../src/services/accounts/names.js';
import { isCommonPassword } from '../src/services/accounts/passwordPolicy.js';
import { signInWithPassword } from '../src/services/accounts/signInWithPassword.js';
import { signUp } from '../src/services/accounts/signUp.js';
import { updateSignInSettings } from '../src/services/accounts/siteSettings.js';
import { verifySsoToken } from '../src/services/sso/index.js';
import { tempDir } from '../tests/support/databases.js';

function summarize(name: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  console.log(`${name.padEnd(44)} n=${String(samples.length).padStart(5)}  mean ${mean.toFixed(3)} ms  p50 ${q(0.5).toFixed(3)} ms  p99 ${q(0.99).toFixed(3)} ms`);
}

async function time(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    out.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return out;
}

const dir = tempDir('parley-bench-accounts-');
const parley = await createParley(loadConfig({ DATA_DIR: dir, PARLEY_SEED_DEMO: '0', LOG_LEVEL: 'silent', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00' }));
const deps = parley.deps;
const accounts = accountsOf(deps);
const site = await deps.store.createSite({ id: deps.newId(), slug: 'bench', name: 'Bench', publicUrl: null, settings: DEFAULT_SITE_SETTINGS, createdAt: new Date().toISOString() });
await signUp(deps, { site, email: 'bench@example.test', username: 'bench_reader', password: 'a long bench passphrase' });

console.log(`accounts bench on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
summarize('password sign-in, right password', await time(40, () => signInWithPassword(accounts, { login: 'bench@example.test', password: 'a long bench passphrase', ip: '10.0.0.1' })));
summarize('password sign-in, wrong password', await time(40, (i) => signInWithPassword({ ...accounts, throttling: false }, { login: 'bench@example.test', password: `wrong ${i}`, ip: '10.0.0.2' }).catch(() => null)));

const secret = 'bench-shared-secret-0123456789-0123456789';
await updateSignInSettings(deps, { siteId: site.id, actorId: null, patch: { sso: { mode: 'hs256', secret, issuer: 'https://bench.example', audience: 'parley', roleCeiling: 'staff' } } });
const key = new TextEncoder().encode(secret);
const tokens = await Promise.all(
  Array.from({ length: 2000 }, (_, i) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sub: `u${i}` }).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://bench.example').setAudience('parley').setIssuedAt(now).setExpirationTime(now + 300).setJti(`j${i}`).sign(key);
  }),
);
summarize('SSO token verification (HS256 + replay row)', await time(tokens.length, (i) => verifySsoToken(deps, site, tokens[i]!)));
summarize('common-password check', await time(20_000, (i) => isCommonPassword(`candidate passphrase ${i}`)));
const privileged = Array.from({ length: 200 }, (_, i) => ({ userId: `s${i}`, username: `staff_${i}`, displayName: `Staff Member ${i}` }));
summarize('display name rules vs 200 staff names', await time(20_000, (i) => checkDisplayName(`Reader Number ${i}`, { privileged, selfId: null })));
summarize('avatar SVG', await time(20_000, (i) => avatarSvg(`01USER${i}`, `Reader ${i}`)));

await parley.close();
