/** A label's box on screen, in pixels. */
export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Keeps labels from overlapping: sigma's label grid picks a few labels per screen cell, but a long name spills into
 * the next cell and over its label ("Ben L." over "Rosa V."). The canvas asks `place` for every label it is about to
 * draw, in sigma's order (the biggest people of each cell first), and draws only those that fit; `reset` starts each
 * frame afresh.
 */
export class LabelPlacer {
  private boxes: LabelBox[] = [];

  constructor(private readonly margin = 2) {}

  reset(): void {
    this.boxes = [];
  }

  /** True, and the box kept, when it overlaps no label placed in this frame; `force` keeps it anyway. */
  place(box: LabelBox, force = false): boolean {
    const m = this.margin;
    const clash = this.boxes.some(
      (b) =>
        box.x < b.x + b.width + m &&
        b.x < box.x + box.width + m &&
        box.y < b.y + b.height + m &&
        b.y < box.y + box.height + m,
    );
    if (clash && !force) return false;
    this.boxes.push(box);
    return true;
  }
}
