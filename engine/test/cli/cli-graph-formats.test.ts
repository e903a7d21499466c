import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";
import { validGraphJson } from "../support/workflow-graph-json";

/**
 * `momoflow graph` on names and texts that need care in each format: steps
 * and workflows named as DOT's and Mermaid's keywords (`end`, `graph`,
 * `node`, `subgraph`…), descriptions holding quotes, backslashes, Unicode
 * and line breaks, a fan-out step, a call of an imported workflow, and
 * conditions (`when`) holding quotes, `<`, `&`, `&&`, `||`, `!` and
 * parentheses, one spread over two lines with a comment: each shown on one
 * line. DOT is read back by Graphviz's own `dot` when it is installed
 * (.ci/run installs it); Mermaid, which has no command-line reader here, is
 * held to the line grammar the renderer promises.
 */

/** The library: a workflow called `graph`, imported and called. */
const LIBRARY = `workflow graph {
  step end { run: "echo end" rollback: none }
  step node {
    needs: end
    description: "tab\\there, back\\\\slash \\\\n \\\\N"
    run: "echo node"
    rollback: none
  }
}
`;

const MAIN = `import "./library.momoflow"

workflow subgraph {
  param region: string = "eu"
  param count: int = 3
  step end {
    description: "say \\"hi\\"\\nthen { [ ( | ; --> ) ] } \`tick\` é ☃ 𝄞"
    run: "echo end"
    rollback: none
  }
  step node {
    needs: end
    when: region == "eu" && steps.end.status == success
    description: """
      first line
      second "line"
    """
    run: "echo node"
    rollback: none
  }
  step digraph {
    needs: node
    for_each: edge in ["a", "b \\"quoted\\""]
    when: !(region == "a \\"<b>\\" & c\\\\d #x;" || count >= 2) && count < 10
    run: "echo \${edge}"
    rollback: none
  }
  step strict {
    needs: digraph
    when: region != "us" // not there
      || (count > 1)
    run: workflow graph()
  }
}
`;

/** Each condition, on one line, as the graph writes it. */
const NODE_WHEN = 'when region == "eu" && steps.end.status == success';
const DIGRAPH_WHEN = 'when !(region == "a \\"<b>\\" & c\\\\d #x;" || count >= 2) && count < 10';
const STRICT_WHEN = 'when region != "us" || count > 1';

/** The text of each description, as the user wrote it. */
const FIRST = 'say "hi"\nthen { [ ( | ; --> ) ] } `tick` é ☃ 𝄞';
const SECOND = 'first line\nsecond "line"';

function hasDot(): boolean {
  return spawnSync("dot", ["-V"], { stdio: "ignore" }).status === 0;
}

describe("momoflow graph: names and texts that need escaping, valid in each format (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-graph-formats-");

  const graph = async (format: string): Promise<string> => {
    writeFileSync(join(tmp(), "library.momoflow"), LIBRARY);
    writeFileSync(join(tmp(), "main.momoflow"), MAIN);
    const out = await runCli(
      ["graph", "main.momoflow", "--workflow", "subgraph", "--format", format],
      tmp(),
    );
    assert.equal(out.code, 0, out.stderr);
    return out.stdout;
  };

  it("dot: Graphviz reads every node, edge and label back as written", async function () {
    if (!hasDot()) {
      // Not a pass: said in the output. .ci/run installs graphviz.
      console.log("      (skipped: Graphviz's `dot` is not installed: apt-get install graphviz)");
      this.skip();
    }
    const dot = await graph("dot");
    const read = spawnSync("dot", ["-Tjson"], { input: dot, encoding: "utf8" });
    assert.equal(read.status, 0, `dot rejects the graph: ${read.stderr}\n${dot}`);
    assert.equal(read.stderr, "", "dot warns");
    const parsed = JSON.parse(read.stdout) as {
      name: string;
      objects: { _gvid: number; name: string; label: string }[];
      edges: { tail: number; head: number }[];
    };
    assert.equal(parsed.name, "subgraph");
    // A label as Graphviz shows it: `\n` a line break, `\\` a backslash.
    const shown = (label: string): string =>
      label.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    const labels = Object.fromEntries(parsed.objects.map((o) => [o.name, shown(o.label)]));
    assert.deepEqual(labels, {
      end: `end\n${FIRST}`,
      node: `node\n${NODE_WHEN}\n${SECOND}`,
      digraph: `digraph ×2\nfor_each edge in ["a", "b \\"quoted\\""]\n${DIGRAPH_WHEN}`,
      "strict/end": "strict/end",
      "strict/node": "strict/node\ntab\there, back\\slash \\n \\N",
      strict: `strict\nworkflow graph\n${STRICT_WHEN}`,
    });
    // A line break is written `\n` (Graphviz's own), never as a raw one in the file.
    for (const o of parsed.objects)
      assert.ok(!o.label.includes("\n"), `raw line break in ${o.name}`);
    const name = (id: number): string => parsed.objects.find((o) => o._gvid === id)!.name;
    assert.deepEqual(
      parsed.edges.map((e) => `${name(e.tail)} -> ${name(e.head)}`),
      [
        "end -> node",
        "node -> digraph",
        "digraph -> strict/end",
        "strict/end -> strict/node",
        "strict/node -> strict",
      ],
    );
  });

  it("mermaid: one statement per line, ids that are no keyword, labels with no raw quote or line break", async () => {
    const mermaid = await graph("mermaid");
    const lines = mermaid.trimEnd().split("\n");
    assert.equal(lines[0], "flowchart LR");
    const ids = new Set<string>();
    const labels: string[] = [];
    for (const line of lines.slice(1)) {
      const node = /^ {2}([A-Za-z][A-Za-z0-9_]*)(\[\[?)"([^"\n]*)"(\]\]?)$/.exec(line);
      const edge = /^ {2}([A-Za-z][A-Za-z0-9_]*) --> ([A-Za-z][A-Za-z0-9_]*)$/.exec(line);
      const style = /^ {2}(classDef [a-z_]+ [^\n]+|class [A-Za-z0-9_,]+ [a-z_]+)$/.test(line);
      assert.ok(node || edge || style, `not a Mermaid statement: ${JSON.stringify(line)}`);
      if (node) {
        assert.equal(node[2]!.length, node[4]!.length, line);
        ids.add(node[1]!);
        labels.push(node[3]!);
      }
      if (edge) for (const id of [edge[1]!, edge[2]!]) assert.ok(ids.has(id), `${id} not declared`);
    }
    const keywords = ["end", "graph", "subgraph", "flowchart", "style", "class", "click", "node"];
    for (const id of ids) assert.ok(!keywords.includes(id), `${id} is a Mermaid keyword`);
    // Entity codes undone, `<br/>` a line break: the user's text.
    const shown = (label: string): string =>
      label
        .replaceAll("<br/>", "\n")
        .replaceAll("#quot;", '"')
        .replaceAll("#lt;", "<")
        .replaceAll("#gt;", ">")
        .replaceAll("#35;", "#")
        .replaceAll("#amp;", "&");
    assert.deepEqual(labels.map(shown), [
      `end\n${FIRST}`,
      `node\n${NODE_WHEN}\n${SECOND}`,
      `digraph ×2\nfor_each edge in ["a", "b \\"quoted\\""]\n${DIGRAPH_WHEN}`,
      "strict/end",
      "strict/node\ntab\there, back\\slash \\n \\N",
      `strict\nworkflow graph\n${STRICT_WHEN}`,
    ]);
  });

  it("json: the descriptions as written, line breaks included; each condition on one line", async () => {
    const json = validGraphJson<{
      workflow: string;
      nodes: { id: string; description?: string; when?: string }[];
    }>(await graph("json"));
    assert.equal(json.workflow, "subgraph");
    assert.deepEqual(
      json.nodes.map((n) => n.description),
      [FIRST, SECOND, undefined, undefined, "tab\there, back\\slash \\n \\N", undefined],
    );
    const condition = (line: string): string => line.slice("when ".length);
    assert.deepEqual(
      json.nodes.map((n) => [n.id, n.when]),
      [
        ["end", undefined],
        ["node", condition(NODE_WHEN)],
        ["digraph", condition(DIGRAPH_WHEN)],
        ["strict/end", undefined],
        ["strict/node", undefined],
        ["strict", condition(STRICT_WHEN)],
      ],
    );
  });

  it("names the workflows there are when --workflow names none of them", async () => {
    writeFileSync(join(tmp(), "library.momoflow"), LIBRARY);
    writeFileSync(join(tmp(), "main.momoflow"), MAIN);
    const out = await runCli(["graph", "main.momoflow", "--workflow", "subgrap"], tmp());
    assert.equal(out.code, 2);
    assert.equal(
      out.stderr,
      "momoflow: main.momoflow has no workflow `subgrap`; did you mean `subgraph`? (its workflows: subgraph; imported: graph)\n",
    );
    assert.equal(out.stdout, "");
  });
});
