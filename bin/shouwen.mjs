#!/usr/bin/env node
// Runs the compiled CLI (dist/server/<hash>/cli.js, built from src/ by esbuild on first use and
// whenever src/ changes; see scripts/builds.mjs). Falls back to running the TypeScript through tsx
// when it cannot be built, or when SHOUWEN_TSX=1 asks for it.
import { compiledCli } from '../scripts/builds.mjs';

const entry = process.env.SHOUWEN_TSX === '1' ? null : await compiledCli();
let main;
if (entry) ({ main } = await import(entry));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/index.ts'));
}
const code = await main(process.argv.slice(2));
if (typeof code === 'number' && code !== 0) process.exitCode = code;
