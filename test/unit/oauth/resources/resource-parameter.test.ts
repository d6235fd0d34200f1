import { describe, expect, it } from 'vitest';
import { OAuthError } from '../../../../functions/oauth/errors.js';
import type { Resource } from '../../../../functions/oauth/ports.js';
import {
  checkScopesWithinResource,
  keptResource,
  MAX_RESOURCE_LENGTH,
  parseResourceParameter,
  registeredResource,
} from '../../../../functions/oauth/resources/resource-parameter.js';

const aResource = (overrides: Partial<Resource> = {}): Resource => ({ uri: 'https://api.example/mcp', name: 'API', scopes: null, createdAt: 0, ...overrides });
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as OAuthError).code;
  }
  return 'passed';
};

describe('parseResourceParameter (RFC 8707 §2)', () => {
  it('accepts one absolute URI, with or without a path or query, and nothing at all', () => {
    for (const uri of ['https://api.example/mcp', 'https://api.example', 'http://localhost:3001/mcp?tenant=a', 'urn:example:api']) {
      expect(parseResourceParameter(uri)).toBe(uri);
    }
    expect(parseResourceParameter(undefined)).toBeUndefined();
  });

  it.each([
    ['relative', '/mcp'],
    ['with a fragment', 'https://api.example/mcp#x'],
    ['with an empty fragment', 'https://api.example/mcp#'],
    ['two, joined by the HTTP layer', 'https://a.example/ https://b.example/'],
    ['with a line break', 'https://a.example/\n'],
    ['non-ASCII', 'https://ä.example/'],
    ['too long', `https://api.example/${'a'.repeat(MAX_RESOURCE_LENGTH)}`],
  ])('refuses one %s with invalid_target', (_what, raw) => {
    expect(code(() => parseResourceParameter(raw))).toBe('invalid_target');
  });
});

describe('the rules a resource sets', () => {
  it('refuses an unregistered resource with invalid_target', () => {
    expect(code(() => registeredResource('https://api.example/mcp', undefined))).toBe('invalid_target');
    expect(registeredResource(undefined, undefined)).toBeUndefined();
  });

  it('keeps scopes within a resource\'s list (invalid_scope beyond), any scope without one', () => {
    expect(code(() => checkScopesWithinResource(['read', 'write'], aResource({ scopes: ['read'] })))).toBe('invalid_scope');
    expect(code(() => checkScopesWithinResource(['read'], aResource({ scopes: ['read'] })))).toBe('passed');
    expect(code(() => checkScopesWithinResource(['anything'], aResource()))).toBe('passed');
  });

  it('lets a code or refresh token repeat or omit its resource, never change or add one', () => {
    expect(keptResource(undefined, 'https://api.example/mcp', 'code')).toBe('https://api.example/mcp');
    expect(keptResource(aResource(), 'https://api.example/mcp', 'code')).toBe('https://api.example/mcp');
    expect(code(() => keptResource(aResource({ uri: 'https://other.example/' }), 'https://api.example/mcp', 'code'))).toBe('invalid_target');
    expect(code(() => keptResource(aResource(), undefined, 'code'))).toBe('invalid_target');
  });
});
