/**
 * How an exported person is drawn when the scores say nothing of a layout: coloured by community and sized by
 * influence, so Gephi and Gephi Lite open the file styled by score. Community colours are twelve hues 30° apart, taken
 * in an order that puts consecutive communities (the largest ones) far apart on the colour wheel, at alternating
 * lightness; they repeat beyond twelve communities. Everyone outside a community (none computed) is grey.
 */
const HUE_ORDER = [0, 6, 3, 9, 1, 7, 4, 10, 2, 8, 5, 11];
export const COMMUNITY_COLOURS: readonly string[] = HUE_ORDER.map((step, k) =>
  hslToHex(step * 30 + 10, 0.65, k % 2 === 0 ? 0.45 : 0.6),
);

export interface DrawnPerson {
  color: string;
  size: number;
}

/**
 * The colour of each person's community and a size from 2 (least influential) to 20 (most), linear in the 0-100
 * influence score; people without either get grey and size 2.
 */
export function drawByScores(
  community: ArrayLike<number> | undefined,
  influenceScore: ArrayLike<number> | undefined,
): (index: number) => DrawnPerson {
  return (index) => {
    const c = community?.[index];
    const score = influenceScore?.[index];
    return {
      color:
        c !== undefined && Number.isInteger(c) && c >= 0 ? COMMUNITY_COLOURS[c % COMMUNITY_COLOURS.length] : '#bbbbbb',
      size: score !== undefined && Number.isFinite(score) ? 2 + (18 * Math.min(100, Math.max(0, score))) / 100 : 2,
    };
  };
}

/** '#rrggbb' of a colour given as hue (degrees), saturation and lightness (0..1). */
function hslToHex(hue: number, saturation: number, lightness: number): string {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const h = (hue % 360) / 60;
  const x = chroma * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] =
    h < 1
      ? [chroma, x, 0]
      : h < 2
        ? [x, chroma, 0]
        : h < 3
          ? [0, chroma, x]
          : h < 4
            ? [0, x, chroma]
            : h < 5
              ? [x, 0, chroma]
              : [chroma, 0, x];
  const m = lightness - chroma / 2;
  return `#${[r, g, b]
    .map((v) =>
      Math.round((v + m) * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}
