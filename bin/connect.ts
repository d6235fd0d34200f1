#!/usr/bin/env node
import { runCli } from '../cli/program.js';

// The AWS SDK warns about Node 20 on every run; it works, and the notice would clutter every command's stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// stdout carries exactly the command's result (SPEC §3): no log lines from the shared code.
process.env.CONNECT_LOG ??= 'silent';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdinIsTty: !!process.stdin.isTTY,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
process.exitCode = code;
