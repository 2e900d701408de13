/**
 * The app's query keys for public pages. The Worker seeds a first visit's data under the same keys
 * (worker/first-paint), so the app renders it without asking again.
 */
export const communityKey = (street: string, community: string) => ["directory.community", street, community] as const;

export const noticeKey = (street: string, community: string, id: string, version?: number) =>
  ["notices.get", street, community, id, version ?? 0] as const;
