import { promises as dns } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isLoopbackAddress, isPublicAddress } from './address-policy.js';

/** Resolves a host name to every address it has (node:dns by default; tests inject their own). */
export type Resolve = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export interface FetchPolicy {
  /** The whole fetch — resolution, connection, headers and body — within this (SPEC §9: 5 s). */
  readonly timeoutMs: number;
  /** Bytes read at most; a longer body is cut off and refused (SPEC §9: 5 KB). */
  readonly maxBytes: number;
  /** The local-development exception (SPEC §9): loopback addresses, and plain http to them. */
  readonly allowLoopback: boolean;
  readonly resolve?: Resolve;
}

export interface FetchedDocument {
  readonly body: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** Why a document could not be fetched: shown to the person on the error page (no secrets in it). */
export class DocumentRefused extends Error {}

const systemResolve: Resolve = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * GET a client ID metadata document without letting its URL reach anything but the public
 * internet (SPEC §9; the client ID metadata document draft's SSRF considerations). The host name is resolved here, every address it has is
 * vetted, and the connection goes to the vetted address through a `lookup` that answers with
 * it: there is no second resolution for a rebinding DNS server to answer differently. No
 * redirect is followed (a 3xx is a refusal), the body is read as a stream and cut off past
 * `maxBytes`, and one deadline covers everything.
 */
export async function fetchDocument(url: URL, policy: FetchPolicy): Promise<FetchedDocument> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), policy.timeoutMs);
  try {
    return await fetchVetted(url, policy, deadline.signal);
  } catch (error) {
    if (deadline.signal.aborted) throw new DocumentRefused(`it did not arrive within ${policy.timeoutMs} ms`);
    throw error;
  } finally {
    clearTimeout(timer);
    deadline.abort(); // whatever is still open (a trickling body) is closed
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DocumentRefused('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function fetchVetted(url: URL, policy: FetchPolicy, signal: AbortSignal): Promise<FetchedDocument> {
  const allowed = (address: string) => isPublicAddress(address) || (policy.allowLoopback && isLoopbackAddress(address));
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let target: { address: string; family: number };
  if (isIP(hostname)) {
    target = { address: hostname, family: isIP(hostname) };
  } else {
    let found: readonly { address: string; family: number }[];
    try {
      found = await untilAborted((policy.resolve ?? systemResolve)(hostname), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw new DocumentRefused(`its host name "${hostname}" could not be resolved`);
    }
    if (found.length === 0) throw new DocumentRefused(`its host name "${hostname}" could not be resolved`);
    // Every address must be allowed, or a round-robin answer could slip an internal one in.
    if (!found.every((a) => allowed(a.address))) throw new DocumentRefused(`its host "${hostname}" resolves to an address that is not public`);
    target = found[0]!;
  }
  if (!allowed(target.address)) throw new DocumentRefused(`its host "${hostname}" is an address that is not public`);

  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<FetchedDocument>((resolve, reject) => {
    const request = client.request(
      {
        method: 'GET',
        protocol: url.protocol,
        hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: { accept: 'application/json', 'user-agent': 'Connect (client ID metadata document fetcher)' },
        lookup: pinned,
        agent: false,
        signal,
        ...(isIP(hostname) ? {} : { servername: hostname }),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const fail = (reason: string) => {
          response.destroy();
          reject(new DocumentRefused(reason));
        };
        if (status >= 300 && status < 400) return fail(`it answered with a redirect (HTTP ${status}), and redirects are not followed`);
        if (status !== 200) return fail(`it answered HTTP ${status}`);
        const type = String(response.headers['content-type'] ?? '');
        if (!/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type)) return fail('it is not served as JSON (Content-Type: application/json)');
        const declared = Number(response.headers['content-length'] ?? 0);
        if (declared > policy.maxBytes) return fail(`it is larger than ${policy.maxBytes} bytes`);
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > policy.maxBytes) return fail(`it is larger than ${policy.maxBytes} bytes`);
          chunks.push(chunk);
        });
        response.on('end', () => {
          if (size > policy.maxBytes) return;
          const headers: Record<string, string | undefined> = {};
          for (const name of ['cache-control', 'expires', 'date', 'age']) headers[name] = response.headers[name] as string | undefined;
          resolve({ body: Buffer.concat(chunks).toString('utf8'), headers });
        });
        response.on('error', () => reject(new DocumentRefused('the connection failed while reading it')));
      },
    );
    request.on('error', (error) => reject(error instanceof DocumentRefused ? error : new DocumentRefused('it could not be reached')));
    request.end();
  });
}
