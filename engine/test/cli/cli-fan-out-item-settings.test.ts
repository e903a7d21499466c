import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { runCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";
import type { RunResultFile } from "../../src/record/result-file";

/**
 * A fan-out item in the settings each instance resolves — `workdir`, `env`,
 * `description`, `inputs`, `outputs` — through the real CLI, on real
 * folders: each instance runs (and is undone) in the folder its item names,
 * with its own variables, description and up-to-date files.
 */
describe("fan-out: the item in workdir, env, description, inputs and outputs (real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-fan-out-item-");
  const file = (): string => join(tmp(), "flow.momoflow");
  const read = (...parts: string[]): string => readFileSync(join(tmp(), ...parts), "utf8");
  const cli = (...args: string[]): Promise<CliOutcome> => runCli(args, tmp());
  const runsDir = (): string => join(tmp(), ".momoflow", "runs");
  const lastRun = (): string =>
    readdirSync(runsDir())
      .filter((n) => n !== "latest")
      .sort()
      .at(-1)!;
  const result = (): RunResultFile =>
    JSON.parse(readFileSync(join(runsDir(), lastRun(), "result.json"), "utf8"));
  const statuses = (): Record<string, string> =>
    Object.fromEntries(result().steps.map((s) => [s.id, s.status]));

  /** Each site's instance works in its own folder, and a later step may fail. */
  const SITES = (rollbackOnFailure: boolean): string => `workflow sites {
  param names: list = ["blog", "shop"]
  param fail: bool = false
  rollback_on_failure: ${rollbackOnFailure}

  step build {
    for_each: site in names
    workdir: "sites/\${site}"
    env: { SITE: site }
    description: "build \${site}"
    run: "pwd > where.txt; echo built $SITE"
    rollback: "rm where.txt; echo $SITE > undone.txt"
  }
  step publish {
    needs: build
    run: "test \${fail} = false"
  }
}
`;

  beforeEach(() => {
    for (const site of ["blog", "shop"]) mkdirSync(join(tmp(), "sites", site), { recursive: true });
  });

  it("runs each instance in the folder its item names, with its variables and description", async () => {
    writeFileSync(file(), SITES(true));
    const out = await cli("run", file());
    assert.equal(out.code, 0, said(out));
    for (const site of ["blog", "shop"])
      assert.equal(read("sites", site, "where.txt").trim(), join(tmp(), "sites", site));
    assert.deepEqual(result().steps.find((s) => s.id === "build[1]")?.output, "built shop");
    const journal = read(".momoflow", "runs", lastRun(), "journal.jsonl");
    assert.match(journal, /"id":"build\[0\]"[^\n]*"description":"build blog"/);
    assert.match(journal, /"id":"build\[1\]"[^\n]*"description":"build shop"/);
  });

  it("undoes each instance in its own folder, with its own variables, after a later step fails", async () => {
    writeFileSync(file(), SITES(true));
    const out = await cli("run", file(), "--param", "fail=true");
    assert.notEqual(out.code, 0, said(out));
    assert.equal(statuses()["build"], "rolled_back");
    for (const site of ["blog", "shop"]) {
      assert.equal(read("sites", site, "undone.txt").trim(), site);
      assert.equal(existsSync(join(tmp(), "sites", site, "where.txt")), false);
    }
  });

  it("momoflow rollback undoes each instance in its own folder from the run record", async () => {
    writeFileSync(file(), SITES(false));
    const failed = await cli("run", file(), "--param", "fail=true");
    assert.notEqual(failed.code, 0, said(failed));
    assert.equal(existsSync(join(tmp(), "sites", "blog", "where.txt")), true);
    const undone = await cli("rollback", join(runsDir(), lastRun()));
    assert.equal(undone.code, 0, said(undone));
    for (const site of ["blog", "shop"]) {
      assert.equal(read("sites", site, "undone.txt").trim(), site);
      assert.equal(existsSync(join(tmp(), "sites", site, "where.txt")), false);
    }
  });

  it("skips an instance whose own outputs, named by its item, are newer than its own inputs", async () => {
    mkdirSync(join(tmp(), "src"));
    mkdirSync(join(tmp(), "out"));
    for (const name of ["a", "b"]) writeFileSync(join(tmp(), "src", `${name}.txt`), name);
    writeFileSync(
      file(),
      `workflow convert {
  step each {
    for_each: name in ["a", "b"]
    inputs: "src/\${name}.txt"
    outputs: ["out/\${name}.txt"]
    run: "cp src/\${name}.txt out/\${name}.txt; echo \${name} >> ran.log"
    rollback: none
  }
}
`,
    );
    assert.equal((await cli("run", file())).code, 0);
    assert.deepEqual(read("ran.log").split("\n").filter(Boolean), ["a", "b"]);
    // Only b's input is newer than its output now.
    const later = new Date(Date.now() + 10_000);
    utimesSync(join(tmp(), "src", "b.txt"), later, later);
    const again = await cli("run", file());
    assert.equal(again.code, 0, said(again));
    assert.deepEqual(read("ran.log").split("\n").filter(Boolean), ["a", "b", "b"]);
    assert.equal(statuses()["each[0]"], "skipped");
    assert.equal(statuses()["each[1]"], "success");
  });

  it("fails the step, saying why and running no instance, when an item makes an output no relative path", async () => {
    writeFileSync(
      file(),
      `workflow bad {
  step each {
    for_each: name in ["ok", "/etc/passwd"]
    outputs: name
    run: "echo \${name} >> ran.log"
    rollback: none
  }
}
`,
    );
    const out = await cli("run", file());
    assert.notEqual(out.code, 0, said(out));
    assert.match(
      out.stdout + out.stderr,
      /its instances could not be made: .*"outputs" takes relative paths or globs; "\/etc\/passwd" is not one/,
    );
    assert.equal(existsSync(join(tmp(), "ran.log")), false);
    assert.equal(statuses()["each"], "failed");
  });

  it("refuses before the run, as for any step, outputs that read no item and are no relative path", async () => {
    writeFileSync(
      file(),
      `workflow bad {
  param out: string = "/tmp/elsewhere"
  step first {
    run: "echo first >> ran.log"
    rollback: none
  }
  step each {
    needs: first
    for_each: name in ["a", "b"]
    outputs: out
    run: "echo \${name} >> ran.log"
    rollback: none
  }
}
`,
    );
    const out = await cli("run", file());
    assert.equal(out.code, 2, said(out));
    assert.match(
      out.stderr,
      /"outputs" takes relative paths or globs; "\/tmp\/elsewhere" is not one/,
    );
    assert.equal(existsSync(join(tmp(), "ran.log")), false, "nothing ran");
  });
});
