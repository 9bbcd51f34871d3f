// Everything a reader does in the frame. The markup is the article page's (server-rendered by
// the same components), so every action is already a link or a form; here each is sent to the
// embed's fragment API instead, and the server answers with the HTML to put in place, in the
// frame's language. Focus moves and the live region speaks as on the article page.
import { call, lang, type Problem } from './api.js';
import { $, announce, card, focus, items, parse } from './dom.js';
import { revealInHost, toHost } from './host.js';
import { state, text } from './state.js';
import { relativeTimes } from './time.js';

interface Thread {
  html: string;
  announce?: string;
}
interface Page {
  html: string;
  nextCursor: string | null;
  announce: string;
}
interface Replies {
  html: string;
  more: string;
  announce: string;
}
interface Posted {
  id: string;
  parentId: string | null;
  flat: boolean;
  html: string;
  heading: string;
  announce: string;
}
interface Changed {
  html: string;
  heading?: string;
  announce: string;
}

const A = `/api/v1/embed`;
const enc = encodeURIComponent;
let busy = false;

/** Runs one request at a time; errors are shown by `fail`. */
async function run(work: () => Promise<void>, fail: (p: Problem) => void): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    await work();
  } catch (err) {
    fail(err as Problem);
  } finally {
    busy = false;
  }
}

/** Shows an error as the article page does: a role=alert paragraph tied to its control. */
function showError(at: Element, p: Problem, before?: Element | null, control?: Element | null): void {
  const id = `${at.id || 'x'}-error`;
  let el = document.getElementById(id);
  if (!el) {
    el = parse(`<p class="form-error" role="alert"></p>`)[0]!;
    el.id = id;
    if (before) before.before(el);
    else if (at.matches('p, nav')) at.after(el);
    else at.append(el);
  }
  el.textContent = Object.values(p.fields)[0] ?? p.message;
  control?.setAttribute('aria-invalid', 'true');
  control?.setAttribute('aria-describedby', id);
}

function clearError(form: Element): void {
  form.querySelector('.form-error')?.remove();
  form.querySelector('[aria-invalid]')?.removeAttribute('aria-invalid');
}

export function setHeading(text: string | undefined): void {
  const h = $('#comments-heading');
  if (h && text) h.textContent = text;
}

export function highlight(id: string, reveal: boolean): HTMLElement | null {
  const el = card(id);
  if (!el) return null;
  for (const old of document.querySelectorAll('.comment--target')) old.classList.remove('comment--target');
  el.classList.add('comment--target');
  if (reveal) {
    revealInHost(el);
    el.focus({ preventScroll: true });
  }
  return el;
}

/** Replaces the whole discussion (sign-in, sort, a stream reset). */
export async function loadThread(sort = state.sort): Promise<Thread & { me: { displayName: string } | null }> {
  const thread = await call<Thread & { me: { displayName: string } | null }>('GET', `${A}/threads/${state.article}?sort=${sort}&${lang()}`);
  state.sort = sort;
  const section = $('#comments');
  // A comment being written survives (signing in, sorting).
  const draft = $<HTMLTextAreaElement>('#compose-body')?.value;
  if (section) section.outerHTML = thread.html;
  const composer = $<HTMLTextAreaElement>('#compose-body');
  if (draft && composer) composer.value = draft;
  relativeTimes();
  return thread;
}

/** A permalink: highlight the comment, loading its branch first when it is not on the page. */
export async function showComment(id: string, reveal = true): Promise<void> {
  if (highlight(id, reveal)) return;
  try {
    const branch = await call<{ rootId: string; html: string }>('GET', `${A}/comments/${enc(id)}/branch?${lang()}`);
    const [li] = items(branch.html);
    if (!li) return;
    const existing = card(branch.rootId)?.closest('li');
    if (existing) existing.replaceWith(li);
    else threadList().prepend(li);
    relativeTimes();
    highlight(id, reveal);
  } catch {
    // Not visible to this reader (or gone): nothing to show.
  }
}

/** The top-level list, created when the discussion was empty. */
export function threadList(): HTMLElement {
  let ol = $('#comments > ol.thread');
  if (!ol) {
    ol = parse('<ol class="thread"></ol>')[0]!;
    const empty = $('#comments .discussion-empty');
    const more = $('#comments .more-comments');
    if (empty) empty.replaceWith(ol);
    else if (more) more.before(ol);
    else $('#comments')!.append(ol);
  }
  return ol;
}

/** Puts a new comment's `<li>` where the article page would: under its parent, or on top. */
export function place(li: HTMLElement, parentId: string | null, flat: boolean): void {
  const parentLi = parentId ? card(parentId)?.closest('li') : null;
  if (!parentLi) return void threadList().prepend(li);
  if (flat) return void parentLi.parentElement!.append(li);
  let replies = parentLi.querySelector(':scope > ol.replies');
  if (!replies) {
    replies = parse('<ol class="replies"></ol>')[0]!;
    parentLi.querySelector(':scope > article')!.after(replies);
  }
  replies.append(li);
}

async function postComment(form: HTMLFormElement): Promise<void> {
  const body = (form.elements.namedItem('body') as HTMLTextAreaElement).value;
  const edit = /\/comments\/([^/]+)\/edit$/.exec(form.getAttribute('action') ?? '');
  if (edit) {
    const res = await call<Changed>('PATCH', `${A}/comments/${edit[1]}?${lang()}`, { body });
    const [next] = parse(res.html);
    card(edit[1]!)?.replaceWith(next!);
    relativeTimes();
    focus(next);
    return announce(res.announce);
  }
  const parentId = (form.elements.namedItem('parentId') as HTMLInputElement | null)?.value || null;
  const res = await call<Posted>('POST', `${A}/threads/${state.article}/comments?${lang()}`, { body, parentId });
  (form.elements.namedItem('body') as HTMLTextAreaElement).value = '';
  const details = form.closest('details');
  if (details) details.open = false;
  const [li] = items(res.html);
  if (li && !card(res.id)) place(li, res.parentId, res.flat);
  setHeading(res.heading);
  relativeTimes();
  focus(card(res.id));
  announce(res.announce);
}

async function deleteComment(id: string): Promise<void> {
  const res = await call<Changed>('DELETE', `${A}/comments/${id}?${lang()}`);
  const el = card(id);
  if (res.html) {
    const [next] = parse(res.html);
    el?.replaceWith(next!);
    focus(next);
  } else {
    el?.closest('li')?.remove();
    focus($('#comments-heading'));
  }
  setHeading(res.heading);
  announce(res.announce);
}

async function react(form: HTMLFormElement, id: string): Promise<void> {
  const kind = (form.elements.namedItem('kind') as HTMLInputElement).value;
  const pressed = form.querySelector('button')?.getAttribute('aria-pressed') === 'true';
  const res = await call<{ reactions: Record<string, number>; myReaction: string | null }>('PUT', `/api/v1/comments/${id}/reaction`, { kind: pressed ? null : kind });
  for (const f of form.parentElement!.querySelectorAll<HTMLFormElement>('.reaction-form')) {
    const k = (f.elements.namedItem('kind') as HTMLInputElement).value;
    f.querySelector('button')!.setAttribute('aria-pressed', String(res.myReaction === k));
    f.querySelector('.reaction-count')!.textContent = String(res.reactions[k] ?? 0);
  }
}

async function report(form: HTMLFormElement, id: string): Promise<void> {
  const data = new FormData(form);
  const note = String(data.get('note') ?? '');
  await call('POST', `/api/v1/comments/${id}/reports`, note ? { reason: data.get('reason'), note } : { reason: data.get('reason') });
  const done = parse(`<p class="form-success" tabindex="-1"></p>`)[0]!;
  done.id = `report-${id}-done`;
  done.textContent = text('reported');
  form.replaceWith(done);
  focus(done);
  announce(text('reported'));
}

export function onSubmit(e: SubmitEvent): void {
  const form = e.target as HTMLFormElement;
  const id = /\/comments\/([^/]+)\/(?:edit|delete|react|report)$/.exec(form.getAttribute('action') ?? '')?.[1] ?? '';
  const cls = form.classList;
  const work = cls.contains('comment-form')
    ? () => postComment(form)
    : cls.contains('confirm-form')
      ? () => deleteComment(id)
      : cls.contains('reaction-form')
        ? () => react(form, id)
        : cls.contains('report-form')
          ? () => report(form, id)
          : null;
  if (!work) return;
  e.preventDefault();
  clearError(form);
  void run(work, (p) => {
    const control = form.querySelector('textarea[name="body"], select');
    showError(form, p, form.querySelector('.form-actions'), cls.contains('comment-form') || cls.contains('report-form') ? control : null);
  });
}

export function onClick(e: MouseEvent, signIn: () => void): void {
  const a = (e.target as Element).closest('a');
  if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute('href') ?? '';
  const url = new URL(href, location.href);
  const params = url.searchParams;
  let work: (() => Promise<void>) | null = null;
  if (/^\/sign(in|up)\b/.test(href)) {
    e.preventDefault();
    return signIn();
  } else if (a.closest('.sort')) {
    const sort = params.get('sort') ?? 'best';
    work = async () => {
      const res = await loadThread(sort);
      focus($('#comments-heading'));
      announce(res.announce ?? '');
    };
  } else if (a.closest('.more-comments')) {
    work = async () => {
      const res = await call<Page>('GET', `${A}/threads/${state.article}/page?sort=${enc(params.get('sort') ?? state.sort)}&cursor=${enc(params.get('after') ?? '')}&${lang()}`);
      const added = items(res.html).filter((li) => !card(li.firstElementChild!.id.slice(8)));
      threadList().append(...added);
      if (res.nextCursor) {
        params.set('after', res.nextCursor);
        a.setAttribute('href', `${url.pathname}?${params}${url.hash}`);
      } else a.closest('p')!.remove();
      relativeTimes();
      focus(added[0]?.firstElementChild);
      announce(res.announce);
    };
  } else if (a.closest('.more-replies')) {
    const rootId = /\/comments\/([^/]+)\/replies/.exec(url.pathname)?.[1] ?? '';
    work = async () => {
      const res = await call<Replies>('GET', `${A}/comments/${rootId}/replies?cursor=${enc(params.get('cursor') ?? '')}&${lang()}`);
      const added = items(res.html).filter((li) => !card(li.firstElementChild!.id.slice(8)));
      const p = a.closest('p')!;
      const li = p.closest('li')!;
      let replies = li.querySelector(':scope > ol.replies');
      if (!replies) p.before((replies = parse('<ol class="replies"></ol>')[0]!));
      replies.append(...added);
      const [more] = parse(res.more);
      if (more) p.replaceWith(more);
      else p.remove();
      relativeTimes();
      focus(added[0]?.firstElementChild);
      announce(res.announce);
    };
  } else if (a.classList.contains('comment-time')) {
    // Permalinks point at the host page: #comment-<id> there, highlighted here.
    const id = a.closest('article')!.id.slice(8);
    e.preventDefault();
    highlight(id, false);
    return toHost({ t: 'hash', id });
  } else if (href.startsWith('#comment-')) {
    e.preventDefault();
    return void showComment(href.slice(9));
  }
  if (!work) return;
  e.preventDefault();
  void run(work, (p) => showError(a.closest('p, nav') ?? a, p));
}
