import { listAuthorizedApps, revokeAuthorizedApp } from '../admin/authorized-apps.js';
import { container } from '../container.js';
import { answer, managementEndpoint, noContent } from '../http/management/chain.js';
import { notFound } from '../http/management/errors.js';
import { ID_FORMAT, nextLink, pageQuery, requireId, wellFormedId } from '../http/management/fields.js';
import { authorizedAppJson } from '../http/management/views.js';
import { identifyCaller } from '../oauth/tokens/account-access.js';
import { pathTo, routeKey } from '../routes.js';

const deps = container();

/**
 * Passport's authorized applications: `GET /oauth/tokens` (each authorization with its client)
 * and `DELETE /oauth/tokens/{id}` (revokes its access and refresh tokens and the remembered
 * consent, so the application has to ask again).
 */
export const handler = managementEndpoint(deps.config, async (request) => {
  switch (request.route) {
    case routeKey('listTokens'): {
      const { caller, alongside: page } = await identifyCaller(deps, request.credentials, {}, (userId) =>
        listAuthorizedApps(deps, userId, pageQuery(request.query)),
      );
      const { limit } = pageQuery(request.query);
      const link = nextLink(request.issuer, pathTo('listTokens'), limit, page.next);
      return answer(200, page.items.map(({ grant, client }) => authorizedAppJson(grant, client)), caller, link);
    }
    case routeKey('deleteToken'): {
      const id = wellFormedId(request.id, ID_FORMAT.grant);
      const { caller, found } = await identifyCaller(deps, request.credentials, { ...(id ? { target: deps.reads.grant(id) } : {}) });
      const target = requireId(id, 'token');
      await revokeAuthorizedApp(deps, caller.userId, target, { grant: found.target });
      return noContent(caller);
    }
  }
  throw notFound('route');
});
