import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.js';
import { translateStorageErrors } from './errors.js';
import { GSI_LISTING } from './schema.js';

/**
 * One document client per container (DESIGN rule 4). With DYNAMODB_ENDPOINT set (DynamoDB
 * Local) no AWS credentials or region are needed: placeholders are used (SPEC §6).
 */
export function createDocumentClient(config: Pick<Config, 'dynamodbEndpoint' | 'region'>): DynamoDBDocumentClient {
  const local = config.dynamodbEndpoint !== undefined;
  const client = new DynamoDBClient({
    region: config.region,
    ...(local
      ? { endpoint: config.dynamodbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    // A request must finish well inside the Lambda timeout (10 s): at most 3 attempts of at
    // most 2 s each, plus the SDK's short backoff. DynamoDB answers in milliseconds when well.
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  translateStorageErrors(doc);
  return doc;
}

export interface TableRef {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}

/**
 * The item as it was when a write asked for `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`
 * was refused. The document client does not translate errors, so it comes as attribute values.
 */
/**
 * Every item of one partition of the listing index (gsi2), page by page, as the records
 * `fromItem` makes of them (it drops what is not one). For the admin listings, never on a hot path.
 */
export async function queryListing<T>(
  table: TableRef,
  partition: string,
  fromItem: (item: Record<string, unknown>) => T | undefined,
  options: { ascending?: boolean } = {},
): Promise<T[]> {
  const records: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: GSI_LISTING,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ...(options.ascending === undefined ? {} : { ScanIndexForward: options.ascending }),
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const record = fromItem(item);
      if (record !== undefined) records.push(record);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return records;
}

export function itemOfConditionFailure(error: unknown): Record<string, unknown> | undefined {
  const item = (error as { Item?: Record<string, AttributeValue> } | null)?.Item;
  return item ? unmarshall(item) : undefined;
}
