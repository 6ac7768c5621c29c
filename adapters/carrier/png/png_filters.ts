/**
 * Scanline filters (PNG spec §7.3, §9): undoing them when decoding, and choosing and applying
 * one per row when encoding. Filter method 0 has five types: None, Sub, Up, Average, Paeth.
 *
 * @module
 */

import { corruptPng } from "../../../domain/carrier/mod.ts";
import { PlicoError } from "../../../domain/errors.ts";

/** Number of filter types of filter method 0. */
export const FILTER_TYPES = 5;

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/**
 * Undoes the filters of `rows` consecutive scanlines stored in `data` from `start`, each a
 * filter byte followed by `rowLength` bytes, in place. `stride` is the filter's bytes per pixel.
 * The row before the first one counts as all zeros (also at the start of each Adam7 pass).
 */
export function unfilterRows(
  data: Uint8Array,
  start: number,
  rows: number,
  rowLength: number,
  stride: number,
): void {
  for (let r = 0; r < rows; r++) {
    const filterAt = start + r * (rowLength + 1);
    const cur = filterAt + 1;
    const prev = cur - (rowLength + 1); // only read when r > 0
    const type = data[filterAt]!;
    switch (type) {
      case 0:
        break;
      case 1:
        for (let i = stride; i < rowLength; i++) {
          data[cur + i] = data[cur + i]! + data[cur + i - stride]!;
        }
        break;
      case 2:
        if (r === 0) break;
        for (let i = 0; i < rowLength; i++) data[cur + i] = data[cur + i]! + data[prev + i]!;
        break;
      case 3:
        for (let i = 0; i < rowLength; i++) {
          const left = i >= stride ? data[cur + i - stride]! : 0;
          const up = r > 0 ? data[prev + i]! : 0;
          data[cur + i] = data[cur + i]! + ((left + up) >>> 1);
        }
        break;
      case 4:
        for (let i = 0; i < rowLength; i++) {
          const left = i >= stride ? data[cur + i - stride]! : 0;
          const up = r > 0 ? data[prev + i]! : 0;
          const upLeft = r > 0 && i >= stride ? data[prev + i - stride]! : 0;
          data[cur + i] = data[cur + i]! + paeth(left, up, upLeft);
        }
        break;
      default:
        throw corruptPng(`unknown filter type ${type} in scanline ${r}`);
    }
  }
}

/**
 * Applies filter `type` to `row` (with `prev` the unfiltered previous row, all zeros for the
 * first) and writes the result to `out`. Returns the sum of the output bytes read as signed
 * values, the usual heuristic for how well the row will compress (PNG spec §12.8). One loop per
 * type keeps the per-byte work free of branches on the type.
 */
export function filterRow(
  type: number,
  row: Uint8Array,
  prev: Uint8Array,
  stride: number,
  out: Uint8Array,
): number {
  const n = row.length;
  const first = Math.min(stride, n);
  let cost = 0;
  let v = 0;
  switch (type) {
    case 0:
      for (let i = 0; i < n; i++) {
        v = row[i]!;
        out[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      return cost;
    case 1:
      for (let i = 0; i < n; i++) {
        v = (row[i]! - (i < first ? 0 : row[i - stride]!)) & 0xff;
        out[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      return cost;
    case 2:
      for (let i = 0; i < n; i++) {
        v = (row[i]! - prev[i]!) & 0xff;
        out[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      return cost;
    case 3:
      for (let i = 0; i < n; i++) {
        v = (row[i]! - (((i < first ? 0 : row[i - stride]!) + prev[i]!) >>> 1)) & 0xff;
        out[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      return cost;
    case 4:
      // For the first pixel Paeth(0, up, 0) = up.
      for (let i = 0; i < first; i++) {
        v = (row[i]! - prev[i]!) & 0xff;
        out[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      for (let i = first; i < n; i++) {
        v = (row[i]! - paeth(row[i - stride]!, prev[i]!, prev[i - stride]!)) & 0xff;
        out[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      return cost;
    default:
      throw new PlicoError("internal", `no filter type ${type}`);
  }
}

/**
 * Filters one row with the type of least cost. `scratch` holds `FILTER_TYPES` buffers of the
 * row's length; returns the chosen type and the buffer holding the filtered bytes.
 */
export function filterRowAdaptive(
  row: Uint8Array,
  prev: Uint8Array,
  stride: number,
  scratch: Uint8Array[],
): { type: number; bytes: Uint8Array } {
  let best = 0;
  let bestCost = Infinity;
  for (let type = 0; type < FILTER_TYPES; type++) {
    const cost = filterRow(type, row, prev, stride, scratch[type]!);
    if (cost < bestCost) {
      bestCost = cost;
      best = type;
    }
  }
  return { type: best, bytes: scratch[best]! };
}
