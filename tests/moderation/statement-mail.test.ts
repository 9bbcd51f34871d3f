// Statements of reasons by mail (DSA Art. 17), through the real app on SQLite and PostgreSQL,
// with nodemailer delivering to a real SMTP server on loopback that the test reads: removals,
// restrictions, appeal decisions and illegal-content report decisions reach a confirmed address
// with a link to the notices page; an unconfirmed address gets nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentView } from '../../src/http/api-types.js';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';
import { linkIn, startMailCatcher, tokenIn, type MailCatcher, type ReceivedMail } from '../accounts/support/smtp.js';

const kinds = await databaseKinds();
const PUBLIC_URL = 'https://talk.gazette.test';

describe.each(kinds)('statements of reasons by mail on $kind', ({ create }) => {
  let t: TestApp;
  let smtp: MailCatcher;
  let ana: TestUser;
  let ben: TestUser;
  let cyd: TestUser;
  let mod: TestUser;
  let mod2: TestUser;

  const posted = async (as: TestUser, body: string) => {
    const res = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as, payload: { body } });
    expect(res.statusCode, res.body).toBe(201);
    t.clock.advance(1000);
    return (res.json() as { comment: CommentView }).comment;
  };
  const act = async (id: string, body: Record<string, unknown>) => {
    const res = await t.request({ method: 'POST', url: `/api/v1/moderation/comments/${id}/actions`, as: mod, payload: body });
    expect(res.statusCode, res.body).toBe(200);
  };
  const notices = async (as: TestUser) =>
    ((await t.request({ method: 'GET', url: '/api/v1/me/moderation', as })).json() as { notices: { id: string; kind: string }[] }).notices;
  /** Confirms the address through the link of the confirmation mail, as a person would. */
  const confirm = async (u: TestUser) => {
    const mail = await smtp.waitFor((m) => m.to.includes(u.email) && /Confirm your email/.test(m.subject));
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: tokenIn(mail, '/account/verify') } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const noticeMail = (u: TestUser, subject: RegExp) => smtp.waitFor((m) => m.to.includes(u.email) && subject.test(m.subject));
  /** The notices-page link of a mail: on this site, pointing at the notice. */
  const expectNoticeLink = (mail: ReceivedMail, noticeId: string) => {
    const url = linkIn(mail, '/notices');
    expect(url.origin).toBe(PUBLIC_URL);
    expect(url.searchParams.get('site')).toBe(t.site.slug);
    expect(url.hash).toBe(`#notice-${noticeId}`);
  };

  beforeAll(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp(await create(), { env: { SMTP_URL: smtp.url, MAIL_FROM: 'Gazette <moderation@gazette.test>', PUBLIC_URL } });
    [ana, ben, cyd, mod, mod2] = await Promise.all([t.signUp('ana'), t.signUp('ben'), t.signUp('cyd'), t.signUp('moe', 'moderator'), t.signUp('max', 'moderator')]);
    await Promise.all([confirm(ana), confirm(cyd)]); // ben leaves his address unconfirmed
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('mails the removal to the author, with the rule, the message, the text and the way to appeal', async () => {
    const c = await posted(ana, 'You absolute muppet, read the article.');
    await act(c.id, { action: 'reject', reason: 'abuse', message: 'Please argue with the point, not the person.' });
    const removal = (await notices(ana)).find((n) => n.kind === 'removal')!;
    const mail = await noticeMail(ana, /^Your comment on “Harbour story” was removed$/);
    expect(mail.from).toBe('moderation@gazette.test');
    expect(mail.text).toContain('Decision: Removal of a comment');
    expect(mail.text).toContain('(reason code: abuse)');
    expect(mail.text).toContain('Decided by automated means: no.');
    expect(mail.text).toContain('Message from the moderators: Please argue with the point, not the person.');
    expect(mail.text).toContain('“You absolute muppet, read the article.”');
    expect(mail.text).toMatch(/appeal this decision from your notices page within 183 days/);
    expect(mail.html).toContain('Read it and appeal');
    expectNoticeLink(mail, removal.id);
  });

  it('mails the outcome of an appeal, decided by another moderator', async () => {
    const removal = (await notices(ana)).find((n) => n.kind === 'removal')!;
    const appeal = await t.request({ method: 'POST', url: `/api/v1/me/notices/${removal.id}/appeal`, as: ana, payload: { text: 'It was a joke between old friends, honestly.' } });
    expect(appeal.statusCode, appeal.body).toBe(201);
    const decided = await t.request({ method: 'POST', url: `/api/v1/moderation/appeals/${(appeal.json() as { id: string }).id}/decision`, as: mod2, payload: { outcome: 'reversed', note: 'Fair enough.' } });
    expect(decided.statusCode, decided.body).toBe(200);
    const notice = (await notices(ana)).find((n) => n.kind === 'appeal_decision')!;
    const mail = await noticeMail(ana, /^Your appeal succeeded/);
    expect(mail.text).toContain('Decision: The decision was reversed.');
    expect(mail.text).toContain('Message from the moderators: Fair enough.');
    expect(mail.html).toContain('Read it on your notices page');
    expectNoticeLink(mail, notice.id);
  });

  it('mails restrictions, and tells an illegal-content reporter what was decided', async () => {
    const warn = await t.request({ method: 'POST', url: `/api/v1/moderation/users/${cyd.id}/restrictions`, as: mod, payload: { kind: 'warning', reason: 'abuse', message: 'Keep it civil, please.' } });
    expect(warn.statusCode, warn.body).toBe(201);
    const warning = await noticeMail(cyd, /^A warning from the moderators of The Test Gazette$/);
    expect(warning.text).toContain('Message from the moderators: Keep it civil, please.');

    const c = await posted(ben, 'The harbour master takes bribes, everyone knows it.');
    const report = await t.request({ method: 'POST', url: `/api/v1/comments/${c.id}/reports`, as: ana, payload: { reason: 'illegal', note: 'This defames a named official.' } });
    expect(report.statusCode, report.body).toBe(201);
    await act(c.id, { action: 'reject', reason: 'illegal' });
    const decision = (await notices(ana)).find((n) => n.kind === 'report_decision')!;
    const mail = await noticeMail(ana, /^Your report of a comment on “Harbour story” was reviewed$/);
    expect(mail.text).toContain('Decision: The comment was removed.');
    expectNoticeLink(mail, decision.id);
  });

  it('sends nothing to an address that was never confirmed, though the notice is there', async () => {
    // ben's comment was removed above: the statement exists, and no mail was even queued for it.
    expect((await notices(ben)).some((n) => n.kind === 'removal')).toBe(true);
    const outbox = await t.parley.deps.store.listOutbox({ limit: 500 });
    expect(outbox.filter((m) => m.to === ben.email).map((m) => m.kind)).toEqual(['verify_email']);
    expect(outbox.filter((m) => m.kind === 'moderation_notice').length).toBeGreaterThanOrEqual(4);
  });
});
