import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { formatDocument } from "../../src/language/format/format-document";
import { parseDocument } from "../../src/language/parse";
import { LanguageWorkspace } from "../../src/language/workspace";

/**
 * `env:` maps and `workdir:` in the parser (with recovery) and the formatter;
 * the checker's codes have their fixtures (mf030-environment, mf032-workdir).
 */
describe("env and workdir: parsing and formatting", () => {
  it("formats env maps canonically, on one line or several, and again to the same text", () => {
    const messy = [
      "workflow w {",
      '  env:{NODE_ENV:"production" ,  "REGION" :region,}',
      '  param region: string = "eu"',
      "  step s {",
      "    env : {",
      "        CI:1,",
      '      TAG :  "v${env.REGION}"',
      "         }",
      '    workdir:"web"',
      '    run: "true"',
      "  }",
      "}",
      "",
    ].join("\n");
    const once = formatDocument(messy);
    assert.ok(once.ok, once.ok ? "" : once.error);
    assert.equal(
      once.text,
      [
        "workflow w {",
        '  env: { NODE_ENV: "production", "REGION": region }',
        '  param region: string = "eu"',
        "  step s {",
        "    env: {",
        "      CI: 1,",
        '      TAG: "v${env.REGION}"',
        "    }",
        '    workdir: "web"',
        '    run: "true"',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    const twice = formatDocument(once.text);
    assert.ok(twice.ok);
    assert.equal(twice.text, once.text);
  });

  it("recovers from a broken env map: one error where it is, and the rest of the file is read", () => {
    const text = [
      "workflow w {",
      "  step a {",
      '    env: { CI: "1" NODE_ENV: "x" }',
      '    run: "printenv CI"',
      "  }",
      "  step b {",
      "    needs: a",
      '    workdir: "web"',
      '    run: "true"',
      "  }",
      "}",
      "",
    ].join("\n");
    const { file, diagnostics } = parseDocument(text, "/w.momoflow");
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.message]),
      [["MF001", 2, "expected `,` between map entries"]],
    );
    const steps = file.workflows[0]!.steps;
    assert.deepEqual(
      steps.map((s) => s.properties.map((p) => p.name.text)),
      [
        ["env", "run"],
        ["needs", "workdir", "run"],
      ],
    );
    const env = steps[0]!.properties[0]!.value;
    assert.equal(env?.kind, "map");
    assert.deepEqual(env.kind === "map" && env.entries.map((e) => e.key.text), ["CI", "NODE_ENV"]);
  });

  it("checks the references in env values like the step's run: an unknown name is MF008", () => {
    const text = [
      "workflow w {",
      '  env: { A: "${nope}" }',
      "  step s {",
      '    env: { B: "${steps.s.output}", C: missing }',
      '    run: "true"',
      "  }",
      "}",
      "",
    ].join("\n");
    const workspace = new LanguageWorkspace({
      readFile: (path) => (path === "/w.momoflow" ? text : undefined),
    });
    assert.deepEqual(
      workspace.check("/w.momoflow").diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ["MF008", 1],
        ["MF010", 3],
        ["MF008", 3],
      ],
    );
  });
});
