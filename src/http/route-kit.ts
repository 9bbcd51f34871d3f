// Declares routes with their schemas. The same declarations validate requests and produce the
// OpenAPI document, and each carries its access group so routes.ts reads as a table.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { validationError } from './problem.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: Method;
  url: string;
  /** Present on JSON API routes: their stable OpenAPI operationId. */
  operationId?: string;
  summary?: string;
  tags?: string[];
  /** Documented security: none, or session (cookie or bearer). */
  auth?: 'none' | 'optional' | 'required';
  params?: P;
  query?: Q;
  body?: B;
  responses?: Record<number, ResponseSpec>;
  /** Hooks run before validation, e.g. rate limits. */
  before?: ((req: FastifyRequest) => Promise<void>)[];
  handler: (input: { params: z.output<P>; query: z.output<Q>; body: z.output<B>; req: FastifyRequest; reply: FastifyReply }) => Promise<unknown>;
}

export class RouteTable {
  readonly specs: RouteSpec[] = [];

  constructor(private readonly app: FastifyInstance) {}

  add<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): void {
    this.specs.push(spec as unknown as RouteSpec);
    this.app.route({
      method: spec.method,
      url: spec.url,
      handler: async (req, reply) => {
        for (const hook of spec.before ?? []) await hook(req);
        const params = parse('params', spec.params, req.params);
        const query = parse('query', spec.query, req.query);
        const body = parse('body', spec.body, req.body ?? {});
        return spec.handler({ params, query, body, req, reply } as never);
      },
    });
  }
}

function parse(where: 'body' | 'query' | 'params', schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(where, result.error);
  return result.data;
}
