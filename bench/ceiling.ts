// The ceiling: a bare node:http server answering every request with the same bytes Parley
// returned for the measured page, straight from memory. What Node's HTTP stack alone costs on
// this machine, to put Parley's figure in proportion.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerParent, send } from './lib/child-ipc.js';

const body = fs.readFileSync(process.env.BENCH_CEILING_BODY ?? '');
const contentType = process.env.BENCH_CEILING_TYPE ?? 'application/json; charset=utf-8';

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  answerParent(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  send({ type: 'ready', port: (server.address() as AddressInfo).port });
});
