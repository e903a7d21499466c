import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { hasTaskVariable, literalInvocation } from "../src/run/literal-invocation";
import { runtimeWithoutVariables } from "../src/run/runtime-link";
import { cliInvocation, type MomoflowTaskDefinition } from "../src/run/task-definition";

const RUN: MomoflowTaskDefinition = { type: "momoflow", action: "run", file: "a.momoflow" };

/** The folder runtimeWithoutVariables keeps its link to `path` in. */
function linkFolder(path: string): string {
  return join(
    tmpdir(),
    `momoflow-runtime-${createHash("sha256").update(path).digest("hex").slice(0, 16)}`,
  );
}

/**
 * VS Code substitutes `${…}` in a task's command too, so a VS Code installed
 * where its path holds `${` could not start the CLI: the task's command is
 * then a link to it in a folder of the user's own.
 */
describe("VS Code's runtime at a path holding ${…}", () => {
  let dir = "";
  let runtime = "";

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "momoflow-runtime-link-"));
    // Node stands in for VS Code's runtime (run as Node, it is one).
    runtime = join(dir, "code ${env:HOME} ${command:x}", "code");
    mkdirSync(dirname(runtime));
    symlinkSync(process.execPath, runtime);
  });

  afterEach(() => {
    rmSync(linkFolder(runtime), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it("is started through a link to it in a folder of this user's own, closed to others, made once", () => {
    assert.equal(runtimeWithoutVariables(process.execPath), process.execPath);
    const link = runtimeWithoutVariables(runtime);
    assert.ok(!hasTaskVariable(link), link);
    assert.equal(realpathSync(link), realpathSync(runtime));
    assert.equal(statSync(dirname(link)).mode & 0o777, 0o700);
    assert.equal(runtimeWithoutVariables(runtime), link);
  });

  it("runs the CLI with no ${ in what VS Code substitutes, also with a param value holding ${…}", () => {
    const cli = join(dir, "cli.js");
    writeFileSync(
      cli,
      "process.stdout.write(JSON.stringify(process.argv.slice(2))); process.exitCode = 3;",
    );
    const link = runtimeWithoutVariables(runtime);
    for (const definition of [RUN, { ...RUN, params: { greeting: "Hello ${file}" } }]) {
      const invocation = literalInvocation(
        cliInvocation(definition, dir, { cliPath: cli, execPath: link }),
        { launcher: { command: link, env: { ELECTRON_RUN_AS_NODE: "1" } } },
      );
      const texts = [invocation.command, ...invocation.args, invocation.cwd];
      for (const text of [...texts, ...Object.values(invocation.env)])
        assert.ok(!hasTaskVariable(text), `VS Code would substitute in ${JSON.stringify(text)}`);
      const started = spawnSync(invocation.command, invocation.args, {
        cwd: invocation.cwd,
        env: { ...process.env, ...invocation.env },
        encoding: "utf8",
      });
      assert.equal(started.status, 3, started.stderr);
      const argv = JSON.parse(started.stdout) as string[];
      assert.ok(argv.includes("a.momoflow"), started.stdout);
      if (definition !== RUN) assert.ok(argv.includes("greeting=Hello ${file}"), started.stdout);
    }
  });

  it("is not linked from a folder others may write in (they could swap the link): the path as it is", () => {
    mkdirSync(linkFolder(runtime));
    chmodSync(linkFolder(runtime), 0o777);
    assert.equal(runtimeWithoutVariables(runtime), runtime);
  });
});
