/** A mocha root hook: each run of the sessions starts from an empty `test-results/e2e/`. */
import { mkdirSync, rmSync } from "node:fs";
import { SCREENSHOTS } from "./session";

export const mochaHooks = {
  beforeAll(): void {
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
  },
};
