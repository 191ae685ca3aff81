import type pg from 'pg';

const IN_USE = '55006'; // object_in_use: "database ... is being accessed by other users"

/**
 * Drops a scratch database a test or benchmark created. Not `DROP ... WITH (FORCE)`: PostgreSQL 15
 * refuses that to a non-superuser whenever an autovacuum worker happens to be in the database
 * ("must be a member of the role whose process is being terminated"), a rare flake. Instead our own
 * role's sessions there are terminated (allowed) and a plain DROP follows, which makes autovacuum
 * leave by itself; it is retried while a terminated session is still closing.
 */
export async function dropScratchDatabase(admin: pg.Client, name: string, attempts = 50): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND usename = current_user`,
      [name],
    );
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}"`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== IN_USE || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The URL of database `name` on the server of `serverUrl` (same user, password and options). */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}
