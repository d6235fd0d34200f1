/**
 * The device authorization grant (RFC 8628) over plain HTTP: the device's two requests, and
 * the person's part at the verification page, step by step (redirects not followed).
 */
import { pathTo } from '../../functions/routes.js';
import { DEVICE_CODE_GRANT } from '../../functions/oauth/ports.js';
import { basic, postForm, type JsonResponse } from './http.js';
import { formFields, get, post, type Page } from './oauth-flow.js';

export interface DeviceClient {
  readonly client_id: string;
  readonly client_secret?: string;
}

function auth(client: DeviceClient): { params: Record<string, string>; headers: Record<string, string> } {
  return client.client_secret
    ? { params: {}, headers: { authorization: basic(client.client_id, client.client_secret) } }
    : { params: { client_id: client.client_id }, headers: {} };
}

/** POST /oauth/device/code. */
export async function startDevice(base: string, client: DeviceClient, params: Record<string, string> = {}): Promise<JsonResponse> {
  const { params: id, headers } = auth(client);
  return postForm(`${base}${pathTo('deviceAuthorization')}`, { ...id, ...params }, headers);
}

/** One poll of the token endpoint with the device code. */
export async function poll(base: string, client: DeviceClient, deviceCode: string): Promise<JsonResponse> {
  const { params: id, headers } = auth(client);
  return postForm(`${base}${pathTo('token')}`, { ...id, grant_type: DEVICE_CODE_GRANT, device_code: deviceCode }, headers);
}

export const devicePage = (base: string) => `${base}${pathTo('device')}`;

/** Types the code into the verification page (as a signed-in person): the consent page, or the form again with an error. */
export async function enterCode(base: string, cookie: string, userCode: string): Promise<Page> {
  const entry = await get(devicePage(base), cookie);
  if (entry.status !== 200) throw new Error(`the verification page answered ${entry.status}`);
  return post(devicePage(base), { ...formFields(entry.text, pathTo('device')), user_code: userCode }, cookie);
}

/** Enters the code and answers the consent page. */
export async function decide(base: string, cookie: string, userCode: string, decision: 'approve' | 'deny'): Promise<Page> {
  const consent = await enterCode(base, cookie, userCode);
  if (consent.status !== 200) throw new Error(`entering the code answered ${consent.status}: ${consent.text.slice(0, 300)}`);
  return post(devicePage(base), { ...formFields(consent.text, pathTo('device')), decision }, cookie);
}
