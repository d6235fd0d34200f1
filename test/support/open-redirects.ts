/**
 * Open-redirect attempts for `return_to`, shared by the unit test of safeReturnTo and the HTTP
 * tests of the login page. Every value an attacker might try, with where a browser would end up if it were used as
 * is: none may leave the issuer's origin (SPEC §6). `kept` values are odd but harmless paths
 * of this server; the rest must fall back to the default page.
 */
export const RETURN_TO_ATTEMPTS: readonly (readonly [raw: string, outcome: 'default' | 'kept'])[] = [
  ['/..//evil.example/phish', 'default'],
  ['/.//evil.example', 'default'],
  ['/%2e%2e//evil.example', 'default'],
  ['/%2E%2E//evil.example', 'default'],
  ['/.%2e//evil.example', 'default'],
  ['/oauth/..//evil.example', 'default'],
  ['/oauth/../..//evil.example', 'default'],
  ['/./..//evil.example', 'default'],
  ['\\evil.example', 'default'],
  ['/\\evil.example', 'default'],
  ['/\\/evil.example', 'default'],
  ['//evil.example', 'default'],
  ['///evil.example', 'default'],
  ['https:evil.example', 'default'],
  ['https://evil.example/', 'default'],
  ['http://auth.example.com@evil.example/', 'default'],
  ['/\t/evil.example', 'default'],
  ['/\r\n/evil.example', 'default'],
  ['/oauth/authorize\r\nSet-Cookie: x=y', 'default'],
  ['/\u0000/evil.example', 'default'],
  ['javascript:alert(1)', 'default'],
  [' javascript:alert(1)', 'default'],
  ['data:text/html,<script>alert(1)</script>', 'default'],
  ['/%09/evil.example', 'kept'],
  ['/%2F%2Fevil.example', 'kept'],
  ['/@evil.example', 'kept'],
  ['/oauth/authorize?next=//evil.example', 'kept'],
  ['/\u3002\u3002//evil.example', 'kept'],
  ['/\uff0f\uff0fevil.example', 'kept'],
  ['\uff0f\uff0fevil.example', 'default'],
  ['/oauth/authorize#@evil.example', 'kept'],
];

