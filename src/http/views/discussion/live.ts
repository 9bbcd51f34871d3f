// Live updates of a hydrated discussion (issue 7), over Server-Sent Events: the wire format and
// the stream's URL. Discussion.tsx listens; tree.ts applies ('live' and 'showFresh'): edits,
// deletions, reactions and the comment count in place, while new comments wait behind a "Show N
// new comments" button so the reader's place does not jump. The browser's EventSource
// reconnects by itself and sends Last-Event-ID, so the server replays what was missed.
import type { CommentView } from '../../api-types.js';

/**
 * `event: comment` of the JSON live stream: a comment that changed, as a reader who did not
 * write it sees it (signed in or not, as the stream was asked), or no `comment` when readers no
 * longer see it. `total` is the article's comment count.
 */
export interface LiveCommentData {
  id: string;
  total: number;
  comment?: CommentView;
}

