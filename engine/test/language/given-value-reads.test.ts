import "./esm-only-dependencies";
import assert from "node:assert/strict";
import type { Diagnostic } from "../../src/language/diagnostic";
import { LanguageWorkspace } from "../../src/language/workspace";

/** The checks of the files (by name under /ws/), of `main.momoflow`. */
function check(text: string, others: Readonly<Record<string, string>> = {}): Diagnostic[] {
  const files: Record<string, string> = { "/ws/main.momoflow": text };
  for (const [name, other] of Object.entries(others)) files[`/ws/${name}`] = other;
  const workspace = new LanguageWorkspace({ readFile: (path) => files[path] });
  return workspace.check("/ws/main.momoflow").diagnostics;
}

/** Each diagnostic but unused names (MF012) as `code line:character message`, 1-based like `momoflow check`. */
function shown(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => d.code !== "MF012")
    .map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
}

/** A workflow that reads items and fields of its params: surely, guarded by a `when`, and in an undo. */
const REPORT = `workflow report {
  param samples: list
  param config: map = {"region": "eu"}
  var first = samples[0]
  var cfg = config
  step show {
    run: "echo \${samples[2]} \${cfg.region}"
    rollback: none
  }
  step maybe {
    when: config.enabled == true
    run: "echo \${samples[5]} \${config.nope}"
    rollback: "echo \${samples[7]}"
  }
  step undo {
    run: "echo \${first}"
    rollback: "echo \${samples[9]}"
  }
}
`;

describe("reads of a value a test or a call gives: checked before the run (MF008)", () => {
  it("reports an item past a test's list and a field its map has not, on the value, with the read as related information", () => {
    const text = `${REPORT}
test "short" {
  workflow: report
  params: { samples: ["a", "b"], config: {"enabled": false} }
}
`;
    const diagnostics = check(text);
    assert.deepEqual(shown(diagnostics), [
      'MF008 23:22 samples has 2 items: it has no item [2], and workflow "report" reads samples[2] in step "show" on every run',
      'MF008 23:42 cfg has no field "region"; it has "enabled", and workflow "report" reads cfg.region in step "show" on every run',
    ]);
    const [item] = diagnostics;
    assert.deepEqual(item!.related, [
      {
        path: "/ws/main.momoflow",
        range: { start: { line: 6, character: 24 }, end: { line: 6, character: 27 } },
        message: "the read of samples[2]",
      },
    ]);
  });

  it("follows a var that reads the param (`var first = samples[0]`), and says nothing of a read a `when` guards or an undo makes", () => {
    const text = `${REPORT}
test "empty" {
  workflow: report
  params: { samples: [], config: {"region": "x", "enabled": true} }
}
`;
    assert.deepEqual(shown(check(text)), [
      'MF008 23:22 samples has 0 items: it has no item [2], and workflow "report" reads samples[2] in step "show" on every run',
      'MF008 23:22 samples has 0 items: it has no item [0], and workflow "report" reads samples[0] in step "undo" on every run',
    ]);
  });

  it("reports the read in a `when` and in a setting read before the run, even of a step a `when` guards", () => {
    const text = `workflow w {
  param counts: list
  param config: map
  step s {
    when: config.ready == true
    retries: counts[3]
    run: "echo \${counts[9]}"
    rollback: none
  }
}
test "t" {
  workflow: w
  params: { counts: [1], config: {"enabled": true} }
}
`;
    assert.deepEqual(shown(check(text)), [
      'MF008 13:21 counts has 1 item: it has no item [3], and workflow "w" reads counts[3] in step "s" on every run',
      'MF008 13:34 config has no field "ready"; it has "enabled", and workflow "w" reads config.ready in step "s" on every run',
    ]);
  });

  it("reads only the `for_each` of a fan-out step: its instances may be none", () => {
    const text = `workflow w {
  param sites: list
  param config: map
  step each {
    for_each: site in config.sites
    run: "echo \${site} \${sites[4]}"
    rollback: none
  }
}
test "t" {
  workflow: w
  params: { sites: [], config: {} }
}
`;
    assert.deepEqual(shown(check(text)), [
      'MF008 12:32 config has no field "sites", and workflow "w" reads config.sites in step "each" on every run',
    ]);
  });

  it("says nothing for a test that fails a step or expects the run to fail (it stops part-way), for values that have the items, and adds nothing to MF007 of a value of another type", () => {
    const text = `${REPORT}
test "fails" {
  workflow: report
  params: { samples: [] }
  fail: show
}
test "fine" {
  workflow: report
  params: { samples: ["a", "b", "c"], config: {"region": "x", "enabled": true} }
}
test "expects a failure" {
  workflow: report
  params: { samples: [] }
  expect status == rolled_back
}
test "expects success" {
  workflow: report
  params: { samples: ["a", "b", "c"], config: {"region": "x", "enabled": true} }
  expect status == success
}
test "a text for a list" {
  workflow: report
  params: { samples: "abc" }
}
`;
    assert.deepEqual(
      shown(check(text)).map((line) => line.split(" ").slice(0, 2).join(" ")),
      ["MF007 42:22"],
    );
  });

  it("reports the written arguments of a call, read through the caller's vars, at the argument", () => {
    const text = `${REPORT}
workflow caller {
  param mine: list
  var regions = ["eu", "us"]
  step call {
    run: workflow report(samples: regions, config: {"enabled": true})
  }
  step unknown {
    needs: call
    run: workflow report(samples: mine, config: {"region": "x", "enabled": true})
  }
  step listed {
    needs: unknown
    run: workflow report(samples: [mine, mine, mine], config: {"region": mine, "enabled": mine})
  }
}
`;
    assert.deepEqual(shown(check(text)), [
      'MF008 25:35 samples has 2 items: it has no item [2], and workflow "report" reads samples[2] in step "show" on every run',
      'MF008 25:52 cfg has no field "region"; it has "enabled", and workflow "report" reads cfg.region in step "show" on every run',
    ]);
  });

  it("says nothing of a call a `when` guards or a fan-out makes per item", () => {
    const text = `${REPORT}
workflow caller {
  param go: bool = true
  step guarded {
    when: go == true
    run: workflow report(samples: [], config: {})
  }
  step each {
    for_each: n in [1, 2]
    run: workflow report(samples: [], config: {})
  }
}
`;
    assert.deepEqual(shown(check(text)), []);
  });

  it("reports a call of a workflow of another file, its read as related information in that file", () => {
    const text = `import "./report.momoflow"
workflow caller {
  step call {
    run: workflow report(samples: ["a"], config: {"region": "x", "enabled": true})
  }
}
`;
    const diagnostics = check(text, { "report.momoflow": REPORT });
    assert.deepEqual(shown(diagnostics), [
      'MF008 4:35 samples has 1 item: it has no item [2], and workflow "report" reads samples[2] in step "show" on every run',
    ]);
    assert.equal(diagnostics[0]!.related?.[0]?.path, "/ws/report.momoflow");
  });

  it("leaves a var's own value written out to its own check: one MF008, where the var is", () => {
    const text = `workflow w {
  param samples: list
  var regions = ["eu"]
  step s {
    run: "echo \${regions[3]} \${samples[1]}"
    rollback: none
  }
}
test "t" {
  workflow: w
  params: { samples: ["a", "b"] }
}
`;
    assert.deepEqual(shown(check(text)), ["MF008 5:25 regions has 1 item: it has no item [3]"]);
  });
});
