import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

interface ResultJson {
  status: string;
  error?: string;
  runDir: string;
  steps: { id: string; status: string; error?: string; output?: unknown }[];
}

/** `output: json` through the real CLI: parsing, paths, the record, and the failures. */
describe("momoflow: structured (JSON) outputs", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-json-output-");

  function write(text: string): string {
    const path = join(tmp(), "stats.momoflow");
    writeFileSync(path, text);
    return path;
  }

  const stats = (json: string, reader: string): string => `workflow stats_flow {
  step stats {
    run: """echo '${json}'"""
    output: json
    rollback: none
  }
  step reader {
    needs: stats
    run: ${reader}
    rollback: none
  }
}
`;
  const SITES = '{"sites": [{"name": "a b; rm -rf x", "mean": 3}, {"name": "c", "mean": 5}]}';

  it("parses the output, reads fields in when, interpolation (shell-quoted) and the record", async () => {
    const file = write(
      stats(
        SITES,
        `"echo \${steps.stats.output.sites[0].name} > name.txt"\n    when: steps.stats.output.sites[1].mean >= 5`,
      ),
    );
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 0, out.stderr);
    const result = JSON.parse(out.stdout) as ResultJson;
    assert.deepEqual(
      result.steps.map((s) => [s.id, s.status]),
      [
        ["stats", "success"],
        ["reader", "success"],
      ],
    );
    // Quoted: the `;` did not run a second command.
    assert.equal(readFileSync(join(tmp(), "name.txt"), "utf8"), "a b; rm -rf x\n");
    const recorded = JSON.parse(
      readFileSync(join(result.runDir, "result.json"), "utf8"),
    ) as ResultJson;
    assert.deepEqual(recorded.steps[0]!.output, JSON.parse(SITES));
  });

  it("a step whose output is not JSON fails, naming the step", async () => {
    const file = write(stats("not json", '"true"'));
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 1);
    const result = JSON.parse(out.stdout) as ResultJson;
    assert.equal(result.steps[0]!.status, "failed");
    assert.match(
      result.steps[0]!.error ?? "",
      /step "stats" declares output: json, but its output is not JSON/,
    );
    assert.equal(result.steps[1]!.status, "not_run");
  });

  it("a missing field fails the reading step with the path", async () => {
    const file = write(stats(SITES, '"echo ${steps.stats.output.sites[4].name}"'));
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 1);
    const result = JSON.parse(out.stdout) as ResultJson;
    assert.equal(result.steps[1]!.status, "failed");
    assert.match(
      result.steps[1]!.error ?? "",
      /steps\.stats\.output\.sites has 2 items: it has no item \[4\]/,
    );
    const one = write(
      stats('{"sites": [{"name": "a"}]}', '"echo ${steps.stats.output.sites[1].name}"'),
    );
    const single = JSON.parse((await runCli(["run", one, "--json"], tmp())).stdout) as ResultJson;
    assert.match(
      single.steps[1]!.error ?? "",
      /steps\.stats\.output\.sites has 1 item: it has no item \[1\]/,
    );
  });

  it("tests expect fields of a JSON output", async () => {
    const file = write(
      stats(SITES, '"true"') +
        `
test "fields" {
  workflow: stats_flow
  expect output stats.sites[1].mean == 5
  expect output stats.sites[0].name contains "a b"
}

test "a missing field" {
  workflow: stats_flow
  expect output stats.sites[0].median == 3
}

test "a field that differs" {
  workflow: stats_flow
  expect output stats.sites[1].mean == 4
}
`,
    );
    const out = await runCli(["test", file], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout, /✓ fields/);
    assert.match(out.stdout, /✗ a missing field/);
    assert.match(
      out.stdout,
      /expect output stats\.sites\[0\]\.median == "3": steps\.stats\.output\.sites\[0\] has no field "median"; it has "name", "mean"/,
    );
    assert.match(out.stdout, /✗ a field that differs/);
    assert.match(
      out.stdout,
      /expected the output of stats\.sites\[1\]\.mean to be "4", but it was "5"/,
    );
  });

  it("an expect on a field of a step that never gave an output says the step has none", async () => {
    const file = write(
      stats(SITES, '"echo read"') +
        `
test "the stats step failed" {
  workflow: stats_flow
  fail: stats
  expect output stats.sites[0].mean == 3
}
`,
    );
    const out = await runCli(["test", file], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /stats\.sites\[0\]\.mean == "3": step stats has no output \(it ended failed: failure injected by the test\)/,
    );
    assert.doesNotMatch(out.stdout, /undefined/);
  });

  it("a test's expect output fails in the run's words for each fault of a path", async () => {
    // Each reader fails the run on one fault; the test's expect on the same path must say the same.
    const faults = [
      "steps.stats.output.site",
      "steps.stats.output.sites[4]",
      "steps.stats.output.sites.name",
      "steps.stats.output.sites[0].mean.x",
    ];
    for (const fault of faults) {
      const read = fault.replace("steps.stats.output", "stats");
      write(
        stats(SITES, `"echo \${${fault}}"`) +
          `
test "reads ${read}" {
  workflow: stats_flow
  expect output ${read} == 1
}
`,
      );
      const run = await runCli(["run", "stats.momoflow", "--json"], tmp());
      const error = (JSON.parse(run.stdout) as ResultJson).steps[1]!.error ?? "";
      const problem = error.replace(/^.*?:\d+:\d+: /, "");
      assert.match(problem, /^steps\.stats\.output/, error);
      const test = await runCli(["test", "stats.momoflow"], tmp());
      assert.ok(
        test.stdout.includes(`expect output ${read} == "1": ${problem}\n`),
        `${fault}: run said ${problem}; test said ${test.stdout}`,
      );
    }
  });

  it("an expect output on a step whose output is not JSON says why it has none, in the run's words", async () => {
    write(
      stats("not json", '"true"').replace(
        "rollback: none",
        "rollback: none\n    continue_on_error: true",
      ) +
        `
test "not json" {
  workflow: stats_flow
  expect output stats.sites == 1
}
`,
    );
    const out = await runCli(["test", "stats.momoflow"], tmp());
    assert.match(
      out.stdout,
      /expect output stats\.sites == "1": step stats has no output \(it ended failed: step "stats" declares output: json, but its output is not JSON \(/,
    );
  });

  it("the checker refuses fields of a text output, with what to write", async () => {
    const file = write(
      stats(SITES, '"echo ${steps.stats.output.sites}"').replace("output: json", "output: text"),
    );
    const out = await runCli(["check", file], tmp());
    assert.equal(out.code, 1);
    assert.match(out.stdout + out.stderr, /MF008.*declare `output: json` on step "stats"/);
  });
  it("an output nested 20,000 levels deep neither ends the run nor loses its record: a later failure rolls back", async () => {
    // Deeper than JSON.stringify's recursion holds: writing the record used to throw, ending
    // the run there ("momoflow: Maximum call stack size exceeded") with its steps left undone.
    writeFileSync(
      join(tmp(), "deep.mjs"),
      'process.stdout.write("[".repeat(20000) + "]".repeat(20000));\n',
    );
    write(`workflow deep {
  step made {
    run: create_file(path: "made.txt", content: "x")
  }
  step nested {
    needs: made
    run: "node deep.mjs"
    output: json
    rollback: none
  }
  step boom {
    needs: nested
    run: fail(message: "on purpose")
  }
}
`);
    const out = await runCli(["run", "stats.momoflow", "--json"], tmp());
    assert.equal(out.code, 1, out.stderr);
    assert.doesNotMatch(out.stderr, /call stack/);
    const result = JSON.parse(out.stdout) as ResultJson;
    assert.equal(result.status, "rolled_back", result.error);
    assert.equal(result.error, 'step "boom" failed: on purpose');
    const journal = readFileSync(join(result.runDir, "journal.jsonl"), "utf8");
    assert.match(journal, /"type":"run_finished"/);
    const again = await runCli(["rollback", "stats.momoflow"], tmp());
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /nothing to undo/);
  });
});
