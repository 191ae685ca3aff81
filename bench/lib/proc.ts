import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
const CLOCK_TICKS = 100; // USER_HZ on Linux (getconf CLK_TCK)

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces; fields start after the closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** Resident and peak-resident memory in bytes, from /proc/<pid>/status. */
export function memory(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/** Busy and total jiffies of the whole machine (all cores), to tell our load from everyone else's. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  args?: string[];
  /** Where the child's stdout/stderr go: inherited (shown), ignored, or kept for errors. */
  output?: 'inherit' | 'keep';
  cwd?: string;
}

/** A child node process running a TypeScript (via tsx) or JavaScript entry point. */
export class NodeChild {
  /** Every child still running, so an interrupted run can stop them (and only them). */
  static readonly running = new Set<NodeChild>();

  readonly proc: ChildProcess;
  readonly pid: number;
  private output = '';
  private exited: Promise<number | null>;
  private listeners = new Set<(m: unknown) => void>();

  constructor(
    readonly name: string,
    entry: string,
    options: SpawnOptions = {},
  ) {
    const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
    this.proc = spawn(
      process.execPath,
      [...loader, ...(options.nodeArgs ?? []), entry, ...(options.args ?? [])],
      {
        cwd: options.cwd ?? REPO,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    this.pid = this.proc.pid!;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
      if (options.output === 'inherit') process.stderr.write(`[${name}] ${chunk}`);
    };
    this.proc.stdout!.on('data', keep);
    this.proc.stderr!.on('data', keep);
    this.proc.on('message', (m) => this.listeners.forEach((l) => l(m)));
    this.exited = new Promise((resolve) => this.proc.once('exit', (code) => resolve(code)));
    NodeChild.running.add(this);
    void this.exited.then(() => NodeChild.running.delete(this));
  }

  /** Sends SIGKILL to every child still running (interrupts and time-outs). */
  static killAll() {
    for (const child of NodeChild.running) if (child.alive) child.proc.kill('SIGKILL');
  }

  get recentOutput(): string {
    return this.output;
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  send(message: unknown) {
    this.proc.send(message as object);
  }

  /** Resolves with the first IPC message that matches; rejects if the child exits or time runs out. */
  waitFor<T>(match: (m: unknown) => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = (m: unknown) => {
        const value = match(m);
        if (value !== undefined) {
          done();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `${this.name}: timed out after ${timeoutMs} ms waiting for ${what}\n${this.output.slice(-3000)}`,
          ),
        );
      }, timeoutMs);
      this.listeners.add(listener);
      void this.exited.then((code) => {
        if (!this.listeners.has(listener)) return;
        done();
        reject(
          new Error(`${this.name} exited (${code}) while waiting for ${what}\n${this.output.slice(-3000)}`),
        );
      });
    });
  }

  onMessage(listener: (m: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.alive) return;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.alive && this.proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Polls an HTTP URL until it answers 200 (e.g. a gateway's /ready or /health). */
export async function waitForHttp(url: string, timeoutMs: number, child?: NodeChild): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child && !child.alive)
      throw new Error(`${child.name} exited before ${url} answered\n${child.recentOutput.slice(-3000)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(250);
  }
  throw new Error(
    `${url} not ready after ${timeoutMs} ms (${last})${child ? `\n${child.recentOutput.slice(-3000)}` : ''}`,
  );
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Samples a process's RSS every `everyMs` while running, to report the peak within a window. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peak = 0;
  constructor(private readonly pid: number) {}
  start(everyMs = 200): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    return this;
  }
  private sample() {
    const { rss } = memory(this.pid);
    if (rss > this.peak) this.peak = rss;
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}
