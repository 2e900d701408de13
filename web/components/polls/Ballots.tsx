import { createEffect, createSignal, For, on, Show } from "solid-js";
import { normaliseReceipt, type PollOption } from "../../../shared/rules/polls";
import { t } from "../../i18n";
import { api, errorMessage } from "../../lib/trpc";
import { choiceWords, type PublishedBallot } from "./common";

const PAGE = 50;

type Found = { receipt: string; found: boolean; choice: string | null; counted: boolean; index?: number };

/**
 * "查找我的回执": a voter types (or taps) their receipt and sees the ballot stored under it. Once
 * the poll has closed the search runs over the published list (and shows the row in it); while
 * it is open, it asks the server whether the ballot is in.
 */
export function ReceiptSearch(props: {
  street: string;
  community: string;
  pollId: string;
  options: PollOption[];
  /** The published ballots, once closed; null while open (the server is asked instead). */
  ballots: PublishedBallot[] | null;
  remembered: string[];
  initial?: string;
  onFound?: (receipt: string, index: number) => void;
}) {
  const [text, setText] = createSignal(props.initial ?? "");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const [result, setResult] = createSignal<Found | null>(null);

  const search = async (raw: string) => {
    const receipt = normaliseReceipt(raw);
    setError("");
    if (receipt.length < 4) {
      setResult(null);
      setError(t("poll.search.tooShort"));
      return;
    }
    if (props.ballots) {
      const index = props.ballots.findIndex((b) => b.receipt === receipt);
      const b = index >= 0 ? props.ballots[index] : null;
      setResult({ receipt, found: !!b, choice: b?.choice ?? null, counted: !!b, index });
      if (b) props.onFound?.(receipt, index);
      return;
    }
    setBusy(true);
    try {
      const r = await api.polls.receipt.query({
        street: props.street,
        community: props.community,
        id: props.pollId,
        receipt,
      });
      setResult(r);
    } catch (err) {
      setResult(null);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  // A link from "/me/votes" (?receipt=…) looks the receipt up straight away.
  createEffect(
    on(
      () => props.initial,
      (initial) => {
        if (initial) {
          setText(initial);
          void search(initial);
        }
      },
    ),
  );

  return (
    <div class="poll-search" data-testid="receipt-search-box">
      <form
        class="poll-search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void search(text());
        }}
      >
        <label for="receipt-search">{t("poll.search.label")}</label>
        <div class="poll-search-row">
          <input
            id="receipt-search"
            class="code-input mono"
            data-testid="receipt-search"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            placeholder="XXXX-XXXX-XXXX"
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-describedby="receipt-search-hint"
          />
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            {t("poll.search.button")}
          </button>
        </div>
        <span class="meta" id="receipt-search-hint">
          {t("poll.search.hint")}
        </span>
      </form>
      <Show when={props.remembered.length > 0}>
        <p class="poll-remembered">
          <span class="meta">{t("poll.search.remembered")}</span>
          <For each={props.remembered}>
            {(r) => (
              <button
                type="button"
                class="btn btn-small mono"
                data-testid="receipt-remembered"
                onClick={() => {
                  setText(r);
                  void search(r);
                }}
              >
                {r}
              </button>
            )}
          </For>
        </p>
      </Show>
      <div aria-live="polite">
        <Show when={result()}>
          {(r) => (
            <p
              class={`banner ${r().found ? "banner-ok" : "banner-warn"}`}
              data-testid="receipt-found"
              data-found={String(r().found)}
            >
              <Show
                when={r().found}
                fallback={t(props.ballots ? "poll.search.notFoundClosed" : "poll.search.notFound", {
                  receipt: r().receipt,
                })}
              >
                {t(r().counted ? "poll.search.foundCounted" : "poll.search.foundOpen", {
                  receipt: r().receipt,
                  choice: choiceWords(r().choice ?? "", props.options),
                })}
              </Show>
            </p>
          )}
        </Show>
        <Show when={error()}>
          <p class="error" role="alert">
            {error()}
          </p>
        </Show>
      </div>
    </div>
  );
}

/**
 * Every published ballot of a closed poll, by receipt (and masked voter for 记名 polls), 50 a
 * page; `highlight` names the row found by the receipt search, which is paged to and scrolled into view.
 */
export function BallotTable(props: {
  ballots: PublishedBallot[];
  options: PollOption[];
  secret: boolean;
  highlight: { receipt: string; index: number } | null;
}) {
  const [page, setPage] = createSignal(0);
  const pages = () => Math.max(1, Math.ceil(props.ballots.length / PAGE));
  const rows = () => props.ballots.slice(page() * PAGE, page() * PAGE + PAGE);

  createEffect(
    on(
      () => props.highlight,
      (h) => {
        if (!h) return;
        setPage(Math.floor(h.index / PAGE));
        requestAnimationFrame(() =>
          document.getElementById(`ballot-${h.receipt}`)?.scrollIntoView({ block: "center", behavior: "smooth" }),
        );
      },
    ),
  );

  const Pager = () => (
    <Show when={pages() > 1}>
      <nav class="poll-pager" aria-label={t("poll.ballots.pages")}>
        <button type="button" class="btn btn-small" disabled={page() === 0} onClick={() => setPage(page() - 1)}>
          {t("poll.ballots.prev")}
        </button>
        <span class="meta" aria-live="polite">
          {t("poll.ballots.page", {
            from: page() * PAGE + 1,
            to: Math.min((page() + 1) * PAGE, props.ballots.length),
            n: props.ballots.length,
          })}
        </span>
        <button
          type="button"
          class="btn btn-small"
          disabled={page() >= pages() - 1}
          onClick={() => setPage(page() + 1)}
          data-testid="ballots-next"
        >
          {t("poll.ballots.next")}
        </button>
      </nav>
    </Show>
  );

  return (
    <Show when={props.ballots.length > 0} fallback={<p class="muted">{t("poll.ballots.none")}</p>}>
      <Pager />
      <div class="table-wrap">
        <table class="table poll-ballots" data-testid="ballots">
          <thead>
            <tr>
              <th scope="col">{t("poll.ballots.n")}</th>
              <th scope="col">{t("poll.ballots.receipt")}</th>
              <Show when={!props.secret}>
                <th scope="col">{t("poll.ballots.voter")}</th>
              </Show>
              <th scope="col">{t("poll.ballots.choice")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(b, i) => {
                const hit = () => props.highlight?.receipt === b.receipt;
                return (
                  <tr
                    id={`ballot-${b.receipt}`}
                    data-testid="ballot-row"
                    data-receipt={b.receipt}
                    classList={{ "is-hit": hit() }}
                    aria-current={hit() ? "true" : undefined}
                  >
                    <td class="meta">{page() * PAGE + i() + 1}</td>
                    <td class="mono nowrap">{b.receipt}</td>
                    <Show when={!props.secret}>
                      <td>{b.voter}</td>
                    </Show>
                    <td>{choiceWords(b.choice, props.options)}</td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
      <Pager />
    </Show>
  );
}
