/**
 * QR symbols of parts (PROTOCOL-qr §1) on the `qr` package: byte mode, level M, the smallest
 * version, a 4-module quiet zone. The part's bytes go in as they are; the library only ever sees
 * them as a string of code points 0–255, mapped back one to one.
 *
 * @module
 */

import encodeQR from "qr";

/** Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4). */
export const QR_QUIET_ZONE_MODULES = 4;

/** The modules of the symbol for `part`, quiet zone included: true is dark. */
export function qrModules(part: Uint8Array): boolean[][] {
  let text = "";
  for (const byte of part) text += String.fromCharCode(byte);
  return encodeQR(text, "raw", {
    ecc: "medium",
    encoding: "byte",
    border: QR_QUIET_ZONE_MODULES,
    textEncoder: (t: string) => Uint8Array.from(t, (c) => c.charCodeAt(0)),
  });
}

/**
 * The symbol as lines of Unicode half blocks, two module rows per line. With `colour`, the
 * lines force black on bright white whatever the terminal's colours (a scanner needs dark
 * modules on a light ground); without, a block is dark on a light page (a file, a printout).
 */
export function qrTerminalLines(
  modules: readonly (readonly boolean[])[],
  colour: boolean,
): string[] {
  const DARK_ON_LIGHT = colour ? "\x1b[30;107m" : "";
  const RESET = colour ? "\x1b[0m" : "";
  const lines: string[] = [];
  for (let y = 0; y < modules.length; y += 2) {
    const top = modules[y]!;
    const bottom = modules[y + 1];
    let line = "";
    for (let x = 0; x < top.length; x++) {
      const t = top[x]!;
      const b = bottom?.[x] ?? false;
      line += t && b ? "\u2588" : t ? "\u2580" : b ? "\u2584" : " ";
    }
    lines.push(DARK_ON_LIGHT + line + RESET);
  }
  return lines;
}

/** The symbol as an 8-bit greyscale raster, `scale` pixels per module (black on white). */
export function qrRaster(
  modules: readonly (readonly boolean[])[],
  scale: number,
): { width: number; height: number; grey: Uint8Array } {
  const size = modules.length * scale;
  const grey = new Uint8Array(size * size).fill(255);
  for (let my = 0; my < modules.length; my++) {
    const row = modules[my]!;
    for (let mx = 0; mx < row.length; mx++) {
      if (!row[mx]) continue;
      for (let y = my * scale; y < (my + 1) * scale; y++) {
        grey.fill(0, y * size + mx * scale, y * size + (mx + 1) * scale);
      }
    }
  }
  return { width: size, height: size, grey };
}

/** The symbol as a standalone SVG (one path, crisp edges), for the UI. */
export function qrSvg(modules: readonly (readonly boolean[])[], title: string): string {
  const n = modules.length;
  let d = "";
  for (let y = 0; y < n; y++) {
    const row = modules[y]!;
    for (let x = 0; x < n;) {
      if (!row[x]) {
        x++;
        continue;
      }
      let end = x;
      while (end < n && row[end]) end++;
      d += `M${x} ${y}h${end - x}v1h${x - end}z`;
      x = end;
    }
  }
  const safeTitle = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" ` +
    `shape-rendering="crispEdges" role="img"><title>${safeTitle}</title>` +
    `<rect width="${n}" height="${n}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`;
}
