import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";
import { validGraphJson } from "../support/workflow-graph-json";

/**
 * `momoflow graph` gives a step that calls a workflow the undo of the steps
 * it calls (language.md, Reversibility): reversible when a rollback undoes
 * the whole call, irreversible when one called step is left as it is,
 * nothing to undo when none has effects. Each claim is held against what a
 * real run's rollback then does to the call (the real CLI on real files).
 */

const FILE = `workflow files {
  step one {
    run: create_file(path: "one.txt", content: "1")
  }
  step quiet {
    needs: one
    run: log(message: "written")
  }
}

workflow nested {
  step inner {
    run: workflow files()
  }
}

workflow shell {
  step write {
    run: create_file(path: "two.txt", content: "2")
  }
  step post {
    needs: write
    run: "echo posted > posted.txt"
  }
}

workflow quiet {
  step say {
    run: log(message: "hi")
  }
}

workflow ship {
  param stop: bool = true
  step reversible {
    run: workflow nested()
  }
  step partly {
    needs: reversible
    run: workflow shell()
  }
  step silent {
    needs: partly
    run: workflow quiet()
  }
  step boom {
    needs: silent
    when: stop
    run: fail(message: "stop here")
  }
}
`;

interface Node {
  id: string;
  reversible: boolean;
  effectFree?: boolean;
}

describe("momoflow graph: a call of a workflow is as reversible as the steps it calls (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-graph-call-undo-");

  const graph = async (format: string): Promise<string> => {
    writeFileSync(join(tmp(), "ship.momoflow"), FILE);
    const out = await runCli(
      ["graph", "ship.momoflow", "--workflow", "ship", "--format", format],
      tmp(),
    );
    assert.equal(out.code, 0, out.stderr);
    return out.stdout;
  };

  it("json: reversible when every called step is reversible or has nothing to undo, nested calls included", async () => {
    const json = validGraphJson<{ nodes: Node[] }>(await graph("json"));
    const undo = (n: Node): string =>
      n.reversible ? "reversible" : n.effectFree ? "nothing to undo" : "irreversible";
    assert.deepEqual(Object.fromEntries(json.nodes.map((n) => [n.id, undo(n)])), {
      "reversible/inner/one": "reversible",
      "reversible/inner/quiet": "nothing to undo",
      "reversible/inner": "reversible",
      reversible: "reversible",
      "partly/write": "reversible",
      "partly/post": "irreversible",
      partly: "irreversible",
      "silent/say": "nothing to undo",
      silent: "nothing to undo",
      boom: "nothing to undo",
    });
  });

  it("dot and mermaid: only the call whose rollback leaves a step as it is is drawn irreversible", async () => {
    const dot = await graph("dot");
    const doubled = [...dot.matchAll(/^ {2}"([^"]+)" \[[^\]]*peripheries=2[^\]]*\];$/gm)].map(
      (m) => m[1],
    );
    assert.deepEqual(doubled, ["partly/post", "partly"]);
    const mermaid = await graph("mermaid");
    assert.match(mermaid, /^ {2}s_partly\[\["partly<br\/>workflow shell"\]\]$/m);
    const irreversible = /^ {2}class ([A-Za-z0-9_,]+) irreversible$/m.exec(mermaid);
    assert.ok(irreversible, mermaid);
    const ids = irreversible[1]!.split(",");
    assert.ok(ids.includes("s_partly"), mermaid);
    assert.ok(!ids.includes("s_reversible") && !ids.includes("s_silent"), mermaid);
  });

  it("says what a rollback then does: the reversible call undone whole, the other's shell step left", async () => {
    writeFileSync(join(tmp(), "ship.momoflow"), FILE);
    const out = await runCli(["run", "ship.momoflow", "--workflow", "ship", "--json"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const run = JSON.parse(out.stdout) as {
      status: string;
      steps: { id: string; status: string }[];
    };
    assert.equal(run.status, "partially_rolled_back");
    const status = Object.fromEntries(run.steps.map((s) => [s.id, s.status]));
    assert.equal(status["reversible/inner/one"], "rolled_back");
    assert.equal(status["partly/write"], "rolled_back");
    assert.equal(status["partly/post"], "success", "an irreversible step is left as it is");
    assert.equal(existsSync(join(tmp(), "one.txt")), false);
    assert.equal(existsSync(join(tmp(), "two.txt")), false);
    assert.equal(existsSync(join(tmp(), "posted.txt")), true);
  });
});
