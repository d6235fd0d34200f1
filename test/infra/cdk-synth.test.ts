import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/routes.js';
import { PROJECT_ROOT } from '../../infra/constructs/bundling.js';

describe('npx cdk synth', () => {
  it('synthesizes the Connect stack offline, with cdk-nag passing', () => {
    const out = mkdtempSync(join(tmpdir(), 'connect-cli-synth-'));
    // Any attempt to reach the network goes to a closed local port and fails.
    const offline = 'http://127.0.0.1:9';
    const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules/aws-cdk/bin/cdk'), 'synth', '--quiet', '--output', out], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, HTTPS_PROXY: offline, HTTP_PROXY: offline, https_proxy: offline, http_proxy: offline, npm_config_offline: 'true' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    // cdk-nag runs as a validation plugin: any open finding makes `cdk synth` exit non-zero.
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    const template = JSON.parse(readFileSync(join(out, 'Connect.template.json'), 'utf8'));
    const functions = Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(Object.keys(FUNCTIONS).length + 1); // + the key rotation
  }, 300_000);
});
