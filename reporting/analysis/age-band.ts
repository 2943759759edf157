/** The age bands fairness is reported by: the MovieLens bands the course's users follow. */

const BANDS: readonly (readonly [number, string])[] = [
  [18, "under 18"], [25, "18-24"], [35, "25-34"], [45, "35-44"], [55, "45-54"], [65, "55-64"],
];

/** The band label of `age` ("65+" from 65 on). */
export function ageBand(age: number): string {
  for (const [below, label] of BANDS) if (age < below) return label;
  return "65+";
}
