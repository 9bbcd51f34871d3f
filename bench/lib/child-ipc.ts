// The child side of the benchmark's IPC: answers CPU questions and shuts the process down when
// the parent asks (SIGTERM), is interrupted (SIGINT) or goes away (IPC channel closed).

type Incoming = { cmd: 'cpu'; id: number };

export function send(message: unknown): void {
  if (process.send && process.connected) process.send(message);
}

export function answerParent(shutdown: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (m: Incoming) => {
    if (m?.cmd === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ type: 'cpu', id: m.id, user, system, rss: process.memoryUsage.rss() });
    }
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
