import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from "../../../shared/rules/attachments";
import { lang } from "../../i18n";

export type UploadedFile = { id: string; name: string; contentType: string; size: number; sha256: string };

/**
 * POST a file as multipart form data (field `file`) to one of the worker's upload routes
 * (`/files/notices/:id`, `/files/meeting-items/:id`, `/files/decisions/:id`), reporting progress
 * (fetch cannot). Rejects with the server's translated message.
 */
export function uploadFile(path: string, file: File, onProgress: (fraction: number) => void): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("x-linli-lang", lang());
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as (UploadedFile & { error?: { message?: string } }) | null;
      if (xhr.status >= 200 && xhr.status < 300 && body && !body.error) resolve(body);
      else reject(new Error(body?.error?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error(`HTTP ${xhr.status || "network error"}`));
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}

/** POST /files/notices/{noticeId}. */
export function uploadNoticeFile(
  noticeId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<UploadedFile> {
  return uploadFile(`/files/notices/${encodeURIComponent(noticeId)}`, file, onProgress);
}

/**
 * What the server would refuse before sending it (the server sniffs the bytes anyway): too large,
 * or declared as something other than a PDF or an image. An undeclared type is left to the server.
 */
export function fileProblem(file: File): "tooLarge" | "badType" | null {
  if (file.size > MAX_ATTACHMENT_BYTES) return "tooLarge";
  if (file.type && !(ATTACHMENT_TYPES as readonly string[]).includes(file.type)) return "badType";
  return null;
}
