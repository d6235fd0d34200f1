import type { AdminDeps } from './deps.js';
import type { ScopeCatalogue } from '../oauth/ports.js';
import { BUILT_IN_SCOPES, parseScopeParam } from '../oauth/scopes.js';
import { AdminError } from './errors.js';
import { requireName } from './validation.js';

export async function createScope(deps: Pick<AdminDeps, 'scopes'>, name: string, description: string | undefined) {
  let parsed: string[] | undefined;
  try {
    parsed = parseScopeParam(name);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.length !== 1 || parsed[0] !== name) {
    throw new AdminError(`"${name}" is not a valid scope name (printable ASCII, no spaces, quotes or backslashes)`, 'invalid', 'name');
  }
  // A built-in scope is no catalogue entry: listing it as one would let it look like one any client may ask for.
  if (BUILT_IN_SCOPES.has(name)) throw new AdminError(`"${name}" is a built-in scope: it needs no catalogue entry`, 'conflict', 'name');
  const text = requireName(description, 'description');
  if (!(await deps.scopes.create(name, text))) throw new AdminError(`the scope "${name}" already exists`, 'conflict', 'name');
  return { name, description: text };
}

/** `scope:list`; the management API's `GET /oauth/scopes` shows the same list (describeScopes). */
export async function listScopes(deps: Pick<AdminDeps, 'scopes'>) {
  return { scopes: describeScopes(await deps.scopes.catalogue()) };
}

/** The catalogue in name order. */
export function describeScopes(catalogue: ScopeCatalogue): { name: string; description: string }[] {
  return [...catalogue.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, description]) => ({ name, description }));
}
