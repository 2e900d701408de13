import { createQuery } from "@tanstack/solid-query";
import { batch, createEffect, createSignal, For, on, Show } from "solid-js";
import { shanghaiDate } from "../../../shared/rules/eligibility";
import { formatYuan } from "../../../shared/rules/money";
import { t } from "../../i18n";
import { api } from "../../lib/trpc";
import { Field, fieldAria, FormAlert, type FormErrors } from "../console/Field";
import { AmountInput, amountProblem } from "./ConsoleAmountInput";
import { categoryName, periodName, type Category } from "./ConsoleFinanceBits";

export type Direction = "income" | "expense";
export type EntryValues = {
  date: string;
  direction: Direction;
  category: string;
  amount: string;
  summary: string;
  counterparty: string;
  counterpartyIsPerson: boolean;
  voucherNo: string;
  adjustsEntryId?: string;
};

/** Limits of shared/schemas/finance entryFields. */
const MAX = { summary: 200, counterparty: 60, voucherNo: 40 };

const clampDate = (d: string, from: string, to: string) => (d < from ? from : d > to ? to : d);

/**
 * One ledger entry: add (with an optional reference to the published entry it adjusts) or edit.
 * Field names follow the API (date, direction, category, amount, summary, counterparty,
 * counterpartyIsPerson, voucherNo, adjustsEntryId); ids are `${idPrefix}-${name}`.
 */
export function EntryForm(props: {
  idPrefix: string;
  mode: "add" | "edit";
  startsOn: string;
  endsOn: string;
  categories: Category[];
  communityId: string;
  initial?: Partial<EntryValues>;
  busy: boolean;
  errors: FormErrors;
  /** Resolves true when saved; an add form then clears for the next entry. */
  onSubmit: (values: EntryValues) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const id = (name: string) => `${props.idPrefix}-${name}`;
  const init = props.initial ?? {};
  const [date, setDate] = createSignal(init.date ?? clampDate(shanghaiDate(Date.now()), props.startsOn, props.endsOn));
  const [direction, setDirection] = createSignal<Direction>(init.direction ?? "expense");
  const [category, setCategory] = createSignal(init.category ?? "");
  const [amount, setAmount] = createSignal(init.amount ?? "");
  const [summary, setSummary] = createSignal(init.summary ?? "");
  const [counterparty, setCounterparty] = createSignal(init.counterparty ?? "");
  const [isPerson, setIsPerson] = createSignal(init.counterpartyIsPerson ?? false);
  const [voucherNo, setVoucherNo] = createSignal(init.voucherNo ?? "");
  const [adjusting, setAdjusting] = createSignal(false);
  const [adjustsEntryId, setAdjustsEntryId] = createSignal("");
  const [touched, setTouched] = createSignal(false);
  let amountBox!: HTMLDivElement;

  const categories = () => props.categories.filter((c) => c.direction === "both" || c.direction === direction());
  // A category of the other direction does not survive a change of direction.
  createEffect(
    on(direction, () => {
      if (category() && !categories().some((c) => c.code === category())) setCategory("");
    }),
  );

  /** The checks the server makes, before calling it: field → message. */
  function check(): Record<string, string> {
    const e: Record<string, string> = {};
    if (!date()) e.date = t("fin.form.dateRequired");
    else if (date() < props.startsOn || date() > props.endsOn)
      e.date = t("fin.form.dateOutside", { from: props.startsOn, to: props.endsOn });
    if (!category()) e.category = t("fin.form.categoryRequired");
    const a = amountProblem(amount(), { field: "amount", positive: true, required: true });
    if (a) e.amount = a;
    if (!summary().trim()) e.summary = t("fin.form.summaryRequired");
    else if (summary().trim().length > MAX.summary)
      e.summary = t("fin.form.tooLong", { field: t("fin.form.summary"), n: MAX.summary });
    if (counterparty().trim().length > MAX.counterparty)
      e.counterparty = t("fin.form.tooLong", { field: t("fin.form.counterparty"), n: MAX.counterparty });
    if (voucherNo().trim().length > MAX.voucherNo)
      e.voucherNo = t("fin.form.tooLong", { field: t("fin.form.voucherNo"), n: MAX.voucherNo });
    if (adjusting() && !adjustsEntryId()) e.adjustsEntryId = t("fin.form.adjustRequired");
    return e;
  }

  async function submit(ev: SubmitEvent) {
    ev.preventDefault();
    if (props.busy) return;
    setTouched(true);
    const problems = check();
    if (Object.keys(problems).length) {
      props.errors.setFields(problems);
      return;
    }
    props.errors.clear();
    const ok = await props.onSubmit({
      date: date(),
      direction: direction(),
      category: category(),
      amount: amount().trim(),
      summary: summary().trim(),
      counterparty: counterparty().trim(),
      counterpartyIsPerson: isPerson(),
      voucherNo: voucherNo().trim(),
      adjustsEntryId: adjusting() && adjustsEntryId() ? adjustsEntryId() : undefined,
    });
    if (ok && props.mode === "add") {
      // Ready for the next line of the same day and direction.
      batch(() => {
        setAmount("");
        setSummary("");
        setCounterparty("");
        setIsPerson(false);
        setVoucherNo("");
        setAdjusting(false);
        setAdjustsEntryId("");
        setTouched(false);
      });
      amountBox.querySelector("input")?.focus();
    }
  }

  const err = (name: string) => props.errors.field(name);

  return (
    <form class="form fin-entry-form" id={id("form")} novalidate onSubmit={(e) => void submit(e)}>
      <FormAlert errors={props.errors} />
      <div class="grid grid-2">
        <Field
          id={id("date")}
          label={t("fin.form.date")}
          hint={t("fin.form.dateHint", { from: props.startsOn, to: props.endsOn })}
          error={err("date")}
        >
          <input
            id={id("date")}
            name="date"
            type="date"
            required
            min={props.startsOn}
            max={props.endsOn}
            value={date()}
            onInput={(e) => setDate(e.currentTarget.value)}
            {...fieldAria(id("date"), err("date"), true)}
          />
        </Field>
        <fieldset
          class="radio-group fin-direction"
          aria-describedby={err("direction") ? id("direction-error") : undefined}
        >
          <legend>{t("fin.form.direction")}</legend>
          <For each={["income", "expense"] as Direction[]}>
            {(d) => (
              <label class="check" for={id(`dir-${d}`)}>
                <input
                  id={id(`dir-${d}`)}
                  type="radio"
                  name="direction"
                  value={d}
                  checked={direction() === d}
                  onChange={() => setDirection(d)}
                />
                {t(d === "income" ? "fin.dir.income" : "fin.dir.expense")}
              </label>
            )}
          </For>
          <Show when={err("direction")}>
            <div class="error" id={id("direction-error")}>
              {err("direction")}
            </div>
          </Show>
        </fieldset>
        <Field id={id("category")} label={t("fin.form.category")} error={err("category")}>
          <select
            id={id("category")}
            name="category"
            required
            value={category()}
            onChange={(e) => setCategory(e.currentTarget.value)}
            {...fieldAria(id("category"), err("category"))}
          >
            <option value="">{t("fin.form.categoryPick")}</option>
            <For each={categories()}>
              {(c) => (
                <option value={c.code} selected={c.code === category()}>
                  {categoryName(props.categories, c.code)}
                </option>
              )}
            </For>
          </select>
        </Field>
        <div ref={amountBox}>
          <AmountInput
            id={id("amount")}
            name="amount"
            label={t("fin.form.amount")}
            field="amount"
            positive
            required
            touched={touched()}
            value={amount()}
            onInput={setAmount}
            serverError={err("amount")}
          />
        </div>
      </div>
      <Field id={id("summary")} label={t("fin.form.summary")} hint={t("fin.form.summaryHint")} error={err("summary")}>
        <input
          id={id("summary")}
          name="summary"
          type="text"
          required
          maxlength={MAX.summary}
          value={summary()}
          onInput={(e) => setSummary(e.currentTarget.value)}
          {...fieldAria(id("summary"), err("summary"), true)}
        />
      </Field>
      <div class="grid grid-2">
        <Field id={id("counterparty")} label={t("fin.form.counterparty")} error={err("counterparty")}>
          <input
            id={id("counterparty")}
            name="counterparty"
            type="text"
            maxlength={MAX.counterparty}
            value={counterparty()}
            onInput={(e) => setCounterparty(e.currentTarget.value)}
            {...fieldAria(id("counterparty"), err("counterparty"))}
          />
        </Field>
        <Field id={id("voucherNo")} label={t("fin.form.voucherNo")} error={err("voucherNo")}>
          <input
            id={id("voucherNo")}
            name="voucherNo"
            type="text"
            maxlength={MAX.voucherNo}
            value={voucherNo()}
            onInput={(e) => setVoucherNo(e.currentTarget.value)}
            {...fieldAria(id("voucherNo"), err("voucherNo"))}
          />
        </Field>
      </div>
      <label class="check" for={id("counterpartyIsPerson")}>
        <input
          id={id("counterpartyIsPerson")}
          type="checkbox"
          name="counterpartyIsPerson"
          checked={isPerson()}
          onChange={(e) => setIsPerson(e.currentTarget.checked)}
        />
        {t("fin.form.isPerson")}
      </label>
      <Show when={props.mode === "add"}>
        <div class="fin-adjust">
          <label class="check" for={id("isAdjustment")}>
            <input
              id={id("isAdjustment")}
              type="checkbox"
              name="isAdjustment"
              checked={adjusting()}
              onChange={(e) => {
                setAdjusting(e.currentTarget.checked);
                if (!e.currentTarget.checked) setAdjustsEntryId("");
              }}
            />
            {t("fin.form.adjust")}
          </label>
          <Show when={adjusting()}>
            <p class="hint">{t("fin.form.adjustHint")}</p>
            <AdjustPicker
              idPrefix={props.idPrefix}
              communityId={props.communityId}
              categories={props.categories}
              value={adjustsEntryId()}
              onChange={setAdjustsEntryId}
              error={err("adjustsEntryId")}
            />
          </Show>
        </div>
      </Show>
      <div class="btn-row">
        <button
          type="submit"
          class="btn btn-primary"
          data-action={props.mode === "add" ? "fin-entry-add" : "fin-entry-save"}
          disabled={props.busy}
          aria-busy={props.busy ? "true" : undefined}
        >
          {t(props.mode === "add" ? "fin.form.add" : "fin.form.save")}
        </button>
        <Show when={props.onCancel}>
          <button type="button" class="btn" onClick={() => props.onCancel?.()}>
            {t("action.cancel")}
          </button>
        </Show>
      </div>
    </form>
  );
}

/** Pick a published period, then one of its entries: the entry an adjusting entry corrects. */
function AdjustPicker(props: {
  idPrefix: string;
  communityId: string;
  categories: Category[];
  value: string;
  onChange: (entryId: string) => void;
  error?: string;
}) {
  const id = (name: string) => `${props.idPrefix}-${name}`;
  const [periodId, setPeriodId] = createSignal("");
  const periods = createQuery(() => ({
    queryKey: ["finance.periods", props.communityId],
    queryFn: () => api.finance.periods.query({ communityId: props.communityId }),
  }));
  const published = () => (periods.data?.periods ?? []).filter((p) => p.status === "published");
  const entries = createQuery(() => ({
    queryKey: ["finance.period", periodId()],
    queryFn: () => api.finance.period.query({ periodId: periodId() }),
    enabled: !!periodId(),
  }));
  const label = (e: {
    entryDate: string;
    direction: Direction;
    category: string;
    amountFen: number;
    summary: string;
  }) =>
    `${e.entryDate} · ${t(e.direction === "income" ? "fin.dir.incomeShort" : "fin.dir.expenseShort")} · ${categoryName(
      props.categories,
      e.category,
    )} · ${formatYuan(e.amountFen)} · ${e.summary}`;
  const chosen = () => entries.data?.entries.find((e) => e.id === props.value);
  return (
    <div class="grid grid-2 fin-adjust-picker">
      <Field id={id("adjustPeriod")} label={t("fin.form.adjustPeriod")}>
        <select
          id={id("adjustPeriod")}
          name="adjustPeriod"
          value={periodId()}
          onChange={(e) => {
            setPeriodId(e.currentTarget.value);
            props.onChange("");
          }}
        >
          <option value="">
            {periods.isPending
              ? t("state.loading")
              : published().length
                ? t("fin.form.adjustPeriodPick")
                : t("fin.form.adjustNoPeriods")}
          </option>
          <For each={published()}>{(p) => <option value={p.id}>{periodName(p.period)}</option>}</For>
        </select>
      </Field>
      <Field id={id("adjustsEntryId")} label={t("fin.form.adjustEntry")} error={props.error}>
        <select
          id={id("adjustsEntryId")}
          name="adjustsEntryId"
          value={props.value}
          disabled={!periodId() || entries.isPending}
          onChange={(e) => props.onChange(e.currentTarget.value)}
          {...fieldAria(id("adjustsEntryId"), props.error)}
        >
          <option value="">
            {periodId() && entries.isPending ? t("state.loading") : t("fin.form.adjustEntryPick")}
          </option>
          <For each={entries.data?.entries ?? []}>
            {(e) => (
              <option value={e.id} selected={e.id === props.value}>
                {label(e)}
              </option>
            )}
          </For>
        </select>
      </Field>
      <Show when={chosen()}>
        {(e) => (
          <p class="hint fin-adjust-chosen">
            {t("fin.form.adjustOf", { entry: `${label(e())}${e().counterparty ? ` · ${e().counterparty}` : ""}` })}
          </p>
        )}
      </Show>
    </div>
  );
}
