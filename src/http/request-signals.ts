// What a request says about the person behind it that spam services weigh (Akismet requires the
// IP and browser): read at the HTTP edge, handed to posting and editing, passed by the
// moderation runner only to scorers that declare they use it, and never stored.
import type { FastifyRequest } from 'fastify';
import type { RequestSignals } from '../services/moderation/scorers/scorer.js';

const header = (value: string | string[] | undefined, max: number): string | null => {
  const v = Array.isArray(value) ? value[0] : value;
  return v ? v.slice(0, max) : null;
};

export function requestSignals(req: FastifyRequest): RequestSignals {
  return { ip: req.ip || null, userAgent: header(req.headers['user-agent'], 1000), referrer: header(req.headers.referer, 2000) };
}
