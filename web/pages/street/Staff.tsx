import { createQuery } from "@tanstack/solid-query";
import { Show } from "solid-js";
import { StaffManager } from "../../components/console/StaffManager";
import { useConsoleUser } from "../../components/console/user";
import { Loading } from "../../components/States";
import { t } from "../../i18n";
import { api } from "../../lib/trpc";

/** Every staff account of the street office; only the street admin manages them. */
export default function Staff() {
  const user = useConsoleUser();
  const communities = createQuery(() => ({
    queryKey: ["admin.communities.list"],
    queryFn: () => api.admin.communities.list.query(),
    enabled: user().role === "street_admin",
  }));
  return (
    <div class="console-page">
      <h1>{t("str.staff.title")}</h1>
      <Show
        when={user().role === "street_admin"}
        fallback={<div class="banner banner-warn">{t("adm.staff.noRight")}</div>}
      >
        <Show when={!communities.isPending} fallback={<Loading />}>
          <StaffManager actor={user()} communities={communities.data ?? []} />
        </Show>
      </Show>
    </div>
  );
}
