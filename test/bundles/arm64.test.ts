/**
 * Lambda runs these functions on arm64 (Graviton). Here the bundles that hash passwords load on
 * the official Node 22 arm64 binary under qemu-user, with Debian's arm64 glibc, and with the
 * argon2 binary each bundle ships (linux-arm64-gnu) — nothing of this machine's own: a bundle
 * that would not load on Lambda arm64 fails here.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../functions/routes.js';
import { aClient, aUser } from '../support/fixtures.js';
import { basic, postForm } from '../support/http.js';
import { lambdaNode } from '../support/lambda/deployment.js';
import { startStack, type RunningStack } from '../support/lambda/stack.js';

/** Debian's qemu-user-static and libc6-arm64-cross (.ci/run installs them). */
const QEMU = '/usr/bin/qemu-aarch64-static';
const ARM64_SYSROOT = '/usr/aarch64-linux-gnu';
const HASHING = (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) => FUNCTIONS[name].hashes);

let stack: RunningStack;

/** `cdk synth` with esbuild for every function: minutes on a busy 2-core machine. */
const SYNTH_TIMEOUT_MS = 600_000;

/** A request's Lambda deadline under emulation (the test runtime's default is Lambda's 10 s). */
const EMULATED_DEADLINE_MS = 60_000;

/** Emulated, each cold start takes seconds (tens on a busy machine): these tests wait longer. */
const EMULATED_TIMEOUT_MS = 300_000;

/**
 * A token request as an OAuth client makes it: a 503 temporarily_unavailable is retried after
 * its Retry-After, a few times (emulation makes a cold container's first DynamoDB calls slow
 * enough to exceed the SDK's 2 s request timeout on a loaded machine).
 */
async function tokenRequest(params: Record<string, string>, client: { client_id: string; client_secret?: string }) {
  for (let attempt = 1; ; attempt++) {
    const res = await postForm(`${stack.base}/oauth/token`, params, { authorization: basic(client.client_id, client.client_secret!) });
    if (res.status !== 503 || attempt === 5) return res;
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(res.headers.get('retry-after') ?? 1)));
  }
}

beforeAll(async () => {
  for (const needed of [QEMU, `${ARM64_SYSROOT}/lib/ld-linux-aarch64.so.1`]) {
    if (!existsSync(needed)) throw new Error(`${needed} is missing: apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross`);
  }
  // The Lambda deadline the test runtime gives a request scales with emulation: qemu runs the
  // code many times slower than Graviton does, and middy's early timeout would otherwise answer
  // 500 on a busy machine for work that takes milliseconds on Lambda.
  stack = await startStack({
    dynamodbLocal: inject('dynamodbEndpoint'),
    only: HASHING,
    exec: { path: QEMU, args: ['-L', ARM64_SYSROOT, lambdaNode('arm64')] },
    environment: { CONNECT_TEST_TIMEOUT_MS: String(EMULATED_DEADLINE_MS) },
  });
}, SYNTH_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
});

describe('the bundles that hash, on Node 22 for arm64', () => {
  it('all initialise, loading the argon2 binary they ship', async () => {
    expect(HASHING.length).toBeGreaterThan(0);
    for (const name of HASHING) {
      await stack.deployment.functions[name].init();
      expect(stack.deployment.functions[name].platform, name).toEqual({ arch: 'arm64', node: 'v22.23.5' });
    }
  }, EMULATED_TIMEOUT_MS);

  it('answer a client-credentials token and a password grant, verifying argon2 hashes on arm64', async () => {
    const service = await aClient(stack.deps, { kind: 'client_credentials' });
    const cc = await tokenRequest({ grant_type: 'client_credentials' }, service);
    expect(cc.status, cc.text).toBe(200);

    const client = await aClient(stack.deps, { kind: 'password' });
    const user = await aUser(stack.deps);
    const wrong = await tokenRequest({ grant_type: 'password', username: user.email, password: 'not it' }, client);
    expect(wrong.body.error).toBe('invalid_grant');
    const right = await tokenRequest({ grant_type: 'password', username: user.email, password: user.password }, client);
    expect(right.status, right.text).toBe(200);
  }, EMULATED_TIMEOUT_MS);
});
