/**
 * A value for every optional field of `T`, each required: a field added to
 * `T` must be given one where this type is used, or the tests do not
 * compile — so a hand-written encoder's test cannot miss a new field (one
 * encoder dropped an undo's `earlierUndone` in a warm process, unseen by a
 * list kept by hand).
 */
export type EachOptionalField<T> = {
  [K in keyof T as object extends Pick<T, K> ? K : never]-?: Exclude<T[K], undefined>;
};
