import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Container } from '../../functions/container.js';

/**
 * Makes every live login session `seconds` older: their recorded sign-in time (the id_token's
 * auth_time) moves back, as if the user had signed in that long ago — so max_age and
 * prompt=login can be tested without waiting.
 */
export async function backdateSessions(server: { readonly deps: Container }, seconds: number): Promise<void> {
  const { doc, tableName } = server.deps.table;
  const out = await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, FilterExpression: '#t = :s', ExpressionAttributeNames: { '#t': 'type' }, ExpressionAttributeValues: { ':s': 'session' } }));
  for (const item of out.Items ?? []) {
    await doc.send(new UpdateCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk }, UpdateExpression: 'SET createdAt = :c', ExpressionAttributeValues: { ':c': (item.createdAt as number) - seconds } }));
  }
}
