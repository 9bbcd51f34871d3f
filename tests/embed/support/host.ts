// A host page on another origin (the second loopback name), with the embed's one script tag:
// what a newsroom's CMS would serve. Any path serves the article page; /list serves an article
// list with data-parley-count links.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostServer {
  origin: string;
  close(): Promise<void>;
}

export interface HostPageOptions {
  parley: string;
  site: string;
  lang?: string;
  /** Extra markup in <head> (a canonical link, a style). */
  head?: string;
  /** Extra data- attributes on the script tag. */
  attrs?: string;
}

export async function startHost(opts: (path: string) => HostPageOptions): Promise<HostServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const o = opts(url.pathname);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (url.pathname === '/list') {
      res.end(`<!doctype html><html lang="${o.lang ?? 'en'}"><head><title>Latest</title></head><body>
<ul><li><a href="/story/one" data-parley-count>Comments</a></li><li><span data-parley-count="http://127.0.0.1:${(server.address() as AddressInfo).port}/story/none">–</span></li></ul>
<script src="${o.parley}/count.js" data-parley-site="${o.site}" async></script></body></html>`);
      return;
    }
    res.end(`<!doctype html><html lang="${o.lang ?? 'en'}"><head><meta charset="utf-8"><title>Story ${url.pathname}</title>${o.head ?? ''}</head>
<body><main><h1>A story on the host site</h1><p>${'Reporting. '.repeat(40)}</p>
<div id="parley"></div>
<script src="${o.parley}/embed.js" data-parley-site="${o.site}" ${o.attrs ?? ''} async></script></main></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
