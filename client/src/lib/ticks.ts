/** "Nice" axis ticks (1, 2 or 5 times a power of ten) covering [0, max], about `count` of them. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let value = 0; value <= max + step * 1e-9; value += step) ticks.push(Number(value.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/**
 * Ticks for an axis drawn on log10(1 + value), which keeps zero on the axis: 0 and the powers of ten up to `max`
 * (0, 1, 10, 100, 1K, ...), so the labels are round numbers rather than 10^k - 1.
 */
export function logTicks(max: number): number[] {
  const ticks = [0];
  for (let power = 1; power <= max && ticks.length < 16; power *= 10) ticks.push(power);
  return ticks;
}
