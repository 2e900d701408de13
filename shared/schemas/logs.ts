import { z } from "zod";
import { communityRef, cursor, id, limit } from "./common";

export const auditListInput = z.object({ communityId: id.optional(), cursor, limit });
export const transparencyLogInput = communityRef.extend({ cursor, limit });
export const transparencyLookupInput = communityRef.extend({ hash: z.string().regex(/^[0-9a-f]{64}$/) });
