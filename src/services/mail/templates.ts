// The mails Parley sends (account mails, and moderation's statements of reasons), each as plain
// text and as simple HTML. Every value that comes from a person (names, addresses, messages,
// comment text) is escaped in the HTML part; links are ours.
import type { StatementBody } from '../../domain/moderation/types.js';

export interface RenderedMail {
  kind: MailKind;
  subject: string;
  text: string;
  html: string;
}

export type MailKind =
  | 'verify_email'
  | 'reset_password'
  | 'magic_link'
  | 'change_email'
  | 'email_changed'
  | 'password_changed'
  | 'claim_profile'
  | 'deletion_scheduled'
  | 'moderation_notice';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Parts {
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  after?: string[];
}

function compose(kind: MailKind, siteName: string, subject: string, p: Parts): RenderedMail {
  const text = [
    p.greeting,
    '',
    ...p.paragraphs.flatMap((x) => [x, '']),
    ...(p.action ? [`${p.action.label}:`, p.action.url, ''] : []),
    ...(p.after ?? []).flatMap((x) => [x, '']),
    `— ${siteName}`,
    '',
  ].join('\n');
  const button = p.action
    ? `<p><a href="${escape(p.action.url)}" style="display:inline-block;padding:10px 16px;background:#0b4f9c;color:#ffffff;text-decoration:none;border-radius:4px">${escape(p.action.label)}</a></p>` +
      `<p style="font-size:13px;color:#595959">Or paste this address into your browser:<br>${escape(p.action.url)}</p>`
    : '';
  const html =
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b">` +
    `<p>${escape(p.greeting)}</p>` +
    p.paragraphs.map((x) => `<p>${escape(x)}</p>`).join('') +
    button +
    (p.after ?? []).map((x) => `<p>${escape(x)}</p>`).join('') +
    `<p style="color:#595959">— ${escape(siteName)}</p></body></html>`;
  return { kind, subject, text, html };
}

const hi = (name: string) => `Hello ${name},`;

export function verifyEmailMail(v: { siteName: string; name: string; url: string; hours: number }): RenderedMail {
  return compose('verify_email', v.siteName, `Confirm your email address for ${v.siteName}`, {
    greeting: hi(v.name),
    paragraphs: [`Please confirm that this address belongs to your ${v.siteName} account. Confirmed addresses can recover their account and sign in by link.`],
    action: { label: 'Confirm my address', url: v.url },
    after: [`The link works for ${v.hours} hours. If you did not create an account, ignore this mail; nothing happens without the click.`],
  });
}

export function resetPasswordMail(v: { siteName: string; name: string; url: string; minutes: number }): RenderedMail {
  return compose('reset_password', v.siteName, `Choose a new password for ${v.siteName}`, {
    greeting: hi(v.name),
    paragraphs: ['Someone (hopefully you) asked to reset the password of your account. Follow the link to choose a new one; your current password keeps working until you do.'],
    action: { label: 'Choose a new password', url: v.url },
    after: [`The link works once, for ${v.minutes} minutes. If you did not ask for it, you can ignore this mail.`],
  });
}

export function magicLinkMail(v: { siteName: string; name: string; url: string; minutes: number }): RenderedMail {
  return compose('magic_link', v.siteName, `Your sign-in link for ${v.siteName}`, {
    greeting: hi(v.name),
    paragraphs: ['Here is the link you asked for to sign in without a password.'],
    action: { label: 'Sign me in', url: v.url },
    after: [`It works once, for ${v.minutes} minutes, in any browser. If you did not ask for it, ignore this mail: nobody can use it without access to your inbox.`],
  });
}

export function changeEmailMail(v: { siteName: string; name: string; url: string; hours: number }): RenderedMail {
  return compose('change_email', v.siteName, `Confirm your new address for ${v.siteName}`, {
    greeting: hi(v.name),
    paragraphs: [`You asked to use this address for your ${v.siteName} account. The change takes effect when you confirm it.`],
    action: { label: 'Use this address', url: v.url },
    after: [`The link works for ${v.hours} hours. If you did not ask for this, ignore this mail and the account keeps its current address.`],
  });
}

export function emailChangedMail(v: { siteName: string; name: string; newEmail: string; resetUrl: string }): RenderedMail {
  return compose('email_changed', v.siteName, `The address of your ${v.siteName} account changed`, {
    greeting: hi(v.name),
    paragraphs: [
      `The email address of your account was changed to ${v.newEmail}. Mail about the account now goes there.`,
      'If you did not do this, someone else may have your password. Reset it now, and contact the newsroom so it can restore your address.',
    ],
    action: { label: 'Reset my password', url: v.resetUrl },
  });
}

export function passwordChangedMail(v: { siteName: string; name: string; resetUrl: string }): RenderedMail {
  return compose('password_changed', v.siteName, `Your ${v.siteName} password was changed`, {
    greeting: hi(v.name),
    paragraphs: ['The password of your account was just changed, and your other sessions were signed out.', 'If this was not you, reset the password now.'],
    action: { label: 'Reset my password', url: v.resetUrl },
  });
}

export function claimProfileMail(v: { siteName: string; name: string; url: string; hours: number }): RenderedMail {
  return compose('claim_profile', v.siteName, `Claim your earlier comments on ${v.siteName}`, {
    greeting: hi(v.name),
    paragraphs: [
      `${v.siteName} moved its discussions to a new system and kept the comments written under this address. You can take over that profile, with its comment history, by choosing a password.`,
    ],
    action: { label: 'Claim my profile', url: v.url },
    after: [`The link works for ${v.hours} hours. If these comments are not yours, ignore this mail.`],
  });
}

export function deletionScheduledMail(v: { siteName: string; name: string; dueDate: string; signInUrl: string }): RenderedMail {
  return compose('deletion_scheduled', v.siteName, `Your ${v.siteName} account will be deleted on ${v.dueDate}`, {
    greeting: hi(v.name),
    paragraphs: [
      `As you asked, your account is scheduled for deletion on ${v.dueDate}. You have been signed out everywhere.`,
      'Until then you can change your mind: sign in and choose "Keep my account" on your account page. After that date the account and your personal data are gone for good; your comments are removed or anonymized as the site’s policy says.',
    ],
    action: { label: 'Sign in to keep my account', url: v.signInUrl },
  });
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** A statement of reasons or another moderation notice (DSA Art. 17), with the way to the notices page. */
export function moderationNoticeMail(v: { siteName: string; name: string; notice: StatementBody; url: string | null; appealable: boolean }): RenderedMail {
  const n = v.notice;
  const paragraphs = [
    `Decision: ${n.decision}`,
    `Facts: ${n.facts}`,
    `Rule: ${n.rule} (reason code: ${n.reasonCode})`,
    `Detected by automated means: ${yesNo(n.automatedDetection)}. Decided by automated means: ${yesNo(n.automatedDecision)}.`,
    ...(n.duration ? [`Duration: ${n.duration}`] : []),
    ...(n.message ? [`Message from the moderators: ${n.message}`] : []),
    ...(n.excerpt ? [`The text concerned: “${n.excerpt}”`] : []),
    n.redress,
  ];
  const label = v.appealable ? 'Read it and appeal' : 'Read it on your notices page';
  return compose('moderation_notice', v.siteName, n.title, {
    greeting: hi(v.name),
    paragraphs,
    ...(v.url ? { action: { label, url: v.url } } : { after: [`Sign in to ${v.siteName} and open your notices page (/notices) to read it${v.appealable ? ' and appeal' : ''}.`] }),
  });
}
