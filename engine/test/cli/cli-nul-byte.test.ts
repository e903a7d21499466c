import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
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
