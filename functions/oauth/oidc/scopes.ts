/**
 * The OpenID Connect scopes (OIDC Core §3.1.2.1, §5.4), built in like `connect:account`: they
 * need no catalogue entry and cannot be created as one (SPEC §10).
 *
 * Who may request them: any client, but only where a user signs in — the authorization code
 * flow (an id_token is about an authentication event). The client credentials, password, device
 * and personal-token paths refuse them (`invalid_scope`).
 * How they meet `--scopes` lists: a client created with `--scopes` must list them to ask for
 * them (its list is what it may ask for, as for `connect:account`); a user's `--scopes` never
 * restricts them — they are about the user's own identity, not a permission given to them.
 */
export const OPENID_SCOPE = 'openid';
export const PROFILE_SCOPE = 'profile';
export const EMAIL_SCOPE = 'email';

export const IDENTITY_SCOPES: ReadonlyMap<string, string> = new Map([
  [OPENID_SCOPE, 'Sign you in: your user id'],
  [PROFILE_SCOPE, 'Your name'],
  [EMAIL_SCOPE, 'Your email address'],
]);

export function isIdentityScope(scope: string): boolean {
  return IDENTITY_SCOPES.has(scope);
}

/** The claims each identity scope releases at the userinfo endpoint (OIDC Core §5.4). */
export const SCOPE_CLAIMS: Readonly<Record<string, readonly string[]>> = {
  [OPENID_SCOPE]: ['sub'],
  [PROFILE_SCOPE]: ['name', 'updated_at'],
  [EMAIL_SCOPE]: ['email', 'email_verified'],
};
