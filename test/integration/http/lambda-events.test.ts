import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { container } from '../../../functions/container.js';
import { bootstrapLocalStore } from '../../../functions/local/bootstrap.js';
import { aClient } from '../../support/fixtures.js';
import { basic } from '../../support/http.js';
import { apiGatewayEvent, lambdaContext } from '../../support/events.js';
import { testEnv } from '../../support/store.js';

describe('the handlers invoked with API Gateway v2 events', () => {
  let client: { client_id: string; client_secret?: string };

  beforeAll(async () => {
    // No ISSUER: as deployed behind the API's own URL, the issuer is the request's origin.
    testEnv();
    delete process.env.ISSUER;
    await bootstrapLocalStore(container());
    client = await aClient(container(), { kind: 'client_credentials' });
  });

  it('issues a token from a base64-encoded form body, with the API domain as issuer', async () => {
    const { handler } = await import('../../../functions/handlers/token.js');
    const res = await handler(
      apiGatewayEvent({
        method: 'POST',
        path: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client.client_id, client.client_secret!) },
        body: 'grant_type=client_credentials',
        base64: true,
      }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['Cache-Control']).toBe('no-store');
    const claims = decodeJwt(JSON.parse(res.body!).access_token);
    expect(claims.iss).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com');
    expect(claims.aud).toBe(claims.iss);
  });

  it('serves metadata for the origin the request came to', async () => {
    const { handler } = await import('../../../functions/handlers/metadata.js');
    const res = await handler(
      apiGatewayEvent({ method: 'GET', path: '/.well-known/oauth-authorization-server', domainName: 'auth.example.com' }),
      lambdaContext,
    );
    expect(JSON.parse(res.body!)).toMatchObject({
      issuer: 'https://auth.example.com',
      token_endpoint: 'https://auth.example.com/oauth/token',
    });
  });

  it('turns a failing store into 503 temporarily_unavailable with Retry-After, and recovers', async () => {
    const { handler } = await import('../../../functions/handlers/token.js');
    // A client this container has not served yet: its record is not in the client cache, so the
    // request must read the store.
    const fresh = await aClient(container(), { kind: 'client_credentials' });
    const stack = container().table.doc.middlewareStack;
    const fault = () => async () => {
      throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
        name: 'ProvisionedThroughputExceededException',
        $retryable: undefined,
      });
    };
    const event = () =>
      apiGatewayEvent({
        method: 'POST',
        path: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(fresh.client_id, fresh.client_secret!) },
        body: 'grant_type=client_credentials',
      });
    stack.add(fault, { step: 'initialize', name: 'injectedThrottle' });
    try {
      const res = await handler(event(), lambdaContext);
      expect(res.statusCode).toBe(503);
      expect(res.headers['Retry-After']).toBe('1');
      expect(JSON.parse(res.body!).error).toBe('temporarily_unavailable');
    } finally {
      stack.remove('injectedThrottle');
    }
    expect((await handler(event(), lambdaContext)).statusCode).toBe(200);
  });
});
