import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Loading } from "../../components/States";
import { useTitle } from "../../components/public/util";
import { t, type Key } from "../../i18n";
import { api, errorMessage, fieldErrors } from "../../lib/trpc";
import { homeFor, useMe } from "../../lib/session";

/** "/account": who is logged in, and changing one's own password. */
export default function Account() {
  useTitle(() => t("nav.account"));
  const me = useMe();
  const [current, setCurrent] = createSignal("");
  const [next, setNext] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [fields, setFields] = createSignal<Record<string, string>>({});

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setDone(false);
    setError(null);
    setFields({});
    try {
      await api.auth.changePassword.mutate({ currentPassword: current(), newPassword: next() });
      setDone(true);
      setCurrent("");
      setNext("");
    } catch (err) {
      const f = fieldErrors(err);
      setFields(f);
      // Field messages show under their fields; anything else goes in the alert.
      if (!f.currentPassword && !f.newPassword) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <h1>{t("nav.account")}</h1>
      <Show when={!me.isPending} fallback={<Loading />}>
        <Show
          when={me.data}
          fallback={
            <div class="card">
              <p>{t("pub.account.loginFirst")}</p>
              <A href="/login?next=/account" class="btn btn-primary">
                {t("nav.login")}
              </A>
            </div>
          }
        >
          {(user) => (
            <>
              <section class="card" aria-labelledby="who-h">
                <h2 id="who-h">{user().displayName}</h2>
                <dl class="kv">
                  <dt>{t("login.username")}</dt>
                  <dd class="mono">{user().username}</dd>
                  <dt>{t("pub.account.role")}</dt>
                  <dd>{t(`role.${user().role}` as Key)}</dd>
                  <Show when={user().community}>
                    {(c) => (
                      <>
                        <dt>{t("pub.account.community")}</dt>
                        <dd>
                          <Show when={user().street} fallback={c().name}>
                            {(s) => <A href={`/${s().slug}/${c().slug}`}>{c().name}</A>}
                          </Show>
                        </dd>
                      </>
                    )}
                  </Show>
                  <Show when={!user().community && user().street}>
                    {(s) => (
                      <>
                        <dt>{t("pub.account.street")}</dt>
                        <dd>{s().name}</dd>
                      </>
                    )}
                  </Show>
                </dl>
                <Show when={user().role !== "resident"}>
                  <p>
                    <A href={homeFor(user().role)}>{t("pub.login.toConsole")}</A>
                  </p>
                </Show>
              </section>

              <section class="card" aria-labelledby="pw-h">
                <h2 id="pw-h">{t("account.title")}</h2>
                <form class="form" onSubmit={submit} novalidate>
                  {/* Lets password managers pair the new password with the account. */}
                  <input type="text" name="username" autocomplete="username" value={user().username} hidden readOnly />
                  <div class="field">
                    <label for="account-current">{t("account.current")}</label>
                    <input
                      id="account-current"
                      name="currentPassword"
                      type="password"
                      autocomplete="current-password"
                      required
                      value={current()}
                      onInput={(e) => setCurrent(e.currentTarget.value)}
                      aria-invalid={fields().currentPassword ? "true" : undefined}
                      aria-describedby="account-current-error"
                    />
                    <span class="error" id="account-current-error">
                      {fields().currentPassword ?? ""}
                    </span>
                  </div>
                  <div class="field">
                    <label for="account-new">{t("account.new")}</label>
                    <input
                      id="account-new"
                      name="newPassword"
                      type="password"
                      autocomplete="new-password"
                      required
                      minLength={8}
                      value={next()}
                      onInput={(e) => setNext(e.currentTarget.value)}
                      aria-invalid={fields().newPassword ? "true" : undefined}
                      aria-describedby="account-new-error"
                    />
                    <span class="error" id="account-new-error">
                      {fields().newPassword ?? ""}
                    </span>
                  </div>
                  <div role="alert" class="error">
                    {error() ?? ""}
                  </div>
                  <Show when={done()}>
                    <p class="banner banner-info" role="status">
                      {t("account.changed")}
                    </p>
                  </Show>
                  <div>
                    <button type="submit" class="btn btn-primary" disabled={busy()}>
                      {busy() ? t("state.saving") : t("pub.account.submit")}
                    </button>
                  </div>
                </form>
              </section>
            </>
          )}
        </Show>
      </Show>
    </div>
  );
}
