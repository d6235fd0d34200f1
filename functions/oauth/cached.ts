/**
 * A value re-read at most every `seconds`, one read in flight at a time: for what every
 * request shows but may lag a few seconds (the JWKS, the metadata's scope list).
 */
export function cachedFor<T>(seconds: number, load: () => Promise<T>, clock: () => number = Date.now): () => Promise<T> {
  let value: { at: number; data: T } | undefined;
  let loading: Promise<T> | undefined;
  return async () => {
    if (value && clock() - value.at < seconds * 1000) return value.data;
    loading ??= load()
      .then((data) => {
        value = { at: clock(), data };
        return data;
      })
      .finally(() => (loading = undefined));
    return loading;
  };
}
