import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../functions/routes.js';
import { apiGatewayEvent, lambdaContext } from '../../support/events.js';
import { aClient } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** RFC 9110 §9.3.2: HEAD is GET without the body — a link checker or a monitor probing a page. */
describe('HEAD on the pages', () => {
  let server: TestServer;
  let pages: string[];

  beforeAll(async () => {
    server = await startTestServer();
    const client = await aClient(server.deps, { kind: 'confidential', redirectUris: ['https://app.example/cb'] });
    pages = [
      '/oauth/login',
      '/oauth/account',
      `/oauth/request?client=${client.client_id}`,
      '/oauth/authorize?client_id=nope&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type=code',
    ];
  });

  const fetchPage = (method: string, path: string) => fetch(`${server.url}${path}`, { method, redirect: 'manual' });

  it('answers every page with the status and headers of GET and no body', async () => {
    for (const path of pages) {
      const [get, head] = [await fetchPage('GET', path), await fetchPage('HEAD', path)];
      expect(head.status, path).toBe(get.status);
      expect(head.status, path).not.toBe(405);
      for (const name of ['content-type', 'content-security-policy', 'cache-control', 'x-frame-options']) {
        expect(head.headers.get(name), `${path}: ${name}`).toBe(get.headers.get(name));
      }
      // The seed route's state is fresh each time; the target is the same.
      expect(head.headers.get('location')?.split('state=')[0], path).toBe(get.headers.get('location')?.split('state=')[0]);
      expect(await head.text(), path).toBe('');
    }
  });

  it('is routed wherever a page is, so API Gateway sends it to the same function', () => {
    const gets = ROUTES.filter((r) => r.method === 'GET' && ['authorize', 'authorizeRequest', 'login', 'account'].includes(r.function));
    expect(gets.length).toBe(4);
    for (const get of gets) expect(ROUTES).toContainEqual({ ...get, method: 'HEAD' });
  });

  it('answers an API Gateway HEAD event as the GET event, without the body', async () => {
    const { handler } = await import('../../../functions/handlers/login.js');
    const domainName = new URL(server.url).host;
    const event = (method: string) => apiGatewayEvent({ method, path: '/oauth/login', domainName, headers: { 'x-forwarded-proto': 'http' } });
    const [get, head] = [await handler(event('GET'), lambdaContext), await handler(event('HEAD'), lambdaContext)];
    expect(head.statusCode).toBe(200);
    expect(head.headers).toEqual(get.headers);
    expect(head.body).toBe('');
    expect(get.body).toContain('name="password"');
  });
});
