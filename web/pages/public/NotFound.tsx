import { A, useLocation } from "@solidjs/router";
import { useTitle } from "../../components/public/util";
import { t } from "../../i18n";

/** Any address no route knows. */
export default function NotFound() {
  useTitle(() => t("state.notFound"));
  const location = useLocation();
  return (
    <div class="state not-found">
      <p class="not-found-code" aria-hidden="true">
        404
      </p>
      <h1>{t("state.notFound")}</h1>
      <p class="muted">{t("pub.notFound.text")}</p>
      <p class="mono muted">{location.pathname}</p>
      <div class="btn-row not-found-actions">
        <A href="/" class="btn btn-primary">
          {t("pub.backDirectory")}
        </A>
      </div>
    </div>
  );
}
