import { describe, expect, it } from 'vitest';
import { ManagementError } from '../../../functions/http/management/errors.js';
import { renderManagementError } from '../../../functions/http/render-error.js';
import { booleanField, listField, nextLink, onlyFields, pageQuery, stringField } from '../../../functions/http/management/fields.js';
import { AdminError } from '../../../functions/admin/errors.js';
import { OAuthError } from '../../../functions/oauth/errors.js';

/** The 422 a check throws, as the body a caller gets. */
function refusal(check: () => unknown): Record<string, unknown> {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(ManagementError);
    expect((error as ManagementError).status).toBe(422);
    return renderManagementError(error).body as Record<string, unknown>;
  }
  throw new Error('expected a refusal');
}

describe('management API body fields', () => {
  it('refuses an unknown field by name, but lets Passport’s Vue form objects through', () => {
    expect(refusal(() => onlyFields({ name: 'x', admin: true }, ['name']))).toMatchObject({ errors: { admin: ['Unknown field "admin".'] } });
    expect(() => onlyFields({ name: 'x', errors: [], id: 'abc' }, ['name'])).not.toThrow();
  });

  it('reads strings, treating null as absent and refusing other types', () => {
    expect(stringField({ name: 'x' }, 'name')).toBe('x');
    expect(stringField({ name: null }, 'name')).toBeUndefined();
    expect(refusal(() => stringField({ name: ['x'] }, 'name'))).toMatchObject({ errors: { name: [expect.any(String)] } });
  });

  it('reads booleans as Laravel’s boolean rule does', () => {
    for (const yes of [true, 1, '1', 'true']) expect(booleanField({ c: yes }, 'c')).toBe(true);
    for (const no of [false, 0, '0', 'false']) expect(booleanField({ c: no }, 'c')).toBe(false);
    refusal(() => booleanField({ c: 'yes' }, 'c'));
  });

  it('reads a list from an array of strings or a separated string', () => {
    expect(listField({ r: 'https://a.example, https://b.example' }, 'r', /,/)).toEqual(['https://a.example', 'https://b.example']);
    expect(listField({ r: ['https://a.example'] }, 'r', /,/)).toEqual(['https://a.example']);
    refusal(() => listField({ r: [1] }, 'r', /,/));
    refusal(() => listField({ r: { a: 1 } }, 'r', /,/));
  });

  it('pages by 50 unless told otherwise, 1 to 100', () => {
    expect(pageQuery({})).toEqual({ limit: 50 });
    expect(pageQuery({ limit: '100', cursor: 'abc' })).toEqual({ limit: 100, cursor: 'abc' });
    for (const limit of ['0', '101', '1e2', ' 5']) refusal(() => pageQuery({ limit }));
  });

  it('links to the next page only when there is one, keeping a non-default limit', () => {
    expect(nextLink('https://auth.example', '/oauth/tokens', 50, undefined)).toEqual({});
    expect(nextLink('https://auth.example', '/oauth/tokens', 10, 'abc')).toEqual({
      Link: '<https://auth.example/oauth/tokens?cursor=abc&limit=10>; rel="next"',
    });
  });
});

describe('management API errors', () => {
  it('carry both Laravel’s shape and RFC 6749’s', () => {
    const error = renderManagementError(new AdminError('name is required', 'invalid', 'name'));
    expect(error.status).toBe(422);
    expect(error.body).toEqual({
      message: 'Name is required.',
      errors: { name: ['Name is required.'] },
      error: 'invalid_request',
      error_description: 'Name is required.',
    });
    expect(renderManagementError(new AdminError('no client with id x', 'not_found')).status).toBe(404);
    expect(renderManagementError(new AdminError('busy', 'conflict')).status).toBe(409);
  });

  it('keep an OAuth error’s status and headers, and hide anything unexpected behind server_error', () => {
    const challenge = renderManagementError(new OAuthError('invalid_token', 'bad', { headers: { 'WWW-Authenticate': 'Bearer' } }));
    expect(challenge.status).toBe(401);
    expect(challenge.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    const crash = renderManagementError(new TypeError('x is undefined'));
    expect(crash.status).toBe(500);
    expect(crash.body).toMatchObject({ error: 'server_error', message: 'An unexpected error occurred.' });
  });
});
