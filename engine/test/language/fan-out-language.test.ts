import "./esm-only-dependencies";
import assert from "node:assert/strict";
import type { StepDeclaration, StringLiteral } from "../../src/language/ast";
import { CompileError } from "../../src/language/compile/compile-error";
import { evaluateString, shellScript } from "../../src/language/compile/evaluate";
import type { ValueScope } from "../../src/language/compile/value-lookup";
import type { Diagnostic } from "../../src/language/diagnostic";
import { formatDocument } from "../../src/language/format/format-document";
import { parseDocument } from "../../src/language/parse";
import { LanguageWorkspace } from "../../src/language/workspace";

function check(text: string): Diagnostic[] {
  const workspace = new LanguageWorkspace({
    readFile: (path) => (path === "/ws/main.momoflow" ? text : undefined),
  });
  return workspace.check("/ws/main.momoflow").diagnostics;
}

function steps(text: string): StepDeclaration[] {
  return parseDocument(text, "/ws/main.momoflow").file.workflows[0]!.steps;
}

const CONVERT = `workflow w {
  step convert {
    for_each: file in glob("data/*.csv")
    max_parallel: 4
    run: "python convert.py \${file} > out/\${basename(file)}.json"
    rollback: delete_path(path: "out/\${basename(file)}.json")
  }
}
`;

describe("fan-out in the language", () => {
  it("parses `for_each: <item> in <items>`: the item's name and range, the items as the value", () => {
    const parsed = parseDocument(CONVERT, "/ws/main.momoflow");
    assert.deepEqual(parsed.diagnostics, []);
    const forEach = parsed.file.workflows[0]!.steps[0]!.properties[0]!;
    assert.equal(forEach.name.text, "for_each");
    assert.deepEqual(forEach.item, {
      text: "file",
      range: { start: { line: 2, character: 14 }, end: { line: 2, character: 18 } },
    });
    assert.equal(forEach.value?.kind, "call");
    assert.equal(forEach.value?.kind === "call" && forEach.value.callee.text, "glob");
  });

  it("reads `${basename(file)}` as a path function of one reference", () => {
    const run = steps(CONVERT)[0]!.properties[2]!.value as StringLiteral;
    const calls = run.parts.filter((p) => p.kind === "interpolation" && p.function);
    assert.equal(calls.length, 1);
    const call = calls[0]!;
    assert.ok(call.kind === "interpolation");
    assert.equal(call.function?.text, "basename");
    assert.equal(call.ref?.segments[0]?.text, "file");
  });

  for (const [broken, message] of [
    ["for_each: file in", "expected the items after `file in`"],
    ['for_each: glob("*.csv")', "expected `<item> in` before the items"],
    ["for_each:", "expected `<item> in <items>` after `for_each:`"],
    ["for_each: file names", "expected `in` between `file` and the items"],
    ['for_each: file glob("*.csv")', "expected `in` between `file` and the items"],
    ['for_each: file ["a", "b"]', "expected `in` between `file` and the items"],
    ["for_each: in names", "expected the item's name before `in`"],
    ["for_each: file of names", "expected `in` after `file`, not `of`"],
    ["for_each: file inn names", "expected `in` after `file`, not `inn`"],
  ] as const) {
    it(`recovers from \`${broken}\`: one MF001 saying what is missing, the rest of the file parsed`, () => {
      const text = `workflow w {
  step a {
    ${broken}
    run: "echo a"
  }
  step b {
    needs: a
    run: "echo b"
  }
}
`;
      const parsed = parseDocument(text, "/ws/main.momoflow");
      assert.equal(parsed.diagnostics.length, 1, JSON.stringify(parsed.diagnostics));
      assert.equal(parsed.diagnostics[0]!.code, "MF001");
      assert.match(parsed.diagnostics[0]!.message, new RegExp(escape(message)));
      const [a, b] = parsed.file.workflows[0]!.steps;
      assert.deepEqual(
        a!.properties.map((p) => p.name.text),
        ["for_each", "run"],
      );
      assert.equal(b!.name.text, "b");
      assert.deepEqual(
        b!.properties.map((p) => p.name.text),
        ["needs", "run"],
      );
    });
  }

  it("formats a fan-out step canonically, and formatting again changes nothing", () => {
    const messy = CONVERT.replace("for_each: file in glob", "for_each :file   in   glob").replace(
      "max_parallel: 4",
      "max_parallel:4",
    );
    const once = formatDocument(messy);
    assert.ok(once.ok);
    assert.equal(once.text, CONVERT);
    const twice = formatDocument(once.text);
    assert.ok(twice.ok);
    assert.equal(twice.text, once.text);
  });

  it("formats a literal list after `in` as a list, not an index of `in`", () => {
    const text = `workflow w {
  step each {
    for_each: part in ["a", "b", "c"]
    run: "echo \${part} \${steps.s.output.in[0]}"
    when: steps.s.output.sites[0] != "x"
  }
}
`;
    const squeezed = text.replace('in ["a"', 'in["a"');
    for (const input of [text, squeezed]) {
      const formatted = formatDocument(input);
      assert.ok(formatted.ok);
      assert.equal(formatted.text, text);
    }
  });

  it("puts the item in scope in each setting an instance resolves, and in no other step", () => {
    const diagnostics = check(`workflow w {
  param names: list = ["a", "b"]
  step each {
    for_each: name in names
    when: name != "b"
    run: "echo \${name}"
    rollback: "echo undo \${name}"
    description: "about \${name}"
    workdir: name
    env: { NAME: name, OUT: "out/\${stem(name)}" }
    inputs: "src/\${name}"
    outputs: ["out/\${name}.txt", "logs/\${basename(name)}"]
  }
  step other {
    run: "echo \${name}"
    rollback: none
  }
}
`);
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} ${d.range.start.line} ${d.message}`),
      [
        'MF008 14 "name" is not defined here: it is the for_each item of step "each", known only in that step (each of its instances has its own); a step after it reads what the instances gave as `steps.each.outputs`',
      ],
    );
    // The quick fix still offers the near name in scope.
    assert.deepEqual((diagnostics[0]!.data as { suggestions?: string[] }).suggestions, ["names"]);
  });

  it("tells where another step's item is known, in a condition, a rollback and a setting too", () => {
    const diagnostics = check(`workflow w {
  param regions: list = ["eu", "us"]
  step deploy {
    for_each: region in regions
    run: "echo \${region}"
    rollback: none
  }
  step tell {
    needs: deploy
    when: region == "eu"
    run: "echo \${steps.deploy.outputs}"
    rollback: "echo undo \${region}"
    workdir: region
  }
}
`);
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} ${d.range.start.line}`),
      ["MF008 9", "MF008 11", "MF008 12"],
    );
    for (const d of diagnostics)
      assert.match(d.message, /item of step "deploy", known only in that step/);
  });

  it("says the item cannot be used in a setting read once for the whole step", () => {
    const diagnostics = check(`workflow w {
  param names: list = ["a", "b"]
  step each {
    for_each: name in names
    run: "echo \${name}"
    rollback: none
    timeout: name
    retries: name
    shell: name
  }
}
`);
    const reason =
      "the for_each item is known in each instance, and this setting is read once for the whole step, before its instances are made; the item can be used in run, rollback, when, description, env, workdir, inputs and outputs";
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} ${d.range.start.line} ${d.message}`),
      [6, 7, 8].map((line) => `MF008 ${line} "name" cannot be used here: ${reason}`),
    );
  });

  it("types the path functions: an unknown one is MF008 with did you mean, a non-path MF007", () => {
    const diagnostics = check(`workflow w {
  param count: int = 2
  step a {
    run: "echo \${basenme(count)} \${stem(count)}"
    rollback: none
  }
}
`);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message]),
      [
        ["MF008", '"basenme" is not a function; did you mean "basename"?'],
        ["MF007", "stem(...) takes a path, not an int (a whole number)"],
      ],
    );
  });

  it("reads fields of an item from a JSON output, but not of a plain item", () => {
    const diagnostics = check(`workflow w {
  step sites {
    run: "echo '[{\\"name\\": \\"a\\"}]'"
    output: json
    rollback: none
  }
  step each {
    needs: sites
    for_each: site in steps.sites.output
    run: "echo \${site.name}"
    rollback: none
  }
  step plain {
    for_each: n in ["a"]
    run: "echo \${n}"
    rollback: none
  }
}
`);
    assert.deepEqual(diagnostics, []);
  });

  it("lets a step's own rollback read the output of the instance it undoes, with its fields as a plain step's", () => {
    const diagnostics = check(`workflow w {
  step make {
    for_each: name in ["a", "b"]
    run: "echo '{\\"path\\": \\"\${name}.txt\\"}'"
    output: json
    rollback: delete_path(path: steps.make.output.path)
  }
  step text {
    for_each: name in ["a", "b"]
    run: "echo \${name}.txt"
    rollback: "rm -f \${steps.text.output} \${steps.text.output.path}"
  }
  step after {
    needs: [make, text]
    run: "echo \${steps.make.output} \${steps.text.outputs}"
    rollback: "echo \${steps.make.output.path}"
  }
}
`);
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`),
      ["MF008 10:62", "MF021 14:28", "MF021 15:33"],
    );
    assert.match(diagnostics[0]!.message, /the output of "text" is text: it has no field "path"/);
    assert.match(diagnostics[1]!.message, /step "make" runs once per item \(for_each\)/);
  });

  it("reads one instance's output as steps.<id>.outputs[n]: its fields only with output: json (MF008 on a text one)", () => {
    const diagnostics = check(`workflow w {
  step json {
    for_each: name in ["a", "b"]
    run: "echo '{}'"
    output: json
    rollback: none
  }
  step text {
    for_each: name in ["a", "b"]
    run: "echo \${name}"
    rollback: none
  }
  step after {
    needs: [json, text]
    when: steps.json.outputs[1].ok == true
    run: "echo \${steps.json.outputs[0].path} \${steps.text.outputs[1]} \${steps.text.outputs[1].path}"
    rollback: "echo \${steps.text.outputs[0][2]}"
  }
}
`);
    assert.deepEqual(
      diagnostics.map(
        (d) =>
          `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`,
      ),
      ["MF008 15:94-98", "MF008 16:43-46"],
    );
    assert.equal(
      diagnostics[0]!.message,
      'the output of instance text[1] is text: it has no field "path"; declare `output: json` on step "text" to read its fields',
    );
    assert.match(
      diagnostics[1]!.message,
      /^the output of instance text\[0\] is text: it has no item \[2\]/,
    );
    // The editor's quick fix declares `output: json` on the step, as for a plain step's output.
    assert.deepEqual(diagnostics[0]!.data, { declareJsonOutput: "text" });
  });

  it("names outputs, the value a fan-out step has for the steps after it, where a field is misspelt or missing", () => {
    const diagnostics = check(`workflow w {
  step make {
    for_each: name in ["a", "b"]
    run: "echo \${name}"
    rollback: none
  }
  step after {
    needs: make
    run: "echo \${steps.make.outptus} \${steps.make}"
    rollback: "echo \${steps.make.outpt}"
  }
}
`);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message]),
      [
        ["MF008", 'a step has no value "outptus"; did you mean "outputs"?'],
        [
          "MF008",
          '"steps.make" is a step, not a value: read its instances\' outputs as steps.make.outputs',
        ],
        ["MF008", 'a step has no value "outpt"; did you mean "outputs"?'],
      ],
    );
  });

  it("says what to read instead of a step's own outputs in its rollback, which undoes one instance", () => {
    const diagnostics = check(`workflow w {
  step make {
    for_each: name in ["a", "b"]
    run: "echo \${name}.txt"
    rollback: "rm -f \${steps.make.outputs}"
  }
}
`);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.data?.suggestions]),
      [
        [
          "MF021",
          'the rollback of step "make" undoes one instance at a time, so it reads that instance\'s output; did you mean "output"? (steps.make.outputs, the list of all of them, is for the steps that need it)',
          ["output"],
        ],
      ],
    );
  });
});

describe("path functions in interpolations", () => {
  const scope: ValueScope = {
    path: "/ws/main.momoflow",
    lookup: (ref) => {
      const name = ref.segments[0]!.text;
      if (name === "file") return "data/2026/sales.csv";
      if (name === "count") return 3;
      throw new CompileError(`no ${name}`);
    },
  };
  const literal = (text: string): StringLiteral => {
    const parsed = parseDocument(`workflow w { step s { run: ${text} } }`, "/ws/main.momoflow");
    return parsed.file.workflows[0]!.steps[0]!.properties[0]!.value as StringLiteral;
  };

  it("gives the last part, the stem and the folder of a path", () => {
    assert.equal(
      evaluateString(literal('"${basename(file)} ${stem(file)} ${dirname(file)}"'), scope),
      "sales.csv sales data/2026",
    );
  });

  it("quotes a function's result in a shell action as any value", () => {
    assert.equal(shellScript(literal('"cat ${stem(file)}"'), scope), "cat sales");
  });

  it("refuses a value that is not a path, naming the function", () => {
    assert.throws(
      () => evaluateString(literal('"${stem(count)}"'), scope),
      /`stem\(\.\.\.\)` takes a path, got 3/,
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
