import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";
import type { RunResultFile } from "../../src/record/result-file";

/** A command whose script fails on its second line (tools.momoflow:4), called through another. */
const tools = `command deploy(target: string) {
  run: """
    echo "deploying to \${target}"
    cat missing-\${target}.txt
  """
  rollback: none
}

command ship(t: string) {
  run: deploy(target: t)
}
`;

/** A command of the workflow's own file (line 6), an imported one, and `sh(script: """…""")` (line 27). */
const main = `import "./lib/tools.momoflow"

command build {
  run: """
    echo building
    false
  """
  rollback: none
}

workflow local {
  step a {
    run: build()
  }
}

workflow imported {
  step b {
    run: ship(t: "prod")
  }
}

workflow direct {
  step c {
    run: sh(script: """
      echo direct
      false
    """)
    rollback: none
  }
}
`;

/**
 * A failed bash script written in a declared command (of the workflow's
 * file or an imported one, called directly or through another command) or
 * as `sh`'s script names the line of the file it is written on, as a
 * step's own script does.
 */
describe("a failed command's script names its line in the file that declares it (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-command-line-");

  async function errorOf(workflow: string): Promise<string> {
    mkdirSync(join(tmp(), "lib"), { recursive: true });
    writeFileSync(join(tmp(), "lib", "tools.momoflow"), tools);
    writeFileSync(join(tmp(), "w.momoflow"), main);
    const out = await startCli(["run", "w.momoflow", "--workflow", workflow, "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    const result = JSON.parse(out.stdout) as RunResultFile;
    return result.steps[0]?.error ?? "";
  }

  it("a command of the workflow's own file", async () => {
    assert.equal(
      await errorOf("local"),
      'shell command "echo building …" exited with code 1 at line 2 of the script (w.momoflow:6), `false`: building',
    );
  });

  it("an imported command, called through another command", async () => {
    assert.equal(
      await errorOf("imported"),
      'shell command "echo \\"deploying to prod\\" …" exited with code 1 at line 2 of the script ' +
        "(lib/tools.momoflow:4), `cat missing-prod.txt`: cat: missing-prod.txt: No such file or directory",
    );
  });

  it('sh(script: """…""")', async () => {
    assert.equal(
      await errorOf("direct"),
      'shell command "echo direct …" exited with code 1 at line 2 of the script (w.momoflow:27), `false`: direct',
    );
  });
});
