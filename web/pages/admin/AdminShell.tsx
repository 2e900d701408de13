import "../../i18n/console";
import { A, Navigate } from "@solidjs/router";
import { Match, Show, Switch, type JSX } from "solid-js";
import { ErrorBox, Loading } from "../../components/States";
import { ConsoleHeader, ConsoleNav, type NavItem } from "../../components/console/ConsoleNav";
import { isDraftReader, roleLabel, type ConsoleUser } from "../../components/console/user";
import { t } from "../../i18n";
import { isStreetRole, useMe } from "../../lib/session";

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
  const community = () => props.user.community!;
  const publicHref = () => `/${props.user.street?.slug}/${community().slug}`;
  const items = (): NavItem[] => {
    const role = props.user.role;
    const list: NavItem[] = [];
    if (isDraftReader(role)) {
      list.push({
        href: "/admin/notices",
        label: t("adm.nav.notices"),
        match: (p) => p === "/admin" || p.startsWith("/admin/notices"),
      });
      list.push({ href: "/admin/profile", label: t("adm.nav.profile"), match: (p) => p === "/admin/profile" });
    }
    if (role === "community_admin") {
      list.push({ href: "/admin/staff", label: t("adm.nav.staff"), match: (p) => p === "/admin/staff" });
      list.push({ href: "/admin/audit", label: t("adm.nav.audit"), match: (p) => p === "/admin/audit" });
    }
    return list;
  };
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
            when={isDraftReader(props.user.role)}
            fallback={
              <div class="card">
                <p>{t("adm.gridNote")}</p>
                <a href={publicHref()} class="btn">
                  {t("adm.nav.public")}
                </a>
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
