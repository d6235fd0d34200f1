#!/usr/bin/env node
/**
 * `node copy-package.mjs <from> <to> [<bundle> <package name>]`: copies one installed package
 * into a Lambda bundle; with the last two arguments, only when the bundle requires that
 * package (a function that imports argon2 without stating `hashes` must still find it, or it
 * would fail at cold start). Run by the bundling hook of infra/constructs/bundling.ts; plain
 * Node, so it works in any shell.
 */
import { cpSync, readFileSync } from 'node:fs';

const [from, to, bundle, name] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: copy-package.mjs <from> <to> [<bundle> <package name>]');
  process.exit(2);
}
if (bundle && name && !readFileSync(bundle, 'utf8').includes(name)) process.exit(0);
// Only what Node loads: the manifest and the binary, not the README.
cpSync(from, to, { recursive: true, filter: (path) => !/\.md$/i.test(path) });
