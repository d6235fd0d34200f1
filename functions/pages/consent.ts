import { html, hiddenFields } from './html.js';
import { clientHostNotice } from './client-host.js';
import { resourceNotice, type ResourceShown } from './resource.js';
import type { Page } from './response.js';

export interface ConsentPageInput {
  readonly clientName: string;
  readonly userEmail: string;
  readonly scopes: readonly { name: string; description: string }[];
  /** The authorization request, carried through the form. */
  readonly hidden: Readonly<Record<string, string>>;
  readonly csrf: string;
  readonly authorizeAction: string;
  readonly logoutAction: string;
  /** The path to come back to after "Not you? Sign out". */
  readonly returnTo: string;
  /** Where the answer will send the user (shown, and allowed by the CSP form-action). */
  readonly redirectTarget: string | undefined;
  /**
   * A third party's own claims (SPEC §9): the host its client ID metadata document lives on,
   * which is what is proven, shown above the name it gives itself.
   */
  readonly clientHost?: string;
  /** The resource (RFC 8707) the token will be for, when the request named one. */
  readonly resource?: ResourceShown;
}

/**
 * SPEC §4: the client's name, each scope's description, and the two buttons named `decision`.
 * Mirrors Passport's authorization prompt. Needs no script: one form, two submit buttons.
 */
export function consentPage(input: ConsentPageInput): Page {
  return {
    title: `Authorize ${input.clientName}`,
    formTargets: input.redirectTarget ? [input.redirectTarget] : [],
    body: html`<h1>Authorization request</h1>
${input.clientHost !== undefined ? clientHostNotice(input.clientHost) : ''}<p><strong>${input.clientName}</strong> is requesting permission to access your account.</p>
${input.resource ? resourceNotice(input.resource) : ''}
${
  input.scopes.length > 0
    ? html`<h2>This application will be able to:</h2>
<ul class="scopes">${input.scopes.map((s) => html`<li>${s.description} <code>${s.name}</code></li>`)}</ul>`
    : html`<p class="muted">It asks for no specific permissions: it will only know who you are.</p>`
}
${input.redirectTarget ? html`<p class="muted">Whatever you choose, you will be sent back to ${input.redirectTarget}.</p>` : ''}
<form method="post" action="${input.authorizeAction}">
${hiddenFields({ ...input.hidden, csrf_token: input.csrf })}
<div class="actions">
<button type="submit" name="decision" value="approve" class="primary">Authorize</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</div>
</form>
<form method="post" action="${input.logoutAction}" class="inline">
${hiddenFields({ csrf_token: input.csrf, return_to: input.returnTo })}
<p class="muted">Signed in as <strong>${input.userEmail}</strong>. <button type="submit" class="link">Not you? Sign out</button></p>
</form>`,
  };
}
