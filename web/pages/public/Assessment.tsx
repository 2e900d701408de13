import "../../styles/monitor-public.css";
import { A, useParams, useSearchParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import { ASSESSABLE } from "../../../shared/rules/monitor";
import { formatValue, indicatorName } from "../../components/monitor/common";
import { PageQuery } from "../../components/public/PageQuery";
import { localName, retryUnlessNotFound, shortHash, useTitle } from "../../components/public/util";
import { Empty } from "../../components/States";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

type Data = Awaited<ReturnType<typeof api.monitor.publicAssessment.query>>;
type Row = Data["rows"][number];

const pts = (n: number | null) => (n === null ? "—" : String(Math.round(n * 10) / 10));
const signed = (n: number) => (n > 0 ? `+${n}` : `−${Math.abs(n)}`);

/**
 * "/:street/assessment": the street office's published assessment of its communities, one year at
 * a time, with the weights and every input; each result carries its content hash and a link to
 * the community's public log, where the hash can be checked.
 */
export default function PublicAssessment() {
  const params = useParams<{ street: string }>();
  const [search] = useSearchParams<{ year?: string }>();
  const year = () => {
    const y = Number(search.year);
    return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : undefined;
  };
  const query = createQuery(() => ({
    queryKey: ["monitor.publicAssessment", params.street, year()],
    queryFn: () => api.monitor.publicAssessment.query({ street: params.street, year: year() }),
    retry: retryUnlessNotFound,
  }));
  const street = () => (query.data ? localName(query.data.street) : "");
  useTitle(() => (street() ? t("mon.pub.titleOf", { street: street() }) : t("mon.pub.title")));
  return (
    <div class="monpub">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href="/">{t("mon.pub.back")}</A>
      </nav>
      <h1>{street() ? t("mon.pub.titleOf", { street: street() }) : t("mon.pub.title")}</h1>
      <p class="meta">{t("mon.pub.intro")}</p>
      <PageQuery query={query}>{(data) => <YearResults data={data} street={params.street} />}</PageQuery>
    </div>
  );
}

function YearResults(props: { data: Data; street: string }) {
  const chosen = () => props.data.years.find((y) => y.year === props.data.year);
  return (
    <Show when={props.data.years.length} fallback={<Empty>{t("mon.pub.none")}</Empty>}>
      <nav class="chips" aria-label={t("mon.pub.year")}>
        <For each={props.data.years}>
          {(y) => (
            <A
              class="chip"
              href={`/${props.street}/assessment?year=${y.year}`}
              aria-current={y.year === props.data.year ? "page" : undefined}
            >
              {t("mon.as.yearOption", { year: y.year })}
            </A>
          )}
        </For>
      </nav>
      <Show when={chosen()} fallback={<Empty>{t("mon.pub.none")}</Empty>}>
        {(y) => (
          <>
            <p class="meta" data-testid="public-assessment-year" data-year={y().year}>
              {t("mon.pub.publishedAt", { at: formatDateTime(y().publishedAt) })}
            </p>
            <Show when={props.data.rows[0]}>
              {(first) => (
                <details class="card monpub-weights">
                  <summary>{t("mon.pub.weights")}</summary>
                  <dl>
                    <For each={ASSESSABLE}>
                      {(k) => (
                        <div>
                          <dt>{indicatorName(k)}</dt>
                          <dd>{first().result.weights[k]}</dd>
                        </div>
                      )}
                    </For>
                  </dl>
                </details>
              )}
            </Show>
            <ol class="monpub-list" data-testid="public-assessment">
              <For each={props.data.rows}>{(r) => <ResultCard row={r} street={props.street} />}</For>
            </ol>
          </>
        )}
      </Show>
    </Show>
  );
}

function ResultCard(props: { row: Row; street: string }) {
  const r = () => props.row;
  const log = () => `/${props.street}/${r().communitySlug}/transparency?hash=${encodeURIComponent(r().contentHash)}`;
  return (
    <li class="card monpub-card" data-community={r().communitySlug} data-testid="public-assessment-row">
      <div class="monpub-head">
        <span class="monpub-rank">{t("mon.pub.of", { rank: r().rank, of: r().result.of })}</span>
        <h2>
          <A href={`/${props.street}/${r().communitySlug}`}>{r().communityName}</A>
        </h2>
        <span class="monpub-score" data-testid="public-score">
          {r().score === null ? "—" : t("mon.as.points", { n: pts(r().score) })}
        </span>
      </div>
      <p class="meta">
        {t("mon.pub.base", { n: pts(r().result.base) })}
        <Show when={r().result.adjustment}>
          {" · "}
          {t("mon.pub.adjustment", { points: signed(r().result.adjustment), reason: r().result.adjustmentReason })}
        </Show>
      </p>
      <details>
        <summary>{t("mon.pub.inputs")}</summary>
        <table class="table monpub-parts">
          <tbody>
            <For each={r().result.parts}>
              {(p) => (
                <tr>
                  <th scope="row">{indicatorName(p.key)}</th>
                  <td class="num">{formatValue(p.key, p.value)}</td>
                  <td class="num">
                    {p.points === null ? t("mon.pub.noValue") : t("mon.as.pointsOf", { n: pts(p.points) })}
                  </td>
                  <td class="num muted">{t("mon.as.weightOf", { n: p.weight })}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </details>
      <p class="meta monpub-hash">
        {t("mon.pub.hash")}{" "}
        <code class="mono" title={r().contentHash}>
          {shortHash(r().contentHash, 16)}
        </code>{" "}
        · <A href={log()}>{t("mon.pub.transparency")}</A>
      </p>
    </li>
  );
}
