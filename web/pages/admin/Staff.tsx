import { Show } from "solid-js";
import { StaffManager } from "../../components/console/StaffManager";
import { useConsoleUser } from "../../components/console/user";
import { t } from "../../i18n";

/** The community admin's staff accounts. */
export default function Staff() {
  const user = useConsoleUser();
  return (
    <div class="console-page">
      <h1>{t("adm.staff.title")}</h1>
      <Show
        when={user().role === "community_admin"}
        fallback={<div class="banner banner-warn">{t("adm.staff.noRight")}</div>}
      >
        <StaffManager actor={user()} />
      </Show>
    </div>
  );
}
