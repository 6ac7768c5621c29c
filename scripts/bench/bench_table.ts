/**
 * The benchmark table: one row per figure, Plico beside its reference where there is one, and
 * the ratio Plico/reference (figures from one run of one machine; compare ratios, not absolute
 * numbers, across machines).
 *
 * @module
 */

/** One measured figure. */
export interface Row {
  readonly section: string;
  readonly name: string;
  readonly plico: number;
  readonly unit: "MB/s" | "ms" | "MiB";
  /** Which direction is better for this figure. */
  readonly better: "higher" | "lower";
  readonly reference?: number;
  /** What the reference is ("age 1.1.1", "argon2 CLI", …). */
  readonly referenceName?: string;
  readonly note?: string;
  /** A goal from docs/PERFORMANCE.md: a least ratio to the reference, or a most value. */
  readonly target?: { readonly atLeastRatio: number } | { readonly atMost: number };
}

/** Whether `row` meets its target: null when it has none (or no reference to compare with). */
export function targetMet(row: Row): boolean | null {
  if (!row.target) return null;
  if ("atMost" in row.target) return row.plico <= row.target.atMost;
  const q = ratio(row);
  return q === null ? null : q >= row.target.atLeastRatio;
}

function targetText(row: Row): string {
  if (!row.target) return "";
  const goal = "atMost" in row.target
    ? `target <= ${row.target.atMost} ${row.unit}`
    : `target >= ${row.target.atLeastRatio.toFixed(2)}x`;
  const met = targetMet(row);
  return `${goal}: ${met === null ? "no reference" : met ? "met" : "NOT met"}`;
}

/** Plico / reference, or null without a reference. */
export function ratio(row: Row): number | null {
  return row.reference === undefined || row.reference === 0 ? null : row.plico / row.reference;
}

/**
 * A ratio with two decimals. Against an "at least" target it is cut, not rounded, so the shown
 * number never reads as met when it is not (0.895 shows as 0.89, not 0.90 "NOT met").
 */
export function ratioText(q: number, row: Row): string {
  if (row.target && "atLeastRatio" in row.target) {
    return (Math.floor(q * 100 + 1e-9) / 100).toFixed(2); // 1e-9: 0.29 * 100 is 28.999…
  }
  return q.toFixed(2);
}

function num(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** The rows as a plain-text table. */
export function formatTable(rows: readonly Row[]): string {
  const width = Math.max(9, ...rows.map((r) => r.name.length));
  const lines = [
    `${"benchmark".padEnd(width)}  ${"plico".padStart(12)}  ${"reference".padStart(12)}  ${
      "ratio".padStart(6)
    }  reference / note`,
  ];
  let section = "";
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      lines.push(`-- ${section}`);
    }
    const q = ratio(r);
    const ref = r.reference === undefined ? "-" : `${num(r.reference)} ${r.unit}`;
    const tail = [targetText(r), r.referenceName, r.note].filter(Boolean).join("; ");
    lines.push(
      `${r.name.padEnd(width)}  ${`${num(r.plico)} ${r.unit}`.padStart(12)}  ${ref.padStart(12)}  ${
        (q === null ? "-" : ratioText(q, r)).padStart(6)
      }  ${tail}${q === null ? "" : ` (${r.better} is better)`}`,
    );
  }
  const targeted = rows.filter((r) => r.target);
  if (targeted.length > 0) {
    lines.push("-- targets");
    for (const r of targeted) {
      const q = ratio(r);
      const measured = "atMost" in r.target! || q === null
        ? `${num(r.plico)} ${r.unit}`
        : `${ratioText(q, r)}x`;
      lines.push(`${r.name.padEnd(width)}  ${measured.padStart(12)}  ${targetText(r)}`);
    }
  }
  return lines.join("\n");
}
