import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Loading } from "../../components/States";
import { useTitle } from "../../components/public/util";
import { t, type Key } from "../../i18n";
import { errorMessage, fieldErrors } from "../../lib/trpc";
import { homeFor, useAuthActions, useMe } from "../../lib/session";

/** Only same-site paths are accepted as a place to return to after logging in. */
const safeNext = (next: string | undefined) => (next && next.startsWith("/") && !next.startsWith("//") ? next : null);

/** "/login": staff and residents log in here. */
export default function Login() {
  useTitle(() => t("login.title"));
  const me = useMe();
  const { login } = useAuthActions();
  const navigate = useNavigate();
  const [search] = useSearchParams<{ next?: string }>();
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [fields, setFields] = createSignal<Record<string, string>>({});

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const user = await login(username().trim(), password());
      navigate(safeNext(search.next) ?? homeFor(user.role), { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setFields(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <h1>{t("login.title")}</h1>
      <Show when={!me.isPending} fallback={<Loading />}>
        <Show
          when={me.data}
          fallback={
            <form class="form card" onSubmit={submit} novalidate>
              <div class="field">
                <label for="login-username">{t("login.username")}</label>
                <input
                  id="login-username"
                  name="username"
                  autocomplete="username"
                  autocapitalize="none"
                  spellcheck={false}
                  required
                  value={username()}
                  onInput={(e) => setUsername(e.currentTarget.value)}
                  aria-invalid={fields().username ? "true" : undefined}
                />
              </div>
              <div class="field">
                <label for="login-password">{t("login.password")}</label>
                <input
                  id="login-password"
                  name="password"
                  type="password"
                  autocomplete="current-password"
                  required
                  value={password()}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                  aria-invalid={fields().password ? "true" : undefined}
                />
              </div>
              <div role="alert" class="error" data-testid="login-error">
                {error() ?? ""}
              </div>
              <div>
                <button type="submit" class="btn btn-primary" disabled={busy()}>
                  {busy() ? t("pub.login.busy") : t("login.submit")}
                </button>
              </div>
              <p class="hint">{t("login.demo")}</p>
            </form>
          }
        >
          {(user) => (
            <div class="card">
              <p>
                {t("pub.login.already", {
                  name: user().displayName,
                  role: t(`role.${user().role}` as Key),
                })}
              </p>
              <div class="btn-row">
                <A href={safeNext(search.next) ?? homeFor(user().role)} class="btn btn-primary">
                  {user().role === "resident" ? t("pub.login.toHome") : t("pub.login.toConsole")}
                </A>
                <A href="/account" class="btn">
                  {t("nav.account")}
                </A>
              </div>
            </div>
          )}
        </Show>
      </Show>
    </div>
  );
}
