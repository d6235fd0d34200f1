import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IHostedZone } from 'aws-cdk-lib/aws-route53';
import type { FunctionName } from '../../functions/routes.js';

/** Serve Connect on your own domain: the issuer becomes `https://<domainName>`. */
export interface CustomDomainProps {
  /** e.g. `auth.example.com`. */
  readonly domainName: string;
  /**
   * ACM certificate covering `domainName`: in the stack's region, or in us-east-1 when `waf`
   * is on (the domain is then served by CloudFront, which only reads certificates from there).
   */
  readonly certificate: ICertificate;
  /** When given, an alias record for `domainName` is created in this zone. Default: none (create the CNAME yourself from the `DomainTarget` output). */
  readonly hostedZone?: IHostedZone;
}

/** Token and session lifetimes (SPEC §5). Each default is the SPEC's. */
export interface TokenLifetimes {
  /** Default: 1 hour. */
  readonly accessToken?: Duration;
  /** Default: 30 days. */
  readonly refreshToken?: Duration;
  /** Default: 365 days. */
  readonly personalAccessToken?: Duration;
  /** Default: 10 minutes. */
  readonly authorizationCode?: Duration;
  /** Login session. Default: 12 hours. */
  readonly session?: Duration;
  /** A reused refresh token still works this long after its rotation (parallel refreshes). Default: none. */
  readonly refreshGracePeriod?: Duration;
  /**
   * How long a token-endpoint container may serve a verified client from memory, so a revoked
   * client or rotated secret still works there this long (introspection and revocation always
   * read fresh; SPEC §6). `Duration.seconds(0)` turns the cache off. Default: 5 seconds.
   */
  readonly clientCache?: Duration;
}

/** Stage-wide API Gateway throttling: the backstop for cost and for the table. */
export interface ThrottlingProps {
  /** Steady-state requests per second across all routes. Default: 200. */
  readonly rateLimit?: number;
  /** Burst bucket size. Default: 400. */
  readonly burstLimit?: number;
}

export interface KeyRotationProps {
  /** How often a new signing key is staged. Default: 90 days. */
  readonly interval?: Duration;
  /** How long a new key is published before it signs (API Gateway caches a JWKS up to 2 h). Default: 3 hours. */
  readonly publishAhead?: Duration;
}

/**
 * AWS WAF cannot be attached to an HTTP API, so turning it on puts a CloudFront distribution
 * in front of the API with a CLOUDFRONT-scoped web ACL — which AWS only accepts in us-east-1:
 * deploy the stack there, or bring an ACL made in us-east-1 (`webAclArn`).
 */
export interface WafProps {
  /** Requests per client IP per 5 minutes to `/oauth/token` and `/oauth/login`, then blocked. Default: 300. */
  readonly sensitivePathLimit?: number;
  /** Use this existing CLOUDFRONT-scoped web ACL instead of creating one. */
  readonly webAclArn?: string;
}

export interface ConnectAuthServerProps {
  /** Default: none — the issuer is the HTTP API's own `execute-api` URL (or CloudFront's, with `waf`). */
  readonly domain?: CustomDomainProps;
  /** `aud` of every access token. Default: the issuer. */
  readonly audience?: string;
  readonly tokenLifetimes?: TokenLifetimes;
  /** Scopes granted when a request names none. Default: none. */
  readonly defaultScopes?: readonly string[];
  readonly throttling?: ThrottlingProps;
  readonly keyRotation?: KeyRotationProps;
  /** Retention of function and access logs. Default: one month. */
  readonly logRetention?: RetentionDays;
  /**
   * What deleting the stack does to the table, the KMS key and the logs. Default: RETAIN (and
   * the table's deletion protection on); DESTROY also turns deletion protection off.
   */
  readonly removalPolicy?: RemovalPolicy;
  /** `true` or options to put CloudFront + AWS WAF in front. Default: off. */
  readonly waf?: boolean | WafProps;
  /**
   * Where every alarm goes when it fires (and when it recovers): e.g.
   * `new SnsAction(topic)` from aws-cdk-lib/aws-cloudwatch-actions. Default: none — the alarms
   * only show in the CloudWatch console.
   */
  readonly alarmAction?: IAlarmAction;
  /**
   * Concurrency reserved per function, e.g. `{ token: 50, login: 20 }`: a guaranteed share of
   * the account's pool that also caps the function (a flood on one endpoint cannot starve the
   * others, nor the account's other workloads). Default: none — every function draws from the
   * account's unreserved pool, which suits most accounts; reserving needs spare account quota.
   */
  readonly reservedConcurrency?: Readonly<Partial<Record<FunctionName | 'rotateKeys', number>>>;
  /**
   * RFC 7591 dynamic client registration at POST /oauth/register (SPEC §9): `open` lets anyone
   * register a (third-party) client, `token` needs an initial access token from
   * `connect registration:token`. Default: `off` — the route answers 404.
   */
  readonly registration?: 'off' | 'open' | 'token';
  /**
   * Hosts client ID metadata documents may live on (`*.example.com` for any host below it).
   * Default: none listed — any public https host. Fetching needs outbound HTTPS, which Lambda
   * outside a VPC has (docs/client-registration.md).
   */
  readonly clientMetadataDocumentHosts?: readonly string[];
}
