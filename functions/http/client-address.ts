import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Config } from '../config.js';

/**
 * Behind CloudFront (the stack's `waf` option) API Gateway's `sourceIp` is an edge server's
 * address, shared by everyone that edge serves: a per-address lockout keyed on it would lock
 * them all out together. There, a CloudFront Function writes the viewer's address into
 * `x-connect-viewer-address` (overwriting whatever a client sent), and the origin adds
 * `x-connect-edge` with a secret of the deployment. Only a request carrying that secret — one
 * that came through CloudFront — has its viewer address believed; a caller going straight to
 * the execute-api address is keyed on its own sourceIp, whatever headers it sets.
 */
export const EDGE_HEADERS = { secret: 'x-connect-edge', viewerAddress: 'x-connect-viewer-address' } as const;

const digest = (value: string) => createHash('sha256').update(value).digest();

export function clientAddress(event: APIGatewayProxyEventV2, config: Pick<Config, 'edgeSecret'>): string {
  const sourceIp = event.requestContext?.http?.sourceIp ?? 'unknown';
  if (!config.edgeSecret) return sourceIp;
  const headers = event.headers ?? {};
  const presented = headers[EDGE_HEADERS.secret];
  // Constant-time, on digests so the lengths match too.
  if (!presented || !timingSafeEqual(digest(presented), digest(config.edgeSecret))) return sourceIp;
  return headers[EDGE_HEADERS.viewerAddress]?.trim() || sourceIp;
}
