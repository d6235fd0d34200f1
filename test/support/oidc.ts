import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Container } from '../../functions/container.js';
import { basic, postForm, type JsonResponse } from './http.js';
import { authorizeAndApprove, CALLBACK, signIn } from './oauth-flow.js';

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


/**
 * An OpenID sign-in over plain HTTP: login, the authorization request (approved on the consent
 * page when it shows), and the code exchanged by a confidential client. Returns the token response.
 */
export async function openIdTokens(
  base: string,
  client: { readonly client_id: string; readonly client_secret?: string },
  user: { readonly email: string; readonly password: string },
  params: Record<string, string> = {},
): Promise<JsonResponse & { cookie: string }> {
  const cookie = await signIn(base, user.email, user.password);
  const answer = await authorizeAndApprove(base, cookie, { response_type: 'code', client_id: client.client_id, redirect_uri: CALLBACK, scope: 'openid', ...params });
  if (!answer.code) throw new Error(`no code: ${JSON.stringify(answer)}`);
  const tokens = await postForm(`${base}/oauth/token`, { grant_type: 'authorization_code', code: answer.code, redirect_uri: CALLBACK }, {
    authorization: basic(client.client_id, client.client_secret!),
  });
  return { ...tokens, cookie };
}
