import { html, hiddenFields } from './html.js';
import { resourceNotice, type ResourceShown } from './resource.js';
import type { Page } from './response.js';

interface SignedIn {
  readonly email: string;
  readonly csrf: string;
  /** Where the forms post: the verification page's own path. */
  readonly action: string;
}

/**
 * RFC 8628 §3.3: the verification page's code entry, an input named `user_code` and a submit
 * button; prefilled from `verification_uri_complete`. No script needed.
 */
export function deviceEntryPage(input: SignedIn & { readonly userCode: string; readonly error?: string }): Page {
  return {
    title: 'Connect a device',
    body: html`<h1>Connect a device</h1>
<p>Enter the code shown on your device or in your terminal.</p>
${input.error ? html`<p class="error" role="alert" id="code-error">${input.error}</p>` : ''}
<form method="post" action="${input.action}">
${hiddenFields({ csrf_token: input.csrf })}
<label for="user_code">Code</label>
<input id="user_code" name="user_code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" required autofocus maxlength="64" placeholder="BCDF-GHJK" value="${input.userCode}"${input.error ? html` aria-describedby="code-error"` : ''}>
<button type="submit" class="primary full">Continue</button>
</form>
<p class="muted">Signed in as <strong>${input.email}</strong>.</p>`,
  };
}

/**
 * The consent page of a device (RFC 8628 §5.4): the client's name, the resource its token will
 * be bound to (RFC 8707) when the device named one, the scopes, and the code in large print to
 * compare with the device, with the same `decision` buttons as the authorization code's
 * consent page. Shown on every approval.
 */
export function deviceConsentPage(
  input: SignedIn & {
    readonly userCode: string;
    readonly clientName: string;
    readonly scopes: readonly { name: string; description: string }[];
    readonly resource?: ResourceShown;
  },
): Page {
  return {
    title: `Connect ${input.clientName}`,
    body: html`<h1>Connect a device</h1>
<p><strong>${input.clientName}</strong> on a device is asking for access to your account.</p>
${input.resource ? resourceNotice(input.resource) : ''}
<p>Check that your device shows this code: <strong class="user-code" id="user-code">${input.userCode}</strong></p>
<p class="muted">If you did not start this on a device of your own just now, or the code differs, choose Deny: someone may be trying to get into your account.</p>
${
  input.scopes.length > 0
    ? html`<h2>This application will be able to:</h2>
<ul class="scopes">${input.scopes.map((s) => html`<li>${s.description} <code>${s.name}</code></li>`)}</ul>`
    : html`<p class="muted">It asks for no specific permissions: it will only know who you are.</p>`
}
<form method="post" action="${input.action}">
${hiddenFields({ user_code: input.userCode, csrf_token: input.csrf })}
<div class="actions">
<button type="submit" name="decision" value="approve" class="primary">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>
<p class="muted">Signed in as <strong>${input.email}</strong>.</p>`,
  };
}

/** After the decision: the device will learn it on its next poll. */
export function deviceDonePage(input: { readonly approved: boolean; readonly clientName: string }): Page {
  return input.approved
    ? {
        title: 'Device connected',
        body: html`<h1>Device connected</h1>
<p role="status">You approved <strong>${input.clientName}</strong>. You can return to your device: it will continue by itself.</p>`,
      }
    : {
        title: 'Request denied',
        body: html`<h1>Request denied</h1>
<p role="status">You denied <strong>${input.clientName}</strong> access. The device gets nothing.</p>`,
      };
}
