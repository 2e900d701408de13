import { Show } from "solid-js";
import { t, type Key } from "../../i18n";

export type CaseColour = "green" | "yellow" | "red";

export const kindLabel = (kind: string) => t(`casec.kind.${kind}` as Key);
export const categoryLabel = (c: string) => t(`casec.cat.${c}` as Key);
export const stageLabel = (s: string) => t(`casec.status.${s}` as Key);
export const mediationLabel = (m: string) => t(`casec.med.${m}` as Key);
export const eventLabel = (k: string) => t(`casec.ev.${k}` as Key);

const COLOUR_BADGE: Record<CaseColour, string> = { green: "badge-ok", yellow: "badge-warn", red: "badge-bad" };
const COLOUR_MARK: Record<CaseColour, string> = { green: "●", yellow: "▲", red: "■" };

/** The time-limit colour with a shape and a word, never colour alone. */
export function ColourBadge(props: { colour: CaseColour | null | undefined }) {
  return (
    <Show when={props.colour}>
      {(c) => (
        <span class={`badge ${COLOUR_BADGE[c()]} casec-colour casec-colour-${c()}`} data-colour={c()}>
          <span aria-hidden="true">{COLOUR_MARK[c()]} </span>
          {t(`casec.colour.${c()}` as Key)}
        </span>
      )}
    </Show>
  );
}

export function StageBadge(props: { status: string }) {
  return (
    <span class={`badge ${props.status === "closed" ? "badge-muted" : "badge-info"}`}>{stageLabel(props.status)}</span>
  );
}
