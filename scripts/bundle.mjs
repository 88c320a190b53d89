/**
 * Bundles the command line from what tsc built in dist/: dist/concord.mjs, and chunks beside it
 * (dist/concord-chunk-*.mjs) for the parts loaded only when a config needs them: the DAV storages
 * with the HTTP client, WebCal. The chunks stay in dist/ itself, as the bundle does, so that
 * `../package.json` (src/version.ts) is found from each of them.
 * Node then loads a few modules instead of some three hundred (concord's own, undici, zod,
 * commander), which takes about 0.13 s off the start of every command, and a config of file
 * trees or vdirs never loads the HTTP client at all. better-sqlite3 stays outside: it loads a
 * native addon. The library (dist/index.js) is not bundled.
 */
import { readdirSync, rmSync } from "node:fs";
import { build } from "esbuild";

// Chunks are named by their content: those of an earlier build would otherwise pile up.
for (const name of readdirSync("dist")) {
  if (name.startsWith("concord-chunk-")) rmSync(`dist/${name}`);
}

await build({
  entryPoints: { concord: "dist/cli/main.js" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  chunkNames: "concord-chunk-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["better-sqlite3"],
  // The bundled CommonJS packages (undici) call require() for Node's own modules.
  banner: {
    js: 'import { createRequire as bundleRequire } from "node:module";\nconst require = bundleRequire(import.meta.url);',
  },
  sourcemap: "linked",
  logLevel: "warning",
});
