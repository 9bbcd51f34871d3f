// Commento's export (usually gzipped): {"version":1,"comments":[…],"commenters":[…]}.
//
//   comment:   {commentHex, domain, url (path), commenterHex ("anonymous": none), markdown,
//               html, parentHex ("root": top level), score, state (approved|unapproved|flagged),
//               creationDate, deleted}
//   commenter: {commenterHex, email, name, link, photo, provider, joinDate, isModerator}
//
// Commenters come after the comments that name them, and replies may come before their parent:
// both are resolved once the file is read. The thread of a comment is its page, https://domain
// + url. The literal string "undefined" (written by some Commento versions) counts as empty.
import { parseSourceDate, toIso } from './dates.js';
import { readJsonArrays } from './json-stream.js';
import { type ImportRecord, type ImporterInput, ImportFileError, type ImportedStatus } from './types.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' && v !== 'undefined' ? v.trim() : null);

function status(state: string | null, deleted: boolean): ImportedStatus {
  if (deleted) return 'deleted';
  if (state === 'approved' || state === null) return 'approved';
  if (state === 'flagged') return 'spam';
  return 'pending';
}

export async function* importCommento(input: ImporterInput): AsyncGenerator<ImportRecord[]> {
  const seenThreads = new Set<string>();
  let sawComments = false;
  let anonymous = false;
  for await (const batch of readJsonArrays(input.file, input.onBytes)) {
    const out: ImportRecord[] = [];
    for (const e of batch) {
      if (e.type === 'top') {
        if (e.key === 'version' && e.value !== 1) out.push({ kind: 'notice', message: `export version ${JSON.stringify(e.value)} (this importer knows version 1)` });
        continue;
      }
      const { array, value, position } = e.element;
      if (array === 'comments') {
        sawComments = true;
        if (!isObject(value)) {
          out.push({ kind: 'skip', what: 'comment', key: null, reason: 'not a JSON object', position });
          continue;
        }
        const hex = str(value.commentHex);
        const domain = str(value.domain);
        const path = str(value.url) ?? '/';
        if (!hex) {
          out.push({ kind: 'skip', what: 'comment', key: null, reason: 'the comment has no commentHex', position });
          continue;
        }
        if (!domain) {
          out.push({ kind: 'skip', what: 'comment', key: hex, reason: 'the comment has no domain', position });
          continue;
        }
        const created = parseSourceDate(str(value.creationDate));
        if (created === undefined) {
          out.push({ kind: 'skip', what: 'comment', key: hex, reason: `invalid creationDate ${JSON.stringify(value.creationDate ?? null)}`, position });
          continue;
        }
        const url = `https://${domain}${path.startsWith('/') ? '' : '/'}${path}`;
        if (!seenThreads.has(url)) {
          seenThreads.add(url);
          out.push({ kind: 'thread', key: url, url, identifier: null, title: null, createdAt: null, closed: false, deleted: false, position });
        }
        const commenter = str(value.commenterHex);
        if (!commenter || commenter === 'anonymous') anonymous = true;
        const parent = str(value.parentHex);
        const score = typeof value.score === 'number' && Number.isFinite(value.score) ? Math.trunc(value.score) : 0;
        const markdown = typeof value.markdown === 'string' ? value.markdown : '';
        const html = typeof value.html === 'string' ? value.html : '';
        out.push({
          kind: 'comment',
          key: hex,
          threadKey: url,
          parentKey: parent && parent !== 'root' ? parent : null,
          author: { key: commenter && commenter !== 'anonymous' ? commenter : 'anonymous' },
          createdAt: toIso(created),
          status: status(str(value.state), value.deleted === true),
          body: markdown.trim() === '' && html.trim() !== '' ? { kind: 'html', text: html } : { kind: 'markdown', text: markdown },
          likes: Math.max(0, score),
          dislikes: Math.max(0, -score),
          position,
        });
      } else if (array === 'commenters') {
        if (!isObject(value) || !str(value.commenterHex)) {
          out.push({ kind: 'skip', what: 'commenter', key: null, reason: 'the commenter has no commenterHex', position });
          continue;
        }
        out.push({ kind: 'author', key: str(value.commenterHex)!, email: str(value.email), username: null, name: str(value.name), url: str(value.link), position });
      }
    }
    if (out.length) yield out;
  }
  if (!sawComments) throw new ImportFileError('this is not a Commento export: it has no "comments" array', { line: 1 });
  // Comments by "anonymous" (or by a commenter not in the file) are by one anonymous profile.
  if (anonymous) yield [{ kind: 'author', key: 'anonymous', email: null, username: null, name: 'Anonymous', url: null, position: { line: 1 } }];
}
