import { nowSeconds } from '../../clock.js';
import { audit } from '../../log.js';
import { OAuthError } from '../errors.js';
import type { Client } from '../ports.js';
import { DocumentRefused, fetchDocument, type Resolve } from './document-fetch.js';
import { cacheSeconds, clientFromDocument, documentUrl, isDocumentClientId, MAX_DOCUMENT_BYTES, UnusableDocument } from './metadata-document.js';

/**
 * Where fetched documents are kept until they expire (store/client-documents.ts): in the table,
 * under the client's own key, so the one batch read of an authorization or token request
 * finds a cached document exactly where it would find a registered client.
 */
/** How long a container keeps sharing a document it fetched (its batch reads find the table's copy after). */
const SHARED_SECONDS = 30;
/** Documents shared at once at most: the oldest is dropped first. */
const MAX_SHARED = 1000;

export interface ClientDocumentCache {
  save(client: Client, expiresAt: number): Promise<void>;
}

export interface DocumentResolverOptions {
  /** CIMD_ALLOWED_HOSTS. */
  readonly allowedHosts: readonly string[];
  /** CIMD_FETCH_TIMEOUT_MS (SPEC §9: 5 s). */
  readonly timeoutMs: number;
  /** Host name resolution; node:dns unless a test injects its own. */
  readonly resolve?: Resolve;
}

/** The issuer of local development (SPEC §9's exception): plain http on a loopback host. */
export function isLocalIssuer(issuer: string): boolean {
  return /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i.test(issuer);
}

/**
 * The one hook for a client_id that is a URL (SPEC §9): called by whoever found no live client
 * under that id in its batch read — authorize, the token endpoint. Fetches, validates and
 * caches the document; a refusal is `invalid_client` with the reason (an error page at
 * /oauth/authorize, since nothing about the client is trusted yet; JSON at the token endpoint).
 */
export class ClientDocumentResolver {
  constructor(
    private readonly cache: ClientDocumentCache,
    private readonly options: DocumentResolverOptions,
  ) {}

  /**
   * Fetches in flight in this container, and for a short while after: concurrent first
   * requests for one URL share one fetch. A fetched document stays here for
   * `SHARED_SECONDS` after it is saved, because a request whose batch read ran before the save
   * reached the table would otherwise fetch it again. A refusal is forgotten at once.
   */
  private readonly shared = new Map<string, { readonly client: Promise<Client>; until: number }>();

  resolve(id: string, issuer: string): Promise<Client> {
    const key = `${issuer}\n${id}`;
    const now = nowSeconds();
    const known = this.shared.get(key);
    if (known && known.until >= now) return known.client;
    if (known) this.shared.delete(key);
    const entry = { client: this.fetchAndCache(id, issuer), until: Number.POSITIVE_INFINITY };
    this.shared.set(key, entry);
    if (this.shared.size > MAX_SHARED) this.shared.delete(this.shared.keys().next().value!);
    entry.client.then(
      () => (entry.until = nowSeconds() + SHARED_SECONDS),
      () => this.shared.get(key) === entry && this.shared.delete(key),
    );
    return entry.client;
  }

  private async fetchAndCache(id: string, issuer: string): Promise<Client> {
    const localIssuer = isLocalIssuer(issuer);
    try {
      const url = documentUrl(id, { localIssuer, allowedHosts: this.options.allowedHosts });
      const fetched = await fetchDocument(url, {
        timeoutMs: this.options.timeoutMs,
        maxBytes: MAX_DOCUMENT_BYTES,
        allowLoopback: localIssuer,
        ...(this.options.resolve ? { resolve: this.options.resolve } : {}),
      });
      const now = nowSeconds();
      const client = clientFromDocument(id, fetched.body, now);
      await this.cache.save(client, now + cacheSeconds(fetched.headers, now));
      audit('client.document_fetched', { client_id: id });
      return client;
    } catch (error) {
      if (!(error instanceof UnusableDocument) && !(error instanceof DocumentRefused)) throw error;
      audit('client.document_failed', { client_id: id, reason: error.message });
      throw refusedDocument(error.message);
    }
  }
}

export function refusedDocument(reason: string): OAuthError {
  return new OAuthError('invalid_client', `The client's metadata document cannot be used: ${reason}.`, { status: 400 });
}

/**
 * The hook the endpoints call when their batch read found no live client under `id`: a URL is
 * resolved as a metadata document (when this deployment resolves them); anything else stays
 * unknown. `undefined` = not a document client.
 */
export async function documentClient(resolver: ClientDocumentResolver | undefined, id: string, issuer: string): Promise<Client | undefined> {
  if (!resolver || !isDocumentClientId(id)) return undefined;
  return resolver.resolve(id, issuer);
}

/**
 * The same hook where clients authenticate (token endpoint, revocation): a document that cannot
 * be used is `invalid_client` there (RFC 6749 §5.2: 401, with WWW-Authenticate after Basic).
 */
export async function authenticatingDocumentClient(
  resolver: ClientDocumentResolver | undefined,
  credentials: { readonly clientId: string; readonly method: string },
  issuer: string,
): Promise<Client | undefined> {
  try {
    return await documentClient(resolver, credentials.clientId, issuer);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    throw new OAuthError('invalid_client', error.message, {
      headers: credentials.method === 'client_secret_basic' ? { 'WWW-Authenticate': 'Basic realm="connect", charset="UTF-8"' } : {},
    });
  }
}
