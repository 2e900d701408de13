import { A, useLocation, useParams } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { renderSVG } from "uqr";
import { Confirmation, type PendingConfirm } from "../../components/console/Dialog";
import { createFormErrors, FormAlert } from "../../components/console/Field";
import { useConsoleUser } from "../../components/console/user";
import { isKeeper, type LetterState } from "../../components/registry/shared";
import { t } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

const isLetter = (s: unknown): s is LetterState => {
  const v = s as Partial<LetterState> | null | undefined;
  return Boolean(v && typeof v.code === "string" && typeof v.activatePath === "string" && v.expiresAt);
};

/**
 * 居民账号激活通知书: an A4 sheet staff print and hand to the resident. The code arrives in
 * router state from the detail page and is never stored; after a reload it is gone, and the
 * page offers to issue a new one.
 */
export default function ActivationLetter() {
  const params = useParams<{ id: string }>();
  const location = useLocation<LetterState>();
  // Keep the code in memory only: take it from the router state once, then drop it from the
  // browser's history entry, so a reload (or a restored session) cannot show it again.
  const initial = isLetter(location.state) ? location.state : null;
  const [letter, setLetter] = createSignal<LetterState | null>(initial);
  const forget = () => {
    const s = window.history.state as { code?: unknown; _depth?: number } | null;
    if (s && "code" in s) window.history.replaceState({ _depth: s._depth }, "");
  };
  onMount(() => {
    // The router writes the history entry when the navigation settles, which may be after
    // mount; scrub it then, and at the latest when the page is left or reloaded.
    if (!initial) return;
    forget();
    const timers = [100, 1000, 3000].map((ms) => setTimeout(forget, ms));
    window.addEventListener("pagehide", forget);
    window.addEventListener("beforeunload", forget);
    onCleanup(() => {
      timers.forEach(clearTimeout);
      window.removeEventListener("pagehide", forget);
      window.removeEventListener("beforeunload", forget);
    });
  });

  return (
    <div class="console-page">
      <p class="back-link no-print">
        <A href={`/admin/residents/${params.id}`}>← {t("reg.letter.back")}</A>
      </p>
      <Show when={letter()} fallback={<NoCode residentId={params.id} onIssued={setLetter} />}>
        {(l) => <Letter letter={l()} />}
      </Show>
    </div>
  );
}

function Letter(props: { letter: LetterState }) {
  const url = () =>
    `${window.location.origin}${props.letter.activatePath}?code=${encodeURIComponent(props.letter.code)}`;
  const steps = () => [t("reg.letter.step1"), t("reg.letter.step2"), t("reg.letter.step3"), t("reg.letter.step4")];
  return (
    <>
      <div class="btn-row no-print">
        <button type="button" class="btn btn-primary" onClick={() => window.print()}>
          {t("action.print")}
        </button>
      </div>
      <p class="meta no-print">{t("reg.letter.printHint")}</p>
      <article class="print-sheet reg-letter" data-testid="activation-letter">
        <header>
          <p class="print-community">{props.letter.communityName}</p>
          <h1>{t("reg.letter.title")}</h1>
        </header>
        <p class="reg-letter-to">{t("reg.letter.dear", { name: props.letter.residentName })}</p>
        <p>{t("reg.letter.intro", { community: props.letter.communityName })}</p>
        <div class="reg-letter-code">
          <div class="meta">{t("reg.letter.codeLabel")}</div>
          <div class="reg-code mono" data-testid="letter-code">
            {props.letter.code}
          </div>
          <div>
            {t("reg.letter.expires", {
              date: formatDate(props.letter.expiresAt),
              time: formatDateTime(props.letter.expiresAt),
            })}
          </div>
        </div>
        <div class="reg-letter-body">
          <div class="reg-letter-steps">
            <h2>{t("reg.letter.stepsTitle")}</h2>
            <ol>
              <For each={steps()}>{(s) => <li>{s}</li>}</For>
            </ol>
            <p class="meta">{t("reg.letter.urlLabel")}</p>
            <p class="mono reg-letter-url" data-testid="letter-url">
              {url()}
            </p>
          </div>
          <figure class="print-qr">
            <div
              class="qr"
              role="img"
              aria-label={t("reg.letter.qrLabel", { url: url() })}
              innerHTML={renderSVG(url(), { border: 2, ecc: "M" })}
            />
            <figcaption class="meta">{t("reg.letter.qrCaption")}</figcaption>
          </figure>
        </div>
        <footer class="print-foot reg-letter-foot">
          <p>{t("reg.letter.keepSafe")}</p>
          <p class="meta">{t("reg.letter.contact", { community: props.letter.communityName })}</p>
        </footer>
      </article>
    </>
  );
}

/** After a reload the code is gone (shown only once); offer a new one. */
function NoCode(props: { residentId: string; onIssued: (l: LetterState) => void }) {
  const user = useConsoleUser();
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [pending, setPending] = createSignal<PendingConfirm | null>(null);
  const resident = createQuery(() => ({
    queryKey: ["residents.get", props.residentId],
    queryFn: () => api.residents.get.query({ id: props.residentId }),
  }));
  const issue = createMutation(() => ({
    mutationFn: () => api.residents.issueActivation.mutate({ residentId: props.residentId }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (d) => {
      props.onIssued(d);
      await qc.invalidateQueries({ queryKey: ["residents.get", props.residentId] });
    },
  }));
  return (
    <section class="card no-print">
      <h1>{t("reg.letter.title")}</h1>
      <div class="banner banner-warn" role="status">
        {t("reg.letter.noCode")}
      </div>
      <FormAlert errors={errors} />
      <div class="btn-row">
        <Show when={isKeeper(user().role) && resident.data?.status === "active"}>
          <button
            type="button"
            class="btn btn-primary"
            disabled={issue.isPending}
            onClick={() =>
              setPending({
                title: t("reg.activation.reissueTitle"),
                message: <p>{t("reg.letter.reissueText", { name: resident.data?.name ?? "" })}</p>,
                run: () => issue.mutate(),
              })
            }
          >
            {t("reg.letter.reissue")}
          </button>
        </Show>
        <A href={`/admin/residents/${props.residentId}`} class="btn">
          {t("reg.letter.back")}
        </A>
      </div>
      <Confirmation pending={pending()} onDone={() => setPending(null)} />
    </section>
  );
}
