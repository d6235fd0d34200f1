/**
 * `npm run bench:peer`: Connect's client-credentials throughput side by side with the fair
 * peer, node-oidc-provider 9 with a DynamoDB adapter (bench/peer-server.ts), in the same run:
 * the same DynamoDB Local, the same CPUs, one process per server, RS256 JWTs from 2048-bit
 * keys on both sides, the same number of connections from autocannon on 127.0.0.1, a warm-up
 * first, then alternating rounds (the order rotates each round, so drift from other work on a
 * shared machine falls on every server alike). Reports each round's ratio, and each server's
 * CPU per token from /proc/<pid>/stat.
 *
 *   npm run bench:peer                      3 rounds of 10 s each
 *   npm run bench:peer -- --rounds 5 --seconds 8 --connections 8
 *   --out FILE                              the Markdown report (default bench/peer-results.md)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from '../functions/admin/clients.js';
import { createScope } from '../functions/admin/scopes.js';
import { DEFAULTS, loadConfig } from '../functions/config.js';
import { createContainer } from '../functions/container.js';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local.js';
import { createDocumentClient } from '../functions/store/dynamo.js';
import { ensureTable } from '../functions/store/table.js';
import { basic, postForm, type Call } from './calls.js';
import { load, startServer, type HttpResult, type LocalServer } from './http-load.js';
import { dynamoAdapter } from './peer-adapter.js';
import type { Scenario } from './scenarios.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rounds = option('--rounds', 3);
const seconds = option('--seconds', 10);
const connections = option('--connections', 8);
const outIndex = args.indexOf('--out');
const outFile = resolve(outIndex >= 0 ? args[outIndex + 1]! : join(import.meta.dirname, 'peer-results.md'));
const SCOPE = 'read';

interface Target {
  readonly name: string;
  readonly server: LocalServer;
  readonly call: Call;
}

interface Measured extends HttpResult {
  /** Server CPU (user + system) per token, ms. */
  readonly cpuMsPerToken: number;
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** utime + stime of a process, in ms (proc(5): fields 14 and 15). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function fixed(target: Target): Scenario {
  return { id: target.name, label: target.name, fn: 'token', floor: 0, prepare: async () => {}, next: () => target.call };
}

async function measure(target: Target, duration: number): Promise<Measured> {
  const before = cpuMs(target.server.pid);
  const result = await load(target.server, fixed(target), connections, duration);
  const cpu = cpuMs(target.server.pid) - before;
  if (result.failures > 0) throw new Error(`${target.name}: ${result.failures} failed requests`);
  return { ...result, cpuMsPerToken: cpu / Math.max(result.requests, 1) };
}

/** One token from each server before any load: both answer 200 with an RS256 JWT. */
async function check(target: Target): Promise<void> {
  const res = await fetch(target.server.url + target.call.path, { method: 'POST', headers: target.call.headers, body: target.call.body });
  const body = (await res.json()) as { access_token?: string };
  const header = body.access_token ? JSON.parse(Buffer.from(body.access_token.split('.')[0]!, 'base64url').toString()) : {};
  if (res.status !== 200 || header.alg !== 'RS256') {
    throw new Error(`${target.name}: expected an RS256 JWT, got ${res.status} ${JSON.stringify(body)}`);
  }
}

function progress(message: string): void {
  process.stderr.write(`[bench:peer] ${message}\n`);
}

async function main(): Promise<void> {
  // This process writes the fixtures through Connect's own code: keep its audit lines quiet.
  Object.assign(process.env, { CONNECT_LOG: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
  const loadAtStart = loadavg()[0]!;
  const dynamo = await startDynamoDbLocal();
  const scratch = mkdtempSync(join(tmpdir(), 'connect-peer-'));
  const servers: LocalServer[] = [];
  try {
    const env: Record<string, string> = {
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      TABLE_NAME: 'connect-peer-bench',
      AWS_REGION: 'us-east-1',
      CONNECT_DATA_DIR: join(scratch, 'data'),
      ISSUER: 'http://localhost:3000',
      CONNECT_LOG: 'silent',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const deps = createContainer(loadConfig(env));
    await ensureTable(deps.table.doc, deps.table.tableName);
    await deps.keys.signer();
    await createScope(deps, SCOPE, 'Read access');
    const service = await createClient(deps, { name: 'bench service', kind: 'client_credentials' });

    const peerTable = 'peer-bench';
    const doc = createDocumentClient({ dynamodbEndpoint: dynamo.endpoint, region: 'us-east-1' });
    await ensureTable(doc, peerTable);
    const Adapter = dynamoAdapter(doc, peerTable);
    const peerClient = { client_id: 'bench-service', client_secret: 'a'.repeat(43) };
    await new Adapter('Client').upsert(peerClient.client_id, {
      ...peerClient,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: SCOPE,
    });

    progress('starting Connect (defaults), Connect (CLIENT_CACHE_SECONDS=0) and the peer');
    const connect = await startServer(env);
    servers.push(connect);
    const connectOff = await startServer({ ...env, CLIENT_CACHE_SECONDS: '0' });
    servers.push(connectOff);
    const peer = await startServer(
      { DYNAMODB_ENDPOINT: dynamo.endpoint, PEER_TABLE: peerTable, PEER_SCOPES: SCOPE, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      'bench/peer-server.ts',
    );
    servers.push(peer);

    const connectCall = postForm('/oauth/token', { grant_type: 'client_credentials', scope: SCOPE }, basic(service.client_id, service.client_secret!));
    const targets: Target[] = [
      { name: 'connect', server: connect, call: connectCall },
      { name: 'peer', server: peer, call: postForm('/token', { grant_type: 'client_credentials', scope: SCOPE }, basic(peerClient.client_id, peerClient.client_secret)) },
      { name: 'connect-cache-off', server: connectOff, call: connectCall },
    ];
    for (const target of targets) await check(target);
    for (const target of targets) {
      progress(`warm-up: ${target.name}, 3 s`);
      await measure(target, 3);
    }

    const results: Record<string, Measured>[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
      const row: Record<string, Measured> = {};
      for (const target of order) {
        progress(`round ${round + 1}/${rounds}: ${target.name}, ${seconds} s`);
        row[target.name] = await measure(target, seconds);
      }
      results.push(row);
      progress(`round ${round + 1}: connect/peer = ${(row.connect!.requestsPerSecond / row.peer!.requestsPerSecond).toFixed(2)}×`);
    }
    const report = markdown(results, { loadAtStart, loadAtEnd: loadavg()[0]! });
    writeFileSync(outFile, report);
    process.stdout.write(report);
  } finally {
    for (const server of servers) await server.stop();
    await dynamo.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function markdown(results: Record<string, Measured>[], load: { loadAtStart: number; loadAtEnd: number }): string {
  const rps = (m: Measured) => Math.round(m.requestsPerSecond).toLocaleString('en-US');
  const cpu = (m: Measured) => m.cpuMsPerToken.toFixed(2);
  const ratio = (a: Measured, b: Measured) => `${(a.requestsPerSecond / b.requestsPerSecond).toFixed(2)}×`;
  const lines = [
    '# Client credentials: Connect vs node-oidc-provider 9 (DynamoDB adapter)',
    '',
    `Generated by \`npm run bench:peer\` on ${new Date().toISOString()}: ${rounds} alternating rounds of ${seconds} s,`,
    `${connections} connections (autocannon, 127.0.0.1), after a 3 s warm-up of each server. One process per server,`,
    `same DynamoDB Local, RS256 JWT access tokens (2048-bit keys) on both sides. Node ${process.version},`,
    `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; 1-minute load average ${load.loadAtStart.toFixed(1)} at start,`,
    `${load.loadAtEnd.toFixed(1)} at end (the machine is shared: compare within a round, not across runs).`,
    `Connect runs with its defaults (CLIENT_CACHE_SECONDS=${DEFAULTS.clientCacheSeconds}); "cache off" is CLIENT_CACHE_SECONDS=0.`,
    '',
    '| round | Connect tokens/s | peer tokens/s | Connect ÷ peer | Connect, cache off, tokens/s | cache off ÷ peer | CPU ms/token: Connect / peer / cache off |',
    '|---|---|---|---|---|---|---|',
    ...results.map((r, i) => {
      const [c, p, off] = [r.connect!, r.peer!, r['connect-cache-off']!];
      return `| ${i + 1} | ${rps(c)} | ${rps(p)} | **${ratio(c, p)}** | ${rps(off)} | ${ratio(off, p)} | ${cpu(c)} / ${cpu(p)} / ${cpu(off)} |`;
    }),
    '',
    `Median ratio, Connect ÷ peer: **${median(results.map((r) => r.connect!.requestsPerSecond / r.peer!.requestsPerSecond)).toFixed(2)}×**` +
      ` (cache off: ${median(results.map((r) => r['connect-cache-off']!.requestsPerSecond / r.peer!.requestsPerSecond)).toFixed(2)}×).`,
    '',
  ];
  return lines.join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:peer failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
