import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";
import { validGraphJson } from "../support/workflow-graph-json";

/**
 * `momoflow graph` counts the instances of a called workflow's `for_each`
 * over one of its params when the call gives that param a list written out
 * (`×3`, not `×N`): through nested calls, a var, a default the call leaves,
 * and for a fan-out that itself calls a workflow. A list param of the
 * graphed workflow counts as `momoflow run` binds it: given with `--param`,
 * else its default written out; with neither (or the item of the calling
 * fan-out) it stays `×N`: only the run knows it. The real CLI on a real
 * file, in its three formats.
 */

const FILE = `workflow tag {
  param name: string
  step push {
    run: "echo \${name}"
    rollback: none
  }
}

workflow release {
  param regions: list
  param parts: list = ["a", "b", "c", "d"]
  var chosen = regions
  step deploy {
    for_each: region in regions
    run: "echo \${region}"
    rollback: none
  }
  step convert {
    needs: deploy
    for_each: part in parts
    run: "echo \${part}"
    rollback: none
  }
  step pick {
    needs: convert
    for_each: region in chosen
    run: "echo \${region}"
    rollback: none
  }
  step tags {
    needs: pick
    for_each: region in regions
    run: workflow tag(name: region)
  }
}

workflow relay {
  param names: list
  step inner {
    run: workflow release(regions: names)
  }
}

workflow ship {
  param own: list = ["x", "y"]
  var two = ["p", "q"]
  step literal {
    run: workflow release(regions: ["eu", "us", "ap"])
  }
  step nested {
    needs: literal
    run: workflow relay(names: ["one", "two"])
  }
  step from_var {
    needs: nested
    run: workflow release(regions: two, parts: [])
  }
  step from_own {
    needs: from_var
    run: workflow release(regions: own)
  }
  step each {
    needs: from_own
    for_each: group in [["g1"], ["g2", "g3"]]
    run: workflow release(regions: group)
  }
  step local {
    needs: each
    for_each: p in two
    run: "echo \${p}"
    rollback: none
  }
  step local_own {
    needs: local
    for_each: p in own
    run: "echo \${p}"
    rollback: none
  }
}
`;

/** Each fan-out node of ship's graph and its count, as the three formats must show it. */
const COUNTS: [string, number | undefined][] = [
  ["literal/deploy", 3],
  ["literal/convert", 4],
  ["literal/pick", 3],
  ["literal/tags", 3],
  ["nested/inner/deploy", 2],
  ["nested/inner/convert", 4],
  ["nested/inner/pick", 2],
  ["nested/inner/tags", 2],
  ["from_var/deploy", 2],
  ["from_var/convert", 0],
  ["from_var/pick", 2],
  ["from_var/tags", 2],
  ["from_own/deploy", 2],
  ["from_own/convert", 4],
  ["from_own/pick", 2],
  ["from_own/tags", 2],
  ["each[*]/deploy", undefined],
  ["each[*]/convert", 4],
  ["each[*]/pick", undefined],
  ["each[*]/tags", undefined],
  ["each", 2],
  ["local", 2],
  ["local_own", 2],
];

describe("momoflow graph: counts known through calls (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-graph-counts-");

  async function graph(format: string, workflow = "ship", ...args: string[]): Promise<string> {
    const file = join(tmp(), "ship.momoflow");
    writeFileSync(file, FILE);
    const out = await runCli(
      ["graph", file, "--workflow", workflow, "--format", format, ...args],
      tmp(),
    );
    assert.equal(out.code, 0, out.stderr);
    return out.stdout;
  }

  /** The fan-out nodes of `workflow`'s JSON graph given `args`, and their counts (null: `×N`). */
  async function counts(workflow: string, ...args: string[]): Promise<[string, number | null][]> {
    const json = validGraphJson<{ nodes: { id: string; forEach?: { count?: number } }[] }>(
      await graph("json", workflow, ...args),
    );
    return json.nodes.filter((n) => n.forEach).map((n) => [n.id, n.forEach!.count ?? null]);
  }

  it("json: a count for each list the calls give written out, none for what only the run knows", async () => {
    const json = validGraphJson<{ nodes: { id: string; forEach?: { count?: number } }[] }>(
      await graph("json"),
    );
    const fanOuts = json.nodes.filter((n) => n.forEach).map((n) => [n.id, n.forEach!.count]);
    assert.deepEqual(
      fanOuts.sort(([a], [b]) => String(a).localeCompare(String(b))),
      [...COUNTS].sort(([a], [b]) => a.localeCompare(b)),
    );
  });

  it("dot and mermaid: ×3 for the call's list, the default's count for the graphed workflow's own param", async () => {
    const dot = await graph("dot");
    const mermaid = await graph("mermaid");
    for (const [id, count] of COUNTS) {
      const label = `${id} ×${count ?? "N"}`;
      assert.ok(dot.includes(`[label="${label}\\n`), `${label} in\n${dot}`);
      assert.ok(mermaid.includes(`["${label}<br/>`), `${label} in\n${mermaid}`);
    }
    assert.ok(dot.includes('"literal[*]/tags/push"') === false, "a call made once has no [*]");
    assert.ok(dot.includes('"literal/tags[*]/push"'), dot);
  });

  it("the graphed workflow's own list params: its default, else ×N, and what --param gives, as a run binds them", async () => {
    // regions has no default: ×N (as pick, over a var set to it, and tags); parts' default has 4 items.
    assert.deepEqual(await counts("release"), [
      ["deploy", null],
      ["convert", 4],
      ["pick", null],
      ["tags", null],
    ]);
    // Given as a run takes it (comma-separated or JSON), as a test's params would give it.
    assert.deepEqual(await counts("release", "--param", "regions=eu,us", "--param", "parts=[]"), [
      ["deploy", 2],
      ["convert", 0],
      ["pick", 2],
      ["tags", 2],
    ]);
    const dot = await graph("dot", "release", "--param", 'regions=["eu", "us", "ap"]');
    assert.ok(dot.includes('[label="deploy ×3\\n'), dot);
    assert.ok(dot.includes('[label="convert ×4\\n'), dot);
    // Through the calls it makes too: relay gives release its own names.
    assert.deepEqual(
      (await counts("relay", "--param", "names=a,b,c,d,e")).map(([id, n]) => `${id} ${n}`),
      ["inner/deploy 5", "inner/convert 4", "inner/pick 5", "inner/tags 5"],
    );
  });

  it("refuses a --param the workflow does not declare, or one that does not fit its type (exit 2)", async () => {
    const file = join(tmp(), "ship.momoflow");
    writeFileSync(file, FILE);
    const unknown = await runCli(
      ["graph", file, "--workflow", "release", "--param", "region=eu"],
      tmp(),
    );
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(
      unknown.stderr,
      /^momoflow: workflow `release` has no param `region`; did you mean `regions`\? \(its params: regions, parts\)\n$/,
    );
    const bad = await runCli(
      ["graph", file, "--workflow", "release", "--param", "regions=[1,"],
      tmp(),
    );
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(
      bad.stderr,
      /^momoflow: --param regions: expected a list: .*\(declared `regions: list`\)\n$/,
    );
  });
});
