import { describe, expect, it } from 'vitest';
import { cliPrefix, startBanner } from '../../../functions/local/banner.js';

const defaults = { dynamoEndpoint: 'http://127.0.0.1:8000', dynamoPort: 8000, tableName: 'connect', dataDir: '.connect' };

describe('the start-up banner of npm start', () => {
  it('prints bare CLI commands when everything is at its default', () => {
    expect(cliPrefix(defaults)).toBe('npm run connect --');
  });

  it('puts in front of each command what the CLI needs to find a store elsewhere', () => {
    expect(cliPrefix({ ...defaults, dynamoEndpoint: 'http://127.0.0.1:8123', dynamoPort: 8123, tableName: 'dev', dataDir: '/tmp/my data' })).toBe(
      "DYNAMODB_ENDPOINT=http://127.0.0.1:8123 TABLE_NAME=dev CONNECT_DATA_DIR='/tmp/my data' npm run connect --",
    );
  });

  it('never needs ISSUER in a command: the server records it in the table', () => {
    const banner = startBanner({ ...defaults, issuer: 'http://localhost:3456', inMemory: true, createdTable: true });
    expect(banner).toContain('Connect is running at http://localhost:3456');
    expect(banner).not.toContain('ISSUER=');
    expect(banner).toContain('  npm run connect -- scope:create read');
  });
});
