/**
 * A constructor of plain objects from `init`, which sets their fields: what
 * it makes has `Object.prototype` as its prototype, as a literal's has, so
 * JSON, a deep comparison and `inspect` see an object literal.
 *
 * Why not a literal: V8 tracks where each literal allocates, and once nearly
 * every object a site made outlives a young collection (a run keeps each
 * step's metrics, its replayed state, its info), it allocates that site's
 * objects straight in the old generation ("pretenuring"). For a run's
 * per-step objects that made a no-op step ~0.9 µs dearer, as much as
 * `node --no-allocation-site-pretenuring` saves. An object made with `new`
 * has no allocation site: it is made young, and fast.
 *
 * `init` must be a `function` (not an arrow), setting every field it makes
 * with `this.x = …` (V8 sizes the objects by those assignments).
 */
export function plainObjectMaker<T extends object, A extends unknown[]>(
  init: (this: T, ...args: A) => void,
): new (...args: A) => T {
  init.prototype = Object.prototype;
  return init as unknown as new (...args: A) => T;
}
