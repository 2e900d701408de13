import { createSignal, onCleanup, onMount } from "solid-js";
import { t } from "../../i18n";
import QrCode from "./QrCode";
import { copyText } from "./util";

/**
 * The share dialog: the summary a committee pastes into WeChat groups, a copy button and a
 * QR code of the link. Loaded lazily (with uqr) the first time someone presses 分享.
 */
export default function ShareDialog(props: { text: string; url: string; onClose: () => void }) {
  let dialog!: HTMLDivElement;
  let textarea!: HTMLTextAreaElement;
  let copyButton!: HTMLButtonElement;
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const [copied, setCopied] = createSignal<"" | "ok" | "fail">("");

  const focusables = () =>
    Array.from(dialog.querySelectorAll<HTMLElement>("button, textarea, a[href], input, [tabindex='0']")).filter(
      (el) => !el.hasAttribute("disabled"),
    );

  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      props.onClose();
    } else if (e.key === "Tab") {
      // Keep Tab inside the dialog while it is open.
      const items = focusables();
      if (items.length === 0) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (e.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  const overflow = document.body.style.overflow;
  onMount(() => {
    document.body.style.overflow = "hidden";
    document.addEventListener("keydown", onKey);
    copyButton.focus();
  });
  onCleanup(() => {
    document.removeEventListener("keydown", onKey);
    document.body.style.overflow = overflow;
    if (opener?.isConnected) opener.focus();
  });

  const copy = async () => {
    const ok = await copyText(props.text, textarea);
    setCopied(ok ? "ok" : "fail");
    if (!ok) {
      textarea.focus();
      textarea.select();
    }
  };

  return (
    <div
      class="dialog-backdrop"
      onClick={(e) => {
        if (e.target === e.currentTarget) props.onClose();
      }}
    >
      <div class="dialog share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title" ref={dialog}>
        <h2 id="share-title">{t("pub.share.title")}</h2>
        <div class="field">
          <label for="share-text">{t("pub.share.textLabel")}</label>
          <textarea
            id="share-text"
            class="share-text"
            readOnly
            rows={5}
            ref={textarea}
            value={props.text}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
        <div class="btn-row">
          <button type="button" class="btn btn-primary" ref={copyButton} onClick={copy} aria-live="polite">
            {copied() === "ok"
              ? t("pub.share.copied")
              : copied() === "fail"
                ? t("pub.share.copyFailed")
                : t("pub.share.copy")}
          </button>
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("action.close")}
          </button>
        </div>
        <figure class="share-qr">
          <QrCode value={props.url} label={t("pub.share.qrLabel", { url: props.url })} />
          <figcaption class="meta">{t("pub.share.qrCaption")}</figcaption>
        </figure>
      </div>
    </div>
  );
}
