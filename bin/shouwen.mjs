#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so there is no separate build step for the server.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/index.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number' && code !== 0) process.exitCode = code;
