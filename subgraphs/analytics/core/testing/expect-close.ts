/** Relative difference |a − b| / max(|a|, |b|), 0 when both are 0. */
export function relDiff(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}

/** Largest relative difference between two equally long series (throws when the lengths differ). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} !== ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = relDiff(a[i]!, b[i]!);
    if (!(d <= worst)) worst = d; // also catches NaN
  }
  return worst;
}
