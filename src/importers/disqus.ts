// Disqus export XML: <disqus> holding <category>, <thread> and <post> elements, in any order.
//
//   <thread dsq:id="…"> <id>page identifier</id> <link>URL</link> <title/> <createdAt/>
//                       <isClosed/> <isDeleted/> </thread>
//   <post dsq:id="…"> <id/> <message>HTML</message> <createdAt/> <isDeleted/> <isSpam/>
//                     <author><email/><name/><username/><isAnonymous/></author>
//                     <thread dsq:id="…"/> <parent dsq:id="…"/> </post>
//
// Variants seen in real files are accepted: no default namespace, values wrapped in whitespace,
// posts naming their thread or parent by text (`<thread>identifier</thread>`), posts without a
// dsq:id but with an <id>, missing <isDeleted>/<isSpam>, dates without a time zone (UTC).
import { parseSourceDate, toIso } from './dates.js';
import { type CommentRecord, type ImportRecord, type ImporterInput, ImportFileError, type ThreadRecord, type SkipRecord } from './types.js';
import { child, childText, readXmlRecords, type XmlElement, type XmlRecord } from './xml.js';

const isTrue = (v: string | null): boolean => v !== null && /^(?:true|1)$/i.test(v);
const nonEmpty = (v: string | null): string | null => (v === null || v === '' ? null : v);

function skip(r: XmlRecord, what: string, key: string | null, reason: string): SkipRecord {
  return { kind: 'skip', what, key, reason, position: r.position };
}

/** How a post or thread is referred to: by dsq:id attribute, or by the text of its <id>. */
function reference(el: XmlElement | undefined): string | null {
  if (!el) return null;
  const dsq = el.attrs.id?.trim();
  if (dsq) return `dsq:${dsq}`;
  const text = el.text.trim();
  return text ? `id:${text}` : null;
}

function readThread(r: XmlRecord): ThreadRecord | SkipRecord {
  const dsq = r.attrs.id?.trim() || null;
  const identifier = nonEmpty(childText(r, 'id'));
  const key = dsq ? `dsq:${dsq}` : identifier ? `id:${identifier}` : null;
  if (r.error) return skip(r, 'thread', key, r.error);
  if (!key) return skip(r, 'thread', null, 'the thread has neither a dsq:id nor an <id>');
  const created = parseSourceDate(childText(r, 'createdAt'));
  return {
    kind: 'thread',
    key,
    aliases: dsq && identifier ? [`id:${identifier}`] : [],
    url: nonEmpty(childText(r, 'link')),
    identifier,
    title: nonEmpty(childText(r, 'title')),
    createdAt: created === undefined ? null : toIso(created),
    closed: isTrue(childText(r, 'isClosed')),
    deleted: isTrue(childText(r, 'isDeleted')),
    position: r.position,
  };
}

function readPost(r: XmlRecord): CommentRecord | SkipRecord {
  const dsq = r.attrs.id?.trim() || null;
  const ownId = nonEmpty(childText(r, 'id'));
  const key = dsq ? `dsq:${dsq}` : ownId ? `id:${ownId}` : null;
  if (r.error) return skip(r, 'post', key, r.error);
  if (!key) return skip(r, 'post', null, 'the post has neither a dsq:id nor an <id>');
  const threadKey = reference(child(r, 'thread'));
  if (!threadKey) return skip(r, 'post', key, 'the post names no thread');
  const createdText = childText(r, 'createdAt');
  const created = parseSourceDate(createdText);
  if (created === undefined) return skip(r, 'post', key, createdText ? `invalid date ${JSON.stringify(createdText)}` : 'the post has no <createdAt>');
  const author = child(r, 'author');
  const status = isTrue(childText(r, 'isDeleted'))
    ? 'deleted'
    : isTrue(childText(r, 'isSpam'))
      ? 'spam'
      : childText(r, 'isApproved') !== null && !isTrue(childText(r, 'isApproved'))
        ? 'pending'
        : 'approved';
  return {
    kind: 'comment',
    key,
    aliases: dsq && ownId ? [`id:${ownId}`] : [],
    threadKey,
    parentKey: reference(child(r, 'parent')),
    author: {
      email: author ? nonEmpty(childText(author, 'email')) : null,
      username: author ? nonEmpty(childText(author, 'username')) : null,
      name: author ? nonEmpty(childText(author, 'name')) : null,
      url: null,
    },
    createdAt: toIso(created),
    status,
    body: { kind: 'html', text: (childText(r, 'message') ?? '').trim() },
    likes: Math.max(0, Number.parseInt(childText(r, 'likes') ?? '0', 10) || 0),
    dislikes: Math.max(0, Number.parseInt(childText(r, 'dislikes') ?? '0', 10) || 0),
    position: r.position,
  };
}

export async function* importDisqus(input: ImporterInput): AsyncGenerator<ImportRecord[]> {
  const events = readXmlRecords({ file: input.file, onBytes: input.onBytes, isRecord: (name, depth) => depth === 1 && (name === 'thread' || name === 'post' || name === 'category') });
  for await (const batch of events) {
    const out: ImportRecord[] = [];
    for (const e of batch) {
      if (e.type === 'root') {
        if (e.name !== 'disqus') throw new ImportFileError(wrongRoot(e.name), { line: 1 });
      } else if (e.type === 'notice') out.push({ kind: 'notice', message: e.message, position: e.position });
      else if (e.record.name === 'thread') out.push(readThread(e.record));
      else if (e.record.name === 'post') out.push(readPost(e.record));
    }
    if (out.length) yield out;
  }
}

export function wrongRoot(root: string): string {
  if (root === 'rss' || root === 'channel') return 'this is not a Disqus export: its root element is <' + root + '>, as in a WordPress (WXR) export; use `parley import wordpress`';
  return `this is not a Disqus export: its root element is <${root}>, not <disqus>`;
}
