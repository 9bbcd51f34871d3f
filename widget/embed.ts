// The one script a host page includes (issue 7):
//
//   <div id="parley"></div>
//   <script src="https://comments.example/embed.js" data-parley-site="SITE" async></script>
//
// It puts the discussion of this page in an iframe on Parley's origin (see the README for why a
// frame), sizes it to its content, and relays what only the host page knows: the page's URL,
// title and language, the --parley-* custom properties and light/dark choice of the host, a
// #comment-… permalink, and a host-site SSO token. Messages go only to Parley's origin and are
// taken only from the frame.
//
// Options (data- attributes on the script): parley-site (required), parley-id (explicit thread
// id), parley-url (page URL; default: <link rel=canonical>, else location), parley-title,
// parley-lang, parley-theme (light|dark|auto), parley-container (element id; default "parley"),
// parley-sso (a JWT signed by the host site). window.parley.sso(token) passes a token later.

interface Msg {
  t: string;
  [k: string]: unknown;
}

const VARS = 'bg surface text muted border control accent accent-hover on-accent focus danger danger-bg info-bg highlight badge-bg badge-text font-serif font-sans radius indent'.split(' ');

(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script) return;
  const base = new URL(script.src).origin;
  const d = script.dataset;
  const doc = document;
  const q = (sel: string) => doc.querySelector(sel);
  let host = doc.getElementById(d.parleyContainer || 'parley');
  if (!host) script.after((host = doc.createElement('div')));

  const frame = doc.createElement('iframe');
  const params = new URLSearchParams({
    site: d.parleySite || '',
    origin: location.origin,
    url: d.parleyUrl || (q('link[rel=canonical]') as HTMLLinkElement | null)?.href || location.href,
    title: d.parleyTitle || (q('meta[property="og:title"]') as HTMLMetaElement | null)?.content || doc.title,
    lang: d.parleyLang || doc.documentElement.lang,
  });
  if (d.parleyId) params.set('id', d.parleyId);

  const theme = () => {
    const style = getComputedStyle(host!);
    const vars: Record<string, string> = {};
    for (const name of VARS) {
      const value = style.getPropertyValue(`--parley-${name}`).trim();
      if (value) vars[`--parley-${name}`] = value;
    }
    const pref = d.parleyTheme || style.colorScheme;
    return { vars, scheme: pref === 'dark' || pref === 'light' ? pref : null };
  };
  const first = theme();
  if (first.scheme) params.set('scheme', first.scheme);
  const permalink = /^#comment-([0-9A-Z]{26})$/.exec(location.hash);
  frame.src = `${base}/embed/frame?${params}${permalink ? `#comment=${permalink[1]}` : ''}`;
  frame.title = d.parleyFrameTitle || 'Comments';
  frame.setAttribute('style', 'display:block;width:100%;height:320px;border:0;color-scheme:normal');
  host.append(frame);

  const send = (msg: Msg) => frame.contentWindow?.postMessage(msg, base);
  let sso = d.parleySso || '';
  // The comment the frame was last pointed at (opened with, told, or chose itself). A message
  // sent before the frame's script listens would be lost: until it says it is ready, a new
  // permalink waits, and `ready` catches the frame up.
  let pointed = permalink ? permalink[1]! : '';
  let listening = false;
  const point = () => {
    const m = /^#comment-([0-9A-Z]{26})$/.exec(location.hash);
    if (listening && m && m[1] !== pointed) send({ t: 'permalink', id: (pointed = m[1]!) });
  };
  const ready = () => {
    listening = true;
    send({ t: 'theme', ...theme() });
    if (sso) send({ t: 'sso', token: sso });
    point();
  };
  (window as unknown as { parley: unknown }).parley = {
    sso(token: string) {
      sso = token;
      send({ t: 'sso', token });
    },
  };

  addEventListener('message', (e: MessageEvent<Msg>) => {
    if (e.source !== frame.contentWindow || e.origin !== base || !e.data) return;
    const m = e.data;
    if (m.t === 'ready') ready();
    else if (m.t === 'height') frame.style.height = `${Math.ceil(Number(m.h))}px`;
    else if (m.t === 'scroll') scrollTo({ top: frame.getBoundingClientRect().top + scrollY + Number(m.y) - 16, behavior: 'smooth' });
    else if (m.t === 'hash') history.replaceState(history.state, '', `#comment-${(pointed = String(m.id))}`);
  });
  addEventListener('hashchange', point);
  // Follow the host's light/dark switch and restyling.
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', ready);
  new MutationObserver(() => send({ t: 'theme', ...theme() })).observe(doc.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
})();
