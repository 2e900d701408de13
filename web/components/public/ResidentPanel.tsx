import { createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { t } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { api, errorMessage, fieldErrors } from "../../lib/trpc";
import { answerDueAt } from "../../../shared/rules/objections";

type Kind = "query" | "objection";

/**
 * A resident of the notice's community, on the notice page: 已阅, a query or objection while the
 * publicity period runs, and their own earlier queries with the committee's answers.
 * Loaded lazily: visitors never download it.
 */
export default function ResidentPanel(props: { id: string; open: boolean }) {
  const qc = useQueryClient();
  const status = createQuery(() => ({
    queryKey: ["notices.myStatus", props.id],
    queryFn: () => api.notices.myStatus.query({ id: props.id }),
  }));
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["notices.myStatus", props.id] }),
      qc.invalidateQueries({ queryKey: ["me.acknowledgements"] }),
      qc.invalidateQueries({ queryKey: ["me.objections"] }),
    ]);

  const [ackBusy, setAckBusy] = createSignal(false);
  const [ackError, setAckError] = createSignal("");
  const acknowledge = async () => {
    if (ackBusy()) return;
    setAckBusy(true);
    setAckError("");
    try {
      await api.notices.acknowledge.mutate({ id: props.id });
      await refresh();
    } catch (err) {
      setAckError(errorMessage(err));
    } finally {
      setAckBusy(false);
    }
  };

  const [kind, setKind] = createSignal<Kind>("query");
  const [text, setText] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const [sentDue, setSentDue] = createSignal<number | null>(null);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError("");
    setSentDue(null);
    try {
      const res = await api.notices.object.mutate({ id: props.id, kind: kind(), text: text().trim() });
      setSentDue(res.answerDueAt);
      setText("");
      await refresh();
    } catch (err) {
      setError(fieldErrors(err).text ?? errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card no-print" aria-label={t("role.resident")} data-testid="resident-panel">
      <div class="ack-row">
        <Show
          when={status.data?.acknowledgedAt}
          fallback={
            <button
              type="button"
              class="btn btn-primary"
              disabled={ackBusy() || status.isPending}
              onClick={acknowledge}
            >
              {t("res.ack.button")}
            </button>
          }
        >
          {(at) => (
            <p class="badge badge-ok ack-done" role="status" data-testid="ack-status">
              ✓ {t("res.ack.done", { at: formatDateTime(at()) })}
            </p>
          )}
        </Show>
        <p role="alert" class="error">
          {ackError()}
        </p>
      </div>

      <Show when={props.open}>
        <h3>{t("res.ask.title")}</h3>
        <p class="meta">{t("res.ask.hint")}</p>
        <form class="form" onSubmit={submit} novalidate>
          <fieldset class="radio-group">
            <legend>{t("res.ask.kind")}</legend>
            <For each={["query", "objection"] as Kind[]}>
              {(k) => (
                <label class="check">
                  <input type="radio" name="kind" value={k} checked={kind() === k} onChange={() => setKind(k)} />
                  {t(`res.kind.${k}`)}
                </label>
              )}
            </For>
          </fieldset>
          <div class="field">
            <label for="ask-text">{t("res.ask.text")}</label>
            <textarea
              id="ask-text"
              name="text"
              class="short"
              required
              minLength={2}
              maxLength={2000}
              value={text()}
              onInput={(e) => setText(e.currentTarget.value)}
              aria-invalid={error() ? "true" : undefined}
              aria-describedby="ask-text-error"
            />
            <span class="error" id="ask-text-error" role="alert">
              {error()}
            </span>
          </div>
          <Show when={sentDue()}>
            {(due) => (
              <p class="banner banner-info" role="status" data-testid="ask-sent">
                {t("res.ask.sent", { due: formatDate(due()) })}
              </p>
            )}
          </Show>
          <div>
            <button type="submit" class="btn btn-primary" disabled={busy() || text().trim().length < 2}>
              {t("res.ask.submit")}
            </button>
          </div>
        </form>
      </Show>

      <Show when={status.data?.objections.length}>
        <h3>{t("res.mine.title")}</h3>
        <ul class="list" data-testid="my-queries">
          <For each={status.data?.objections}>
            {(q) => (
              <li>
                <p>
                  <span class="badge badge-muted">{t(`res.kind.${q.kind}`)}</span>{" "}
                  <span class="pre-line">{q.text}</span>
                </p>
                <p class="meta">{t("res.askedAt", { at: formatDateTime(q.createdAt) })}</p>
                <Show
                  when={q.answer}
                  fallback={
                    <p class="meta">
                      <span class="badge badge-warn">
                        {t("res.waiting", { due: formatDate(answerDueAt(q.createdAt)) })}
                      </span>
                    </p>
                  }
                >
                  <p class="pre-line">
                    <strong>{t("res.answer")}</strong>
                    {q.answer}
                  </p>
                  <p class="meta">
                    {t("res.answeredAt", { at: formatDateTime(q.answeredAt) })}
                    <Show when={q.published}>
                      {" "}
                      <span class="badge badge-info">{t("res.published")}</span>
                    </Show>
                  </p>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
