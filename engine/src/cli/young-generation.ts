/**
 * The size of V8's young generation during `momoflow check`, set from the
 * inside (`node dist/cli.js check` takes no V8 flags).
 *
 * Nearly everything a check allocates lives until its end (tokens, tree,
 * diagnostics), so each young-generation collection copies what it finds.
 * By default the young generation doubles up to 16 MB semi-spaces: a file
 * of 20,000 steps then peaks some 30 MB higher (page faults: a fifth of its
 * system time) and its collections copy more at a time. Held at 4 MB (what
 * `--max-semi-space-size=4` gives, as the extension gives its language
 * server) the same check runs some 4% fewer instructions; smaller is worse
 * (1 MB: a third more, collections too frequent).
 *
 * The largest size can only be set at launch, but the growth factor is read
 * at each growth: the young generation grows 4× at once (1 MB to 4 MB while
 * the modules load), then not at all.
 *
 * V8 moves the objects of a literal to the old generation from the start
 * (pretenuring, offset-range.ts) only once the young generation is at its
 * largest, which it then never is: a check moves some 140 MB through the
 * young generation instead of 90–110 MB. It is still the cheaper way: grown
 * to 16 MB at once (pretenuring from the first collections), the same check
 * took 1.52 s of user+sys time against 1.31 s held at 4 MB.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/** The semi-space size a check holds, in MB. */
const SEMI_SPACE_MB = 4;

/** Called before the check's modules load: the young generation's next growth is 4×. */
export function growYoungGenerationAtOnce(): void {
  setFlagsFromString(`--semi-space-growth-factor=${SEMI_SPACE_MB}`);
}

/**
 * Called once they have loaded: the young generation stops growing if it
 * has reached {@link SEMI_SPACE_MB}; if it has not (the modules allocated
 * less), it grows on as it would have, one 4× step at a time.
 */
export function holdYoungGeneration(): void {
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
  // `space_size` counts both semi-spaces.
  if (newSpace && newSpace.space_size >= 2 * SEMI_SPACE_MB * 2 ** 20)
    setFlagsFromString("--semi-space-growth-factor=1");
}
