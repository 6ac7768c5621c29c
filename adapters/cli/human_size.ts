/**
 * Sizes as people read them: "512 bytes", "1.2 MiB". Binary units, because the limits in
 * docs/PROTOCOL.md are written in them.
 *
 * @module
 */

const UNITS = ["KiB", "MiB", "GiB", "TiB"] as const;

/** `bytes` with one decimal in the largest unit that keeps it at 1 or more. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${bytes} bytes`;
  let value = bytes;
  let unit: string = UNITS[0];
  for (const u of UNITS) {
    value /= 1024;
    unit = u;
    if (value < 1024) break;
  }
  const shown = value >= 100 ? Math.round(value).toString() : value.toFixed(1);
  return `${shown} ${unit}`;
}
