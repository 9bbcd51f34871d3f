// Messages between the frame and the host page's embed.js: only to and from the host origin the
// server validated against the site's allow-list (the same list as frame-ancestors).
import { state } from './state.js';

export type HostMessage = { t: string; [k: string]: unknown };

export function toHost(msg: HostMessage): void {
  if (parent !== window) parent.postMessage(msg, state.origin);
}

export function fromHost(handler: (msg: HostMessage) => void): void {
  addEventListener('message', (e: MessageEvent<HostMessage>) => {
    if (e.source === parent && e.origin === state.origin && e.data && typeof e.data.t === 'string') handler(e.data);
  });
}

let lastHeight = 0;
function reportHeight(): void {
  const h = document.documentElement.scrollHeight;
  if (h !== lastHeight) toHost({ t: 'height', h: (lastHeight = h) });
}

/** Scrolls the host page so that `el` (inside this frame) is in view. */
export function revealInHost(el: Element): void {
  // The frame's new height first, so the host page is long enough to scroll there.
  reportHeight();
  toHost({ t: 'scroll', y: el.getBoundingClientRect().top });
}

/** Keeps the iframe as tall as the discussion. */
export function watchHeight(): void {
  new ResizeObserver(reportHeight).observe(document.body);
  reportHeight();
}
