import "../../i18n/console";
import { A, Navigate } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { Match, Show, Switch, type JSX } from "solid-js";
import { ConsoleHeader, ConsoleNav, type NavItem } from "../../components/console/ConsoleNav";
import { roleLabel, type ConsoleUser } from "../../components/console/user";
import { ErrorBox, Loading } from "../../components/States";
import { registerStrings, t } from "../../i18n";
import { monitorStrings } from "../../i18n/monitor";
import { homeFor, isStreetRole, useMe } from "../../lib/session";
import { api } from "../../lib/trpc";

registerStrings(monitorStrings);

/** The street office console: street admin and street viewer only. */
export default function StreetShell(props: { children?: JSX.Element }) {
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
        <Match when={me.data && homeFor(me.data.role) === "/admin"}>
          <Navigate href="/admin" />
        </Match>
        <Match when={!isStreetRole(me.data?.role)}>
          <div class="card">
            <p>{t("str.needRole")}</p>
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
  // The alerts page shares this query, so acknowledging one updates the count here.
  const alerts = createQuery(() => ({
    queryKey: ["monitor.alerts"],
    queryFn: () => api.monitor.alerts.query(),
    staleTime: 60_000,
  }));
  const openAlerts = () => {
    const n = alerts.data?.filter((a) => !a.ack).length ?? 0;
    return n ? { text: String(n), label: t("mon.nav.alertsCount", { n }) } : null;
  };
  const items = (): NavItem[] => [
    {
      href: "/street",
      label: t("mon.nav.overview"),
      match: (p) => p === "/street" || /^\/street\/communities\/[^/]+\/monitor$/.test(p),
    },
    { href: "/street/alerts", label: t("mon.nav.alerts"), match: (p) => p === "/street/alerts", badge: openAlerts },
    { href: "/street/assessment", label: t("mon.nav.assessment"), match: (p) => p === "/street/assessment" },
    { href: "/street/communities", label: t("str.nav.communities"), match: (p) => p === "/street/communities" },
    ...(props.user.role === "street_admin"
      ? [{ href: "/street/staff", label: t("str.nav.staff"), match: (p: string) => p === "/street/staff" }]
      : []),
    { href: "/street/finance", label: t("fin.nav.street"), match: (p) => p === "/street/finance" },
    { href: "/street/democracy", label: t("pollc.nav.street"), match: (p) => p === "/street/democracy" },
    { href: "/street/volunteering", label: t("volc.nav.street"), match: (p) => p === "/street/volunteering" },
    { href: "/street/cases", label: t("casec.nav.street"), match: (p) => p === "/street/cases" },
    { href: "/street/audit", label: t("str.nav.audit"), match: (p) => p === "/street/audit" },
  ];
  return (
    <>
      <ConsoleHeader title={t("str.title")} place={props.user.street?.name ?? ""} role={roleLabel(props.user.role)} />
      <div class="console">
        <ConsoleNav label={t("str.nav.label")} items={items()} />
        <section class="console-body">{props.children}</section>
      </div>
    </>
  );
}
