import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT } from "./fakes/load-extension";

interface ProblemPattern {
  name: string;
  regexp: string;
  file: number;
  line: number;
  column: number;
  severity: number;
  code: number;
  message: number;
}

interface JsonDiagnostic {
  file: string;
  range: { start: { line: number; character: number } };
  severity: "error" | "warning" | "information" | "hint";
  code: string;
  message: string;
}

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  contributes: { problemPatterns: ProblemPattern[] };
};
const pattern = manifest.contributes.problemPatterns.find((p) => p.name === "momoflow");
const cli = join(ROOT, "dist/cli.js");

/** The severity VS Code gives a matched word (problemMatcher.ts: Severity.fromValue, then hint/note → info). */
function vscodeSeverity(word: string): "error" | "warning" | "info" | undefined {
  const w = word.toLowerCase();
  if (w === "error") return "error";
  if (w === "warning" || w === "warn") return "warning";
  if (w === "info" || w === "hint" || w === "note") return "info";
  return undefined; // VS Code would fall back to the matcher's default: error
}

function match(line: string) {
  assert.ok(pattern, "the manifest has the momoflow problem pattern");
  const m = new RegExp(pattern.regexp).exec(line);
  if (!m) return undefined;
  return {
    file: m[pattern.file],
    line: Number(m[pattern.line]),
    column: Number(m[pattern.column]),
    severity: vscodeSeverity(m[pattern.severity] ?? ""),
    code: m[pattern.code],
    message: m[pattern.message],
  };
}

function check(args: string[], env: NodeJS.ProcessEnv = {}): string[] {
  const result = spawnSync(process.execPath, [cli, "check", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
  });
  assert.equal(result.status, 1, result.stderr);
  return result.stdout.split("\n").filter((l) => l !== "");
}

function expected(args: string[]): JsonDiagnostic[] {
  const result = spawnSync(process.execPath, [cli, "check", "--format", "json", ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return JSON.parse(result.stdout) as JsonDiagnostic[];
}

/** Each printed line matches the pattern and gives what `--format json` says. */
function assertMatchesJson(
  lines: string[],
  diagnostics: JsonDiagnostic[],
  strip = (l: string) => l,
) {
  assert.equal(lines.length, diagnostics.length);
  lines.forEach((line, i) => {
    const d = diagnostics[i] as JsonDiagnostic;
    const got = match(line);
    assert.ok(got, `the problem matcher matches: ${JSON.stringify(line)}`);
    assert.equal(resolve(ROOT, got.file ?? ""), d.file, strip(line));
    assert.equal(got.line, d.range.start.line + 1, strip(line));
    assert.equal(got.column, d.range.start.character + 1, strip(line));
    assert.equal(
      got.severity,
      d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "info",
    );
    assert.equal(got.code, d.code);
    assert.equal(got.message, d.message);
  });
}

describe("the momoflow problem matcher against the real CLI", function () {
  this.timeout(60_000);

  it("matches every line of `momoflow check` on the MF002 fixture (relative paths)", () => {
    const file = "test-fixtures/invalid/mf002-unknown-step.momoflow";
    const lines = check([file]);
    assert.ok(lines.length >= 5);
    for (const line of lines) assert.equal(match(line)?.file, file);
    assertMatchesJson(lines, expected([file]));
    assert.deepEqual(match(lines[0] as string), {
      file,
      line: 6,
      column: 13,
      severity: "error",
      code: "MF002",
      message: 'unknown step "biuld" in workflow "build_site"; did you mean "build"?',
    });
  });

  it("matches errors, warnings and hints of every invalid fixture", () => {
    const lines = check(["test-fixtures/invalid"]);
    const diagnostics = expected(["test-fixtures/invalid"]);
    assert.deepEqual(
      [...new Set(diagnostics.map((d) => d.severity))].sort(),
      ["error", "hint", "warning"],
      "the fixtures cover three severities",
    );
    assertMatchesJson(lines, diagnostics);
  });

  it("reads paths relative to the CLI's working directory (the task's: the workspace folder)", () => {
    const file = join(ROOT, "test-fixtures/invalid/mf002-unknown-step.momoflow");
    const lines = check([file]);
    assert.ok(lines.length > 0);
    for (const line of lines)
      assert.equal(match(line)?.file, "test-fixtures/invalid/mf002-unknown-step.momoflow");
  });

  it("matches absolute POSIX and Windows paths (autoDetect takes them as they are)", () => {
    for (const file of ["/ws/site.momoflow", "C:\\ws\\site.momoflow", "D:/ws/a b.momoflow"])
      assert.deepEqual(match(`${file}:12:3: warning MF011: step "x" cannot be undone`), {
        file,
        line: 12,
        column: 3,
        severity: "warning",
        code: "MF011",
        message: 'step "x" cannot be undone',
      });
  });

  it("matches coloured output too (FORCE_COLOR, as in a task terminal)", () => {
    const file = "test-fixtures/invalid/mf002-unknown-step.momoflow";
    const lines = check([file], { FORCE_COLOR: "1" });
    // eslint-disable-next-line no-control-regex
    const ansi = /\u001b\[[0-9;]*m/g;
    assert.ok(
      lines.some((l) => ansi.test(l)),
      "the CLI coloured its output",
    );
    assertMatchesJson(lines, expected([file]), (l) => l.replace(ansi, ""));
  });

  it("reads `information` as info, not as an unknown word (which VS Code would make an error)", () => {
    const got = match("a.momoflow:1:2: information MF099: a note");
    assert.equal(got?.severity, "info");
    assert.equal(got?.code, "MF099");
    assert.equal(got?.message, "a note");
  });

  it("does not match the summary or progress lines", () => {
    for (const line of ["5 errors in 1 file", "no problems in 3 files", "✓ build  12 ms", ""])
      assert.equal(match(line), undefined, line);
  });
});
