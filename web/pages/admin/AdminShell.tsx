import "../../i18n/console";
import { A, Navigate, useLocation } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { Match, Show, Switch, type JSX } from "solid-js";
import { ErrorBox, Loading } from "../../components/States";
import { ConsoleHeader, ConsoleNav, type NavItem } from "../../components/console/ConsoleNav";
import { isDraftReader, roleLabel, type ConsoleUser } from "../../components/console/user";
import { t } from "../../i18n";
import { isStreetRole, useMe } from "../../lib/session";
import { api } from "../../lib/trpc";
import { isKeeper, isObjectionReader, isRegistryReader } from "../../components/registry/shared";

const COMMUNITY_ROLES = ["community_admin", "community_staff", "supervisor", "grid_worker"];

/** The committee console: community staff only; street roles go to their own console. */
export default function AdminShell(props: { children?: JSX.Element }) {
  const me = useMe();
  return (
    <Show when={!me.isPending} fallback={<Loading />}>
      <Switch>
        <Match when={me.isError}>
          <ErrorBox error={me.error} retry={() => me.refetch()} />
        </Match>
        <Match when={!me.data}>
          <div class="card">
            <p>{t("adm.needLogin")}</p>
            <A href="/login" class="btn btn-primary">
              {t("nav.login")}
            </A>
          </div>
        </Match>
        <Match when={isStreetRole(me.data?.role)}>
          <Navigate href="/street" />
        </Match>
        <Match when={!COMMUNITY_ROLES.includes(me.data?.role ?? "") || !me.data?.community}>
          <div class="card">
            <p>{t("adm.residentNote")}</p>
            <A href="/" class="btn">
              {t("nav.home")}
            </A>
          </div>
        </Match>
        <Match when={me.data}>{(user) => <Console user={user()}>{props.children}</Console>}</Match>
      </Switch>
    </Show>
  );
}

function Console(props: { user: ConsoleUser; children?: JSX.Element }) {
  const location = useLocation();
  const community = () => props.user.community!;
  const publicHref = () => `/${props.user.street?.slug}/${community().slug}`;
  // Unanswered queries and objections (overdue ones included), for the menu badge.
  const openQueries = createQuery(() => ({
    queryKey: ["notices.objections", community().id, "open", "badge"],
    queryFn: () => api.notices.objections.query({ communityId: community().id, status: "open", limit: 50 }),
    enabled: isObjectionReader(props.user.role),
    staleTime: 60_000,
  }));
  const openBadge = () => {
    const d = openQueries.data;
    if (!d?.items.length) return null;
    const n = d.items.length;
    const text = d.nextCursor ? `${n}+` : String(n);
    return { text, label: t("reg.nav.openCount", { n: text }) };
  };
  const items = (): NavItem[] => {
    const role = props.user.role;
    const list: NavItem[] = [];
    if (isDraftReader(role)) {
      list.push({
        href: "/admin/notices",
        label: t("adm.nav.notices"),
        match: (p) => p === "/admin" || p.startsWith("/admin/notices"),
      });
    }
    if (isDraftReader(role)) {
      list.push({
        href: "/admin/finance",
        label: t("fin.nav.admin"),
        match: (p) => p.startsWith("/admin/finance"),
      });
      list.push({
        href: "/admin/meetings",
        label: t("mtg.nav.meetings"),
        match: (p) => p.startsWith("/admin/meetings"),
      });
      list.push({
        href: "/admin/decisions",
        label: t("mtg.nav.decisions"),
        match: (p) => p.startsWith("/admin/decisions"),
      });
      list.push({
        href: "/admin/polls",
        label: t("pollc.nav.admin"),
        match: (p) => p.startsWith("/admin/polls"),
      });
      list.push({
        href: "/admin/volunteers",
        label: t("volc.nav.admin"),
        match: (p) => p.startsWith("/admin/volunteers"),
      });
    }
    // Grid workers handle their grids' cases; staff, supervisors and the street office read them all.
    if (isDraftReader(role) || role === "grid_worker") {
      list.push({
        href: "/admin/cases",
        label: t("casec.nav.admin"),
        match: (p) => p.startsWith("/admin/cases"),
      });
    }
    if (isRegistryReader(role)) {
      list.push({
        href: "/admin/residents",
        label: t("reg.nav.residents"),
        match: (p) => p.startsWith("/admin/residents"),
      });
      list.push({ href: "/admin/households", label: t("reg.nav.households"), match: (p) => p === "/admin/households" });
    }
    if (isKeeper(role)) {
      list.push({ href: "/admin/grids", label: t("reg.nav.grids"), match: (p) => p === "/admin/grids" });
      list.push({
        href: "/admin/registry/import",
        label: t("reg.nav.import"),
        match: (p) => p.startsWith("/admin/registry"),
      });
    }
    if (isObjectionReader(role)) {
      list.push({
        href: "/admin/objections",
        label: t("reg.nav.objections"),
        match: (p) => p === "/admin/objections",
        badge: openBadge,
      });
    }
    if (isKeeper(role)) {
      list.push({
        href: "/admin/corrections",
        label: t("reg.nav.corrections"),
        match: (p) => p === "/admin/corrections",
      });
    }
    if (isDraftReader(role)) {
      list.push({ href: "/admin/profile", label: t("adm.nav.profile"), match: (p) => p === "/admin/profile" });
    }
    if (role === "community_admin") {
      list.push({ href: "/admin/staff", label: t("adm.nav.staff"), match: (p) => p === "/admin/staff" });
      list.push({ href: "/admin/audit", label: t("adm.nav.audit"), match: (p) => p === "/admin/audit" });
    }
    return list;
  };
  // Grid workers read the residents and households of their grids and handle their grids' cases;
  // the rest of the console is not theirs.
  const allowed = () =>
    isDraftReader(props.user.role) ||
    (props.user.role === "grid_worker" &&
      ["/admin/residents", "/admin/households", "/admin/cases"].some((p) => location.pathname.startsWith(p)));
  return (
    <>
      <ConsoleHeader title={t("adm.title")} place={community().name} role={roleLabel(props.user.role)} />
      <div class="console">
        <ConsoleNav
          label={t("adm.nav.label")}
          items={items()}
          footer={
            <a href={publicHref()} class="console-nav-public">
              {t("adm.nav.public")}
            </a>
          }
        />
        <section class="console-body">
          <Show
            when={allowed()}
            fallback={
              <div class="card">
                <p>{t("reg.gridNote")}</p>
                <div class="btn-row">
                  <a href="/admin/cases" class="btn btn-primary">
                    {t("casec.nav.admin")}
                  </a>
                  <a href="/admin/residents" class="btn">
                    {t("reg.nav.residents")}
                  </a>
                  <a href="/admin/households" class="btn">
                    {t("reg.nav.households")}
                  </a>
                  <a href={publicHref()} class="btn">
                    {t("adm.nav.public")}
                  </a>
                </div>
              </div>
            }
          >
            {props.children}
          </Show>
        </section>
      </div>
    </>
  );
}
