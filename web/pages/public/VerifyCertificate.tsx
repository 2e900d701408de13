import { A, useNavigate, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { createSignal, Match, Switch } from "solid-js";
import { ErrorBox, Loading } from "../../components/States";
import { isNotFound, retryUnlessNotFound, useTitle } from "../../components/public/util";
import { duration, hours, verifyPath } from "../../components/volunteers/common";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

/**
 * "/verify/volunteer/:code": anyone checks a certificate of service hours by its code (the QR
 * code on the paper): the masked name, community, period, hours, services, issue date and the
 * content hash printed on it.
 */
export default function VerifyCertificate() {
  const params = useParams<{ code: string }>();
  useTitle(() => t("vol.verify.title"));
  const code = () => decodeURIComponent(params.code ?? "").trim();
  const plausible = () => code().length >= 6 && code().length <= 40;
  const query = createQuery(() => ({
    queryKey: ["volunteers.verifyCertificate", code()],
    queryFn: () => api.volunteers.verifyCertificate.query({ code: code() }),
    enabled: plausible(),
    retry: retryUnlessNotFound,
  }));

  return (
    <div class="narrow vol-page vol-verify">
      <h1>{t("vol.verify.title")}</h1>
      <p class="meta">{t("vol.verify.intro")}</p>
      <Switch>
        <Match when={!plausible() || (query.isError && isNotFound(query.error))}>
          <div class="card vol-verify-bad" role="alert" data-testid="verify-not-found">
            <p class="vol-verify-head">
              <span aria-hidden="true">✗ </span>
              <strong>{t("vol.verify.notFound")}</strong>
            </p>
            <p>{t("vol.verify.notFoundHint", { code: code() })}</p>
          </div>
        </Match>
        <Match when={query.data}>
          {(c) => (
            <section class="card vol-verify-ok" data-testid="verify-result" data-valid="true" data-code={c().code}>
              <p class="vol-verify-head" role="status">
                <span aria-hidden="true">✓ </span>
                <strong>{t("vol.verify.valid")}</strong>
              </p>
              <dl class="kv">
                <dt>{t("vol.certPrint.name")}</dt>
                <dd data-testid="verify-name">{c().volunteerName}</dd>
                <dt>{t("vol.verify.community")}</dt>
                <dd>{c().communityName}</dd>
                <dt>{t("vol.certPrint.period")}</dt>
                <dd>{t("vol.cert.period", { from: c().fromDate, to: c().toDate })}</dd>
                <dt>{t("vol.certPrint.total")}</dt>
                <dd data-testid="verify-hours" data-minutes={String(c().totalMinutes)}>
                  {t("vol.hours", { h: hours(c().totalMinutes) })}{" "}
                  <span class="meta">({duration(c().totalMinutes)})</span>
                </dd>
                <dt>{t("vol.certPrint.count")}</dt>
                <dd data-testid="verify-services">{c().services}</dd>
                <dt>{t("vol.certPrint.issued")}</dt>
                <dd>{formatDateTime(c().issuedAt)}</dd>
                <dt>{t("vol.certPrint.code")}</dt>
                <dd class="mono">{c().code}</dd>
                <dt>{t("vol.certPrint.hash")}</dt>
                <dd class="mono" data-testid="verify-hash">
                  {c().contentHash}
                </dd>
              </dl>
              <p class="meta">{t("vol.verify.compare")}</p>
              <p class="meta">{t("vol.verify.masked")}</p>
            </section>
          )}
        </Match>
        <Match when={query.isPending}>
          <Loading />
        </Match>
        <Match when={query.isError}>
          <ErrorBox error={query.error} retry={() => query.refetch()} />
        </Match>
      </Switch>
      <Another current={code()} />
      <p>
        <A href="/">{t("pub.backDirectory")}</A>
      </p>
    </div>
  );
}

/** Check another code: typed from the paper. */
function Another(props: { current: string }) {
  const navigate = useNavigate();
  const [value, setValue] = createSignal("");
  return (
    <form
      class="card form vol-verify-form"
      onSubmit={(e) => {
        e.preventDefault();
        const v = value().trim();
        if (v && v !== props.current) navigate(verifyPath(v));
      }}
    >
      <div class="field">
        <label for="verify-code">{t("vol.verify.other")}</label>
        <div class="vol-row">
          <input
            id="verify-code"
            class="code-input mono"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            placeholder="XXXX-XXXX-XXXX"
            maxLength={40}
            value={value()}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          <button type="submit" class="btn btn-primary" data-testid="verify-submit">
            {t("vol.verify.check")}
          </button>
        </div>
      </div>
    </form>
  );
}
