import { container } from '../container.js';
import { pageEndpoint } from '../http/page-chain.js';
import { seedAuthorizationUrl } from '../oauth/endpoints/seed-request.js';
import { redirect } from '../pages/response.js';

const deps = container();

/** GET /oauth/request?client=ID (SPEC §4): 302 to /oauth/authorize for that client. */
export const handler = pageEndpoint(deps.config, async ({ params, issuer }) =>
  redirect(await seedAuthorizationUrl(deps, params, issuer), false),
);
