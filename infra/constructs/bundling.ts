import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The project root: entries in FUNCTIONS are relative to it, and so is package-lock.json. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The argon2 binary Lambda (arm64, glibc) loads; installed by infra/native/fetch-argon2-arm64.mjs. */
export const ARGON2_NATIVE_PACKAGE = '@node-rs/argon2-linux-arm64-gnu';
const ARGON2_NATIVE_DIR = join(PROJECT_ROOT, 'node_modules', '.lambda-arm64', 'node_modules', ARGON2_NATIVE_PACKAGE);
const COPY_SCRIPT = join(PROJECT_ROOT, 'infra', 'native', 'copy-package.mjs');

/**
 * ESM output needs `require` for the CommonJS dependencies that call it at run time (argon2's
 * loader requires its native package): esbuild leaves those calls as they are, so the bundle
 * provides a real `require` bound to its own location.
 */
const ESM_REQUIRE_BANNER = "import { createRequire as __connectCreateRequire } from 'node:module'; const require = __connectCreateRequire(import.meta.url);";

/** Where the linux-arm64 argon2 package is, or a clear error when `npm install` did not fetch it. */
export function argon2NativeDir(): string {
  if (!existsSync(join(ARGON2_NATIVE_DIR, 'package.json'))) {
    throw new Error(
      `${ARGON2_NATIVE_PACKAGE} is missing: the functions that hash passwords need it on Lambda. ` +
        'It is fetched on npm install; run `node infra/native/fetch-argon2-arm64.mjs` (needs the npm registry once).',
    );
  }
  return ARGON2_NATIVE_DIR;
}

/**
 * esbuild settings of every function: one bundle per entry (only the code it imports, the AWS
 * SDK included so the version tested is the version run), minified, ESM, with source maps so
 * stack traces in the logs point at the TypeScript. esbuild cannot inline a `.node` file, so
 * argon2's native packages stay external, and the linux-arm64 one is copied beside the bundle
 * of each function that `hashes` — and of any other whose bundle still requires it, since
 * argon2's loader throws at import time when its binary is missing.
 */
export function bundlingFor(spec: { readonly hashes: boolean }): BundlingOptions {
  const nativeDir = argon2NativeDir();
  return {
    format: OutputFormat.ESM,
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    sourceMap: true,
    // Line mapping is what the logs need; the sources themselves would only grow the package.
    sourcesContent: false,
    banner: ESM_REQUIRE_BANNER,
    bundleAwsSDK: true,
    externalModules: ['@node-rs/argon2-*'],
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_input: string, outputDir: string) => {
        const target = join(outputDir, 'node_modules', ARGON2_NATIVE_PACKAGE);
        const onlyIfRequired = spec.hashes ? '' : ` "${join(outputDir, 'index.mjs')}" "${ARGON2_NATIVE_PACKAGE}"`;
        return [`node "${COPY_SCRIPT}" "${nativeDir}" "${target}"${onlyIfRequired}`];
      },
    },
  };
}
