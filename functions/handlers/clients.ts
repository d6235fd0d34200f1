import { listUserClients, registerClient, revokeClient, updateClient } from '../admin/clients.js';
import { container } from '../container.js';
import { answer, managementEndpoint, noContent, type ManagementRequest } from '../http/management/chain.js';
import { invalidField, notFound } from '../http/management/errors.js';
import { booleanField, ID_FORMAT, listField, nextLink, onlyFields, pageQuery, requireId, stringField, wellFormedId } from '../http/management/fields.js';
import { clientJson } from '../http/management/views.js';
import { identifyCaller } from '../oauth/tokens/account-access.js';
import { pathTo, routeKey } from '../routes.js';

const deps = container();

/**
 * Passport's client routes, for the signed-in user's own clients:
 * `GET /oauth/clients`, `POST /oauth/clients`, `PUT /oauth/clients/{id}`, `DELETE /oauth/clients/{id}`.
 */
export const handler = managementEndpoint(deps.config, async (request) => {
  switch (request.route) {
    case routeKey('listClients'): {
      const { caller, alongside: page } = await identifyCaller(deps, request.credentials, {}, (userId) =>
        listUserClients(deps, userId, pageQuery(request.query)),
      );
      const { limit } = pageQuery(request.query);
      return answer(200, page.items.map((client) => clientJson(client)), caller, nextLink(request.issuer, pathTo('listClients'), limit, page.next));
    }
    case routeKey('createClient'): {
      const { caller } = await identifyCaller(deps, request.credentials);
      onlyFields(request.body, ['name', 'redirect', 'redirect_uris', 'confidential', 'post_logout_redirect_uris']);
      const redirect = redirectUris(request);
      // A client a user registers is never first-party: skipping consent is the operator's call (CLI).
      const { client, secret } = await registerClient(deps, {
        name: stringField(request.body, 'name'),
        kind: (booleanField(request.body, 'confidential') ?? true) ? 'confidential' : 'public',
        redirectUris: redirect.uris,
        redirectField: redirect.field,
        userId: caller.userId,
        // OpenID Connect RP-Initiated Logout 1.0 §3.1 (SPEC §10).
        postLogoutRedirectUris: listField(request.body, 'post_logout_redirect_uris', /,/) ?? [],
      });
      return answer(201, clientJson(client, secret), caller);
    }
    case routeKey('updateClient'): {
      const id = wellFormedId(request.id, ID_FORMAT.client);
      const { caller, found } = await identifyCaller(deps, request.credentials, { ...(id ? { target: deps.reads.client(id) } : {}) });
      onlyFields(request.body, ['name', 'redirect', 'redirect_uris']);
      const redirect = redirectUris(request);
      const target = requireId(id, 'client');
      const client = await updateClient(deps, caller.userId, target, found.target, {
        name: stringField(request.body, 'name'),
        redirectUris: redirect.uris,
        redirectField: redirect.field,
      });
      return answer(200, clientJson(client), caller);
    }
    case routeKey('deleteClient'): {
      const id = wellFormedId(request.id, ID_FORMAT.client);
      const { caller } = await identifyCaller(deps, request.credentials);
      await revokeClient(deps, requireId(id, 'client'), caller.userId);
      return noContent(caller);
    }
  }
  throw notFound('route');
});

/** Passport's `redirect` (comma-separated, or a list), or `redirect_uris` (a list) — not both. */
function redirectUris(request: ManagementRequest): { uris: string[]; field: string } {
  const redirect = listField(request.body, 'redirect', /,/);
  const uris = listField(request.body, 'redirect_uris', /,/);
  if (redirect && uris) throw invalidField('redirect_uris', 'Send redirect or redirect_uris, not both.');
  return uris ? { uris, field: 'redirect_uris' } : { uris: redirect ?? [], field: 'redirect' };
}
