import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AdminError } from '../../functions/admin/errors.js';
import { ConfigError } from '../../functions/config.js';
import { ConnectError, StorageError } from '../../functions/errors.js';
import { OAuthError } from '../../functions/oauth/errors.js';
import { isConditionFailure, storageError } from '../../functions/store/errors.js';
import { throttling, timeout, transactionCanceled } from '../support/faults.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SDK_NAMES = 'Exception\\b|ThrottlingError|TimeoutError|ECONNREFUSED|ECONNRESET|ENOTFOUND|CredentialsProviderError';

describe('storage outages (issue 12, item 1)', () => {
  it('are named by store/ alone: no AWS SDK error name in any other shipped module', () => {
    let hits = '';
    try {
      hits = execFileSync('git', ['grep', '-n', '-E', SDK_NAMES, '--', 'functions', 'cli', ':!functions/store/'], { cwd: root, encoding: 'utf8' });
    } catch {
      hits = ''; // git grep exits 1 when nothing matches
    }
    expect(hits.split('\n').filter(Boolean)).toEqual([]);
  });

  it('leave store/ as StorageErrors a caller can act on, keeping what they wrap', () => {
    const busy = storageError(throttling());
    expect(busy).toBeInstanceOf(StorageError);
    expect(busy).toMatchObject({ code: 'storage_unavailable', transient: true });
    expect(storageError(timeout())).toMatchObject({ code: 'storage_unreachable', transient: true });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(storageError(refused)).toMatchObject({ code: 'storage_unreachable' });
    const missing = Object.assign(new Error('Cannot do operations on a non-existent table'), { name: 'ResourceNotFoundException' });
    expect(storageError(missing)).toMatchObject({ code: 'table_not_found', transient: false, cause: missing });
  });

  it('still tell a lost condition apart, inside a translated transaction too', () => {
    const lost = Object.assign(new Error('Transaction cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
    });
    expect(isConditionFailure(storageError(lost))).toBe(true);
    expect(isConditionFailure(storageError(transactionCanceled()))).toBe(false);
    const bug = new TypeError('x is undefined');
    expect(storageError(bug)).toBe(bug);
  });
});

describe('the error family (issue 12, item 1)', () => {
  it('gives every error raised on purpose a code from one union, whichever layer raised it', () => {
    const raised = [
      new OAuthError('invalid_scope', 'The scope "x" is unknown.'),
      new AdminError('no user with that email', 'not_found'),
      new ConfigError('ACCESS_TOKEN_TTL_SECONDS must be a whole number of seconds >= 1, got "x"'),
      new StorageError('storage_unavailable', 'DynamoDB is busy'),
    ];
    for (const error of raised) expect(error).toBeInstanceOf(ConnectError);
    expect(raised.map((error) => error.code)).toEqual(['invalid_scope', 'not_found', 'config_invalid', 'storage_unavailable']);
  });
});
