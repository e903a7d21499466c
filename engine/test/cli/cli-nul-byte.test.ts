import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A step output holding a NUL byte, used where the operating system takes no
 * NUL (an environment variable, a file path, a folder): the step fails with
 * an error naming the step, the property and the NUL byte, not Node's own
 * message that says neither where nor which (the real CLI).
 */
describe("momoflow run: a NUL byte where none can go", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-nul-");

  const cases = [
    {
      name: "an env: variable",
      use: 'env: { V: steps.a.output }\n    run: "echo $V"',
      message:
        /step "b": env V holds a NUL byte \("x\\u0000y"\), which no environment variable can hold/,
    },
    {
      name: "a file path argument",
      use: 'run: create_file(path: steps.a.output, content: "hi")',
      message:
        /command "create_file": argument "path" holds a NUL byte \("x\\u0000y"\), which no file path can hold/,
    },
    {
      name: "a workdir",
      use: 'workdir: steps.a.output\n    run: "echo hi"',
      message:
        /step "b": its workdir holds a NUL byte \("x\\u0000y"\), which no folder name can hold/,
    },
  ];
  for (const c of cases) {
    it(`in ${c.name}: the step fails naming itself, the property and the NUL byte`, async () => {
      const file = join(tmp(), "nul.momoflow");
      writeFileSync(
        file,
        `workflow w {
  step a { run: "printf 'x\\\\000y'" }
  step b {
    needs: [a]
    ${c.use}
  }
}
`,
      );
      const out = await runCli(["run", file, "--json"], tmp());
      assert.equal(out.code, 1, out.stdout + out.stderr);
      const result = JSON.parse(out.stdout);
      const b = result.steps.find((s: { id: string }) => s.id === "b");
      assert.equal(b.status, "failed");
      assert.match(b.error, c.message);
      assert.doesNotMatch(out.stdout + out.stderr, /null bytes/);
    });
  }
});

/**
 * A NUL byte reaching a shell script — interpolated into a shell action, or
 * given as the whole script of `sh` — from a param (`--param 'x="a\u0000b"'`,
 * JSON for an `any`) or a step output: the step fails cleanly with a message
 * naming the step, the value's source and the NUL byte (not Node's "must be a
 * string without null bytes"), and the step before it is rolled back, then
 * and from the record alike.
 */
describe("momoflow run: a NUL byte reaching a shell script", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-nul-script-");

  const cases = [
    {
      name: "a param interpolated into a shell action",
      run: '"echo ${x}"',
      source:
        /"\$\{x\}" \(param `x`\) holds a NUL byte \("a\\u0000b"\), which a shell script cannot carry/,
    },
    {
      name: "a step output interpolated into a shell action",
      run: '"echo ${steps.a.output}"',
      source:
        /"\$\{steps\.a\.output\}" \(the output of step `a`\) holds a NUL byte \("x\\u0000y"\), which a shell script cannot carry/,
    },
    {
      name: "a param given as the whole script of sh",
      run: "sh(script: x)",
      source:
        /the script of sh \(param `x`\) holds a NUL byte \("a\\u0000b"\), which a shell script cannot carry/,
    },
    {
      name: "a step output given as the whole script of sh",
      run: "sh(script: steps.a.output)",
      source:
        /the script of sh \(the output of step `a`\) holds a NUL byte \("x\\u0000y"\), which a shell script cannot carry/,
    },
    {
      name: "a param reaching a command's shell action through its parameter",
      run: "say(what: x)",
      source:
        /"\$\{what\}" \(parameter `what` of command `say`\) holds a NUL byte \("a\\u0000b"\), which a shell script cannot carry/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: the step fails naming itself and the source, the earlier step is rolled back`, async () => {
      const file = join(tmp(), "nul.momoflow");
      writeFileSync(
        file,
        `command say(what: string) {
  run: "echo \${what}"
}

workflow w {
  param x: any = "none"
  step a {
    run: "printf 'x\\\\000y'; touch made"
    rollback: "rm made"
  }
  step b {
    needs: [a]
    run: ${c.run}
  }
}
`,
      );
      const out = await runCli(
        ["run", file, "--json", "--no-rollback", "--param", 'x="a\\u0000b"'],
        tmp(),
      );
      assert.equal(out.code, 1, out.stdout + out.stderr);
      const result = JSON.parse(out.stdout);
      const b = result.steps.find((s: { id: string }) => s.id === "b");
      assert.equal(b.status, "failed");
      assert.match(b.error, c.source);
      assert.match(result.error, /^step "b" failed: /);
      assert.doesNotMatch(out.stdout + out.stderr, /null bytes/);
      assert.ok(existsSync(join(tmp(), "made")), "a ran");
      const back = await runCli(["rollback", file], tmp());
      assert.equal(back.code, 0, back.stdout + back.stderr);
      assert.ok(!existsSync(join(tmp(), "made")), "a was rolled back from the record");
    });
  }
});

/**
 * A rollback reading its own output, which holds a NUL byte: its undo could
 * not be written into the record when the step ended, so `momoflow rollback
 * <file>` undoes it with the workflow, and says what is wrong with the value,
 * not that the output "was never recorded" (it was).
 */
describe("momoflow rollback: an undo reading its own output that holds a NUL byte", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-nul-own-");

  it("fails the undo naming the NUL byte, not an output never recorded", async () => {
    const file = join(tmp(), "own.momoflow");
    writeFileSync(
      file,
      `workflow w {
  step a {
    run: "printf 'x\\\\000y'"
    rollback: "echo undo \${steps.a.output}"
  }
  step b {
    needs: [a]
    run: "false"
    rollback: none
  }
}
`,
    );
    const run = await runCli(["run", file, "--no-rollback"], tmp());
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const back = await runCli(["rollback", file], tmp());
    assert.equal(back.code, 1, back.stdout + back.stderr);
    assert.match(back.stdout, /a rollback_failed .*holds a NUL byte/);
    assert.doesNotMatch(back.stdout, /never recorded/);
  });
});
