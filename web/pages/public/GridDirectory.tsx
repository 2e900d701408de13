import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import { Empty } from "../../components/States";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { localName, retryUnlessNotFound, useTitle } from "../../components/public/util";
import { t } from "../../i18n";
import { api } from "../../lib/trpc";

/** "/:street/:community/grids": 社区有网、网中有格、格中定人 — whom to call in each grid. */
export default function GridDirectory() {
  const params = useParams<{ street: string; community: string }>();
  const community = createQuery(() => communityQuery(params.street, params.community));
  const grids = createQuery(() => ({
    queryKey: ["directory.grids", params.street, params.community],
    queryFn: () => api.directory.grids.query({ street: params.street, community: params.community }),
    retry: retryUnlessNotFound,
  }));
  useTitle(() => t("res.grids.title") + (community.data ? ` · ${localName(community.data)}` : ""));

  return (
    <>
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={`/${params.street}/${params.community}`}>
          {community.data ? `← ${localName(community.data)}` : t("pub.backCommunity")}
        </A>
      </nav>
      <h1>{t("res.grids.title")}</h1>
      <p class="meta">{t("res.grids.motto")}</p>
      <PageQuery query={grids}>
        {(list) => (
          <Show when={list.length > 0} fallback={<Empty>{t("res.grids.empty")}</Empty>}>
            <ul class="grid-cards">
              <For each={list}>
                {(g) => (
                  <li class="card">
                    <h2>{g.name}</h2>
                    <dl class="kv">
                      <Show when={g.area}>
                        <dt>{t("res.grids.area")}</dt>
                        <dd>{g.area}</dd>
                      </Show>
                      <dt>{t("res.grids.worker")}</dt>
                      <dd>{g.workerName || "—"}</dd>
                    </dl>
                    <Show when={g.workPhone}>
                      <a class="btn btn-primary btn-block" href={`tel:${g.workPhone.replace(/[^\d+]/g, "")}`}>
                        {t("res.grids.call", { phone: g.workPhone })}
                      </a>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </PageQuery>
    </>
  );
}
