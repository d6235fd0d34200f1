import { describeScopes } from '../admin/scopes.js';
import { container } from '../container.js';
import { answer, managementEndpoint } from '../http/management/chain.js';
import { scopeJson } from '../http/management/views.js';
import { identifyCaller } from '../oauth/tokens/account-access.js';

const deps = container();

/** `GET /oauth/scopes`: the catalogue (Passport's `[{id, description}]`), read with the caller in one batch. */
export const handler = managementEndpoint(deps.config, async (request) => {
  const { caller, found } = await identifyCaller(deps, request.credentials, { catalogue: deps.reads.catalogue() });
  return answer(200, describeScopes(found.catalogue).map(scopeJson), caller);
});
