import type { Cache } from './cache';

interface Entry {
  value: string;
  expiresAt: number;
}

/** In-process cache for the embedded mode; same semantics as the Redis one. */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    // Expired entries are also dropped on read; the sweep bounds memory for keys never read again.
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep() {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  async get(key: string) {
    return this.live(key)?.value ?? null;
  }
  async mget(keys: string[]) {
    return keys.map((k) => this.live(k)?.value ?? null);
  }
  async set(key: string, value: string, ttlSeconds: number) {
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
  }
  async mset(entries: [string, string][], ttlSeconds: number) {
    for (const [k, v] of entries) await this.set(k, v, ttlSeconds);
  }
  async del(...keys: string[]) {
    for (const k of keys) this.entries.delete(k);
  }
  async incr(key: string, ttlSeconds: number) {
    const entry = this.live(key);
    const next = (entry ? Number(entry.value) : 0) + 1;
    this.entries.set(key, {
      value: String(next),
      expiresAt: entry?.expiresAt ?? this.now() + ttlSeconds * 1000,
    });
    return next;
  }
  async pttl(key: string) {
    const entry = this.live(key);
    return entry ? entry.expiresAt - this.now() : -1;
  }
  async ping() {
    return true;
  }
  async close() {
    clearInterval(this.sweeper);
    this.entries.clear();
  }
}
