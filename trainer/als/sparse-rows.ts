/**
 * Compressed sparse rows (CSR): the ratings of row r are entries
 * indptr[r]..indptr[r+1] of `indices` (the other side's index) and `values`.
 * ALS reads the same data once by user and once by item, so both are built.
 */

/** A CSR view of interactions grouped by user (or by item). */
export type SparseRows = {
  readonly rows: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
};

/** Allocates the backing memory; SharedArrayBuffer lets worker threads read it without copying. */
export type Allocate = (bytes: number) => ArrayBuffer | SharedArrayBuffer;

/** Plain (unshared) memory. */
export const allocatePlain: Allocate = (bytes) => new ArrayBuffer(bytes);

/** Memory that can be handed to worker threads. */
export const allocateShared: Allocate = (bytes) => new SharedArrayBuffer(bytes);

/** Groups (row, column, value) triples by row with a stable counting sort, keeping input order within a row. */
export function buildSparseRows(
  rowOf: Int32Array,
  columnOf: Int32Array,
  valueOf: Float32Array,
  rows: number,
  allocate: Allocate = allocatePlain,
): SparseRows {
  const n = rowOf.length;
  const indptr = new Int32Array(allocate(4 * (rows + 1)));
  for (let e = 0; e < n; e++) {
    const r = rowOf[e];
    if (r < 0 || r >= rows) throw new Error(`Cannot build sparse rows: row index ${r} outside 0..${rows - 1}`);
    indptr[r + 1]++;
  }
  for (let r = 0; r < rows; r++) indptr[r + 1] += indptr[r];
  const next = indptr.slice(0, rows);
  const indices = new Int32Array(allocate(4 * n));
  const values = new Float32Array(allocate(4 * n));
  for (let e = 0; e < n; e++) {
    const slot = next[rowOf[e]]++;
    indices[slot] = columnOf[e];
    values[slot] = valueOf[e];
  }
  return { rows, indptr, indices, values };
}
