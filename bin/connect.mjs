#!/usr/bin/env node
// The package's `connect` bin: runs the TypeScript CLI through tsx, no build step needed.
import { register } from 'tsx/esm/api';

register();
await import('./connect.ts');
