import "../../i18n/console";
import { A, Navigate } from "@solidjs/router";
import { Match, Show, Switch, type JSX } from "solid-js";
import { ConsoleHeader, ConsoleNav, type NavItem } from "../../components/console/ConsoleNav";
import { roleLabel, type ConsoleUser } from "../../components/console/user";
import { ErrorBox, Loading } from "../../components/States";
import { t } from "../../i18n";
import { homeFor, isStreetRole, useMe } from "../../lib/session";

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
  const items = (): NavItem[] => [
    { href: "/street", label: t("str.nav.communities"), match: (p) => p === "/street" },
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
