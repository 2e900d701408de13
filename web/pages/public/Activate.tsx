import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal } from "solid-js";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { localName, useTitle } from "../../components/public/util";
import { t } from "../../i18n";
import { api, errorMessage, fieldErrors } from "../../lib/trpc";

/** The password rule of shared/schemas/common (`password`), checked here without loading zod. */
const strongEnough = (p: string) => p.length >= 8 && p.length <= 128 && /[A-Za-z]/.test(p) && /\d/.test(p);

/**
 * "/:street/:community/activate?code=…": a resident scans the QR code on the committee's letter,
 * sets a password and is logged in; afterwards they log in with their phone number.
 */
export default function Activate() {
  const params = useParams<{ street: string; community: string }>();
  const [search] = useSearchParams<{ code?: string }>();
  const community = createQuery(() => communityQuery(params.street, params.community));
  useTitle(() => t("res.activate.title"));
  const qc = useQueryClient();
  const navigate = useNavigate();

  const [code, setCode] = createSignal((typeof search.code === "string" ? search.code : "").trim().toUpperCase());
  const [password, setPassword] = createSignal("");
  const [confirm, setConfirm] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal("");

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy()) return;
    setError("");
    const local: Record<string, string> = {};
    if (!code().trim()) local.code = t("res.activate.codeMissing");
    if (!strongEnough(password())) local.password = t("res.activate.passwordHint");
    else if (password() !== confirm()) local.confirm = t("res.activate.mismatch");
    setFields(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await api.auth.activate.mutate({
        street: params.street,
        community: params.community,
        code: code().trim().toUpperCase(),
        password: password(),
      });
      await qc.invalidateQueries();
      navigate("/me?welcome=1", { replace: true });
    } catch (err) {
      const f = fieldErrors(err);
      setFields(f);
      if (!f.code && !f.password) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <PageQuery query={community}>
        {(c) => (
          <>
            <p class="meta">
              <A href={`/${params.street}/${params.community}`}>{localName(c)}</A>
            </p>
            <h1>{t("res.activate.title")}</h1>
            <form class="form card" onSubmit={submit} novalidate>
              <p class="hint">{t("res.activate.intro")}</p>
              <div class="field">
                <label for="act-code">{t("res.activate.code")}</label>
                <input
                  id="act-code"
                  name="code"
                  class="mono code-input"
                  autocomplete="off"
                  autocapitalize="characters"
                  spellcheck={false}
                  maxLength={20}
                  required
                  value={code()}
                  onInput={(e) => setCode(e.currentTarget.value)}
                  aria-invalid={fields().code ? "true" : undefined}
                  aria-describedby="act-code-hint act-code-error"
                />
                <span class="hint" id="act-code-hint">
                  {t("res.activate.codeHint")}
                </span>
                <span class="error" id="act-code-error" role="alert">
                  {fields().code ?? ""}
                </span>
              </div>
              <div class="field">
                <label for="act-password">{t("res.activate.password")}</label>
                <input
                  id="act-password"
                  name="password"
                  type="password"
                  autocomplete="new-password"
                  minLength={8}
                  required
                  value={password()}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                  aria-invalid={fields().password ? "true" : undefined}
                  aria-describedby="act-password-hint act-password-error"
                />
                <span class="hint" id="act-password-hint">
                  {t("res.activate.passwordHint")}
                </span>
                <span class="error" id="act-password-error" role="alert">
                  {fields().password ?? ""}
                </span>
              </div>
              <div class="field">
                <label for="act-confirm">{t("res.activate.confirm")}</label>
                <input
                  id="act-confirm"
                  name="confirm"
                  type="password"
                  autocomplete="new-password"
                  required
                  value={confirm()}
                  onInput={(e) => setConfirm(e.currentTarget.value)}
                  aria-invalid={fields().confirm ? "true" : undefined}
                  aria-describedby="act-confirm-error"
                />
                <span class="error" id="act-confirm-error" role="alert">
                  {fields().confirm ?? ""}
                </span>
              </div>
              <div role="alert" class="error">
                {error()}
              </div>
              <div>
                <button type="submit" class="btn btn-primary btn-block" disabled={busy()}>
                  {busy() ? t("res.activate.busy") : t("res.activate.submit")}
                </button>
              </div>
              <p class="hint">
                <A href="/login?next=/me">{t("res.activate.login")}</A>
              </p>
            </form>
          </>
        )}
      </PageQuery>
    </div>
  );
}
