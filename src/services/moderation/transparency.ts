// The transparency report (DSA Art. 15 and 24): for a period, decisions by action and by reason,
// automated versus human, the median time from posting to a human decision, reports by reason,
// and appeals with their outcomes. From the moderation log, so it counts what was done.
import { authorizeModeration } from '../../domain/policies/moderation.js';
import type { Actor, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';

export interface TransparencyReport {
  siteId: string;
  from: string;
  to: string;
  totals: { decisions: number; automated: number; human: number };
  byAction: { action: string; automated: number; human: number }[];
  byReason: { reason: string; automated: number; human: number }[];
  /** Hours from posting to the first human decision on a comment, median over the period. */
  medianHoursToHumanDecision: number | null;
  appeals: { received: number; upheld: number; reversed: number; open: number; medianHoursToDecision: number | null };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 100) / 100;
}

/** Pipeline approvals of ordinary comments are not moderation decisions worth counting. */
const COUNTED = (a: { action: string; actorId: string | null; reasonCodes: string[] }) => !(a.actorId === null && a.action === 'approved' && a.reasonCodes.length === 0);

export async function transparencyReport(deps: ServiceDeps, input: { site: Site; actor: Actor; from: string; to: string }): Promise<TransparencyReport> {
  authorizeModeration(input.actor, 'view_transparency');
  const [actions, appeals] = await Promise.all([
    deps.store.moderation.listActionsInPeriod({ siteId: input.site.id, from: input.from, to: input.to }),
    deps.store.moderation.listAppealsInPeriod({ siteId: input.site.id, from: input.from, to: input.to }),
  ]);
  const counted = actions.filter(COUNTED);
  const byAction = new Map<string, { automated: number; human: number }>();
  const byReason = new Map<string, { automated: number; human: number }>();
  const firstHuman = new Map<string, number>();
  for (const a of counted) {
    const side = a.actorId ? 'human' : 'automated';
    const row = byAction.get(a.action) ?? { automated: 0, human: 0 };
    row[side]++;
    byAction.set(a.action, row);
    for (const r of a.reasonCodes.filter((c) => !c.startsWith('close_at:'))) {
      const rr = byReason.get(r) ?? { automated: 0, human: 0 };
      rr[side]++;
      byReason.set(r, rr);
    }
    if (a.actorId && a.commentId && a.commentCreatedAt && !firstHuman.has(a.commentId)) {
      firstHuman.set(a.commentId, (Date.parse(a.createdAt) - Date.parse(a.commentCreatedAt)) / 3_600_000);
    }
  }
  const human = counted.filter((a) => a.actorId).length;
  const decided = appeals.filter((a) => a.decidedAt);
  return {
    siteId: input.site.id,
    from: input.from,
    to: input.to,
    totals: { decisions: counted.length, automated: counted.length - human, human },
    byAction: [...byAction].map(([action, v]) => ({ action, ...v })).sort((a, b) => b.automated + b.human - (a.automated + a.human)),
    byReason: [...byReason].map(([reason, v]) => ({ reason, ...v })).sort((a, b) => b.automated + b.human - (a.automated + a.human)),
    medianHoursToHumanDecision: median([...firstHuman.values()]),
    appeals: {
      received: appeals.length,
      upheld: appeals.filter((a) => a.status === 'upheld').length,
      reversed: appeals.filter((a) => a.status === 'reversed').length,
      open: appeals.filter((a) => a.status === 'open').length,
      medianHoursToDecision: median(decided.map((a) => (Date.parse(a.decidedAt!) - Date.parse(a.createdAt)) / 3_600_000)),
    },
  };
}

const csvCell = (v: unknown) => {
  const s = String(v ?? '');
  // Quote, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function transparencyCsv(r: TransparencyReport): string {
  const rows: unknown[][] = [['section', 'key', 'automated', 'human', 'total']];
  rows.push(['period', `${r.from}/${r.to}`, '', '', '']);
  rows.push(['totals', 'decisions', r.totals.automated, r.totals.human, r.totals.decisions]);
  for (const a of r.byAction) rows.push(['action', a.action, a.automated, a.human, a.automated + a.human]);
  for (const a of r.byReason) rows.push(['reason', a.reason, a.automated, a.human, a.automated + a.human]);
  rows.push(['timing', 'median_hours_to_human_decision', '', '', r.medianHoursToHumanDecision ?? '']);
  rows.push(['appeals', 'received', '', '', r.appeals.received]);
  rows.push(['appeals', 'upheld', '', '', r.appeals.upheld]);
  rows.push(['appeals', 'reversed', '', '', r.appeals.reversed]);
  rows.push(['appeals', 'open', '', '', r.appeals.open]);
  rows.push(['appeals', 'median_hours_to_decision', '', '', r.appeals.medianHoursToDecision ?? '']);
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
