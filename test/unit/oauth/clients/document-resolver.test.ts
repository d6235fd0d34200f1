import { describe, expect, it } from 'vitest';
import { ClientDocumentResolver } from '../../../../functions/oauth/clients/document-resolver.js';
import type { Client } from '../../../../functions/oauth/ports.js';
import { clientDocument, jsonDocument, startDocumentServer } from '../../../support/document-server.js';

const LOCAL_ISSUER = 'http://localhost:3000';

/** The table's side of the cache, counting what is saved. */
function aCache() {
  const saved: Client[] = [];
  return { saved, save: async (client: Client) => void saved.push(client) };
}

describe('the metadata document resolver of one container', () => {
  it('shares a fetched document with a request whose batch read ran before the save reached the table', async () => {
    const docs = await startDocumentServer();
    const url = docs.route('/apps/late.json', (req, res) => jsonDocument(clientDocument(`${docs.origin}/apps/late.json`))(req, res));
    const cache = aCache();
    const resolver = new ClientDocumentResolver(cache, { allowedHosts: [], timeoutMs: 2000 });

    const first = await resolver.resolve(url, LOCAL_ISSUER);
    // A second request that missed the table's copy asks again after the first has settled.
    const second = await resolver.resolve(url, LOCAL_ISSUER);

    expect(second).toEqual(first);
    expect(docs.hits('/apps/late.json')).toBe(1);
    expect(cache.saved).toHaveLength(1);
  });

  it('forgets a refusal at once, so a fixed document is fetched on the next request', async () => {
    const docs = await startDocumentServer();
    const url = `${docs.origin}/apps/fixed.json`;
    const cache = aCache();
    const resolver = new ClientDocumentResolver(cache, { allowedHosts: [], timeoutMs: 2000 });

    await expect(resolver.resolve(url, LOCAL_ISSUER)).rejects.toMatchObject({ code: 'invalid_client' });
    docs.route('/apps/fixed.json', jsonDocument(clientDocument(url)));
    const client = await resolver.resolve(url, LOCAL_ISSUER);

    expect(client.id).toBe(url);
    expect(docs.hits('/apps/fixed.json')).toBe(2);
    expect(cache.saved).toHaveLength(1);
  });
});
