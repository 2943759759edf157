import { hash } from "./hash.ts";

/**
 * A GrowthBook namespace: experiments sharing a name take disjoint [start, end) slices
 * of it, so no user is in two of them at once.
 */
export type Namespace = [name: string, start: number, end: number];

/** Whether `userId` falls in the namespace's [start, end) slice (hash version 1, as GrowthBook). */
export function inNamespace(userId: string, namespace: Namespace): boolean {
  const [name, start, end] = namespace;
  const n = hash("__" + name, userId, 1);
  return n !== null && n >= start && n < end;
}
