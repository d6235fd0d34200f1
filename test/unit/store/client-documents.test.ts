import { describe, expect, it } from 'vitest';
import { clientFromDocument } from '../../../functions/oauth/clients/metadata-document.js';
import { documentToItem, itemToDocumentClient } from '../../../functions/store/client-documents.js';
import { itemToClient } from '../../../functions/store/items.js';

describe('a cached client ID metadata document (SPEC §7, §9)', () => {
  const url = 'https://apps.example/notes.json';
  const client = clientFromDocument(url, JSON.stringify({ client_id: url, redirect_uris: ['https://apps.example/cb'] }), 1000);

  it('reads back as the public, third-party client it describes until it expires, then as absent', () => {
    const item = documentToItem(client, 1300);
    expect(itemToDocumentClient(item, 1299)).toMatchObject({ id: url, kind: 'public', secrets: [], firstParty: false, registeredBy: 'metadata_document' });
    expect(itemToDocumentClient(item, 1300)).toBeUndefined();
    expect(item.ttl).toBe(1300);
  });

  it('is found by the ordinary client read, under the key a client with that id would have', () => {
    expect(itemToClient(documentToItem(client, Number.MAX_SAFE_INTEGER))).toMatchObject({ id: url, name: 'apps.example' });
  });

  it('stays revoked once an administrator revoked it, expired or not, so it is not fetched again', () => {
    const item = { ...documentToItem(client, 1300), revoked: true };
    expect(itemToDocumentClient(item, 5000)).toMatchObject({ revoked: true });
  });
});
