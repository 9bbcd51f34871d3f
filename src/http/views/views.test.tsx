// Server-rendered pages: structure, CSP-safety, form contracts, abilities, escaping, and the
// client build they reference.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  ArticleView,
  CommentAbilities,
  CommentPage,
  CommentView,
  MeView,
  PermalinkView,
  ThreadNode,
} from '../api-types.js';
import { renderToString } from 'preact-render-to-string';
import { ensureClientBuild, loadAssets } from '../assets.js';
import { ApiContext } from './discussion/context.js';
import { Discussion } from './discussion/Discussion.js';
import type { DiscussionApi, DiscussionProps } from './discussion/types.js';
import {
  type PageContext,
  renderArticlePage,
  renderEditCommentPage,
  renderErrorPage,
  renderHomePage,
  renderPermalinkPage,
  renderRepliesPage,
  renderSignInPage,
  renderSignUpPage,
} from './index.js';

// ---------------------------------------------------------------------------------------------
// Fixtures

const NONCE = 'n0nce-4b1d';
const CSRF = 'csrf-7f3a';
const XSS = '<img src=x onerror=alert(1)>';

const NONE: CommentAbilities = { reply: false, edit: false, delete: false, react: false, report: false };
const READER: CommentAbilities = { reply: true, edit: false, delete: false, react: true, report: true };
const OWNER: CommentAbilities = { reply: true, edit: true, delete: true, react: false, report: false };

const article: ArticleView = {
  id: 'art1',
  slug: 'harbour-vote',
  url: 'https://news.example/articles/harbour-vote',
  title: 'Council backs harbour plan after late-night vote',
  dek: 'The 7–4 decision ends two years of argument over the waterfront.',
  html: '<p>The council voted <strong>late on Tuesday</strong>.</p><h2>What happens next</h2><p>Work starts in spring.</p>',
  leadImage: {
    src: 'https://img.news.example/harbour.jpg',
    alt: 'Cranes over the old harbour at dusk',
    caption: 'The harbour, seen from the north pier.',
    credit: 'Photo: R. Lindqvist',
    width: 1600,
    height: 900,
  },
  authors: ['Mara Quint', 'Tobias Feld'],
  tags: ['Local politics', 'Harbour'],
  section: 'City',
  publishedAt: '2025-03-11T18:30:00.000Z',
  updatedAt: '2025-03-12T08:05:00.000Z',
  commentsOpen: true,
  commentsMode: 'open',
  commentCount: 7,
};

const me: MeView = { id: 'u-ada', username: 'ada', displayName: 'Ada Byrne', email: 'ada@example.org', role: 'commenter', isOperator: false };

function comment(over: Partial<CommentView> & { id: string }): CommentView {
  return {
    articleId: article.id,
    parentId: null,
    depth: 0,
    author: { id: `u-${over.id}`, username: `user_${over.id}`, displayName: `Reader ${over.id}`, badge: null },
    html: `<p>Comment ${over.id}</p>`,
    status: 'approved',
    tombstone: false,
    createdAt: '2025-03-12T09:00:00.000Z',
    editedAt: null,
    reactions: { like: 0, dislike: 0 },
    myReaction: null,
    replyCount: 0,
    abilities: READER,
    replyingTo: null,
    permalink: `/articles/${article.slug}/comments/${over.id}`,
    source: null,
    ...over,
  };
}

const node = (c: CommentView, replies: ThreadNode[] = [], moreReplies: ThreadNode['moreReplies'] = null): ThreadNode => ({
  comment: c,
  replies,
  moreReplies,
});

/** The same thread as a signed-in reader (`me`) sees it, or an anonymous one. */
function thread(signedIn: boolean): CommentPage {
  const as = (a: CommentAbilities) => (signedIn ? a : NONE);
  const staff = comment({
    id: 'c1',
    author: { id: 'u-bea', username: 'bea', displayName: 'Bea Okafor', badge: 'staff' },
    reactions: { like: 12, dislike: 1 },
    myReaction: signedIn ? 'like' : null,
    replyCount: 6,
    abilities: as(READER),
  });
  const deleted = comment({ id: 'c2', parentId: 'c1', depth: 1, author: null, html: '', status: 'deleted', tombstone: true, abilities: NONE });
  const mine = comment({
    id: 'c3',
    parentId: 'c2',
    depth: 2,
    author: { id: me.id, username: me.username, displayName: me.displayName, badge: null },
    html: '<p>I disagree with the <em>timeline</em>.</p>',
    source: 'I disagree with the *timeline*.',
    editedAt: '2025-03-12T09:10:00.000Z',
    abilities: as(OWNER),
  });
  const flattened = comment({
    id: 'c4',
    parentId: 'c3',
    depth: 3,
    replyingTo: { id: 'c3', username: 'ada' },
    abilities: as(READER),
  });
  const hostile = comment({
    id: 'c5',
    author: { id: 'u-x', username: 'mallory', displayName: XSS, badge: null },
    html: '<p>Totally normal comment.</p>',
    abilities: as(READER),
  });
  return {
    articleId: article.id,
    sort: 'best',
    total: 7,
    items: [node(staff, [node(deleted, [node(mine), node(flattened)])], { cursor: 'branch-cur/1', count: 3 }), node(hostile)],
    nextCursor: 'page-cur+2',
  };
}

const pending = comment({
  id: 'p1',
  author: { id: me.id, username: me.username, displayName: me.displayName, badge: null },
  status: 'pending',
  html: '<p>Held for review.</p>',
  abilities: OWNER,
});

function ctx(over: Partial<PageContext> = {}): PageContext {
  return {
    siteName: 'The Harbour Herald',
    me,
    csrf: CSRF,
    nonce: NONCE,
    assets: { css: ['/assets/article-abc.css'], js: ['/assets/article-def.js'] },
    ...over,
  };
}

const anon = () => ctx({ me: null });

function articlePage(over: { signedIn?: boolean; article?: Partial<ArticleView>; composer?: Parameters<typeof renderArticlePage>[1]['composer'] } = {}) {
  const signedIn = over.signedIn ?? true;
  return renderArticlePage(signedIn ? ctx() : anon(), {
    article: { ...article, ...over.article },
    page: thread(signedIn),
    sort: 'best',
    myPending: signedIn ? [pending] : [],
    composer: over.composer ?? null,
  });
}

// ---------------------------------------------------------------------------------------------
// A small HTML reader: enough to look at start tags and their attributes.

interface Tag {
  name: string;
  attrs: Record<string, string>;
  /** Offset of the tag in the document. */
  at: number;
}

const TAG = /<([a-zA-Z][\w-]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function tags(html: string): Tag[] {
  const out: Tag[] = [];
  for (const m of html.matchAll(TAG)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(ATTR)) attrs[a[1]!.toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? '';
    out.push({ name: m[1]!.toLowerCase(), attrs, at: m.index });
  }
  return out;
}

const decode = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

interface Form {
  action: string;
  method: string;
  fields: Record<string, string>;
  html: string;
}

/** Every form with its action and the values of its named inputs (hidden ones, textareas). */
function forms(html: string): Form[] {
  return [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((m) => {
    const [form, ...inner] = tags(m[0]);
    const fields: Record<string, string> = {};
    for (const t of inner) if (t.attrs.name && t.name === 'input') fields[t.attrs.name] = decode(t.attrs.value ?? '');
    for (const t of m[0].matchAll(/<textarea\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[t[1]!] = decode(t[2]!);
    for (const t of m[0].matchAll(/<select\b[^>]*\bname="([^"]+)"/g)) fields[t[1]!] = '';
    return { action: decode(form!.attrs.action ?? ''), method: (form!.attrs.method ?? 'get').toLowerCase(), fields, html: m[0] };
  });
}

/** The markup of one rendered comment (its <article>, without nested replies). */
function commentHtml(html: string, id: string): string {
  const start = html.indexOf(`<article id="comment-${id}"`);
  expect(start, `comment ${id} rendered`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</article>', start) + '</article>'.length);
}

function stateOf(html: string): DiscussionProps {
  const m = /<script type="application\/json" id="parley-state" nonce="[^"]*">([\s\S]*?)<\/script>/.exec(html);
  expect(m, 'state script present').not.toBeNull();
  return JSON.parse(m![1]!) as DiscussionProps;
}

const ALLOWED_ACTIONS = [
  /^\/articles\/[^/?#]+\/comments$/,
  /^\/comments\/[^/?#]+\/(edit|delete|react|report)$/,
  /^\/(signin|signup|signout)$/,
];

/** Rules every page must keep, whatever it shows. */
function expectCspSafeDocument(html: string) {
  expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
  const all = tags(html);
  for (const t of all) {
    expect(t.attrs, `<${t.name}> has no inline style`).not.toHaveProperty('style');
    for (const name of Object.keys(t.attrs)) expect(name, `<${t.name}> has no inline handler`).not.toMatch(/^on/);
  }
  expect(all.some((t) => t.name === 'style')).toBe(false);
  for (const script of all.filter((t) => t.name === 'script')) expect(script.attrs.nonce).toBe(NONCE);
  expect(html).toMatch(new RegExp(`<meta name="parley-csrf" content="${CSRF}"/>`));
  for (const form of forms(html)) {
    // The search form reads, so it is a GET without a token
    if (form.method === 'get' && form.action === '/search') continue;
    expect(form.method).toBe('post');
    expect(ALLOWED_ACTIONS.some((re) => re.test(form.action)), `form action ${form.action}`).toBe(true);
    expect(form.fields._csrf).toBe(CSRF);
  }
}

// ---------------------------------------------------------------------------------------------

describe('article page, signed in', () => {
  const html = articlePage();

  it('is a CSP-safe document whose scripts all carry the nonce', () => {
    expectCspSafeDocument(html);
    const scripts = tags(html).filter((t) => t.name === 'script');
    expect(scripts.map((s) => s.attrs.type)).toEqual(['module', 'application/json']);
    expect(scripts[0]!.attrs.src).toBe('/assets/article-def.js');
    expect(html).toContain('<link rel="stylesheet" href="/assets/article-abc.css"/>');
  });

  it('marks the story up semantically', () => {
    expect(html).toContain('<h1 class="headline">Council backs harbour plan after late-night vote</h1>');
    expect(html).toContain('<p class="dek">The 7–4 decision ends two years of argument over the waterfront.</p>');
    expect(html).toContain('By Mara Quint and Tobias Feld');
    expect(html).toContain('<time datetime="2025-03-11T18:30:00.000Z">');
    expect(html).toContain('<time datetime="2025-03-12T08:05:00.000Z">');
    expect(html).toMatch(/<figure class="story-figure"><img src="https:\/\/img\.news\.example\/harbour\.jpg" alt="Cranes over the old harbour at dusk" width="1600" height="900"/);
    expect(html).toContain('<figcaption>The harbour, seen from the north pier.<span class="credit"> Photo: R. Lindqvist</span></figcaption>');
    expect(html).toContain('<strong>late on Tuesday</strong>');
  });

  it('has a labelled comments section with a sort switch made of real links', () => {
    expect(html).toContain('<section id="comments" class="discussion" aria-labelledby="comments-heading">');
    expect(html).toMatch(/<h2 id="comments-heading"[^>]*>7 comments<\/h2>/);
    expect(html).toContain('<a href="/articles/harbour-vote?sort=best#comments" aria-current="true">Best</a>');
    expect(html).toContain('<a href="/articles/harbour-vote?sort=newest#comments">Newest</a>');
    expect(html).toContain('<a href="/articles/harbour-vote?sort=oldest#comments">Oldest</a>');
    expect(html).toMatch(/role="status" aria-live="polite"/);
  });

  it('nests replies in lists of <article id="comment-…"> with author, badge and time', () => {
    expect(html).toMatch(/<ol class="thread"><li class="thread-item"><article id="comment-c1"/);
    expect(html).toMatch(/<ol class="replies"><li class="thread-item"><article id="comment-c2"[\s\S]*?<ol class="replies"><li class="thread-item"><article id="comment-c3"/);
    const c1 = commentHtml(html, 'c1');
    expect(c1).toContain('<span class="comment-author">Bea Okafor</span>');
    expect(c1).toContain('<span class="badge badge--staff">Staff</span>');
    expect(c1).toMatch(/<a class="comment-time" href="\/articles\/harbour-vote\/comments\/c1"><time datetime="2025-03-12T09:00:00.000Z">[^<]*2025[^<]*<\/time><\/a>/);
    expect(commentHtml(html, 'c3')).toContain('(edited)');
  });

  it('renders a tombstone as [deleted] without author or actions but keeps its replies', () => {
    const c2 = commentHtml(html, 'c2');
    expect(c2).toContain('[deleted]');
    expect(c2).not.toMatch(/comment-author|<form|<details/);
    expect(html).toContain('<article id="comment-c3"');
  });

  it('links a flattened reply to the comment it answers', () => {
    expect(commentHtml(html, 'c4')).toContain('<p class="replying-to">replying to <a href="#comment-c3">@ada</a></p>');
  });

  it('renders reactions as tiny forms with aria-pressed and counts', () => {
    const reacts = forms(commentHtml(html, 'c1')).filter((f) => f.action === '/comments/c1/react');
    expect(reacts.map((f) => f.fields.kind)).toEqual(['like', 'dislike']);
    expect(reacts[0]!.html).toContain('aria-pressed="true"');
    expect(reacts[0]!.html).toContain('<span class="reaction-count">12</span>');
    expect(reacts[1]!.html).toContain('aria-pressed="false"');
  });

  it('offers only the actions the abilities allow', () => {
    const theirs = forms(commentHtml(html, 'c1')).map((f) => f.action);
    expect(theirs).toEqual(['/comments/c1/react', '/comments/c1/react', '/articles/harbour-vote/comments', '/comments/c1/report']);
    const mine = forms(commentHtml(html, 'c3')).map((f) => f.action);
    expect(mine).toEqual(['/articles/harbour-vote/comments', '/comments/c3/edit', '/comments/c3/delete']);
    expect(commentHtml(html, 'c3')).not.toContain('class="reaction"');
  });

  it('puts reply, edit and report forms in native <details> with the right fields', () => {
    const c1 = commentHtml(html, 'c1');
    expect(c1).toMatch(/<details class="action"><summary>Reply<span class="visually-hidden"> to Bea Okafor<\/span><\/summary><form/);
    const reply = forms(c1).find((f) => f.fields.parentId)!;
    expect(reply.fields).toMatchObject({ parentId: 'c1', returnTo: '/articles/harbour-vote', body: '' });
    const report = forms(c1).find((f) => f.action.endsWith('/report'))!;
    expect(report.fields).toHaveProperty('reason');
    expect(report.fields).toHaveProperty('note');
    for (const reason of ['spam', 'abuse', 'off_topic', 'misinformation', 'illegal', 'other']) {
      expect(report.html).toContain(`<option value="${reason}">`);
    }
    const edit = forms(commentHtml(html, 'c3')).find((f) => f.action === '/comments/c3/edit')!;
    expect(edit.fields.body).toBe('I disagree with the *timeline*.');
    expect(commentHtml(html, 'c3')).toMatch(/<summary>Delete<\/summary><form method="post" action="\/comments\/c3\/delete"/);
  });

  it('labels every visible form control', () => {
    const ids = new Set(tags(html).filter((t) => t.name === 'label').map((t) => t.attrs.for));
    const controls = tags(html).filter((t) => ['textarea', 'select'].includes(t.name) || (t.name === 'input' && t.attrs.type !== 'hidden'));
    expect(controls.length).toBeGreaterThan(5);
    for (const c of controls) expect(ids.has(c.attrs.id), `label for #${c.attrs.id}`).toBe(true);
    const allIds = tags(html).map((t) => t.attrs.id).filter(Boolean);
    expect(new Set(allIds).size).toBe(allIds.length);
  });

  it('has a composer posting a new comment', () => {
    const composer = forms(html).find((f) => f.html.includes('id="compose-body"'))!;
    expect(composer.action).toBe('/articles/harbour-vote/comments');
    expect(composer.fields).toEqual({ _csrf: CSRF, returnTo: '/articles/harbour-vote', body: '' });
  });

  it('shows own pending comments with an awaiting-review note', () => {
    expect(html).toContain('Your comments awaiting review');
    expect(commentHtml(html, 'p1')).toContain('<p class="comment-note">Your comment is awaiting review.</p>');
  });

  it('links "more replies" to the replies page and "more comments" to the next page', () => {
    expect(html).toContain('<a href="/articles/harbour-vote/comments/c1/replies?cursor=branch-cur%2F1">Show 3 more replies</a>');
    expect(html).toContain('href="/articles/harbour-vote?sort=best&amp;after=page-cur%2B2#comments"');
  });

  it('escapes author names and shows the signed-in user with a sign-out form', () => {
    expect(html).not.toContain(XSS);
    expect(html).toContain('<span class="comment-author">&lt;img src=x onerror=alert(1)></span>');
    expect(html).toContain('Signed in as <strong>Ada Byrne</strong>');
    const signout = forms(html).find((f) => f.action === '/signout')!;
    expect(signout.fields).toEqual({ _csrf: CSRF, returnTo: '/articles/harbour-vote' });
  });

  it('serializes the Discussion props for hydration', () => {
    const state = stateOf(html);
    expect(state).toMatchObject({ mode: 'article', csrf: CSRF, signedIn: true, sort: 'best', total: 7, nextCursor: 'page-cur+2' });
    expect(state.article).toEqual({ id: 'art1', slug: 'harbour-vote', title: article.title, commentsOpen: true, commentsMode: 'open' });
    expect(state.nodes).toEqual(thread(true).items);
    expect(state.pending).toEqual([pending]);
    expect(html.indexOf('id="parley-discussion"')).toBeLessThan(html.indexOf('id="parley-state"'));
  });

  it('renders, from the serialized state and with an API, exactly the markup hydration will meet', () => {
    // What src/client/article.tsx does, minus the DOM: the first client render must equal the SSR.
    const api = {} as DiscussionApi;
    const client = renderToString(
      <ApiContext.Provider value={api}>
        <Discussion {...stateOf(html)} />
      </ApiContext.Provider>,
    );
    const start = html.indexOf('<div id="parley-discussion">') + '<div id="parley-discussion">'.length;
    const server = html.slice(start, html.indexOf('</section></div>', start) + '</section>'.length);
    expect(client).toBe(server);
  });
});

describe('article page, other states', () => {
  it('invites a signed-out reader to sign in, with returnTo, and renders no forms', () => {
    const html = articlePage({ signedIn: false });
    expectCspSafeDocument(html);
    expect(html).toContain('<a href="/signin?returnTo=%2Farticles%2Fharbour-vote%23comments">Sign in</a> to join the discussion.');
    expect(html).toContain('href="/signup?returnTo=%2Farticles%2Fharbour-vote%23comments"');
    expect(html).toContain('<a href="/signin?returnTo=%2Farticles%2Fharbour-vote">Sign in</a>');
    expect(forms(html)).toEqual([]);
    expect(commentHtml(html, 'c1')).toContain('<p class="reactions reactions--counts">12 likes · 1 dislike</p>');
  });

  it('says when comments are closed and offers no composer or replies', () => {
    const html = articlePage({ article: { commentsOpen: false, commentsMode: 'closed' } });
    expectCspSafeDocument(html);
    expect(html).toContain('<p class="discussion-note">Comments are closed.</p>');
    expect(html).not.toContain('id="compose-body"');
    expect(forms(html).some((f) => f.fields.parentId)).toBe(false);
    expect(forms(html).some((f) => f.action === '/comments/c1/report')).toBe(true);
  });

  it('warns that a premoderated discussion reviews comments first', () => {
    expect(articlePage({ article: { commentsMode: 'premoderated' } })).toContain('reviewed before they appear');
  });

  it('refills the composer and explains a refused comment', () => {
    const html = articlePage({ composer: { parentId: null, body: 'Too <short>', error: 'Write at least 3 words.' } });
    expect(html).toMatch(/<textarea id="compose-body" name="body" rows="5" required aria-invalid="true" aria-describedby="compose-error compose-hint">Too &lt;short><\/textarea>/);
    expect(html).toContain('<p id="compose-error" class="form-error" role="alert">Write at least 3 words.</p>');
  });

  it('reopens the reply form of the comment a refused reply answered', () => {
    const html = articlePage({ composer: { parentId: 'c5', body: 'me too', error: 'Slow down a little.' } });
    const c5 = commentHtml(html, 'c5');
    expect(c5).toMatch(/<details class="action" open><summary>Reply/);
    expect(c5).toContain('aria-describedby="reply-c5-error">me too</textarea>');
    expect(c5).toContain('Slow down a little.');
    expect(html).not.toContain('id="compose-error"');
  });

  it('keeps the state JSON inside its script even when comment HTML contains </script>', () => {
    const hostile = '<p>nested</p></script><script>alert(1)</script><!--';
    const page = thread(true);
    page.items[1]!.comment.html = hostile;
    const html = renderArticlePage(ctx(), { article, page, sort: 'best', myPending: [] });
    const open = html.indexOf('<script type="application/json" id="parley-state"');
    const body = html.slice(html.indexOf('>', open) + 1, html.indexOf('</script>', open));
    expect(body).not.toMatch(/[<>]/);
    const state = JSON.parse(body) as DiscussionProps;
    expect(state.nodes[1]!.comment.html).toBe(hostile);
    expect(html.slice(open)).toMatch(/^<script[^>]*>[^<]*<\/script><\/body><\/html>$/);
  });
});

describe('comment pages', () => {
  const ancestors = [comment({ id: 'a1' }), comment({ id: 'a2', parentId: 'a1', depth: 1 })];
  const target = comment({ id: 't1', parentId: 'a2', depth: 2, html: '<p>The one linked to.</p>' });
  const view: PermalinkView = { ancestors, comment: target, replies: [node(comment({ id: 'r1', parentId: 't1', depth: 3 }))] };

  it('renders a permalink as the path down to the comment, highlighted, with its replies', () => {
    const html = renderPermalinkPage(ctx(), { article, view });
    expectCspSafeDocument(html);
    expect(html).toMatch(/comment-a1[\s\S]*<ol class="replies">[\s\S]*comment-a2[\s\S]*<ol class="replies">[\s\S]*comment-t1[\s\S]*<ol class="replies">[\s\S]*comment-r1/);
    expect(html).toContain('<article id="comment-t1" class="comment comment--target"');
    expect(html).toContain('From the discussion of <a href="/articles/harbour-vote">');
    expect(stateOf(html)).toMatchObject({ mode: 'permalink', highlight: 't1' });
    expect(html).not.toContain('aria-label="Sort comments"');
  });

  it('renders the continuation of a branch under its root', () => {
    const root = comment({ id: 'c1' });
    const html = renderRepliesPage(ctx(), {
      article,
      root,
      page: { rootId: 'c1', items: [node(comment({ id: 'c9', parentId: 'c1', depth: 1 }))], moreReplies: { cursor: 'next', count: 1 } },
    });
    expectCspSafeDocument(html);
    expect(html).toMatch(/<article id="comment-c1"[\s\S]*<ol class="replies"><li class="thread-item"><article id="comment-c9"/);
    expect(html).toContain('<a href="/articles/harbour-vote/comments/c1/replies?cursor=next">Show 1 more reply</a>');
  });

  it('renders the edit page as a plain form', () => {
    const c = comment({ id: 'c3', source: 'old', abilities: OWNER });
    const html = renderEditCommentPage(ctx(), { article, comment: c, body: 'draft <b>', error: 'Too long.' });
    expectCspSafeDocument(html);
    expect(tags(html).some((t) => t.name === 'script')).toBe(false);
    const [header, form] = forms(html);
    expect(header!.action).toBe('/signout');
    expect(form).toMatchObject({ action: '/comments/c3/edit', fields: { _csrf: CSRF, body: 'draft <b>' } });
    expect(form!.html).toContain('aria-describedby="edit-error edit-hint"');
  });
});

describe('other pages', () => {
  it('lists articles on the home page without shipping JavaScript', () => {
    const html = renderHomePage(anon(), { articles: [article, { ...article, id: 'art2', slug: 'rain', title: 'Rain <again>', leadImage: null, commentCount: 1 }] });
    expectCspSafeDocument(html);
    expect(tags(html).some((t) => t.name === 'script')).toBe(false);
    expect(html).toContain('<a href="/articles/harbour-vote">Council backs harbour plan after late-night vote</a>');
    expect(html).toContain('Rain &lt;again>');
    expect(html).toContain('<a href="/articles/rain#comments">1 comment');
    expect(html).toContain('<a class="site-name" href="/">The Harbour Herald</a>');
  });

  it('renders the sign-in form with returnTo and an explained error', () => {
    const html = renderSignInPage(anon(), { returnTo: '/articles/harbour-vote#comments', email: 'a@b.c', error: 'Wrong email or password.' });
    expectCspSafeDocument(html);
    const form = forms(html).find((f) => f.action === '/signin')!;
    expect(form.fields).toMatchObject({ _csrf: CSRF, returnTo: '/articles/harbour-vote#comments', email: 'a@b.c' });
    expect(form.html).toContain('type="password"');
    expect(html).toContain('<p id="form-error" class="notice notice--error" role="alert">Wrong email or password.</p>');
    expect(html).toContain('aria-describedby="form-error"');
    expect(html).toContain('<meta name="robots" content="noindex"/>');
  });

  it('renders sign-up with per-field errors tied to their inputs', () => {
    const html = renderSignUpPage(anon(), {
      returnTo: '/',
      values: { email: 'x@y.z', username: 'taken', displayName: XSS },
      errors: { username: 'That username is taken.', form: 'Please fix the fields below.' },
    });
    expectCspSafeDocument(html);
    const form = forms(html).find((f) => f.action === '/signup')!;
    expect(Object.keys(form.fields).sort()).toEqual(['_csrf', 'displayName', 'email', 'password', 'returnTo', 'username']);
    expect(html).toMatch(/id="field-username"[^>]*aria-invalid="true" aria-describedby="field-username-error field-username-hint"/);
    expect(html).toContain('<span id="field-username-error" class="form-error">That username is taken.</span>');
    expect(html).toContain('Please fix the fields below.');
    expect(html).not.toContain(XSS);
  });

  it('renders an error page with a notice and a way home', () => {
    const html = renderErrorPage(ctx({ notice: { kind: 'error', text: 'Session expired.' }, lang: 'en' }), {
      status: 404,
      title: 'Page not found',
      detail: 'There is nothing at this address.',
    });
    expectCspSafeDocument(html);
    expect(html).toContain('<p class="notice notice--error" role="alert">Session expired.</p>');
    expect(html).toContain('<h1 class="page-title">Page not found</h1>');
    expect(html).toContain('Error 404');
  });
});

describe('client build', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  beforeAll(async () => {
    await ensureClientBuild();
  }, 120_000);

  it('emits the article bundle and stylesheet within budget', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'dist/client/.vite/manifest.json'), 'utf8')) as Record<
      string,
      { file: string; css?: string[]; imports?: string[]; dynamicImports?: string[] }
    >;
    const entry = manifest['src/client/article.tsx']!;
    expect(entry.file).toMatch(/^assets\/article-[\w-]+\.js$/);
    expect(entry.css?.[0]).toMatch(/^assets\/article-[\w-]+\.css$/);

    const assets = loadAssets();
    expect(assets.js).toEqual([`/assets/${path.basename(entry.file)}`]);
    expect(assets.css).toEqual([`/assets/${path.basename(entry.css![0]!)}`]);

    const size = (file: string) => {
      const full = path.join(root, 'dist/client', file);
      expect(existsSync(full)).toBe(true);
      const raw = readFileSync(full);
      return { raw: raw.length, gzip: gzipSync(raw).length, gzip9: gzipSync(raw, { level: 9 }).length };
    };
    // The entry loads with the page; the discussion's code is a chunk it imports on demand.
    const lazy = new Set<string>();
    const collect = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || lazy.has(chunk.file)) return;
      lazy.add(chunk.file);
      for (const dep of chunk.imports ?? []) collect(dep);
    };
    for (const key of entry.dynamicImports ?? []) collect(key);
    expect(lazy.size).toBeGreaterThan(0);
    const js = size(entry.file);
    const later = [...lazy].map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, gzip9: a.gzip9 + b.gzip9 }));
    const css = size(entry.css![0]!);
    console.log(
      `[views] article bundle: entry JS ${js.raw} B raw, ${js.gzip} B gzip; discussion JS ${later.raw} B raw, ` +
        `${later.gzip} B gzip (${later.gzip9} B at -9); CSS ${css.raw} B raw, ${css.gzip} B gzip (${css.gzip9} B at -9)`,
    );
    expect(js.gzip).toBeLessThanOrEqual(1536);
    expect(later.gzip).toBeLessThanOrEqual(13 * 1024);
    expect(css.gzip).toBeLessThanOrEqual(6 * 1024);
  });

  it('ships production code the CSP allows: no eval, no dev-only source locations', () => {
    const js = readFileSync(path.join(root, 'dist/client', loadAssets().js[0]!), 'utf8');
    expect(js).not.toMatch(/\beval\(|new Function\(/);
    // A development JSX transform would leak source paths (and double the size).
    expect(js).not.toContain(root.replace(/\/$/, ''));
    expect(js).not.toContain('lineNumber');
  });
});
