// The OpenAPI 3.1 document, generated from the route declarations and their zod schemas, and a
// plain server-rendered page that documents the same thing for people.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteSpec } from './route-kit.js';

type JsonSchema = Record<string, unknown>;

interface OpenApiDoc {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Record<string, JsonSchema>): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    reused: 'ref',
  }) as JsonSchema;
  // Shared definitions move from the schema's own $defs to the document's components.
  const relinked = JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  const { $defs, $schema: _dialect, ...rest } = relinked;
  void _dialect;
  for (const [name, def] of Object.entries($defs ?? {})) components[name] = def;
  return rest;
}

function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(spec: RouteSpec, components: Record<string, JsonSchema>): unknown[] {
  const out: unknown[] = [];
  for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!schema) continue;
    const json = toSchema(schema, 'input', components) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: prop, ...(prop.description ? { description: prop.description } : {}) });
    }
  }
  return out;
}

export function buildOpenApi(specs: readonly RouteSpec[], publicUrl: string | undefined): OpenApiDoc {
  const components: Record<string, JsonSchema> = {};
  const paths: OpenApiDoc['paths'] = {};
  for (const spec of specs) {
    if (!spec.operationId) continue;
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses ?? {})) {
      responses[status] = {
        description: r.description,
        ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: toSchema(r.schema, 'output', components) } } } : {}),
      };
    }
    const operation: Record<string, unknown> = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: spec.tags,
      parameters: parameters(spec, components),
      responses,
    };
    if (spec.body) operation.requestBody = { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input', components) } } };
    if (spec.auth === 'required') operation.security = [{ bearer: [] }, { cookie: [] }];
    if (spec.auth === 'optional') operation.security = [{}, { bearer: [] }, { cookie: [] }];
    const path = openApiPath(spec.url);
    paths[path] ??= {};
    paths[path]![spec.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: '1',
      description:
        'The JSON API of Parley. Errors are application/problem+json (RFC 9457) with a stable `code` and, for invalid input, `errors[]` naming each field. ' +
        'Browser sessions use an HttpOnly cookie and must send `x-csrf-token` on writes; API clients sign in with `session: "token"` and send `Authorization: Bearer <token>`. ' +
        'Pick the site with the `x-parley-site` header or a `site` query parameter (default: the first site).',
    },
    servers: [{ url: publicUrl ?? '/' }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Token from signIn/signUp with session "token"' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'parley_session', description: 'Browser session; writes also need the x-csrf-token header' },
      },
    },
  };
}

const escape = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function schemaSummary(schema: unknown): string {
  return `<pre>${escape(JSON.stringify(schema, null, 2))}</pre>`;
}

/** A readable, script-free reference of the API generated from the OpenAPI document. */
export function renderApiDocs(doc: OpenApiDoc, _req: FastifyRequest): string {
  const ops: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as { operationId: string; summary?: string; parameters: { name: string; in: string; required: boolean; description?: string }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>; security?: unknown[] };
      const params = op.parameters.length
        ? `<h4>Parameters</h4><ul>${op.parameters.map((p) => `<li><code>${escape(p.name)}</code> (${escape(p.in)}${p.required ? ', required' : ''})${p.description ? ` — ${escape(p.description)}` : ''}</li>`).join('')}</ul>`
        : '';
      const body = op.requestBody ? `<h4>Request body</h4>${schemaSummary(op.requestBody.content['application/json']?.schema)}` : '';
      const responses = Object.entries(op.responses)
        .map(([status, r]) => `<li><strong>${escape(status)}</strong> ${escape(r.description)}</li>`)
        .join('');
      ops.push(
        `<section id="${escape(op.operationId)}"><h3><code>${escape(method.toUpperCase())} ${escape(path)}</code></h3><p><strong>${escape(op.operationId)}</strong> — ${escape(op.summary)}</p>${params}${body}<h4>Responses</h4><ul>${responses}</ul></section>`,
      );
    }
  }
  const toc = Object.values(doc.paths)
    .flatMap((m) => Object.values(m) as { operationId: string }[])
    .map((op) => `<li><a href="#${escape(op.operationId)}">${escape(op.operationId)}</a></li>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Parley API reference</title></head>
<body><main><h1>Parley API reference</h1><p>${escape(doc.info.description)}</p><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${escape(doc.openapi)}).</p>
<nav aria-label="Operations"><ul>${toc}</ul></nav>${ops.join('\n')}
<section><h2>Schemas</h2>${Object.entries(doc.components.schemas).map(([name, s]) => `<h3 id="schema-${escape(name)}">${escape(name)}</h3>${schemaSummary(s)}`).join('')}</section></main></body></html>`;
}
