import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../functions/routes.js';
import { ARGON2_NATIVE_PACKAGE, bundlingFor, PROJECT_ROOT } from '../../infra/constructs/bundling.js';
import { ROTATION_FUNCTION } from '../../infra/constructs/key-rotation.js';
import { synthesize, type Synthesized } from './synth.js';

let synth: Synthesized;
let bundles: { name: string; entry: string; hashes: boolean; dir: string }[];

beforeAll(() => {
  synth = synthesize({}, { bundle: true });
  const server = synth.stack.server;
  const all: [string, IFunction, { entry: string; hashes: boolean }][] = [
    ...(Object.entries(FUNCTIONS) as [FunctionName, (typeof FUNCTIONS)[FunctionName]][]).map(
      ([name, spec]) => [name, server.functions[name], spec] as [string, IFunction, typeof spec],
    ),
    ['rotateKeys', server.keyRotation.rotation.function, ROTATION_FUNCTION],
  ];
  bundles = all.map(([name, fn, spec]) => ({ name, entry: spec.entry, hashes: spec.hashes, dir: synth.assetDir(fn) }));
});

const nativeBinary = (dir: string) => join(dir, 'node_modules', ARGON2_NATIVE_PACKAGE, 'argon2.linux-arm64-gnu.node');

/** ELF header: magic, 64-bit, little-endian, e_machine 183 (AArch64) — what Lambda arm64 loads. */
function isLinuxArm64(file: string): boolean {
  const head = readFileSync(file).subarray(0, 20);
  return head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) && head[4] === 2 && head[5] === 1 && head.readUInt16LE(18) === 183;
}

describe('function bundles', () => {
  it('carry the linux-arm64 argon2 binary in every function that hashes', () => {
    const hashing = bundles.filter((b) => b.hashes);
    expect(hashing.length).toBeGreaterThan(0);
    for (const bundle of hashing) {
      expect(existsSync(nativeBinary(bundle.dir)), bundle.name).toBe(true);
      expect(isLinuxArm64(nativeBinary(bundle.dir)), bundle.name).toBe(true);
    }
  });

  it('ship the argon2 binary with any bundle whose code requires it, so no cold start can fail to load it', () => {
    for (const bundle of bundles) {
      const requires = readFileSync(join(bundle.dir, 'index.mjs'), 'utf8').includes(ARGON2_NATIVE_PACKAGE);
      if (requires) expect(existsSync(nativeBinary(bundle.dir)), bundle.name).toBe(true);
    }
  });

  it('hold only their own handler: no other endpoint is bundled in', () => {
    const handlers = bundles.map((b) => b.entry);
    for (const bundle of bundles) {
      const sources: string[] = JSON.parse(readFileSync(join(bundle.dir, 'index.mjs.map'), 'utf8')).sources;
      const bundledHandlers = handlers.filter((entry) => sources.some((source) => source.endsWith(entry)));
      expect(bundledHandlers, bundle.name).toEqual([bundle.entry]);
    }
  });

  it('are minified ES modules with a source map and nothing else but the native package', () => {
    for (const bundle of bundles) {
      const code = readFileSync(join(bundle.dir, 'index.mjs'), 'utf8');
      expect(code.startsWith('import { createRequire'), bundle.name).toBe(true);
      // Minified: newlines survive only inside template literals.
      expect(code.length / code.split('\n').length, bundle.name).toBeGreaterThan(1000);
      expect(readdirSync(bundle.dir).sort(), bundle.name).toEqual(
        existsSync(join(bundle.dir, 'node_modules')) ? ['index.mjs', 'index.mjs.map', 'node_modules'] : ['index.mjs', 'index.mjs.map'],
      );
    }
  });
});

describe('the bundling settings', () => {
  it('produce an ES module that loads argon2 from the native package beside it', async () => {
    // Same esbuild settings as the functions, for this machine's platform instead of Lambda's.
    const options = bundlingFor({ hashes: true });
    const dir = mkdtempSync(join(tmpdir(), 'connect-bundle-'));
    writeFileSync(join(dir, 'entry.ts'), "import { hash } from '@node-rs/argon2';\nexport const handler = () => hash('secret');\n");
    await build({
      entryPoints: [join(dir, 'entry.ts')],
      outfile: join(dir, 'out', 'index.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      minify: true,
      nodePaths: [join(PROJECT_ROOT, 'node_modules')],
      mainFields: options.mainFields,
      banner: { js: options.banner! },
      external: options.externalModules,
      logLevel: 'silent',
    });
    const scope = join(PROJECT_ROOT, 'node_modules', '@node-rs');
    for (const name of readdirSync(scope).filter((n) => n.startsWith('argon2-'))) {
      cpSync(join(scope, name), join(dir, 'out', 'node_modules', '@node-rs', name), { recursive: true });
    }
    const { handler } = await import(pathToFileURL(join(dir, 'out', 'index.mjs')).href);
    expect(await handler()).toMatch(/^\$argon2id\$/);
  });
});
