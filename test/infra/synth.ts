import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations, type CfnResource } from 'aws-cdk-lib';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ConnectStack, type ConnectStackProps } from '../../infra/stacks/connect-stack.js';

/** The context of cdk.json (feature flags), so a test synthesizes what `npx cdk synth` does. */
const CDK_CONTEXT = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Synthesized {
  readonly app: App;
  readonly stack: ConnectStack;
  readonly template: Template;
  readonly resources: Record<string, Json>;
  /** The logical id of a construct's CloudFormation resource. */
  logicalId(construct: IConstruct): string;
  /** The directory of a function's synthesized code asset (what Lambda gets, unzipped). */
  assetDir(fn: IFunction): string;
}

export interface SynthOptions {
  /** What a user passes with `cdk deploy -c key=value`. */
  readonly context?: Record<string, string>;
  /** Adds the user's own constructs to the stack. */
  readonly build?: (stack: ConnectStack) => void;
  /** Run esbuild for every function (seconds each); only tests of the bundles need it. */
  readonly bundle?: boolean;
}

/** One synthesis of the app's stack: call once per test file, in beforeAll. */
export function synthesize(props: ConnectStackProps = {}, options: SynthOptions = {}): Synthesized {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'connect-synth-')),
    context: {
      ...CDK_CONTEXT,
      ...options.context,
      // The CDK's own switch (the CLI sets it for `--exclusively`): same template, code not built.
      ...(options.bundle ? {} : { [BUNDLING_STACKS]: [] }),
    },
  });
  const stack = new ConnectStack(app, 'Connect', props);
  options.build?.(stack);
  const assembly = app.synth();
  const json = assembly.getStackArtifact(stack.artifactId).template;
  const logicalId = (construct: IConstruct) => {
    const cfn = (construct.node.defaultChild ?? construct) as CfnResource;
    return stack.resolve(cfn.logicalId) as string;
  };
  return {
    app,
    stack,
    template: Template.fromJSON(json),
    resources: json.Resources,
    logicalId,
    assetDir(fn) {
      const key = json.Resources[logicalId(fn)].Properties.Code.S3Key as string;
      return join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
    },
  };
}

/** Every `Ref`/`Fn::GetAtt` target inside a template value. */
export function references(value: Json, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => references(item, into));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') into.add(inner);
      else if (key === 'Fn::GetAtt') into.add(Array.isArray(inner) ? inner[0] : String(inner).split('.')[0]!);
      else references(inner, into);
    }
  }
  return into;
}

/** A dependency cycle among the resources (as CloudFormation would reject), or undefined. */
export function findCycle(resources: Record<string, Json>): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(resources)) {
    const dependsOn = [resource.DependsOn ?? []].flat() as string[];
    const refs = [...references(resource.Properties ?? {}), ...dependsOn].filter((target) => target in resources);
    edges.set(id, refs);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next, [...path, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id, []);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * Resolves `Ref`, `Fn::GetAtt` and `Fn::Join` with made-up deployment values, as CloudFormation
 * would. A name without a value is an error, unless `fallback` makes one up.
 */
export function resolveIntrinsics(value: Json, values: Record<string, string>, fallback?: (name: string) => string): Json {
  const resolve = (inner: Json) => resolveIntrinsics(inner, values, fallback);
  const lookup = (name: string) => {
    const found = values[name] ?? fallback?.(name);
    if (found === undefined) throw new Error(`no made-up value for ${name}`);
    return found;
  };
  if (Array.isArray(value)) return value.map(resolve);
  if (value && typeof value === 'object') {
    if ('Ref' in value) return lookup(value.Ref);
    if ('Fn::GetAtt' in value) return lookup([value['Fn::GetAtt']].flat().join('.'));
    if ('Fn::Join' in value) {
      const [separator, parts] = value['Fn::Join'];
      return (resolve(parts) as string[]).join(separator);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  }
  return value;
}

/** cdk-nag's AwsSolutions findings still open (not acknowledged), as "rule: construct paths". */
export function openNagFindings(synth: Synthesized, scope: IConstruct = synth.stack): string[] {
  const report = new AwsSolutionsChecks(synth.app).validateScope(scope);
  return report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

/** Every acknowledged rule in the stack, with its reason. */
export function acknowledgedRules(synth: Synthesized): [string, string][] {
  return synth.stack.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((m) => Object.entries(m.data as Record<string, string>))
    .map(([id, reason]) => [id.replace(/^annotation::/i, ''), reason]);
}
