// Everything the benchmark creates registers how to undo it here. Cleanup runs once at the end,
// on error, and on Ctrl-C / SIGTERM; a synchronous last pass runs on process exit.
import { killAllChildrenNow } from './children.js';

type Task = () => Promise<void> | void;

const tasks: Task[] = [];
const exitTasks: (() => void)[] = [];

/** Registers an async undo step; steps run in reverse order of registration. */
export function onCleanup(task: Task): void {
  tasks.push(task);
}

/** Registers a synchronous step for the final 'exit' pass (when async cleanup could not run). */
export function onExit(task: () => void): void {
  exitTasks.push(task);
}

export async function runCleanup(): Promise<void> {
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    try {
      await task();
    } catch (err) {
      console.error('cleanup step failed:', err instanceof Error ? err.message : err);
    }
  }
}

export function installCleanupHandlers(): void {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping the benchmark and cleaning up…`);
    const force = setTimeout(() => process.exit(code), 15_000);
    void runCleanup().finally(() => {
      clearTimeout(force);
      process.exit(code);
    });
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
  process.on('exit', () => {
    killAllChildrenNow();
    for (const task of exitTasks.splice(0)) {
      try {
        task();
      } catch {
        // best effort on the way out
      }
    }
  });
}
