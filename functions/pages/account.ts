import type { AuthorizedApp } from '../admin/authorized-apps.js';
import type { Client, Authorization, ListPage } from '../oauth/ports.js';
import { html, hiddenFields, type SafeHtml } from './html.js';
import type { Page } from './response.js';

/** Where the page's forms post and its links lead (absolute paths under the issuer). */
export interface AccountPaths {
  readonly account: string;
  readonly logout: string;
  readonly createToken: string;
  readonly createClient: string;
  revokeApp(id: string): string;
  revokeToken(id: string): string;
  rotateSecret(id: string): string;
  deleteClient(id: string): string;
}

/** Shown once, right after it was made: the only time it exists outside its hash. */
export type Created =
  | { readonly kind: 'token'; readonly name: string; readonly token: string }
  | { readonly kind: 'client'; readonly client: Client; readonly secret: string | undefined }
  | { readonly kind: 'secret'; readonly client: Client; readonly secret: string };

/** A form's complaint, shown at that form, with what was typed (never a secret). */
export interface FormError {
  readonly form: 'token' | 'client';
  readonly message: string;
  readonly values: Readonly<Record<string, string>>;
}

export interface AccountPageInput {
  readonly email: string;
  readonly csrf: string;
  readonly paths: AccountPaths;
  readonly apps: ListPage<AuthorizedApp>;
  readonly tokens: ListPage<Authorization>;
  readonly clients: ListPage<Client>;
  readonly scopes: readonly { name: string; description: string }[];
  /** Cursor query parameter → next-page link, per list. */
  readonly nextLinks: { readonly apps?: string; readonly tokens?: string; readonly clients?: string };
  readonly notice?: string;
  readonly created?: Created;
  readonly error?: FormError;
}

const date = (epochSeconds: number) => {
  const iso = new Date(epochSeconds * 1000).toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 10)}</time>`;
};

/**
 * The account page (issue #6): what has access to the account, and the means to take it away.
 * No script (the CSP allows none): every action is a form carrying the session's CSRF token.
 */
export function accountPage(input: AccountPageInput): Page {
  const csrf = hiddenFields({ csrf_token: input.csrf });
  const button = (action: string, label: string, accessible: string, danger = true) =>
    html`<form method="post" action="${action}">${csrf}<button type="submit"${danger ? html` class="danger"` : ''} aria-label="${accessible}">${label}</button></form>`;
  return {
    title: 'Your account',
    wide: true,
    body: html`<h1>Your account</h1>
<form method="post" action="${input.paths.logout}">
${csrf}
<p class="muted">Signed in as <strong>${input.email}</strong>. <button type="submit" class="link">Sign out</button></p>
</form>
${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.created ? createdBox(input.created) : ''}
<section id="authorized-apps" aria-labelledby="apps-heading">
<h2 id="apps-heading">Authorized applications</h2>
${list(
  byApplication(input.apps.items).map(
    ({ client, grants, scopes }) => html`<li><div><strong>${client.name}</strong><br><span class="muted">${scopeText(scopes)} · ${sessionCount(grants.length)} · authorized ${date(Math.min(...grants.map((g) => g.createdAt)))} · until ${date(Math.max(...grants.map((g) => g.expiresAt)))}</span></div>
${button(input.paths.revokeApp(grants[0]!.id), grants.length > 1 ? 'Revoke all' : 'Revoke', `Revoke ${client.name}`)}</li>`,
  ),
  'No application has access to your account.',
  input.nextLinks.apps,
)}
</section>
<section id="personal-access-tokens" aria-labelledby="tokens-heading">
<h2 id="tokens-heading">Personal access tokens</h2>
${list(
  input.tokens.items.map(
    (grant) => html`<li><div><strong>${grant.name ?? ''}</strong><br><span class="muted">${scopeText(grant.scopes)} · created ${date(grant.createdAt)} · expires ${date(grant.expiresAt)}</span></div>
${button(input.paths.revokeToken(grant.id), 'Revoke', `Revoke ${grant.name ?? 'token'}`)}</li>`,
  ),
  'You have no personal access tokens.',
  input.nextLinks.tokens,
)}
<h3>Create a token</h3>
${formError(input.error, 'token')}
<form method="post" action="${input.paths.createToken}">
${csrf}
<label for="token-name">Name</label>
<input id="token-name" name="name" type="text" required maxlength="255" value="${input.error?.form === 'token' ? (input.error.values.name ?? '') : ''}">
${
  input.scopes.length > 0
    ? html`<fieldset><legend>Scopes</legend>
${input.scopes.map(
  (scope) => html`<label class="check"><input type="checkbox" name="scope:${scope.name}" value="1"> ${scope.description} <code>${scope.name}</code></label>`,
)}
</fieldset>`
    : ''
}
<div class="actions"><button type="submit" class="primary">Create token</button></div>
</form>
</section>
<section id="clients" aria-labelledby="clients-heading">
<h2 id="clients-heading">Your OAuth clients</h2>
${list(
  input.clients.items.map(
    (client) => html`<li><div><strong>${client.name}</strong><br><span class="muted">${kindLabel(client)} · Client ID <code>${client.id}</code>${client.redirectUris.length > 0 ? html` · ${client.redirectUris.join(', ')}` : ''}</span></div>
${client.secrets.length === 0 ? '' : button(input.paths.rotateSecret(client.id), 'New secret', `New secret for ${client.name}`, false)}
${button(input.paths.deleteClient(client.id), 'Delete', `Delete ${client.name}`)}</li>`,
  ),
  'You have registered no OAuth clients.',
  input.nextLinks.clients,
)}
<h3>Register a client</h3>
${formError(input.error, 'client')}
<form method="post" action="${input.paths.createClient}">
${csrf}
<label for="client-name">Name</label>
<input id="client-name" name="name" type="text" required maxlength="255" value="${input.error?.form === 'client' ? (input.error.values.name ?? '') : ''}">
<label for="client-redirect">Redirect URIs, one per line</label>
<textarea id="client-redirect" name="redirect" rows="2" required>${input.error?.form === 'client' ? (input.error.values.redirect ?? '') : ''}</textarea>
<label class="check"><input type="checkbox" name="confidential" value="1"${input.error?.form === 'client' && input.error.values.confidential !== '1' ? '' : html` checked`}> Confidential: it keeps a secret (a server-side application)</label>
<div class="actions"><button type="submit" class="primary">Register client</button></div>
</form>
</section>`,
  };
}

function list(items: SafeHtml[], empty: string, next: string | undefined): SafeHtml {
  if (items.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<ul class="items">${items}</ul>${next ? html`<p><a href="${next}">More…</a></p>` : ''}`;
}

/**
 * One row per application: each sign-in through an app is an authorization of its own, and two
 * identical rows would leave the user guessing which to revoke. The row's *Revoke* takes the
 * application's access away entirely (every session). Newest first, as listed.
 */
function byApplication(apps: readonly AuthorizedApp[]): { client: Client; grants: Authorization[]; scopes: string[] }[] {
  const groups = new Map<string, { client: Client; grants: Authorization[]; scopes: string[] }>();
  for (const { client, grant } of apps) {
    const group = groups.get(client.id) ?? { client, grants: [], scopes: [] };
    group.grants.push(grant);
    for (const scope of grant.scopes) if (!group.scopes.includes(scope)) group.scopes.push(scope);
    groups.set(client.id, group);
  }
  return [...groups.values()];
}

const sessionCount = (n: number) => (n === 1 ? '1 session' : `${n} sessions`);

function scopeText(scopes: readonly string[]): string {
  return scopes.length > 0 ? `scopes: ${scopes.join(' ')}` : 'no scopes';
}

function formError(error: FormError | undefined, form: FormError['form']): SafeHtml | string {
  return error?.form === form ? html`<p class="error" role="alert">${error.message}</p>` : '';
}

function createdBox(created: Created): SafeHtml {
  if (created.kind === 'token') {
    return html`<div class="notice" id="new-token" role="status">
<h2>Your new personal access token “${created.name}”</h2>
<p>Copy it now: it will not be shown again.</p>
<textarea class="secret" id="new-token-value" readonly rows="8" aria-label="Your new personal access token">${created.token}</textarea>
</div>`;
  }
  const title = created.kind === 'client' ? `Your new client “${created.client.name}”` : `A new secret for “${created.client.name}”`;
  return html`<div class="notice" id="new-client" role="status">
<h2>${title}</h2>
<p>Client ID: <code id="new-client-id">${created.client.id}</code></p>
${
  created.secret
    ? html`<p>Copy the secret now: it will not be shown again.${created.kind === 'secret' ? ' The previous secret no longer works.' : ''}</p>
<textarea class="secret" id="new-client-secret" readonly rows="2" aria-label="Client secret">${created.secret}</textarea>`
    : html`<p class="muted">A public client has no secret: it uses PKCE.</p>`
}
</div>`;
}

/** What kind of client it is, in a word or two (the device grant's clients among them). */
function kindLabel(client: Client): string {
  const labels: Record<Client['kind'], string> = {
    confidential: 'Web app',
    public: 'Public app',
    password: 'Password grant',
    personal: 'Personal access',
    client_credentials: 'Machine to machine',
    device: client.secrets.length === 0 ? 'Device (public)' : 'Device',
  };
  return labels[client.kind];
}
