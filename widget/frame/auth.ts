// Signing in from a frame whose cookies the browser blocks (issue 7). The frame opens a
// first-party popup on Parley's origin with an S256 challenge; the popup signs the reader in
// there and posts a one-time code back to this window (Parley's origin only). The frame trades
// code + verifier for a bearer token and keeps the token in its own storage (localStorage when
// the browser allows it here, else sessionStorage, else memory). If the popup lost its opener
// (some sign-in providers sever it), the frame asks the server for the hand-off by its verifier.
import { call, setToken } from './api.js';
import { state, text } from './state.js';

export interface Me {
  displayName: string;
}

interface TokenResult {
  token: string;
  user: Me;
}

const KEY = `parley:token:${state.site}`;
let memory: string | null = null;

function storage(): Storage | null {
  for (const name of ['localStorage', 'sessionStorage'] as const) {
    try {
      const s = window[name];
      s.setItem(`${KEY}:probe`, '1');
      s.removeItem(`${KEY}:probe`);
      return s;
    } catch {
      // Blocked in this third-party context: try the next.
    }
  }
  return null;
}
const store = storage();

export function savedToken(): string | null {
  return store ? store.getItem(KEY) : memory;
}

function keep(token: string | null): void {
  memory = token;
  setToken(token);
  if (!store) return;
  if (token) store.setItem(KEY, token);
  else store.removeItem(KEY);
}

const b64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

let pending: { verifier: string; state: string; popup: Window; timer: number; done: (me: Me) => void } | null = null;

async function exchange(body: { verifier: string; code?: string } | { token: string; session: 'token' }, path: string): Promise<Me | null> {
  try {
    const result = await call<TokenResult | { pending: true }>('POST', path, body);
    if (!('token' in result)) return null;
    keep(result.token);
    return result.user;
  } catch {
    return null;
  }
}

function finish(me: Me | null): void {
  const p = pending;
  if (!me || !p) return;
  clearInterval(p.timer);
  pending = null;
  p.done(me);
}

/** Opens the sign-in popup; `done` runs once the frame holds a token. */
export async function signIn(done: (me: Me) => void, onError: (message: string) => void): Promise<void> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const nonce = b64url(crypto.getRandomValues(new Uint8Array(12)));
  const params = new URLSearchParams({ site: state.site, challenge, state: nonce, lang: state.lang });
  const popup = window.open(`/embed/signin?${params}`, 'parley-signin', 'popup,width=480,height=640');
  if (!popup) return onError(text('popupBlocked'));
  if (pending) clearInterval(pending.timer);
  // Fallback when the popup cannot reach us: ask for the hand-off now and then, for a while.
  let tries = 0;
  const timer = window.setInterval(() => {
    if (++tries > 150) clearInterval(timer);
    else void exchange({ verifier }, '/api/v1/embed/token').then(finish);
  }, 2000);
  pending = { verifier, state: nonce, popup, timer, done };
}

addEventListener('message', (e: MessageEvent<{ type?: string; state?: string; code?: string }>) => {
  const p = pending;
  if (!p || e.origin !== location.origin || e.source !== p.popup || e.data?.type !== 'parley:signed-in' || e.data.state !== p.state) return;
  void exchange({ verifier: p.verifier, code: String(e.data.code) }, '/api/v1/embed/token').then(finish);
});

/** A host-site SSO token, accepted directly (the accounts module verifies it). */
export const signInWithSso = (token: string) => exchange({ token, session: 'token' }, '/api/v1/auth/sso');

export async function signOut(): Promise<void> {
  await call('POST', '/api/v1/auth/signout', {}).catch(() => {});
  keep(null);
}

export function restore(): boolean {
  const token = savedToken();
  setToken(token);
  return token !== null;
}

export function forget(): void {
  keep(null);
}
