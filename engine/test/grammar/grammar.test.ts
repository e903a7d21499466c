import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/**
 * Runs the TextMate grammar tests (`syntaxes/tests/*.test.momoflow`, and any
 * `test-fixtures/**\/*.test.momoflow`) with vscode-tmgrammar-test as a real
 * process, the way CI and a contributor on the command line run them.
 */

const ROOT = resolve(__dirname, "../../..");
const GRAMMAR = "syntaxes/momoflow.tmLanguage.json";
const GLOBS = ["syntaxes/tests/*.test.momoflow", "test-fixtures/**/*.test.momoflow"];

/** The runner's entry point, from the package's own `bin` (not a hard-coded path). */
function runnerPath(): string {
  const manifestPath = require.resolve("vscode-tmgrammar-test/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    bin: Record<string, string>;
  };
  const bin = manifest.bin["vscode-tmgrammar-test"];
  assert.ok(bin, "vscode-tmgrammar-test declares no vscode-tmgrammar-test bin");
  return resolve(manifestPath, "..", bin);
}

/** Every `*.test.momoflow` under `dir` (recursively), relative to ROOT; none when `dir` is absent. */
function testFiles(dir: string, recursive: boolean): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.momoflow"))
    .map((f) => relative(ROOT, join(abs, f)).split("\\").join("/"))
    .sort();
}

function run(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    });
    let output = "";
    let timedOut = false;
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output, timedOut });
    });
  });
}

/** Assertion lines of the runner's format: `// ^^^ scope - excluded` or `// <--- scope`. */
const ASSERTION = /^\/\/\s*(?:\^+\s*)+|^\/\/\s*<~*-+/;

/** The scopes a test file requires somewhere (the part of each assertion before ` - `). */
function requiredScopes(file: string): Set<string> {
  const scopes = new Set<string>();
  for (const line of readFileSync(join(ROOT, file), "utf8").split(/\r?\n/)) {
    const m = ASSERTION.exec(line);
    if (!m) continue;
    const required = line.slice(m[0].length).split(/\s+-(?:\s|$)/)[0] ?? "";
    for (const s of required.split(/\s+/)) if (s) scopes.add(s);
  }
  return scopes;
}

/** Every scope name the grammar can emit (`name`, `contentName`, capture names). */
function grammarScopes(): Set<string> {
  const grammar = JSON.parse(readFileSync(join(ROOT, GRAMMAR), "utf8")) as unknown;
  const scopes = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === "name" || key === "contentName") && typeof value === "string") {
        for (const s of value.split(/\s+/)) if (s.endsWith(".momoflow")) scopes.add(s);
      } else visit(value);
    }
  };
  visit(grammar);
  return scopes;
}

describe("TextMate grammar", function () {
  this.timeout(60_000);

  it("passes every grammar test (syntaxes/tests and test-fixtures)", async () => {
    const files = [...testFiles("syntaxes/tests", false), ...testFiles("test-fixtures", true)];
    assert.ok(files.length > 0, "no *.test.momoflow files found");
    // The glob takes every *.test.momoflow under test-fixtures: say plainly when one is not
    // a grammar test, rather than leaving the runner's parse error to explain it.
    const HEADER = /^\S+\s+SYNTAX\s+TEST\s+"[^"]+"/;
    for (const file of files) {
      const first = readFileSync(join(ROOT, file), "utf8").split(/\r?\n/, 1)[0] ?? "";
      assert.match(
        first,
        HEADER,
        `${file} is picked up as a grammar test but does not start with ` +
          `// SYNTAX TEST "source.momoflow" "description": add the header or rename the file`,
      );
    }
    const { code, output, timedOut } = await run([runnerPath(), "-g", GRAMMAR, ...GLOBS], 50_000);
    const report = `vscode-tmgrammar-test output:\n${output}`;
    assert.equal(timedOut, false, `the grammar test runner timed out\n${report}`);
    assert.equal(code, 0, `grammar tests failed (exit code ${code})\n${report}`);
    for (const file of files) {
      assert.ok(output.includes(`✓ ${file} `), `${file} was not reported as passing\n${report}`);
    }
  });

  it("has a test assertion for every scope the grammar emits", () => {
    const asserted = new Set(
      testFiles("syntaxes/tests", false).flatMap((f) => [...requiredScopes(f)]),
    );
    const missing = [...grammarScopes()].filter((scope) => {
      if (!scope.includes("$")) return !asserted.has(scope);
      // `keyword.operator.word.$1.momoflow`: any instantiation counts.
      const pattern = new RegExp(
        "^" + scope.replace(/[.]/g, "\\.").replace(/\\?\$\d+/g, "[a-z_]+") + "$",
      );
      return ![...asserted].some((s) => pattern.test(s));
    });
    assert.deepEqual(missing, [], "scopes with no assertion in syntaxes/tests");
  });

  it("declares the scope name and file type the extension registers", () => {
    const grammar = JSON.parse(readFileSync(join(ROOT, GRAMMAR), "utf8")) as {
      scopeName: string;
      fileTypes: string[];
    };
    assert.equal(grammar.scopeName, "source.momoflow");
    assert.deepEqual(grammar.fileTypes, ["momoflow"]);
  });
});
