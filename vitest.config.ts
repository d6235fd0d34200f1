import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local for the whole run; every test file gets its own table.
    globalSetup: ['test/support/global-setup.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', CONNECT_LOG: 'silent' },
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: argon2, DynamoDB Local (Java) and Chromium share them.
    maxWorkers: 2,
  },
});
