import { Socket } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FUNCTIONS } from '../../../functions/routes.js';
import { testEnv } from '../../support/store.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Cold start (issue #5): a function's init builds its configuration, SDK clients and key ring
 * and connects to nothing; the first request does (the key load only where the function
 * signs). A TCP connection opened while a handler module loads would be a network call at init.
 */
describe('cold start', () => {
  const connect = vi.spyOn(Socket.prototype, 'connect');
  afterAll(() => connect.mockRestore());

  it.each(Object.entries(FUNCTIONS))('importing the %s function opens no network connection', async (_name, spec) => {
    testEnv();
    connect.mockClear();
    const module = (await import(pathToFileURL(resolve(ROOT, spec.entry)).href)) as { handler?: unknown };
    expect(typeof module.handler).toBe('function');
    expect(connect).not.toHaveBeenCalled();
  });

  it('with the KMS key protector the stack configures, importing a signing function opens no connection either', async () => {
    vi.resetModules(); // a new "container": the module singletons are built afresh
    testEnv({ KEY_PROTECTOR: 'kms', KMS_KEY_ID: 'arn:aws:kms:us-east-1:111122223333:key/example' });
    connect.mockClear();
    const module = (await import(pathToFileURL(resolve(ROOT, FUNCTIONS.token.entry)).href)) as { handler?: unknown };
    expect(typeof module.handler).toBe('function');
    expect(connect).not.toHaveBeenCalled();
  });
});
