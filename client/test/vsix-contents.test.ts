import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./fakes/load-extension";

/**
 * What `npm run package` puts in the .vsix, as `vsce ls` lists it (fast:
 * no zip). .vscodeignore keeps it to the bundles and the declarative files.
 */
describe("the .vsix file list (vsce ls)", function () {
  this.timeout(60_000);
  let files: string[];

  before(() => {
    const vsce = join(ROOT, "node_modules/@vscode/vsce/vsce");
    const result = spawnSync(process.execPath, [vsce, "ls", "--no-dependencies"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(result.status, 0, result.stderr);
    files = result.stdout.split("\n").filter(Boolean).sort();
  });

  it("ships the bundles, the declarative contributions, the README and the licence", () => {
    for (const file of [
      "package.json",
      "README.md",
      "LICENSE",
      "dist/extension.js",
      "dist/server.js",
      "dist/cli.js",
      "dist/cli-check.js",
      "dist/cli-main.js",
      "dist/distributed.js",
      "syntaxes/momoflow.tmLanguage.json",
      "language-configuration.json",
      "snippets/momoflow.json",
      "images/icon.png",
    ])
      assert.ok(files.includes(file), `${file} ships (got ${files.join(", ")})`);
  });

  it("ships no sources, tests, fixtures, dependencies or library-only files", () => {
    const unwanted = files.filter((file) =>
      /^(node_modules|engine|server|client|test-fixtures|examples|scripts|docs|schemas|\.vscode|\.ci|\.momoflow)\/|^syntaxes\/tests\/|\.ts$|\.map$|^dist\/(engine\.|types\/)|^tsconfig|^\.(mocharc|prettier|git)|\.vsix$/.test(
        file,
      ),
    );
    assert.deepEqual(unwanted, []);
  });

  it("ships from dist/ only bundles and their assets (no source maps)", () => {
    for (const file of files.filter((f) => f.startsWith("dist/")))
      assert.match(file, /\.(js|css|html|json|png|svg|woff2?)$/, file);
  });
});
