import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";
import { checkedLines as check } from "../support/checked-file";

/*
 * A name written with dashes, as YAML, Makefiles and Nextflow write them
 * (`param my-name`, `step fetch-data`, `needs: [fetch-data]`, `${my-name}`):
 * no name holds a `-`. Each is one MF001 saying so, and is read meanwhile as
 * the name it can only be (`my_name`), so that nothing else is reported of it
 * — it was "unexpected character `-`", then a cascade (a workflow lost its
 * body, a param its type, a step its `{`).
 */
const NAME_HOLDS = "a name holds letters, digits and `_`, not `-`";

describe("a name with dashes: one MF001, read as the name with `_`", () => {
  it("on each declaration's name, and its reads (with dashes too) are its reads", () => {
    const text = [
      "workflow my-flow {",
      '  param my-name: string = "a"',
      '  var out-dir = "out/${my-name}"',
      "  step fetch-data {",
      '    run: "echo ${my-name} ${out-dir}"',
      "    rollback: none",
      "  }",
      "  step b {",
      "    needs: [fetch-data]",
      '    when: my-name != ""',
      '    run: "echo ${steps.fetch-data.output}"',
      "    rollback: none",
      "  }",
      "}",
      "workflow caller {",
      "  step c {",
      '    run: workflow my-flow(my-name: "b")',
      "  }",
      "}",
      'test "t" {',
      "  workflow: my-flow",
      '  params: { my-name: "c" }',
      "}",
      "",
    ].join("\n");
    // The test's `my-name` too: the declaration's MF001 (and its rename) covers it.
    assert.deepEqual(check(text), [
      `1:10-1:17 MF001 \`my-flow\` cannot be a workflow's name: ${NAME_HOLDS}; write \`my_flow\``,
      `2:9-2:16 MF001 \`my-name\` cannot be a param's name: ${NAME_HOLDS}; write \`my_name\``,
      `3:7-3:14 MF001 \`out-dir\` cannot be a var's name: ${NAME_HOLDS}; write \`out_dir\``,
      `4:8-4:18 MF001 \`fetch-data\` cannot be a step's id: ${NAME_HOLDS}; write \`fetch_data\``,
    ]);
  });

  it("on a read of a name declared without dashes, with the name as the fix", () => {
    const text = [
      "workflow w {",
      '  param target_dir: string = "x"',
      "  step fetch_data {",
      '    run: "echo ${target-dir}"',
      "    rollback: none",
      "  }",
      "  step b {",
      "    needs: [fetch-data]",
      '    when: target-dir == "y"',
      '    run: "echo ${steps.fetch-data.output}"',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      `4:18-4:28 MF001 ${NAME_HOLDS}: write \`target_dir\` for \`target-dir\``,
      `8:13-8:23 MF001 ${NAME_HOLDS}: write \`fetch_data\` for \`fetch-data\``,
      `9:11-9:21 MF001 ${NAME_HOLDS}: write \`target_dir\` for \`target-dir\``,
      `10:24-10:34 MF001 ${NAME_HOLDS}: write \`fetch_data\` for \`fetch-data\``,
    ]);
    const read = parseDocument(text, "/work/a.momoflow").diagnostics[0];
    assert.deepEqual(read?.data, {
      suggestions: ["target_dir"],
      replaceRange: { start: { line: 3, character: 17 }, end: { line: 3, character: 27 } },
    });
  });

  it("gives a declaration's diagnostic the name to rename it to", () => {
    const [declaration] = parseDocument(
      'workflow w {\n  param my--name: string = "a"\n}\n',
      "/work/a.momoflow",
    ).diagnostics;
    assert.deepEqual(declaration?.data, {
      renameDashed: "my__name",
      replaceRange: { start: { line: 1, character: 8 }, end: { line: 1, character: 16 } },
    });
  });

  it("in a property's name, as YAML writes one, with the property as the fix", () => {
    const text = [
      "workflow w {",
      "  concurrency: 4",
      "  step s {",
      '    for_each: f in ["a", "b"]',
      "    max-parallel: 2",
      '    run: "echo ${f}"',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      `5:5-5:17 MF001 ${NAME_HOLDS}: write \`max_parallel\` for \`max-parallel\``,
    ]);
  });

  it("leaves `${VAR-default}` the shell's when the file declares no such name", () => {
    const text = [
      "workflow w {",
      "  step s {",
      '    run: "echo ${HOME-x}"',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      "3:16-3:25 MF001 `${HOME-x}` is the shell's own expansion, not an interpolation: write `\\${HOME-x}` for the shell to expand it (`${env.NAME}` reads the run's environment, `${name}` a param or var)",
    ]);
  });

  it("reads `a - b`, `a-` and `a-1` as before: no name", () => {
    const text = ["workflow w {", "  step a - b {", "  }", "}", ""].join("\n");
    const syntax = (t: string): string[] => check(t).filter((line) => line.includes("MF001"));
    assert.equal(syntax(text)[0], "2:10-2:11 MF001 unexpected character `-`");
    assert.equal(syntax(text.replace("a - b", "a-"))[0], "2:9-2:10 MF001 unexpected character `-`");
    assert.equal(
      syntax(text.replace("a - b", "a-1"))[0],
      "2:9-2:11 MF001 expected `{` after step `a`",
    );
  });

  it("in a test's bare name, says to write it as a string, as written", () => {
    const text = [
      "workflow w {",
      '  step s { run: "echo" rollback: none }',
      "}",
      "test my-test {",
      "  workflow: w",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      '4:6-4:13 MF001 a test name is a string: write `test "my-test"`',
    ]);
  });
});
