// multipart/form-data for the editor's forms (they carry a lead image), parsed by the platform's
// own parser (undici's Request.formData) into plain fields and files. Registered only inside the
// editor's scope, with the image size limit as its body limit.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/errors.js';

export interface UploadedFile {
  filename: string;
  type: string;
  data: Buffer;
}

export type FormFields = Record<string, string | UploadedFile>;

export function isUploadedFile(v: unknown): v is UploadedFile {
  return typeof v === 'object' && v !== null && Buffer.isBuffer((v as UploadedFile).data);
}

export async function parseMultipart(contentType: string, body: Buffer): Promise<FormFields> {
  let form: FormData;
  try {
    form = await new Request('http://parley.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    throw new AppError('validation_failed', { detail: 'The form data could not be read.', fields: [{ field: 'body', code: 'invalid_form', message: 'Not valid multipart form data' }] });
  }
  const out: FormFields = {};
  for (const [name, value] of form) {
    if (name in out) continue; // the first value of a repeated field wins, as with url-encoded forms
    if (typeof value === 'string') out[name] = value;
    else if (value.size > 0) out[name] = { filename: value.name, type: value.type, data: Buffer.from(await value.arrayBuffer()) };
  }
  return out;
}

export function acceptMultipart(scope: FastifyInstance, bodyLimit: number): void {
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    parseMultipart(String(req.headers['content-type']), body as Buffer).then(
      (fields) => done(null, fields),
      (err: Error) => done(err, undefined),
    );
  });
}
