import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { CapacityModel } from '../../../bench/capacity.js';
import { allows, type Statement } from './policy.js';

/** The made-up account the synthesized ARNs resolve in. */
export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

export interface Identity {
  /** The function's name: the role session in error messages. */
  readonly name: string;
  readonly statements: readonly Statement[];
  /** Table name → its ARN (what `Ref`/`Fn::GetAtt Arn` resolved to). */
  readonly tables: Readonly<Record<string, string>>;
  readonly keyArn: string;
}

/** What one function did, for the IAM equality test and the cost table. */
export interface Usage {
  /** `dynamodb:UpdateItem arn:...:table/x`, `kms:Decrypt arn:...:key/y`: every allowed call. */
  readonly calls: Set<string>;
  /** How many times each action was allowed. */
  readonly count: Map<string, number>;
  readonly denied: string[];
  readUnits: number;
  writeUnits: number;
  kmsCalls: number;
}

type Json = Record<string, any>;

/** The stand-in key's material: one key, shared by every function, as the stack's one KMS key is. */
const KMS_KEY_MATERIAL = randomBytes(32);

/** Per item of a transaction, the action IAM checks (DynamoDB's authorization model). */
const TRANSACT_ACTIONS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  Get: 'dynamodb:GetItem',
};

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

/** The wire format's attribute values (`{ "S": "x" }`) as plain values, where the capacity model reads items. */
function plain(message: Json): Json {
  const items = (list: Json[] | undefined) => list?.map((item) => unmarshall(item));
  const out: Json = { ...message };
  for (const field of ['Item', 'Key', 'ExpressionAttributeValues', 'Attributes']) if (out[field]) out[field] = unmarshall(out[field]);
  if (out.Items) out.Items = items(out.Items);
  if (out.Responses) out.Responses = Object.fromEntries(Object.entries(out.Responses as Record<string, Json[]>).map(([t, l]) => [t, items(l)]));
  if (out.RequestItems) {
    out.RequestItems = Object.fromEntries(
      Object.entries(out.RequestItems as Record<string, Json>).map(([t, r]) => [t, Array.isArray(r) ? r : { ...r, Keys: items(r.Keys) }]),
    );
  }
  if (out.UnprocessedKeys) {
    out.UnprocessedKeys = Object.fromEntries(Object.entries(out.UnprocessedKeys as Record<string, Json>).map(([t, r]) => [t, { ...r, Keys: items(r.Keys) }]));
  }
  if (out.TransactItems) out.TransactItems = (out.TransactItems as Json[]).map((t) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, plain(v as Json)])));
  return out;
}

/**
 * The AWS endpoints one function reaches, on 127.0.0.1: DynamoDB (JSON 1.0, forwarded to
 * DynamoDB Local) and KMS (JSON 1.1, a stand-in). Every call is checked against the function's
 * synthesized IAM policy first, as AWS would: an action or resource (table or index ARN) the
 * policy does not allow answers AccessDeniedException and never reaches the table; a KMS call
 * must name the stack's key ARN and carry the encryption context its policy requires.
 */
export class AwsStandIn {
  readonly usage: Usage = { calls: new Set(), count: new Map(), denied: [], readUnits: 0, writeUnits: 0, kmsCalls: 0 };
  private server: Server | undefined;

  constructor(
    private readonly identity: Identity,
    private readonly dynamodbLocal: string,
    /** Shared by a deployment's functions: an update's size before comes from what any of them saw. */
    private readonly capacity: CapacityModel = new CapacityModel(),
  ) {}

  private faults = 0;

  /** The next `count` DynamoDB calls answer InternalServerError, as DynamoDB does when it fails. */
  failNext(count: number): void {
    this.faults = count;
  }

  /** Where it listens, once started. */
  endpoint: string | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const [service, operation = ''] = target.split('.');
    try {
      if (service === 'DynamoDB_20120810') return await this.dynamodb(operation, Buffer.concat(chunks), req, res);
      if (service === 'TrentService') return this.kms(operation, JSON.parse(Buffer.concat(chunks).toString('utf8')), res);
      reply(res, 400, 'application/x-amz-json-1.0', { __type: 'UnknownOperationException', message: target });
    } catch (error) {
      reply(res, 500, 'application/x-amz-json-1.0', { __type: 'InternalFailure', message: String(error) });
    }
  }

  private deny(res: ServerResponse, action: string, resource: string, contentType: string): void {
    this.usage.denied.push(`${action} ${resource}`);
    reply(res, 400, contentType, {
      __type: 'com.amazon.coral.service#AccessDeniedException',
      Message:
        `User: arn:aws:sts::${ACCOUNT}:assumed-role/${this.identity.name}/${this.identity.name} is not authorized to perform: ` +
        `${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
    });
  }

  private record(action: string, resource: string): void {
    this.usage.calls.add(`${action} ${resource}`);
    this.usage.count.set(action, (this.usage.count.get(action) ?? 0) + 1);
  }

  private tableArn(name: string): string {
    // A table outside the stack resolves to an ARN no policy of the stack names.
    return this.identity.tables[name] ?? `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
  }

  /** The (action, resource) pairs IAM evaluates for one DynamoDB request. */
  private checks(operation: string, input: Json): [string, string][] {
    const action = `dynamodb:${operation}`;
    switch (operation) {
      case 'BatchGetItem':
      case 'BatchWriteItem':
        return Object.keys(input.RequestItems ?? {}).map((table) => [action, this.tableArn(table)]);
      case 'TransactWriteItems':
      case 'TransactGetItems':
        return (input.TransactItems ?? []).map((item: Json) => {
          const [kind, body] = Object.entries(item)[0] as [string, Json];
          return [TRANSACT_ACTIONS[kind] ?? `dynamodb:${kind}`, this.tableArn(body.TableName)];
        });
      case 'Query':
      case 'Scan': {
        const table = this.tableArn(input.TableName);
        return [[action, input.IndexName ? `${table}/index/${input.IndexName}` : table]];
      }
      default:
        return [[action, this.tableArn(input.TableName)]];
    }
  }

  private async dynamodb(operation: string, body: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const contentType = 'application/x-amz-json-1.0';
    const input = JSON.parse(body.toString('utf8')) as Json;
    const checks = this.checks(operation, input);
    for (const [action, resource] of checks) {
      if (!allows(this.identity.statements, action, resource)) return this.deny(res, action, resource, contentType);
    }
    for (const [action, resource] of checks) this.record(action, resource);
    if (this.faults > 0) {
      this.faults -= 1;
      return reply(res, 500, contentType, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' });
    }

    const upstream = await fetch(this.dynamodbLocal, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-amz-target': String(req.headers['x-amz-target']),
        authorization: String(req.headers.authorization ?? ''),
        'x-amz-date': String(req.headers['x-amz-date'] ?? ''),
      },
      body: new Uint8Array(body),
    });
    const text = await upstream.text();
    if (!upstream.ok) return reply(res, upstream.status, contentType, JSON.parse(text));
    const output = JSON.parse(text) as Json;
    // Request units by DynamoDB's documented rules (bench/capacity.ts), not DynamoDB Local's figures.
    const units = this.capacity.units(operation, plain(input), plain(output));
    if (READS.has(operation)) this.usage.readUnits += units;
    else this.usage.writeUnits += units;
    reply(res, 200, contentType, output);
  }

  private kms(operation: string, input: Json, res: ServerResponse): void {
    const contentType = 'application/x-amz-json-1.1';
    const action = `kms:${operation}`;
    const keyArn = this.identity.keyArn;
    if (input.KeyId !== keyArn) {
      return reply(res, 400, contentType, { __type: 'NotFoundException', message: `Key '${input.KeyId}' does not exist` });
    }
    const encryptionContext = (input.EncryptionContext ?? {}) as Record<string, string>;
    const conditionKeys = Object.fromEntries(
      Object.entries(encryptionContext).map(([name, value]) => [`kms:EncryptionContext:${name}`, value]),
    );
    if (!allows(this.identity.statements, action, keyArn, conditionKeys)) return this.deny(res, action, keyArn, contentType);
    this.record(action, keyArn);
    this.usage.kmsCalls += 1;
    // The encryption context is bound to the wrapped key: a different one cannot unwrap it.
    const aad = Buffer.from(JSON.stringify(Object.entries(encryptionContext).sort()));
    if (operation === 'GenerateDataKey') {
      const dataKey = randomBytes(input.KeySpec === 'AES_128' ? 16 : Number(input.NumberOfBytes ?? 32));
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', KMS_KEY_MATERIAL, iv).setAAD(aad);
      const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      const blob = Buffer.concat([iv, cipher.getAuthTag(), sealed]);
      return reply(res, 200, contentType, { KeyId: keyArn, Plaintext: dataKey.toString('base64'), CiphertextBlob: blob.toString('base64') });
    }
    if (operation === 'Decrypt') {
      const blob = Buffer.from(String(input.CiphertextBlob ?? ''), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', KMS_KEY_MATERIAL, blob.subarray(0, 12)).setAAD(aad);
        decipher.setAuthTag(blob.subarray(12, 28));
        const plaintext = Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
        return reply(res, 200, contentType, { KeyId: keyArn, Plaintext: plaintext.toString('base64') });
      } catch {
        return reply(res, 400, contentType, { __type: 'InvalidCiphertextException', message: '' });
      }
    }
    reply(res, 400, contentType, { __type: 'UnsupportedOperationException', message: operation });
  }
}

function reply(res: ServerResponse, status: number, contentType: string, body: Json): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(JSON.stringify(body));
}
