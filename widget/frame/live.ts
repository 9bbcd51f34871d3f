// Live updates in the frame (issue 7): the server sends each changed comment already rendered
// in this frame's language, once as a signed-out reader sees it and once as a signed-in one.
// Known comments change in place; new ones wait behind a "Show N new comments" button so the
// reader's place does not jump. EventSource reconnects by itself with Last-Event-ID.
import { signedIn } from './api.js';
import { $, announce, card, focus, items, parse } from './dom.js';
import { loadThread, place, setHeading } from './actions.js';
import { state, text } from './state.js';
import { relativeTimes } from './time.js';

interface LiveComment {
  id: string;
  parentId: string | null;
  flat: boolean;
  heading: string;
  anon: string;
  member: string;
}

const fresh = new Map<string, LiveComment>();
let reset = false;
/** Between `past` and `present`: replayed events from before this page was read. */
let past = false;
let bar: HTMLElement | null = null;

function showBar(): void {
  // The reader's own new comments are on the page already (placed when posted).
  for (const id of fresh.keys()) if (card(id)) fresh.delete(id);
  if (!fresh.size && !reset) return bar?.remove();
  if (!bar) {
    bar = parse('<p class="live-new"><button type="button" class="button button--quiet"></button></p>')[0]!;
    bar.firstElementChild!.addEventListener('click', reveal);
  }
  bar.firstElementChild!.textContent = reset && !fresh.size ? text('latest') : text('new', fresh.size);
  const at = $('#comments > ol.thread') ?? $('#comments .discussion-empty');
  if (at) at.before(bar);
  else $('#comments')?.append(bar);
}

async function reveal(): Promise<void> {
  if (reset) {
    reset = false;
    fresh.clear();
    showBar();
    await loadThread();
    return focus($('#comments-heading'));
  }
  const list = [...fresh.values()];
  fresh.clear();
  showBar();
  // Oldest first, so the newest ends up on top.
  for (const c of list) {
    const [li] = items(signedIn() ? c.member : c.anon);
    if (li && !card(c.id)) place(li, c.parentId, c.flat);
  }
  relativeTimes();
  focus(card(list[list.length - 1]!.id));
  announce(text('shown', list.length));
}

function update(c: LiveComment): void {
  const el = card(c.id);
  const [li] = items(signedIn() ? c.member : c.anon);
  const next = li?.querySelector('article');
  if (!el || !next) return;
  // The reader's own actions (their reaction, their edit and delete) stay; the content is news.
  const actions = el.querySelector(':scope > footer');
  // So does the editors' mark (featured, pinned), which live updates do not carry.
  const flag = el.querySelector('.comment-meta > .flag');
  el.replaceChildren(...next.childNodes);
  if (flag && !el.querySelector('.comment-meta > .flag')) el.querySelector('.comment-meta > .comment-time')?.before(flag);
  // And the highlight of a permalink.
  const target = el.classList.contains('comment--target');
  el.className = next.className;
  el.classList.toggle('comment--target', target);
  if (actions && el.querySelector(':scope > footer')) el.querySelector(':scope > footer')!.replaceWith(actions);
  relativeTimes();
}

export function startLive(): void {
  if (!state.article || !self.EventSource) return;
  const params = new URLSearchParams({ format: 'html', lang: state.lang, site: state.site, lastEventId: state.pos });
  const source = new EventSource(`/api/v1/articles/${state.article}/events?${params}`);
  const on = <T>(type: string, fn: (data: T) => void) =>
    source.addEventListener(type, (e) => {
      fn(JSON.parse((e as MessageEvent<string>).data) as T);
      showBar();
    });
  on<LiveComment>('comment', (c) => {
    setHeading(c.heading);
    if (card(c.id)) update(c);
    // Not new: a comment from before this page was read that the page does not show (a later
    // page, a reply not loaded). The editors alone add to the featured list.
    else if (!past && state.sort !== 'featured') fresh.set(c.id, c);
  });
  on<{ id: string; heading: string }>('remove', ({ id, heading }) => {
    setHeading(heading);
    fresh.delete(id);
    card(id)?.closest('li')?.remove();
  });
  on<{ id: string; like: number; dislike: number; text: string }>('reactions', (r) => {
    const el = card(r.id);
    if (!el) return;
    const counts = el.querySelectorAll('.reaction-count');
    if (counts.length === 2) {
      counts[0]!.textContent = String(r.like);
      counts[1]!.textContent = String(r.dislike);
      return;
    }
    let p = el.querySelector('.reactions--counts');
    if (!p) el.querySelector(':scope > footer')?.prepend((p = parse('<p class="reactions reactions--counts"></p>')[0]!));
    if (p) p.textContent = r.text;
  });
  on('past', () => {
    past = true;
  });
  on('present', () => {
    past = false;
  });
  on('reset', () => {
    reset = true;
  });
}
