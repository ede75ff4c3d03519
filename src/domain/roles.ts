/** A member's role in an institution. Not a ladder: each permission names the roles it allows. */
export const roles = ["admin", "planner", "editor", "viewer"] as const;
export type Role = (typeof roles)[number];
