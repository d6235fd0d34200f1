/**
 * `connect-oauth/resource-server`: what an API or MCP server protected by Connect imports.
 * The framework-neutral core, its Node `http`/Express adapter, and the middy middleware for
 * Lambda functions behind API Gateway (docs/mcp.md, docs/deploy.md).
 */
export {
  protectedResource,
  protectedResourceMetadataUrl,
  type ProtectedResource,
  type ProtectedResourceOptions,
  type ResourceRequest,
  type ResourceResponse,
  type Verdict,
  type VerifiedAccessToken,
} from './protected-resource.js';
export { protectedResourceMetadata, requireBearer, type AuthInfo, type AuthenticatedRequest } from './node.js';
export { requireScopes, type AuthorizedContext, type RequireScopesOptions } from '../http/require-scopes.js';
