import { describe, expect, it } from 'vitest';
import { AdminError } from '../../../functions/admin/errors.js';
import { ConfigError } from '../../../functions/config.js';
import { StorageError, type StorageErrorCode } from '../../../functions/errors.js';
import { invalidField, notFound } from '../../../functions/http/management/errors.js';
import {
  refusal,
  renderCliLine,
  renderErrorPage,
  renderManagementError,
  renderRfcError,
} from '../../../functions/http/render-error.js';
import { KeyLimitError, OAuthError, type OAuthErrorCode } from '../../../functions/oauth/errors.js';

const TARGET = { endpoint: 'http://127.0.0.1:8000', table: 'connect' };

describe('the RFC 6749 renderer', () => {
  it.each<[OAuthErrorCode, number]>([
    ['invalid_request', 400],
    ['invalid_client', 401],
    ['invalid_grant', 400],
    ['unauthorized_client', 400],
    ['unsupported_grant_type', 400],
    ['invalid_scope', 400],
    ['access_denied', 403],
    ['unsupported_response_type', 400],
    ['server_error', 500],
    ['temporarily_unavailable', 503],
    ['unsupported_token_type', 400],
    ['invalid_token', 401],
    ['insufficient_scope', 403],
    ['not_found', 404],
    ['method_not_allowed', 405],
  ])('answers %s with status %i and the §5.2 body', (code, status) => {
    expect(renderRfcError(new OAuthError(code, 'Told to the developer.'))).toEqual({
      status,
      headers: {},
      body: { error: code, error_description: 'Told to the developer.' },
    });
  });

  it('keeps an error’s headers (a Bearer challenge, Allow)', () => {
    const challenge = renderRfcError(new OAuthError('invalid_token', 'bad', { headers: { 'WWW-Authenticate': 'Bearer' } }));
    expect(challenge.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });

  it('answers a transient outage 503 with Retry-After, and anything else a generic 500 that hides its cause', () => {
    expect(renderRfcError(new StorageError('storage_unavailable', 'ThrottlingException inside'))).toEqual({
      status: 503,
      headers: { 'Retry-After': '1' },
      body: { error: 'temporarily_unavailable', error_description: 'The service is busy. Please retry shortly.' },
    });
    const hidden = [new StorageError('table_not_found', 'secret detail'), new TypeError('x is undefined'), new AdminError('internal detail')];
    for (const error of hidden) {
      expect(renderRfcError(error)).toEqual({
        status: 500,
        headers: {},
        body: { error: 'server_error', error_description: 'An unexpected error occurred.' },
      });
    }
  });

  it('answers middy’s body errors as the client’s: 400, or 413 for a body too large', () => {
    expect(renderRfcError({ statusCode: 415 }).status).toBe(400);
    expect(renderRfcError({ statusCode: 413 })).toMatchObject({ status: 413, body: { error: 'invalid_request' } });
  });
});

describe('the management (Passport-style) renderer', () => {
  it.each<[string, unknown, number, Record<string, unknown>]>([
    ['a use case’s invalid field', new AdminError('name is required', 'invalid', 'name'), 422,
      { message: 'Name is required.', errors: { name: ['Name is required.'] }, error: 'invalid_request', error_description: 'Name is required.' }],
    ['a conflict', new AdminError('that email is taken', 'conflict', 'email'), 409,
      { message: 'That email is taken.', errors: { email: ['That email is taken.'] }, error: 'invalid_request', error_description: 'That email is taken.' }],
    ['a missing record', new AdminError('no client with id x', 'not_found'), 404,
      { message: 'No client with id x.', error: 'not_found', error_description: 'No client with id x.' }],
    ['a scope that cannot be granted, as the scopes field', new OAuthError('invalid_scope', 'The scope "x" does not exist.'), 422,
      { message: 'The scope "x" does not exist.', errors: { scopes: ['The scope "x" does not exist.'] }, error: 'invalid_request', error_description: 'The scope "x" does not exist.' }],
    ['its own field check', invalidField('limit', 'The limit must be a whole number.'), 422,
      { message: 'The limit must be a whole number.', errors: { limit: ['The limit must be a whole number.'] }, error: 'invalid_request', error_description: 'The limit must be a whole number.' }],
    ['an unknown route', notFound('route'), 404,
      { message: 'No such route.', error: 'not_found', error_description: 'No such route.' }],
    ['a missing token', new OAuthError('invalid_token', 'The access token is missing.'), 401,
      { message: 'The access token is missing.', error: 'invalid_token', error_description: 'The access token is missing.' }],
    ['a bug', new RangeError('stack detail'), 500,
      { message: 'An unexpected error occurred.', error: 'server_error', error_description: 'An unexpected error occurred.' }],
  ])('renders %s', (_what, error, status, body) => {
    const rendered = renderManagementError(error);
    expect(rendered.status).toBe(status);
    expect(rendered.body).toEqual(body);
  });
});

describe('the HTML error page renderer', () => {
  it.each<[unknown, number, string]>([
    [new OAuthError('invalid_client', 'The client_id is unknown.'), 401, 'Unknown application'],
    [new OAuthError('invalid_request', 'The redirect_uri is not registered.'), 400, 'This request cannot be completed'],
    [new OAuthError('unauthorized_client', 'No code grant.'), 400, 'This application cannot sign you in here'],
    [new OAuthError('not_found', 'No route.'), 404, 'Page not found'],
    [new StorageError('storage_unreachable', 'ECONN detail'), 503, 'Please try again in a moment'],
    [new Error('stack detail'), 500, 'Something went wrong on our side'],
  ])('titles %s as status %i, “%s”', (error, status, title) => {
    const rendered = renderErrorPage(error);
    expect(rendered.status).toBe(status);
    expect(rendered.page.title).toBe(title);
    expect(String(rendered.page.body)).toContain(`<h1>${title}</h1>`);
    expect(String(rendered.page.body)).not.toContain('detail');
  });

  it('escapes the description it shows', () => {
    const page = renderErrorPage(new OAuthError('invalid_request', '<script>x</script>')).page;
    expect(String(page.body)).toContain('&lt;script&gt;');
    expect(String(page.body)).not.toContain('<script>');
  });
});

describe('the CLI line renderer', () => {
  it.each<[string, unknown, string]>([
    ['a use case’s refusal, as written', new AdminError('no user with email a@example.com', 'not_found'), 'no user with email a@example.com'],
    ['a configuration mistake', new ConfigError('ACCESS_TOKEN_TTL_SECONDS must be a whole number of seconds >= 1, got "x"'), 'ACCESS_TOKEN_TTL_SECONDS must be a whole number of seconds >= 1, got "x"'],
    ['a scope that cannot be granted', new OAuthError('invalid_scope', 'The scope "x" does not exist.'), 'The scope "x" does not exist.'],
    ['a value too long for a key', new KeyLimitError('pk', 2048), 'a value is too long or is not valid text (DynamoDB key limits: 2,048 / 1,024 bytes)'],
    ['a bug, on its first line only', new TypeError('x is undefined\n    at stack'), 'unexpected failure: TypeError: x is undefined'],
  ])('prints %s', (_what, error, line) => {
    expect(renderCliLine(error, TARGET)).toBe(line);
  });

  it.each<[StorageErrorCode, string]>([
    ['storage_unreachable', 'cannot reach http://127.0.0.1:8000: is `npm start` running (or is --endpoint right)?'],
    ['table_not_found', 'table "connect" not found at http://127.0.0.1:8000: run `npm start` once to create it, or pass --table'],
    ['storage_credentials', 'no usable AWS credentials for http://127.0.0.1:8000: configure them, or set DYNAMODB_ENDPOINT for a local store'],
    ['storage_unavailable', 'http://127.0.0.1:8000 is busy (throttled): retry shortly'],
  ])('names the outage %s and what to do', (code, line) => {
    expect(renderCliLine(new StorageError(code, 'sdk detail'), TARGET)).toBe(line);
  });
});

describe('a use case’s refusal, as pages and the management API show it', () => {
  it('is a sentence with its status and field, and is nothing for other errors', () => {
    expect(refusal(new AdminError('name is required', 'invalid', 'name'))).toEqual({ status: 422, message: 'Name is required.', field: 'name' });
    expect(refusal(new AdminError('no such client', 'not_found'))).toEqual({ status: 404, message: 'No such client.' });
    expect(refusal(new OAuthError('invalid_token', 'bad'))).toBeUndefined();
    expect(refusal(new Error('bug'))).toBeUndefined();
  });
});
