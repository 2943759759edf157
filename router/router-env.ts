/** Hono context variables the router's middleware and handlers share. */
export type RouterEnv = {
  Variables: {
    requestId: string;
    /** Set by the recommend handler for metrics: pool served, X-Variant, outcome. */
    pool: string;
    variant: string;
    outcome: "worker" | "fallback";
  };
};
