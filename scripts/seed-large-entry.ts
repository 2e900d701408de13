import { largeSeed, type LargeOptions } from "../db/seed-large";
import { hashPassword } from "../worker/auth/password";

export { LARGE_ADMIN, LARGE_STREET } from "../db/seed-large";
export const largeParts = (o: LargeOptions) => largeSeed(o, hashPassword);
