import { Command, Option } from 'commander';
import { createClient, listClients, revokeClient, rotateClientSecret } from '../functions/admin/clients.js';
import { AdminError } from '../functions/admin/errors.js';
import { rotateSigningKeys } from '../functions/admin/keys.js';
import { createRegistrationToken } from '../functions/admin/registration-tokens.js';
import { createPersonalToken, listTokens, revokeToken } from '../functions/admin/personal-tokens.js';
import { createResource, listResources } from '../functions/admin/resources.js';
import { createScope, listScopes } from '../functions/admin/scopes.js';
import { checkNewUser, createUser, listUsers, requireUser } from '../functions/admin/users.js';
import { parseDuration } from '../functions/admin/validation.js';
import { loadConfig } from '../functions/config.js';
import { createContainer, type Container } from '../functions/container.js';
import type { ClientKind } from '../functions/oauth/ports.js';
import { describeCliError } from './errors.js';
import { promptHidden, readStdinLine } from './prompt.js';
import { resolveTarget } from './target.js';

interface Io {
  readonly env: NodeJS.ProcessEnv;
  readonly stdinIsTty: boolean;
  out(text: string): void;
  err(text: string): void;
}

interface Ctx {
  readonly deps: Container;
  readonly local: boolean;
  readonly json: boolean;
}

type Action = (ctx: Ctx, ...args: any[]) => Promise<Record<string, unknown>>;

/** Builds the `connect` admin CLI (SPEC §3). Returns the exit code instead of exiting, for tests. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = new Command('connect')
    .description('Administer a Connect OAuth 2.0 server: users, clients, scopes, tokens and signing keys.')
    .option('--endpoint <url>', 'DynamoDB endpoint (default: DYNAMODB_ENDPOINT, else the local store)')
    .option('--table <name>', 'table name (default: TABLE_NAME, else "connect")')
    .option('--json', 'print exactly one JSON object on stdout')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  const run = (action: Action) =>
    async function (this: Command, ...args: unknown[]) {
      const flags = this.optsWithGlobals() as { endpoint?: string; table?: string; json?: boolean };
      const target = resolveTarget(flags, io.env);
      let table = target.env.TABLE_NAME || 'connect';
      try {
        const config = loadConfig(target.env);
        table = config.tableName;
        if (target.notice) io.err(target.notice + '\n');
        const deps = createContainer(config);
        const result = await action({ deps, local: target.local, json: !!flags.json }, ...args);
        io.out(flags.json ? JSON.stringify(result) + '\n' : human(result));
      } catch (error) {
        io.err(`error: ${describeCliError(error, { endpoint: target.env.DYNAMODB_ENDPOINT, table })}\n`);
        exitCode = 1;
      }
    };

  /** Keys sealed with the local key file would be unreadable by the deployed functions. */
  const requireUsableKeys = ({ deps, local }: Ctx) => {
    if (!local && deps.config.keyProtector === 'file') {
      throw new AdminError('against AWS, set KEY_PROTECTOR=kms and KMS_KEY_ID (see the stack output CliEnvironment)');
    }
  };

  const readPassword = async (opts: { passwordStdin?: boolean }): Promise<string> => {
    if (opts.passwordStdin) return readStdinLine();
    if (!io.stdinIsTty) throw new AdminError('no terminal to prompt on: pipe the password in with --password-stdin');
    const first = await promptHidden('Password: ');
    if ((await promptHidden('Repeat password: ')) !== first) throw new AdminError('the passwords do not match');
    return first;
  };

  program
    .command('user:create')
    .description('create a user who can sign in and use the password grant')
    .requiredOption('--email <email>', "the user's email, their login")
    .option('--name <name>', 'display name')
    .option('--password-stdin', 'read the password as one line from stdin')
    .option('--scopes <scopes>', 'space-separated scopes the user may grant (default: unrestricted)')
    .option('--email-verified', 'the email address is known to be theirs (OpenID email_verified)')
    .action(
      run(async ({ deps }, opts) => {
        // A taken email or an unknown scope fails before the password is asked for.
        await checkNewUser(deps, { email: opts.email, scopes: opts.scopes });
        return createUser(deps, { email: opts.email, name: opts.name, scopes: opts.scopes, emailVerified: !!opts.emailVerified, password: await readPassword(opts) });
      }),
    );

  program.command('user:list').description('list every user (never a password hash)').action(run(({ deps }) => listUsers(deps)));

  program
    .command('client:create')
    .description('register an OAuth client; its secret is shown this once')
    .requiredOption('--name <name>', 'shown to users on the consent screen')
    .option('--redirect-uri <uri>', 'a callback URL, matched exactly (repeatable)', (v, all: string[]) => [...all, v], [])
    .option('--user <email>', "the client's owner: their permissions bound its tokens")
    .option('--scopes <scopes>', 'space-separated scopes the client may request (default: unrestricted)')
    .addOption(new Option('--public', 'no secret; PKCE required (SPAs, mobile apps); with --device, a public device client').conflicts(['password', 'personal', 'clientCredentials']))
    .addOption(new Option('--device', 'the device authorization grant and refresh_token (CLIs, TVs; RFC 8628)').conflicts(['password', 'personal', 'clientCredentials']))
    .addOption(new Option('--password', 'the password and refresh_token grants').conflicts(['personal', 'clientCredentials']))
    .addOption(new Option('--personal', 'the personal access client token:create issues through').conflicts(['clientCredentials']))
    .option('--client-credentials', 'the client_credentials grant (machine to machine)')
    .option('--first-party', 'skip the consent screen (and may introspect any token)')
    .option('--introspect', 'a resource server: may introspect tokens issued to other clients')
    .option('--post-logout-redirect-uri <uri>', 'where OpenID logout may return, matched exactly (repeatable)', (v, all: string[]) => [...all, v], [])
    .action(
      run(async ({ deps }, opts) => {
        const kind: ClientKind = opts.device
          ? 'device'
          : opts.public
          ? 'public'
          : opts.password
            ? 'password'
            : opts.personal
              ? 'personal'
              : opts.clientCredentials
                ? 'client_credentials'
                : 'confidential';
        return createClient(deps, {
          name: opts.name,
          kind,
          redirectUris: opts.redirectUri,
          userEmail: opts.user,
          scopes: opts.scopes,
          firstParty: !!opts.firstParty,
          introspect: !!opts.introspect,
          postLogoutRedirectUris: opts.postLogoutRedirectUri,
          public: !!opts.public,
        });
      }),
    );

  program.command('client:list').description('list every client').action(run(({ deps }) => listClients(deps)));

  program
    .command('client:revoke <id>')
    .description('revoke a client: its tokens stop working at once')
    .action(run(({ deps }, id: string) => revokeClient(deps, id)));

  program
    .command('client:secret <id>')
    .description('issue a new client secret')
    .option('--grace <duration>', 'how long the previous secret keeps working, e.g. 15m, 1h, 7d', '0')
    .action(run(({ deps }, id: string, opts) => rotateClientSecret(deps, id, parseDuration(opts.grace))));

  program
    .command('token:create')
    .description('issue a personal access token')
    .requiredOption('--user <email>', 'the user the token acts for')
    .requiredOption('--name <name>', 'a name the user will recognise')
    .option('--scopes <scopes>', 'space-separated scopes (default: DEFAULT_SCOPES)')
    .action(
      run(async (ctx, opts) => {
        const { deps } = ctx;
        requireUsableKeys(ctx);
        // SPEC §6: the issuer of the server that uses this table — ISSUER, else what it recorded.
        const issuer = deps.config.issuer ?? (await deps.issuers.recorded());
        if (!issuer) {
          throw new AdminError(
            `no server has recorded its issuer in table "${deps.config.tableName}" yet: start it once (npm start, or a first token request on AWS), or set ISSUER to its URL`,
          );
        }
        const user = await requireUser(deps, opts.user);
        return createPersonalToken(deps, { user, name: opts.name, scopes: opts.scopes, issuer });
      }),
    );

  program
    .command('token:list')
    .description("list live tokens (personal access tokens and apps' grants) with the ids token:revoke takes")
    .option('--user <email>', "only this user's tokens")
    .action(run(({ deps }, opts) => listTokens(deps, opts.user)));

  program
    .command('token:revoke <id>')
    .description('revoke a token by id (and its refresh token)')
    .action(run(({ deps }, id: string) => revokeToken(deps, id)));

  program
    .command('scope:create <name>')
    .description('add a scope to the catalogue')
    .requiredOption('--description <text>', 'shown to users on the consent screen')
    .action(run(({ deps }, name: string, opts) => createScope(deps, name, opts.description)));

  program.command('scope:list').description('list the scope catalogue').action(run(({ deps }) => listScopes(deps)));

  program
    .command('registration:token')
    .description('an initial access token for dynamic client registration (REGISTRATION=token)')
    .option('--expires-in <duration>', 'how long it may register clients, e.g. 1h, 7d', '1d')
    .action(run(({ deps }, opts) => createRegistrationToken(deps, { expiresIn: parseDuration(opts.expiresIn) })));

  program
    .command('resource:create <uri>')
    .description('register a resource (an API or MCP server) tokens can be bound to (RFC 8707)')
    .option('--name <name>', 'shown to users on the consent screen (default: the URI)')
    .option('--scopes <scopes>', 'space-separated scopes its tokens may carry (default: unrestricted)')
    .action(run(({ deps }, uri: string, opts) => createResource(deps, { uri, name: opts.name, scopes: opts.scopes })));

  program.command('resource:list').description('list the registered resources').action(run(({ deps }) => listResources(deps)));

  program
    .command('keys:rotate')
    .description('stage a new signing key (published now, signing after the publish-ahead period)')
    .option('--now', 'sign with the new key at once')
    .action(
      run(async (ctx, opts) => {
        requireUsableKeys(ctx);
        return rotateSigningKeys(ctx.deps, { now: !!opts.now });
      }),
    );

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number; code?: string }).exitCode;
    const kind = (error as { code?: string }).code;
    // --help and --version exit 0; a usage error has already been printed on one line.
    return kind === 'commander.helpDisplayed' || kind === 'commander.version' || kind === 'commander.help' ? 0 : (code ?? 1);
  }
  return exitCode;
}

/** Secrets that exist nowhere else once printed (SPEC §3: shown once, never again). */
const SHOWN_ONCE: Record<string, string> = { client_secret: 'client secret', access_token: 'access token', registration_token: 'registration token' };

/**
 * Plain output: one `key: value` line per field, lists one item a line (`key=value`), text
 * with spaces or quotes quoted as JSON strings so every value reads back unambiguously; then a
 * warning for each secret shown this once.
 */
function human(result: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(result)) {
    if (Array.isArray(value) && value.some((v) => typeof v === 'object')) {
      lines.push(`${key}:`);
      for (const item of value) lines.push('  ' + Object.entries(item as object).map(([k, v]) => `${k}=${fmt(v)}`).join('  '));
      if (value.length === 0) lines.push('  (none)');
    } else {
      lines.push(`${key}: ${fmt(value)}`);
    }
  }
  for (const [key, what] of Object.entries(SHOWN_ONCE)) {
    if (typeof result[key] === 'string') lines.push(`The ${what} is shown this once: store it now.`);
  }
  return lines.join('\n') + '\n';
}

function fmt(value: unknown): string {
  if (value === null) return 'unrestricted';
  if (Array.isArray(value)) return value.map(fmt).join(' ') || '(none)';
  const text = String(value);
  return text === '' || /[\s"'=\\]/.test(text) ? JSON.stringify(text) : text;
}
