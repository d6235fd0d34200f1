import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../../../functions/oauth/clients/address-policy.js';
import { DocumentRefused, fetchDocument, type Resolve } from '../../../../functions/oauth/clients/document-fetch.js';
import { cacheSeconds, hostAllowed } from '../../../../functions/oauth/clients/metadata-document.js';
import { clientDocument, jsonDocument, startDocumentServer } from '../../../support/document-server.js';

/** A DNS answer of our choosing, counting how often it is asked. */
function dns(...addresses: string[]): Resolve & { calls: number } {
  const resolve = Object.assign(
    async () => {
      resolve.calls++;
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
    { calls: 0 },
  );
  return resolve;
}

const policy = { timeoutMs: 2000, maxBytes: 5120, allowLoopback: false };

describe('the SSRF policy of metadata document fetches (SPEC §9)', () => {
  it('refuses a name that resolves to loopback, private, shared, link-local, metadata, multicast or unspecified addresses', async () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.0.10', '100.64.0.1', '169.254.169.254', '0.0.0.0', '224.0.0.1', '::1', 'fe80::1', 'fc00::1', '::', 'ff02::1', '::ffff:10.0.0.1', '::ffff:169.254.169.254']) {
      await expect(fetchDocument(new URL('https://docs.example.test/client.json'), { ...policy, resolve: dns(address) }), address).rejects.toThrow(/not public/);
    }
  });

  it('refuses a name whose answers mix a public address with an internal one', async () => {
    await expect(fetchDocument(new URL('https://docs.example.test/c.json'), { ...policy, resolve: dns('93.184.215.14', '10.0.0.1') })).rejects.toThrow(/not public/);
  });

  it('connects to the address it vetted, asking DNS once: nothing for a rebinding DNS server to change', async () => {
    const docs = await startDocumentServer();
    const url = `http://docs.example.test:${docs.port}/pinned.json`;
    docs.route('/pinned.json', jsonDocument(clientDocument(url)));
    const resolve = dns('127.0.0.1');
    // The name exists nowhere but in our resolver: the request can only have gone to its answer.
    const fetched = await fetchDocument(new URL(url), { ...policy, allowLoopback: true, resolve });
    expect(JSON.parse(fetched.body).client_id).toBe(url);
    expect(resolve.calls).toBe(1);
    expect(docs.lastHost('/pinned.json')).toBe(`docs.example.test:${docs.port}`);
  });

  it('judges addresses as the ranges say, IPv4-mapped and NAT64 forms by the address they carry', () => {
    expect(isPublicAddress('93.184.215.14')).toBe(true);
    expect(isPublicAddress('2606:2800:21f:cb07:6820:80da:af6b:8b2c')).toBe(true);
    expect(isPublicAddress('172.32.0.1')).toBe(true);
    expect(isPublicAddress('172.31.255.255')).toBe(false);
    expect(isPublicAddress('::ffff:7f00:1')).toBe(false);
    expect(isPublicAddress('64:ff9b::a9fe:a9fe')).toBe(false);
    expect(isPublicAddress('2002:a00:1::')).toBe(false);
    expect(isPublicAddress('not an address')).toBe(false);
  });

  it('fails with a reason, never hangs, when the name does not resolve', async () => {
    const failing: Resolve = async () => {
      throw new Error('ENOTFOUND-like');
    };
    const refusal = fetchDocument(new URL('https://nowhere.example.test/c.json'), { ...policy, resolve: failing });
    await expect(refusal).rejects.toBeInstanceOf(DocumentRefused);
    await expect(refusal).rejects.toThrow(/could not be resolved/);
  });
});

describe('CIMD_ALLOWED_HOSTS', () => {
  it('allows any host when empty, else exact hosts and subdomains of a *. pattern only', () => {
    expect(hostAllowed('anything.example', [])).toBe(true);
    expect(hostAllowed('apps.example.com', ['*.example.com'])).toBe(true);
    expect(hostAllowed('example.com', ['*.example.com'])).toBe(false);
    expect(hostAllowed('evilexample.com', ['*.example.com'])).toBe(false);
    expect(hostAllowed('client.dev', ['client.dev', '*.example.com'])).toBe(true);
    expect(hostAllowed('sub.client.dev', ['client.dev'])).toBe(false);
  });
});

describe('how long a document is cached (SPEC §9: its HTTP caching, within 5 min and 24 h)', () => {
  const now = 1_800_000_000;
  it('follows max-age less Age, and Expires against Date, within the bounds', () => {
    expect(cacheSeconds({ 'cache-control': 'public, max-age=3600' }, now)).toBe(3600);
    expect(cacheSeconds({ 'cache-control': 'max-age=3600', age: '600' }, now)).toBe(3000);
    expect(cacheSeconds({ 'cache-control': 'max-age=60' }, now)).toBe(300);
    expect(cacheSeconds({ 'cache-control': 'max-age=604800' }, now)).toBe(86400);
    const date = new Date(now * 1000);
    expect(cacheSeconds({ expires: new Date(now * 1000 + 7200_000).toUTCString(), date: date.toUTCString() }, now)).toBe(7200);
  });

  it('uses the minimum for no-store, no-cache or no caching headers', () => {
    expect(cacheSeconds({ 'cache-control': 'no-store' }, now)).toBe(300);
    expect(cacheSeconds({ 'cache-control': 'no-cache, max-age=9000' }, now)).toBe(300);
    expect(cacheSeconds({}, now)).toBe(300);
  });
});
