// Supervision for `npm start` and `npm run start:cluster`: every child (Temporal, PostgreSQL, workers, APIs) that
// exits on its own is started again with exponential backoff, and each restart is logged. One child's death never
// stops the others; only Ctrl-C (or SIGTERM) stops everything.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { stopChild } from './dev-services';

/** Something that runs, can crash, and can be started again. */
export interface Restartable {
  name: string;
  /** Resolves (with a reason) when the current run ends without stop() having been asked. */
  crashed(): Promise<string>;
  restart(): Promise<void>;
  pid(): number | undefined;
}

export interface SupervisorOptions {
  log: (msg: string) => void;
  /** First delay before a restart; doubles after each quick failure up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A run that lasted this long resets the delay. */
  stableAfterMs?: number;
  /** Called after each successful (re)start, e.g. to record pids. */
  onStarted?: (name: string, pid: number | undefined) => void;
}

export class Supervisor {
  private stopping = false;
  /** Restarts begun, and restarts that completed (the process is ready again), by process name. */
  readonly restarts = new Map<string, number>();
  readonly recovered = new Map<string, number>();

  constructor(private readonly opts: SupervisorOptions) {}

  stop(): void {
    this.stopping = true;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Watches `child` from now on (it must be running). */
  watch(child: Restartable): void {
    const initial = this.opts.initialDelayMs ?? 1000;
    const max = this.opts.maxDelayMs ?? 30_000;
    const stable = this.opts.stableAfterMs ?? 60_000;
    this.opts.onStarted?.(child.name, child.pid());
    void (async () => {
      let delay = initial;
      let since = Date.now();
      for (;;) {
        let why = await child.crashed();
        if (this.stopping) return;
        if (Date.now() - since > stable) delay = initial;
        for (;;) {
          const n = (this.restarts.get(child.name) ?? 0) + 1;
          this.restarts.set(child.name, n);
          this.opts.log(`the ${child.name} exited (${why}); restarting it in ${(delay / 1000).toFixed(1)} s (restart ${n})`);
          await new Promise((r) => setTimeout(r, delay));
          if (this.stopping) return;
          delay = Math.min(delay * 2, max);
          try {
            await child.restart();
            if (this.stopping) return;
            since = Date.now();
            this.recovered.set(child.name, (this.recovered.get(child.name) ?? 0) + 1);
            this.opts.log(`restarted the ${child.name} (pid ${child.pid() ?? '?'})`);
            this.opts.onStarted?.(child.name, child.pid());
            break;
          } catch (err) {
            why = `restart failed: ${err instanceof Error ? err.message.split('\n')[0] : err}`;
          }
        }
      }
    })();
  }
}

/**
 * A Node.js app (API or worker) as a child process that reports `{ ready: true }` over IPC once it serves. The
 * command line is given whole, so the same class runs ts-node sources (`npm start`) and the compiled build.
 */
export class AppProcess implements Restartable {
  private child: ChildProcess | null = null;
  private stopping = false;
  private crash!: Promise<string>;

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd: string,
    private readonly readyTimeoutMs = 300_000,
  ) {}

  pid(): number | undefined {
    return this.child?.pid;
  }

  crashed(): Promise<string> {
    return this.crash;
  }

  /** Starts the process; resolves once it is ready, rejects if it exits first. */
  start(): Promise<void> {
    const child = spawn(process.execPath, this.args, { cwd: this.cwd, env: this.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = child;
    let ready = false;
    let onCrash: (why: string) => void = () => undefined;
    this.crash = new Promise((resolve) => (onCrash = resolve));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!ready) {
          child.kill('SIGKILL');
          reject(new Error(`the ${this.name} was not ready within ${this.readyTimeoutMs / 1000} s`));
        }
      }, this.readyTimeoutMs);
      child.on('message', (m: { ready?: boolean }) => {
        if (m?.ready && !ready) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('error', (err) => reject(err));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        const reason = signal ?? `code ${code}`;
        if (!ready) reject(new Error(`the ${this.name} exited during start-up (${reason}; see its messages above)`));
        else if (!this.stopping) onCrash(reason);
      });
    });
  }

  restart(): Promise<void> {
    return this.start();
  }

  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    if (this.child) await stopChild(this.child, 'SIGTERM', graceMs);
  }
}

/** A server binary (Temporal service, …) as a child process, ready once `ready()` says so; output to a log file. */
export class ServiceProcess implements Restartable {
  private child: ChildProcess | null = null;
  private stopping = false;
  private crash!: Promise<string>;

  constructor(
    readonly name: string,
    private readonly cmd: string,
    private readonly args: string[],
    private readonly opts: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string; ready: () => Promise<boolean>; readyTimeoutMs?: number },
  ) {}

  pid(): number | undefined {
    return this.child?.pid;
  }

  crashed(): Promise<string> {
    return this.crash;
  }

  async start(): Promise<void> {
    const out = fs.openSync(this.opts.logFile, 'a');
    const child = spawn(this.cmd, this.args, { cwd: this.opts.cwd, env: this.opts.env ?? process.env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.child = child;
    let exited: string | null = null;
    let ready = false;
    let onCrash: (why: string) => void = () => undefined;
    this.crash = new Promise((resolve) => (onCrash = resolve));
    child.once('error', (err) => (exited = err.message));
    child.once('exit', (code, signal) => {
      exited = signal ?? `code ${code}`;
      if (ready && !this.stopping) onCrash(exited);
    });
    const until = Date.now() + (this.opts.readyTimeoutMs ?? 120_000);
    while (!ready) {
      if (exited !== null) throw new Error(`the ${this.name} exited during start-up (${exited}; see ${this.opts.logFile})`);
      if (Date.now() > until) {
        await stopChild(child, 'SIGKILL');
        throw new Error(`the ${this.name} was not ready in time (see ${this.opts.logFile})`);
      }
      ready = await this.opts.ready().catch(() => false);
      if (!ready) await new Promise((r) => setTimeout(r, 250));
    }
  }

  restart(): Promise<void> {
    return this.start();
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.child) await stopChild(this.child, 'SIGTERM', graceMs);
  }
}
