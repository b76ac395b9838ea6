/**
 * Colours for the graph and the charts. Community colours are a qualitative palette (Okabe–Ito's colour-blind safe set
 * extended with a few distinguishable tones); reputation is a diverging red–grey–green scale because it is signed.
 */

const COMMUNITY_COLOURS = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#7a5195',
  '#8c6d31',
  '#2f9c95',
  '#b5bd00',
  '#ef5675',
  '#4d4d9f',
];

/** Shown for what has no colour of its own: small communities beyond the palette, people without a value. */
export const MUTED = '#b8bcc4';
/** Nodes outside a hovered neighbourhood: faded but still there, so the shape of the network stays visible. */
export const FADED = '#e6e8ec';
export const DETRACTOR = '#d7263d';
export const NOT_DETRACTOR = '#8aa1b1';
export const ADVOCATE = '#111827';
export const ACCENT = '#3b5bdb';

/** Colour of community `id` (0 = largest). Ids past the palette share the muted colour: they are the long tail. */
export function communityColour(id: number | null | undefined): string {
  if (id === null || id === undefined || !Number.isInteger(id) || id < 0 || id >= COMMUNITY_COLOURS.length)
    return MUTED;
  return COMMUNITY_COLOURS[id];
}

export const COMMUNITY_PALETTE_SIZE = COMMUNITY_COLOURS.length;

const NEGATIVE: readonly [number, number, number] = [215, 38, 61];
const NEUTRAL: readonly [number, number, number] = [196, 200, 208];
const POSITIVE: readonly [number, number, number] = [26, 152, 80];

function mix(a: readonly number[], b: readonly number[], t: number): string {
  const channel = (i: number) =>
    Math.round(a[i] + (b[i] - a[i]) * t)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** Colour of a reputation in [-1, 1]: red for distrusted, grey around zero, green for trusted; muted when unknown. */
export function reputationColour(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MUTED;
  const clamped = Math.max(-1, Math.min(1, value));
  return clamped < 0 ? mix(NEUTRAL, NEGATIVE, -clamped) : mix(NEUTRAL, POSITIVE, clamped);
}

/** Stops for drawing the reputation legend's gradient. */
export const REPUTATION_STOPS: readonly { at: number; colour: string }[] = [-1, -0.5, 0, 0.5, 1].map((at) => ({
  at,
  colour: reputationColour(at),
}));
