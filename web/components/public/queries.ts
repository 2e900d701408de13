import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../worker/router";
import { api } from "../../lib/trpc";
import { retryUnlessNotFound } from "./util";
import { communityKey, noticeKey } from "../../../shared/query-keys";

type Outputs = inferRouterOutputs<AppRouter>;
export type CommunityProfile = Outputs["directory"]["community"];
export type NoticeListItem = Outputs["notices"]["list"]["items"][number];
export type PublicNotice = Outputs["notices"]["get"];
export type LogEntry = Outputs["transparency"]["log"]["items"][number];
export type CommunityKind = "urban" | "village";

/** A community's public home; the notice pages reuse it (from the cache) for the name and kind. */
export const communityQuery = (street: string, community: string) => ({
  queryKey: communityKey(street, community),
  queryFn: () => api.directory.community.query({ street, community }),
  retry: retryUnlessNotFound,
});

/** One public notice, optionally an older version. */
export const noticeQuery = (street: string, community: string, id: string, version?: number) => ({
  queryKey: noticeKey(street, community, id, version),
  queryFn: () => api.notices.get.query({ street, community, id, version }),
  retry: retryUnlessNotFound,
});
