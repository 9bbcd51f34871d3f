// Statements of reasons (DSA Art. 17) and the other notices moderation sends: what was decided,
// the facts, the rule, whether automated means were used, and how to seek redress. Written into
// the recipient's notices inside the decision's transaction, and queued as a mail to them when
// their address is confirmed (statementMail.ts); the event after commit wakes the mail worker.
import { reasonLabel, reasonRule } from '../../domain/moderation/reasons.js';
import type { Restriction, Statement, StatementBody, StatementKind } from '../../domain/moderation/types.js';
import { APPEAL_WINDOW_DAYS } from '../../domain/moderation/types.js';
import type { Article, Comment } from '../../domain/types.js';
import type { Store } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';
import { formatUtc } from './format.js';
import { queueStatementMail } from './statementMail.js';

export const REDRESS =
  `You can appeal this decision from your notices page within ${APPEAL_WINDOW_DAYS} days: a moderator who did not take it will review it and tell you the outcome. ` +
  'You may also refer the dispute to an out-of-court dispute settlement body certified under Article 21 of the EU Digital Services Act, or go to court.';

export const NO_APPEAL = 'This is a notice; there is nothing to appeal.';

function excerptOf(markdown: string): string {
  const text = markdown.replace(/\s+/g, ' ').trim();
  return text.length > 280 ? `${text.slice(0, 277)}…` : text;
}

export function removalBody(input: {
  comment: Comment;
  article: Article;
  status: 'rejected' | 'spam';
  reason: string;
  message: string;
  automatedDetection: boolean;
  automatedDecision: boolean;
  trigger: string;
}): StatementBody {
  const { comment, article } = input;
  return {
    title: `Your comment on “${article.title}” was removed`,
    decision: input.status === 'spam' ? 'Removal of a comment as spam (it is no longer visible to anyone but you).' : 'Removal of a comment (it is no longer visible to other readers).',
    facts: `Your comment posted ${formatUtc(comment.createdAt)} under “${article.title}” ${input.trigger}.`,
    reasonCode: input.reason,
    rule: `${reasonLabel(input.reason)}. ${reasonRule(input.reason)}`,
    automatedDetection: input.automatedDetection,
    automatedDecision: input.automatedDecision,
    duration: null,
    message: input.message,
    redress: REDRESS,
    excerpt: excerptOf(comment.bodyMarkdown),
  };
}

const RESTRICTION_DECISION: Record<Restriction['kind'], string> = {
  warning: 'A formal warning. You can keep commenting once you have read it and confirmed so on your notices page.',
  suspension: 'Suspension of your ability to comment for a limited period.',
  ban: 'Termination of your ability to comment.',
  premoderate: 'Your comments will be reviewed by a moderator before they appear.',
  trusted: 'Your comments will appear without waiting for review.',
};

export function restrictionBody(input: { restriction: Restriction; siteName: string; everywhere: boolean }): StatementBody {
  const r = input.restriction;
  const where = input.everywhere ? 'on every site of this Parley installation' : `on ${input.siteName}`;
  const positive = r.kind === 'trusted';
  return {
    title:
      r.kind === 'warning' ? `A warning from the moderators of ${input.siteName}`
      : r.kind === 'suspension' ? `Your account is suspended ${where}`
      : r.kind === 'ban' ? `You are banned from commenting ${where}`
      : r.kind === 'premoderate' ? `Your comments on ${input.siteName} will be reviewed before they appear`
      : `You are now a trusted commenter on ${input.siteName}`,
    decision: RESTRICTION_DECISION[r.kind],
    facts: `Decided by a moderator on ${formatUtc(r.createdAt)}${positive ? '.' : ', after reviewing your activity on the site.'}`,
    reasonCode: r.reasonCode,
    rule: positive ? 'Moderation process' : `${reasonLabel(r.reasonCode)}. ${reasonRule(r.reasonCode)}`,
    automatedDetection: false,
    automatedDecision: false,
    duration: r.kind === 'trusted' || r.kind === 'warning' ? null : r.expiresAt ? `until ${formatUtc(r.expiresAt)}` : 'until further notice',
    message: r.message,
    redress: positive ? NO_APPEAL : REDRESS,
    excerpt: null,
  };
}

export function reportDecisionBody(input: { article: Article; comment: Comment; actioned: boolean; reason: string | null; decidedAt: string }): StatementBody {
  return {
    title: `Your report of a comment on “${input.article.title}” was reviewed`,
    decision: input.actioned ? 'The comment was removed.' : 'The comment stays up: the moderators did not find that it breaks the law or our rules.',
    facts: `You reported a comment posted ${formatUtc(input.comment.createdAt)} as illegal content; a moderator reviewed it on ${formatUtc(input.decidedAt)}.`,
    reasonCode: input.reason ?? 'illegal',
    rule: input.actioned && input.reason ? `${reasonLabel(input.reason)}. ${reasonRule(input.reason)}` : reasonRule('illegal'),
    automatedDetection: false,
    automatedDecision: false,
    duration: null,
    message: '',
    redress: 'If you disagree, you may refer the matter to an out-of-court dispute settlement body certified under Article 21 of the EU Digital Services Act, or to the competent authorities.',
    excerpt: excerptOf(input.comment.bodyMarkdown),
  };
}

export function appealDecisionBody(input: { original: StatementBody; reversed: boolean; note: string; decidedAt: string }): StatementBody {
  return {
    title: input.reversed ? `Your appeal succeeded: “${input.original.title}” is reversed` : `Your appeal was reviewed: the decision stands`,
    decision: input.reversed ? 'The decision was reversed.' : 'The decision was upheld.',
    facts: `A moderator who did not take the original decision reviewed your appeal on ${formatUtc(input.decidedAt)}.`,
    reasonCode: input.original.reasonCode,
    rule: input.original.rule,
    automatedDetection: false,
    automatedDecision: false,
    duration: null,
    message: input.note,
    redress: input.reversed ? NO_APPEAL : 'You may refer the dispute to an out-of-court dispute settlement body certified under Article 21 of the EU Digital Services Act, or go to court.',
    excerpt: input.original.excerpt,
  };
}

export async function issueStatement(
  tx: Store,
  deps: Pick<ServiceDeps, 'newId' | 'publicUrl'>,
  input: { siteId: string; userId: string; kind: StatementKind; body: StatementBody; now: Date; actionId?: string | null; commentId?: string | null; restrictionId?: string | null; appealable: boolean },
): Promise<Statement> {
  const statement: Statement = {
    id: deps.newId(input.now.getTime()),
    siteId: input.siteId,
    userId: input.userId,
    kind: input.kind,
    actionId: input.actionId ?? null,
    commentId: input.commentId ?? null,
    restrictionId: input.restrictionId ?? null,
    body: input.body,
    appealable: input.appealable,
    createdAt: input.now.toISOString(),
    readAt: null,
  };
  await tx.moderation.insertStatement(statement);
  await queueStatementMail(tx, deps, statement, input.now);
  return statement;
}
