import { describe, expect, it, vi } from 'vitest';
import type { CommentsMode, Role } from '../types.js';
import { DEFAULT_PHASES, moderate, type ModerationContext, type Phase, type PhaseDecision } from './pipeline.js';

const NOW = new Date('2025-03-14T12:00:00.000Z');

function ctx(
  opts: { mode?: 'post' | 'pre'; story?: CommentsMode; role?: Role | null; isOperator?: boolean; body?: string } = {},
): ModerationContext {
  return {
    now: NOW,
    body: opts.body ?? 'A perfectly ordinary comment.',
    settings: { moderationMode: opts.mode ?? 'post' },
    article: { commentsMode: opts.story ?? 'open' },
    author: { role: opts.role === undefined ? 'commenter' : opts.role, isOperator: opts.isOperator ?? false },
  };
}

function phaseNamed(name: string): Phase {
  const phase = DEFAULT_PHASES.find((p) => p.name === name);
  if (!phase) throw new Error(`no default phase named ${name}`);
  return phase;
}

/** A test phase that always returns `decision`, and records that it ran. */
function fixed(name: string, decision: PhaseDecision | undefined): Phase & { run: ReturnType<typeof vi.fn> } {
  return { name, run: vi.fn(() => decision) };
}

describe('default phases', () => {
  it('run in order: who may post, staff, what the text says, who is posting, story and site mode', () => {
    expect(DEFAULT_PHASES.map((p) => p.name)).toEqual([
      'restrictions',
      'story_closed',
      'staff',
      'banned_words',
      'rate',
      'links',
      'suspect_words',
      'toxicity',
      'spam',
      'external',
      'trusted_user',
      'author_premoderated',
      'new_account',
      'story_mode',
      'site_mode',
    ]);
  });

  describe('staff bypass alone', () => {
    const staff = phaseNamed('staff');

    it.each<[string, Role | null, boolean]>([
      ['staff', 'staff', false],
      ['moderator', 'moderator', false],
      ['admin', 'admin', false],
      ['operator without a membership', null, true],
      ['operator whose membership says commenter', 'commenter', true],
    ])('approves a trusted author: %s', (_label, role, isOperator) => {
      expect(staff.run(ctx({ role, isOperator }))).toEqual({ status: 'approved', reasons: ['trusted_role'] });
    });

    it.each<[string, Role | null]>([
      ['commenter', 'commenter'],
      ['user without a membership', null],
    ])('says nothing for a %s', (_label, role) => {
      expect(staff.run(ctx({ role }))).toBeUndefined();
    });
  });

  describe('story mode alone', () => {
    const story = phaseNamed('story_mode');

    it('holds comments on a premoderated story', () => {
      expect(story.run(ctx({ story: 'premoderated' }))).toEqual({ status: 'pending', reasons: ['story_premoderated'] });
    });

    it.each<CommentsMode>(['open', 'closed'])('says nothing for a %s story', (mode) => {
      expect(story.run(ctx({ story: mode }))).toBeUndefined();
    });
  });

  describe('site mode alone', () => {
    const site = phaseNamed('site_mode');

    it('holds comments on a premoderated site', () => {
      expect(site.run(ctx({ mode: 'pre' }))).toEqual({ status: 'pending', reasons: ['site_premoderated'] });
    });

    it('says nothing on a postmoderated site', () => {
      expect(site.run(ctx({ mode: 'post' }))).toBeUndefined();
    });
  });
});

describe('moderate with the default phases', () => {
  it('approves by default, decided by no phase', () => {
    expect(moderate(ctx())).toEqual({ status: 'approved', phase: 'default', reasons: [], scores: {} });
  });

  it('holds a commenter on a premoderated story', () => {
    expect(moderate(ctx({ story: 'premoderated' }))).toEqual({ status: 'pending', phase: 'story_mode', reasons: ['story_premoderated'], scores: {} });
  });

  it('holds a commenter on a premoderated site', () => {
    expect(moderate(ctx({ mode: 'pre' }))).toEqual({ status: 'pending', phase: 'site_mode', reasons: ['site_premoderated'], scores: {} });
  });

  it('the story decides first when both story and site are premoderated', () => {
    expect(moderate(ctx({ mode: 'pre', story: 'premoderated' }))).toEqual({
      status: 'pending',
      phase: 'story_mode',
      reasons: ['story_premoderated'],
      scores: {},
    });
  });

  it.each<[string, Role | null, boolean]>([
    ['staff', 'staff', false],
    ['a moderator', 'moderator', false],
    ['an admin', 'admin', false],
    ['an operator', null, true],
  ])('lets %s through on a premoderated story and site', (_label, role, isOperator) => {
    expect(moderate(ctx({ mode: 'pre', story: 'premoderated', role, isOperator }))).toEqual({
      status: 'approved',
      phase: 'staff',
      reasons: ['trusted_role'],
      scores: {},
    });
  });

  it('a closed story is not a moderation matter (the policy refuses before moderation runs)', () => {
    expect(moderate(ctx({ story: 'closed' })).status).toBe('approved');
  });

  it('approves with an empty phase list', () => {
    expect(moderate(ctx({ mode: 'pre' }), [])).toEqual({ status: 'approved', phase: 'default', reasons: [], scores: {} });
  });
});

describe('moderate: running a list of phases', () => {
  it('the first phase that sets a status decides, and later phases do not run', () => {
    const first = fixed('words', { status: 'rejected', reasons: ['banned_word'] });
    const second = fixed('scorer', { status: 'spam', reasons: ['spam_score'] });
    const decision = moderate(ctx(), [first, second]);
    expect(decision).toEqual({ status: 'rejected', phase: 'words', reasons: ['banned_word'], scores: {} });
    expect(first.run).toHaveBeenCalledTimes(1);
    expect(second.run).not.toHaveBeenCalled();
  });

  it('phases that say nothing are skipped', () => {
    const silent = fixed('silent', undefined);
    const decider = fixed('decider', { status: 'spam', reasons: ['link_farm'] });
    expect(moderate(ctx(), [silent, decider])).toEqual({ status: 'spam', phase: 'decider', reasons: ['link_farm'], scores: {} });
    expect(silent.run).toHaveBeenCalledTimes(1);
  });

  it('reasons and scores from phases without a status accumulate, in order, into the decision', () => {
    const toxicity = fixed('toxicity', { reasons: ['mild_toxicity'], scores: { toxicity: 0.4 } });
    const links = fixed('links', { reasons: ['many_links', 'new_account'], scores: { links: 6 } });
    const rate = fixed('rate', { status: 'pending', reasons: ['fast_poster'], scores: { rate: 12 } });
    const after = fixed('after', { status: 'rejected', reasons: ['never_reached'] });
    expect(moderate(ctx(), [toxicity, links, rate, after])).toEqual({
      status: 'pending',
      phase: 'rate',
      reasons: ['mild_toxicity', 'many_links', 'new_account', 'fast_poster'],
      scores: { toxicity: 0.4, links: 6, rate: 12 },
    });
    expect(after.run).not.toHaveBeenCalled();
  });

  it('keeps the reasons gathered when no phase decides', () => {
    const note = fixed('note', { reasons: ['first_comment'], scores: { trust: 0.1 } });
    expect(moderate(ctx(), [note])).toEqual({ status: 'approved', phase: 'default', reasons: ['first_comment'], scores: { trust: 0.1 } });
  });

  it('a later score with the same name replaces an earlier one', () => {
    const a = fixed('a', { reasons: [], scores: { spam: 0.2 } });
    const b = fixed('b', { reasons: [], scores: { spam: 0.9 } });
    expect(moderate(ctx(), [a, b]).scores).toEqual({ spam: 0.9 });
  });

  it('a phase explicitly approving ends the run too', () => {
    const allow = fixed('allowlist', { status: 'approved', reasons: ['allowlisted'] });
    const deny = fixed('words', { status: 'rejected', reasons: ['banned_word'] });
    expect(moderate(ctx(), [allow, deny])).toMatchObject({ status: 'approved', phase: 'allowlist' });
    expect(deny.run).not.toHaveBeenCalled();
  });

  it('custom phases placed before the defaults see the same context and may decide first', () => {
    const seen: ModerationContext[] = [];
    const words: Phase = {
      name: 'words',
      run: (c) => {
        seen.push(c);
        return c.body.includes('forbidden') ? { status: 'rejected', reasons: ['banned_word'] } : undefined;
      },
    };
    const staffCtx = ctx({ role: 'staff', body: 'a forbidden word' });
    expect(moderate(staffCtx, [words, ...DEFAULT_PHASES])).toMatchObject({ status: 'rejected', phase: 'words' });
    expect(seen).toEqual([staffCtx]);
    expect(moderate(ctx({ role: 'staff' }), [words, ...DEFAULT_PHASES])).toMatchObject({ status: 'approved', phase: 'staff' });
  });

  it('does not share state between runs or alter what phases return', () => {
    const result: PhaseDecision = { reasons: ['note'], scores: { s: 1 } };
    const phase = fixed('p', result);
    const one = moderate(ctx(), [phase]);
    one.reasons.push('mutated');
    one.scores.extra = 2;
    expect(moderate(ctx(), [phase])).toEqual({ status: 'approved', phase: 'default', reasons: ['note'], scores: { s: 1 } });
    expect(result).toEqual({ reasons: ['note'], scores: { s: 1 } });
  });
});
