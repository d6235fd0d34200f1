import { html, hiddenFields } from './html.js';
import type { Page } from './response.js';

/** After RP-initiated logout with nowhere to return to (RP-Initiated Logout 1.0 §2). */
export function signedOutPage(input: { readonly login: string }): Page {
  return {
    title: 'Signed out',
    body: html`<h1>You have signed out</h1>
<p role="status">Your session here has ended.</p>
<p><a href="${input.login}">Sign in again</a></p>`,
  };
}

export interface ConfirmSignOutInput {
  readonly action: string;
  readonly hidden: Readonly<Record<string, string>>;
  readonly csrf: string;
  readonly clientName: string | undefined;
  /** Where the answer may redirect (CSP form-action). */
  readonly formTarget: string | undefined;
}

/** A logout request we cannot tie to the user's own app: ask before ending the session. */
export function confirmSignOutPage(input: ConfirmSignOutInput): Page {
  return {
    title: 'Sign out?',
    formTargets: input.formTarget ? [input.formTarget] : [],
    body: html`<h1>Sign out?</h1>
${input.clientName ? html`<p><strong>${input.clientName}</strong> asks to sign you out.</p>` : html`<p>A site asks to sign you out.</p>`}
<form method="post" action="${input.action}">
${hiddenFields({ ...input.hidden, csrf_token: input.csrf })}
<button type="submit" class="primary full" name="decision" value="sign-out">Sign out</button>
</form>`,
  };
}
