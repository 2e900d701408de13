import { commonEn } from "./common";
import { publicEn } from "./public";
import { residentEn } from "./resident";

/** The English of the strings in the first load, fetched only when a reader chooses English. */
export const baseEn: Record<string, string> = { ...commonEn, ...publicEn, ...residentEn };
