import { describe, expect, it } from 'vitest';
import { clientAddress, EDGE_HEADERS } from '../../../functions/http/client-address.js';
import { apiGatewayEvent } from '../../support/events.js';

const SECRET = '0f8fad5b-d9cb-469f-a165-70867728950e';
const fromEdge = (headers: Record<string, string>) => apiGatewayEvent({ method: 'POST', path: '/oauth/token', headers });

describe('the client address the lockout keys on', () => {
  it('is the source address when the stack has no CloudFront in front, whatever the headers say', () => {
    const event = fromEdge({ [EDGE_HEADERS.viewerAddress]: '198.51.100.7', [EDGE_HEADERS.secret]: SECRET });
    expect(clientAddress(event, { edgeSecret: undefined })).toBe('203.0.113.9');
  });

  it('is the viewer address CloudFront forwards, on a request carrying the deployment’s edge secret', () => {
    const event = fromEdge({ [EDGE_HEADERS.viewerAddress]: '198.51.100.7', [EDGE_HEADERS.secret]: SECRET });
    expect(clientAddress(event, { edgeSecret: SECRET })).toBe('198.51.100.7');
  });

  it('ignores a viewer address set by a caller who went around CloudFront (no secret, or a wrong one)', () => {
    expect(clientAddress(fromEdge({ [EDGE_HEADERS.viewerAddress]: '198.51.100.7' }), { edgeSecret: SECRET })).toBe('203.0.113.9');
    const forged = fromEdge({ [EDGE_HEADERS.viewerAddress]: '198.51.100.7', [EDGE_HEADERS.secret]: 'guess' });
    expect(clientAddress(forged, { edgeSecret: SECRET })).toBe('203.0.113.9');
  });
});
