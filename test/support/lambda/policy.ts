import type { Json } from '../../infra/synth.js';

/** One Allow statement of a synthesized IAM policy, with its intrinsics resolved. */
export interface Statement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** `StringEquals` conditions: key → expected value. */
  readonly equals: Readonly<Record<string, string>>;
  /** Condition operators this evaluator does not know: such a statement never allows. */
  readonly unsupported: boolean;
}

export function statementsOf(document: Json): Statement[] {
  return [document.Statement]
    .flat()
    .filter((s: Json) => s.Effect === 'Allow')
    .map((s: Json) => {
      const operators = Object.keys(s.Condition ?? {});
      return {
        actions: [s.Action].flat(),
        resources: [s.Resource].flat(),
        equals: (s.Condition?.StringEquals ?? {}) as Record<string, string>,
        unsupported: operators.some((op) => op !== 'StringEquals'),
      };
    });
}

/** IAM's wildcard matching: `*` any run of characters, `?` one; case-insensitive actions. */
function glob(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/**
 * Whether the identity policy allows `action` on `resource` in a request with these condition
 * keys (e.g. `kms:EncryptionContext:purpose`). There is no Deny in Connect's policies, so
 * "some Allow matches" is IAM's answer.
 */
export function allows(
  statements: readonly Statement[],
  action: string,
  resource: string,
  context: Readonly<Record<string, string>> = {},
): boolean {
  return statements.some(
    (s) =>
      !s.unsupported &&
      s.actions.some((a) => glob(a, action, true)) &&
      s.resources.some((r) => glob(r, resource)) &&
      Object.entries(s.equals).every(([key, value]) => context[key] === value),
  );
}
