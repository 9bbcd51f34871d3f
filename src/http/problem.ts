// Errors as RFC 9457 problem documents with a stable code.
import type { z } from 'zod';
import { AppError, ERRORS, type ErrorCode, type FieldError } from '../domain/errors.js';
import type { Problem } from './api-types.js';

export function problemFor(err: AppError): Problem {
  const problem: Problem = {
    type: `https://parley.dev/problems/${err.code}`,
    title: ERRORS[err.code].title,
    status: err.status,
    code: err.code,
  };
  if (err.detail) problem.detail = err.detail;
  if (err.fields?.length) problem.errors = err.fields;
  return problem;
}

export function problemFromCode(code: ErrorCode, detail?: string): Problem {
  return problemFor(new AppError(code, detail ? { detail } : {}));
}

/** Maps zod issues to field errors named by their path within `where` (body, query, params). */
export function validationError(where: 'body' | 'query' | 'params', error: z.ZodError): AppError {
  const fields: FieldError[] = error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : where,
    code: issue.code,
    message: issue.message,
  }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new AppError('validation_failed', { detail: `Invalid ${where} — ${summary}`, fields });
}
