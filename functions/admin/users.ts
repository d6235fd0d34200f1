import { randomUUID } from 'node:crypto';
import type { Container } from '../container.js';
import { hashSecret } from '../oauth/passwords.js';
import { AdminError } from './errors.js';
import { catalogueScopes, requireEmail } from './validation.js';

export const MIN_PASSWORD_LENGTH = 8;

export interface CreateUserInput {
  readonly email: string | undefined;
  readonly name?: string | undefined;
  readonly password: string;
  /** Space-separated; undefined = unrestricted (SPEC §6). */
  readonly scopes?: string | undefined;
}

export async function createUser(deps: Container, input: CreateUserInput) {
  const email = requireEmail(input.email);
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AdminError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`, 'invalid', 'password');
  }
  const scopes = catalogueScopes(input.scopes, await deps.scopes.catalogue());
  const user = {
    id: randomUUID(),
    email,
    name: input.name?.trim() || email,
    passwordHash: await hashSecret(input.password),
    scopes: scopes ?? null,
    createdAt: Math.floor(Date.now() / 1000),
  };
  if (!(await deps.users.create(user))) {
    throw new AdminError(`a user with the email ${email} already exists`, 'conflict', 'email');
  }
  return { id: user.id, email: user.email, name: user.name, scopes: user.scopes };
}

export async function requireUser(deps: Container, email: string) {
  const user = await deps.users.getByEmail(email);
  if (!user) throw new AdminError(`no user with the email ${email}`, 'not_found', 'user');
  return user;
}
