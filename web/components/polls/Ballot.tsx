import { createMemo, createSignal, For, Match, onMount, Show, Switch } from "solid-js";
import { RATINGS, normaliseReceipt, type PollOption, type Rating } from "../../../shared/rules/polls";
import { t, type Key } from "../../i18n";
import { rememberReceipt } from "../../lib/receipts";
import { api, errorMessage } from "../../lib/trpc";
import { copyText } from "../public/util";
import { choiceWords, optionLabel } from "./common";

export type BallotPoll = {
  id: string;
  ballotType: string;
  options: PollOption[];
  minChoices: number;
  maxChoices: number;
  secret: boolean;
};

/** What a cast returns to the page: the new receipt, and whose ballot it was when cast by proxy. */
export type Cast = { receipt: string; forName: string | null; changed: boolean };

/**
 * One ballot, in two taps on a phone: tap an option (or rate each member), tap 确认投票. Casts
 * for the resident, or for a grantor whose written proxy they hold (`onBehalf`), or replaces a
 * ballot already cast where the poll allows it (`replacing`; a secret ballot needs its receipt).
 */
export function BallotForm(props: {
  poll: BallotPoll;
  onBehalf?: { id: string; name: string };
  replacing?: boolean;
  /** Receipts remembered on this phone (a secret ballot being changed is named by one of them). */
  knownReceipts?: string[];
  /** A 记名 ballot being changed: its receipt, forgotten on this phone once replaced. */
  previousReceipt?: string;
  onCast: (cast: Cast) => void;
  onCancel?: () => void;
  /** The poll may have closed meanwhile: the page reloads it. */
  onError?: () => void;
}) {
  const type = () => props.poll.ballotType;
  const multi = () => type() === "multiple" || type() === "approval";
  const [chosen, setChosen] = createSignal<string[]>([]);
  const [ratings, setRatings] = createSignal<Record<string, Rating>>({});
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const uid = `b-${props.poll.id}-${props.onBehalf?.id ?? "self"}${props.replacing ? "-r" : ""}`;

  // Changing a secret ballot: which remembered receipt it replaces, or one typed in.
  const known = () => props.knownReceipts ?? [];
  const needsOld = () => !!props.replacing && props.poll.secret;
  const [oldPick, setOldPick] = createSignal<string>(known().length ? known()[known().length - 1] : "");
  const [oldTyped, setOldTyped] = createSignal("");
  const oldReceipt = () => (oldPick() ? oldPick() : normaliseReceipt(oldTyped()));

  const valid = createMemo(() => {
    if (type() === "review") return props.poll.options.every((o) => ratings()[o.id]);
    const n = chosen().length;
    return n >= props.poll.minChoices && n <= props.poll.maxChoices;
  });
  const ready = () => valid() && (!needsOld() || oldReceipt().length >= 4);

  const toggle = (id: string, on: boolean) => {
    if (!multi() || props.poll.maxChoices === 1) return setChosen(on ? [id] : []);
    setChosen((c) => (on ? [...c.filter((x) => x !== id), id] : c.filter((x) => x !== id)));
  };
  const atMax = () => multi() && chosen().length >= props.poll.maxChoices;

  const summary = () => {
    if (type() === "review") {
      const r = ratings();
      const rated = props.poll.options.filter((o) => r[o.id]).length;
      return t("poll.ballot.rated", { n: rated, m: props.poll.options.length });
    }
    const ids = props.poll.options.filter((o) => chosen().includes(o.id)).map((o) => o.id);
    if (!ids.length && type() !== "approval") return t("poll.ballot.nothingYet");
    return t("poll.ballot.yourChoice", { choice: choiceWords(ids.join(","), props.poll.options) });
  };

  const hint = () => {
    if (type() === "review") return t("poll.ballot.hintReview");
    if (type() === "approval") return t("poll.ballot.hintApproval", { n: chosen().length });
    if (type() === "multiple")
      return props.poll.minChoices === props.poll.maxChoices
        ? t("poll.ballot.hintExactly", { k: props.poll.maxChoices, n: chosen().length })
        : t("poll.ballot.hintRange", { min: props.poll.minChoices, max: props.poll.maxChoices, n: chosen().length });
    return t("poll.ballot.hintOne");
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy() || !ready()) return;
    setBusy(true);
    setError("");
    const replaced = needsOld() ? oldReceipt() : undefined;
    const forget = replaced ?? (props.replacing ? props.previousReceipt : undefined);
    try {
      const r = await api.polls.cast.mutate({
        pollId: props.poll.id,
        ...(type() === "review" ? { ratings: ratings() } : { options: chosen() }),
        ...(props.onBehalf ? { onBehalfOf: props.onBehalf.id } : {}),
        ...(replaced ? { replaceReceipt: replaced } : {}),
      });
      rememberReceipt(props.poll.id, r.receipt, forget);
      props.onCast({ receipt: r.receipt, forName: props.onBehalf?.name ?? null, changed: r.changed });
    } catch (err) {
      setError(errorMessage(err));
      props.onError?.();
    } finally {
      setBusy(false);
    }
  };

  const confirmLabel = () =>
    busy()
      ? t("poll.ballot.busy")
      : props.replacing
        ? t("poll.ballot.confirmChange")
        : props.onBehalf
          ? t("poll.ballot.confirmFor", { name: props.onBehalf.name })
          : t("poll.ballot.confirm");

  return (
    <form class="poll-ballot" onSubmit={submit} data-testid="poll-ballot" novalidate>
      <Show when={props.onBehalf}>
        {(g) => (
          <p class="banner banner-info poll-for" data-testid="poll-for">
            {t("poll.ballot.forHint", { name: g().name })}
          </p>
        )}
      </Show>
      <Switch>
        <Match when={type() === "review"}>
          <p class="meta" id={`${uid}-hint`}>
            {hint()}
          </p>
          <For each={props.poll.options}>
            {(m) => (
              <fieldset class="poll-member" data-testid="poll-option" data-option-id={m.id}>
                <legend>
                  <strong>{m.label}</strong>
                  <Show when={m.post}>
                    <span class="meta"> {m.post}</span>
                  </Show>
                </legend>
                <div class="poll-seg">
                  <For each={RATINGS}>
                    {(r) => (
                      <label
                        class={`poll-seg-item poll-rate-${r}`}
                        classList={{ checked: ratings()[m.id] === r }}
                        data-testid="poll-rating"
                        data-rating={r}
                      >
                        <input
                          type="radio"
                          name={`${uid}-${m.id}`}
                          value={r}
                          checked={ratings()[m.id] === r}
                          onChange={() => setRatings((cur) => ({ ...cur, [m.id]: r }))}
                        />
                        <span>{t(`poll.rating.${r}` as Key)}</span>
                      </label>
                    )}
                  </For>
                </div>
              </fieldset>
            )}
          </For>
        </Match>
        <Match when={true}>
          <fieldset class="poll-choices" aria-describedby={`${uid}-hint`}>
            <legend class="sr-only">{t("poll.ballot.legend")}</legend>
            <p class="meta" id={`${uid}-hint`} aria-live="polite">
              {hint()}
            </p>
            <For each={props.poll.options}>
              {(o) => {
                const on = () => chosen().includes(o.id);
                return (
                  <label
                    class={`poll-option poll-option-${o.id}`}
                    classList={{ checked: on(), disabled: !on() && atMax() }}
                    data-testid="poll-option"
                    data-option-id={o.id}
                  >
                    <input
                      type={multi() ? "checkbox" : "radio"}
                      name={`${uid}-choice`}
                      value={o.id}
                      checked={on()}
                      disabled={!on() && atMax() && props.poll.maxChoices > 1}
                      onChange={(e) => toggle(o.id, e.currentTarget.checked)}
                    />
                    <span class="poll-option-label">{optionLabel(o)}</span>
                  </label>
                );
              }}
            </For>
          </fieldset>
        </Match>
      </Switch>

      <Show when={needsOld()}>
        <div class="field poll-old" data-testid="poll-old-receipt">
          <Show
            when={known().length > 0}
            fallback={
              <>
                <label for={`${uid}-old`}>{t("poll.change.oldLabel")}</label>
                <input
                  id={`${uid}-old`}
                  class="code-input mono"
                  autocomplete="off"
                  autocapitalize="characters"
                  spellcheck={false}
                  placeholder="XXXX-XXXX-XXXX"
                  value={oldTyped()}
                  onInput={(e) => setOldTyped(e.currentTarget.value)}
                  aria-describedby={`${uid}-old-hint`}
                />
                <span class="hint" id={`${uid}-old-hint`}>
                  {t("poll.change.oldHint")}
                </span>
              </>
            }
          >
            <fieldset class="radio-group">
              <legend>{t("poll.change.oldPick")}</legend>
              <For each={[...known()].reverse()}>
                {(r) => (
                  <label class="check">
                    <input
                      type="radio"
                      name={`${uid}-old`}
                      value={r}
                      checked={oldPick() === r}
                      onChange={() => setOldPick(r)}
                    />
                    <span class="mono">{r}</span>
                  </label>
                )}
              </For>
              <label class="check">
                <input type="radio" name={`${uid}-old`} checked={oldPick() === ""} onChange={() => setOldPick("")} />
                {t("poll.change.oldOther")}
              </label>
              <Show when={oldPick() === ""}>
                <input
                  class="code-input mono"
                  aria-label={t("poll.change.oldLabel")}
                  autocomplete="off"
                  spellcheck={false}
                  placeholder="XXXX-XXXX-XXXX"
                  value={oldTyped()}
                  onInput={(e) => setOldTyped(e.currentTarget.value)}
                />
              </Show>
            </fieldset>
          </Show>
        </div>
      </Show>

      <p class="poll-summary" aria-live="polite" data-testid="poll-summary">
        {summary()}
      </p>
      <button
        type="submit"
        class="btn btn-primary btn-block mtgpub-big poll-confirm"
        disabled={busy() || !ready()}
        data-testid="poll-confirm"
      >
        {confirmLabel()}
      </button>
      <Show when={props.onCancel}>
        <button type="button" class="btn btn-block" onClick={() => props.onCancel?.()}>
          {t("poll.ballot.cancel")}
        </button>
      </Show>
      <div role="alert" class="error mtgpub-error" data-testid="poll-error">
        {error()}
      </div>
    </form>
  );
}

/**
 * The receipt, shown once, right after casting: the only link between a secret ballot and the
 * voter is this code, which the voter keeps (this phone keeps a copy too).
 */
export function ReceiptBox(props: { cast: Cast }) {
  let code!: HTMLElement;
  let box!: HTMLDivElement;
  onMount(() => {
    box.scrollIntoView({ block: "center" });
    box.focus({ preventScroll: true });
  });
  const [copied, setCopied] = createSignal<"" | "ok" | "fail">("");
  const copy = async () => setCopied((await copyText(props.cast.receipt, code)) ? "ok" : "fail");
  return (
    <div class="poll-receipt" role="status" data-testid="poll-receipt" tabindex="-1" ref={box}>
      <p class="poll-receipt-head">
        <span aria-hidden="true">✓ </span>
        <strong>
          {props.cast.forName
            ? t("poll.receipt.castFor", { name: props.cast.forName })
            : props.cast.changed
              ? t("poll.receipt.changed")
              : t("poll.receipt.cast")}
        </strong>
      </p>
      <p class="meta">{t("poll.receipt.label")}</p>
      <code class="poll-receipt-code" ref={code} data-testid="poll-receipt-code">
        {props.cast.receipt}
      </code>
      <div class="btn-row">
        <button type="button" class="btn" onClick={copy} data-testid="poll-receipt-copy" aria-live="polite">
          {copied() === "ok"
            ? t("poll.receipt.copied")
            : copied() === "fail"
              ? t("poll.receipt.copyFailed")
              : t("poll.receipt.copy")}
        </button>
      </div>
      <p class="poll-receipt-advice">{t("poll.receipt.advice")}</p>
      <p class="meta">{t("poll.receipt.saved")}</p>
    </div>
  );
}
