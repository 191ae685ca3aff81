import { types } from 'node:util';

/**
 * The ArrayBuffers behind the typed arrays in a value (nested in arrays and plain objects), each once:
 * the transfer list that moves them between threads instead of copying them. Shared buffers and empty
 * ones are left out (they cannot or need not move).
 */
export function transferableBuffers(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  collect(value, found, 0);
  return [...found];
}

function collect(value: unknown, found: Set<ArrayBuffer>, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 8) return;
  if (ArrayBuffer.isView(value)) {
    // types.isArrayBuffer, not instanceof: the array may come from another realm (jest's vm context)
    if (types.isArrayBuffer(value.buffer) && value.buffer.byteLength > 0) found.add(value.buffer);
    return;
  }
  if (Array.isArray(value)) {
    // Plain number arrays hold nothing transferable; don't walk half a million numbers to learn that.
    if (value.length === 0 || typeof value[0] === 'number') return;
    for (const item of value) collect(item, found, depth + 1);
    return;
  }
  for (const item of Object.values(value)) collect(item, found, depth + 1);
}

/** Number of array elements a task's arguments carry, to decide whether a thread hop pays off. */
export function elementCount(value: unknown, depth = 0): number {
  if (value === null || typeof value !== 'object' || depth > 8) return 0;
  if (ArrayBuffer.isView(value)) return (value as unknown as ArrayLike<unknown>).length ?? 0;
  if (Array.isArray(value)) {
    if (value.length === 0 || typeof value[0] === 'number') return value.length;
    let total = 0;
    for (const item of value) total += elementCount(item, depth + 1);
    return total;
  }
  let total = 0;
  for (const item of Object.values(value)) total += elementCount(item, depth + 1);
  return total;
}
