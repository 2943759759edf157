/** What the availability report reads: the window and both sources' request groups. */
import { z } from "zod";
import { RequestGroup } from "../../measurement/availability/request-group.ts";

export const AvailabilityInput = z.object({
  /** The window [from, to), epoch ms, applied as given to both sources' own clocks. */
  from: z.number().int(),
  to: z.number().int(),
  telemetry: z.array(RequestGroup),
  stream: z.array(RequestGroup),
});
export type AvailabilityInput = z.infer<typeof AvailabilityInput>;
