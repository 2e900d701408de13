import { A } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Show } from "solid-js";
import { Empty, QueryView } from "../../components/States";
import { localName, useTitle } from "../../components/public/util";
import { lang, t } from "../../i18n";
import { api } from "../../lib/trpc";

/** "/": every community, grouped by street office, with a name filter. */
export default function Directory() {
  useTitle(() => t("pub.directory.title"));
  const query = createQuery(() => ({
    queryKey: ["directory.communities"],
    queryFn: () => api.directory.communities.query(),
  }));
  const [search, setSearch] = createSignal("");

  return (
    <>
      <h1>{t("pub.directory.title")}</h1>
      <p class="muted">{t("pub.directory.intro")}</p>
      <QueryView query={query}>
        {(rows) => {
          const groups = createMemo(() => {
            const needle = search().trim().toLowerCase();
            const matching = rows.filter(
              (c) =>
                !needle ||
                c.name.toLowerCase().includes(needle) ||
                c.nameEn.toLowerCase().includes(needle) ||
                c.slug.includes(needle),
            );
            const byStreet = new Map<string, { name: string; items: typeof rows }>();
            for (const c of matching) {
              const group = byStreet.get(c.street) ?? { name: c.streetName, items: [] };
              group.items.push(c);
              byStreet.set(c.street, group);
            }
            return [...byStreet.values()];
          });
          return (
            <Show when={rows.length > 0} fallback={<Empty>{t("pub.directory.none")}</Empty>}>
              <form class="form search-form" role="search" onSubmit={(e) => e.preventDefault()}>
                <div class="field">
                  <label for="directory-search">{t("pub.directory.search")}</label>
                  <input
                    id="directory-search"
                    type="search"
                    autocomplete="off"
                    enterkeyhint="search"
                    placeholder={t("pub.directory.searchPlaceholder")}
                    value={search()}
                    onInput={(e) => setSearch(e.currentTarget.value)}
                  />
                </div>
              </form>
              <Show
                when={groups().length > 0}
                fallback={<Empty>{t("pub.directory.noMatch", { q: search().trim() })}</Empty>}
              >
                <For each={groups()}>
                  {(group) => (
                    <section class="card" aria-label={group.name}>
                      <h2>{group.name}</h2>
                      <ul class="list">
                        <For each={group.items}>
                          {(c) => (
                            <li>
                              <A href={`/${c.street}/${c.slug}`} class="notice-title">
                                {localName(c)}
                              </A>{" "}
                              <span class={`badge ${c.kind === "village" ? "badge-ok" : "badge-info"}`}>
                                {t(c.kind === "village" ? "kind.village" : "kind.urban")}
                              </span>
                              <Show when={lang() === "en" && c.nameEn}>
                                <span class="meta"> {c.name}</span>
                              </Show>
                              <Show when={c.address}>
                                <div class="meta">{c.address}</div>
                              </Show>
                            </li>
                          )}
                        </For>
                      </ul>
                    </section>
                  )}
                </For>
              </Show>
            </Show>
          );
        }}
      </QueryView>
    </>
  );
}
