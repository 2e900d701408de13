import { createUniqueId, onCleanup, onMount, Show, type JSX } from "solid-js";
import { Portal } from "solid-js/web";
import { t } from "../../i18n";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: the page behind it is inert, focus starts inside and cycles within it,
 * Escape closes it, and focus returns to where it was when it closes.
 */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: JSX.Element;
  /** The element to focus first (the safe choice, usually Cancel); defaults to the first field. */
  initialFocus?: () => HTMLElement | undefined;
}) {
  const titleId = createUniqueId();
  let box!: HTMLDivElement;
  const previous = document.activeElement as HTMLElement | null;
  const root = document.getElementById("root");

  onMount(() => {
    root?.setAttribute("inert", "");
    const first = props.initialFocus?.() ?? box.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? box).focus();
  });
  onCleanup(() => {
    root?.removeAttribute("inert");
    if (previous?.isConnected) previous.focus();
  });

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      props.onClose();
      return;
    }
    if (e.key !== "Tab") return;
    const items = [...box.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <Portal>
      <div
        class="dialog-backdrop"
        onClick={(e) => {
          if (e.target === e.currentTarget) props.onClose();
        }}
      >
        <div
          ref={box}
          class="dialog"
          role="dialog"
          aria-modal="true"
          aria-labelledby={titleId}
          tabindex="-1"
          onKeyDown={onKeyDown}
        >
          <h2 id={titleId} class="dialog-title">
            {props.title}
          </h2>
          {props.children}
        </div>
      </div>
    </Portal>
  );
}

/**
 * Asks before an irreversible act. The buttons read 确认 / 取消 (Confirm / Cancel); focus starts
 * on Cancel.
 */
export function ConfirmDialog(props: {
  title: string;
  message: JSX.Element;
  danger?: boolean;
  busy?: boolean;
  /** The confirming button's label (default 确认) and test id. */
  confirmLabel?: string;
  testid?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  let cancel!: HTMLButtonElement;
  return (
    <Dialog title={props.title} onClose={props.onCancel} initialFocus={() => cancel}>
      <div class="dialog-message">{props.message}</div>
      <div class="btn-row dialog-actions">
        <button ref={cancel} type="button" class="btn" onClick={() => props.onCancel()}>
          {t("action.cancel")}
        </button>
        <button
          type="button"
          class={props.danger ? "btn btn-danger" : "btn btn-primary"}
          disabled={props.busy}
          aria-busy={props.busy ? "true" : undefined}
          data-testid={props.testid}
          onClick={() => props.onConfirm()}
        >
          {props.confirmLabel ?? t("action.confirm")}
        </button>
      </div>
    </Dialog>
  );
}

/** What a page is about to ask the user to confirm. */
export type PendingConfirm = {
  title: string;
  message: JSX.Element;
  danger?: boolean;
  confirmLabel?: string;
  testid?: string;
  run: () => unknown;
};

/** Renders the pending confirmation, if any; confirming closes the dialog and runs the act. */
export function Confirmation(props: { pending: PendingConfirm | null; onDone: () => void }) {
  return (
    <Show when={props.pending}>
      {(p) => (
        <ConfirmDialog
          title={p().title}
          message={p().message}
          danger={p().danger}
          confirmLabel={p().confirmLabel}
          testid={p().testid}
          onCancel={props.onDone}
          onConfirm={() => {
            const run = p().run;
            props.onDone();
            run();
          }}
        />
      )}
    </Show>
  );
}
