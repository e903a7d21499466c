/** A number of steps in words: `1 step`, `2 steps`. */
export function stepCount(n: number): string {
  return `${n} step${n === 1 ? "" : "s"}`;
}
