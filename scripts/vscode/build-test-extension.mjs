// Builds what the extension-host suite runs in (after `npm run build`):
//  - .vscode-test/suite/run-suite.js: the suite and its mocha runner, for
//    @vscode/test-electron's extensionTestsPath (`run()`);
//  - .vscode-test/momoflow-under-test.vsix: the test build of the extension
//    for code-server, whose activation runs the suite (host/extension-under-test.ts).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = ".vscode-test";
const stage = join(out, "extension-under-test");
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "inline",
  // "error": mocha's parallel mode (unused here) warns about require.resolve.
  logLevel: "error",
  external: ["vscode"],
};

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, "dist"), { recursive: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ["client/test-vscode/host/run-suite.ts"],
    outfile: join(out, "suite", "run-suite.js"),
  }),
  build({
    ...common,
    entryPoints: ["client/test-vscode/host/extension-under-test.ts"],
    outfile: join(stage, "dist", "extension-under-test.js"),
  }),
]);

// The shipped extension's files, with the test build as its entry point.
for (const file of [
  "dist/server.js",
  "dist/cli.js",
  "dist/cli-check.js",
  "dist/cli-main.js",
  "dist/webview",
  "README.md",
  "LICENSE",
])
  cpSync(file, join(stage, file), { recursive: true });
for (const file of ["language-configuration.json", "syntaxes", "snippets", "images"])
  cpSync(file, join(stage, file), { recursive: true });
const manifest = JSON.parse(readFileSync("package.json", "utf8"));
manifest.main = "./dist/extension-under-test.js";
delete manifest.scripts;
writeFileSync(join(stage, "package.json"), JSON.stringify(manifest, null, 2));
writeFileSync(
  join(stage, ".vscodeignore"),
  readFileSync(".vscodeignore", "utf8") + "\n!dist/extension-under-test.js\n",
);
execFileSync(
  process.execPath,
  [
    join(process.cwd(), "node_modules/@vscode/vsce/vsce"),
    "package",
    "--no-dependencies",
    "--allow-missing-repository",
    "--skip-license",
    "--out",
    join(process.cwd(), out, "momoflow-under-test.vsix"),
  ],
  { cwd: stage, stdio: ["ignore", "ignore", "inherit"] },
);
console.log(`built ${out}/momoflow-under-test.vsix and ${out}/suite/run-suite.js`);
