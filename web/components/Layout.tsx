import { A, useNavigate } from "@solidjs/router";
import { createSignal, Show, Suspense, type JSX } from "solid-js";
import { lang, setLang, t } from "../i18n";
import { homeFor, useAuthActions, useMe } from "../lib/session";
import { Loading } from "./States";
import { prefCookie, rememberPref } from "../lib/prefs";

const storedElder = localStorage.getItem("linli.elder");
const [elder, setElderSignal] = createSignal(storedElder === null ? prefCookie("elder") === "1" : storedElder === "1");
document.documentElement.toggleAttribute("data-elder", elder());
if (elder() && prefCookie("elder") !== "1") rememberPref("elder", "1");

/** 长辈模式: larger type and higher contrast, in the spirit of the web ageing-friendliness rules. */
export function toggleElder() {
  const next = !elder();
  setElderSignal(next);
  localStorage.setItem("linli.elder", next ? "1" : "0");
  rememberPref("elder", next ? "1" : "0");
  document.documentElement.toggleAttribute("data-elder", next);
}

/** Header, language and elder-mode toggles, and the login state: shared by every face. */
export function Layout(props: { children?: JSX.Element }) {
  const me = useMe();
  const { logout } = useAuthActions();
  const navigate = useNavigate();
  return (
    <>
      <a class="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header class="site-header">
        <A href="/" class="brand" end>
          <span class="brand-mark" aria-hidden="true">
            邻
          </span>
          <span class="brand-name">{t("app.name")}</span>
        </A>
        <nav class="header-actions" aria-label="site">
          <button type="button" class="btn-link" onClick={() => setLang(lang() === "zh" ? "en" : "zh")}>
            {t("lang.toggle")}
          </button>
          <button type="button" class="btn-link" aria-pressed={elder()} onClick={toggleElder}>
            {elder() ? t("elder.off") : t("elder.on")}
          </button>
          <Show
            when={me.data}
            fallback={
              <A href="/login" class="btn-link">
                {t("nav.login")}
              </A>
            }
          >
            {(user) => (
              <>
                <Show when={user().role !== "resident"}>
                  <A href={homeFor(user().role)} class="btn-link">
                    {t("nav.console")}
                  </A>
                </Show>
                <A
                  href={user().role === "resident" ? "/me" : "/account"}
                  class="btn-link"
                  title={t(user().role === "resident" ? "res.me.title" : "nav.account")}
                >
                  {user().displayName}
                </A>
                <button
                  type="button"
                  class="btn-link"
                  onClick={async () => {
                    await logout();
                    navigate("/");
                  }}
                >
                  {t("nav.logout")}
                </button>
              </>
            )}
          </Show>
        </nav>
      </header>
      <main id="main" class="site-main" tabindex="-1">
        <Suspense fallback={<Loading />}>{props.children}</Suspense>
      </main>
      <footer class="site-footer">{t("footer.text")}</footer>
    </>
  );
}
