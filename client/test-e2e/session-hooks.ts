/**
 * The mocha hooks of a session file: start the session before its stages,
 * save a screenshot of a failed stage, end the session after them (keeping
 * its folders when a stage failed).
 */
import { UserSession } from "./session";
import { Workbench } from "./workbench";

/** The session of a describe block, ready once its `before` hook ran. */
export interface SessionHandle {
  readonly session: UserSession;
  readonly workbench: Workbench;
}

/** Registers the hooks in the calling `describe` and returns the session they manage. */
export function useSession(trust: "trusted" | "untrusted"): SessionHandle {
  let session: UserSession | undefined;
  let workbench: Workbench | undefined;
  let passed = true;

  before(async function () {
    this.timeout(180_000);
    session = await UserSession.start(trust);
    workbench = new Workbench(session.page);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== "failed") return;
    passed = false;
    // Named after the stage's number (`05-failed.png`, `R1-failed.png`).
    const stage = this.currentTest.title.match(/^\w?\d+/)?.[0] ?? "stage";
    await session?.screenshot(`${stage}-failed`).catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    await session?.end(passed);
  });

  return {
    get session(): UserSession {
      if (!session) throw new Error("the session has not started (its before hook failed)");
      return session;
    },
    get workbench(): Workbench {
      if (!workbench) throw new Error("the session has not started (its before hook failed)");
      return workbench;
    },
  };
}
