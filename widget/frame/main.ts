// The script inside the embed's iframe (issue 7). The discussion arrives server-rendered; this
// makes it live: actions through the fragment API, sign-in through a first-party popup,
// permalinks, relative times, the frame's height and theme, and live updates.
import { onClick, onSubmit, loadThread, showComment } from './actions.js';
import { forget, restore, signIn, signInWithSso, signOut, type Me } from './auth.js';
import { $, announce, focus } from './dom.js';
import { fromHost, toHost, watchHeight } from './host.js';
import { startLive } from './live.js';
import { state, text } from './state.js';
import { relativeTimes } from './time.js';

const root = document.documentElement;

function showAccount(me: Me | null): void {
  const bar = $('.embed-account')!;
  bar.hidden = !me;
  $('.embed-name', bar)!.textContent = me?.displayName ?? '';
}

/** The comment the host page's permalink asks for, if any. */
let permalink = /^#comment=([0-9A-Z]{26})$/.exec(location.hash)?.[1] ?? null;

async function refresh(me: Me | null, after?: () => void): Promise<void> {
  try {
    const target = document.querySelector('.comment--target')?.id.slice(8) || permalink;
    const thread = await loadThread();
    showAccount(thread.me ?? me);
    if (!thread.me) forget();
    // The new thread may lack the highlighted comment's branch (a sign-in that finished after
    // the permalink was shown): bring it back, without scrolling the host page again.
    if (target) await showComment(target, false);
    after?.();
  } catch {
    forget();
    showAccount(null);
  }
}

const onSignedIn = (me: Me) =>
  void refresh(me, () => {
    focus($('#compose-body') ?? $('#comments-heading'));
    announce(text('signedIn'));
  });

function startSignIn(): void {
  void signIn(onSignedIn, (message) => announce(message));
}

if (state.article) {
  document.addEventListener('submit', onSubmit);
  document.addEventListener('click', (e) => onClick(e, startSignIn));
  $('.embed-signout')!.addEventListener('click', async () => {
    await signOut();
    showAccount(null);
    await refresh(null);
    focus($('#comments-heading'));
    announce(text('signedOut'));
  });
  // The error says so by the form; the reader signs in again and keeps their draft.
  addEventListener('parley:expired', () => {
    forget();
    showAccount(null);
  });
  // Signed in before: one request brings the discussion as this reader sees it.
  if (restore()) void refresh(null);
  relativeTimes();
  setInterval(relativeTimes, 60_000);
  startLive();
  if (permalink) void showComment(permalink);
}

fromHost((m) => {
  if (m.t === 'theme') {
    const vars = (m.vars ?? {}) as Record<string, string>;
    for (const [name, value] of Object.entries(vars)) {
      // Only our custom properties, and only plain values (no url(), no breaking out).
      if (/^--parley-[a-z-]+$/.test(name) && /^[^;{}<>\\]{1,200}$/.test(value) && !/url\(/i.test(value)) root.style.setProperty(name, value);
    }
    if (m.scheme === 'dark' || m.scheme === 'light') root.dataset.scheme = m.scheme;
    else delete root.dataset.scheme;
  } else if (m.t === 'sso' && typeof m.token === 'string' && state.article) {
    void signInWithSso(m.token).then((me) => me && onSignedIn(me));
  } else if (m.t === 'permalink' && typeof m.id === 'string' && /^[0-9A-Z]{26}$/.test(m.id)) {
    permalink = m.id;
    void showComment(m.id);
  }
});
watchHeight();
toHost({ t: 'ready' });
