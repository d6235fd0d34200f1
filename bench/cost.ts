/**
 * `npm run cost`: what one million requests of each endpoint cost on AWS at list prices,
 * measured, not typed. The synthesized bundles run as the bundle tests run them (Node 22, the
 * template's environment, behind their IAM policies; test/support/lambda), against DynamoDB
 * Local; the stand-in in front of it counts request units by DynamoDB's documented rules
 * (bench/capacity.ts) and the KMS calls, and the runtime stand-in times each invocation.
 *
 * Prices (us-east-1, on-demand list prices): HTTP API $1.00 per million requests (first 300
 * million a month); Lambda arm64 $0.20 per million requests and $0.0000133334 per GB-second,
 * billed per ms; DynamoDB on-demand $0.125 per million read request units and $0.625 per
 * million write request units; KMS $0.03 per 10,000 requests. Durations are this machine's
 * x64 Node 22: an estimate of Graviton's, printed with the median and the 90th percentile.
 *
 * The token endpoint's rows are measured twice: with the template's settings (the client cache
 * on, CLIENT_CACHE_SECONDS at its default) and, on a second token function of its own table,
 * with CLIENT_CACHE_SECONDS=0 set on the function, as an operator who must refuse a revoked
 * client at once would set it.
 */
import { aClient, aScope, aUser } from '../test/support/fixtures.js';
import { basic, postForm } from '../test/support/http.js';
import { post } from '../test/support/oauth-flow.js';
import { startStack, type RunningStack } from '../test/support/lambda/stack.js';
import type { DeployedName } from '../test/support/lambda/deployment.js';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local.js';

const PRICE = {
  apiPerMillion: 1.0,
  lambdaRequestPerMillion: 0.2,
  lambdaGbSecond: 0.0000133334,
  readUnitPerMillion: 0.125,
  writeUnitPerMillion: 0.625,
  kmsPerMillion: 3.0,
};

const ITERATIONS = Number(process.env.COST_ITERATIONS ?? 20);

interface Scenario {
  readonly name: string;
  readonly stack: RunningStack;
  readonly fn: DeployedName;
  /** Sets up one request (not measured) and returns the measured call. */
  prepare(): Promise<() => Promise<{ status: number }>>;
}

/** The token endpoint's rows that the client cache changes, on a stack with it turned off. */
const CACHE_OFF = { CLIENT_CACHE_SECONDS: '0' };
const CACHE_OFF_ROWS = ['POST /oauth/token (client_credentials)', 'POST /oauth/token (password)'];

async function scenarios(stack: RunningStack): Promise<Scenario[]> {
  const { base, deps } = stack;
  await aScope(deps, 'read', 'Read your data');
  const service = await aClient(deps, { kind: 'client_credentials' });
  const app = await aClient(deps, { kind: 'password' });
  const user = await aUser(deps, { scopes: 'read' });
  const as = (client: { client_id: string; client_secret?: string }) => ({ authorization: basic(client.client_id, client.client_secret!) });
  const token = (params: Record<string, string>, client = app) => postForm(`${base}/oauth/token`, params, as(client));
  const password = () => token({ grant_type: 'password', username: user.email, password: user.password, scope: 'read' });
  const rows: Omit<Scenario, 'stack'>[] = [
    { name: 'POST /oauth/token (client_credentials)', fn: 'token', prepare: async () => () => token({ grant_type: 'client_credentials' }, service) },
    { name: 'POST /oauth/token (password)', fn: 'token', prepare: async () => password },
    {
      name: 'POST /oauth/token (refresh_token)',
      fn: 'token',
      prepare: async () => {
        const { body } = await password();
        return () => token({ grant_type: 'refresh_token', refresh_token: body.refresh_token });
      },
    },
    {
      name: 'POST /oauth/introspect (access token)',
      fn: 'introspect',
      prepare: async () => {
        const { body } = await password();
        return () => postForm(`${base}/oauth/introspect`, { token: body.access_token }, as(service));
      },
    },
    {
      name: 'POST /oauth/revoke (refresh token)',
      fn: 'revoke',
      prepare: async () => {
        const { body } = await password();
        return () => postForm(`${base}/oauth/revoke`, { token: body.refresh_token }, as(app));
      },
    },
    { name: 'POST /oauth/login (right password)', fn: 'login', prepare: async () => () => post(`${base}/oauth/login`, { email: user.email, password: user.password }) },
    { name: 'GET /oauth/jwks', fn: 'jwks', prepare: async () => () => fetch(`${base}/oauth/jwks`) },
    { name: 'GET /.well-known/openid-configuration', fn: 'metadata', prepare: async () => () => fetch(`${base}/.well-known/openid-configuration`) },
  ];
  return rows.map((row) => ({ ...row, stack }));
}

/** Each row with the defaults, and right after it the same row with the client cache off. */
async function allScenarios(stack: RunningStack, cacheOff: RunningStack): Promise<Scenario[]> {
  const off = (await scenarios(cacheOff)).filter((s) => CACHE_OFF_ROWS.includes(s.name));
  return (await scenarios(stack)).flatMap((s) => {
    const twin = off.find((o) => o.name === s.name);
    return twin ? [s, { ...twin, name: `${s.name}, CLIENT_CACHE_SECONDS=0` }] : [s];
  });
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;

async function main(): Promise<void> {
  // This process seeds the tables through Connect's own code: keep its audit lines out of the table.
  Object.assign(process.env, { CONNECT_LOG: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
  const dynamo = await startDynamoDbLocal();
  const stack = await startStack({ dynamodbLocal: dynamo.endpoint });
  const cacheOff = await startStack({ dynamodbLocal: dynamo.endpoint, only: ['token'], environment: CACHE_OFF });
  try {
    const rows: string[][] = [];
    for (const scenario of await allScenarios(stack, cacheOff)) {
      const fn = scenario.stack.deployment.functions[scenario.fn];
      // The first request of a container is a cold start (and KMS unwraps its key): not counted.
      await (await scenario.prepare())();
      const usage = fn.aws.usage;
      let reads = 0, writes = 0, kms = 0;
      const durations: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        const call = await scenario.prepare();
        const before = { reads: usage.readUnits, writes: usage.writeUnits, kms: usage.kmsCalls, timed: fn.durations.length };
        const res = await call();
        if (res.status >= 500) throw new Error(`${scenario.name} answered ${res.status}`);
        reads += usage.readUnits - before.reads;
        writes += usage.writeUnits - before.writes;
        kms += usage.kmsCalls - before.kms;
        durations.push(...fn.durations.slice(before.timed));
      }
      const [rru, wru, kmsPer] = [reads / ITERATIONS, writes / ITERATIONS, kms / ITERATIONS];
      const median = percentile(durations, 0.5);
      const gb = fn.memoryMb / 1024;
      const lambda = PRICE.lambdaRequestPerMillion + Math.ceil(median) / 1000 * gb * PRICE.lambdaGbSecond * 1e6;
      const dynamodb = rru * PRICE.readUnitPerMillion + wru * PRICE.writeUnitPerMillion;
      const total = PRICE.apiPerMillion + lambda + dynamodb + kmsPer * PRICE.kmsPerMillion;
      rows.push([
        scenario.name, String(fn.memoryMb), `${median.toFixed(1)} / ${percentile(durations, 0.9).toFixed(1)}`,
        rru.toFixed(2), wru.toFixed(2), kmsPer.toFixed(2),
        `$${PRICE.apiPerMillion.toFixed(2)}`, `$${lambda.toFixed(2)}`, `$${dynamodb.toFixed(2)}`, `$${total.toFixed(2)}`,
      ]);
    }
    const header = ['Request', 'MB', 'ms (p50 / p90)', 'RRU', 'WRU', 'KMS', 'API GW', 'Lambda', 'DynamoDB', '$ / million'];
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    console.log(line(header));
    console.log(line(header.map((h, i) => (i === 0 ? '---' : '---:'))));
    for (const row of rows) console.log(line(row));
    console.log(`\n${ITERATIONS} warm requests each, after one cold one; units and KMS calls per request.`);
  } finally {
    await cacheOff.stop();
    await stack.stop();
    await dynamo.stop();
  }
}

await main();
