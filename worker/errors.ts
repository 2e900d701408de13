import { TRPCError } from "@trpc/server";
import type { MessageKey } from "../shared/i18n/errors";

type Code = "BAD_REQUEST" | "FORBIDDEN" | "NOT_FOUND" | "UNAUTHORIZED" | "CONFLICT" | "TOO_MANY_REQUESTS";

/**
 * A rule the request broke. Carries an i18n key; the tRPC error formatter translates it into
 * the caller's language, naming the field where there is one.
 */
export class DomainError extends TRPCError {
  constructor(
    code: Code,
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
  ) {
    super({ code, message: key });
  }
}

export const fail = {
  bad: (key: MessageKey, field?: string, params?: Record<string, string | number>) =>
    new DomainError("BAD_REQUEST", key, params, field),
  forbidden: () => new DomainError("FORBIDDEN", "auth.forbidden"),
  notFound: (key: MessageKey = "notFound.record") => new DomainError("NOT_FOUND", key),
  conflict: (key: MessageKey, field?: string, params?: Record<string, string | number>) =>
    new DomainError("CONFLICT", key, params, field),
};
