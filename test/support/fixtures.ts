import { createClient, type CreateClientInput } from '../../functions/admin/clients.js';
import { createScope } from '../../functions/admin/scopes.js';
import { createUser } from '../../functions/admin/users.js';
import type { Container } from '../../functions/container.js';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

export async function aScope(deps: Container, name = unique('scope'), description = `Access to ${name}`) {
  return createScope(deps, name, description);
}

export async function aUser(
  deps: Container,
  options: { email?: string; password?: string; scopes?: string } = {},
) {
  const password = options.password ?? 'correct horse battery staple';
  const user = await createUser(deps, {
    email: options.email ?? `${unique('user')}@example.com`,
    password,
    ...(options.scopes !== undefined ? { scopes: options.scopes } : {}),
  });
  return { ...user, password };
}

export async function aClient(deps: Container, input: Partial<CreateClientInput> & Pick<CreateClientInput, 'kind'>) {
  const needsRedirect = input.kind === 'confidential' || input.kind === 'public';
  return createClient(deps, {
    name: input.name ?? unique('client'),
    ...(needsRedirect ? { redirectUris: ['http://localhost:9999/callback'] } : {}),
    ...input,
  });
}

/** A registered resource (RFC 8707) at a fresh URI of its own, unless `uri` is given. */
export async function aResource(deps: Container, options: { uri?: string; name?: string; scopes?: string } = {}) {
  const { createResource } = await import('../../functions/admin/resources.js');
  return createResource(deps, { uri: options.uri ?? `https://${unique('api')}.example/mcp`, ...options });
}
