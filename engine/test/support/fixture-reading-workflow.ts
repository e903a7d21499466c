/**
 * A workflow whose step prints `in.txt`, and a test giving it the folder
 * `fx` as its `files:` fixture that expects `data`: the tests of what a
 * fixture may hold (links, pipes) write their `fx` beside it.
 */
export const FIXTURE_READING_WORKFLOW = `workflow read {
  step show {
    run: "cat in.txt"
    rollback: none
  }
}

test "reads its fixture" {
  workflow: read
  files: "fx"
  expect output show == "data"
}
`;
