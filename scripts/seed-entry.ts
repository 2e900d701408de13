import { demoSeedSql } from "../db/seed";
import { hashPassword } from "../worker/auth/password";

export const seedSql = () => demoSeedSql(hashPassword);
