import { createSignal, For, Show } from "solid-js";
import { fileProblem, uploadFile } from "../console/upload";
import "./common";
import { t } from "../../i18n";
import { formatBytes } from "../../lib/format";

const ACCEPT = "image/png,image/jpeg,image/webp,application/pdf";

const problemText = (f: File) => {
  const p = fileProblem(f);
  return p ? t(p === "tooLarge" ? "case.photo.tooLarge" : "case.photo.badType", { name: f.name }) : "";
};

/**
 * Uploads photos to a case one after the other (POST /files/cases/:id), reporting progress;
 * returns how many arrived and the messages of those that did not.
 */
export async function uploadPhotos(
  caseId: string,
  files: File[],
  onProgress: (text: string) => void,
): Promise<{ done: number; problems: string[] }> {
  let done = 0;
  const problems: string[] = [];
  for (const f of files) {
    const why = problemText(f);
    if (why) {
      problems.push(why);
      continue;
    }
    try {
      await uploadFile(`/files/cases/${encodeURIComponent(caseId)}`, f, (x) =>
        onProgress(t("case.uploading", { name: f.name, pct: Math.round(x * 100) })),
      );
      done++;
    } catch (err) {
      problems.push(t("case.uploadFailed", { name: f.name, error: err instanceof Error ? err.message : String(err) }));
    }
  }
  return { done, problems };
}

/** Choose photos (kept until the form is sent): the list with sizes, a problem per file, remove. */
export function PhotoPicker(props: { files: File[]; onChange: (files: File[]) => void; id?: string }) {
  const id = () => props.id ?? "case-photos";
  return (
    <div class="field case-photos">
      <label for={id()}>{t("case.field.photos")}</label>
      <input
        id={id()}
        type="file"
        accept={ACCEPT}
        multiple
        data-testid="case-photo-input"
        aria-describedby={`${id()}-hint`}
        onChange={(e) => {
          const list = Array.from(e.currentTarget.files ?? []);
          props.onChange([...props.files, ...list]);
          e.currentTarget.value = "";
        }}
      />
      <span class="hint" id={`${id()}-hint`}>
        {t("case.field.photosHint")}
      </span>
      <Show when={props.files.length > 0}>
        <ul class="case-photo-list">
          <For each={props.files}>
            {(f, i) => (
              <li>
                <span>
                  {f.name} <span class="meta">{formatBytes(f.size)}</span>
                </span>
                <button
                  type="button"
                  class="btn btn-small"
                  onClick={() => props.onChange(props.files.filter((_, j) => j !== i()))}
                >
                  {t("case.photo.remove")}
                </button>
                <Show when={problemText(f)}>
                  <span class="case-problem">{problemText(f)}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}

/** Adds photos to a case already filed (by its resident, while it is open). */
export function AddPhotos(props: { caseId: string; onDone: () => void }) {
  const [files, setFiles] = createSignal<File[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [progress, setProgress] = createSignal("");
  const [problems, setProblems] = createSignal<string[]>([]);
  async function send() {
    setBusy(true);
    setProblems([]);
    const res = await uploadPhotos(props.caseId, files(), setProgress);
    setBusy(false);
    setProgress("");
    setProblems(res.problems);
    setFiles([]);
    if (res.done) props.onDone();
  }
  return (
    <details class="case-add-photos">
      <summary>{t("case.addPhotos")}</summary>
      <PhotoPicker files={files()} onChange={setFiles} id={`case-photos-${props.caseId}`} />
      <Show when={progress()}>
        <p class="meta" role="status">
          {progress()}
        </p>
      </Show>
      <For each={problems()}>{(p) => <p class="case-error">{p}</p>}</For>
      <button
        type="button"
        class="btn"
        disabled={busy() || files().length === 0}
        onClick={send}
        data-testid="case-photo-upload"
      >
        {t("case.photo.upload")}
      </button>
    </details>
  );
}

/** A case's photos as links to /files/:id. */
export function PhotoLinks(props: { photos: { id: string; name: string; size: number }[] }) {
  return (
    <Show when={props.photos.length > 0}>
      <ul class="case-photo-links">
        <For each={props.photos}>
          {(p) => (
            <li>
              <a href={`/files/${encodeURIComponent(p.id)}`} target="_blank" rel="noopener" data-testid="case-photo">
                {p.name}
              </a>{" "}
              <span class="meta">{formatBytes(p.size)}</span>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
