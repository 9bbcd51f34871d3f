// Brute-force protection: backoff per account and per IP, kept in the database and driven by
// the injected clock; the owner's own browser (device cookie) is never locked out by someone
// else's guessing, and the emailed link still works for a new device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import type { AppError } from '../../src/domain/errors.js';
import { accountsOf } from '../../src/http/accounts/index.js';
import { signInWithPassword } from '../../src/services/accounts/signInWithPassword.js';
import { POLICIES } from '../../src/services/accounts/throttle.js';

const kinds = await databaseKinds();

describe.each(kinds)('sign-in backoff on $kind', ({ create }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(await create(), { env: { PARLEY_RATE_LIMITS: 'on' } });
  });
  afterAll(async () => t?.close());

  const attempt = (login: string, password: string, opts: { ip?: string; device?: string } = {}) =>
    t.parley.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signin',
      remoteAddress: opts.ip ?? '203.0.113.7',
      headers: { 'x-parley-site': t.site.slug, ...(opts.device ? { cookie: `parley_device=${opts.device}` } : {}) },
      payload: { email: login, password, session: 'token' },
    });
  const deviceOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'parley_device')?.value;

  it('slows guessing down with a doubling wait per account, capped, and forgets after a good sign-in', async () => {
    const victim = await t.signUp('victim_one');
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await attempt(victim.email, `guess ${i}`, { ip: `198.51.100.${i}` })).statusCode);
    expect(codes).toEqual(Array(8).fill(401));
    // The 9th try (even the right password, from yet another IP) waits 1 s.
    const blocked = await attempt(victim.email, victim.password, { ip: '198.51.100.50' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
    expect(blocked.json()).toMatchObject({ code: 'rate_limited' });
    // A blocked attempt does not extend the wait.
    t.clock.advance(1000);
    expect((await attempt(victim.email, 'guess 8', { ip: '198.51.100.51' })).statusCode).toBe(401);
    expect((await attempt(victim.email, 'guess 9', { ip: '198.51.100.52' })).headers['retry-after']).toBe('2');
    // The wait doubles up to 15 minutes and no further.
    for (let i = 0; i < 14; i++) {
      t.clock.advance(16 * 60_000);
      await attempt(victim.email, `more ${i}`, { ip: `198.51.100.${60 + i}` });
    }
    expect((await attempt(victim.email, 'x', { ip: '198.51.100.99' })).headers['retry-after']).toBe(String(15 * 60));
    t.clock.advance(15 * 60_000);
    const ok = await attempt(victim.email, victim.password, { ip: '198.51.100.100' });
    expect(ok.statusCode).toBe(200);
    // Forgotten after success: the next mistakes start from zero.
    for (let i = 0; i < 3; i++) expect((await attempt(victim.email, `fresh ${i}`, { ip: '198.51.100.101' })).statusCode).toBe(401);
  });

  it("never locks the owner's own browser out, whatever an attacker does", async () => {
    const owner = await t.signUp('owner_two');
    const first = await attempt(owner.email, owner.password, { ip: '192.0.2.10' });
    expect(first.statusCode).toBe(200);
    const device = deviceOf(first)!;
    expect(device).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(first.cookies.find((c) => c.name === 'parley_device')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    for (let i = 0; i < 30; i++) await attempt(owner.email, `attack ${i}`, { ip: '203.0.113.66' });
    expect((await attempt(owner.email, owner.password, { ip: '203.0.113.67' })).statusCode).toBe(429);
    // Same account, the owner's browser: in at once, from any IP.
    const mine = await attempt(owner.email, owner.password, { ip: '192.0.2.10', device });
    expect(mine.statusCode).toBe(200);
    expect(deviceOf(mine)).toBe(device);
    // A device cookie made for another account counts for nothing here.
    const other = await t.signUp('other_three');
    const otherDevice = deviceOf(await attempt(other.email, other.password))!;
    expect((await attempt(owner.email, owner.password, { device: otherDevice })).statusCode).toBe(429);
    // And a forged one neither.
    expect((await attempt(owner.email, owner.password, { device: `${device.split('.')[0]}.forged` })).statusCode).toBe(429);
    // The owner's own mistakes slow down only their own device.
    for (let i = 0; i < 8; i++) await attempt(owner.email, `typo ${i}`, { device });
    expect((await attempt(owner.email, owner.password, { device })).statusCode).toBe(429);
  });

  it('backs off per IP across many accounts, without touching owners elsewhere', async () => {
    // Through the service: in front of it the HTTP route also has a per-minute in-memory IP
    // limit (real time), which would answer first.
    const accounts = accountsOf(t.parley.deps);
    const outcomes: string[] = [];
    for (let i = 0; i < POLICIES.ip.free; i++) {
      // A password spray: one guess each at many logins.
      outcomes.push(await signInWithPassword(accounts, { login: `spray${i}@example.test`, password: 'Summer2026!', ip: '203.0.113.200' }).then(() => 'ok', (e: AppError) => e.code));
    }
    expect(new Set(outcomes)).toEqual(new Set(['invalid_credentials']));
    // The IP now waits, even for an account it never tried.
    const fresh = await t.signUp('untouched');
    await expect(signInWithPassword(accounts, { login: fresh.email, password: fresh.password, ip: '203.0.113.200' })).rejects.toMatchObject({ code: 'rate_limited' });
    // Other IPs are unaffected, and so is the owner's own device on this IP.
    const { deviceCookie } = await signInWithPassword(accounts, { login: fresh.email, password: fresh.password, ip: '203.0.113.201' });
    await expect(signInWithPassword(accounts, { login: fresh.email, password: fresh.password, ip: '203.0.113.200', deviceCookie })).resolves.toMatchObject({ user: { username: 'untouched' } });
    // A quiet day forgets the count.
    t.clock.advance(25 * 3600_000);
    await expect(signInWithPassword(accounts, { login: fresh.email, password: 'wrong', ip: '203.0.113.200' })).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it('keeps the same answer for unknown accounts (no account enumeration)', async () => {
    const unknown = await attempt('ghost@example.test', 'whatever', { ip: '198.18.0.1' });
    const known = await attempt('victim_one@example.test', 'wrong password', { ip: '198.18.0.2' });
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.json()).toEqual(known.json());
  });
});
