// `npm install` (prepare): compile the server so the first command starts fast. Never fails the
// install: without a build, bin/shouwen.mjs builds on first use or runs the TypeScript through tsx.
// The web app is built by `npm start` when needed (it takes tens of seconds).
try {
  const { buildServer } = await import('./builds.mjs');
  const t = performance.now();
  const { dir } = await buildServer();
  console.log(`server compiled to ${dir} in ${Math.round(performance.now() - t)} ms`);
} catch (e) {
  console.warn(`server not compiled (${e?.message ?? e}); it will be built on first start`);
}
