import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Without ISSUER (the default of `npm start`), the issuer is the origin the request names:
 * Host and X-Forwarded-Proto, which any client writes. One that is not an origin gets an RFC
 * error or an error page — it used to be a 500, from `new URL()` failing on it later.
 */
describe('a Host or X-Forwarded-Proto that names no origin, with no ISSUER configured', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ISSUER: '' });
  });

  const send = (path: string, method: string, headers: Record<string, string>) =>
    new Promise<{ status: number; type: string; text: string }>((done, fail) => {
      const req = request({ host: '127.0.0.1', port: new URL(server.url).port, path, method, headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => done({ status: res.statusCode!, type: String(res.headers['content-type']), text }));
      });
      req.on('error', fail);
      req.end(method === 'POST' ? 'grant_type=client_credentials' : undefined);
    });

  it('is refused as the client’s mistake on every kind of endpoint, never a 500', async () => {
    const hosts = ['a b', 'x:99999', '[zz', 'evil.example/path', 'user@evil.example', 'a\\b'];
    const targets = [
      ['/oauth/login', 'GET', /<code>invalid_request<\/code>/],
      ['/oauth/login', 'POST', /<code>invalid_request<\/code>/],
      ['/oauth/clients', 'GET', /"error":"invalid_request"/],
      ['/oauth/token', 'POST', /"error":"invalid_request"/],
    ] as const;
    for (const [path, method, shown] of targets) {
      for (const headers of [...hosts.map((host) => ({ host })), { host: 'ok.example', 'x-forwarded-proto': 'ht tp' }]) {
        const res = await send(path, method, { 'content-type': 'application/x-www-form-urlencoded', ...headers });
        expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(400);
        expect(res.text).toMatch(shown);
      }
    }
  });

  it('still serves a request whose Host is a plain origin', async () => {
    const res = await send('/oauth/login', 'GET', { host: `localhost:${new URL(server.url).port}` });
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/html/);
  });
});
