import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serverMetadata } from '../../functions/oauth/endpoints/metadata.js';
import { GRANT_TYPES } from '../../functions/oauth/ports.js';
import { pathTo, ROUTE, ROUTES, routeKey } from '../../functions/routes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Code lines (comments left out) of the shipped code that spell a route path in a string. */
function routeLiterals(): string[] {
  let out = '';
  try {
    out = execFileSync('git', ['grep', '-n', '-E', '[\'"`](/oauth/|/\\.well-known/)', '--', 'functions', 'cli', 'infra', 'bin'], { cwd: root, encoding: 'utf8' });
  } catch {
    return []; // git grep exits 1 when nothing matches
  }
  return out
    .split('\n')
    .filter(Boolean)
    .filter((line) => !line.startsWith('functions/routes.ts:'))
    .filter((line) => !/^[^:]+:\d+:\s*(\*|\/\/|\/\*\*)/.test(line));
}

describe('the route table (issue 12, item 4)', () => {
  it('is the only place a route path is spelled', () => {
    expect(routeLiterals()).toEqual([]);
  });

  it('gives each name one method and path, the key a handler dispatches on', () => {
    expect(routeKey('deleteClient')).toBe('DELETE /oauth/clients/{id}');
    expect(pathTo('accountRevokeApp', 'a b')).toBe('/oauth/account/tokens/a%20b/revoke');
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('answers HEAD wherever a page answers GET, and nowhere else', () => {
    const heads = ROUTES.filter((r) => r.method === 'HEAD').map((r) => r.path);
    const pages = Object.values(ROUTE).filter((r) => 'page' in r).map((r) => r.path);
    expect(heads).toEqual(pages);
    expect(pages).toEqual(['/oauth/authorize', '/oauth/request', '/oauth/device', '/oauth/login', '/oauth/account', '/oauth/end-session']);
  });

  it('gives the metadata its endpoint URLs, and the grant registry its grant types', () => {
    const metadata = serverMetadata('https://id.example/base', new Map());
    expect(metadata).toMatchObject({
      authorization_endpoint: 'https://id.example/base/oauth/authorize',
      token_endpoint: 'https://id.example/base/oauth/token',
      jwks_uri: 'https://id.example/base/oauth/jwks',
      revocation_endpoint: 'https://id.example/base/oauth/revoke',
      introspection_endpoint: 'https://id.example/base/oauth/introspect',
      grant_types_supported: [...GRANT_TYPES],
    });
  });
});
