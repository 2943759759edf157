/**
 * Maps external ids (strings as they appear in the data) to dense indices
 * 0..size-1 and back. Dense indices let the trainer use typed arrays; the map
 * travels with the model so serving can translate ids again.
 */
export class IdMap {
  /** External id of each dense index, in first-seen order. */
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();

  /** Builds a map from ids in order (index i ↔ ids[i]); throws on a duplicate. */
  static from(ids: Iterable<string>): IdMap {
    const map = new IdMap();
    for (const id of ids) {
      if (map.index.has(id)) throw new Error(`Cannot build an IdMap: duplicate id ${JSON.stringify(id)}`);
      map.intern(id);
    }
    return map;
  }

  /** Number of distinct ids. */
  get size(): number {
    return this.ids.length;
  }

  /** Dense index of `id`, adding it at the end when unseen. */
  intern(id: string): number {
    const known = this.index.get(id);
    if (known !== undefined) return known;
    const next = this.ids.length;
    this.ids.push(id);
    this.index.set(id, next);
    return next;
  }

  /** Dense index of `id`, or undefined when unseen. */
  indexOf(id: string): number | undefined {
    return this.index.get(id);
  }

  /** External id of dense index `index`; throws when out of range. */
  idAt(index: number): string {
    const id = this.ids[index];
    if (id === undefined) throw new Error(`IdMap has no index ${index}: size is ${this.ids.length}`);
    return id;
  }
}
