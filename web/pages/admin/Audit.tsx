import { Show } from "solid-js";
import { AuditTable } from "../../components/console/AuditTable";
import { useConsoleUser } from "../../components/console/user";
import { t } from "../../i18n";

/** The community's audit log (community admin). */
export default function Audit() {
  const user = useConsoleUser();
  return (
    <div class="console-page">
      <h1>{t("adm.audit.title")}</h1>
      <p class="muted">{t("adm.audit.intro")}</p>
      <Show
        when={user().role === "community_admin"}
        fallback={<div class="banner banner-warn">{t("adm.audit.noRight")}</div>}
      >
        <AuditTable communityId={user().community!.id} noticeHref={(id) => `/admin/notices/${id}`} />
      </Show>
    </div>
  );
}
