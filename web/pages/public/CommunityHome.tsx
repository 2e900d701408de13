import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import { Empty } from "../../components/States";
import { NoticeRow } from "../../components/public/NoticeRow";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { localName, useTitle } from "../../components/public/util";
import { lang, t } from "../../i18n";
import { errorMessage } from "../../lib/trpc";
import { categoryLabel } from "../../../shared/rules/categories";

/** "/:street/:community": the community's public home. */
export default function CommunityHome() {
  const params = useParams<{ street: string; community: string }>();
  const query = createQuery(() => communityQuery(params.street, params.community));
  useTitle(() => (query.data ? localName(query.data) : query.isError ? errorMessage(query.error) : undefined));
  const base = () => `/${params.street}/${params.community}`;
  const openData = () => `/api/open/v1/${params.street}/${params.community}/notices`;

  return (
    <>
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href="/">{t("pub.backDirectory")}</A>
      </nav>
      <PageQuery query={query}>
        {(c) => {
          const village = () => c.kind === "village";
          const committee = () => c.officials.filter((o) => o.body === "committee");
          const supervisory = () => c.officials.filter((o) => o.body === "supervisory");
          return (
            <>
              <header class="community-head">
                <p class="meta">{c.street.name}</p>
                <h1>{localName(c)}</h1>
                <p class="head-badges">
                  <span class={`badge ${village() ? "badge-ok" : "badge-info"}`}>
                    {t(village() ? "kind.village" : "kind.urban")}
                  </span>
                  <Show when={lang() === "en" && c.nameEn}>
                    <span class="meta"> {c.name}</span>
                  </Show>
                </p>
                <Show when={c.intro}>
                  <p>{c.intro}</p>
                </Show>
              </header>

              <section class="card" aria-labelledby="profile-h">
                <h2 id="profile-h">{t(village() ? "pub.home.profileVillage" : "pub.home.profile")}</h2>
                <dl class="kv">
                  <Show when={c.address}>
                    <dt>{t("pub.home.address")}</dt>
                    <dd>{c.address}</dd>
                  </Show>
                  <Show when={c.officeHours}>
                    <dt>{t("pub.home.officeHours")}</dt>
                    <dd>{c.officeHours}</dd>
                  </Show>
                  <Show when={c.contactPhone}>
                    <dt>{t("pub.home.phone")}</dt>
                    <dd>
                      <a href={`tel:${c.contactPhone.replace(/[^\d+]/g, "")}`}>{c.contactPhone}</a>
                    </dd>
                  </Show>
                </dl>
              </section>

              <A href={`${base()}/grids`} class="card card-link" data-testid="grids-link">
                <strong>{t("res.grids.link")} →</strong>
                <span class="meta">{t("res.grids.linkHint")}</span>
              </A>

              <A href={`${base()}/finance`} class="card card-link" data-testid="finance-link">
                <strong>{t("pub.home.finance")} →</strong>
                <span class="meta">{t("pub.home.financeHint")}</span>
              </A>

              <div class="card card-link" data-testid="meetings-card">
                <A href={`${base()}/meetings`} data-testid="meetings-link">
                  <strong>{t("pub.home.meetings")} →</strong>
                </A>
                <span class="meta">{t("pub.home.meetingsHint")}</span>
                <A href={`${base()}/decisions`} data-testid="decisions-link">
                  {t("pub.home.decisions")} →
                </A>
              </div>

              <A href={`${base()}/polls`} class="card card-link" data-testid="polls-link">
                <strong>{t("pub.home.polls")} →</strong>
                <span class="meta">{t("pub.home.pollsHint")}</span>
              </A>

              <A href={`${base()}/volunteers`} class="card card-link" data-testid="volunteers-link">
                <strong>{t("pub.home.volunteers")} →</strong>
                <span class="meta">{t("pub.home.volunteersHint")}</span>
              </A>

              <div class="card card-link" data-testid="cases-card">
                <A href={`${base()}/ask`} data-testid="ask-link">
                  <strong>{t("pub.home.ask")} →</strong>
                </A>
                <span class="meta">{t("pub.home.askHint")}</span>
                <A href={`${base()}/cases`} data-testid="case-stats-link">
                  {t("pub.home.caseStats")} →
                </A>
              </div>

              <Show when={c.notices.pinned.length > 0}>
                <section class="card" aria-labelledby="pinned-h">
                  <h2 id="pinned-h">{t("pub.home.pinned")}</h2>
                  <ul class="list">
                    <For each={c.notices.pinned}>
                      {(item) => (
                        <NoticeRow
                          item={item}
                          street={params.street}
                          community={params.community}
                          kind={c.kind}
                          showCategory
                        />
                      )}
                    </For>
                  </ul>
                </section>
              </Show>

              <section aria-labelledby="latest-h">
                <h2 id="latest-h">{t("pub.home.latest")}</h2>
                <Show when={c.notices.latest.length > 0} fallback={<Empty>{t("pub.home.noNotices")}</Empty>}>
                  <For each={c.notices.latest}>
                    {(group) => (
                      <div class="card">
                        <h3>{categoryLabel(group.category, c.kind, lang())}</h3>
                        <ul class="list">
                          <For each={group.items}>
                            {(item) => (
                              <NoticeRow
                                item={item}
                                street={params.street}
                                community={params.community}
                                kind={c.kind}
                                showPinned
                              />
                            )}
                          </For>
                        </ul>
                        <p class="card-more">
                          <A href={`${base()}/notices?category=${group.category}`}>
                            {t("pub.home.moreOf", { category: categoryLabel(group.category, c.kind, lang()) })}
                          </A>
                        </p>
                      </div>
                    )}
                  </For>
                </Show>
                <div class="btn-row">
                  <A href={`${base()}/notices`} class="btn btn-primary">
                    {t("pub.home.allNotices")}
                  </A>
                </div>
              </section>

              <div class="grid grid-2">
                <section class="card" aria-labelledby="committee-h">
                  <h2 id="committee-h">{t(village() ? "pub.home.committeeVillage" : "pub.home.committee")}</h2>
                  <Show when={committee().length > 0} fallback={<p class="muted">{t("pub.home.noOfficials")}</p>}>
                    <ul class="list officials">
                      <For each={committee()}>
                        {(o) => (
                          <li>
                            <strong>{o.name}</strong> <span class="meta">{o.post}</span>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                </section>
                <section class="card" aria-labelledby="supervisory-h">
                  <h2 id="supervisory-h">{t(village() ? "pub.home.supervisoryVillage" : "pub.home.supervisory")}</h2>
                  <Show when={supervisory().length > 0} fallback={<p class="muted">{t("pub.home.noOfficials")}</p>}>
                    <ul class="list officials">
                      <For each={supervisory()}>
                        {(o) => (
                          <li>
                            <strong>{o.name}</strong> <span class="meta">{o.post}</span>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                </section>
              </div>

              <section class="card" aria-labelledby="verify-h">
                <h2 id="verify-h">{t("pub.home.openness")}</h2>
                <p class="meta">{t("pub.home.opennessHint")}</p>
                <ul class="list links">
                  <li>
                    <A href={`${base()}/transparency`}>{t("pub.home.transparency")}</A>
                  </li>
                  <li>
                    <a href={`${openData()}.csv`} rel="external" download={`${params.community}-notices.csv`}>
                      {t("pub.home.openDataCsv")}
                    </a>
                    {" · "}
                    <a href={openData()} rel="external" target="_blank">
                      JSON
                    </a>
                  </li>
                </ul>
              </section>
            </>
          );
        }}
      </PageQuery>
    </>
  );
}
