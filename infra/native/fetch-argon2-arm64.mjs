#!/usr/bin/env node
/**
 * Runs on `npm install` / `npm ci` (the package's postinstall). Lambda runs on linux-arm64, but npm
 * installs only the argon2 binary of the machine it runs on, so the one the functions need is
 * fetched here, once, into node_modules/.lambda-arm64 (a dot folder npm leaves alone, wiped
 * by the next `npm ci`, which fetches it again). Synth then copies it offline into the bundles
 * of the functions that hash (infra/constructs/native-modules.ts).
 *
 * Pinned: the version is the one the installed @node-rs/argon2 asks for, and the tarball must
 * match the integrity recorded in package-lock.json, so CI ships exactly what was reviewed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@node-rs/argon2-linux-arm64-gnu';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const target = join(root, 'node_modules', '.lambda-arm64');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/**
 * Only `cdk synth` / `cdk deploy` need this binary, and they say so clearly when it is missing.
 * So a failure here (offline, say) warns instead of failing the whole install: `npm start` and
 * `npm test`'s local suites do not need it. A tarball that does not match the lockfile is
 * removed, never used.
 */
function fail(message) {
  console.warn(`connect: warning: ${message} Deploying needs it: run \`node infra/native/fetch-argon2-arm64.mjs\` when the npm registry is reachable.`);
  process.exit(0);
}

const wrapperManifest = join(root, 'node_modules', '@node-rs', 'argon2', 'package.json');
if (!existsSync(wrapperManifest)) fail('@node-rs/argon2 is not installed; run npm install first.');
const wrapper = readJson(wrapperManifest);
const version = wrapper.optionalDependencies?.[PACKAGE];
if (!version) fail(`@node-rs/argon2@${wrapper.version} no longer lists ${PACKAGE}.`);

const installed = join(target, 'node_modules', PACKAGE, 'package.json');
if (existsSync(installed) && readJson(installed).version === version) process.exit(0);

// Installing the wrapper for another platform is what npm supports (a platform package on its
// own is refused with EBADPLATFORM): npm then picks the linux-arm64 glibc binary as its
// optional dependency. Lambda's Amazon Linux 2023 is glibc.
mkdirSync(target, { recursive: true });
writeFileSync(join(target, 'package.json'), '{ "private": true }\n');
const args = [
  'install', '--prefix', target, '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund',
  '--os=linux', '--cpu=arm64', '--libc=glibc', `@node-rs/argon2@${wrapper.version}`,
];
// Under npm, reuse the very npm that runs us; otherwise the one on PATH.
const npmCli = process.env.npm_execpath;
const run = npmCli && npmCli.endsWith('.js')
  ? spawnSync(process.execPath, [npmCli, ...args], { stdio: 'inherit' })
  : spawnSync('npm', args, { stdio: 'inherit', shell: process.platform === 'win32' });
if (run.status !== 0) fail(`could not fetch ${PACKAGE}@${version} for the Lambda bundles.`);

const lock = readJson(join(root, 'package-lock.json'));
const expected = lock.packages?.[`node_modules/${PACKAGE}`]?.integrity;
const fetched = readJson(join(target, 'node_modules', '.package-lock.json')).packages?.[`node_modules/${PACKAGE}`];
if (!fetched || fetched.version !== version) fail(`${PACKAGE}@${version} was not installed.`);
if (expected && fetched.integrity !== expected) {
  rmSync(target, { recursive: true, force: true });
  fail(`${PACKAGE}@${version} does not match the integrity in package-lock.json, so it was removed.`);
}
console.log(`connect: ${PACKAGE}@${version} ready for the Lambda bundles`);
