import { describe, expect, it } from 'vitest';
import { grantHandler, GRANTS } from '../../../../functions/oauth/grants/index.js';
import { GRANT_TYPES } from '../../../../functions/oauth/ports.js';

describe('the grant registry', () => {
  it('has one handler for each grant type the metadata lists, under its own name', () => {
    expect(Object.keys(GRANTS).sort()).toEqual([...GRANT_TYPES].sort());
    for (const [name, handler] of Object.entries(GRANTS)) expect(handler.grantType).toBe(name);
  });

  it('finds no handler for a grant type it does not list, even a name every object has', () => {
    expect(grantHandler('urn:ietf:params:oauth:grant-type:jwt-bearer')).toBeUndefined();
    expect(grantHandler('constructor')).toBeUndefined();
    expect(grantHandler('__proto__')).toBeUndefined();
    expect(grantHandler('password')).toBe(GRANTS.password);
    expect(grantHandler('urn:ietf:params:oauth:grant-type:device_code')).toBe(GRANTS['urn:ietf:params:oauth:grant-type:device_code']);
  });

  it('names for each grant the parameters it reads beyond the common ones', () => {
    expect(GRANTS.authorization_code.parameters).toEqual(['code', 'redirect_uri', 'code_verifier']);
    expect(GRANTS.password.parameters).toEqual(['username', 'password']);
    expect(GRANTS.refresh_token.parameters).toEqual(['refresh_token']);
    expect(GRANTS.client_credentials.parameters).toEqual([]);
    expect(GRANTS['urn:ietf:params:oauth:grant-type:device_code'].parameters).toEqual(['device_code']);
  });
});
