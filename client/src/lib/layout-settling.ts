/**
 * Tells when a force-directed layout has settled, so that it can stop by itself: ForceAtlas2 never stops on its own,
 * and a drawing that keeps drifting is hard to read. The canvas samples every node's position at a steady interval;
 * the layout has settled when the nodes' mean move between samples stays below `tolerance` of the drawing's extent for
 * `calmSamples` samples in a row. ForceAtlas2 with Barnes-Hut never comes to rest (nodes keep jittering by a few
 * thousandths of the drawing each half second), so the defaults (half a percent, three samples of half a second) stop
 * it once what is left is a jitter of a few pixels.
 */
export class LayoutSettling {
  private previous: Float64Array | null = null;
  private calm = 0;

  constructor(
    private readonly tolerance = 0.005,
    private readonly calmSamples = 3,
  ) {}

  /** Positions as x0, y0, x1, y1, ...; returns true once the layout has settled. */
  sample(positions: Float64Array): boolean {
    const previous = this.previous;
    this.previous = Float64Array.from(positions);
    if (!previous || previous.length !== positions.length || positions.length === 0) return false;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    let moved = 0;
    for (let i = 0; i < positions.length; i += 2) {
      const x = positions[i];
      const y = positions[i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      moved += Math.hypot(x - previous[i], y - previous[i + 1]);
    }
    const extent = Math.max(maxX - minX, maxY - minY, 1e-12);
    const meanMove = moved / (positions.length / 2);
    this.calm = meanMove < this.tolerance * extent ? this.calm + 1 : 0;
    return this.calm >= this.calmSamples;
  }
}
