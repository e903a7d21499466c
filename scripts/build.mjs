// Bundles every entry point into dist/ and emits the library's type declarations.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const { version } = JSON.parse(readFileSync("package.json", "utf8"));

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  define: { MOMOFLOW_VERSION: JSON.stringify(version) },
};

await Promise.all([
  // dist/cli.js only hands the process to the bundle of its command.
  build({
    ...common,
    entryPoints: ["engine/src/cli.ts"],
    outfile: "dist/cli.js",
    format: "cjs",
    banner: { js: "#!/usr/bin/env node" },
  }),
  ...[
    { entry: "engine/src/cli-main.ts", outfile: "dist/cli-main.js" },
    { entry: "engine/src/cli-check.ts", outfile: "dist/cli-check.js" },
  ].map(({ entry, outfile }) =>
    build({
      ...common,
      entryPoints: [entry],
      outfile,
      format: "cjs",
      // Every command starts by reading and compiling its whole bundle:
      // without comments and indentation it is a third smaller, and ASCII (a
      // comment's "—" makes Node decode and V8 scan the whole file as two-byte
      // text). The source map keeps stack traces readable; names are kept.
      minifyWhitespace: true,
    }),
  ),
  build({
    ...common,
    entryPoints: ["server/src/server.ts"],
    outfile: "dist/server.js",
    format: "cjs",
  }),
  build({
    ...common,
    entryPoints: ["client/src/extension.ts"],
    outfile: "dist/extension.js",
    format: "cjs",
    // VS Code provides the `vscode` module to the extension host.
    external: ["vscode"],
  }),
  // The metrics webview's page runs in a browser; Chart.js is bundled (nothing loads from elsewhere).
  build({
    bundle: true,
    entryPoints: ["client/webview/main.ts"],
    outfile: "dist/webview/main.js",
    format: "iife",
    platform: "browser",
    target: "chrome120",
    minify: true,
    sourcemap: true,
    logLevel: "warning",
  }),
  build({
    bundle: true,
    entryPoints: ["client/webview/main.css"],
    outfile: "dist/webview/main.css",
    target: "chrome120",
    minify: true,
    logLevel: "warning",
  }),
  // Loaded by the CLI only for workers and runs on them (BullMQ and a Redis client).
  build({
    ...common,
    entryPoints: ["engine/src/distributed/index.ts"],
    outfile: "dist/distributed.js",
    format: "cjs",
  }),
  build({
    ...common,
    entryPoints: ["engine/src/index.ts"],
    outfile: "dist/engine.js",
    format: "cjs",
  }),
]);
chmodSync("dist/cli.js", 0o755);

execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.dts.json"], {
  stdio: "inherit",
});
mkdirSync("dist", { recursive: true });
writeFileSync("dist/engine.d.ts", 'export * from "./types/engine/src/index";\n');
