/** A reprogramming request's life: asked (pending), then approved or rejected by a planner. */
export const reprogrammingStatuses = ["pending", "approved", "rejected"] as const;

export type ReprogrammingStatus = (typeof reprogrammingStatuses)[number];
