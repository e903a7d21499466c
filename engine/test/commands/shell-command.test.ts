import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { useTempDir } from "../support/temp-dir";
import { createCommandRegistry } from "../../src/commands/registry";
import { ShellCommand } from "../../src/commands/shell-command";
import { recordingExecution } from "./execution-fixture";

describe("ShellCommand", () => {
  const dir = useTempDir("momoflow-shellcmd-");
  const registry = createCommandRegistry({ builtins: false });
  registry.register(
    "show",
    new ShellCommand("show", "Print each argument in brackets", "printf '[%s]\\n' ${value}", [
      { name: "value", type: "any" },
    ]),
  );
  registry.register(
    "mark",
    new ShellCommand(
      "mark",
      "Write a marker file",
      'echo "${text}" > "${name}.txt"',
      [
        { name: "name", type: "string" },
        { name: "text", type: "string", default: "marked by ${name}" },
      ],
      { rollbackTemplate: 'rm -f "${name}.txt"', doc: "Writes `<name>.txt`." },
    ),
  );

  it("substitutes an injection attempt as one literal argument, for real", async () => {
    const execution = recordingExecution({ workingDirectory: dir() });
    const output = await registry.invoke(
      "show",
      { value: "x; touch pwned $(touch p2)" },
      execution,
    );
    assert.equal(output, "[x; touch pwned $(touch p2)]");
    assert.equal(existsSync(join(dir(), "pwned")), false);
    assert.equal(existsSync(join(dir(), "p2")), false);
    assert.deepEqual(readdirSync(dir()), []);
  });

  it("passes a list as one argument per element", async () => {
    const output = await registry.invoke(
      "show",
      { value: ["a b", "c"] },
      recordingExecution({ workingDirectory: dir() }),
    );
    assert.equal(output, "[a b]\n[c]");
  });

  it("runs its rollback template as the automatic undo", async () => {
    const execution = recordingExecution({ workingDirectory: dir() });
    await registry.invoke("mark", { name: "it's" }, execution);
    // A default is a value like any other: its `${name}` is text, never interpolated.
    assert.equal(readFileSync(join(dir(), "it's.txt"), "utf8"), "marked by ${name}\n");
    await registry.undo("mark", { name: "it's" }, undefined, execution);
    assert.equal(existsSync(join(dir(), "it's.txt")), false);
    const signature = registry.signature("mark")!;
    assert.equal(signature.reversible, true);
    assert.equal(signature.undoDescription, "running its rollback script");
    assert.equal(signature.doc, "Writes `<name>.txt`.");
    assert.equal(registry.signature("show")!.reversible, false);
  });

  it("reports the child's metrics to the invocation", async function () {
    if (process.platform !== "linux") this.skip();
    const execution = recordingExecution({ workingDirectory: dir() });
    await registry.invoke("show", { value: 1 }, execution);
    assert.equal(execution.childMetrics.length, 1);
    // CPU comes from the shell's own record; memory is sampled, and a command this short may end first.
    assert.ok(execution.childMetrics[0]!.cpuUserMs !== undefined);
  });

  it("reads ${env.NAME} from the run's environment", async () => {
    const command = new ShellCommand("greet", "", "printf '%s' ${env.WHO}");
    const local = createCommandRegistry({ builtins: false });
    local.register("greet", command);
    const env = { PATH: process.env.PATH, WHO: "a b; c" };
    assert.equal(
      await local.invoke("greet", {}, recordingExecution({ workingDirectory: dir(), env })),
      "a b; c",
    );
    await assert.rejects(
      local.invoke("greet", {}, recordingExecution({ workingDirectory: dir(), env: {} })),
      /environment variable WHO is not set/,
    );
  });

  it("refuses a placeholder that names no parameter", () => {
    assert.throws(
      () => new ShellCommand("bad", "", "echo ${nme}", [{ name: "name", type: "string" }]),
      { message: 'command "bad": "${nme}" is not one of its parameters (name)' },
    );
    assert.throws(
      () => new ShellCommand("bad", "", "true", [], { rollbackTemplate: "echo ${x + 1}" }),
      /command "bad": "\$\{x \+ 1\}" is not a reference/,
    );
  });

  it("refuses a placeholder where no quoting protects it, unless a number is safe there", () => {
    assert.throws(
      () =>
        new ShellCommand("price", "", 'echo "$${amount}"', [{ name: "amount", type: "string" }]),
      /command "price": "\$\{amount\}" stands right after "\$"/,
    );
    assert.throws(
      () => new ShellCommand("add", "", "echo $(( 1 + ${n} ))", [{ name: "n", type: "string" }]),
      /command "add": "\$\{n\}" is inside shell arithmetic/,
    );
    assert.throws(
      () =>
        new ShellCommand("undo", "", "true", [{ name: "n", type: "string" }], {
          rollbackTemplate: "echo `echo ${n}`",
        }),
      /command "undo": "\$\{n\}" is inside backquotes/,
    );
    const add = new ShellCommand("add", "", "echo $(( 1 + ${n} ))", [{ name: "n", type: "int" }]);
    assert.equal(add.template, "echo $(( 1 + ${n} ))");
  });

  it("fails with the exit code and stderr", async () => {
    const local = createCommandRegistry({ builtins: false });
    local.register("boom", new ShellCommand("boom", "", "echo broken >&2; exit 4"));
    await assert.rejects(
      local.invoke("boom", {}, recordingExecution({ workingDirectory: dir() })),
      {
        message: 'shell command "echo broken >&2; exit 4" exited with code 4: broken',
      },
    );
  });

  it("runs under the shell of its options, its rollback too, and reads $MOMOFLOW_OUTPUT", async () => {
    const local = createCommandRegistry({ builtins: false });
    const probe = 'echo noise; printf "[%s]" "\\${BASH_VERSION:-}" > "\\$MOMOFLOW_OUTPUT"';
    local.register(
      "probe",
      new ShellCommand("probe", "Which shell runs it", probe, [], {
        shell: "sh",
        rollbackTemplate: 'printf "[%s]" "\\${BASH_VERSION:-}" > undone.txt',
      }),
    );
    const execution = recordingExecution({ workingDirectory: dir() });
    assert.equal(await local.invoke("probe", {}, execution), "[]");
    await local.undo("probe", {}, undefined, execution);
    assert.equal(readFileSync(join(dir(), "undone.txt"), "utf8"), "[]");
  });
});
