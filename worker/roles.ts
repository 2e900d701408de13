import type { Role } from "../db/schema";

/**
 * The role sets most procedures are declared with (DESIGN.md "Who uses it"), so that a policy
 * reads the same in every router.
 */
/** Community staff who keep records: draft, enter, import, run meetings. */
export const COMMUNITY_WRITERS: Role[] = ["community_admin", "community_staff"];
/** Who may read a community's unpublished records: staff, its supervisors, and its street office. */
export const COMMUNITY_READERS: Role[] = [
  "community_admin",
  "community_staff",
  "supervisor",
  "street_admin",
  "street_viewer",
];
