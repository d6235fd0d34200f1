/**
 * The fair peer of bench/peer.ts: node-oidc-provider 9 in a process of its own, its clients
 * and tokens in DynamoDB Local through bench/peer-adapter.ts (the same document client set-up
 * as Connect's), client credentials issuing RS256 JWT access tokens (2048-bit key, as
 * Connect's). Listens on a free 127.0.0.1 port and prints `{"port":N}`.
 *
 * Environment: DYNAMODB_ENDPOINT, PEER_TABLE, PEER_SCOPES (space-separated).
 */
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { createDocumentClient } from '../functions/store/dynamo.js';
import { dynamoAdapter } from './peer-adapter.js';

const doc = createDocumentClient({ dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT, region: 'us-east-1' });
const scopes = process.env.PEER_SCOPES ?? 'read';

const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'peer', alg: 'RS256', use: 'sig' };

const server = createServer();
server.keepAliveTimeout = 30_000;
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const { port } = server.address() as { port: number };
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  adapter: dynamoAdapter(doc, process.env.PEER_TABLE ?? 'peer'),
  jwks: { keys: [jwk] },
  scopes: scopes.split(' '),
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    // RFC 8707: an RS256 JWT access token for one resource server, as Connect issues (RFC 9068).
    resourceIndicators: {
      enabled: true,
      defaultResource: () => issuer,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: scopes,
        audience: issuer,
        accessTokenTTL: 3600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});
provider.on('server_error', (_ctx: unknown, error: Error) => process.stderr.write(`peer server_error: ${error.stack}\n`));
server.on('request', provider.callback());
process.stdout.write(JSON.stringify({ port }) + '\n');
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
