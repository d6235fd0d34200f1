import { randomUUID } from 'node:crypto';
import { nowSeconds } from '../clock.js';
import type { AdminDeps } from './deps.js';
import { hashSecret } from '../oauth/passwords.js';
import type { User } from '../oauth/ports.js';
import { AdminError } from './errors.js';
import { catalogueScopes, requireEmail } from './validation.js';

export const MIN_PASSWORD_LENGTH = 8;

export interface CreateUserInput {
  readonly email: string | undefined;
  readonly name?: string | undefined;
  readonly password: string;
  /** Space-separated; undefined = unrestricted (SPEC §6). */
  readonly scopes?: string | undefined;
  /** OIDC Core §5.1 `email_verified`: the operator vouches for the address (`--email-verified`). */
  readonly emailVerified?: boolean;
}

/**
 * Checks what can be checked before the password is asked for (the email is free, the scopes
 * exist), so `user:create` never prompts for a user it cannot create. The conditional write in
 * createUser still decides a race.
 */
export async function checkNewUser(deps: Pick<AdminDeps, 'scopes' | 'users'>, input: Pick<CreateUserInput, 'email' | 'scopes'>) {
  const email = requireEmail(input.email);
  const [existing, catalogue] = await Promise.all([deps.users.getByEmail(email), deps.scopes.catalogue()]);
  if (existing) throw userExists(email);
  return { email, scopes: catalogueScopes(input.scopes, catalogue) };
}

export async function createUser(deps: Pick<AdminDeps, 'scopes' | 'users'>, input: CreateUserInput) {
  const { email, scopes } = await checkNewUser(deps, input);
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AdminError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`, 'invalid', 'password');
  }
  const user = {
    id: randomUUID(),
    email,
    name: input.name?.trim() || email,
    passwordHash: await hashSecret(input.password),
    scopes: scopes ?? null,
    createdAt: nowSeconds(),
    emailVerified: input.emailVerified === true,
  };
  if (!(await deps.users.create(user))) throw userExists(email);
  return { id: user.id, email: user.email, name: user.name, scopes: user.scopes };
}

const userExists = (email: string) => new AdminError(`a user with the email ${email} already exists`, 'conflict', 'email');

/** The public view of a user: never the password hash. */
export function describeUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    scopes: user.scopes ? [...user.scopes] : null,
    created_at: new Date(user.createdAt * 1000).toISOString(),
  };
}

/** `user:list`: every user, oldest first. */
export async function listUsers(deps: Pick<AdminDeps, 'users'>) {
  return { users: (await deps.users.list()).map(describeUser) };
}

export async function requireUser(deps: Pick<AdminDeps, 'users'>, email: string) {
  const user = await deps.users.getByEmail(email);
  if (!user) throw new AdminError(`no user with the email ${email}`, 'not_found', 'user');
  return user;
}
