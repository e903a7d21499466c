/**
 * `ship`: a step `make` made and undone by js() functions (`./undo.mjs`'s
 * `make` and `unmake`, given the run's param `region`), then a step that
 * needs it — `second`, its name and its action — to fail the run. `edited`
 * is the same file with `make` removed, as a user edits it after the run:
 * its undo must then come from the record alone.
 */
export function jsMakeStepFlow(second: { name: string; run: string }): {
  flow: string;
  edited: string;
} {
  const flow = `workflow ship {
  param region: string = "eu"
${MAKE_STEP}  step ${second.name} {
    needs: make
    run: ${JSON.stringify(second.run)}
    rollback: none
  }
}
`;
  return { flow, edited: flow.replace(MAKE_STEP, "").replace("    needs: make\n", "") };
}

const MAKE_STEP = `  step make {
    run: js("./undo.mjs", "make", region: region)
    rollback: js("./undo.mjs", "unmake", region: region)
  }
`;
