// How mail leaves Parley. With SMTP_URL set, through that SMTP server (nodemailer); without it,
// the embedded setup writes each mail to the log, so a local operator still sees the links.
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'log';
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailLog {
  info(obj: unknown, msg?: string): void;
}

export function defaultSender(publicUrl: string | undefined): string {
  const host = publicUrl ? new URL(publicUrl).hostname : 'localhost';
  return `Parley <no-reply@${host}>`;
}

export function createMailTransport(opts: { smtpUrl?: string | undefined; from: string; log: MailLog }): MailTransport {
  if (!opts.smtpUrl) {
    return {
      kind: 'log',
      async send(message) {
        opts.log.info({ mail: { to: message.to, subject: message.subject, text: message.text } }, 'mail (no SMTP_URL set, so it is logged instead of sent)');
      },
      close() {},
    };
  }
  // Short timeouts: a dead relay must not hold the outbox worker for minutes.
  const transporter = nodemailer.createTransport({ url: opts.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    kind: 'smtp',
    async send(message) {
      await transporter.sendMail({ from: opts.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
    close() {
      transporter.close();
    },
  };
}
