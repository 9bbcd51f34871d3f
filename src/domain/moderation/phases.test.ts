// Each moderation phase on its own, and the run of the default phases with analyses.
import { describe, expect, it } from 'vitest';
import {
  authorPremoderatedPhase,
  bannedWordsPhase,
  externalPhase,
  linksPhase,
  moderate,
  newAccountPhase,
  ratePhase,
  restrictionsPhase,
  spamPhase,
  storyClosedPhase,
  suspectWordsPhase,
  toxicityPhase,
  trustedUserPhase,
  type Analysis,
  type ModerationContext,
} from './pipeline.js';
import { DEFAULT_MODERATION_SETTINGS, type ModerationSettings } from './settings.js';
import { incivilitySignals, spamSignals } from './signals.js';
import type { Restriction } from './types.js';
import { compileWordList } from './wordlist.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const later = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

function analysis(body: string, over: Partial<Analysis> = {}, lists: { banned?: string[]; suspect?: string[] } = {}): Analysis {
  return {
    incivility: incivilitySignals(body),
    spam: spamSignals(body),
    models: {},
    external: [],
    externalFailures: [],
    words: { banned: compileWordList(lists.banned ?? []).find(body), suspect: compileWordList(lists.suspect ?? []).find(body) },
    links: (body.match(/https?:\/\//g) ?? []).length,
    ...over,
  };
}

function ctx(over: Partial<ModerationContext> & { body?: string; mod?: Partial<ModerationSettings> } = {}): ModerationContext {
  const body = over.body ?? 'An ordinary comment about the bus timetable.';
  return {
    now: NOW,
    body,
    settings: { moderationMode: 'post' },
    moderation: { ...DEFAULT_MODERATION_SETTINGS, ...over.mod },
    article: { commentsMode: 'open', publishedAt: ago(3_600_000) },
    author: { role: 'commenter', isOperator: false, createdAt: ago(90 * 86_400_000), restrictions: [] },
    recent: [],
    analysis: analysis(body),
    ...over,
  };
}

function restriction(kind: Restriction['kind'], over: Partial<Restriction> = {}): Restriction {
  return { id: 'r1', siteId: 's1', userId: 'u1', kind, reasonCode: 'abuse', message: 'm', actorId: 'mod', createdAt: ago(1000), expiresAt: null, acknowledgedAt: null, liftedAt: null, liftedBy: null, ...over };
}

describe('restrictions phase', () => {
  it('rejects a banned author, a suspended one, and one with a warning not yet acknowledged', () => {
    expect(restrictionsPhase.run(ctx({ author: { role: 'commenter', isOperator: false, restrictions: [restriction('ban')] } }))).toEqual({ status: 'rejected', reasons: ['author_banned'] });
    expect(restrictionsPhase.run(ctx({ author: { role: 'commenter', isOperator: false, restrictions: [restriction('suspension', { expiresAt: later(60_000) })] } }))?.reasons).toEqual(['author_suspended']);
    expect(restrictionsPhase.run(ctx({ author: { role: 'commenter', isOperator: false, restrictions: [restriction('warning')] } }))?.reasons).toEqual(['warning_unacknowledged']);
  });

  it('ignores expired, lifted and acknowledged restrictions', () => {
    const rs = [restriction('suspension', { expiresAt: ago(1) }), restriction('ban', { liftedAt: ago(10) }), restriction('warning', { acknowledgedAt: ago(5) })];
    expect(restrictionsPhase.run(ctx({ author: { role: 'commenter', isOperator: false, restrictions: rs } }))).toBeUndefined();
  });

  it('comes before the staff bypass: a banned moderator cannot post either', () => {
    expect(moderate(ctx({ author: { role: 'moderator', isOperator: false, restrictions: [restriction('ban')] } })).phase).toBe('restrictions');
  });
});

describe('story closed phase (auto-close after N days)', () => {
  it('rejects once the story is older than the site allows, not before, and not when off', () => {
    expect(storyClosedPhase.run(ctx({ mod: { autoCloseDays: 2 }, article: { commentsMode: 'open', publishedAt: ago(2 * 86_400_000) } }))).toEqual({ status: 'rejected', reasons: ['story_closed'] });
    expect(storyClosedPhase.run(ctx({ mod: { autoCloseDays: 2 }, article: { commentsMode: 'open', publishedAt: ago(2 * 86_400_000 - 1) } }))).toBeUndefined();
    expect(storyClosedPhase.run(ctx({ mod: { autoCloseDays: 0 }, article: { commentsMode: 'open', publishedAt: ago(400 * 86_400_000) } }))).toBeUndefined();
  });
});

describe('word list phases', () => {
  it('banned words reject, suspect words hold, disguised or not', () => {
    const body = 'That is fr0bn1cated nonsense';
    expect(bannedWordsPhase.run(ctx({ body, analysis: analysis(body, {}, { banned: ['frobnicated'] }) }))).toEqual({ status: 'rejected', reasons: ['banned_word'] });
    expect(suspectWordsPhase.run(ctx({ body, analysis: analysis(body, {}, { suspect: ['frobnicat*'] }) }))).toEqual({ status: 'pending', reasons: ['suspect_word'] });
    expect(bannedWordsPhase.run(ctx({ body: 'fine text', analysis: analysis('fine text', {}, { banned: ['frobnicated'] }) }))).toBeUndefined();
  });
});

describe('rate phase', () => {
  it('holds flooding when the site sets a per-minute limit', () => {
    const recent = Array.from({ length: 3 }, (_, i) => ({ bodyMarkdown: `comment ${i}`, createdAt: ago(10_000 * (i + 1)) }));
    expect(ratePhase.run(ctx({ recent, mod: { floodPerMinute: 3 } }))).toEqual({ status: 'pending', reasons: ['flooding'] });
    expect(ratePhase.run(ctx({ recent, mod: { floodPerMinute: 4 } }))).toBeUndefined();
    expect(ratePhase.run(ctx({ recent, mod: { floodPerMinute: 0 } }))).toBeUndefined();
  });

  it('holds the same text again within the window, whatever the case and spacing', () => {
    const body = 'Vote  for the harbour plan!';
    expect(ratePhase.run(ctx({ body, recent: [{ bodyMarkdown: 'vote for the HARBOUR plan!', createdAt: ago(30 * 60_000) }] }))).toEqual({ status: 'pending', reasons: ['duplicate'] });
    expect(ratePhase.run(ctx({ body, recent: [{ bodyMarkdown: 'vote for the harbour plan!', createdAt: ago(61 * 60_000) }] }))).toBeUndefined();
    expect(ratePhase.run(ctx({ body: 'Agreed.', recent: [{ bodyMarkdown: 'Agreed.', createdAt: ago(1000) }] }))).toBeUndefined(); // too short to matter
  });
});

describe('links phase', () => {
  it('holds more links than allowed, or any link when links are premoderated', () => {
    const two = 'see https://a.example/x and https://b.example/y';
    expect(linksPhase.run(ctx({ body: two, analysis: analysis(two), mod: { maxLinks: 1 } }))).toMatchObject({ status: 'pending', reasons: ['too_many_links'] });
    expect(linksPhase.run(ctx({ body: two, analysis: analysis(two), mod: { maxLinks: 2 } }))).toBeUndefined();
    expect(linksPhase.run(ctx({ body: two, analysis: analysis(two), mod: { premoderateLinks: true } }))).toMatchObject({ status: 'pending', reasons: ['links_premoderated'] });
  });
});

describe('toxicity phase', () => {
  it('notes mild profanity without holding (the demo’s "what the hell")', () => {
    const body = 'What the hell is anyone supposed to cheer about here?';
    expect(toxicityPhase.run(ctx({ body, analysis: analysis(body) }))).toEqual({ reasons: ['mild_profanity'], scores: { toxicity: 0.1 } });
  });

  it('flags an insult aimed at the reader, and holds a threat', () => {
    const insult = "Either you're naive or you're a shill.";
    expect(toxicityPhase.run(ctx({ body: insult, analysis: analysis(insult) }))).toEqual({ reasons: ['insult_you'], scores: { toxicity: 0.7 } });
    const threat = 'I know where you live.';
    expect(toxicityPhase.run(ctx({ body: threat, analysis: analysis(threat) }))).toMatchObject({ status: 'pending', reasons: ['threat_phrase', 'toxic'] });
  });

  it('holds on the learned model alone when it is sure enough', () => {
    const body = 'A polite sentence.';
    expect(toxicityPhase.run(ctx({ body, analysis: analysis(body, { models: { toxicity: 0.95 } }) }))).toMatchObject({ status: 'pending', reasons: ['toxic_model'], scores: { toxicity_model: 0.95 } });
  });

  it('follows the site’s threshold', () => {
    const insult = 'You are an idiot.';
    expect(toxicityPhase.run(ctx({ body: insult, analysis: analysis(insult), mod: { toxicityHoldAt: 0.6 } }))?.status).toBe('pending');
  });
});

describe('spam phase', () => {
  it('holds sales talk with a shortened link, and says nothing much about a plain link', () => {
    const spam = 'Earn $500 per day from home! Click here: https://bit.ly/xyz';
    expect(spamPhase.run(ctx({ body: spam, analysis: analysis(spam), mod: { spamHoldAt: 0.8 } }))).toMatchObject({ status: 'pending', reasons: expect.arrayContaining(['link_shortener', 'spam_phrase', 'likely_spam']) });
    const plain = 'The council minutes are at https://example.org/minutes';
    expect(spamPhase.run(ctx({ body: plain, analysis: analysis(plain) }))).toEqual({ reasons: ['link'], scores: { spam: 0.05 } });
  });
});

describe('external phase', () => {
  it('holds when a scorer reaches its threshold and notes failures without holding', () => {
    const flagged = analysis('x', { external: [{ name: 'perspective', score: 0.91, holdAt: 0.8, reasons: ['perspective_insult'] }] });
    expect(externalPhase.run(ctx({ analysis: flagged }))).toEqual({ status: 'pending', reasons: ['external_flag', 'perspective_insult'], scores: { external_perspective: 0.91 } });
    const failed = analysis('x', { externalFailures: ['akismet: timeout'] });
    expect(externalPhase.run(ctx({ analysis: failed }))).toEqual({ reasons: ['external_scorer_failed'], scores: {} });
  });
});

describe('who is posting', () => {
  it('trusted authors skip premoderation but not the text checks', () => {
    const trusted = { role: 'commenter' as const, isOperator: false, restrictions: [restriction('trusted')] };
    expect(trustedUserPhase.run(ctx({ author: trusted }))).toEqual({ status: 'approved', reasons: ['trusted_user'] });
    expect(moderate(ctx({ author: trusted, settings: { moderationMode: 'pre' } })).status).toBe('approved');
    const body = 'I will kill you';
    expect(moderate(ctx({ author: trusted, body, analysis: analysis(body) })).status).toBe('pending');
  });

  it('always-premoderated authors are held', () => {
    expect(authorPremoderatedPhase.run(ctx({ author: { role: 'commenter', isOperator: false, restrictions: [restriction('premoderate')] } }))).toEqual({ status: 'pending', reasons: ['author_premoderated'] });
  });

  it('new accounts are held by age or by too few approved comments, when the site asks', () => {
    const young = { role: 'commenter' as const, isOperator: false, createdAt: ago(3_600_000), approvedComments: 5 };
    expect(newAccountPhase.run(ctx({ author: young, mod: { newAccountHours: 2 } }))).toEqual({ status: 'pending', reasons: ['new_account'] });
    expect(newAccountPhase.run(ctx({ author: young, mod: { newAccountHours: 1 } }))).toBeUndefined();
    expect(newAccountPhase.run(ctx({ author: young, mod: { newAccountApprovedComments: 6 } }))).toEqual({ status: 'pending', reasons: ['new_account'] });
    expect(newAccountPhase.run(ctx({ author: young }))).toBeUndefined();
  });
});

describe('the default run on the demo discussion’s hard cases', () => {
  it.each([
    ['What the hell is anyone supposed to cheer about here?', 'approved', ['mild_profanity']],
    ["One cruiser every few years isn't a naval presence, it's a damn postcard.", 'approved', ['mild_profanity']],
    ["Either you're naive or you're a shill for Caracas, and honestly I can't tell which is worse.", 'approved', ['insult_you']],
    ['You fucking idiot.', 'pending', ['insult_you', 'profanity', 'toxic']],
    ['The Scunthorpe cockpit crew from Penistone', 'approved', []],
  ])('%s → %s', (body, status, reasons) => {
    const d = moderate(ctx({ body, analysis: analysis(body) }));
    expect(d.status).toBe(status);
    expect(d.reasons).toEqual(reasons);
  });
});
