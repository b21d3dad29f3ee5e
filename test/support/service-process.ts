// The service as a separate OS process, as operators run it (a worker a test can SIGKILL, exit codes, log lines).
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface ServiceProcess {
  proc: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

/** Starts `src/main.ts` (through ts-node: dist/ may not be built) in its own process; output lines are collected. */
export function spawnService(env: Record<string, string>): ServiceProcess {
  const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TS_NODE_TRANSPILE_ONLY: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffer = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts.filter(Boolean));
  });
  proc.stderr!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  // should the test process itself end first (an interrupted run), the worker goes with it
  const reap = () => proc.exitCode === null && proc.signalCode === null && proc.kill('SIGKILL');
  process.once('exit', reap);
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code, signal) => {
      process.removeListener('exit', reap);
      resolve(code ?? (signal ? -1 : null));
    }),
  );
  return { proc, lines, exited };
}

/** Waits for an output line matching `pattern`; fails early when the process exits. */
export async function waitForLine(p: ServiceProcess, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = p.lines.find((l) => pattern.test(l));
    if (line) return line;
    if (Date.now() > deadline || p.proc.exitCode !== null || p.proc.signalCode !== null) {
      throw new Error(`no output line matching ${pattern}; got:\n${p.lines.slice(-40).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Kills a process with `signal` unless it already ended; resolves when it has. */
export async function killProcess(p: ServiceProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill(signal);
  await p.exited;
}
