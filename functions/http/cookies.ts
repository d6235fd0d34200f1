import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The session cookie (SPEC §4): HttpOnly (no script reads it), SameSite=Lax (not sent on
 * cross-site POSTs), Path=/, and Secure — except for an http://localhost issuer, where browsers
 * and HTTP clients would otherwise drop it. When Secure, the `__Host-` prefix also pins it to
 * this exact host (RFC 6265bis §4.1.3.2).
 */
export function cookiesAreSecure(issuer: string): boolean {
  const url = new URL(issuer);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return !(url.protocol === 'http:' && loopback);
}

export function sessionCookieName(issuer: string): string {
  return cookiesAreSecure(issuer) ? '__Host-connect_session' : 'connect_session';
}

/** API Gateway v2 hands cookies over as `event.cookies`, one `name=value` per entry. */
export function readCookie(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const cookie of event.cookies ?? []) {
    const eq = cookie.indexOf('=');
    if (eq > 0 && cookie.slice(0, eq).trim() === name) return cookie.slice(eq + 1).trim();
  }
  return undefined;
}

export function readSessionCookie(event: APIGatewayProxyEventV2, issuer: string): string | undefined {
  return readCookie(event, sessionCookieName(issuer));
}

export function sessionCookie(issuer: string, value: string, maxAgeSeconds: number): string {
  const secure = cookiesAreSecure(issuer) ? '; Secure' : '';
  return `${sessionCookieName(issuer)}=${value}; Max-Age=${maxAgeSeconds}; Path=/; HttpOnly; SameSite=Lax${secure}`;
}

export function clearSessionCookie(issuer: string): string {
  return sessionCookie(issuer, '', 0);
}
