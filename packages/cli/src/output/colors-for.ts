import pc from 'picocolors';

/** Colour functions (`red`, `green`, `dim`, …) that do nothing when colours are off. */
export type Colors = ReturnType<typeof pc.createColors>;

/** The bits of a stream that decide whether it gets colours. */
export interface ColorTarget {
  isTTY?: boolean;
  hasColors?: () => boolean;
}

/**
 * Colours for one stream: only on a terminal that supports them, and never when `NO_COLOR` is
 * set to anything but an empty string (no-color.org). Piped or redirected output stays plain.
 *
 * @example
 * const c = colorsFor(process.stdout);
 * console.log(c.green('verified'));
 */
export function colorsFor(stream: ColorTarget, env: NodeJS.ProcessEnv = process.env): Colors {
  const enabled = stream.isTTY === true && !env.NO_COLOR && (typeof stream.hasColors !== 'function' || stream.hasColors());
  return pc.createColors(enabled);
}
