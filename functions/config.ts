import { ConnectError } from './errors.js';

/**
 * Every environment variable Connect reads, in one place. Read once per container
 * (DESIGN rule 4), validated, frozen. A bad value fails the cold start loudly rather than
 * producing wrong tokens later.
 */

export interface Config {
  /** RFC 8414 issuer; undefined means "the origin the request came to" (SPEC §6). */
  readonly issuer: string | undefined;
  /** RFC 9068 `aud`; undefined means "the issuer". */
  readonly audience: string | undefined;
  readonly tableName: string;
  readonly dynamodbEndpoint: string | undefined;
  readonly region: string;
  readonly accessTokenTtl: number;
  readonly refreshTokenTtl: number;
  readonly personalTokenTtl: number;
  readonly authCodeTtl: number;
  /** RFC 8628 §3.2 `expires_in` of a device code, and the first polling `interval`. */
  readonly deviceCodeTtl: number;
  readonly deviceInterval: number;
  readonly sessionTtl: number;
  readonly refreshGraceSeconds: number;
  readonly keyPublishAheadSeconds: number;
  readonly defaultScopes: readonly string[];
  /** Where the local key-encryption key lives (the `file` key protector). */
  readonly dataDir: string;
  /** `file` locally; `kms` on AWS (the envelope-encryption seam, store/key-protector.ts). */
  readonly keyProtector: 'file' | 'kms';
  readonly kmsKeyId: string | undefined;
  /**
   * Set by the stack when CloudFront serves the API: the secret CloudFront adds to each origin
   * request, so the viewer's address it forwards can be believed (http/client-address.ts).
   */
  readonly edgeSecret: string | undefined;
  /** Bodies larger than this get 413 (SPEC §6). */
  readonly maxBodyBytes: number;
  /**
   * How long the token endpoint may serve a verified client from memory (SPEC §6,
   * functions/oauth/clients/cache.ts): the bound on how late `client:revoke` and
   * `client:secret` reach it. `0` = no cache, the client is read on every request.
   */
  readonly clientCacheSeconds: number;
  /** Brute-force protection (functions/oauth/sessions/throttle.ts). */
  readonly lockout: {
    /** Failures per account within the window before it is locked. */
    readonly accountThreshold: number;
    /** Failures per client IP within the window before it is locked (higher: offices share IPs). */
    readonly ipThreshold: number;
    /** The first lock's length; each further failure doubles it, up to `maxSeconds`. */
    readonly baseSeconds: number;
    readonly maxSeconds: number;
    /** Failures are forgotten this long after the last one. */
    readonly windowSeconds: number;
  };
}

export const ENV = {
  issuer: 'ISSUER',
  audience: 'AUDIENCE',
  tableName: 'TABLE_NAME',
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  region: 'AWS_REGION',
  accessTokenTtl: 'ACCESS_TOKEN_TTL_SECONDS',
  refreshTokenTtl: 'REFRESH_TOKEN_TTL_SECONDS',
  personalTokenTtl: 'PERSONAL_TOKEN_TTL_SECONDS',
  authCodeTtl: 'AUTH_CODE_TTL_SECONDS',
  deviceCodeTtl: 'DEVICE_CODE_TTL_SECONDS',
  deviceInterval: 'DEVICE_INTERVAL_SECONDS',
  sessionTtl: 'SESSION_TTL_SECONDS',
  refreshGraceSeconds: 'REFRESH_GRACE_SECONDS',
  keyPublishAheadSeconds: 'KEY_PUBLISH_AHEAD_SECONDS',
  defaultScopes: 'DEFAULT_SCOPES',
  dataDir: 'CONNECT_DATA_DIR',
  keyProtector: 'KEY_PROTECTOR',
  kmsKeyId: 'KMS_KEY_ID',
  edgeSecret: 'CONNECT_EDGE_SECRET',
  maxBodyBytes: 'MAX_BODY_BYTES',
  clientCacheSeconds: 'CLIENT_CACHE_SECONDS',
  lockoutThreshold: 'LOCKOUT_THRESHOLD',
  lockoutIpThreshold: 'LOCKOUT_IP_THRESHOLD',
  lockoutBaseSeconds: 'LOCKOUT_BASE_SECONDS',
} as const;

export const DEFAULTS = {
  tableName: 'connect',
  region: 'us-east-1',
  accessTokenTtl: 3600,
  refreshTokenTtl: 30 * 86400,
  personalTokenTtl: 365 * 86400,
  authCodeTtl: 600,
  deviceCodeTtl: 600,
  deviceInterval: 5,
  sessionTtl: 12 * 3600,
  refreshGraceSeconds: 0,
  keyPublishAheadSeconds: 3 * 3600,
  dataDir: '.connect',
  maxBodyBytes: 16 * 1024,
  clientCacheSeconds: 5,
} as const;

/** A bad environment variable: the cold start (or the CLI) stops with this one line. */
export class ConfigError extends ConnectError<'config_invalid'> {
  readonly code = 'config_invalid' as const;
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new ConfigError(`${name} must be a whole number of seconds >= ${min}, got "${raw}"`);
  }
  return Number(raw);
}

function origin(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL, got "${raw}"`);
  }
  // RFC 8414 §2: the issuer is https (http only for local development), with no query or
  // fragment; a trailing slash would make `iss` comparisons fail in strict clients.
  if (url.search || url.hash) throw new ConfigError(`${name} must have no query or fragment`);
  return raw.replace(/\/+$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const keyProtector = env[ENV.keyProtector] ?? 'file';
  if (keyProtector !== 'file' && keyProtector !== 'kms') {
    throw new ConfigError(`${ENV.keyProtector} must be "file" or "kms", got "${keyProtector}"`);
  }
  const config: Config = {
    issuer: origin(env, ENV.issuer),
    audience: env[ENV.audience] || undefined,
    tableName: env[ENV.tableName] || DEFAULTS.tableName,
    dynamodbEndpoint: env[ENV.dynamodbEndpoint] || undefined,
    region: env[ENV.region] || env.AWS_DEFAULT_REGION || DEFAULTS.region,
    accessTokenTtl: seconds(env, ENV.accessTokenTtl, DEFAULTS.accessTokenTtl),
    refreshTokenTtl: seconds(env, ENV.refreshTokenTtl, DEFAULTS.refreshTokenTtl),
    personalTokenTtl: seconds(env, ENV.personalTokenTtl, DEFAULTS.personalTokenTtl),
    authCodeTtl: seconds(env, ENV.authCodeTtl, DEFAULTS.authCodeTtl),
    deviceCodeTtl: seconds(env, ENV.deviceCodeTtl, DEFAULTS.deviceCodeTtl),
    deviceInterval: seconds(env, ENV.deviceInterval, DEFAULTS.deviceInterval),
    sessionTtl: seconds(env, ENV.sessionTtl, DEFAULTS.sessionTtl),
    refreshGraceSeconds: seconds(env, ENV.refreshGraceSeconds, DEFAULTS.refreshGraceSeconds, 0),
    keyPublishAheadSeconds: seconds(env, ENV.keyPublishAheadSeconds, DEFAULTS.keyPublishAheadSeconds, 0),
    defaultScopes: (env[ENV.defaultScopes] ?? '').split(' ').filter(Boolean),
    dataDir: env[ENV.dataDir] || DEFAULTS.dataDir,
    keyProtector,
    kmsKeyId: env[ENV.kmsKeyId] || undefined,
    edgeSecret: env[ENV.edgeSecret] || undefined,
    maxBodyBytes: seconds(env, ENV.maxBodyBytes, DEFAULTS.maxBodyBytes),
    clientCacheSeconds: seconds(env, ENV.clientCacheSeconds, DEFAULTS.clientCacheSeconds, 0),
    lockout: {
      accountThreshold: seconds(env, ENV.lockoutThreshold, 5),
      ipThreshold: seconds(env, ENV.lockoutIpThreshold, 20),
      baseSeconds: seconds(env, ENV.lockoutBaseSeconds, 30),
      maxSeconds: 15 * 60,
      windowSeconds: 15 * 60,
    },
  };
  if (config.keyProtector === 'kms' && !config.kmsKeyId) {
    throw new ConfigError(`${ENV.kmsKeyId} is required when ${ENV.keyProtector}=kms`);
  }
  return Object.freeze(config);
}

/** The longest any token can live: how long a retired signing key must stay published. */
export function longestTokenLifetime(config: Config): number {
  return Math.max(config.accessTokenTtl, config.personalTokenTtl);
}
