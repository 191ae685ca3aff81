import { seedCoins } from '../../prisma/seed';
import { faultServers, infra } from './support/infra';

/**
 * Jest globalSetup of the `faults` project: brings up the fault tests' own servers (idempotent,
 * about 1 s when they already run; about 30 s the first time) with migrations and the coin
 * catalog. A run that died mid-fault may have left a server paused or stopped: resume first.
 */
export default async function setup(): Promise<void> {
  for (const server of ['postgres', 'redis', 'kafka']) await infra('resume', server).catch(() => undefined);
  await infra('up');
  await seedCoins(faultServers().databaseUrl);
}
