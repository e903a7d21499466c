import "./esm-only-dependencies";
import assert from "node:assert/strict";
import type { Diagnostic } from "../../src/language/diagnostic";
import { LanguageWorkspace } from "../../src/language/workspace";

function check(text: string): Diagnostic[] {
  const workspace = new LanguageWorkspace({
    readFile: (path) => (path === "/ws/main.momoflow" ? text : undefined),
  });
  return workspace.check("/ws/main.momoflow").diagnostics;
}

/** Each diagnostic as `line:code` (0-based lines), in the file's order. */
const codes = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((d) => `${d.range.start.line}:${d.code}`);

const RELEASE = `workflow release {
  param region: string
  step tag {
    run: "echo v-\${region}"
    rollback: none
  }
}
`;

describe("for_each on a step that calls a workflow, in the checker", () => {
  it("takes for_each and max_parallel (no MF041), with the item in scope in the call's arguments and when", () => {
    const diagnostics = check(`${RELEASE}
workflow ship {
  concurrency: 2
  param regions: list = ["eu", "us"]
  step deploy {
    for_each: region in regions
    max_parallel: 2
    when: region != "us"
    run: workflow release(region: region)
  }
  step after {
    needs: deploy
    run: "echo \${steps.deploy.outputs[1]}"
    rollback: none
  }
}
`);
    assert.deepEqual(codes(diagnostics), [], JSON.stringify(diagnostics));
  });

  it("warns on a max_parallel above the workflow's concurrency (MF022): the calls are bounded by it as instances are", () => {
    const diagnostics = check(`${RELEASE}
workflow ship {
  step deploy {
    for_each: region in ["eu", "us", "ap"]
    max_parallel: 3
    run: workflow release(region: region)
  }
}
`);
    assert.deepEqual(codes(diagnostics), ["11:MF022"], JSON.stringify(diagnostics));
  });

  it("reports what any for_each gets: MF017, MF018, MF019, MF008 (also for the item in a whole-step setting), MF021", () => {
    const diagnostics = check(`${RELEASE}
workflow ship {
  param regions: list = ["eu", "us"]
  param name: string = "x"
  step bad_items {
    for_each: r in "eu"
    run: workflow release(region: r)
  }
  step lone_bound {
    max_parallel: 2
    run: workflow release(region: "eu")
  }
  step hides {
    for_each: name in regions
    run: workflow release(region: name)
  }
  step typo {
    for_each: region in regions
    run: workflow release(region: regoin)
  }
  step bound {
    for_each: region in regions
    max_parallel: region
    run: workflow release(region: region)
  }
  step reads {
    needs: [typo]
    run: "echo \${steps.typo.output}"
    rollback: none
  }
}
`);
    assert.deepEqual(
      codes(diagnostics),
      ["12:MF017", "16:MF018", "20:MF019", "25:MF008", "29:MF008", "34:MF021"],
      JSON.stringify(diagnostics.map((d) => d.message)),
    );
  });

  it("still reports MF041 for the settings a call's steps carry", () => {
    const diagnostics = check(`${RELEASE}
workflow ship {
  step deploy {
    for_each: region in ["eu"]
    retries: 2
    run: workflow release(region: region)
  }
}
`);
    assert.deepEqual(codes(diagnostics), ["11:MF041"]);
  });
});
