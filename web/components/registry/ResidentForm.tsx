import { createMutation, createQuery } from "@tanstack/solid-query";
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import { t } from "../../i18n";
import { api } from "../../lib/trpc";
import { isCalendarDate } from "../../../shared/rules/eligibility";
import { isPhone } from "../../../shared/rules/masking";
import { createFormErrors, Field, fieldAria, FormAlert } from "../console/Field";
import type { ConsoleUser } from "../console/user";
import { isRepTaken, OptionSelect, repLabel, todayShanghai, useGroups } from "./shared";

export type ResidentValues = {
  name: string;
  birthDate: string;
  phone: string;
  householdId: string;
  /** The chosen household's address, shown while the search lists other households. */
  householdLabel: string;
  groupId: string;
  isHouseholdRep: boolean;
  isRepresentative: boolean;
};

export const emptyResident = (): ResidentValues => ({
  name: "",
  birthDate: "",
  phone: "",
  householdId: "",
  householdLabel: "",
  groupId: "",
  isHouseholdRep: false,
  isRepresentative: false,
});

/**
 * The resident form, for registering someone and for correcting a record. In edit mode the
 * phone starts empty (the server only sends it masked) and is left unchanged when empty.
 * When the household already has a representative, the server refuses; the form then offers
 * 更换户代表 and sends the same data again with replaceRep.
 */
export function ResidentForm(props: {
  user: ConsoleUser;
  mode: "create" | "edit";
  initial: ResidentValues;
  /** The masked phone on record (edit mode), for the hint. */
  maskedPhone?: string;
  submitLabel: string;
  onSubmit: (v: ResidentValues, replaceRep: boolean) => Promise<unknown>;
  onDone: (result: unknown) => unknown;
  onCancel?: () => void;
}) {
  const p = props.mode === "create" ? "res-new" : "res-edit";
  const errors = createFormErrors();
  const [form, setForm] = createSignal<ResidentValues>({ ...props.initial });
  const [askReplace, setAskReplace] = createSignal(false);
  const [replaceRep, setReplaceRep] = createSignal(false);
  const set = <K extends keyof ResidentValues>(k: K, v: ResidentValues[K]) => setForm((f) => ({ ...f, [k]: v }));
  const groups = useGroups(() => props.user.community!.id);

  // A different household or no longer representative: the earlier conflict no longer applies.
  createEffect(
    on(
      () => [form().householdId, form().isHouseholdRep],
      () => {
        setAskReplace(false);
        setReplaceRep(false);
      },
      { defer: true },
    ),
  );

  const save = createMutation(() => ({
    mutationFn: () => props.onSubmit(form(), askReplace() && replaceRep()),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => {
      if (isRepTaken(err)) setAskReplace(true);
      errors.set(err);
    },
    onSuccess: (r: unknown) => props.onDone(r),
  }));

  const check = (): Record<string, string> => {
    const f = form();
    const out: Record<string, string> = {};
    if (!f.name.trim()) out.name = t("reg.err.nameRequired");
    if (!f.birthDate) out.birthDate = t("reg.err.birthRequired");
    else if (!isCalendarDate(f.birthDate) || f.birthDate > todayShanghai()) out.birthDate = t("reg.err.birthBad");
    if (f.phone.trim() && !isPhone(f.phone.trim())) out.phone = t("reg.err.phoneBad");
    return out;
  };

  const input = (name: "name" | "birthDate" | "phone", type: string, hint?: string) => {
    const id = `${p}-${name}`;
    return (
      <Field id={id} label={t(`reg.field.${name}`)} hint={hint} error={errors.field(name)}>
        <input
          id={id}
          name={name}
          type={type}
          inputmode={name === "phone" ? "tel" : undefined}
          autocomplete="off"
          max={name === "birthDate" ? todayShanghai() : undefined}
          min={name === "birthDate" ? "1900-01-01" : undefined}
          required={name !== "phone" || undefined}
          value={form()[name]}
          onInput={(e) => set(name, e.currentTarget.value)}
          {...fieldAria(id, errors.field(name), !!hint)}
        />
      </Field>
    );
  };

  return (
    <form
      class="form reg-form"
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        const bad = check();
        if (Object.keys(bad).length) return errors.setFields(bad);
        save.mutate();
      }}
    >
      <FormAlert errors={errors} />
      <div class="grid grid-2">
        {input("name", "text")}
        {input("birthDate", "date", t("reg.hint.birthDate"))}
      </div>
      {input(
        "phone",
        "tel",
        props.mode === "edit"
          ? t("reg.hint.phoneEdit", { phone: props.maskedPhone || t("reg.none") })
          : t("reg.hint.phone"),
      )}
      <HouseholdPicker
        id={`${p}-householdId`}
        user={props.user}
        value={form().householdId}
        label={form().householdLabel}
        error={errors.field("householdId")}
        onChange={(id, label) => setForm((f) => ({ ...f, householdId: id, householdLabel: label }))}
      />
      <Field id={`${p}-groupId`} label={t("reg.field.group")} error={errors.field("groupId")}>
        <OptionSelect
          id={`${p}-groupId`}
          name="groupId"
          value={form().groupId}
          options={groups.data}
          empty={t("reg.group.none")}
          onChange={(v) => set("groupId", v)}
          aria={fieldAria(`${p}-groupId`, errors.field("groupId"))}
        />
      </Field>
      <fieldset class="radio-group">
        <legend>{t("reg.field.roles")}</legend>
        <label class="check">
          <input
            type="checkbox"
            name="isHouseholdRep"
            checked={form().isHouseholdRep}
            disabled={!form().householdId}
            onChange={(e) => set("isHouseholdRep", e.currentTarget.checked)}
            {...fieldAria(`${p}-isHouseholdRep`, errors.field("isHouseholdRep"))}
          />
          {t("reg.flag.householdRep")}
        </label>
        <label class="check">
          <input
            type="checkbox"
            name="isRepresentative"
            checked={form().isRepresentative}
            onChange={(e) => set("isRepresentative", e.currentTarget.checked)}
          />
          {repLabel(props.user)}
        </label>
        <Show when={!form().householdId}>
          <p class="hint">{t("reg.hint.repNeedsHousehold")}</p>
        </Show>
        <Show when={errors.field("isHouseholdRep")}>
          <div class="error" id={`${p}-isHouseholdRep-error`}>
            {errors.field("isHouseholdRep")}
          </div>
        </Show>
        <Show when={askReplace()}>
          <label class="check reg-replace">
            <input
              type="checkbox"
              name="replaceRep"
              checked={replaceRep()}
              onChange={(e) => setReplaceRep(e.currentTarget.checked)}
            />
            {t("reg.field.replaceRep")}
          </label>
          <p class="hint">{t("reg.hint.replaceRep")}</p>
        </Show>
      </fieldset>
      <div class="btn-row">
        <button type="submit" class="btn btn-primary" disabled={save.isPending} aria-busy={save.isPending || undefined}>
          {save.isPending ? t("state.saving") : props.submitLabel}
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

/**
 * Choose a household: type part of the address, pick from the matches. The current choice
 * stays in the list while other addresses are searched.
 */
export function HouseholdPicker(props: {
  id: string;
  user: ConsoleUser;
  value: string;
  label: string;
  error?: string;
  onChange: (id: string, label: string) => void;
}) {
  const [typed, setTyped] = createSignal("");
  const [q, setQ] = createSignal("");
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const onType = (v: string) => {
    setTyped(v);
    clearTimeout(timer);
    timer = setTimeout(() => setQ(v.trim()), 300);
  };
  const found = createQuery(() => ({
    queryKey: ["residents.households.list", props.user.community!.id, "picker", q()],
    queryFn: () =>
      api.residents.households.list.query({ communityId: props.user.community!.id, q: q() || undefined, limit: 50 }),
    placeholderData: (prev: unknown) => prev as never,
  }));
  const options = () => {
    const items = found.data?.items ?? [];
    const list = items.map((h) => ({ id: h.id, address: h.address }));
    if (props.value && !list.some((h) => h.id === props.value))
      list.unshift({ id: props.value, address: props.label || props.value });
    return list;
  };
  const matches = () => {
    const d = found.data;
    if (!d) return found.isError ? t("state.error") : t("state.loading");
    return d.total > d.items.length
      ? t("reg.household.matchesMore", { n: d.total, shown: d.items.length })
      : t("reg.household.matches", { n: d.total });
  };
  return (
    <div class="field reg-picker">
      <label for={props.id}>{t("reg.field.household")}</label>
      <input
        id={`${props.id}-q`}
        type="search"
        autocomplete="off"
        placeholder={t("reg.household.searchPlaceholder")}
        aria-label={t("reg.household.search")}
        aria-controls={props.id}
        value={typed()}
        onInput={(e) => onType(e.currentTarget.value)}
      />
      <select
        id={props.id}
        name="householdId"
        value={props.value}
        onChange={(e) => {
          const id = e.currentTarget.value;
          props.onChange(id, options().find((o) => o.id === id)?.address ?? "");
        }}
        {...fieldAria(props.id, props.error, true)}
      >
        <option value="">{t("reg.household.none")}</option>
        <For each={options()}>
          {(h) => (
            <option value={h.id} selected={h.id === props.value}>
              {h.address}
            </option>
          )}
        </For>
      </select>
      <div class="hint" id={`${props.id}-hint`} aria-live="polite">
        {matches()}
      </div>
      <Show when={props.error}>
        <div class="error" id={`${props.id}-error`}>
          {props.error}
        </div>
      </Show>
    </div>
  );
}
