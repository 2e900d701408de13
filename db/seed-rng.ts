/** A small deterministic generator for the demo seed: the same seed gives the same demo. */
export function rng(seed: number): () => number {
  let s = (seed * 2654435761) % 2 ** 32;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}
