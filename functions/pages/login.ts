import { html, hiddenFields } from './html.js';
import type { Page } from './response.js';

export interface LoginPageInput {
  /** Where the form posts: the login endpoint's path. */
  readonly action: string;
  readonly returnTo: string | undefined;
  readonly email?: string;
  readonly error?: string;
  /** Redirect targets the login's answer may lead on to (CSP form-action). */
  readonly formTargets?: readonly string[];
  /** The application the user is signing in for, when an authorization request sent them. */
  readonly clientName?: string | undefined;
  /** A fixed message of ours, e.g. after signing out. */
  readonly notice?: string | undefined;
}

/** SPEC §4: a form with inputs named `email` and `password`; labelled, with a visible error. */
export function loginPage(input: LoginPageInput): Page {
  return {
    title: 'Sign in',
    formTargets: input.formTargets ?? [],
    body: html`<h1>Sign in</h1>
${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.clientName ? html`<p>to continue to <strong>${input.clientName}</strong></p>` : ''}
${input.error ? html`<p class="error" role="alert" id="login-error">${input.error}</p>` : ''}
<form method="post" action="${input.action}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${input.email ?? ''}"${input.error ? html` aria-describedby="login-error"` : ''}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
${hiddenFields(input.returnTo ? { return_to: input.returnTo } : {})}
<button type="submit" class="primary full">Sign in</button>
</form>`,
  };
}

export interface SignedInPageInput {
  readonly email: string;
  readonly logoutAction: string;
  readonly csrf: string;
  /** The account page's path: somewhere to go on to. */
  readonly account: string;
}

/** The login page for someone already signed in: who they are, a way on, and a way out. */
export function signedInPage(input: SignedInPageInput): Page {
  return {
    title: 'Signed in',
    body: html`<h1>You are signed in</h1>
<p>Signed in as <strong>${input.email}</strong>.</p>
<p><a href="${input.account}">Go to your account</a>: the applications you have authorized, your tokens and your clients.</p>
<form method="post" action="${input.logoutAction}">
${hiddenFields({ csrf_token: input.csrf })}
<button type="submit" class="full">Sign out</button>
</form>`,
  };
}
