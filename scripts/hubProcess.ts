// The hub as a child process, as `npm start` and the crash drill run it: spawned with tsx, ready
// when it prints `HUB_READY <url>` (api/main.ts), stopped with SIGTERM and, after a grace period,
// SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The line api/main.ts prints once the hub listens; its format is the protocol. */
export const HUB_READY = /^HUB_READY (\S+)/m;

export interface HubSpawnOptions {
  env: NodeJS.ProcessEnv;
  /** Every chunk the hub writes, on either stream, before and after it is ready. */
  onOutput(chunk: Buffer, stream: 'stdout' | 'stderr'): void;
  /** Kill the hub and fail when it is not ready by then; no limit when absent. */
  timeoutMs?: number;
  /** Called with the reason when the hub fails to start, to add to the error (e.g. its last lines). */
  describeFailure?(): string;
}

/** Spawns the hub and resolves with it and its URL once it prints HUB_READY. */
export function spawnHub({ env, onOutput, timeoutMs, describeFailure }: HubSpawnOptions): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'api/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => onOutput(chunk, 'stdout'));
  child.stderr!.on('data', (chunk: Buffer) => onOutput(chunk, 'stderr'));
  const failure = (what: string) => new Error(`${what}${describeFailure ? `:\n${describeFailure()}` : ''}`);
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
      child.kill('SIGKILL');
      reject(failure(`the hub did not print HUB_READY within ${timeoutMs} ms`));
    }, timeoutMs);
    // 'close' rather than 'exit': by then its last words on stdout and stderr have been read.
    const onClose = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(failure(`the hub exited (code ${code}, signal ${signal}) before it was ready`));
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = HUB_READY.exec(buffered);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('close', onClose);
      resolve({ child, url: match[1]! });
    };
    child.stdout!.on('data', onData);
    child.once('close', onClose);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** SIGTERM, and SIGKILL after `graceMs`; resolves with the exit code (null when killed) once the process is gone. */
export function stopProcess(child: ChildProcess, graceMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code) => {
      clearTimeout(force);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}
