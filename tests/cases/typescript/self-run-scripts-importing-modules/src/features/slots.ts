export function planSlots(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
