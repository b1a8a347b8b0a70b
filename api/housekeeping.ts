// Periodic jobs of a hub that runs for years: each runs once at start and then at its interval,
// one run at a time; a failure is logged and the job tries again at its next turn. stop() waits for
// a run in progress, so the database is not closed under it.
import type { Logger } from './log.ts';

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<void>;
}

export interface Housekeeping {
  /** Runs a job now (after its run in progress, if any), not waiting for its next turn. */
  runNow(name: string): void;
  stop(): Promise<void>;
}

export async function startHousekeeping(jobs: Job[], log: Logger): Promise<Housekeeping> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  const runOnce = (job: Job): Promise<void> => {
    if (stopped) return Promise.resolve();
    const current = running.get(job.name);
    if (current) return current; // still running from its last turn
    const run = job.run()
      .catch((error: unknown) => log.error({ err: error, job: job.name }, 'housekeeping job failed'))
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
    return run;
  };
  await Promise.all(jobs.map(runOnce));
  for (const job of jobs) {
    const timer = setInterval(() => void runOnce(job), job.everyMs);
    timer.unref();
    timers.push(timer);
  }
  return {
    runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) return;
      const current = running.get(name);
      if (current) void current.then(() => runOnce(job));
      else void runOnce(job);
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
