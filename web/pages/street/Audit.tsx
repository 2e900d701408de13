import { useSearchParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For } from "solid-js";
import { AuditTable } from "../../components/console/AuditTable";
import { t } from "../../i18n";
import { api } from "../../lib/trpc";

/** The street office's audit log: every community, or one picked in the filter (?community=id). */
export default function Audit() {
  const [params, setParams] = useSearchParams<{ community?: string }>();
  const communities = createQuery(() => ({
    queryKey: ["admin.communities.list"],
    queryFn: () => api.admin.communities.list.query(),
  }));
  const names = () => Object.fromEntries((communities.data ?? []).map((c) => [c.id, c.name]));
  return (
    <div class="console-page">
      <h1>{t("str.audit.title")}</h1>
      <p class="muted">{t("adm.audit.intro")}</p>
      <div class="field field-inline">
        <label for="audit-community">{t("adm.audit.filter")}</label>
        <select
          id="audit-community"
          name="community"
          value={params.community ?? ""}
          onChange={(e) => setParams({ community: e.currentTarget.value || undefined })}
        >
          <option value="">{t("adm.audit.allCommunities")}</option>
          <For each={communities.data ?? []}>
            {(c) => (
              <option value={c.id} selected={c.id === params.community}>
                {c.name}
              </option>
            )}
          </For>
        </select>
      </div>
      <AuditTable communityId={params.community || undefined} communityNames={names()} />
    </div>
  );
}
