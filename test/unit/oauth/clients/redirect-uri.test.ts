import { describe, expect, it } from 'vitest';
import type { Client } from '../../../../functions/oauth/ports.js';
import { authorizationResponseUri, formActionSource, isRegisteredRedirectUri } from '../../../../functions/oauth/clients/redirect-uri.js';

const client = { redirectUris: ['https://app.example/cb', 'http://localhost:8080/cb?tenant=a'] } as unknown as Client;

describe('redirect URIs', () => {
  it('match only exactly', () => {
    expect(isRegisteredRedirectUri(client, 'https://app.example/cb')).toBe(true);
    for (const near of ['https://app.example/cb/', 'https://APP.example/cb', 'https://app.example/cb?x', 'https://app.example/c', undefined]) {
      expect(isRegisteredRedirectUri(client, near)).toBe(false);
    }
  });

  it('keep their own query and gain the response parameters, percent-encoded so any decoder reads them back (RFC 6749 §3.1.2, Appendix B)', () => {
    expect(authorizationResponseUri('http://localhost:8080/cb?tenant=a', { code: 'c', state: 'a b&c+€', iss: 'https://as' })).toBe(
      'http://localhost:8080/cb?tenant=a&code=c&state=a%20b%26c%2B%E2%82%AC&iss=https%3A%2F%2Fas',
    );
    expect(authorizationResponseUri('https://app.example/cb', { error: 'access_denied', state: undefined })).toBe(
      'https://app.example/cb?error=access_denied',
    );
  });

  it('give the CSP source a form answer redirects to', () => {
    expect(formActionSource('https://app.example:8443/cb?x=1')).toBe('https://app.example:8443');
    expect(formActionSource('com.example.app:/callback')).toBe('com.example.app:');
    expect(formActionSource('not a url')).toBeUndefined();
  });
});
