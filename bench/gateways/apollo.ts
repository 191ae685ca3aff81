// Plain Apollo Gateway as its documentation sets it up: @apollo/gateway with a supergraph file,
// @apollo/server's standalone server, defaults everywhere. With FORWARD_AUTHORIZATION=1 it
// forwards the caller's `authorization` header to subgraphs (the documented willSendRequest
// pattern), which the platform's subgraphs need to answer at all.
import { readFileSync } from 'node:fs';
import {
  ApolloGateway,
  RemoteGraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

interface Context {
  authorization?: string;
}

class AuthorizationForwarding extends RemoteGraphQLDataSource<Context> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Context>) {
    if (context?.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}

async function main() {
  const supergraphSdl = readFileSync(process.env.SUPERGRAPH_PATH!, 'utf8');
  const forward = process.env.FORWARD_AUTHORIZATION === '1';
  const gateway = new ApolloGateway({
    supergraphSdl,
    ...(forward ? { buildService: ({ url }) => new AuthorizationForwarding({ url }) } : {}),
  });
  const server = new ApolloServer<Context>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(process.env.PORT), host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  console.log(`apollo gateway ready at ${url}`);
  process.once('SIGTERM', () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

void main();
