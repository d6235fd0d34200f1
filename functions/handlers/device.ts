import { container } from '../container.js';
import { clientAddress } from '../http/client-address.js';
import { readSessionCookie } from '../http/cookies.js';
import { pageEndpoint } from '../http/page-chain.js';
import { verification } from '../oauth/device/verification.js';
import { PATHS, pathOf, urlOf } from '../oauth/sessions/paths.js';
import { ROUTE } from '../routes.js';
import { deviceConsentPage, deviceDonePage, deviceEntryPage } from '../pages/device.js';
import { htmlPage, redirect } from '../pages/response.js';

const deps = container();

/** GET/POST /oauth/device: the verification page of the device authorization grant (RFC 8628 §3.3). */
export const handler = pageEndpoint(deps.config, async ({ event, method, params, issuer }) => {
  const sessionId = readSessionCookie(event, issuer);
  const outcome = await verification(deps, { method, params, issuer, sessionId, ip: clientAddress(event, deps.config) });
  const action = pathOf(issuer, ROUTE.device.path);
  switch (outcome.kind) {
    case 'login':
      return redirect(urlOf(issuer, PATHS.login, { return_to: outcome.returnTo }), method === 'POST');
    case 'entry':
      return htmlPage(
        outcome.status,
        deviceEntryPage({ ...outcome, action }),
        [],
        outcome.retryAfter ? { 'Retry-After': String(outcome.retryAfter) } : {},
      );
    case 'consent':
      return htmlPage(200, deviceConsentPage({ ...outcome, action }));
    case 'done':
      return htmlPage(200, deviceDonePage(outcome));
  }
});
