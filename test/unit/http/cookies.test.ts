import { describe, expect, it } from 'vitest';
import { cookiesAreSecure, sessionCookie } from '../../../functions/http/cookies.js';

describe('the session cookie', () => {
  it('is Secure, with the __Host- prefix, everywhere but on an http loopback issuer', () => {
    expect(sessionCookie('https://auth.example.com', 'v', 60)).toBe(
      '__Host-connect_session=v; Max-Age=60; Path=/; HttpOnly; SameSite=Lax; Secure',
    );
    expect(sessionCookie('http://localhost:3000', 'v', 60)).toBe('connect_session=v; Max-Age=60; Path=/; HttpOnly; SameSite=Lax');
    expect(cookiesAreSecure('http://127.0.0.1:3000')).toBe(false);
    expect(cookiesAreSecure('http://auth.internal')).toBe(true);
  });
});
