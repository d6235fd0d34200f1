import type { Authorization, Client } from '../oauth/ports.js';
import { createOwnClient, createOwnToken } from './account.js';
import { revokeApplication } from './authorized-apps.js';
import { revokeClient, rotateClientSecret } from './clients.js';
import type { AdminDeps } from './deps.js';
import { AdminError } from './errors.js';
import { revokeToken } from './personal-tokens.js';

/** What the account page's forms ask for (and a plain visit). Ids as the path gave them. */
export type AccountAction =
  | { readonly kind: 'view'; readonly done?: string | undefined }
  | { readonly kind: 'revokeApp' | 'revokeToken'; readonly id: string }
  /** `id` undefined: the path named no client a client id could be (then: not found). */
  | { readonly kind: 'deleteClient' | 'rotateSecret'; readonly id: string | undefined }
  | { readonly kind: 'createToken'; readonly name: string | undefined; readonly scopes: readonly string[]; readonly issuer: string }
  | { readonly kind: 'createClient'; readonly name: string | undefined; readonly confidential: boolean; readonly redirect: string };

/** Shown once, right after it was made: the only time it exists outside its hash. */
export type Created =
  | { readonly kind: 'token'; readonly name: string; readonly token: string }
  | { readonly kind: 'client'; readonly client: Client; readonly secret: string | undefined }
  | { readonly kind: 'secret'; readonly client: Client; readonly secret: string };

/** A form's complaint, shown at that form, with what was typed (never a secret). */
export interface FormError {
  readonly form: 'token' | 'client';
  readonly message: string;
  readonly values: Readonly<Record<string, string>>;
}

/** What a finished action says on the page it returns to: fixed texts, nothing from the request. */
export const NOTICES = {
  'app-revoked': 'The application no longer has access to your account.',
  'token-revoked': 'The token has been revoked: it no longer works.',
  'client-deleted': 'The client has been deleted: its tokens no longer work.',
} as const;

export type AccountResult =
  /** Done: back to the page (Post/Redirect/Get), at `section`, saying `done`. */
  | { readonly kind: 'done'; readonly done: keyof typeof NOTICES; readonly section: string }
  /** The page itself, with what the action made or what was wrong. */
  | { readonly kind: 'page'; readonly status: number; readonly notice?: string; readonly created?: Created; readonly error?: FormError };

/** How a refused action reads to a person (http/render-error.ts `refusal`): the page's status and sentence. */
export type Refuse = (error: unknown) => { readonly status: number; readonly message: string } | undefined;

type AccountPageDeps = Pick<AdminDeps, 'account' | 'batch' | 'clients' | 'config' | 'keys' | 'reads' | 'scopes' | 'store' | 'users'>;
type Caller = { readonly userId: string; readonly email: string };
type Known = { readonly grant: Authorization | undefined };

/**
 * The account page's actions for the signed-in user (SPEC §4), through the same use cases as
 * the JSON routes. `known`: the grant the path names, as the caller's batch read it (so a
 * revocation is one write). Someone else's id, or one already gone, is "not found", never
 * "not yours"; a creation form's mistake comes back at the form with what was typed.
 */
export async function accountAction(
  deps: AccountPageDeps,
  caller: Caller,
  action: AccountAction,
  known: Known,
  refuse: Refuse,
): Promise<AccountResult> {
  try {
    return await perform(deps, caller, action, known, refuse);
  } catch (error) {
    const refused = refuse(error);
    if (!refused) throw error;
    if (refused.status === 404) return { kind: 'page', status: 404, notice: 'There is nothing to do: it does not exist, or it is no longer active.' };
    return { kind: 'page', status: refused.status, notice: refused.message };
  }
}

async function perform(deps: AccountPageDeps, caller: Caller, action: AccountAction, known: Known, refuse: Refuse): Promise<AccountResult> {
  switch (action.kind) {
    case 'view': {
      const done = action.done !== undefined && Object.hasOwn(NOTICES, action.done) ? NOTICES[action.done as keyof typeof NOTICES] : undefined;
      return { kind: 'page', status: 200, ...(done ? { notice: done } : {}) };
    }
    case 'revokeApp':
      await revokeApplication(deps, caller.userId, action.id, known);
      return { kind: 'done', done: 'app-revoked', section: 'authorized-apps' };
    case 'revokeToken':
      await revokeToken(deps, action.id, { userId: caller.userId, kind: 'personal', known });
      return { kind: 'done', done: 'token-revoked', section: 'personal-access-tokens' };
    case 'deleteClient':
      await revokeClient(deps, clientId(action.id), caller.userId);
      return { kind: 'done', done: 'client-deleted', section: 'clients' };
    case 'rotateSecret': {
      const rotated = await rotateClientSecret(deps, clientId(action.id), 0, caller.userId);
      const client = await deps.clients.get(rotated.client_id);
      return { kind: 'page', status: 200, created: { kind: 'secret', client: client!, secret: rotated.client_secret } };
    }
    case 'createToken':
      return formAction('token', { name: action.name ?? '' }, refuse, async () => {
        const issued = await createOwnToken(deps, caller, { name: action.name, scopes: action.scopes, issuer: action.issuer });
        return { kind: 'token', name: issued.grant.name!, token: issued.accessToken };
      });
    case 'createClient':
      return formAction('client', { name: action.name ?? '', redirect: action.redirect, confidential: action.confidential ? '1' : '' }, refuse, async () => {
        const registered = await createOwnClient(deps, caller.userId, action);
        return { kind: 'client', client: registered.client, secret: registered.secret };
      });
  }
}

function clientId(id: string | undefined): string {
  if (id === undefined) throw new AdminError('no such client', 'not_found');
  return id;
}

/** A creation form: shows what it made, once; a mistake comes back at the form, with what was typed. */
async function formAction(form: FormError['form'], typed: Readonly<Record<string, string>>, refuse: Refuse, make: () => Promise<Created>): Promise<AccountResult> {
  let created: Created;
  try {
    created = await make();
  } catch (error) {
    const refused = refuse(error);
    if (!refused || refused.status === 404) throw error;
    return { kind: 'page', status: 422, error: { form, message: refused.message, values: { name: '', redirect: '', confidential: '', ...typed } } };
  }
  return { kind: 'page', status: 200, created };
}
