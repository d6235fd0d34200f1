import { issuePersonalToken, listPersonalTokens, revokeToken } from '../admin/personal-tokens.js';
import { container } from '../container.js';
import { answer, managementEndpoint, noContent } from '../http/management/chain.js';
import { notFound } from '../http/management/errors.js';
import { ID_FORMAT, listField, nextLink, onlyFields, pageQuery, requireId, stringField, wellFormedId } from '../http/management/fields.js';
import { tokenJson } from '../http/management/views.js';
import { identifyCaller, type Caller } from '../oauth/tokens/account-access.js';
import { OAuthError } from '../oauth/errors.js';
import type { User } from '../oauth/ports.js';
import { pathTo, routeKey } from '../routes.js';

const deps = container();

/**
 * Passport's personal access token routes: `GET /oauth/personal-access-tokens`,
 * `POST /oauth/personal-access-tokens` (`{accessToken, token}`: the token this once) and
 * `DELETE /oauth/personal-access-tokens/{id}`.
 */
export const handler = managementEndpoint(deps.config, async (request) => {
  switch (request.route) {
    case routeKey('listPersonalTokens'): {
      const { caller, alongside: page } = await identifyCaller(deps, request.credentials, {}, (userId) =>
        listPersonalTokens(deps, userId, pageQuery(request.query)),
      );
      const { limit } = pageQuery(request.query);
      const link = nextLink(request.issuer, pathTo('listPersonalTokens'), limit, page.next);
      return answer(200, page.items.map(tokenJson), caller, link);
    }
    case routeKey('createPersonalToken'): {
      const { caller } = await identifyCaller(deps, request.credentials);
      onlyFields(request.body, ['name', 'scopes']);
      const scopes = listField(request.body, 'scopes', / +/);
      const issued = await issuePersonalToken(deps, {
        user: userOf(caller),
        name: stringField(request.body, 'name'),
        ...(scopes ? { scopes: scopes.join(' ') } : {}),
        issuer: request.issuer,
        ...(caller.scopes ? { within: caller.scopes } : {}),
      });
      return answer(201, { accessToken: issued.accessToken, token: tokenJson(issued.grant) }, caller);
    }
    case routeKey('deletePersonalToken'): {
      const id = wellFormedId(request.id, ID_FORMAT.grant);
      const { caller, found } = await identifyCaller(deps, request.credentials, { ...(id ? { target: deps.reads.grant(id) } : {}) });
      const target = requireId(id, 'personal access token');
      await revokeToken(deps, target, { userId: caller.userId, kind: 'personal', known: { grant: found.target } });
      return noContent(caller);
    }
  }
  throw notFound('route');
});

/** The caller's user record: a session knows the email (the item's key), a token only the id. */
async function userOf(caller: Caller): Promise<User> {
  const user = caller.email !== undefined ? await deps.users.getByEmail(caller.email) : await deps.users.getById(caller.userId);
  if (!user || user.id !== caller.userId) {
    throw new OAuthError('invalid_token', 'The account behind this session no longer exists.', { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
  return user;
}
