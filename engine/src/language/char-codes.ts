/**
 * The UTF-16 codes of `name` in `codes`, grown (to twice the name's length)
 * when too short: a name search compares codes, not strings, and reuses one
 * array for all its names so that none allocates.
 * @returns `codes`, or the larger array that replaces it.
 */
export function loadCharCodes(
  codes: Int32Array<ArrayBuffer>,
  name: string,
): Int32Array<ArrayBuffer> {
  const n = name.length;
  if (codes.length < n) codes = new Int32Array(n * 2);
  for (let j = 0; j < n; j++) codes[j] = name.charCodeAt(j);
  return codes;
}
