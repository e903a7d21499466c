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

/** Each diagnostic but unused names (MF012) as `code line:character message`, 1-based like `momoflow check`. */
function shown(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => d.code !== "MF012")
    .map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
}

/** The text of a workflow with these params and vars and one step running `run`. */
const flow = (run: string, extra = ""): string => `workflow w {
  param samples: list = ["a", "b"]
  param config: map = {"region": "eu", "enabled": true, "sites": [{"name": "home"}]}
  param anything: any
  param count: int = 3
  param label: string = "x"
  var regions = ["eu", "us"]
  var cfg = {"region": "eu", "sites": [{"name": "x"}, {"name": "y"}]}
  var first = regions[0]
  var copy = cfg
  var word = "abc"
  step s {
    run: ${run}
    rollback: none
  }${extra}
}
`;

describe("items and fields of params and vars: the checker", () => {
  it("reads items and fields of list, map and any params and of vars written as lists and maps, everywhere a param is read", () => {
    const diagnostics = check(
      flow(
        '"echo ${samples[0]} ${config.region} ${config.sites[0].name} ${anything.a[3].b} ${regions[1]} ${cfg.sites[1].name} ${first} ${copy.sites[0].name}"',
        `
  step t {
    when: config.enabled == true && regions[0] == "eu" && contains(samples, "a")
    for_each: site in config.sites
    run: create_file(path: "\${site.name}.txt", content: cfg.sites[0].name)
  }
  step u {
    for_each: name in cfg.sites
    run: "echo \${name.name} \${json(config.sites)}"
    env: { REGION: config.region, FIRST: samples[1] }
    rollback: none
  }`,
      ),
    );
    assert.deepEqual(shown(diagnostics), []);
  });

  it("reports an item or field of a value that has none (MF008): a scalar param, a list's field, a map's item, a var written as text", () => {
    const diagnostics = check(
      flow('"echo ${count[0]} ${label.x} ${samples.x} ${config[0]} ${word[1]} ${first[0]}"'),
    );
    assert.deepEqual(shown(diagnostics), [
      'MF008 13:23 "count" is an int (a whole number): it has no item [0] (only a list, a map or an `any` value has items and fields)',
      'MF008 13:36 "label" is a string: it has no field "x" (only a list, a map or an `any` value has items and fields)',
      'MF008 13:49 "samples" is a list: it has no field "x"; read an item as samples[0]',
      'MF008 13:60 "config" is a map: it has no item [0]; read a field as config.name',
      'MF008 13:71 "word" is a string: it has no item [1] (only a list, a map or an `any` value has items and fields)',
      'MF008 13:83 "first" is a string: it has no item [0] (only a list, a map or an `any` value has items and fields)',
    ]);
  });

  it("reports an item past a var's written list and a field its written map lacks (MF008), following vars set to vars", () => {
    const diagnostics = check(
      flow(
        '"echo ${regions[2]} ${cfg.sites[2].name} ${cfg.regin} ${cfg.sites[0].nam} ${copy.sites[5]} ${cfg.region[0]}"',
      ),
    );
    assert.deepEqual(shown(diagnostics), [
      "MF008 13:25 regions has 2 items: it has no item [2]",
      "MF008 13:41 cfg.sites has 2 items: it has no item [2]",
      'MF008 13:57 cfg has no field "regin"; it has "region", "sites"',
      'MF008 13:79 cfg.sites[0] has no field "nam"; it has "name"',
      "MF008 13:96 copy.sites has 2 items: it has no item [5]",
      'MF008 13:113 cfg.region is the text "eu", not a list: it has no item [0]',
    ]);
  });

  it("reports a var set past another var's list once, where it is written, not at each reader", () => {
    const diagnostics = check(`workflow w {
  var regions = [["eu", "us"]]
  var gone = regions[3]
  var pair = regions[0]
  step s {
    run: "echo \${gone[0]} \${pair[1]} \${pair[2]}"
    rollback: none
  }
}
`);
    assert.deepEqual(shown(diagnostics), [
      "MF008 3:21 regions has 1 item: it has no item [3]",
      "MF008 6:44 regions[0] has 2 items: it has no item [2]",
    ]);
  });

  it("does not check a param's default: the run may give another value", () => {
    assert.deepEqual(shown(check(flow('"echo ${samples[7]} ${config.other}"'))), []);
  });

  it("types an item written out: a var's text item is no condition, its bool is", () => {
    const diagnostics = check(
      flow(
        '"true"\n    when: regions[0]',
        '\n  step v {\n    when: cfg.sites[0]\n    run: "true"\n    rollback: none\n  }',
      ),
    );
    assert.deepEqual(
      diagnostics.filter((d) => d.code !== "MF012").map((d) => d.code),
      ["MF007", "MF007"],
    );
  });

  it("reads items of a command's list, map and any parameters, and refuses those of its scalars", () => {
    const diagnostics = check(`command greet(who: list, opts: map, extra: any, n: int = 1) {
  run: "echo \${who[0]} \${opts.loud} \${extra[1].x} \${n[0]}"
  rollback: none
}
workflow w {
  step s {
    run: greet(who: ["a"], opts: {loud: true}, extra: 1)
  }
}
`);
    assert.deepEqual(shown(diagnostics), [
      'MF008 2:54 "n" is an int (a whole number): it has no item [0] (only a list, a map or an `any` value has items and fields)',
    ]);
  });
});
