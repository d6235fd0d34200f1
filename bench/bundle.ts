import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { argon2NativeDir, bundlingFor } from '../infra/constructs/bundling.js';
import { FUNCTIONS, type FunctionName } from '../functions/routes.js';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * `bundled`: the AWS SDK inside the bundle, as the stack deploys it (bundleAwsSDK). `external`:
 * `@aws-sdk/*` left out, to be loaded from the copy the Lambda runtime provides.
 */
export type SdkMode = 'bundled' | 'external';

export interface Bundle {
  readonly fn: FunctionName;
  readonly sdk: SdkMode;
  /** The entry file to import (index.mjs, as the CDK names ESM bundles). */
  readonly file: string;
  /** Minified JavaScript, the source map excluded. */
  readonly bytes: number;
  /** The linux-arm64 argon2 addon the stack copies beside the bundle of a function that hashes. */
  readonly nativeBytes: number;
}

/** BundlingOptions the benchmark reproduces; commandHooks only copy files (the argon2 addon). */
const MIRRORED = new Set([
  'format', 'target', 'mainFields', 'minify', 'sourceMap', 'sourceMapMode', 'sourcesContent', 'banner', 'footer',
  'bundleAwsSDK', 'externalModules', 'define', 'loader', 'keepNames', 'charset', 'inject', 'commandHooks', 'logLevel',
]);

/**
 * esbuild options equal to what the CDK's NodejsFunction runs for the stack's BundlingOptions
 * (infra/constructs/bundling.ts, the one source of them), so the sizes and start-up times
 * measured here are those of the deployed functions. An option not mirrored here fails loudly
 * rather than letting the two drift.
 */
export function esbuildOptions(options: BundlingOptions, sdk: SdkMode): BuildOptions {
  const unknown = Object.keys(options).filter((k) => !MIRRORED.has(k));
  if (unknown.length > 0) {
    throw new Error(`bench/bundle.ts does not mirror the bundling option(s) ${unknown.join(', ')}: teach it, so sizes stay true`);
  }
  const externals = [...(options.externalModules ?? (options.bundleAwsSDK ? [] : ['@aws-sdk/*']))];
  if (sdk === 'external' && !externals.includes('@aws-sdk/*')) externals.push('@aws-sdk/*');
  if (sdk === 'bundled' && !options.bundleAwsSDK) {
    throw new Error('the stack does not bundle the AWS SDK: measure `external` as the deployed form');
  }
  const sourcemap = options.sourceMap || options.sourceMapMode ? (options.sourceMapMode ?? 'linked') : false;
  return {
    bundle: true,
    platform: 'node',
    target: options.target ?? 'node22',
    format: (options.format as 'esm' | 'cjs' | undefined) ?? 'cjs',
    minify: options.minify ?? false,
    sourcemap: sourcemap as BuildOptions['sourcemap'],
    sourcesContent: options.sourcesContent ?? true,
    external: externals,
    ...(options.mainFields ? { mainFields: options.mainFields } : {}),
    ...(options.banner ? { banner: { js: options.banner } } : {}),
    ...(options.footer ? { footer: { js: options.footer } } : {}),
    ...(options.define ? { define: options.define } : {}),
    ...(options.loader ? { loader: options.loader as BuildOptions['loader'] } : {}),
    ...(options.keepNames ? { keepNames: true } : {}),
    ...(options.charset ? { charset: options.charset as BuildOptions['charset'] } : {}),
    ...(options.inject ? { inject: options.inject } : {}),
    logLevel: 'warning',
  };
}

/**
 * Builds every function in both SDK modes under `outDir`, which gets a `node_modules` link to
 * the project's, so what a bundle leaves external (argon2's native addon; the SDK in `external`
 * mode) resolves as it would beside the bundle on Lambda.
 */
export async function buildBundles(outDir: string, functions: readonly FunctionName[]): Promise<Bundle[]> {
  mkdirSync(outDir, { recursive: true });
  const link = join(outDir, 'node_modules');
  if (!existsSync(link)) symlinkSync(join(ROOT, 'node_modules'), link, 'dir');
  const bundles: Bundle[] = [];
  for (const fn of functions) {
    const spec = FUNCTIONS[fn];
    // The hook copying the arm64 addon does not change the JavaScript: read the options without it.
    const options = bundlingFor({ hashes: false });
    for (const sdk of ['bundled', 'external'] as const) {
      const file = join(outDir, fn, sdk, 'index.mjs');
      await build({ ...esbuildOptions(options, sdk), entryPoints: [resolve(ROOT, spec.entry)], outfile: file });
      bundles.push({ fn, sdk, file, bytes: statSync(file).size, nativeBytes: spec.hashes ? nativeAddonBytes() : 0 });
    }
  }
  return bundles;
}

function nativeAddonBytes(): number {
  try {
    const dir = argon2NativeDir();
    // What the stack's copy step takes: everything but the READMEs.
    return readdirSync(dir)
      .filter((name) => !/\.md$/i.test(name))
      .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  } catch {
    return 0; // not fetched here; the stack's synth says so itself
  }
}
