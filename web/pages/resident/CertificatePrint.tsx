import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For } from "solid-js";
import QrCode from "../../components/public/QrCode";
import { PageQuery } from "../../components/public/PageQuery";
import { retryUnlessNotFound, useTitle } from "../../components/public/util";
import { duration, hours, ResidentOnly, verifyPath } from "../../components/volunteers/common";
import { t } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

/**
 * "/me/volunteer/certificates/:code": the certificate of service hours (志愿服务时长证明) as an A4
 * sheet — the volunteer's full name, the period, hours and services, a table of the services,
 * issue date, code and content hash, and a QR code anyone can scan to verify it.
 */
export default function CertificatePrint() {
  const params = useParams<{ code: string }>();
  useTitle(() => t("vol.certPrint.title"));
  return (
    <div class="vol-cert-page">
      <ResidentOnly title={t("vol.certPrint.title")} next={`/me/volunteer/certificates/${params.code}`}>
        {() => <Sheet code={params.code} />}
      </ResidentOnly>
    </div>
  );
}

function Sheet(props: { code: string }) {
  const query = createQuery(() => ({
    queryKey: ["volunteers.myCertificate", props.code],
    queryFn: () => api.volunteers.myCertificate.query({ code: props.code }),
    retry: retryUnlessNotFound,
  }));
  return (
    <PageQuery query={query}>
      {(c) => {
        const verifyUrl = () => location.origin + verifyPath(c.code);
        return (
          <>
            <div class="btn-row no-print">
              <button
                type="button"
                class="btn btn-primary"
                onClick={() => window.print()}
                data-testid="cert-print-button"
              >
                {t("vol.certPrint.print")}
              </button>
              <A href="/me/volunteer/record" class="btn">
                {t("vol.certPrint.back")}
              </A>
            </div>
            <p class="meta no-print">{t("vol.certPrint.hint")}</p>

            <div class="print-sheet vol-cert" data-testid="cert-print" data-code={c.code}>
              <header class="print-head vol-cert-head">
                <p class="print-community">{c.communityName}</p>
                <h1>{t("vol.certPrint.heading")}</h1>
                <p class="meta mono">
                  {t("vol.certPrint.no")} {c.code}
                </p>
              </header>

              <p class="vol-cert-body" data-testid="cert-statement">
                {t("vol.certPrint.statement", {
                  name: c.volunteerName,
                  from: c.fromDate,
                  to: c.toDate,
                  community: c.communityName,
                  n: c.services,
                  h: hours(c.totalMinutes),
                })}
              </p>

              <dl class="vol-cert-figures">
                <div>
                  <dt>{t("vol.certPrint.name")}</dt>
                  <dd data-testid="cert-name">{c.volunteerName}</dd>
                </div>
                <div>
                  <dt>{t("vol.certPrint.period")}</dt>
                  <dd>{t("vol.cert.period", { from: c.fromDate, to: c.toDate })}</dd>
                </div>
                <div>
                  <dt>{t("vol.certPrint.total")}</dt>
                  <dd data-testid="cert-hours" data-minutes={String(c.totalMinutes)}>
                    {t("vol.hours", { h: hours(c.totalMinutes) })}
                    <span class="meta"> ({duration(c.totalMinutes)})</span>
                  </dd>
                </div>
                <div>
                  <dt>{t("vol.certPrint.count")}</dt>
                  <dd data-testid="cert-count">{c.services}</dd>
                </div>
              </dl>

              <div class="table-wrap">
                <table class="table vol-cert-table" data-testid="cert-services">
                  <caption class="sr-only">{t("vol.certPrint.services")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("vol.certPrint.col.date")}</th>
                      <th scope="col">{t("vol.certPrint.col.team")}</th>
                      <th scope="col">{t("vol.certPrint.col.task")}</th>
                      <th scope="col" class="num">
                        {t("vol.certPrint.col.hours")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For
                      each={c.serviceRows}
                      fallback={
                        <tr>
                          <td colspan="4" class="muted">
                            {t("vol.certPrint.noServices")}
                          </td>
                        </tr>
                      }
                    >
                      {(s) => (
                        <tr>
                          <td class="nowrap">{formatDate(s.date)}</td>
                          <td>{s.teamName}</td>
                          <td>
                            {s.task}
                            {s.adjustedMinutes !== null && s.adjustedMinutes !== undefined ? (
                              <div class="meta">{t("vol.certPrint.adjusted")}</div>
                            ) : null}
                          </td>
                          <td class="num nowrap">{hours(Number(s.counted))}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>

              <p class="meta vol-cert-basis">{t("vol.certPrint.basis")}</p>

              <footer class="print-foot">
                <div class="print-facts">
                  <p class="vol-cert-issuer">
                    <strong>{c.communityName}</strong>
                  </p>
                  <dl class="kv">
                    <dt>{t("vol.certPrint.issued")}</dt>
                    <dd data-testid="cert-issued-at">{formatDateTime(c.issuedAt)}</dd>
                    <dt>{t("vol.certPrint.code")}</dt>
                    <dd class="mono" data-testid="cert-code">
                      {c.code}
                    </dd>
                    <dt>{t("vol.certPrint.hash")}</dt>
                    <dd class="mono" data-testid="cert-hash">
                      {c.contentHash}
                    </dd>
                  </dl>
                  <p class="print-verify">{t("vol.certPrint.verify", { url: verifyUrl() })}</p>
                  <p class="meta">{t("vol.certPrint.free")}</p>
                </div>
                <figure class="print-qr" data-testid="cert-qr">
                  <QrCode value={verifyUrl()} label={t("vol.certPrint.qrLabel", { url: verifyUrl() })} />
                  <figcaption class="meta vol-qr-url">{verifyUrl()}</figcaption>
                </figure>
              </footer>
            </div>
          </>
        );
      }}
    </PageQuery>
  );
}
