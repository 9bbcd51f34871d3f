// WordPress eXtended RSS (WXR), any version (1.0–1.2) and namespace spelling: each <item> is a
// post or page (a thread) holding its <wp:comment>s.
//
//   <item> <title/> <link/> <wp:post_id/> <wp:post_date_gmt/> <wp:comment_status>open|closed
//          <wp:status/> <wp:comment> <wp:comment_id/> <wp:comment_author/> <…_email/> <…_url/>
//          <wp:comment_date/> <wp:comment_date_gmt/> <wp:comment_content/> <wp:comment_approved/>
//          <wp:comment_type/> <wp:comment_parent/> </wp:comment> </item>
//
// Comment ids are unique per blog, but exports stitched together repeat them, so a comment is
// keyed by its post and id. comment_approved: 1 → approved, 0 → pending, spam → spam, trash →
// deleted. Pingbacks and trackbacks are imported like comments, as WordPress showed them. Dates:
// the *_gmt field (UTC); when it is missing or zero, the local time is taken as UTC (noted).
import { parseSourceDate, toIso } from './dates.js';
import { htmlText } from './html-to-markdown.js';
import { type CommentRecord, type ImportRecord, type ImporterInput, ImportFileError, type SkipRecord, type ThreadRecord, type ImportedStatus } from './types.js';
import { child, childText, readXmlRecords, type XmlElement, type XmlRecord } from './xml.js';

const nonEmpty = (v: string | null): string | null => (v === null || v === '' ? null : v);
const ZERO_DATE = /^0000-00-00/;

function status(approved: string | null): ImportedStatus {
  switch ((approved ?? '').toLowerCase()) {
    case '1':
    case 'approve':
    case 'approved':
      return 'approved';
    case 'spam':
      return 'spam';
    case 'trash':
    case 'post-trashed':
      return 'deleted';
    default:
      return 'pending';
  }
}

function readComment(c: XmlElement, threadKey: string, item: XmlRecord, localDates: { count: number }): CommentRecord | SkipRecord {
  const position = c.position ?? item.position;
  const id = nonEmpty(childText(c, 'comment_id'));
  if (!id) return { kind: 'skip', what: 'comment', key: null, reason: 'the comment has no <wp:comment_id>', position };
  const key = `${threadKey}#${id}`;
  const gmt = childText(c, 'comment_date_gmt');
  let created = gmt && !ZERO_DATE.test(gmt) ? parseSourceDate(gmt) : undefined;
  if (created === undefined) {
    const local = childText(c, 'comment_date');
    created = local && !ZERO_DATE.test(local) ? parseSourceDate(local) : undefined;
    if (created === undefined) return { kind: 'skip', what: 'comment', key, reason: `invalid date ${JSON.stringify(gmt ?? local ?? '')}`, position };
    localDates.count++;
  }
  const parent = nonEmpty(childText(c, 'comment_parent'));
  const name = nonEmpty(childText(c, 'comment_author'));
  return {
    kind: 'comment',
    key,
    threadKey,
    parentKey: parent && parent !== '0' ? `${threadKey}#${parent}` : null,
    author: {
      // WordPress keeps author names HTML-escaped (pingbacks carry `&laquo;`): decoded once here.
      name: name ? nonEmpty(htmlText(name)) : null,
      email: nonEmpty(childText(c, 'comment_author_email')),
      username: null,
      url: nonEmpty(childText(c, 'comment_author_url')),
    },
    createdAt: toIso(created),
    status: status(childText(c, 'comment_approved')),
    body: { kind: 'wordpress', text: (c.children.find((x) => x.name === 'comment_content')?.text ?? '').trim() },
    likes: 0,
    dislikes: 0,
    position,
  };
}

function readItem(r: XmlRecord, localDates: { count: number }): ImportRecord[] {
  const postId = nonEmpty(childText(r, 'post_id'));
  const link = nonEmpty(childText(r, 'link')) ?? nonEmpty(childText(r, 'guid'));
  const key = postId ? `post:${postId}` : link ? `link:${link}` : null;
  const comments = r.children.filter((c) => c.name === 'comment' && child(c, 'comment_id') !== undefined);
  if (r.error) return [{ kind: 'skip', what: 'item', key, reason: r.error, position: r.position }];
  if (!key) {
    return comments.length ? [{ kind: 'skip', what: 'item', key: null, reason: `the item has neither <wp:post_id> nor <link>: its ${comments.length} comment(s) were skipped`, position: r.position }] : [];
  }
  const created = parseSourceDate(childText(r, 'post_date_gmt')) ?? parseSourceDate(childText(r, 'post_date'));
  const thread: ThreadRecord = {
    kind: 'thread',
    key,
    url: link,
    identifier: null,
    title: nonEmpty(childText(r, 'title')),
    createdAt: created === undefined ? null : toIso(created),
    closed: (childText(r, 'comment_status') ?? '').toLowerCase() === 'closed',
    deleted: (childText(r, 'status') ?? '').toLowerCase() === 'trash',
    position: r.position,
  };
  return [thread, ...comments.map((c) => readComment(c, key, r, localDates))];
}

export async function* importWordPress(input: ImporterInput): AsyncGenerator<ImportRecord[]> {
  const localDates = { count: 0 };
  const events = readXmlRecords({ file: input.file, onBytes: input.onBytes, isRecord: (name, depth) => name === 'item' && depth <= 2 });
  let sawRoot = false;
  for await (const batch of events) {
    const out: ImportRecord[] = [];
    for (const e of batch) {
      if (e.type === 'root') {
        sawRoot = true;
        if (e.name === 'disqus') throw new ImportFileError('this is not a WordPress export: its root element is <disqus>, as in a Disqus export; use `parley import disqus`', { line: 1 });
        if (e.name !== 'rss' && e.name !== 'channel') throw new ImportFileError(`this is not a WordPress (WXR) export: its root element is <${e.name}>, not <rss>`, { line: 1 });
      } else if (e.type === 'notice') out.push({ kind: 'notice', message: e.message, position: e.position });
      else out.push(...readItem(e.record, localDates));
    }
    if (out.length) yield out;
  }
  if (sawRoot && localDates.count > 0) {
    yield [{ kind: 'notice', message: `${localDates.count} comment(s) had no GMT date; their local time was taken as UTC` }];
  }
}
