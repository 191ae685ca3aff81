import { z } from 'zod';
import { privateKeyFromPem } from '../../lib/auth';
import { env, loadConfigOrExit, subgraphEnvSchema } from '../../lib/config';
import { clusterRuntime, closeOnSignals } from '../../lib/server/main';
import { startSubgraph } from '../../lib/server/subgraph';
import { USERS_PORT, usersSubgraph } from './service';

const schema = subgraphEnvSchema(USERS_PORT).extend({
  JWT_SECRET_KEY: env.pem('PRIVATE'),
  ADMIN_EMAILS: z.string().default(''),
});

async function main() {
  const config = loadConfigOrExit(schema, 'users');
  const runtime = clusterRuntime('users', config);
  const service = await startSubgraph(
    usersSubgraph({
      privateKey: privateKeyFromPem(config.JWT_SECRET_KEY),
      adminEmails: config.ADMIN_EMAILS.split(','),
    }),
    runtime,
    { port: config.PORT, closeRuntime: true },
  );
  closeOnSignals([service], runtime.log);
}

void main();
