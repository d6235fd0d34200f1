import { nowSeconds } from '../clock.js';
import type { Resource, ResourceRepository } from '../oauth/ports.js';
import { OAuthError } from '../oauth/errors.js';
import { parseResourceParameter } from '../oauth/resources/resource-parameter.js';
import type { AdminDeps } from './deps.js';
import { AdminError } from './errors.js';
import { catalogueScopes, requireName } from './validation.js';

export interface ResourceDeps extends Pick<AdminDeps, 'scopes'> {
  readonly resources: ResourceRepository;
}

/** `resource:create`: registers an API or MCP server that tokens can be bound to (RFC 8707, SPEC §9). */
export async function createResource(deps: ResourceDeps, input: { uri: string; name?: string; scopes?: string }) {
  let uri: string | undefined;
  try {
    uri = parseResourceParameter(input.uri);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    throw new AdminError(`"${printable(input.uri)}" is not a resource URI: ${lowerFirst(error.message)}`, 'invalid', 'uri');
  }
  if (uri === undefined) throw new AdminError('a resource URI is required', 'invalid', 'uri');
  const name = input.name === undefined ? uri : requireName(input.name);
  const scopes = catalogueScopes(input.scopes, await deps.scopes.catalogue()) ?? null;
  const resource: Resource = { uri, name, scopes, createdAt: nowSeconds() };
  if (!(await deps.resources.create(resource))) throw new AdminError(`the resource "${uri}" already exists`, 'conflict', 'uri');
  return view(resource);
}

/** `resource:list`: every registered resource, oldest first. */
export async function listResources(deps: Pick<ResourceDeps, 'resources'>) {
  return { resources: (await deps.resources.list()).map(view) };
}

function view(resource: Resource) {
  return { uri: resource.uri, name: resource.name, scopes: resource.scopes ? [...resource.scopes] : null };
}

/** A bad URI is echoed on the CLI's one line: only as far as it is printable. */
function printable(text: string): string {
  return text.length > 80 || !/^[\x20-\x7E]*$/.test(text) ? `${text.slice(0, 80).replace(/[^\x20-\x7E]/g, '?')}…` : text;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');
