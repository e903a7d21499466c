import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A size given as text to an argument only known during the run (a step's
 * output) must come to whole bytes, as `--param z=1.3B` and a literal `1.3B`
 * (MF007) must: "1.3B" was read as 1 byte, silently (the real CLI).
 */
describe("momoflow run: a size given as text to an argument", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-size-args-");

  const cases = [
    {
      name: "a declared command's size parameter",
      run: "show(n: steps.a.output)",
      failed: "b",
      message:
        /argument "n" of command `show` must be a whole number of bytes, got "1\.3B" \(1\.3 bytes\) \(declared `n: size`\)/,
    },
    {
      name: "a called workflow's size param",
      run: "workflow sub(n: steps.a.output)",
      failed: "b/s",
      message:
        /argument "n" of workflow `sub` must be a whole number of bytes, got "1\.3B" \(1\.3 bytes\) \(declared `n: size`\)/,
    },
  ];
  for (const c of cases) {
    it(`to ${c.name}: "1.3B" fails the step, not read as 1 byte`, async () => {
      const file = join(tmp(), "size.momoflow");
      writeFileSync(
        file,
        `command show(n: size) {
  run: "echo bytes \${n}"
}

workflow sub {
  param n: size
  step s {
    run: "echo sub \${n}"
  }
}

workflow w {
  step a {
    run: "echo 1.3B"
  }
  step b {
    needs: [a]
    run: ${c.run}
  }
}
`,
      );
      const out = await runCli(["run", file, "--workflow", "w", "--json"], tmp());
      assert.equal(out.code, 1, out.stdout + out.stderr);
      const result = JSON.parse(out.stdout);
      // A called workflow's arguments are fitted as its steps start: its step fails.
      const failed = result.steps.find((s: { status: string }) => s.status === "failed");
      assert.equal(failed?.id, c.failed);
      assert.match(failed.error, c.message);
    });
  }

  it('"1.5KB" (1536 bytes) still passes', async () => {
    const file = join(tmp(), "size.momoflow");
    writeFileSync(
      file,
      `workflow sub {
  param n: size
  step s {
    run: "echo sub \${n}"
  }
}

workflow w {
  step a {
    run: "echo 1.5KB"
  }
  step b {
    needs: [a]
    run: workflow sub(n: steps.a.output)
  }
}
`,
    );
    const out = await runCli(["run", file, "--workflow", "w", "--json"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
  });
});
