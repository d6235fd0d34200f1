import { OAuthError, invalidRequest } from '../errors.js';
import type { Session } from '../ports.js';

/**
 * The OpenID Connect parameters of an authorization request (OIDC Core §3.1.2.1). They ride
 * along with the OAuth ones: reproduced in the consent form and in the login's return_to.
 */
export interface OidcRequest {
  /** Echoed in the id_token (§3.1.2.1, §15.5.2: replay protection for the client). */
  readonly nonce?: string;
  /** `none`, `login`, `consent`, `select_account` (the last is accepted: there is one account per session). */
  readonly prompt: readonly Prompt[];
  /** Seconds: a session older than this signs in again (§3.1.2.1). */
  readonly maxAge?: number;
  /** Prefills the e-mail on the login page; nothing else trusts it. */
  readonly loginHint?: string;
}

export type Prompt = 'none' | 'login' | 'consent' | 'select_account';
const PROMPTS: readonly string[] = ['none', 'login', 'consent', 'select_account'];

/** Bounds that keep a code item and a URL small: far above what clients send. */
const MAX_NONCE = 512;
const MAX_LOGIN_HINT = 320;

/**
 * Parses and checks them; a mistake is the client's and goes back to its redirect URI.
 * Request objects (§6) are not supported: `request_not_supported` / `request_uri_not_supported`.
 */
export function oidcRequest(params: Readonly<Record<string, string>>): OidcRequest {
  if (params.request !== undefined) throw new OAuthError('request_not_supported', 'Request objects (the request parameter) are not supported.');
  if (params.request_uri !== undefined) throw new OAuthError('request_uri_not_supported', 'The request_uri parameter is not supported.');
  const { nonce, max_age: maxAgeRaw, login_hint: loginHint } = params;
  if (nonce !== undefined && (nonce === '' || nonce.length > MAX_NONCE)) throw invalidRequest(`nonce must be 1 to ${MAX_NONCE} characters.`);
  const prompt = (params.prompt ?? '').split(' ').filter(Boolean);
  for (const value of prompt) {
    if (!PROMPTS.includes(value)) throw invalidRequest(`prompt "${value}" is not supported (none, login, consent, select_account).`);
  }
  // §3.1.2.1: "If this parameter contains none with any other value, an error is returned."
  if (prompt.includes('none') && prompt.length > 1) throw invalidRequest('prompt=none cannot be combined with other values.');
  if (maxAgeRaw !== undefined && !/^\d{1,9}$/.test(maxAgeRaw)) throw invalidRequest('max_age must be a whole number of seconds.');
  return {
    ...(nonce !== undefined ? { nonce } : {}),
    prompt: [...new Set(prompt)] as Prompt[],
    ...(maxAgeRaw !== undefined ? { maxAge: Number(maxAgeRaw) } : {}),
    ...(loginHint !== undefined && loginHint.length <= MAX_LOGIN_HINT ? { loginHint } : {}),
  };
}

/** The parameters that reproduce it (consent form, return_to). */
export function oidcParams(request: OidcRequest | undefined): Record<string, string> {
  if (!request) return {};
  return {
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    ...(request.prompt.length > 0 ? { prompt: request.prompt.join(' ') } : {}),
    ...(request.maxAge !== undefined ? { max_age: String(request.maxAge) } : {}),
    ...(request.loginHint !== undefined ? { login_hint: request.loginHint } : {}),
  };
}

/**
 * Whether the user must sign in (again) before this request is answered: no session,
 * `prompt=login`, or a session older than `max_age` (§3.1.2.1; `max_age=0` is `prompt=login`).
 */
export function mustSignIn(request: OidcRequest | undefined, session: Session | undefined, now: number): boolean {
  if (!session) return true;
  if (!request) return false;
  if (request.prompt.includes('login') || request.maxAge === 0) return true;
  return request.maxAge !== undefined && now - session.createdAt > request.maxAge;
}

/**
 * The request the login page returns to: without `prompt=login` and `max_age=0`, which the
 * fresh sign-in has just satisfied (kept, they would send the user round again). A positive
 * max_age stays: a session seconds old meets it.
 */
export function afterSignIn(request: OidcRequest | undefined): OidcRequest | undefined {
  if (!request) return undefined;
  const { maxAge, ...rest } = request;
  return { ...rest, prompt: request.prompt.filter((p) => p !== 'login'), ...(maxAge !== undefined && maxAge > 0 ? { maxAge } : {}) };
}
