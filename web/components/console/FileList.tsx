import { createSignal, For, Show, type JSX } from "solid-js";
import { MAX_ATTACHMENT_BYTES } from "../../../shared/rules/attachments";
import { t } from "../../i18n";
import { formatBytes } from "../../lib/format";
import { fileProblem, type UploadedFile } from "./upload";

/** A stored file as the routers list it (agenda papers, update evidence, notice attachments). */
export type ListedFile = { id: string; name: string; contentType: string; size: number; sha256?: string };

const TYPE_NAMES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/webp": "WebP",
};
export const fileTypeName = (contentType: string) => TYPE_NAMES[contentType] ?? contentType;

/**
 * Files as links to /files/:id (opened in a new tab, never routed in-app) with type, size and the
 * start of the SHA-256; `actions` adds buttons at the end of a row. No console strings, so the
 * public pages use it as well.
 */
export function FileList(props: {
  files: readonly ListedFile[];
  testid: string;
  label?: string;
  pending?: boolean;
  actions?: (file: ListedFile) => JSX.Element;
}) {
  return (
    <ul class="list attachment-list file-list" aria-label={props.label} style={{ margin: "0.25rem 0" }}>
      <For each={props.files}>
        {(f) => (
          <li
            data-testid={props.testid}
            data-file-id={f.id}
            data-pending={props.pending ? "true" : undefined}
            style={{ padding: "0.35rem 0" }}
          >
            <div class="attachment-row">
              <div>
                <a
                  href={`/files/${encodeURIComponent(f.id)}`}
                  target="_blank"
                  rel="external noopener"
                  style={{ "text-decoration": "underline", "overflow-wrap": "anywhere" }}
                >
                  {f.name}
                </a>
                <div class="meta">
                  {fileTypeName(f.contentType)} · {formatBytes(f.size)}
                  <Show when={f.sha256}>
                    {(hash) => (
                      <>
                        {" · SHA-256 "}
                        <span class="mono" title={hash()}>
                          {hash().slice(0, 12)}…
                        </span>
                      </>
                    )}
                  </Show>
                </div>
              </div>
              {props.actions?.(f)}
            </div>
          </li>
        )}
      </For>
    </ul>
  );
}

/**
 * A labelled file input that uploads each chosen file in turn with a progress bar, checks size and
 * type first, and names the file and the rule when one is refused. `remaining` is how many more
 * files the owner may take (the input is disabled at 0).
 */
export function FileUpload(props: {
  id: string;
  label: JSX.Element;
  hint: JSX.Element;
  testid: string;
  remaining: number;
  disabled?: boolean;
  upload: (file: File, onProgress: (fraction: number) => void) => Promise<UploadedFile>;
  onUploaded: (file: UploadedFile) => unknown;
  onBusy?: (busy: boolean) => void;
}) {
  const [uploading, setUploading] = createSignal<{ name: string; progress: number; n: number; of: number } | null>(
    null,
  );
  const [errors, setErrors] = createSignal<string[]>([]);
  const [status, setStatus] = createSignal("");

  const onFiles = async (input: HTMLInputElement) => {
    const chosen = Array.from(input.files ?? []);
    if (!chosen.length) return;
    setErrors([]);
    setStatus("");
    const problems: string[] = [];
    const ok: File[] = [];
    for (const file of chosen) {
      const problem = fileProblem(file);
      if (problem === "tooLarge")
        problems.push(t("mtg.files.tooLarge", { name: file.name, mb: MAX_ATTACHMENT_BYTES / 1024 / 1024 }));
      else if (problem === "badType") problems.push(t("mtg.files.badType", { name: file.name }));
      else ok.push(file);
    }
    if (ok.length > props.remaining) {
      problems.push(t("mtg.files.tooMany", { n: props.remaining }));
      ok.length = Math.max(0, props.remaining);
    }
    const done: string[] = [];
    props.onBusy?.(true);
    try {
      for (const [i, file] of ok.entries()) {
        setUploading({ name: file.name, progress: 0, n: i + 1, of: ok.length });
        try {
          const stored = await props.upload(file, (p) =>
            setUploading({ name: file.name, progress: p, n: i + 1, of: ok.length }),
          );
          done.push(file.name);
          await props.onUploaded(stored);
        } catch (err) {
          problems.push(
            t("mtg.files.failed", { name: file.name, message: err instanceof Error ? err.message : String(err) }),
          );
        }
      }
    } finally {
      setUploading(null);
      props.onBusy?.(false);
      input.value = "";
    }
    setErrors(problems);
    if (done.length) setStatus(t("mtg.files.uploaded", { name: done.join("、") }));
  };

  const pct = (u: { progress: number }) => Math.round(u.progress * 100);
  return (
    <div class="field upload-field" style={{ "margin-top": "0.5rem" }}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name="file"
        type="file"
        multiple
        accept="application/pdf,image/png,image/jpeg,image/webp"
        data-testid={props.testid}
        disabled={props.disabled || !!uploading() || props.remaining <= 0}
        aria-describedby={`${props.id}-hint`}
        aria-invalid={errors().length ? "true" : undefined}
        onChange={(e) => onFiles(e.currentTarget)}
      />
      <div class="hint" id={`${props.id}-hint`}>
        {props.hint}
        <Show when={props.remaining <= 0}> {t("mtg.files.full")}</Show>
      </div>
      <div role="status" aria-live="polite" class="upload-status">
        <Show when={uploading()}>
          {(u) => (
            <div>
              {u().of > 1
                ? t("mtg.files.uploadingN", { name: u().name, n: u().n, of: u().of })
                : t("mtg.files.uploading", { name: u().name })}{" "}
              <progress max="100" value={pct(u())}>
                {pct(u())}%
              </progress>
            </div>
          )}
        </Show>
        <Show when={!uploading() && status()}>
          <span class="muted">{status()}</span>
        </Show>
      </div>
      <Show when={errors().length}>
        <div class="banner banner-bad" role="alert" data-testid="file-upload-error">
          <For each={errors()}>{(e) => <div>{e}</div>}</For>
        </div>
      </Show>
    </div>
  );
}
