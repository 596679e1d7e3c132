import type { AppDeps } from './deps';

export type JobDeps = Pick<AppDeps, 'db' | 'cipher' | 'config' | 'rolePermissions' | 'sms' | 'wechat'>;

export interface DailyJob {
  name: string;
  /** Time of day in China (UTC+8), HH:MM. */
  at: string;
  run(deps: JobDeps, log: (line: string) => void): Promise<void>;
}

/** Work repeated every few seconds, e.g. noticing an import whose process died. */
export interface IntervalJob {
  name: string;
  everySeconds: number;
  run(deps: JobDeps, log: (line: string) => void): Promise<void>;
}

export type Job = DailyJob | IntervalJob;

/** Milliseconds from `now` to the next HH:MM in UTC+8. */
export function delayUntil(at: string, now: Date = new Date()): number {
  const [hours, minutes] = at.split(':').map(Number) as [number, number];
  const next = new Date(now);
  next.setUTCHours(hours - 8, minutes, 0, 0);
  while (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - now.getTime();
}

/**
 * Runs each module's start-up hook, then each daily job at its time and each interval job every
 * so many seconds. A job runs under a
 * PostgreSQL advisory lock, so with several app servers on one database only one runs it.
 */
/** What startJobs needs of a module manifest: its start-up hook and its jobs. */
interface ModuleWork {
  onStart?(deps: JobDeps): Promise<void>;
  jobs?: Job[];
}

export async function startJobs(modules: readonly ModuleWork[], deps: JobDeps, log: (line: string) => void) {
  for (const module of modules) await module.onStart?.(deps);
  const timers: NodeJS.Timeout[] = [];
  const schedule = (job: Job) => {
    const timer = setTimeout(
      async () => {
        const client = await deps.db.$client.connect();
        try {
          const { rows } = await client.query<{ locked: boolean }>(
            'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
            [`job:${job.name}`],
          );
          if (rows[0]?.locked) {
            try {
              await job.run(deps, log);
            } finally {
              await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`job:${job.name}`]);
            }
          }
        } catch (error) {
          log(`job ${job.name} failed: ${(error as Error).message}`);
        } finally {
          client.release();
          schedule(job);
        }
      },
      'at' in job ? delayUntil(job.at) : job.everySeconds * 1000,
    );
    timer.unref();
    timers.push(timer);
  };
  for (const module of modules) for (const job of module.jobs ?? []) schedule(job);
  return () => {
    for (const timer of timers) clearTimeout(timer);
  };
}
