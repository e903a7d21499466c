import "./esm-only-dependencies";
import assert from "node:assert/strict";
import type { StringLiteral } from "../../src/language/ast";
import { CompileError } from "../../src/language/compile/compile-error";
import { evaluateString, shellScript } from "../../src/language/compile/evaluate";
import type { ValueScope } from "../../src/language/compile/value-lookup";
import type { Diagnostic } from "../../src/language/diagnostic";
import { parseDocument } from "../../src/language/parse";
import { LanguageWorkspace } from "../../src/language/workspace";
import { liveValue, RecipeReference, resolveRecipeArgs } from "../../src/runtime/recipe-reference";
import { SecretMask } from "../../src/runtime/secret-mask";

function check(text: string): Diagnostic[] {
  const workspace = new LanguageWorkspace({
    readFile: (path) => (path === "/ws/main.momoflow" ? text : undefined),
  });
  return workspace.check("/ws/main.momoflow").diagnostics;
}

const literal = (text: string): StringLiteral => {
  const parsed = parseDocument(`workflow w { step s { run: ${text} } }`, "/ws/main.momoflow");
  assert.deepEqual(parsed.diagnostics, []);
  return parsed.file.workflows[0]!.steps[0]!.properties[0]!.value as StringLiteral;
};

const VALUES: Record<string, unknown> = {
  names: ['eu "west"', "ünï", "a\nb", "it's"],
  site: { name: "home", tags: ["a"], none: null },
  count: 3,
  on: true,
  none: null,
  word: "x",
};

const scope: ValueScope = {
  path: "/ws/main.momoflow",
  lookup: (ref) => {
    const name = ref.segments[0]!.text;
    if (name in VALUES) return VALUES[name];
    throw new CompileError(`no ${name}`);
  },
};

describe("json(value) in interpolations: the language", () => {
  it("parses `${json(x)}` as a function of one reference, like the path functions", () => {
    const part = literal('"${ json( steps.a.outputs ) }"').parts[0]!;
    assert.equal(part.kind, "interpolation");
    if (part.kind !== "interpolation") return;
    assert.equal(part.function?.text, "json");
    assert.equal(part.ref?.segments.map((s) => s.text).join("."), "steps.a.outputs");
  });

  it("takes any value in check: lists, maps, ints, step outputs; no problem", () => {
    const diagnostics = check(`workflow w {
  param names: list = ["a", "b"]
  param labels: map = {team: "web"}
  param count: int = 2
  step a {
    for_each: n in names
    run: "echo \${n}"
    rollback: none
  }
  step b {
    needs: a
    run: "echo \${json(steps.a.outputs)} \${json(names)} '\${json(labels)}' \\"\${json(count)}\\" > r.json"
    output: json
    rollback: none
  }
  step c {
    needs: b
    run: create_file(path: "c.json", content: "{\\"b\\": \${json(steps.b.output.x)}}")
  }
}
`);
    assert.deepEqual(diagnostics, []);
  });

  it("reports a misspelled function (MF008, did you mean json), a wrong arity (MF001) and a refused place (MF015)", () => {
    const diagnostics = check(`workflow w {
  param names: list = ["a"]
  step a {
    run: "echo \${jsno(names)} \${json(names, names)} \${json()} \`\${json(names)}\`"
    rollback: none
  }
}
`);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ["MF008", "MF001", "MF001", "MF015"],
    );
    assert.equal(diagnostics[0]!.message, '"jsno" is not a function; did you mean "json"?');
  });

  it("refuses a function's result in shell arithmetic without advising to declare it a number (its result is text)", () => {
    const diagnostics = check(`workflow w {
  param n: int = 2
  step a {
    run: "echo $((\${json(n)} + 1)) $((\${n} + 1))"
    rollback: none
  }
}
`);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ["MF015"],
    );
    assert.match(diagnostics[0]!.message, /^"\$\{json\(n\)\}" is inside shell arithmetic/);
    assert.match(
      diagnostics[0]!.message,
      /assign it to a shell variable first \(v=\$\{json\(n\)\}\)/,
    );
    assert.doesNotMatch(diagnostics[0]!.message, /declare it as an int/);
  });

  it("writes each value as compact JSON: strings quoted, lists, maps, numbers, bools, null", () => {
    assert.equal(
      evaluateString(
        literal(
          '"${json(names)} ${json(site)} ${json(count)} ${json(on)} ${json(none)} ${json(word)}"',
        ),
        scope,
      ),
      '["eu \\"west\\"","ünï","a\\nb","it\'s"] {"name":"home","tags":["a"],"none":null} 3 true null "x"',
    );
  });

  it("shell-quotes the JSON text as one word, outside and inside single quotes, as any value", () => {
    // Outside quotes: one single-quoted word, whatever the list holds.
    assert.equal(
      shellScript(literal('"echo ${json(names)} > r.json"'), scope),
      `echo '["eu \\"west\\"","ünï","a\\nb","it'\\''s"]' > r.json`,
    );
    assert.equal(
      shellScript(literal(`"echo '{\\"n\\": \${json(names)}}'"`), scope),
      `echo '{"n": ["eu \\"west\\"","ünï","a\\nb","it'\\''s"]}'`,
    );
  });

  it("keeps a reference for the record as {$fn: json}, written as JSON once the undo resolves it", () => {
    const recording: ValueScope = {
      path: "/ws/main.momoflow",
      lookup: (ref) =>
        ref.segments[0]!.text === "token"
          ? [new RecipeReference("param.token", 'se"cr3t'), "b"]
          : scope.lookup(ref),
    };
    const text = evaluateString(literal('"k=${json(token)}"'), recording);
    assert.deepEqual(JSON.parse(JSON.stringify(text)), {
      $text: ["k=", { $fn: "json", of: [{ $ref: "param.token" }, "b"] }],
    });
    assert.equal(liveValue(text), 'k=["se\\"cr3t","b"]');
    const script = shellScript(literal('"echo ${json(token)}"'), recording);
    const { args, mask } = resolveRecipeArgs(
      { script: JSON.parse(JSON.stringify(script)) },
      () => 'se"cr3t',
    );
    assert.equal(args.script, `echo '["se\\"cr3t","b"]'`);
    assert.equal(mask.text(args.script as string), `echo '["***","b"]'`);
  });

  it("masks a secret as json() writes it, also shell-quoted", () => {
    const mask = SecretMask.of(['it\'s "x"']);
    // JSON, then single-quoted by the shell: it'\''s \"x\"
    assert.equal(mask.text(`echo '["it'\\''s \\"x\\""]'`), `echo '["***"]'`);
  });
});
