import type { Container } from './container.js';
import { log } from './log.js';

/**
 * SPEC §6: a server records the issuer it runs under in its table, so the admin CLI mints
 * personal access tokens this server accepts. A deployed token function does it once per
 * container, on its first request — never at import, where a function connects to nothing —
 * as one conditional put that writes only when the record is missing or stale (a new custom
 * domain). It never fails a token request: a failure is logged, and the next container retries.
 */
export function issuerRecorder(deps: Pick<Container, 'config' | 'issuers'>): () => Promise<void> {
  let once: Promise<void> | undefined;
  return () => {
    const issuer = deps.config.issuer;
    // Without ISSUER the issuer is each request's own origin: there is no one value to record.
    once ??= issuer
      ? deps.issuers.record(issuer).then(
          () => undefined,
          (error: unknown) => log('warn', 'could not record the issuer in the table', { error: (error as Error).name }),
        )
      : Promise.resolve();
    return once;
  };
}
