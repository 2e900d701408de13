import { Show } from "solid-js";
import { fieldLabel, translate } from "../../../shared/i18n/errors";
import { parseYuan } from "../../../shared/rules/money";
import { lang, t } from "../../i18n";
import { fieldAria } from "../console/Field";
import { yuan } from "./ConsoleFinanceBits";

/**
 * What is wrong with a typed amount, by the rules the server applies (shared parseYuan), in the
 * words of the API's messages; null when it is fine. Empty is "required" only when asked.
 */
export function amountProblem(
  value: string,
  opts: { field: string; positive?: boolean; required?: boolean },
): string | null {
  const field = fieldLabel([opts.field], lang());
  if (!value.trim()) return opts.required ? translate("import.required", lang(), { field }) : null;
  const r = parseYuan(value);
  if (!r.ok) return translate(r.rule, lang(), { field });
  if (opts.positive && r.fen === 0) return translate("money.zero", lang(), { field });
  return null;
}

/** An amount in yuan (text, decimal keyboard on phones) checked as it is typed. */
export function AmountInput(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  /** The API field the messages name (amount, openingBalance). */
  field: string;
  positive?: boolean;
  required?: boolean;
  /** Show "required" for an empty value (after a submit attempt). */
  touched?: boolean;
  /** The server's message for this field. */
  serverError?: string;
  hint?: string;
  disabled?: boolean;
}) {
  // "12." is half typed: no complaint until the digits after the point arrive.
  const live = () =>
    /\.$/.test(props.value.trim())
      ? null
      : amountProblem(props.value, {
          field: props.field,
          positive: props.positive,
          required: props.required && props.touched,
        });
  const error = () => live() ?? props.serverError;
  const parsed = () => {
    const r = parseYuan(props.value);
    return props.value.trim() && r.ok ? r.fen : null;
  };
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type="text"
        inputmode="decimal"
        autocomplete="off"
        class="fin-amount-input"
        value={props.value}
        disabled={props.disabled}
        required={props.required}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        {...fieldAria(props.id, error(), true)}
      />
      <div class="hint" id={`${props.id}-hint`} aria-live="polite">
        <Show when={parsed() !== null && !error()} fallback={props.hint ?? t("fin.form.amountHint")}>
          {t("fin.form.amountIs", { amount: yuan(parsed()!) })}
        </Show>
      </div>
      <Show when={error()}>
        <div class="error" id={`${props.id}-error`}>
          {error()}
        </div>
      </Show>
    </div>
  );
}
