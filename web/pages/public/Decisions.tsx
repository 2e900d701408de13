import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For, Show, createEffect } from "solid-js";
import { FileList } from "../../components/console/FileList";
import { Empty } from "../../components/States";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { localName, retryUnlessNotFound, useTitle } from "../../components/public/util";
import { registerStrings, t } from "../../i18n";
import { meetingsPublicStrings } from "../../i18n/meetings-public";
import { formatDate } from "../../lib/format";
import { api } from "../../lib/trpc";
import { DecisionStatusBadge, ProgressBar, meetingPath, meetingsPath } from "./Meetings";

registerStrings(meetingsPublicStrings);

/** "/:street/:community/decisions": 重大事项决策登记 — every decision, its state and progress record. */
export default function Decisions() {
  const params = useParams<{ street: string; community: string }>();
  const community = createQuery(() => communityQuery(params.street, params.community));
  const list = createQuery(() => ({
    queryKey: ["decisions.list", params.street, params.community],
    queryFn: () => api.decisions.list.query({ street: params.street, community: params.community }),
    retry: retryUnlessNotFound,
  }));
  const base = () => `/${params.street}/${params.community}`;
  const openData = () => `/api/open/v1/${params.street}/${params.community}/decisions`;
  const name = () => (community.data ? localName(community.data) : "");
  const title = () => (name() ? t("mtgpub.decisions.titleOf", { community: name() }) : t("mtgpub.decisions.title"));
  useTitle(title);

  // A link from a meeting page names one decision (#decision-<id>): bring it into view once drawn.
  createEffect(() => {
    if (!list.data || !location.hash.startsWith("#decision-")) return;
    queueMicrotask(() => document.getElementById(location.hash.slice(1))?.scrollIntoView());
  });

  return (
    <div class="mtgpub">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={base()}>{name() ? `← ${name()}` : t("pub.backCommunity")}</A>
      </nav>
      <PageQuery query={list}>
        {(rows) => (
          <>
            <h1>{title()}</h1>
            <p class="head-badges">
              <Show when={rows.length > 0}>
                <span class="meta">{t("mtgpub.decisions.count", { n: rows.length })}</span>
              </Show>
            </p>
            <p class="muted">{t("mtgpub.decisions.intro")}</p>
            <Show
              when={rows.length > 0}
              fallback={
                <div data-testid="decisions-empty">
                  <Empty>
                    <strong>{t("mtgpub.decisions.empty")}</strong>
                    <p class="meta">{t("mtgpub.decisions.emptyHint")}</p>
                  </Empty>
                </div>
              }
            >
              <ul class="list mtgpub-decisions" data-testid="decisions">
                <For each={rows}>
                  {(d) => (
                    <li class="card" id={`decision-${d.id}`} data-decision-id={d.id}>
                      <div class="mtgpub-row-head">
                        <h2 class="mtgpub-decision-title">{d.title}</h2>
                        <DecisionStatusBadge status={d.status} />
                      </div>
                      <dl class="kv">
                        <dt>{t("mtgpub.decisions.resolution")}</dt>
                        <dd class="mtgpub-pre">{d.resolution}</dd>
                        <dt>{t("mtgpub.decisions.source")}</dt>
                        <dd>
                          <A href={meetingPath(params.street, params.community, d.meetingId)}>{d.meetingTitle}</A>
                        </dd>
                        <dt>{t("mtgpub.decisions.decidedAt")}</dt>
                        <dd>
                          <time datetime={new Date(d.decidedAt).toISOString()}>{formatDate(d.decidedAt)}</time>
                        </dd>
                        <dt>{t("mtgpub.decisions.status")}</dt>
                        <dd>
                          <ProgressBar value={d.progress} />
                        </dd>
                      </dl>
                      <h3>{t("mtgpub.decisions.timeline")}</h3>
                      <Show
                        when={d.updates.length > 0}
                        fallback={<p class="muted">{t("mtgpub.decisions.noUpdates")}</p>}
                      >
                        <ol class="mtgpub-timeline" data-testid="decision-updates">
                          <For each={d.updates}>
                            {(u) => (
                              <li>
                                <div class="mtgpub-row-head meta">
                                  <time datetime={new Date(u.at).toISOString()}>{formatDate(u.at)}</time>
                                  <DecisionStatusBadge status={u.status} />
                                  <span>{t("mtgpub.progress", { n: u.progress })}</span>
                                </div>
                                <p class="mtgpub-pre">{u.note}</p>
                                <Show when={u.attachments.length > 0}>
                                  <FileList
                                    files={u.attachments}
                                    testid="decision-file"
                                    label={t("mtgpub.decisions.files")}
                                  />
                                </Show>
                              </li>
                            )}
                          </For>
                        </ol>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <section class="card" aria-labelledby="open-h">
              <h2 id="open-h">{t("mtgpub.decisions.openData")}</h2>
              <p class="meta">{t("mtgpub.decisions.openDataHint")}</p>
              <ul class="list links">
                <li>
                  <a
                    href={`${openData()}.csv`}
                    rel="external"
                    download={`${params.community}-decisions.csv`}
                    data-testid="decisions-csv"
                  >
                    {t("mtgpub.decisions.openDataCsv")}
                  </a>
                  {" · "}
                  <a href={openData()} rel="external" target="_blank">
                    JSON
                  </a>
                </li>
              </ul>
            </section>
            <A href={meetingsPath(params.street, params.community)} class="card card-link">
              <strong>{t("mtgpub.decisions.meetings")} →</strong>
              <span class="meta">{t("mtgpub.intro")}</span>
            </A>
          </>
        )}
      </PageQuery>
    </div>
  );
}
