import fc from "fast-check";

/**
 * The fields a step's identity has in both the run's first line and
 * result.json (step-identity-bytes.ts writes them for both), as fast-check
 * arbitraries over `text` for the strings: the property tests of the two
 * encoders spread them into their records.
 */
export function stepIdentityArbitraries(text: fc.Arbitrary<string>) {
  return {
    id: text,
    needs: fc.array(text, { maxLength: 3 }),
    reversible: fc.boolean(),
    description: text,
    effectFree: fc.boolean(),
  };
}
