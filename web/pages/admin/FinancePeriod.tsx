import { A, useParams } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { formatYuan } from "../../../shared/rules/money";
import { Confirmation, Dialog, type PendingConfirm } from "../../components/console/Dialog";
import {
  createFormErrors,
  Field,
  fieldAria,
  FormAlert,
  note,
  SuccessNote,
  type Note,
} from "../../components/console/Field";
import { useConsoleUser } from "../../components/console/user";
import { AmountInput, amountProblem } from "../../components/finance/ConsoleAmountInput";
import { EntryForm, type EntryValues } from "../../components/finance/ConsoleEntryForm";
import { EntryImport } from "../../components/finance/ConsoleEntryImport";
import {
  categoryName,
  DeadlineBadge,
  Money,
  periodName,
  PeriodStatusBadge,
  uploadVoucher,
  VOUCHER_ACCEPT,
  yuan,
} from "../../components/finance/ConsoleFinanceBits";
import { PeriodExport } from "../../components/finance/ConsolePeriodExport";
import { ErrorBox, Loading } from "../../components/States";
import { lang, t } from "../../i18n";
import { formatBytes, formatDateTime } from "../../lib/format";
import { longDate } from "../../lib/period";
import { api, errorMessage } from "../../lib/trpc";

type PeriodData = Awaited<ReturnType<typeof api.finance.period.query>>;
type Entry = PeriodData["entries"][number];

/** The opening balance differs from the previous period's published closing balance. */
const openingBroken = (d: PeriodData) => d.previous?.closingBalanceFen != null && !d.continuityOk;

/** /admin/finance/:periodId: one period's books, its review and its publication. */
export default function FinancePeriod() {
  const params = useParams<{ periodId: string }>();
  const query = createQuery(() => ({
    queryKey: ["finance.period", params.periodId],
    queryFn: () => api.finance.period.query({ periodId: params.periodId }),
  }));
  return (
    <div class="console-page fin-page">
      <p class="back-link">
        <A href="/admin/finance">← {t("fin.back")}</A>
      </p>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          {(data) => <PeriodView data={data()} />}
        </Show>
      </Show>
    </div>
  );
}

function PeriodView(props: { data: PeriodData }) {
  const user = useConsoleUser();
  const qc = useQueryClient();
  const d = () => props.data;
  const role = () => user().role;
  const keeper = () => role() === "community_admin" || role() === "community_staff";
  const editable = () => keeper() && d().status === "open";
  const publicHref = () => `/${d().community.street}/${d().community.community}/finance/${d().period}`;

  const [done, setDone] = createSignal<Note | null>(null);
  const [pending, setPending] = createSignal<PendingConfirm | null>(null);
  const [editing, setEditing] = createSignal<Entry | null>(null);

  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["finance.period", d().id] }),
      qc.invalidateQueries({ queryKey: ["finance.periods"] }),
      qc.invalidateQueries({ queryKey: ["audit.list"] }),
    ]);

  /** A mutation of this period: clears the last outcome, shows the new one, refreshes the views. */
  function act<I, R>(fn: (input: I) => Promise<R>, success: Note | null, errors: ReturnType<typeof createFormErrors>) {
    return createMutation(() => ({
      mutationFn: fn,
      onMutate: () => {
        errors.clear();
        setDone(null);
      },
      onError: (err: unknown) => errors.set(err),
      onSuccess: async () => {
        // The note appears once the page shows the new state.
        await refresh();
        if (success) setDone(success);
      },
    }));
  }

  const entryErrors = createFormErrors();
  const editErrors = createFormErrors();
  const rowErrors = createFormErrors();
  const flowErrors = createFormErrors();

  const addEntry = act(
    (v: EntryValues) => api.finance.addEntry.mutate({ periodId: d().id, ...v }),
    note("fin.form.added"),
    entryErrors,
  );
  const updateEntry = act(
    (v: EntryValues & { id: string }) =>
      api.finance.updateEntry.mutate({
        id: v.id,
        date: v.date,
        direction: v.direction,
        category: v.category,
        amount: v.amount,
        summary: v.summary,
        counterparty: v.counterparty,
        counterpartyIsPerson: v.counterpartyIsPerson,
        voucherNo: v.voucherNo,
      }),
    note("fin.form.saved"),
    editErrors,
  );
  const removeEntry = act((id: string) => api.finance.removeEntry.mutate({ id }), note("fin.entry.removed"), rowErrors);
  const submit = act(() => api.finance.submit.mutate({ periodId: d().id }), note("fin.submit.done"), flowErrors);
  const review = act(
    (r: { decision: "approve" | "return"; comment: string }) => api.finance.approve.mutate({ periodId: d().id, ...r }),
    null,
    flowErrors,
  );
  const publish = act(() => api.finance.publish.mutate({ periodId: d().id }), note("fin.publish.done"), flowErrors);

  const askRemove = (e: Entry) =>
    setPending({
      title: t("fin.entry.removeTitle"),
      danger: true,
      message: <p>{t("fin.entry.removeConfirm", { summary: e.summary, amount: yuan(e.amountFen) })}</p>,
      run: () => removeEntry.mutate(e.id),
    });

  return (
    <>
      <div class="page-head fin-head">
        <h1>
          {periodName(d().period)} <span class="muted mono fin-key">{d().period}</span>
        </h1>
      </div>
      <div class="meta adm-meta fin-meta">
        <PeriodStatusBadge status={d().status} />
        <DeadlineBadge state={d().deadline.state} daysLate={d().deadline.daysLate} />
        <span>{t("fin.period.range", { from: longDate(d().startsOn, lang()), to: longDate(d().endsOn, lang()) })}</span>
        <span>{t("fin.period.deadline", { date: longDate(d().deadline.dueOn, lang()) })}</span>
      </div>

      <Show when={d().status === "open" && d().reviewComment}>
        <div class="banner banner-warn fin-returned" data-testid="fin-returned">
          <strong>{t("fin.review.returned")}</strong>
          <Show when={d().reviewerName || d().reviewedAt}>
            <span class="meta">
              {t("fin.review.returnedBy", { name: d().reviewerName ?? "", time: formatDateTime(d().reviewedAt) })}
            </span>
          </Show>
          <p class="pre-line fin-comment">
            {t("fin.review.comment")}
            {d().reviewComment}
          </p>
        </div>
      </Show>
      <Show
        when={
          (role() === "supervisor" && d().status === "submitted") ||
          (role() === "community_admin" && d().status === "approved")
        }
      >
        <p class="banner banner-info fin-next">
          <a href="#fin-flow">
            {t("fin.flow.next", {
              text: t(d().status === "submitted" ? "fin.flow.submitted" : "fin.flow.approved"),
            })}
          </a>
        </p>
      </Show>

      <SuccessNote note={done()} />

      <Summary data={d()} editable={editable()} onSaved={refresh} />

      <section class="card fin-entries-card" aria-labelledby="fin-entries-h">
        <div class="page-head">
          <h2 id="fin-entries-h">{t("fin.entries.title")}</h2>
          <span class="muted">{t("fin.entries.count", { n: d().entries.length })}</span>
        </div>
        <FormAlert errors={rowErrors} />
        <Show when={d().entries.length} fallback={<p class="state state-empty">{t("fin.entries.empty")}</p>}>
          <EntriesTable
            data={d()}
            editable={editable()}
            onEdit={(e) => {
              editErrors.clear();
              setEditing(e);
            }}
            onRemove={askRemove}
            onUploaded={(name) => {
              setDone(note("fin.voucher.done", { name }));
              void refresh();
            }}
          />
        </Show>
      </section>

      <Show when={editable()}>
        <section class="card fin-add" aria-labelledby="fin-add-h">
          <h2 id="fin-add-h">{t("fin.form.addTitle")}</h2>
          <EntryForm
            idPrefix="fin-entry"
            mode="add"
            startsOn={d().startsOn}
            endsOn={d().endsOn}
            categories={d().categories}
            communityId={d().communityId}
            busy={addEntry.isPending}
            errors={entryErrors}
            onSubmit={(v) =>
              addEntry.mutateAsync(v).then(
                () => true,
                () => false,
              )
            }
          />
        </section>
        <EntryImport periodId={d().id} startsOn={d().startsOn} onImported={() => void refresh()} />
      </Show>

      <Workflow
        data={d()}
        errors={flowErrors}
        busy={submit.isPending || review.isPending || publish.isPending}
        publicHref={publicHref()}
        onSubmit={() =>
          setPending({
            title: t("fin.submit.confirmTitle"),
            message: (
              <>
                <p>{t("fin.submit.confirm", { period: periodName(d().period) })}</p>
                <Show when={!d().entries.length}>
                  <p class="muted">{t("fin.submit.empty")}</p>
                </Show>
                <Show when={openingBroken(d())}>
                  <p class="error">{t("fin.flow.continuityFirst")}</p>
                </Show>
              </>
            ),
            run: () => submit.mutate(undefined),
          })
        }
        onApprove={(comment) =>
          setPending({
            title: t("fin.approve.confirmTitle"),
            message: (
              <>
                <p>{t("fin.approve.confirm")}</p>
                <Show when={openingBroken(d())}>
                  <p class="error">{t("fin.flow.continuityFirst")}</p>
                </Show>
              </>
            ),
            run: () =>
              review.mutate({ decision: "approve", comment }, { onSuccess: () => setDone(note("fin.approve.done")) }),
          })
        }
        onReturn={(comment) =>
          review.mutate({ decision: "return", comment }, { onSuccess: () => setDone(note("fin.return.done")) })
        }
        onPublish={() =>
          setPending({
            title: t("fin.publish.confirmTitle"),
            message: (
              <>
                <p>
                  <strong>{t("fin.publish.confirm")}</strong>
                </p>
                <Show when={d().deadline.state === "running"}>
                  <p class="muted">{t("fin.publish.confirmEarly", { date: longDate(d().endsOn, lang()) })}</p>
                </Show>
                <Show when={!d().continuityOk}>
                  <p class="error">{t("fin.publish.continuity")}</p>
                </Show>
              </>
            ),
            run: () => publish.mutate(undefined),
          })
        }
      />

      <PeriodExport data={d()} />

      <Show when={editing()}>
        {(e) => (
          <Dialog title={t("fin.form.editTitle")} onClose={() => setEditing(null)}>
            <EntryForm
              idPrefix="fin-edit"
              mode="edit"
              startsOn={d().startsOn}
              endsOn={d().endsOn}
              categories={d().categories}
              communityId={d().communityId}
              initial={{
                date: e().entryDate,
                direction: e().direction,
                category: e().category,
                amount: formatYuan(e().amountFen, false),
                summary: e().summary,
                counterparty: e().counterparty,
                counterpartyIsPerson: e().counterpartyIsPerson,
                voucherNo: e().voucherNo,
              }}
              busy={updateEntry.isPending}
              errors={editErrors}
              onSubmit={(v) =>
                updateEntry.mutateAsync({ ...v, id: e().id }).then(
                  () => {
                    setEditing(null);
                    return true;
                  },
                  () => false,
                )
              }
              onCancel={() => setEditing(null)}
            />
          </Dialog>
        )}
      </Show>
      <Confirmation pending={pending()} onDone={() => setPending(null)} />
    </>
  );
}

/** Opening balance (editable while open), totals, closing balance and the link to the previous period. */
function Summary(props: { data: PeriodData; editable: boolean; onSaved: () => Promise<unknown> }) {
  const d = () => props.data;
  const [editingOpening, setEditingOpening] = createSignal(false);
  const [value, setValue] = createSignal("");
  const [touched, setTouched] = createSignal(false);
  const errors = createFormErrors();
  const [saved, setSaved] = createSignal<Note | null>(null);
  const save = createMutation(() => ({
    mutationFn: (openingBalance: string) => api.finance.setOpening.mutate({ periodId: d().id, openingBalance }),
    onMutate: () => {
      errors.clear();
      setSaved(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      await props.onSaved();
      setEditingOpening(false);
      setSaved(note("fin.opening.saved"));
    },
  }));
  const previousClosing = () => d().previous?.closingBalanceFen ?? null;
  const startEdit = () => {
    setValue(formatYuan(d().openingBalanceFen, false));
    setTouched(false);
    errors.clear();
    setSaved(null);
    setEditingOpening(true);
  };
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setTouched(true);
    const problem = amountProblem(value(), { field: "openingBalance", required: true });
    if (problem) return errors.setFields({ openingBalance: problem });
    save.mutate(value().trim());
  };
  const published = () => d().status === "published";

  return (
    <section class="card fin-summary" aria-labelledby="fin-sum-h">
      <h2 id="fin-sum-h">{t("fin.sum.title")}</h2>
      <dl class="fin-totals">
        <div data-testid="fin-opening">
          <dt>{t("fin.sum.opening")}</dt>
          <dd>
            <Money fen={d().openingBalanceFen} />
          </dd>
        </div>
        <div data-testid="fin-income">
          <dt>{t("fin.sum.income")}</dt>
          <dd>
            <Money fen={d().totals.incomeFen} class="fin-in" />
          </dd>
        </div>
        <div data-testid="fin-expense">
          <dt>{t("fin.sum.expense")}</dt>
          <dd>
            <Money fen={d().totals.expenseFen} class="fin-out" />
          </dd>
        </div>
        <div data-testid="fin-closing">
          <dt>{t("fin.sum.closing")}</dt>
          <dd>
            <Money
              fen={published() ? (d().closingBalanceFen ?? d().totals.closingBalanceFen) : d().totals.closingBalanceFen}
            />
            <Show when={!published()}>
              <span class="hint fin-running"> {t("fin.sum.closingRunning")}</span>
            </Show>
          </dd>
        </div>
      </dl>

      <div class="fin-continuity" data-testid="fin-continuity">
        <Show when={d().previous} fallback={<p class="muted">{t("fin.cont.none")}</p>}>
          {(prev) => (
            <Show
              when={prev().closingBalanceFen !== null}
              fallback={
                <p class="banner banner-bad" role="alert">
                  {t("fin.cont.unpublished", { period: periodName(prev().period) })}
                </p>
              }
            >
              <p>
                {t("fin.cont.previous", { period: periodName(prev().period), amount: yuan(prev().closingBalanceFen!) })}
                <Show when={d().continuityOk}>
                  <span class="fin-ok"> ✓ {t("fin.cont.ok")}</span>
                </Show>
              </p>
              <Show when={!d().continuityOk}>
                <p class="banner banner-bad fin-broken" role="alert" data-testid="fin-continuity-broken">
                  <strong>
                    {t("fin.cont.broken", {
                      opening: yuan(d().openingBalanceFen),
                      closing: yuan(prev().closingBalanceFen!),
                    })}
                  </strong>
                </p>
              </Show>
            </Show>
          )}
        </Show>
      </div>

      <SuccessNote note={saved()} />
      <Show when={props.editable}>
        <Show
          when={editingOpening()}
          fallback={
            <div class="btn-row">
              <button type="button" class="btn btn-small" data-action="fin-opening-edit" onClick={startEdit}>
                {t("fin.opening.edit")}
              </button>
            </div>
          }
        >
          <form class="form fin-opening-form" novalidate onSubmit={submit}>
            <FormAlert errors={errors} />
            <AmountInput
              id="fin-opening"
              name="openingBalance"
              label={t("fin.opening.label")}
              field="openingBalance"
              required
              touched={touched()}
              value={value()}
              onInput={setValue}
              serverError={errors.field("openingBalance")}
            />
            <div class="btn-row">
              <button
                type="submit"
                class="btn btn-primary"
                data-action="fin-opening-save"
                disabled={save.isPending}
                aria-busy={save.isPending ? "true" : undefined}
              >
                {t("fin.opening.save")}
              </button>
              <Show when={previousClosing() !== null && previousClosing() !== d().openingBalanceFen}>
                <button type="button" class="btn" onClick={() => setValue(formatYuan(previousClosing()!, false))}>
                  {t("fin.opening.usePrevious")}
                </button>
              </Show>
              <button type="button" class="btn" onClick={() => setEditingOpening(false)}>
                {t("action.cancel")}
              </button>
            </div>
          </form>
        </Show>
      </Show>
    </section>
  );
}

function EntriesTable(props: {
  data: PeriodData;
  editable: boolean;
  onEdit: (e: Entry) => void;
  onRemove: (e: Entry) => void;
  onUploaded: (name: string) => void;
}) {
  const cats = () => props.data.categories;
  return (
    <div class="table-wrap">
      <table class="table table-stack fin-entries" data-testid="fin-entries">
        <thead>
          <tr>
            <th scope="col">{t("fin.col.date")}</th>
            <th scope="col">{t("fin.col.direction")}</th>
            <th scope="col">{t("fin.col.category")}</th>
            <th scope="col" class="fin-num">
              {t("fin.col.amount")}
            </th>
            <th scope="col">{t("fin.col.summary")}</th>
            <th scope="col">{t("fin.col.counterparty")}</th>
            <th scope="col">{t("fin.col.voucherNo")}</th>
            <th scope="col">{t("fin.col.vouchers")}</th>
            <Show when={props.editable}>
              <th scope="col">{t("fin.col.actions")}</th>
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={props.data.entries}>
            {(e) => (
              <tr data-entry-id={e.id} data-direction={e.direction} classList={{ "fin-adjusting": !!e.adjustsEntryId }}>
                <td class="nowrap fin-inline" data-label={t("fin.col.date")}>
                  {e.entryDate}
                </td>
                <td class="fin-inline" data-label={t("fin.col.direction")}>
                  <span class={`badge ${e.direction === "income" ? "badge-ok" : "badge-bad"}`}>
                    {t(e.direction === "income" ? "fin.dir.incomeShort" : "fin.dir.expenseShort")}
                  </span>
                </td>
                <td class="nowrap fin-inline" data-label={t("fin.col.category")}>
                  {categoryName(cats(), e.category)}
                </td>
                <td
                  class="fin-num nowrap fin-inline"
                  classList={{ "fin-in": e.direction === "income", "fin-out": e.direction === "expense" }}
                  data-label={t("fin.col.amount")}
                >
                  {formatYuan(e.amountFen)}
                </td>
                <td data-label={t("fin.col.summary")} class="fin-summary-cell fin-inline">
                  {e.summary}
                  <Show when={e.adjustsEntryId}>
                    {" "}
                    <span class="badge badge-warn" title={t("fin.entry.adjustTitle", { id: e.adjustsEntryId! })}>
                      {t("fin.entry.adjust")}
                    </span>
                  </Show>
                </td>
                <td data-label={t("fin.col.counterparty")}>
                  {e.counterparty}
                  <Show when={e.counterpartyIsPerson}>
                    {" "}
                    <span class="badge badge-info" title={t("fin.entry.personTitle")}>
                      {t("fin.entry.person")}
                    </span>
                  </Show>
                </td>
                <td class="mono nowrap" data-label={t("fin.col.voucherNo")}>
                  {e.voucherNo}
                </td>
                <td data-label={t("fin.col.vouchers")}>
                  <Vouchers entry={e} editable={props.editable} onUploaded={props.onUploaded} />
                </td>
                <Show when={props.editable}>
                  <td data-label={t("fin.col.actions")}>
                    <div class="row-actions">
                      <button
                        type="button"
                        class="btn btn-small"
                        data-action="fin-entry-edit"
                        onClick={() => props.onEdit(e)}
                      >
                        {t("fin.entry.edit")}
                      </button>
                      <button
                        type="button"
                        class="btn btn-small btn-danger"
                        data-action="fin-entry-remove"
                        onClick={() => props.onRemove(e)}
                      >
                        {t("fin.entry.remove")}
                      </button>
                    </div>
                  </td>
                </Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** The entry's voucher scans (links for staff and supervisors) and, while open, an upload. */
function Vouchers(props: { entry: Entry; editable: boolean; onUploaded: (name: string) => void }) {
  const [progress, setProgress] = createSignal<number | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const inputId = () => `fin-voucher-${props.entry.id}`;
  async function upload(file: File | undefined, input: HTMLInputElement) {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const v = await uploadVoucher(props.entry.id, file, setProgress);
      props.onUploaded(v.name);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(null);
      input.value = "";
    }
  }
  return (
    <div class="fin-vouchers">
      <Show when={props.entry.vouchers.length} fallback={<span class="muted">{t("fin.entry.noVoucher")}</span>}>
        <ul class="fin-voucher-list">
          <For each={props.entry.vouchers}>
            {(v) => (
              <li>
                <a href={`/files/vouchers/${v.id}`} target="_blank" rel="noopener" data-voucher-id={v.id}>
                  {v.name}
                </a>{" "}
                <span class="muted">({formatBytes(v.size)})</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.editable}>
        <Show
          when={progress() === null}
          fallback={
            <span class="upload-status" role="status">
              <progress max="1" value={progress() ?? 0} />{" "}
              {t("fin.voucher.uploading", { pct: Math.round((progress() ?? 0) * 100) })}
            </span>
          }
        >
          <label class="btn btn-small fin-upload" for={inputId()} title={t("fin.voucher.hint")}>
            {t("fin.voucher.upload")}
            <input
              id={inputId()}
              class="sr-only"
              type="file"
              name="voucher"
              accept={VOUCHER_ACCEPT}
              data-entry-id={props.entry.id}
              aria-label={t("fin.voucher.uploadFor", { summary: props.entry.summary })}
              onChange={(ev) => void upload(ev.currentTarget.files?.[0], ev.currentTarget)}
            />
          </label>
        </Show>
        <Show when={error()}>
          <div class="error" role="alert">
            {error()}
          </div>
        </Show>
      </Show>
    </div>
  );
}

/** Submit (staff), approve or return (supervisor), publish (admin), and where the period stands. */
function Workflow(props: {
  data: PeriodData;
  errors: ReturnType<typeof createFormErrors>;
  busy: boolean;
  publicHref: string;
  onSubmit: () => void;
  onApprove: (comment: string) => void;
  onReturn: (comment: string) => void;
  onPublish: () => void;
}) {
  const user = useConsoleUser();
  const role = () => user().role;
  const d = () => props.data;
  const keeper = () => role() === "community_admin" || role() === "community_staff";
  const [comment, setComment] = createSignal("");

  const doReturn = () => {
    if (!comment().trim()) return props.errors.setFields({ comment: t("fin.review.needComment") });
    props.onReturn(comment().trim());
  };

  return (
    <section class="card fin-flow" id="fin-flow" aria-labelledby="fin-flow-h" data-status={d().status}>
      <h2 id="fin-flow-h">{t("fin.flow.title")}</h2>
      <FormAlert errors={props.errors} />

      <Show when={d().status === "open"}>
        <p>{t(keeper() ? "fin.flow.open" : "fin.flow.openSupervisor")}</p>
        <Show when={keeper()}>
          <div class="btn-row">
            <button
              type="button"
              class="btn btn-primary fin-big"
              data-action="fin-submit"
              disabled={props.busy}
              onClick={() => props.onSubmit()}
            >
              {t("fin.action.submit")}
            </button>
          </div>
        </Show>
      </Show>

      <Show when={d().status === "submitted"}>
        <p>{t("fin.flow.submitted")}</p>
        <Show when={role() === "supervisor"} fallback={<p class="muted">{t("fin.review.notYou")}</p>}>
          <Show when={openingBroken(d())}>
            <p class="banner banner-bad" data-testid="fin-review-continuity">
              {t("fin.flow.continuityFirst")}
            </p>
          </Show>
          <div class="fin-review">
            <Field
              id="fin-review-comment"
              label={t("fin.review.label")}
              hint={t("fin.review.hint")}
              error={props.errors.field("comment")}
            >
              <textarea
                id="fin-review-comment"
                name="comment"
                class="short prose"
                maxlength={1000}
                value={comment()}
                onInput={(e) => setComment(e.currentTarget.value)}
                {...fieldAria("fin-review-comment", props.errors.field("comment"), true)}
              />
            </Field>
            <div class="fin-review-actions">
              <button
                type="button"
                class="btn btn-primary fin-big"
                data-action="fin-approve"
                disabled={props.busy}
                onClick={() => props.onApprove(comment().trim())}
              >
                {t("fin.action.approve")}
              </button>
              <button
                type="button"
                class="btn btn-danger fin-big"
                data-action="fin-return"
                disabled={props.busy}
                onClick={doReturn}
              >
                {t("fin.action.return")}
              </button>
            </div>
          </div>
        </Show>
      </Show>

      <Show when={d().status === "approved" || d().status === "published"}>
        <Show when={d().reviewerName || d().reviewedAt}>
          <p>{t("fin.review.approvedBy", { name: d().reviewerName ?? "", time: formatDateTime(d().reviewedAt) })}</p>
        </Show>
        <Show when={d().reviewComment}>
          <p class="pre-line muted">
            {t("fin.review.comment")}
            {d().reviewComment}
          </p>
        </Show>
      </Show>

      <Show when={d().status === "approved"}>
        <p>{t("fin.flow.approved")}</p>
        <Show when={role() === "community_admin"}>
          <Show when={!d().continuityOk}>
            <p class="banner banner-bad">{t("fin.publish.continuity")}</p>
          </Show>
          <div class="btn-row">
            <button
              type="button"
              class="btn btn-primary fin-big"
              data-action="fin-publish"
              disabled={props.busy}
              onClick={() => props.onPublish()}
            >
              {t("fin.action.publish")}
            </button>
          </div>
        </Show>
      </Show>

      <Show when={d().status === "published"}>
        <p>{t("fin.flow.published", { time: formatDateTime(d().publishedAt) })}</p>
        <p>
          <a href={props.publicHref} data-testid="fin-public-link">
            {t("fin.flow.viewPublic")} →
          </a>
        </p>
      </Show>
    </section>
  );
}
